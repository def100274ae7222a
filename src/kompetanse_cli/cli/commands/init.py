"""`komp init`: commented starting files for a forum, a partnership or a report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..arguments import split_codes
from ..errors import EXIT_OK, EXIT_USAGE, echo


def init(kind: str, mappe: Path, *, navn: str | None = None, fylke: str | None = None,
         ordning: Sequence[str] = (), aar: int | None = None,
         uten_eksempel: bool = False) -> int:
    """Write the files for `kind` ("forum", "partnerskap" or "rapport") to `mappe`, never over
    a file that exists."""
    from ...init.scaffold import ScaffoldError, forum_plan, partnership_plan, report_plan, write

    ordninger = split_codes(ordning)
    try:
        if kind == "forum":
            plan = forum_plan(mappe, navn=navn, fylke=fylke, ordninger=ordninger, aar=aar,
                              partnership=None if uten_eksempel else "eksempel")
        elif kind == "rapport":
            plan = report_plan(mappe, aar=aar)
        else:
            plan = partnership_plan(mappe, navn=navn, fylke=fylke, ordninger=ordninger, aar=aar)
        written = write(plan)
    except ScaffoldError as exc:
        echo(f"komp init: {exc}", err=True)
        return EXIT_USAGE
    except OSError as exc:
        from ...files import os_feil_tekst
        echo(f"komp init: kan ikke skrive ({os_feil_tekst(exc)}: {exc.filename}); "
             "ingenting er skrevet", err=True)
        return EXIT_USAGE
    for path in written:
        echo(f"skrev {path}")
    echo(f"Sjekk filene med `komp validate {mappe}`; bytt ut eksempelverdiene.", err=True)
    return EXIT_OK
