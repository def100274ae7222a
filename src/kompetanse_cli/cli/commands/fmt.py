"""`komp fmt`: the plan files written in one canonical form (or, with --check/--diff, told)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ...inert import visible
from ..errors import EXIT_INVALID, EXIT_OK, echo
from ..settings import Options


def fmt(options: Options, paths: Sequence[Path], *, check: bool = False,
        diff: bool = False) -> int:
    """Format the files and folders (default: .); 1 when a file could not be formatted, or
    with `check` or `diff` when one would change."""
    from ...fmt import run as run_fmt
    from ...pipeline.cache import open_cache
    from ...reporters import describe

    outcomes, skipped = run_fmt(paths or [Path(".")], write=not (check or diff),
                                cache=open_cache(not options.no_cache,
                                                 options.settings.cache_dir),
                                jobs=options.settings.jobs)
    for path in skipped:
        echo(f"komp fmt: hopper over {visible(str(path))}: ikke en planfil (forum.yaml, "
             "partnerskap.yaml, behov.yaml, prioriteringer.yaml, tiltak.yaml eller "
             "rapport.yaml)", err=True)
    failed = False
    changed = 0
    for outcome in outcomes:
        for diagnostic in outcome.diagnostics:
            sys.stderr.write(describe(diagnostic, detail=options.debug))
            failed = True
        if not outcome.changed:
            continue
        if not (check or diff) and not outcome.written:
            continue  # the write failed (reported above): not formatted
        changed += 1
        if diff:
            sys.stdout.write(outcome.diff())
        elif check:
            echo(f"ville formatert {visible(outcome.shown)}")
        elif outcome.written:
            echo(f"formaterte {visible(outcome.shown)}")
    if not diff:
        verb = "ville blitt formatert" if check else "formatert"
        unchanged = sum(1 for o in outcomes if not o.changed and not o.diagnostics)
        broken = sum(1 for o in outcomes if o.diagnostics)
        echo(f"{changed} {'fil' if changed == 1 else 'filer'} {verb}, {unchanged} uendret"
             + (f", {broken} {'fil' if broken == 1 else 'filer'} kunne ikke formateres"
                if broken else ""), err=True)
    return EXIT_INVALID if failed or ((check or diff) and changed) else EXIT_OK
