"""`komp init`: commented starting files for a forum, a partnership or a report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ...diagnostics import UsageError
from ..arguments import split_codes
from ..errors import EXIT_OK, echo


def init(kind: str, mappe: Path, *, navn: str | None = None, fylke: str | None = None,
         ordning: Sequence[str] = (), aar: int | None = None,
         uten_eksempel: bool = False) -> int:
    """Write the files for `kind` ("forum", "partnerskap" or "rapport") to `mappe`, never over
    a file that exists."""
    from ...init.scaffold import ScaffoldError, forum_scaffold, partnership_scaffold, report_scaffold, write

    ordninger = split_codes(ordning)
    try:
        if kind == "forum":
            scaffold = forum_scaffold(mappe, navn=navn, fylke=fylke, ordninger=ordninger,
                                      aar=aar, partnership=None if uten_eksempel else "eksempel")
        elif kind == "rapport":
            scaffold = report_scaffold(mappe, aar=aar)
        else:
            scaffold = partnership_scaffold(mappe, navn=navn, fylke=fylke, ordninger=ordninger,
                                            aar=aar)
        written = write(scaffold)
    except ScaffoldError as exc:
        raise UsageError(str(exc), command="init") from None
    except OSError as exc:
        from ...files import os_feil_tekst
        raise UsageError(f"kan ikke skrive ({os_feil_tekst(exc)}: {exc.filename}); "
                         "ingenting er skrevet", command="init") from None
    for path in written:
        echo(f"skrev {path}")
    echo(f"Sjekk filene med `komp validate {mappe}`; bytt ut eksempelverdiene.", err=True)
    return EXIT_OK
