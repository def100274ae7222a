"""The CLI side of `komp innstilling`, `komp plan` and `komp oversikt`: streams and exit codes.

cli.py converts the options and calls these; they print, write the file, and return the exit
status (0 ok, 1 the files or a template have errors, 2 usage).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..documents.formats import BINARY
from ..inert import visible

if TYPE_CHECKING:
    from ..documents.formats import Rendered
    from ..documents.service import Prepared

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _report_errors(prepared: object, stream: TextIO) -> None:
    from ..reporters import report_text
    from . import _State

    report_text(prepared.report, stream, colour=_State.settings.colour,  # type: ignore[attr-defined]
                detail=_State.debug)


def _prepare(forum: Path, *, git: bool = False) -> Prepared:
    """The forum validated and loaded, with the cache unless `komp --no-cache`; with `git`, and
    KOMP_UTEN_GIT not set, the documents' footer names the commit."""
    from ..documents.service import prepare
    from . import _State

    settings = _State.settings
    return prepare(forum, use_cache=not _State.no_cache, cache_dir=settings.cache_dir,
                   git=git and settings.git)


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
    from ..domain.fieldtypes import MAX_YEAR, MIN_YEAR

    if aar is None or MIN_YEAR <= aar <= MAX_YEAR:
        return False
    shown = str(aar) if len(str(aar)) <= 12 else str(aar)[:12] + "…"
    err.write(f"komp: --aar må være et årstall mellom {MIN_YEAR} og {MAX_YEAR} (fikk {shown})\n")
    return True


def _kinds() -> dict[str, Callable[..., Rendered]]:
    """Each document kind: a function (prepared, aar, maalform, maler, target=, with_mermaid=)
    returning the rendered document; a new kind is one more entry here."""
    from ..documents.service import innstilling_document, plan_document, rapport_document

    def innstilling(prepared: Prepared, aar: int | None, maalform: str, maler: Path | None,
                    dato: dt.date | None = None, **options: Any) -> Rendered:
        return innstilling_document(prepared, aar, maalform, maler, **options)

    def plan(prepared: Prepared, aar: int | None, maalform: str, maler: Path | None,
             dato: dt.date | None = None, **options: Any) -> Rendered:
        return plan_document(prepared, maalform, maler, **options)

    def rapport(prepared: Prepared, aar: int | None, maalform: str, maler: Path | None,
                dato: dt.date | None = None, **options: Any) -> Rendered:
        return rapport_document(prepared, aar, dato, maalform, maler, **options)

    return {"innstilling": innstilling, "plan": plan, "rapport": rapport}


def document(kind: str, forum: Path, *, aar: int | None, maalform: str, ut: Path | None,
             maler: Path | None, utkast: bool, fmt: str | None = None, mermaid: bool = False,
             stdout: TextIO | None = None, stderr: TextIO | None = None,
             dato: dt.date | None = None) -> int:
    """Render `kind` ("innstilling", "plan" or "rapport") for the forum in the format `fmt` (or
    the one the extension of `ut` says); returns the exit status."""
    from ..diagnostics import UsageError
    from ..documents.formats import FormatError, choose
    from ..documents.render import TemplateProblem
    from ..documents.service import DocumentError

    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if _bad_year(aar, err):
        return EXIT_USAGE
    # an unknown extension is reported after the checks that -o is no input of the run, which
    # say more about a path such as forum.yaml
    format_error: FormatError | None = None
    try:
        chosen = choose(fmt, ut)
    except FormatError as exc:
        format_error, chosen = exc, "md"
    if maler is not None and not maler.is_dir():
        err.write(f"komp: finner ikke malmappen «{maler}»\n")
        return EXIT_USAGE
    if ut is not None and ut.exists() and ut.is_dir():
        err.write(f"komp: «{ut}» er en mappe; -o må være en fil, f.eks. "
                  f"{ut / (kind + '.' + chosen)}\n")
        return EXIT_USAGE
    if ut is None and chosen in BINARY and _is_terminal(out):
        err.write(f"komp: {chosen.upper()} skrives ikke til skjermen; bruk -o FIL.{chosen}\n")
        return EXIT_USAGE
    from ..files import OutputRefused, check_output

    if ut is not None:
        try:
            check_output(ut, _template_files(maler))
        except OutputRefused as exc:
            err.write(f"komp: {visible(str(exc))}\n")
            return EXIT_USAGE
    try:
        prepared = _prepare(forum, git=True)
    except UsageError as exc:
        err.write(f"komp: {visible(str(exc))}\n")
        return EXIT_USAGE
    if ut is not None:
        try:
            check_output(ut, prepared.layout.paths())
        except OutputRefused as exc:
            err.write(f"komp: {visible(str(exc))}\n")
            return EXIT_USAGE
    if format_error is not None:
        err.write(f"komp: {visible(str(format_error))}\n")
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
        rendered = _kinds()[kind](prepared, aar, maalform, maler, dato=dato,
                                  target="md" if chosen == "md" else "doc", with_mermaid=mermaid)
    except DocumentError as exc:
        if exc.diagnostic is not None:
            from collections import Counter

            from ..diagnostics import Report
            from ..reporters import report_text
            from . import _State

            report_text(Report(diagnostics=[exc.diagnostic], files=prepared.report.files,
                               totals=Counter([exc.diagnostic.severity]),
                               sources=prepared.report.sources), err,
                        colour=_State.settings.colour)
        err.write(f"{exc}\n")
        return EXIT_INVALID
    except TemplateProblem as exc:
        from . import _State

        err.write(f"komp: {visible(str(exc))}\n")
        if _State.debug and exc.detail:
            err.write(f"  detalj: {visible(exc.detail)}\n")
        return EXIT_INVALID
    return write_document(rendered, chosen, ut, out, err,
                          inputs=[*prepared.layout.paths(), *_template_files(maler)])


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def write_document(rendered: Rendered, fmt: str, ut: Path | None, out: TextIO,
                   err: TextIO, inputs: list[Path] | None = None) -> int:
    """Write a rendered document in `fmt` to `ut` (atomically; never over one of `inputs`, the
    run's own files) or to `out`; the exit status."""
    from ..documents.formats import write
    from ..files import OutputRefused, write_output

    data = write(fmt, rendered)
    if ut is None:
        if isinstance(data, bytes):
            buffer = getattr(out, "buffer", None)
            if buffer is None:
                err.write(f"komp: {fmt.upper()} kan ikke skrives hit; bruk -o FIL.{fmt}\n")
                return EXIT_USAGE
            out.flush()
            buffer.write(data)
            buffer.flush()
        else:
            out.write(data)
            out.flush()
        return EXIT_OK
    try:
        write_output(ut, data, inputs or [])
    except OutputRefused as exc:
        err.write(f"komp: {visible(str(exc))}\n")
        return EXIT_USAGE
    except OSError as exc:
        from ..files import os_feil_tekst
        err.write(f"komp: kan ikke skrive «{ut}» ({os_feil_tekst(exc)})\n")
        return EXIT_USAGE
    err.write(f"skrev {ut}\n")
    return EXIT_OK


