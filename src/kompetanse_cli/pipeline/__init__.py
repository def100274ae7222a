"""The validation pipeline: folders → files → models → rules → diagnostics.

Nothing here prints or exits; the CLI hands the report to a reporter.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Fix, Severity, display_path
from .discover import ForumLayout, discover

if TYPE_CHECKING:
    from ..domain.context import Finding, ForumContext, PartnershipContext
    from ..rules import Rule
    from .cache import Cache
    from .load import LoadedFile
    from .schema import Checked
    from .warm import Record

# Only light modules are imported here: reporters need `Report`, and a warm `komp validate`
# answers from the cache without pydantic, the YAML parser or the rules. The pipeline imports
# them when it first has files to read.

MAX_PER_FILE = 50


class Sources(dict[str, Path]):
    """Each file's path by its shown path; a path may be stored as text and becomes a Path when
    first asked for (a warm national run knows 18,000 files and shows none of them)."""

    def __getitem__(self, key: str) -> Path:
        value: Path | str = super().__getitem__(key)
        if isinstance(value, str):
            value = Path(value)
            super().__setitem__(key, value)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def values(self) -> Any:
        return [self[key] for key in self]

    def items(self) -> Any:
        return [(key, self[key]) for key in self]

    def add_text(self, paths: Iterable[tuple[str, str]]) -> None:
        """Add (shown path, path as text) pairs without making Paths of them."""
        super().update(paths)  # type: ignore[arg-type]


@dataclass
class Report:
    """All diagnostics of one run, the number of files read, and how many were left out."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    omitted: dict[str, int] = field(default_factory=dict)
    totals: Counter[Severity] = field(default_factory=Counter)
    sources: dict[str, Path] = field(default_factory=Sources)
    base: Path = field(default_factory=lambda: Path("."))
    _shown: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def count(self, severity: Severity) -> int:
        """How many diagnostics of `severity` were found, shown or left out."""
        return self.totals[severity]

    def shown(self, rel: str) -> str:
        """The path of a diagnostic's file (relative to `base`) as seen from the current folder.

        A finding about the whole forum (no file) is shown as the folder validated.
        """
        found = self._shown.get(rel)
        if found is None:
            source = self.sources.get(rel)
            found = display_path(source if source is not None else self.base / rel)
            self._shown[rel] = found
        return found


# Reading errors (K00x: not YAML, not UTF-8, not the expected document, a link never read):
# a file with one has not been checked at all, so no selection may hide them.
ALWAYS_REPORTED = "K00"


def known_codes() -> list[str]:
    """Every rule code, from the names of the rule modules (without importing them)."""
    import os

    rules = os.path.join(os.path.dirname(os.path.dirname(__file__)), "rules")
    layers = [os.path.join(rules, name) for name in os.listdir(rules)
              if name[:1] == "k" and name[1:2].isdigit() and name[2:3] == "_"]
    return sorted(name[:4].upper() for folder in layers for name in os.listdir(folder)
                  if len(name) > 5 and name[0] == "k" and name[1:4].isdigit()
                  and name[4] == "_" and name.endswith(".py"))


@dataclass
class Selection:
    """Which rules to run: codes or prefixes (`K4`) to select and to ignore.

    Reading errors (K00x) are reported whatever is selected or ignored.
    """

    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    infos: bool = False
    """Also report information (severity info): off by default, so that a run at every commit
    shows only what needs fixing; the documents show the same facts."""
    dato: dt.date | None = None
    """The date deadlines are checked against (`--dato`); None means today."""

    def wants(self, code: str) -> bool:
        if code.startswith(ALWAYS_REPORTED):
            return True
        if self.select and not any(code.startswith(p.upper()) for p in self.select):
            return False
        return not any(code.startswith(p.upper()) for p in self.ignore)

    def check(self) -> None:
        """Raise UsageError for a code or prefix that names no rule, with the closest codes."""
        from .discover import UsageError

        codes = known_codes()
        for option, values in (("--velg", self.select), ("--ignorer", self.ignore)):
            for value in values:
                wanted = value.strip().upper()
                if wanted and any(code.startswith(wanted) for code in codes):
                    continue
                raise UsageError(f"ukjent regelkode «{value}» for {option}"
                                 + _closest_codes(wanted, codes)
                                 + "; `komp regler` viser alle reglene")


