"""One unit through the steps: each file loaded and checked against the schema, the keys
required only in some cases, the rules, and the selection of what is reported."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Selection, Severity
from . import load

if TYPE_CHECKING:
    from ..domain.context import ForumContext
    from ..domain.planfiles import Checked
    from ..rules import Rule
    from .buffers import BufferChecker
    from .cache import UnitCache
    from .discover import ForumLayout


def check_layout(layout: ForumLayout, cached: UnitCache | BufferChecker | None = None,
                 ) -> tuple[ForumContext, list[Diagnostic], int]:
    """Read and schema-check every file of one forum layout (unchanged files from `cached`)."""
    from ..domain.context import ForumContext, PartnershipContext
    from ..domain.planfiles import FORUM, KIND_BY_FILENAME

    check = cached.check if cached is not None else _check
    diagnostics = list(layout.diagnostics)
    files = 0
    forum_checked: Checked | None = None
    if layout.forum_file is not None:
        forum_checked = check(FORUM, layout.rel(layout.forum_file), layout.forum_file)
        files += 1
    partnerships: list[PartnershipContext] = []
    for partnership in layout.partnerships:
        ctx = PartnershipContext(partnership.slug)
        for filename, path in partnership.files.items():
            kind = KIND_BY_FILENAME[filename]
            ctx.files[kind.name] = check(kind, layout.rel(path), path)
            files += 1
        partnerships.append(ctx)
    forum_ctx = ForumContext(forum_checked, partnerships, layout.partnerships_only)
    forum_ctx.folder = os.path.abspath(
        layout.forum_file.parent if layout.forum_file is not None else layout.folder)
    for checked in _all_checked(forum_ctx):
        diagnostics.extend(checked.diagnostics)
    return forum_ctx, diagnostics, files


def _check(kind: Any, rel: str, path: Path) -> Checked:
    from .schema import check_file

    return check_file(kind, load.read_file(rel, path))


def overflow_of(ctx: ForumContext) -> dict[str, int]:
    """Errors counted but not located, per file."""
    return {c.loaded.path: c.overflow for c in _all_checked(ctx) if c.overflow}


def _all_checked(ctx: ForumContext) -> Iterable[Checked]:
    if ctx.forum_file is not None:
        yield ctx.forum_file
    for partnership in ctx.partnerships:
        yield from (c for c in partnership.files.values() if c is not None)


def _validate_unit(layout: ForumLayout, rules: Sequence[Rule], selection: Selection,
                   wants_schema: bool, unit_cache: UnitCache | BufferChecker | None,
                   ) -> tuple[list[Diagnostic], int, dict[str, int], ForumContext]:
    """The selected diagnostics of one unit, its number of files, uncounted errors, context."""
    from ..rules.k1_skjema.k102_mangler_noekkel import conditional_requirements
    from .cache import UnitCache
    from .runner import run_rules

    ctx, diagnostics, files = check_layout(layout, unit_cache)
    ctx.dato = selection.dato
    diagnostics.extend(conditional_requirements(ctx))
    diagnostics.extend(run_rules(ctx, rules, getattr(unit_cache, "rule_memo", None),
                                 unit_cache if isinstance(unit_cache, UnitCache) else None))
    found = [d for d in diagnostics if selection.wants(d.code)
             and (selection.infos or d.severity is not Severity.INFO)]
    overflow = overflow_of(ctx) if wants_schema else {}
    return found, files, overflow, ctx
