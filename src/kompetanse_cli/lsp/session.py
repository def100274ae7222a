"""What the language server knows: the open buffers, the units they belong to, and each unit's
last validation, plus the questions editors ask of them (what is at a position, what an id
names, where it is used, what may be written here).

Nothing here knows the protocol: `lsp.py` turns requests into calls and answers into messages.
Diagnostics come from the engine (`engine.validate_unit`), the same pipeline as `komp
validate`; this module only keeps its results and reads the buffers' YAML for positions.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import yaml

from ..diagnostics import Diagnostic, Report, UsageError
from ..pipeline import validate, validate_unit
from ..pipeline.buffers import BufferChecker
from ..pipeline.cache import Cache, PackWriter
from ..pipeline.discover import FORUM_FILENAME, KNOWN_PARTNERSHIP_FILENAMES, ForumLayout, discover

if TYPE_CHECKING:  # the planning files' models cost the server's start-up 0.15 s to import
    from ..domain.planfiles import KeyPath

FILENAMES = (FORUM_FILENAME, *KNOWN_PARTNERSHIP_FILENAMES)


# --- units -----------------------------------------------------------------------------------


def unit_folder(path: Path) -> Path:
    """The folder `komp validate` is pointed at for this file: its forum, else its partnership."""
    folder = path.parent
    if path.name == FORUM_FILENAME:
        return folder
    if folder.parent.name == "partnerskap" and (
            (folder.parent.parent / FORUM_FILENAME).is_file()):
        return folder.parent.parent
    return folder


@dataclass
class Unit:
    """One forum (or lone partnership) as validated last: its layout, report and models."""

    folder: Path
    layout: ForumLayout
    checker: BufferChecker = field(default_factory=BufferChecker)
    report: Report | None = None
    ctx: Any = None
    published: dict[Path, tuple[Diagnostic, ...]] = field(default_factory=dict)

    def path_of(self, rel: str) -> Path:
        """The file a diagnostic names (a finding about the whole forum goes to forum.yaml)."""
        if not rel:
            return self.layout.forum_file or self.folder / FORUM_FILENAME
        return self.layout.base / rel

    def diagnostics_by_file(self) -> dict[Path, tuple[Diagnostic, ...]]:
        out: dict[Path, list[Diagnostic]] = {path: [] for path in self.layout.paths()}
        for diagnostic in self.report.diagnostics if self.report is not None else ():
            out.setdefault(self.path_of(diagnostic.file), []).append(diagnostic)
        return {path: tuple(found) for path, found in out.items()}


class Session:
    """The buffers the editor has open and the units they belong to."""

    def __init__(self, cache_dir: Path | None = None, jobs: int | None = None) -> None:
        self.buffers: dict[Path, str] = {}
        self.units: dict[Path, Unit] = {}
        self.initial: dict[Path, tuple[Diagnostic, ...]] = {}
        self.cache_dir = cache_dir  # where `komp validate`'s cache lies (None: the user's)
        self.jobs = jobs  # how many processes a large check may use (None: komp decides)

    def check_workspace(self, folders: list[Path], on_unit: Published,
                        prefetch: Prefetch | None = None) -> int:
        """Validate every forum in the workspace folders as `komp validate FOLDER` does.

        The editor then lists the problems of every file, open or not, as early as `komp
        validate` would (with its cache and its processes), each unit's as soon as it is done
        (`on_unit`); the first edit in a unit then validates that unit in this process and keeps
        its models. A `prefetch` that checked the same folders while the server started gives
        its units instead. Returns the number of files read.
        """

        def told(found: FoundByFile) -> None:
            self.initial.update(found)
            on_unit(found)

        files = prefetch.replay(folders, told) if prefetch is not None else None
        if files is None:  # no child, or one that did not finish: checked here, from the start
            before = set(self.initial)
            self.initial.clear()
            files = check_folders(folders, told, cache_dir=self.cache_dir, jobs=self.jobs)
            on_unit({path: () for path in before - set(self.initial)})
        return files

    def unit_for(self, path: Path) -> Unit | None:
        folder = unit_folder(path)
        unit = self.units.get(folder)
        if unit is None:
            try:
                layouts = discover(folder)
            except (UsageError, OSError):
                return None
            if not layouts:
                return None
            unit = Unit(folder, layouts[0])
            unit.published = {path: self.initial[path] for path in unit.layout.paths()
                              if path in self.initial}
            self.units[folder] = unit
        return unit

    def rediscover(self) -> None:
        """Files were created, deleted or saved: find each unit's files and read the disk again."""
        for folder, unit in list(self.units.items()):
            try:
                layouts = discover(folder)
            except (UsageError, OSError):
                del self.units[folder]
                continue
            unit.layout = layouts[0]
            unit.checker.reread()
            unit.checker.forget(unit.layout.paths())

    def validate(self, unit: Unit) -> None:
        """Validate the unit with the open buffers in place of the files on disk."""
        unit.checker.overrides = {path: text.encode("utf-8") for path, text in self.buffers.items()}
        unit.report, unit.ctx = validate_unit(unit.layout, unit.checker)

    def text(self, path: Path) -> str | None:
        if path in self.buffers:
            return self.buffers[path]
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None


