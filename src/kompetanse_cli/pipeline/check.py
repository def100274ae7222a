"""One unit through the steps: each file loaded and checked against the schema, the keys
required only in some cases, the rules, and the selection of what is reported."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Selection, Severity
from . import load

if TYPE_CHECKING:
    from ..domain.context import ForumContext, PartnershipContext
    from ..domain.planfiles import Checked
    from ..rules import Rule
    from .buffers import BufferChecker
    from .cache import UnitCache
    from .discover import ForumLayout


def check_layout(layout: ForumLayout, cached: UnitCache | BufferChecker | None = None,
                 each: Callable[[ForumContext, PartnershipContext], None] | None = None,
                 dato: dt.date | None = None) -> tuple[ForumContext, list[Diagnostic], int]:
    """Read and schema-check every file of one forum layout (unchanged files from `cached`).

    `each` hears each partnership as soon as its files are checked (forum.yaml is checked
    first), before the next partnership is read."""
    from ..domain.context import ForumContext, PartnershipContext
    from ..domain.planfiles import FORUM, KIND_BY_FILENAME

    check = cached.check if cached is not None else _check
    diagnostics = list(layout.diagnostics)
    files = 0
    forum_checked: Checked | None = None
    if layout.forum_file is not None:
        forum_checked = check(FORUM, layout.rel(layout.forum_file), layout.forum_file)
        diagnostics.extend(forum_checked.diagnostics)
        files += 1
    forum_ctx = ForumContext(forum_checked, [], layout.partnerships_only, dato)
    forum_ctx.folder = os.path.abspath(
        layout.forum_file.parent if layout.forum_file is not None else layout.folder)
    for partnership in layout.partnerships:
        ctx = PartnershipContext(partnership.slug)
        for filename, rel, path, _ in layout.listed_in(partnership):
            kind = KIND_BY_FILENAME[filename]
            # the path as text: the checker makes a Path of it only when it reads the file
            checked = check(kind, rel, path)
            diagnostics.extend(checked.diagnostics)
            ctx.files[kind.name] = checked
            files += 1
        forum_ctx.partnerships.append(ctx)
        if each is not None:
            each(forum_ctx, ctx)
    return forum_ctx, diagnostics, files


def _check(kind: Any, rel: str, path: str | Path) -> Checked:
    from .schema import check_file

    return check_file(kind, load.read_file(rel, Path(path)))


def overflow_of(files: Iterable[Checked | None]) -> dict[str, int]:
    """Errors counted but not located, per file."""
    return {c.loaded.path: c.overflow for c in files if c is not None and c.overflow}


def _validate_unit(layout: ForumLayout, rules: Sequence[Rule], selection: Selection,
                   wants_schema: bool, unit_cache: UnitCache | BufferChecker | None,
                   release: bool = False,
                   ) -> tuple[list[Diagnostic], int, dict[str, int], ForumContext]:
    """The selected diagnostics of one unit, its number of files, uncounted errors, context.

    With `release`, the context lets go of what only the partnership rules read (see
    `RuleRun.partnership`): for a run that needs the diagnostics and not the context."""
    from ..rules.k1_skjema.k102_mangler_noekkel import conditional_requirements
    from .cache import UnitCache
    from .runner import RuleRun

    run = RuleRun(rules, getattr(unit_cache, "rule_memo", None),
                  unit_cache if isinstance(unit_cache, UnitCache) else None)
    found_early: list[Diagnostic] = []
    overflow: dict[str, int] = {}

    def each(ctx: ForumContext, partnership: PartnershipContext) -> None:
        # The partnership rules as soon as the partnership is read; with `release`, its files
        # that only they read are let go before the next partnership is read.
        if wants_schema:
            overflow.update(overflow_of(partnership.files.values()))
        found_early.extend(run.partnership(ctx, partnership, release))

    ctx, diagnostics, files = check_layout(layout, unit_cache, each, selection.dato)
    if wants_schema:
        overflow = {**overflow_of([ctx.forum_file]), **overflow}
    diagnostics.extend(conditional_requirements(ctx))
    diagnostics.extend(found_early)
    diagnostics.extend(run.forum(ctx))
    found = [d for d in diagnostics if selection.wants(d.code)
             and (selection.infos or d.severity is not Severity.INFO)]
    return found, files, overflow, ctx
