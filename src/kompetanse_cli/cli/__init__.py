"""The `komp` command line: converts arguments, calls one command, returns an exit code.

`main` reads the environment's settings once, answers the plainest invocations without typer
(cli/fast.py: a warm `komp validate` then imports neither typer nor rich) and leaves the rest to
the typer app (cli/app.py); both run inside the one error boundary (cli/errors.py). The commands
live in cli/commands/, one module each.
"""

from __future__ import annotations

import os
import sys

from .errors import guard
from .settings import Options, Settings


def main(argv: list[str] | None = None) -> int:
    """Run komp; returns the exit status instead of raising, for tests and the console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    options = Options(Settings.read(os.environ))
    return guard(lambda: _run(args, options), args, options)


def _run(args: list[str], options: Options) -> int:
    from .fast import fast

    code = fast(args, options)
    if code is not None:
        return code
    from .app import run_app

    return run_app(args, options)


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
