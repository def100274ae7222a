"""K1xx, the file format: keys and values of each file kind; found by the schema step."""