def _closest_codes(wanted: str, codes: Sequence[str]) -> str:
    import difflib

    # The letter O for the digit 0 and I or l for 1 are the usual slips.
    digits = wanted[:1] + wanted[1:].translate(str.maketrans("OIL", "011"))
    if digits != wanted and any(code.startswith(digits) for code in codes):
        return f" (mente du {digits}?)"
    candidates = sorted({code[:len(wanted)] for code in codes}) if len(wanted) < 4 else codes
    close = difflib.get_close_matches(wanted, candidates, n=3, cutoff=0.5)
    if not close:
        return ""
    shown = close[0] if len(close) == 1 else ", ".join(close[:-1]) + " eller " + close[-1]
    return f" (mente du {shown}?)"


def read_file(rel: str, path: Path) -> LoadedFile:
    """Load one file from disk; an unreadable file becomes a diagnostic."""
    from .load import MAX_BYTES, SOURCE_KOMP, LoadedFile, SourceMap, load_bytes, too_large

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


def check_layout(layout: ForumLayout, cached: _UnitCache | BufferChecker | None = None,
                 ) -> tuple[ForumContext, list[Diagnostic], int]:
    """Read and schema-check every file of one forum layout (unchanged files from `cached`)."""
    from ..domain.context import ForumContext, PartnershipContext
    from .schema import FORUM, KIND_BY_FILENAME

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

    return check_file(kind, read_file(rel, path))


class _Snapshot:
    """The files of one unit as the cache sees them: each file's stat and content hash.

    Made by a stat of every file (no reading): a file whose stat matches the unit's stat index
    gets its hash from there. `read` then reads and hashes the others, keeping their bytes for
    the run. A file that cannot be read, or is too large, has no hash: the unit's result is then
    never cached. `unstable` is set when a file's content turns out to differ from what its
    stat promised within this run (it was being written): nothing is stored for the unit then.
    """

    def __init__(self, cache: Cache, layout: ForumLayout,
                 listed: list[tuple[str, Path, os.stat_result | None]], stamp: int) -> None:
        self.cache = cache
        self.stamp = stamp  # the run's start: before any of the files' stats were taken
        self._parts: list[str] | None = None
        self.location = [os.path.realpath(layout.base),
                         os.path.realpath(layout.folder),
                         str(layout.partnerships_only)]
        self.key = cache.stats_key(self.location)
        self.index = cache.get_stats(self.key)
        self.paths: dict[str, Path] = {}
        self.stats: dict[str, os.stat_result] = {}
        self.digests: dict[str, str] = {}
        self.raws: dict[str, bytes] = {}
        self.unread: list[str] = []
        self.read_any = False
        self.unstable = False
        for rel, path, st in listed:
            self.paths[rel] = path
            if st is None:
                try:
                    st = os.stat(path)
                except OSError:
                    continue  # unreadable: no hash, no cached result
            self.stats[rel] = st
            digest = self.index.digest(rel, st)
            if digest is not None:
                self.digests[rel] = digest
            else:
                self.unread.append(rel)

    @property
    def complete(self) -> bool:
        """Every file has a hash (so the unit's result can be looked up and kept)."""
        return len(self.digests) == len(self.paths) and not self.unread

    def parts(self, layout: ForumLayout) -> list[str]:
        if self._parts is None:
            self._parts = _layout_parts(layout)
        return self._parts

    def result_key(self, layout: ForumLayout, selection: Selection) -> str | None:
        from .warm import result_key

        if not self.complete or self.unstable:
            return None
        digests = self.digests  # in the unit's file order, however they were found
        return result_key(self.cache, self.parts(layout),
                          [(rel, digests[rel]) for rel in self.paths], selection)

    def read(self) -> None:
        """Read and hash every file the stat index could not vouch for."""
        from .cache import Cache

        for rel in self.unread:
            raw, st = _read_regular(self.paths[rel])
            if raw is None or st is None:
                self.stats.pop(rel, None)
                continue
            self.raws[rel] = raw
            self.stats[rel] = st
            self.digests[rel] = Cache.digest(raw)
        self.read_any = bool(self.unread)
        self.unread = []

    def bytes_of(self, rel: str) -> bytes | None:
        """The file's bytes: as read in this run, else read now (and checked against its hash)."""
        raw = self.raws.get(rel)
        if raw is not None:
            return raw
        raw = _verified(self.paths[rel], self.digests[rel])
        if raw is None:
            self.unstable = True
        return raw

    def reader(self, rel: str) -> Any:
        """The file's bytes for a deferred source map: from memory, or read when needed."""
        raw = self.raws.get(rel)
        if raw is not None:
            return raw
        path, digest = self.paths[rel], self.digests[rel]
        return lambda: _verified(path, digest)

    def save(self) -> None:
        """Store the stat index when files were read (their entries are new or were racy)."""
        from .cache import StatIndex, stat_entry

        if self.unstable or not self.read_any:
            return
        files = {rel: stat_entry(self.stats[rel], digest) for rel, digest in self.digests.items()
                 if rel in self.stats}
        # Stamped with the run's start, before every stat and read: a file changed after it was
        # read then has newer times than the stamp, even when it changed within the same tick.
        self.cache.put_stats(self.key, StatIndex(files, self.stamp))


