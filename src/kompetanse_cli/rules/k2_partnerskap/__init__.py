"""K2xx, one partnership: ids, references, years, ranks and recipients within its files."""
