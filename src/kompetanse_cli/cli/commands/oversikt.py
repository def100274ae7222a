"""`komp oversikt`: the forum's money at a glance, as tables, JSON or CSV."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import EXIT_INVALID, EXIT_OK, echo
from ..forum import check_year, prepare, report_errors
from ..settings import Options


def oversikt(options: Options, forum: Path, *, aar: int | None = None,
             fmt: str = "text") -> int:
    """Print the summary (text, json or csv); 1 when the files have errors (the summary is still
    shown)."""
    from ...documents.oversikt import build_oversikt, oversikt_csv, oversikt_json

    check_year(aar)
    prepared = prepare(options, forum)
    if prepared.ctx.forum is None:
        report_errors(options, prepared)
        echo("komp: forum.yaml mangler eller har feil, så oversikten kan ikke lages", err=True)
        return EXIT_INVALID
    data = build_oversikt(prepared, aar)
    out = sys.stdout
    if fmt == "json":
        out.write(oversikt_json(data))
    elif fmt == "csv":
        out.write(oversikt_csv(data))
    else:
        from ..presenters.oversikt import show_oversikt

        show_oversikt(data, out)
    out.flush()
    return EXIT_INVALID if prepared.errors else EXIT_OK