def _read_regular(path: Path) -> tuple[bytes | None, Any]:
    """The bytes of a regular file of at most MAX_BYTES_FOR_CACHE and the stat taken before
    reading them (of the opened file), or (None, None)."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None, None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES_FOR_CACHE:
            return None, None
        with os.fdopen(fd, "rb", closefd=False) as stream:
            raw = stream.read(MAX_BYTES_FOR_CACHE + 1)
        if len(raw) > MAX_BYTES_FOR_CACHE:
            return None, None
        return raw, st
    except OSError:
        return None, None
    finally:
        os.close(fd)


def _verified(path: Path, digest: str) -> bytes | None:
    """The file's bytes if they still have `digest`, else None."""
    from .cache import Cache

    raw, _ = _read_regular(path)
    return raw if raw is not None and Cache.digest(raw) == digest else None


class _UnitCache:
    """The files of one unit as hashed for the cache, and their checked results from last time.

    `check` returns a file's checked result from the unit's pack when its content is unchanged
    (with a source map that reads the same bytes only if a rule needs a position), and
    checks it afresh otherwise; `pack` then holds exactly the files of this run. The pack is
    written after the rules ran, which is safe because rules only read checked files.
    """

    def __init__(self, cache: Cache, layout: ForumLayout, snapshot: _Snapshot) -> None:
        self.cache = cache
        self.snapshot = snapshot
        self.pack_key = cache.pack_key(snapshot.location)
        self.previous: dict[str, Any] | None = None
        self.pack: dict[str, Any] = {}
        self.changed = False

    def check(self, kind: Any, rel: str, path: Path) -> Checked:
        from .load import SourceMap
        from .schema import check_file

        snapshot = self.snapshot
        digest = snapshot.digests.get(rel)
        if digest is None:  # unreadable or too large: no content to key on, so never cached
            self.changed = True
            return check_file(kind, read_file(rel, path))
        key = self.cache.file_key(kind.name, rel, digest)
        if self.previous is None:
            self.previous = self.cache.get_pack(self.pack_key)
        checked = self.previous.get(key)
        if checked is not None and getattr(checked, "kind", None) is kind:
            checked.loaded.source_map = SourceMap.deferred(snapshot.reader(rel))
        else:
            from .load import load_bytes

            raw = snapshot.bytes_of(rel)
            if raw is None:  # changed since its stat: checked as it is now, and not kept
                return check_file(kind, read_file(rel, path))
            checked = check_file(kind, load_bytes(rel, raw))
            self.changed = True
        self.pack[key] = checked
        return checked

    def save(self) -> None:
        """Store the pack if it changed, then let go of the unit's files and models.

        What was checked anew (files, partnerships' findings) is appended to the pack as it is;
        the whole pack is written again only when there is none, or when it holds more stale
        records than live ones."""
        previous = self.previous
        if self.snapshot.unstable:
            pass
        elif not previous:
            self.cache.put_pack(self.pack_key, self.pack)
        else:
            new = {k: v for k, v in self.pack.items() if k not in previous}
            records = self.cache.pack_records.get(self.pack_key, len(previous))
            if records + len(new) > 2 * len(self.pack):
                self.cache.put_pack(self.pack_key, self.pack)
            elif new:
                self.cache.put_pack(self.pack_key, new, True)
        self.pack, self.previous = {}, {}
        self.snapshot.raws = {}

    # --- the findings of partnership rules, kept per partnership (run_rules) ---------------

    def findings_key(self, ctx: ForumContext, partnership: PartnershipContext,
                     rules: Sequence[Rule], overrides: dict[str, Severity | None]) -> str | None:
        """The key of a partnership's findings: its files' keys, the rules and the forum's
        settings of them, and the date (None when a file has no content hash)."""
        import json

        from .cache import _hash

        files = []
        for kind, checked in sorted(partnership.files.items()):
            if checked is None:
                files.append([kind, None])
                continue
            digest = self.snapshot.digests.get(checked.loaded.path)
            if digest is None:
                return None
            files.append([kind, self.cache.file_key(checked.kind.name, checked.loaded.path,
                                                    digest)])
        text = json.dumps([partnership.slug, files, [rule.code for rule in rules],
                           sorted((code, None if s is None else s.value)
                                  for code, s in overrides.items()),
                           sorted([code, name, value]
                                  for code, values in partnership.parametre.items()
                                  for name, value in values.items()),
                           ctx.today.isoformat()])
        return "findings:" + _hash(self.cache.env, text)

    def findings(self, key: str) -> list[Diagnostic] | None:
        if self.previous is None:
            self.previous = self.cache.get_pack(self.pack_key)
        found = self.previous.get(key)
        if isinstance(found, list):
            self.pack[key] = found
            return found
        return None

    def keep_findings(self, key: str, found: list[Diagnostic]) -> None:
        self.pack[key] = found


