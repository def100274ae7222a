"""K4xx, the schemes' regulations: egenandel, target groups, partners, duration, FYO shares."""