FoundByFile = dict[Path, tuple[Diagnostic, ...]]
Published = Callable[[FoundByFile], None]


def check_folders(folders: list[Path], on_unit: Published, cache: Cache | None = None, *,
                  cache_dir: Path | None = None, jobs: int | None = None) -> int:
    """`komp validate` of each folder (with its cache, the one in `cache_dir` unless `cache`;
    in up to `jobs` processes), each unit's diagnostics by file to `on_unit` as soon as the
    unit is done; returns the files read."""
    from ..pipeline.cache import open_cache

    def told(diagnostics: list[Diagnostic], sources: Mapping[str, Path]) -> None:
        found: dict[Path, list[Diagnostic]] = {}
        for diagnostic in diagnostics:
            path = sources.get(diagnostic.file)
            if path is not None:
                found.setdefault(path.resolve(), []).append(diagnostic)
        on_unit({path: tuple(diagnostics) for path, diagnostics in found.items()})

    files = 0
    for folder in folders:
        try:
            report = validate([folder], cache=cache or open_cache(True, cache_dir), on_unit=told,
                              jobs=jobs)
        except (UsageError, OSError):
            continue
        files += report.files
    return files


class _LaterCache(Cache):
    """The user's cache, but what this process writes waits for `flush`: the editor gets the
    diagnostics first. Forked workers (komp's second process) write at once as usual."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.owner = os.getpid()
        self.later: list[tuple[Callable[..., None], tuple[Any, ...]]] = []

    def _keep(self, write: Callable[..., None], *args: Any) -> None:
        if os.getpid() == self.owner:
            self.later.append((write, args))
        else:
            write(*args)

    def put_stats(self, *args: Any) -> None:
        self._keep(super().put_stats, *args)

    def put_record(self, *args: Any) -> None:
        self._keep(super().put_record, *args)

    def put_result(self, *args: Any) -> None:
        self._keep(super().put_result, *args)

    def put_pack(self, *args: Any) -> None:
        self._keep(super().put_pack, *args)

    def open_pack(self, key: str) -> PackWriter | None:
        # written whole by `put_pack`, after the editor has the diagnostics
        return super().open_pack(key) if os.getpid() != self.owner else None

    def flush(self) -> None:
        for write, args in self.later:
            write(*args)
        self.later.clear()


class Prefetch:
    """The workspace checked in a forked process while the server itself starts.

    Editors start a language server in the workspace folder, and the server needs most of a
    second to import the protocol's library before it can even hear which folder that is. A
    child forked at once (before those imports) checks the current folder meanwhile, on the
    other core, and sends each unit's diagnostics as it is done; when the editor names that
    very folder, they are taken as they come, otherwise the child is stopped and the server
    checks the named folders itself. The child writes the cache after its last unit is sent.
    """

    def __init__(self, folder: Path, cache_dir: Path | None = None,
                 jobs: int | None = None) -> None:
        self.folder = folder
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never touches the editor's stdin and stdout
            status = 1
            try:
                os.close(read)
                devnull = os.open(os.devnull, os.O_RDWR)
                os.dup2(devnull, 0)
                os.dup2(devnull, 1)
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                status = self._child(folder, write, cache_dir, jobs)
            finally:
                os._exit(status)
        os.close(write)
        self.fd = read

    @classmethod
    def start(cls, cache_dir: Path | None = None, jobs: int | None = None) -> Prefetch | None:
        """A child checking the current folder (with the cache in `cache_dir`, in up to `jobs`
        processes), where forking is cheap and safe (Linux, as for komp's second process); None
        elsewhere or when there is no current folder."""
        import sys

        if sys.platform != "linux":
            return None
        try:
            return cls(Path.cwd(), cache_dir, jobs)
        except OSError:  # the folder was removed, or no process could be started
            return None

    @staticmethod
    def _child(folder: Path, fd: int, cache_dir: Path | None, jobs: int | None) -> int:
        from ..pipeline.cache import default_dir

        cache = _LaterCache(cache_dir or default_dir())
        with os.fdopen(fd, "wb") as out:

            def send(kind: bytes, payload: Any) -> None:
                data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
                out.write(kind + len(data).to_bytes(8, "big") + data)
                out.flush()

            send(b"E", check_folders([folder], lambda found: send(b"U", found), cache, jobs=jobs))
        cache.flush()
        return 0

    def replay(self, folders: list[Path], on_unit: Published) -> int | None:
        """The child's units to `on_unit` as they come, then the files read; None (the child
        stopped) when it checked other folders than `folders` or did not finish."""
        if self.fd < 0:
            return None
        if [f.resolve() for f in folders] != [self.folder.resolve()]:
            self.stop()
            return None
        with os.fdopen(self.fd, "rb") as stream:
            self.fd = -1
            while True:
                head = stream.read(9)
                data = stream.read(int.from_bytes(head[1:], "big")) if len(head) == 9 else b""
                try:
                    payload = pickle.loads(data)
                except Exception:  # a child that died half-way: check again
                    payload = None
                if head[:1] == b"U" and isinstance(payload, dict):
                    on_unit(payload)
                elif head[:1] == b"E" and isinstance(payload, int):
                    threading.Thread(target=os.waitpid, args=(self.pid, 0), daemon=True).start()
                    return payload
                else:
                    self._reap()
                    return None

    def stop(self) -> None:
        """Stop the child if it still runs (the server is leaving, or checks other folders)."""
        if self.fd < 0:
            return
        os.close(self.fd)
        self.fd = -1
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        self._reap()

    def _reap(self) -> None:
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)


# --- positions in a buffer ---------------------------------------------------------------------


def compose(text: str) -> yaml.Node | None:
    """The node tree of a buffer (None when it is not YAML, as while typing)."""
    from ..pipeline.load import _Loader

    try:
        return yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None


def key_value(node: yaml.Node) -> Any:
    from ..pipeline.load import _key_value

    return _key_value(node) if isinstance(node, yaml.ScalarNode) else None


@dataclass(frozen=True)
class Spot:
    """A scalar in a buffer: its key path, whether it is a mapping key, its text and place."""

    path: KeyPath
    is_key: bool
    value: str
    node: yaml.Node


def walk(node: yaml.Node | None, path: KeyPath = ()) -> Iterator[Spot]:
    """Every scalar of a tree, keys included, with its path."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = key_value(k)
            if isinstance(k, yaml.ScalarNode):
                yield Spot((*path, key), True, k.value, k)
            yield from walk(v, (*path, key))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from walk(item, (*path, index))
    elif isinstance(node, yaml.ScalarNode):
        yield Spot(path, False, node.value, node)


