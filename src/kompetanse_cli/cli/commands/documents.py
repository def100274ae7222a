"""`komp innstilling`, `komp plan` and `komp rapport`: a forum's document in Markdown, HTML,
PDF or Word, on standard output or in a file."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...diagnostics import UsageError
from ...inert import visible
from ..errors import EXIT_INVALID, EXIT_OK, echo
from ..forum import check_year, prepare, report_errors, save
from ..settings import Options

if TYPE_CHECKING:
    from ...documents.formats import Rendered
    from ...documents.service import Prepared


def _kinds() -> dict[str, Callable[..., Rendered]]:
    """Each document kind: a function (prepared, aar, maalform, maler, target=, with_mermaid=)
    returning the rendered document; a new kind is one more entry here."""
    from ...documents.service import innstilling_document, plan_document, rapport_document

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


def _template_files(maler: Path | None) -> list[Path]:
    """The county's own templates: inputs of the run, which -o must not replace."""
    if maler is None or not maler.is_dir():
        return []
    try:
        return [path for path in maler.rglob("*") if path.is_file()][:10_000]
    except OSError:
        return []


def _is_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def document(options: Options, kind: str, forum: Path, *, aar: int | None = None,
             maalform: str = "nb", ut: Path | None = None, maler: Path | None = None,
             utkast: bool = False, fmt: str | None = None, mermaid: bool = False,
             dato: dt.date | None = None) -> int:
    """Render `kind` ("innstilling", "plan" or "rapport") for the forum in the format `fmt` (or
    the one the extension of `ut` says); returns the exit status."""
    from ...documents.formats import BINARY, FormatError, choose
    from ...documents.render import TemplateProblem
    from ...documents.service import DocumentError
    from ...files import OutputRefused, check_output

    check_year(aar)
    # an unknown extension is reported after the checks that -o is no input of the run, which
    # say more about a path such as forum.yaml
    format_error: FormatError | None = None
    try:
        chosen = choose(fmt, ut)
    except FormatError as exc:
        format_error, chosen = exc, "md"
    if maler is not None and not maler.is_dir():
        raise UsageError(f"finner ikke malmappen «{maler}»")
    if ut is not None and ut.exists() and ut.is_dir():
        raise UsageError(f"«{ut}» er en mappe; -o må være en fil, f.eks. "
                         f"{ut / (kind + '.' + chosen)}")
    if ut is None and chosen in BINARY and _is_terminal(sys.stdout):
        raise UsageError(f"{chosen.upper()} skrives ikke til skjermen; bruk -o FIL.{chosen}")
    try:
        if ut is not None:
            check_output(ut, _template_files(maler))
        prepared = prepare(options, forum, git=True)
        if ut is not None:
            check_output(ut, prepared.layout.paths())
    except OutputRefused as exc:
        raise UsageError(str(exc)) from None
    if format_error is not None:
        raise UsageError(str(format_error))
    if prepared.errors:
        report_errors(options, prepared)
        if not utkast:
            echo(f"komp: lager ikke {kind} fordi planfilene har feil; rett feilene over, eller "
                 "bruk --utkast for et merket utkast", err=True)
            return EXIT_INVALID
        echo(f"komp: lager {kind} som utkast med feil (--utkast)", err=True)
    try:
        rendered = _kinds()[kind](prepared, aar, maalform, maler, dato=dato,
                                  target="md" if chosen == "md" else "doc", with_mermaid=mermaid)
    except DocumentError as exc:
        if exc.diagnostic is not None:
            _report_one(options, prepared, exc.diagnostic)
        echo(str(exc), err=True)
        return EXIT_INVALID
    except TemplateProblem as exc:
        echo(f"komp: {visible(str(exc))}", err=True)
        if options.debug and exc.detail:
            echo(f"  detalj: {visible(exc.detail)}", err=True)
        return EXIT_INVALID
    return write_document(rendered, chosen, ut,
                          inputs=[*prepared.layout.paths(), *_template_files(maler)])


def _report_one(options: Options, prepared: Prepared, diagnostic: Any) -> None:
    """The one diagnostic that stopped the document, reported like the forum's others."""
    from collections import Counter

    from ...diagnostics import Report
    from ...reporters import report_text

    report_text(Report(diagnostics=[diagnostic], files=prepared.report.files,
                       totals=Counter([diagnostic.severity]), sources=prepared.report.sources),
                sys.stderr, colour=options.settings.colour)


def write_document(rendered: Rendered, fmt: str, ut: Path | None,
                   inputs: list[Path] | None = None) -> int:
    """Write a rendered document in `fmt` to `ut` (atomically; never over one of `inputs`, the
    run's own files) or to standard output; the exit status."""
    from ...documents.formats import write

    data = write(fmt, rendered)
    if ut is not None:
        return save(ut, data, inputs or [])
    out = sys.stdout
    if isinstance(data, bytes):
        buffer = getattr(out, "buffer", None)
        if buffer is None:
            raise UsageError(f"{fmt.upper()} kan ikke skrives hit; bruk -o FIL.{fmt}")
        out.flush()
        buffer.write(data)
        buffer.flush()
    else:
        out.write(data)
        out.flush()
    return EXIT_OK
