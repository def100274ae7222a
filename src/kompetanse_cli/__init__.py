"""komp: plans for the grants for local competence development, checked and rendered."""

__version__ = "0.2.0"