def contains(node: yaml.Node, line: int, column: int) -> bool:
    """True when the 0-based (line, column in code points) lies inside the node."""
    start, end = node.start_mark, node.end_mark
    return (start.line, start.column) <= (line, column) <= (end.line, end.column)


def spot_at(root: yaml.Node | None, line: int, column: int) -> Spot | None:
    """The scalar at a position, if there is one."""
    return next((s for s in walk(root) if contains(s.node, line, column)), None)


def mapping_items(root: yaml.Node | None, path: KeyPath) -> list[tuple[yaml.Node, yaml.Node]]:
    node = node_at(root, path)
    return list(node.value) if isinstance(node, yaml.MappingNode) else []


def node_at(root: yaml.Node | None, path: KeyPath) -> yaml.Node | None:
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if key_value(k) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node


# --- the JSON Schema of each file kind, walked by key path ------------------------------------


@cache
def _schema(kind_name: str) -> dict[str, Any]:
    from ..jsonschema import schema_for

    return schema_for(kind_name)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    """A schema node with its $ref followed and its anyOf/oneOf branches listed."""
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        node = {**schema["$defs"][ref.split("/")[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    branches = node.get("anyOf") or node.get("oneOf")
    if branches:
        out = []
        for branch in branches:
            for resolved in _resolve(schema, branch):
                merged = {**{k: v for k, v in node.items() if k not in ("anyOf", "oneOf")}, **resolved}
                out.append(merged)
        return out
    return [node]


def schema_at(kind_name: str, path: KeyPath) -> list[dict[str, Any]]:
    """The schema nodes (one per branch) that describe the value at `path` in a file."""
    schema = _schema(kind_name)
    nodes = _resolve(schema, schema)
    for part in path:
        following: list[dict[str, Any]] = []
        for node in nodes:
            if isinstance(part, int) and node.get("type") == "array" and "items" in node:
                following.extend(_resolve(schema, node["items"]))
            elif node.get("type") == "object" or "properties" in node:
                props = node.get("properties", {})
                if str(part) in props:
                    following.extend(_resolve(schema, props[str(part)]))
                elif isinstance(node.get("additionalProperties"), dict):
                    following.extend(_resolve(schema, node["additionalProperties"]))
        nodes = following
    return nodes


def properties_at(kind_name: str, path: KeyPath) -> dict[str, dict[str, Any]]:
    """The keys a mapping at `path` may have, with their schema nodes."""
    out: dict[str, dict[str, Any]] = {}
    for node in schema_at(kind_name, path):
        out.update(node.get("properties", {}))
    return out


def enum_at(kind_name: str, path: KeyPath) -> list[Any]:
    values: list[Any] = []
    for node in schema_at(kind_name, path):
        for value in node.get("enum", []):
            if value not in values:
                values.append(value)
        if node.get("type") == "boolean":
            values += [v for v in (True, False) if v not in values]
    return values


def field_doc(kind_name: str, path: KeyPath) -> str | None:
    """A key's documentation: its title, description and an example."""
    if not path:
        return None
    parent = properties_at(kind_name, path[:-1])
    prop = parent.get(str(path[-1]))
    if prop is None:
        return None
    resolved = _resolve(_schema(kind_name), prop)
    title = prop.get("title") or resolved[0].get("title") or str(path[-1])
    description = prop.get("description") or next(
        (r["description"] for r in resolved if r.get("description")), "")
    lines = [f"**{title}** (`{path[-1]}`)", "", description]
    enum = enum_at(kind_name, path)
    if enum:
        lines += ["", "Tillatt: " + ", ".join(f"`{v}`" for v in enum)]
    examples = prop.get("examples") or next((r["examples"] for r in resolved if r.get("examples")), None)
    if examples:
        lines += ["", f"Eksempel: `{examples[0]}`"]
    return "\n".join(lines).strip()


# --- ids and what refers to them ---------------------------------------------------------------

# (file kind, key path pattern, what it names): `*` is any list index, `@` any mapping key (the
# key itself names the thing), `#` any mapping key on the way.
Pattern: TypeAlias = "tuple[tuple[str, KeyPath, str], ...]"
DEFINITIONS: Pattern = (
    ("behov", ("behov", "*", "id"), "behov"),
    ("prioriteringer", ("prioriteringer", "*", "id"), "prioritering"),
    ("tiltak", ("tiltak", "*", "id"), "tiltak"),
    ("partnerskap", ("enheter", "*", "id"), "enhet"),
    ("partnerskap", ("eiere", "*", "orgnr"), "orgnr"),
    ("partnerskap", ("uh", "*", "orgnr"), "orgnr"),
    ("partnerskap", ("tilbydere", "*", "orgnr"), "orgnr"),
    ("forum", ("medlemmer", "*", "navn"), "medlem"),
    ("forum", ("plan", "fokusomraader", "*", "navn"), "fokusomraade"),
)
REFERENCES: Pattern = (
    ("tiltak", ("tiltak", "*", "prioriteringer", "*"), "prioritering"),
    ("tiltak", ("tiltak", "*", "deltakere", "enheter", "*"), "enhet"),
    ("tiltak", ("tiltak", "*", "partnere", "*"), "orgnr"),
    ("tiltak", ("tiltak", "*", "budsjett", "#", "#", "@"), "orgnr"),
    ("prioriteringer", ("prioriteringer", "*", "behov", "*"), "behov"),
    ("behov", ("behov", "*", "enheter", "*"), "enhet"),
    ("behov", ("behov", "*", "eier"), "orgnr"),
    ("partnerskap", ("enheter", "*", "eier"), "orgnr"),
    ("partnerskap", ("mottaker",), "orgnr"),
    ("forum", ("beslutning", "stemmer", "*", "medlem"), "medlem"),
    ("forum", ("justeringer", "*", "tiltak"), "tiltak"),
    ("tiltak", ("tiltak", "*", "fokusomraader", "*"), "fokusomraade"),
    ("rapport", ("rapport", "*", "tiltak", "*", "id"), "tiltak"),
    ("rapport", ("rapport", "*", "tiltak", "*", "deltakere", "enheter", "*"), "enhet"),
    ("rapport", ("rapport", "*", "tiltak", "*", "brukt", "#", "@"), "orgnr"),
    ("rapport", ("rapport", "*", "tiltak", "*", "egenandel", "@"), "orgnr"),
)
# The files that name a partnership's measures by their own id.
MEASURE_FILES = ("tiltak", "rapport")
WHAT = {"behov": "behov", "prioritering": "prioritering", "tiltak": "tiltak", "enhet": "enhet",
        "orgnr": "organisasjon", "medlem": "medlem", "fokusomraade": "fokusområde"}
# What the forum names in the partnerships, and what the partnerships name in the forum: a
# measure in `justeringer` is `<partnership>/<id>`; focus areas and members are the forum's own.
FORUM_WIDE = ("tiltak", "fokusomraade", "medlem")


def _matches(pattern: KeyPath, spot: Spot) -> bool:
    if len(pattern) != len(spot.path):
        return False
    for index, (want, have) in enumerate(zip(pattern, spot.path, strict=True)):
        last = index == len(pattern) - 1
        if want == "*":
            if not isinstance(have, int) or (spot.is_key and last):
                return False
        elif want == "@":
            if not (last and spot.is_key):
                return False
        elif want == "#":
            continue
        elif want != have:
            return False
    return bool(spot.is_key == (pattern[-1] == "@"))


def symbol_of(kind_name: str, spot: Spot) -> tuple[str, str, bool] | None:
    """(what, id, is_definition) when the scalar defines or names an id."""
    for kind, pattern, what in DEFINITIONS:
        if kind == kind_name and _matches(pattern, spot):
            return what, _normal(what, spot.value), True
    for kind, pattern, what in REFERENCES:
        if kind == kind_name and _matches(pattern, spot):
            return what, _normal(what, spot.value), False
    return None


def _normal(what: str, text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit()) if what == "orgnr" else text.strip()


@dataclass(frozen=True)
class Occurrence:
    """Where an id is defined or named."""

    path: Path
    spot: Spot
    what: str
    ident: str
    definition: bool


def unit_files(unit: Unit, path: Path) -> list[tuple[str, Path, str]]:
    """The files whose ids `path` can name or be named by: (kind, path, partnership slug).

    A partnership's own files, and the forum file; from the forum file, every partnership's
    measures (for `justeringer`).
    """
    out: list[tuple[str, Path, str]] = []
    forum = unit.layout.forum_file
    for partnership in unit.layout.partnerships:
        files = partnership.files.values()
        if path in files:
            out += [(name[:-5], file, partnership.slug) for name, file in partnership.files.items()]
        elif path == forum and "tiltak.yaml" in partnership.files:
            out.append(("tiltak", partnership.files["tiltak.yaml"], partnership.slug))
    if forum is not None:
        out.append(("forum", forum, ""))
    return out


def occurrences(session: Session, unit: Unit, path: Path) -> list[Occurrence]:
    """Every definition of and reference to an id that `path` can see (see `unit_files`).

    Measures are named `<partnership>/<id>` wherever the forum file is involved, so that the
    forum's `justeringer` and each partnership's own ids meet.
    """
    out: list[Occurrence] = []
    from_forum = path == unit.layout.forum_file
    for kind, file, slug in unit_files(unit, path):
        if from_forum and kind == "tiltak" and file != path:
            wanted: tuple[str, ...] = ("tiltak",)
        elif kind == "forum" and not from_forum:
            wanted = FORUM_WIDE
        else:
            wanted = ()
        text = session.text(file)
        if text is None:
            continue
        for spot in walk(compose(text)):
            found = symbol_of(kind, spot)
            if found is None or (wanted and found[0] not in wanted):
                continue
            what, ident, definition = found
            if what == "tiltak" and kind in MEASURE_FILES and slug:
                ident = f"{slug}/{ident}"
            out.append(Occurrence(file, spot, what, ident, definition))
    return out


def symbol_in(unit: Unit, path: Path, kind: str, spot: Spot) -> tuple[str, str, bool] | None:
    """`symbol_of`, with a measure's id named as the forum names it: `<partnership>/<id>`."""
    found = symbol_of(kind, spot)
    if found is not None and found[0] == "tiltak" and kind in MEASURE_FILES:
        slug = next((p.slug for p in unit.layout.partnerships if path in p.files.values()), "")
        if slug:
            return found[0], f"{slug}/{found[1]}", found[2]
    return found


def describe(session: Session, definition: Occurrence, base: Path) -> str:
    """What a definition names: its id, title or name, and where it stands."""
    text = session.text(definition.path) or ""
    parent = node_at(compose(text), definition.spot.path[:-1])
    title = ""
    extra = ""
    if isinstance(parent, yaml.MappingNode):
        values = {key_value(k): v for k, v in parent.value}
        for key in ("tittel", "navn"):
            node = values.get(key)
            if isinstance(node, yaml.ScalarNode):
                title = node.value
                break
        if definition.what == "orgnr":
            extra = {"eiere": "eier", "uh": "universitet eller høyskole",
                     "tilbydere": "kompetansetilbyder"}.get(str(definition.spot.path[0]), "")
    line = definition.spot.node.start_mark.line + 1
    try:
        shown = definition.path.relative_to(base).as_posix()
    except ValueError:
        shown = definition.path.as_posix()
    head = f"**{WHAT[definition.what]} {definition.ident}**"
    if title:
        head += f": {title}"
    if extra:
        head += f" ({extra})"
    return f"{head}\n\n{shown}, linje {line}"