def oversikt(forum: Path, *, aar: int | None, fmt: str = "text", stdout: TextIO | None = None,
             stderr: TextIO | None = None) -> int:
    """Print the summary (text, json or csv); 1 when the files have errors (the summary is still
    shown)."""
    from ..diagnostics import UsageError
    from ..documents.oversikt import build_oversikt, oversikt_csv, oversikt_json

    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if _bad_year(aar, err):
        return EXIT_USAGE
    try:
        prepared = _prepare(forum)
    except UsageError as exc:
        err.write(f"komp: {visible(str(exc))}\n")
        return EXIT_USAGE
    if prepared.ctx.forum is None:
        _report_errors(prepared, err)
        err.write("komp: forum.yaml mangler eller har feil, så oversikten kan ikke lages\n")
        return EXIT_INVALID
    data = build_oversikt(prepared, aar)
    if fmt == "json":
        out.write(oversikt_json(data))
    elif fmt == "csv":
        out.write(oversikt_csv(data))
    else:
        from .presenters.oversikt import show_oversikt

        show_oversikt(data, out)
    out.flush()
    return EXIT_INVALID if prepared.errors else EXIT_OK


def utbetaling(forum: Path, *, aar: int | None, ut: Path | None, stdout: TextIO | None = None,
               stderr: TextIO | None = None) -> int:
    """Write the payout list (XLSX or CSV; CSV on stdout without -o); refuses a forum with
    errors, like the innstilling."""
    from ..diagnostics import UsageError
    from ..documents.utbetaling import FORMATS, write_csv, write_xlsx
    from ..documents.viewmodel.innstilling import build_innstilling
    from ..files import OutputRefused, write_output

    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if _bad_year(aar, err):
        return EXIT_USAGE
    fmt = "csv" if ut is None else FORMATS.get(ut.suffix.lower())
    if fmt is None:
        err.write(f"komp: utbetalingslisten lages som .xlsx eller .csv, ikke «{ut}»\n")
        return EXIT_USAGE
    if ut is not None and ut.is_dir():
        err.write(f"komp: «{ut}» er en mappe; -o må være en fil, f.eks. {ut / 'utbetaling.xlsx'}\n")
        return EXIT_USAGE
    try:
        prepared = _prepare(forum, git=True)
    except UsageError as exc:
        err.write(f"komp: {visible(str(exc))}\n")
        return EXIT_USAGE
    if prepared.errors or prepared.ctx.forum is None:
        _report_errors(prepared, err)
        err.write("komp: lager ikke utbetalingslisten fordi planfilene har feil; rett feilene "
                  "over først\n")
        return EXIT_INVALID
    model = build_innstilling(prepared.ctx, aar or prepared.ctx.forum.aar, "nb",
                              status=prepared.status, git=prepared.git)
    if ut is None:
        out.write(write_csv(model, bom=False))
        out.flush()
        return EXIT_OK
    data: str | bytes = write_xlsx(model) if fmt == "xlsx" else write_csv(model, bom=True)
    try:
        write_output(ut, data, prepared.layout.paths())
    except OutputRefused as exc:
        err.write(f"komp: {visible(str(exc))}\n")
        return EXIT_USAGE
    except OSError as exc:
        from ..files import os_feil_tekst
        err.write(f"komp: kan ikke skrive «{ut}» ({os_feil_tekst(exc)})\n")
        return EXIT_USAGE
    err.write(f"skrev {ut}\n")
    return EXIT_OK