MAX_BYTES_FOR_CACHE = 16 * 1024 * 1024  # loader.MAX_BYTES, without importing the loader


def overflow_of(ctx: ForumContext) -> dict[str, int]:
    """Errors counted but not located, per file."""
    return {c.loaded.path: c.overflow for c in _all_checked(ctx) if c.overflow}


def _all_checked(ctx: ForumContext) -> Iterable[Checked]:
    if ctx.forum_file is not None:
        yield ctx.forum_file
    for partnership in ctx.partnerships:
        yield from (c for c in partnership.files.values() if c is not None)


def run_rules(ctx: ForumContext, rules: Iterable[Rule],
              memo: dict[str, tuple[list[Any], list[Diagnostic]]] | None = None,
              kept: _UnitCache | None = None) -> list[Diagnostic]:
    """Run the rules with a check function over a forum and its partnerships.

    The forum's own settings (`regler:` in forum.yaml) give a rule another severity or turn it
    off, for every partnership of the forum.

    With a `memo` (the language server's), a partnership whose checked files are the very same
    objects as in the previous run keeps that run's findings of the partnership rules, which
    see nothing but the partnership: an edit re-runs them only where it was made. With `kept`
    (the cache of a unit), the same holds across runs: a partnership whose files have the same
    content as in a run before gets that run's findings from the cache.
    """
    from ..domain.lokale_regler import parameters, severities

    overrides = severities(ctx.forum)
    own = parameters(ctx.forum)
    given = frozenset((code, name, value) for code, values in own.items()
                      for name, value in values.items())
    rules = [rule for rule in rules if overrides.get(rule.code, rule.severity) is not None]
    out: list[Diagnostic] = []
    partnership_rules = [rule for rule in rules
                         if rule.check is not None and rule.scope == "partnerskap"]
    for partnership in ctx.partnerships:
        partnership.parametre = own
        identity: list[Any] = [*rules, *sorted(partnership.files.items(), key=lambda kv: kv[0]),
                               frozenset(overrides.items()), given]
        known = memo.get(partnership.slug) if memo is not None else None
        if known is not None and len(known[0]) == len(identity) and all(
                a is b or (isinstance(a, tuple) and a[0] == b[0] and a[1] is b[1])
                or (isinstance(a, frozenset) and a == b)
                for a, b in zip(known[0], identity, strict=True)):
            out.extend(known[1])
            continue
        key = kept.findings_key(ctx, partnership, rules, overrides) if kept is not None else None
        found: list[Diagnostic] | None = kept.findings(key) if kept is not None and key else None
        if found is None:
            found = [_to_diagnostic(rule, f, overrides) for rule in partnership_rules
                     for f in rule.check(partnership)]  # type: ignore[misc]
            if kept is not None and key:
                kept.keep_findings(key, found)
        if memo is not None:
            memo[partnership.slug] = (identity, found)
        out.extend(found)
    for rule in rules:
        if rule.check is not None and rule.scope == "forum" and (
                ctx.forum is not None or rule.without_forum):
            out.extend(_to_diagnostic(rule, f, overrides) for f in rule.check(ctx))
        if rule.check_forum is not None and ctx.forum is not None:
            out.extend(_to_diagnostic(rule, f, overrides) for f in rule.check_forum(ctx))
    return out


