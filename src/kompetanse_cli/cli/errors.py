"""Exit codes and the one error boundary, where what a command raises becomes a message and a code.

Problems in the user's files are diagnostics, reported by the command (exit 1). What stops a
run comes here: a usage error (exit 2, `komp: …`, or `komp init: …` when it names its command),
an error from the operating system (exit 2, told in Norwegian), typer's own usage errors (in
Norwegian, from their fields), an interruption (130) or a reader that went away; anything else
is a bug in komp (exit 3, one line, the traceback only under --debug).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from ..diagnostics import UsageError
from ..inert import visible
from .settings import Options

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def echo(message: str = "", *, err: bool = False) -> None:
    """A line to standard output (or with `err`, standard error), written at once."""
    stream = sys.stderr if err else sys.stdout
    stream.write(f"{message}\n")
    stream.flush()


def guard(command: Callable[[], int], args: list[str], options: Options) -> int:
    """Run `command` and return its exit status; what it raises becomes a message and a code."""
    try:
        return command()
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_INVALID)
    except KeyboardInterrupt:
        echo("avbrutt", err=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader stopped early (`komp validate | head`): the report did not get through, so
        # success cannot be claimed. Python's own advice: point stdout at devnull, so that the
        # flush at exit does not fail again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_INVALID
    except UsageError as exc:
        prefix = f"komp {exc.command}" if exc.command else "komp"
        echo(f"{prefix}: {visible(str(exc))}", err=True)
        return EXIT_USAGE
    except OSError as exc:  # the machine's trouble, not komp's: in Norwegian, not its English
        from ..files import os_feil_tekst

        name = exc.filename
        shown = os.fsdecode(name) if isinstance(name, (str, bytes)) else str(name)
        where = f": «{visible(shown)}»" if name is not None else ""
        echo(f"komp: {os_feil_tekst(exc)}{where}", err=True)
        return EXIT_USAGE
    except Exception as exc:
        if _is_usage_error(exc):
            _show_usage_error(exc, args, options.debug)
            return EXIT_USAGE
        if type(exc).__name__ == "Abort":
            echo("avbrutt", err=True)
            return EXIT_INVALID
        return _internal_error(exc, options.debug or "--debug" in args)


def _internal_error(exc: BaseException, debug: bool) -> int:
    """Anything not handled elsewhere is a bug in komp."""
    if debug:
        import traceback

        traceback.print_exception(exc)
    echo(f"komp: intern feil ({type(exc).__name__}: {visible(str(exc))}). Dette er en feil i komp, ikke i "
         "filene dine: meld den gjerne fra, med kommandoen du kjørte og `komp --version` (kjør "
         "med --debug for detaljer; se «Melde feil» i README for komp).", err=True)
    return EXIT_INTERNAL


def _is_usage_error(exc: BaseException) -> bool:
    """typer's (click's) usage errors: they carry exit code 2 and a message."""
    return getattr(exc, "exit_code", None) == EXIT_USAGE and hasattr(exc, "format_message")


def _show_usage_error(exc: Any, args: list[str], debug: bool) -> None:
    """A usage error in Norwegian: the usage line, where to find help, and what is wrong.

    The message is made from the exception's fields (norsk.usage_message); click's own English
    text is shown only under --debug.
    """
    from .norsk import usage_message

    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        echo(ctx.get_usage(), err=True)
        echo(f"Se «{ctx.command_path} -h» for hjelp.\n", err=True)
    echo(f"komp: {usage_message(exc, args)}", err=True)
    if debug or "--debug" in args:
        echo(f"  (click: {' '.join(str(exc.format_message()).split())})", err=True)
