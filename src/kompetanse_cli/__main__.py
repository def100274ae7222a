"""`python -m kompetanse_cli`."""

from .cli import run

run()
