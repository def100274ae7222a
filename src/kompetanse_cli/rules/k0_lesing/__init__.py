"""K0xx, reading: bytes to YAML data (UTF-8, YAML syntax, one document, links); found by the loader."""
