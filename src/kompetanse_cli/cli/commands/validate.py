"""`komp validate`: the plan files checked, the report on standard output, the exit status."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from ..arguments import split_codes
from ..errors import EXIT_INVALID, EXIT_OK
from ..settings import Options


def validate(options: Options, paths: Sequence[Path], format_name: str = "text", *,
             strict: bool = False, velg: Sequence[str] = (), ignorer: Sequence[str] = (),
             merknader: bool = False, dato: dt.date | None = None,
             no_cache: bool = False) -> int:
    """Validate the folders (default: .) and report in `format_name`; 1 when there are errors
    (with `strict`, also warnings)."""
    # Light imports only: with an unchanged forum the answer comes from the cache, and this
    # command then never imports pydantic, the YAML parser or the rules.
    from ...diagnostics import Selection, Severity
    from ...pipeline import validate as run
    from ...pipeline.cache import open_cache
    from ...reporters import REPORTER_BY_NAME, report_text

    settings = options.settings
    report = run(paths or [Path(".")],
                 Selection(split_codes(velg), split_codes(ignorer), merknader, dato),
                 cache=open_cache(not (no_cache or options.no_cache), settings.cache_dir),
                 jobs=settings.jobs)
    if format_name == "text":
        report_text(report, sys.stdout, colour=settings.colour, detail=options.debug)
    else:
        REPORTER_BY_NAME[format_name](report, sys.stdout)
    failed = report.count(Severity.ERROR) or (strict and report.count(Severity.WARNING))
    return EXIT_INVALID if failed else EXIT_OK