def _to_diagnostic(rule: Rule, finding: Finding,
                   overrides: dict[str, Severity | None] | None = None) -> Diagnostic:
    """A finding as a diagnostic, with the severity the forum gives the rule (`regler:`); a
    finding the rule itself made milder keeps its own severity."""
    severity = finding.severity or (overrides or {}).get(rule.code) or rule.severity
    checked = finding.file
    if checked is None:
        return Diagnostic("", None, severity, rule.code, finding.message, finding.hint,
                          rule.source)
    span = checked.loaded.source_map.locate(finding.path, key=finding.at_key)
    fix = finding.fix
    if fix is not None:  # the rule's replacement goes where the finding points
        fix = Fix(fix.title, fix.text, span) if span is not None else None
    return Diagnostic(checked.loaded.path, span, severity, rule.code,
                      finding.message, finding.hint, rule.source, fix=fix)


UnitDone = Callable[[list[Diagnostic], Mapping[str, Path]], None]


def validate(paths: Sequence[Path], selection: Selection | None = None,
             cache: Cache | None = None, on_unit: UnitDone | None = None) -> Report:
    """Validate every forum or partnership the paths name (raises UsageError for bad paths).

    With a `cache`, a unit whose files, layout, rules and selection are unchanged since a
    previous run gets that run's diagnostics without reading anything; a unit with changed
    files reads only those and runs every rule again. `on_unit` hears each unit's diagnostics
    (as the report will hold them) as soon as the unit is done, in whatever order the units
    finish, with the files named so far (the language server shows them at once).
    """
    return _validate(paths, selection, cache, None, on_unit)


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
              contexts: list[ForumContext] | None, on_unit: UnitDone | None = None) -> Report:
    import time

    selection = selection or Selection()
    selection.check()
    stamp = time.time_ns()  # before anything is listed or stat'ed (the racy windows)
    record = None
    units: list[ForumLayout | None] | None = None
    answered: dict[int, Outcome] = {}
    if cache is not None and contexts is None:
        from .warm import Record

        record = Record(cache, paths, stamp)
        if record.load():
            units, base = _from_record(record, selection, answered), Path(record.base)
    if units is None:
        if record is not None:
            record = Record(cache, paths, stamp) if cache is not None else None
        answered.clear()
        units, base = _discovered(paths)
    report = Report(base=base)
    wants_schema = any(selection.wants(code) for code in ("K101", "K102", "K103", "K120", "K121"))
    # First what the cache knows from a stat of each file, then the units that need reading
    # (perhaps in parallel), one at a time: a unit's bytes and models are let go before the
    # next is read. The results are added in unit order either way.
    outcomes: list[Outcome | None] = []
    todo: list[_Job] = []
    fresh = record is not None and not record.units  # every unit freshly discovered
    for position, layout in enumerate(units):
        if layout is None:  # answered from the warm record
            assert record is not None
            sources = report.sources
            assert isinstance(sources, Sources)
            sources.add_text(record.units[position].files)
            outcomes.append(answered[position])
            _tell(on_unit, answered[position], report.sources)
            continue
        listed = layout.listed()
        report.sources.update((rel, path) for rel, path, _ in listed)
        snapshot = None
        if cache is not None:
            snapshot = _Snapshot(cache, layout, listed, stamp)
            if record is not None and not record.keep(None if fresh else position, layout,
                                                      snapshot.key, snapshot.parts(layout),
                                                      listed):
                record = None  # something in it the record cannot vouch for: not kept
            result_key = snapshot.result_key(layout, selection) if contexts is None else None
            hit = cache.get_result(result_key) if result_key is not None else None
            if hit is not None:
                outcomes.append(hit)
                _tell(on_unit, hit, report.sources)
                continue
        todo.append(_Job(len(outcomes), layout, snapshot))
        outcomes.append(None)
    if todo:
        rules = _Rules(selection)
        jobs = _jobs(todo) if contexts is None else 1
        if jobs > 1:
            for position, outcome in _in_parallel(todo, rules, selection, wants_schema, jobs):
                outcomes[todo[position].index] = outcome
                _tell(on_unit, outcome, report.sources)
        else:
            for position, job in enumerate(todo):
                outcome, ctx = _run(job, rules, selection, wants_schema, contexts is not None)
                outcomes[job.index] = outcome
                _tell(on_unit, outcome, report.sources)
                if contexts is not None:
                    assert ctx is not None
                    contexts.append(ctx)
                # Let go of the unit's models and snapshot before the next unit is read.
                todo[position] = _Job(job.index, job.layout, None)
                del ctx
    if record is not None:
        record.save(report.base)
    collected: list[Diagnostic] = []
    for finished in outcomes:
        assert finished is not None
        _add_unit(report, collected, *finished)
    _cap(report, collected)
    return report


