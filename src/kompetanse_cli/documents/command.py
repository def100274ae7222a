"""The CLI side of `komp innstilling`, `komp plan` and `komp oversikt`: streams and exit codes.

cli.py converts the options and calls these; they print, write the file, and return the exit
status (0 ok, 1 the files or a template have errors, 2 usage).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from ..inert import visible

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _report_errors(prepared: object, stream: TextIO) -> None:
    from ..cli import _State
    from ..reporters import report_text

    report_text(prepared.report, stream, detail=_State.debug)  # type: ignore[attr-defined]


def _use_cache() -> bool:
    """False under the global `komp --no-cache`."""
    from ..cli import _State

    return not _State.no_cache


def _template_files(maler: Path | None) -> list[Path]:
    """The county's own templates: inputs of the run, which -o must not replace."""
    if maler is None or not maler.is_dir():
        return []
    try:
        return [path for path in maler.rglob("*") if path.is_file()][:10_000]
    except OSError:
        return []


def _bad_year(aar: int | None, err: TextIO) -> bool:
    """True (after saying so) when --aar is not a year the file format knows."""
    from ..fieldtypes import MAX_YEAR, MIN_YEAR

    if aar is None or MIN_YEAR <= aar <= MAX_YEAR:
        return False
    shown = str(aar) if len(str(aar)) <= 12 else str(aar)[:12] + "…"
    err.write(f"komp: --aar må være et årstall mellom {MIN_YEAR} og {MAX_YEAR} (fikk {shown})\n")
    return True


def document(kind: str, forum: Path, *, aar: int | None, maalform: str, ut: Path | None,
             maler: Path | None, utkast: bool, stdout: TextIO | None = None,
             stderr: TextIO | None = None, dato: dt.date | None = None) -> int:
    """Render `kind` ("innstilling", "plan" or "rapport") for the forum; the exit status."""
    from ..project import UsageError
    from .render import TemplateProblem
    from .service import (
        DocumentError,
        prepare,
        render_innstilling,
        render_plan,
        render_rapport,
    )

    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if _bad_year(aar, err):
        return EXIT_USAGE
    if maler is not None and not maler.is_dir():
        err.write(f"komp: finner ikke malmappen «{maler}»\n")
        return EXIT_USAGE
    if ut is not None and ut.exists() and ut.is_dir():
        err.write(f"komp: «{ut}» er en mappe; -o må være en fil, f.eks. {ut / (kind + '.md')}\n")
        return EXIT_USAGE
    from ..files import OutputRefused, check_output, write_output

    if ut is not None:
        try:
            check_output(ut, _template_files(maler))
        except OutputRefused as exc:
            err.write(f"komp: {visible(str(exc))}\n")
            return EXIT_USAGE
    try:
        prepared = prepare(forum, use_cache=_use_cache())
    except UsageError as exc:
        err.write(f"komp: {visible(str(exc))}\n")
        return EXIT_USAGE
    if ut is not None:
        try:
            check_output(ut, prepared.layout.paths())
        except OutputRefused as exc:
            err.write(f"komp: {visible(str(exc))}\n")
            return EXIT_USAGE
    if prepared.errors:
        _report_errors(prepared, err)
        if not utkast:
            err.write(
                f"komp: lager ikke {kind} fordi planfilene har feil; rett feilene over, eller "
                "bruk --utkast for et merket utkast\n")
            return EXIT_INVALID
        err.write(f"komp: lager {kind} som utkast med feil (--utkast)\n")
    try:
        if kind == "innstilling":
            text = render_innstilling(prepared, aar, maalform, maler)
        elif kind == "rapport":
            text = render_rapport(prepared, aar, dato, maalform, maler)
        else:
            text = render_plan(prepared, maalform, maler)
    except DocumentError as exc:
        if exc.diagnostic is not None:
            from collections import Counter

            from ..engine import Report
            from ..reporters import report_text

            report_text(Report(diagnostics=[exc.diagnostic], files=prepared.report.files,
                               totals=Counter([exc.diagnostic.severity]),
                               sources=prepared.report.sources), err)
        err.write(f"{exc}\n")
        return EXIT_INVALID
    except TemplateProblem as exc:
        from ..cli import _State

        err.write(f"komp: {visible(str(exc))}\n")
        if _State.debug and exc.detail:
            err.write(f"  detalj: {visible(exc.detail)}\n")
        return EXIT_INVALID
    if ut is None:
        out.write(text)
        out.flush()
    else:
        try:
            write_output(ut, text, [*prepared.layout.paths(), *_template_files(maler)])
        except OutputRefused as exc:
            err.write(f"komp: {visible(str(exc))}\n")
            return EXIT_USAGE
        except OSError as exc:
            err.write(f"komp: kan ikke skrive «{ut}» ({exc.strerror or exc})\n")
            return EXIT_USAGE
        err.write(f"skrev {ut}\n")
    return EXIT_OK


def oversikt(forum: Path, *, aar: int | None, stdout: TextIO | None = None,
             stderr: TextIO | None = None) -> int:
    """Print the terminal summary; 1 when the files have errors (the summary is still shown)."""
    from ..project import UsageError
    from .oversikt import render_oversikt
    from .service import prepare

    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if _bad_year(aar, err):
        return EXIT_USAGE
    try:
        prepared = prepare(forum, use_cache=_use_cache())
    except UsageError as exc:
        err.write(f"komp: {visible(str(exc))}\n")
        return EXIT_USAGE
    if prepared.ctx.forum is None:
        _report_errors(prepared, err)
        err.write("komp: forum.yaml mangler eller har feil, så oversikten kan ikke lages\n")
        return EXIT_INVALID
    render_oversikt(prepared, aar, out)
    return EXIT_INVALID if prepared.errors else EXIT_OK
