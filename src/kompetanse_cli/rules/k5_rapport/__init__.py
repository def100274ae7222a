"""K5xx, reporting: what the owners report for a year against what was granted."""