def _tell(on_unit: UnitDone | None, outcome: Outcome, sources: Mapping[str, Path]) -> None:
    """One unit's diagnostics to `on_unit`, sorted and capped per file as in the report."""
    if on_unit is not None:
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
                 ) -> list[ForumLayout | None] | None:
    """The units of a warm record: None for each answered from it (its outcome in `answered`),
    else the unit discovered again; None when that fails (then everything is discovered)."""
    units: list[ForumLayout | None] = []
    for position in range(len(record.units)):
        hit = record.answer(position, selection)
        if hit is not None:
            answered[position] = hit
            units.append(None)
            continue
        layout = record.rediscover(position)
        if layout is None:
            return None
        units.append(layout)
    return units


Outcome = tuple[list[Diagnostic], int, dict[str, int]]


class _Rules:
    """The selected rules, imported only once a unit needs validating (not on a cache hit)."""

    def __init__(self, selection: Selection) -> None:
        self.selection = selection
        self._rules: list[Rule] | None = None

    def get(self) -> list[Rule]:
        if self._rules is None:
            from ..rules import RULES

            self._rules = [rule for rule in RULES if self.selection.wants(rule.code)]
        return self._rules


@dataclass
class _Job:
    """A unit to validate: where its outcome goes, its layout, and its files' snapshot."""

    index: int
    layout: ForumLayout
    snapshot: _Snapshot | None


