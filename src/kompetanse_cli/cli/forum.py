"""The forum validated and loaded for the commands that make something of it: the documents,
`komp oversikt` and `komp utbetaling`; and where what they make is written."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..diagnostics import UsageError
from .errors import EXIT_OK, echo
from .settings import Options

if TYPE_CHECKING:
    from ..documents.service import Prepared


def check_year(aar: int | None) -> None:
    """A usage error when --aar is not a year the file format knows."""
    from ..domain.fieldtypes import MAX_YEAR, MIN_YEAR

    if aar is None or MIN_YEAR <= aar <= MAX_YEAR:
        return
    shown = str(aar) if len(str(aar)) <= 12 else str(aar)[:12] + "…"
    raise UsageError(f"--aar må være et årstall mellom {MIN_YEAR} og {MAX_YEAR} (fikk {shown})")


def prepare(options: Options, forum: Path, *, git: bool = False) -> Prepared:
    """The forum validated and loaded, with the cache unless `komp --no-cache`; with `git`, and
    KOMP_UTEN_GIT not set, the documents' footer names the commit."""
    from ..documents.service import prepare as prepare_forum

    settings = options.settings
    return prepare_forum(forum, use_cache=not options.no_cache, cache_dir=settings.cache_dir,
                         git=git and settings.git)


def report_errors(options: Options, prepared: Prepared, stream: TextIO | None = None) -> None:
    """The forum's diagnostics as text (on standard error unless `stream`)."""
    from ..reporters import report_text

    report_text(prepared.report, stream or sys.stderr, colour=options.settings.colour,
                detail=options.debug)


def save(ut: Path, data: str | bytes, inputs: list[Path]) -> int:
    """Write `data` to the file `ut` atomically, never over one of `inputs` (the run's own
    files); a usage error when it cannot be written there."""
    from ..files import OutputRefused, os_feil_tekst, write_output

    try:
        write_output(ut, data, inputs)
    except OutputRefused as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"kan ikke skrive «{ut}» ({os_feil_tekst(exc)})") from None
    echo(f"skrev {ut}", err=True)
    return EXIT_OK
