"""The validation pipeline: folders → files → models → rules → diagnostics.

Nothing here prints or exits; the CLI hands the report to a reporter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .conditions import conditional_requirements
from .context import Finding, ForumContext, PartnershipContext
from .diagnostics import Diagnostic, Severity
from .loader import MAX_BYTES, SOURCE_KOMP, LoadedFile, SourceMap, load_bytes, too_large
from .project import ForumLayout, discover
from .rules import RULES, Rule
from .schema import FORUM, KIND_BY_FILENAME, Checked, check_file

MAX_PER_FILE = 50


@dataclass
class Report:
    """All diagnostics of one run, the number of files read, and how many were left out."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    omitted: dict[str, int] = field(default_factory=dict)
    totals: Counter[Severity] = field(default_factory=Counter)
    sources: dict[str, Path] = field(default_factory=dict)

    def count(self, severity: Severity) -> int:
        """How many diagnostics of `severity` were found, shown or left out."""
        return self.totals[severity]


@dataclass
class Selection:
    """Which rules to run: codes or prefixes (`K4`) to select and to ignore."""

    select: Sequence[str] = ()
    ignore: Sequence[str] = ()

    def wants(self, code: str) -> bool:
        if self.select and not any(code.startswith(p.upper()) for p in self.select):
            return False
        return not any(code.startswith(p.upper()) for p in self.ignore)


def read_file(rel: str, path: Path) -> LoadedFile:
    """Load one file from disk; an unreadable file becomes a diagnostic."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return too_large(rel, size)
        raw = path.read_bytes()
    except OSError as exc:
        return LoadedFile(rel, None, SourceMap(), [Diagnostic(
            rel, None, Severity.ERROR, "K003", f"filen kan ikke leses ({exc.strerror or exc})",
            "sjekk at filen finnes og at du har lesetilgang", SOURCE_KOMP,
        )])
    return load_bytes(rel, raw)


def check_layout(layout: ForumLayout) -> tuple[ForumContext, list[Diagnostic], int]:
    """Read and schema-check every file of one forum layout."""
    diagnostics = list(layout.diagnostics)
    files = 0
    forum_checked: Checked | None = None
    if layout.forum_file is not None:
        forum_checked = check_file(FORUM, read_file(layout.rel(layout.forum_file), layout.forum_file))
        files += 1
    partnerships: list[PartnershipContext] = []
    for partnership in layout.partnerships:
        ctx = PartnershipContext(partnership.slug)
        for filename, path in partnership.files.items():
            kind = KIND_BY_FILENAME[filename]
            ctx.files[kind.name] = check_file(kind, read_file(layout.rel(path), path))
            files += 1
        partnerships.append(ctx)
    forum_ctx = ForumContext(forum_checked, partnerships, layout.partnerships_only)
    for checked in _all_checked(forum_ctx):
        diagnostics.extend(checked.diagnostics)
    return forum_ctx, diagnostics, files


def overflow_of(ctx: ForumContext) -> dict[str, int]:
    """Errors counted but not located, per file."""
    return {c.loaded.path: c.overflow for c in _all_checked(ctx) if c.overflow}


def _all_checked(ctx: ForumContext) -> Iterable[Checked]:
    if ctx.forum_file is not None:
        yield ctx.forum_file
    for partnership in ctx.partnerships:
        yield from (c for c in partnership.files.values() if c is not None)


def run_rules(ctx: ForumContext, rules: Iterable[Rule]) -> list[Diagnostic]:
    """Run the rules with a check function over a forum and its partnerships."""
    out: list[Diagnostic] = []
    for rule in rules:
        if rule.check is None:
            continue
        if rule.scope == "partnerskap":
            for partnership in ctx.partnerships:
                out.extend(_to_diagnostic(rule, f) for f in rule.check(partnership))
        elif rule.scope == "forum" and ctx.forum is not None:
            out.extend(_to_diagnostic(rule, f) for f in rule.check(ctx))
    return out


def _to_diagnostic(rule: Rule, finding: Finding) -> Diagnostic:
    checked = finding.file
    if checked is None:
        return Diagnostic("", None, rule.severity, rule.code, finding.message, finding.hint,
                          rule.source)
    span = checked.loaded.source_map.locate(finding.path, key=finding.at_key)
    return Diagnostic(checked.loaded.path, span, rule.severity, rule.code, finding.message,
                      finding.hint, rule.source)


def validate(paths: Sequence[Path], selection: Selection | None = None) -> Report:
    """Validate every forum or partnership the paths name (raises UsageError for bad paths)."""
    selection = selection or Selection()
    layouts = [layout for path in paths for layout in discover(path)]
    if len(paths) > 1:  # several folders: show paths from where the user stands
        for layout in layouts:
            layout.base = Path.cwd()
    report = Report()
    seen: set[tuple[Path, tuple[str, ...]]] = set()
    rules = [rule for rule in RULES if selection.wants(rule.code)]
    collected: list[Diagnostic] = []
    for layout in layouts:
        key = (layout.base.resolve(), tuple(p.slug for p in layout.partnerships))
        if key in seen:
            continue
        seen.add(key)
        ctx, diagnostics, files = check_layout(layout)
        report.sources.update((layout.rel(path), path) for _, path in layout.files())
        report.files += files
        diagnostics.extend(conditional_requirements(ctx))
        diagnostics.extend(run_rules(ctx, rules))
        collected.extend(d for d in diagnostics if selection.wants(d.code))
        if any(selection.wants(code) for code in ("K101", "K102", "K103", "K120", "K121")):
            for rel, count in overflow_of(ctx).items():
                report.omitted[rel] = report.omitted.get(rel, 0) + count
                report.totals[Severity.ERROR] += count
    _cap(report, collected)
    return report


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