def _run(job: _Job, rules: _Rules, selection: Selection, wants_schema: bool,
         with_context: bool) -> tuple[Outcome, ForumContext | None]:
    """One unit: from the cache when its content is known there, else validated (and kept)."""
    snapshot = job.snapshot
    if snapshot is None:
        found, files, overflow, ctx = _validate_unit(job.layout, rules.get(), selection,
                                                     wants_schema, None)
        return (found, files, overflow), ctx if with_context else None
    snapshot.read()
    result_key = snapshot.result_key(job.layout, selection)
    if result_key is not None and not with_context:
        # Files were touched or rewritten with the same content: the result still holds.
        hit = snapshot.cache.get_result(result_key)
        if hit is not None:
            snapshot.save()
            return hit, None
    unit_cache = _UnitCache(snapshot.cache, job.layout, snapshot)
    found, files, overflow, ctx = _validate_unit(job.layout, rules.get(), selection,
                                                 wants_schema, unit_cache)
    unit_cache.save()
    if result_key is not None and not snapshot.unstable and not ctx.volatile:
        snapshot.cache.put_result(result_key, found, files, overflow)
    snapshot.save()
    return (found, files, overflow), ctx if with_context else None


# --- two processes for large cold runs ---------------------------------------------------

PARALLEL_MIN_FILES = 250  # below this, starting a worker costs more than it saves


def _jobs(todo: Sequence[_Job]) -> int:
    """How many processes to validate `todo` with: KOMP_JOBS, else 2 for large runs."""
    import sys

    if len(todo) < 2 or sys.platform != "linux":  # fork is cheap and safe only there
        return 1
    configured = os.environ.get("KOMP_JOBS", "").strip()
    if configured.isdigit():
        return max(1, min(int(configured), len(todo)))
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    files = sum(len(job.layout.paths()) for job in todo)
    if cpus < 2 or files < PARALLEL_MIN_FILES:
        return 1
    # A second process pays only with a core to spare: on a busy machine (CI runners, a test
    # suite in the background) the two processes share one core and lose a few per cent.
    try:
        spare = cpus - os.getloadavg()[0]
    except OSError:
        spare = 1.0
    return 2 if spare >= 0.75 else 1


_SHARED: tuple[Any, ...] | None = None  # what forked workers inherit (not pickled)


def _work(position: int) -> tuple[int, Outcome]:
    assert _SHARED is not None
    todo, rules, selection, wants_schema = _SHARED
    outcome, _ = _run(todo[position], rules, selection, wants_schema, False)
    return position, outcome


def _ignore_interrupt() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the pool and exits with 130);
    a worker that took it too would print its own traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _in_parallel(todo: Sequence[_Job], rules: _Rules, selection: Selection,
                 wants_schema: bool, jobs: int) -> Iterator[tuple[int, Outcome]]:
    """Validate the units in `jobs` forked processes; only the diagnostics travel back, each
    unit's (its position in `todo`, its outcome) as soon as it is done.

    The heavy modules are imported before forking, so the workers share them instead of each
    importing them again. Each worker reads, validates and caches its units itself.
    """
    global _SHARED
    import multiprocessing

    from . import conditions, load, schema  # noqa: F401  # imported once, before the fork

    rules.get()

    _SHARED = (todo, rules, selection, wants_schema)
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_ignore_interrupt) as pool:
            # Largest units first, so that one big forum does not finish last on its own.
            order = sorted(range(len(todo)), key=lambda i: -len(todo[i].layout.paths()))
            yield from pool.imap_unordered(_work, order, chunksize=1)
    finally:
        _SHARED = None


def _layout_parts(layout: ForumLayout) -> list[str]:
    """The parts of a unit's layout that shape its diagnostics, apart from file contents."""
    parts = [str(layout.folder.resolve()), str(layout.partnerships_only),
             layout.rel(layout.forum_file) if layout.forum_file is not None else ""]
    for partnership in layout.partnerships:
        parts += ["partnerskap", partnership.slug, *sorted(partnership.files)]
    parts += [repr(d) for d in layout.diagnostics]
    return parts


