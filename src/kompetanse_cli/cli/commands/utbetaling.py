"""`komp utbetaling`: the payout list, one row per recipient, scheme and year."""

from __future__ import annotations

import sys
from pathlib import Path

from ...diagnostics import UsageError
from ..errors import EXIT_INVALID, EXIT_OK, echo
from ..forum import check_year, prepare, report_errors, save
from ..settings import Options


def utbetaling(options: Options, forum: Path, *, aar: int | None = None,
               ut: Path | None = None) -> int:
    """Write the payout list (XLSX or CSV; CSV on stdout without -o); refuses a forum with
    errors, like the innstilling."""
    from ...documents.utbetaling import FORMATS, write_csv, write_xlsx
    from ...documents.viewmodel.innstilling import build_innstilling

    check_year(aar)
    fmt = "csv" if ut is None else FORMATS.get(ut.suffix.lower())
    if fmt is None:
        raise UsageError(f"utbetalingslisten lages som .xlsx eller .csv, ikke «{ut}»")
    if ut is not None and ut.is_dir():
        raise UsageError(f"«{ut}» er en mappe; -o må være en fil, f.eks. {ut / 'utbetaling.xlsx'}")
    prepared = prepare(options, forum, git=True)
    if prepared.errors or prepared.ctx.forum is None:
        report_errors(options, prepared)
        echo("komp: lager ikke utbetalingslisten fordi planfilene har feil; rett feilene over "
             "først", err=True)
        return EXIT_INVALID
    model = build_innstilling(prepared.ctx, aar or prepared.ctx.forum.aar, "nb",
                              status=prepared.status, git=prepared.git)
    if ut is None:
        sys.stdout.write(write_csv(model, bom=False))
        sys.stdout.flush()
        return EXIT_OK
    data: str | bytes = write_xlsx(model) if fmt == "xlsx" else write_csv(model, bom=True)
    return save(ut, data, prepared.layout.paths())
