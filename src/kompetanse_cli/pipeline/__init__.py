"""The validation pipeline: folders → files → models → rules → diagnostics.

`validate` reads as the steps: discover the units the paths name, validate each (`units`: from
the cache, or through `check`: load, schema, the keys K102 requires only in some cases, rules),
then collect one report. Nothing here prints or exits; the CLI hands the report to a reporter.

The steps' modules: discover, load, schema, runner (the rules), aggregate (every money sum),
cache; buffers for the language server's unsaved files. The reading and schema rules (K0xx,
K1xx) word their own diagnostics in their modules under rules/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Report, Selection, Severity
from .discover import ForumLayout, discover

if TYPE_CHECKING:
    from ..domain.context import ForumContext
    from .buffers import BufferChecker
    from .cache import Cache
    from .units import Early, Outcome
    from .warm import Record

# Only light modules are imported here: reporters need `Report`, and a warm `komp validate`
# answers from the cache without pydantic, the YAML parser or the rules. The pipeline imports
# them when it first has files to read.

MAX_PER_FILE = 50


UnitDone = Callable[[list[Diagnostic], Mapping[str, Path]], None]


def validate(paths: Sequence[Path], selection: Selection | None = None,
             cache: Cache | None = None, on_unit: UnitDone | None = None,
             jobs: int | None = None) -> Report:
    """Validate every forum or partnership the paths name (raises UsageError for bad paths).

    With a `cache`, a unit whose files, layout, rules and selection are unchanged since a
    previous run gets that run's diagnostics without reading anything; a unit with changed
    files reads only those and runs every rule again. `on_unit` hears each unit's diagnostics
    (as the report will hold them) as soon as the unit is done, in whatever order the units
    finish, with the files named so far (the language server shows them at once). `jobs`: how
    many processes a large run may use (None: komp decides, see `units`).
    """
    return _validate(paths, selection, cache, None, on_unit, jobs)


def validate_with_contexts(paths: Sequence[Path], selection: Selection | None = None,
                           cache: Cache | None = None) -> tuple[Report, list[ForumContext]]:
    """Like `validate`, and also each unit's checked files and models, in one reading.

    For commands that validate and then use the models (the documents): reading the files once
    instead of twice. With a `cache`, unchanged files come from it as models.
    """
    contexts: list[ForumContext] = []
    report = _validate(paths, selection, cache, contexts)
    return report, contexts


def _validate(paths: Sequence[Path], selection: Selection | None, cache: Cache | None,
              contexts: list[ForumContext] | None, on_unit: UnitDone | None = None,
              jobs: int | None = None) -> Report:
    import time

    from .runner import known_codes
    from .units import run_units

    selection = selection or Selection()
    selection.check(known_codes())
    stamp = time.time_ns()  # before anything is listed or stat'ed (the racy windows)
    record = None
    units: list[ForumLayout | None] | None = None
    answered: dict[int, Outcome] = {}
    early: Early | None = None
    try:
        if cache is not None and contexts is None:
            from .units import Early
            from .warm import Record

            record = Record(cache, paths, stamp)
            if record.load():
                early = Early(selection, cache, stamp, jobs)
                units, base = _from_record(record, selection, answered, early), Path(record.base)
        if units is None:
            if early is not None:
                early.stop()
                early = None
            if record is not None:
                record = Record(cache, paths, stamp) if cache is not None else None
            answered.clear()
            units, base = _discovered(paths)
        report = Report(base=base)
        collected: list[Diagnostic] = []
        told = None if on_unit is None else lambda outcome: _tell(on_unit, outcome,
                                                                   report.sources)
        for found, files, overflow in run_units(units, answered, record, stamp, selection, cache,
                                                contexts, report, told, jobs, early):
            _add_unit(report, collected, found, files, overflow)
    finally:
        if early is not None:
            early.stop()
    _cap(report, collected)
    return report


def _tell(on_unit: UnitDone, outcome: Outcome, sources: Mapping[str, Path]) -> None:
    """One unit's diagnostics to `on_unit`, sorted and capped per file as in the report."""
    shown = Report()
    _cap(shown, list(outcome[0]))
    on_unit(shown.diagnostics, sources)


def _discovered(paths: Sequence[Path]) -> tuple[list[ForumLayout | None], Path]:
    """The units the paths name (each once), and the folder paths are shown from."""
    layouts = [layout for path in paths for layout in discover(path)]
    if len(paths) > 1:  # several folders: show paths from where the user stands
        for layout in layouts:
            layout.base = Path.cwd()
    seen: set[tuple[Path, bool]] = set()
    units: list[ForumLayout | None] = []
    for layout in layouts:  # the same unit named twice (`.` and its full path) counts once
        key = (layout.folder.resolve(), layout.partnerships_only)
        if key in seen:
            continue
        seen.add(key)
        units.append(layout)
    return units, layouts[0].base if layouts else Path(".")


def _from_record(record: Record, selection: Selection, answered: dict[int, Outcome],
                 early: Early | None = None) -> list[ForumLayout | None] | None:
    """The units of a warm record: None for each answered from it (its outcome in `answered`),
    else the unit discovered again; None when that fails (then everything is discovered).

    A unit discovered again while others remain to be answered starts validating at once in
    `early`'s process."""
    units: list[ForumLayout | None] = []
    count = len(record.units)
    for position in range(count):
        hit = record.answer(position, selection)
        if hit is not None:
            answered[position] = hit
            units.append(None)
            continue
        layout = record.rediscover(position)
        if layout is None:
            return None
        units.append(layout)
        if early is not None and position < count - 1:
            early.start(position, layout)
    return units


def _add_unit(report: Report, collected: list[Diagnostic], found: Iterable[Diagnostic],
              files: int, overflow: dict[str, int]) -> None:
    report.files += files
    collected.extend(found)
    for rel, count in overflow.items():
        report.omitted[rel] = report.omitted.get(rel, 0) + count
        report.totals[Severity.ERROR] += count


def _cap(report: Report, diagnostics: list[Diagnostic]) -> None:
    """Sort, drop exact repeats, and keep at most MAX_PER_FILE diagnostics per file."""
    unique = sorted(set(diagnostics), key=Diagnostic.sort_key)
    per_file: dict[str, int] = {}
    report.totals.update(d.severity for d in unique)
    for diagnostic in unique:
        shown = per_file.get(diagnostic.file, 0)
        if shown < MAX_PER_FILE:
            report.diagnostics.append(diagnostic)
            per_file[diagnostic.file] = shown + 1
        else:
            report.omitted[diagnostic.file] = report.omitted.get(diagnostic.file, 0) + 1


# --- unsaved buffers (the language server) -------------------------------------------------


def validate_unit(layout: ForumLayout, checker: BufferChecker,
                  selection: Selection | None = None) -> tuple[Report, ForumContext]:
    """Validate one unit as `komp validate` does, reading files through `checker`.

    For the language server: the same diagnostics (codes, positions, messages, hints, the same
    cap per file) from the editor's unsaved buffers, and the unit's models for hover, completion
    and references.
    """
    from .check import _validate_unit
    from .runner import SelectedRules, wants_schema

    selection = selection or Selection()
    found, files, overflow, ctx = _validate_unit(layout, SelectedRules(selection).get(), selection,
                                                 wants_schema(selection), checker)
    report = Report()
    report.sources.update((layout.rel(path), path) for path in layout.paths())
    collected: list[Diagnostic] = []
    _add_unit(report, collected, found, files, overflow)
    _cap(report, collected)
    return report, ctx