def _validate_unit(layout: ForumLayout, rules: Sequence[Rule], selection: Selection,
                   wants_schema: bool, unit_cache: _UnitCache | BufferChecker | None,
                   ) -> tuple[list[Diagnostic], int, dict[str, int], ForumContext]:
    """The selected diagnostics of one unit, its number of files, uncounted errors, context."""
    from .conditions import conditional_requirements

    ctx, diagnostics, files = check_layout(layout, unit_cache)
    ctx.dato = selection.dato
    diagnostics.extend(conditional_requirements(ctx))
    diagnostics.extend(run_rules(ctx, rules, getattr(unit_cache, "rule_memo", None),
                                 unit_cache if isinstance(unit_cache, _UnitCache) else None))
    found = [d for d in diagnostics if selection.wants(d.code)
             and (selection.infos or d.severity is not Severity.INFO)]
    overflow = overflow_of(ctx) if wants_schema else {}
    return found, files, overflow, ctx


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


class BufferChecker:
    """Checks the files of a unit from given contents where there are some, else from disk.

    An editor's unsaved buffers come in `overrides` (by the paths discovery gives). Each file's checked
    result is kept with the bytes it came from, so a later run reads and checks again only the
    files whose contents changed; a file on disk is read again only when its size or time of
    change differ. The checked results are shared between runs, which is safe because rules
    only read them.
    """

    def __init__(self) -> None:
        self.overrides: dict[Path, bytes] = {}
        self.rule_memo: dict[str, tuple[list[Any], list[Diagnostic]]] = {}
        self._checked: dict[Path, tuple[bytes, Checked]] = {}
        self._disk: dict[Path, bytes] = {}

    def contents(self, path: Path) -> bytes | None:
        """What `path` holds now: its buffer, else its bytes on disk (None when unreadable).

        Bytes read from disk are kept until `reread` says the disk may have changed.
        """
        if path in self.overrides:
            return self.overrides[path]
        known = self._disk.get(path)
        if known is not None:
            return known
        try:
            from .load import MAX_BYTES

            if path.stat().st_size > MAX_BYTES:
                return None
            raw = path.read_bytes()
        except OSError:
            return None
        self._disk[path] = raw
        return raw

    def reread(self) -> None:
        """Files on disk may have changed (a save, a file created or deleted): read them again."""
        self._disk.clear()

    def check(self, kind: Any, rel: str, path: Path) -> Checked:
        from .load import load_bytes
        from .schema import check_file

        raw = self.contents(path)
        if raw is None:  # unreadable or too large: the disk reader says which
            return check_file(kind, read_file(rel, path))
        key = path
        known = self._checked.get(key)
        if known is not None and known[0] == raw and known[1].kind is kind \
                and known[1].loaded.path == rel:
            return known[1]
        checked = check_file(kind, load_bytes(rel, raw))
        self._checked[key] = (raw, checked)
        return checked

    def forget(self, keep: Iterable[Path]) -> None:
        """Drop what is kept for files not in `keep` (files deleted or left)."""
        wanted = set(keep) | set(self.overrides)
        for store in (self._checked, self._disk):
            for key in [k for k in store if k not in wanted]:
                del store[key]


def validate_unit(layout: ForumLayout, checker: BufferChecker,
                  selection: Selection | None = None) -> tuple[Report, ForumContext]:
    """Validate one unit as `komp validate` does, reading files through `checker`.

    For the language server: the same diagnostics (codes, positions, messages, hints, the same
    cap per file) from the editor's unsaved buffers, and the unit's models for hover, completion
    and references.
    """
    from ..rules import RULES

    selection = selection or Selection()
    wants_schema = any(selection.wants(code) for code in ("K101", "K102", "K103", "K120", "K121"))
    rules = [rule for rule in RULES if selection.wants(rule.code)]
    found, files, overflow, ctx = _validate_unit(layout, rules, selection, wants_schema, checker)
    report = Report()
    report.sources.update((layout.rel(path), path) for path in layout.paths())
    collected: list[Diagnostic] = []
    _add_unit(report, collected, found, files, overflow)
    _cap(report, collected)
    return report, ctx
