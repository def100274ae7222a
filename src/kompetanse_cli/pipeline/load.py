"""Reading planning files: bytes to plain data plus a source map, or located diagnostics.

libyaml (through PyYAML's C binding) parses the text; this module builds plain Python values
straight from its events with its own YAML 1.2 scalar resolution (`no`, `on` stay text, `0301`
stays text, dates stay text for the models to parse) and refuses what planning files never need:
tags, anchors and aliases, complex keys, deep nesting. No node tree is kept: a tree takes some
twenty-five times the file's size. A file with anything unusual in it (a tag, an anchor, a
duplicate key, a syntax error) is read again through libyaml's composer, whose node tree says
exactly where each problem is. Positions are worked out only when a message needs one (see
`SourceMap`).
"""

from __future__ import annotations

import collections
import contextlib
import gc
import hashlib
import marshal
import re
import sys
import weakref
from array import array
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ..diagnostics import Diagnostic, Span
from ..rules.k0_lesing import k001_yaml_syntaks as k001
from ..rules.k0_lesing import k002_dobbel_noekkel as k002
from ..rules.k0_lesing import k003_ikke_utf8 as k003
from ..rules.k0_lesing import k004_dokumentform as k004
from ..rules.k0_lesing import k005_ubrukt_yaml as k005

if TYPE_CHECKING:
    import pathlib

    from ..domain.planfiles import KeyPath


MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

_INT = re.compile(r"[-+]?(?:0|[1-9](?:_?[0-9])*)\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_SPECIAL_FLOATS = {
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}
_MAYBE_NOT_STR = frozenset("-+.0123456789~nNtTfF")


class _Loader(yaml.CSafeLoader):  # type: ignore[misc,unused-ignore]  # without stubs: Any
    """libyaml's composer with no implicit resolution: every untagged scalar arrives as text.

    `resolve` is called only for nodes without an explicit tag; answering with the plain
    default tag here (instead of PyYAML's regex-driven resolver) halves the time to compose.
    """

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    # The composer tells the resolver about every node it enters and leaves, for path-based
    # resolvers komp does not use: two calls per node, about a tenth of composing as Python
    # methods. Two built-in types take the calls instead (no Python frame, nothing kept):
    # `slice(node, index)` and `tuple()`; a class attribute that is a type is not bound.
    descend_resolver = slice  # type: ignore[assignment]  # called, never looked at
    ascend_resolver = tuple  # type: ignore[assignment]


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar under YAML 1.2's core schema.

    Two deliberate differences: digits with a leading zero (`0301`, `03`) stay text, since in
    planning files they are always codes; and `1_250_000` is an integer, as the file format allows.
    """
    if not text:
        return None
    if text[0] not in _MAYBE_NOT_STR or len(text) > 400:
        # (a number of hundreds of digits is never meant as one, and Python refuses to convert
        # integers of more than 4300 digits: it stays text, and the models say what is wrong)
        return text
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text.replace("_", ""))
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    if ("." in text or "e" in text or "E" in text) and _FLOAT.match(text) and text[-1] != "_":
        lead = text.lstrip("+-")
        if not (len(lead) > 1 and lead[0] == "0" and lead[1].isdigit()):
            try:
                return float(text.replace("_", ""))
            except ValueError:
                return text
    return text


# YAML 1.2 breaks lines only at LF, CR and CR LF; U+0085, U+2028 and U+2029 are ordinary
# characters (as in editors and `grep -n`), but libyaml reads them as line breaks, as YAML 1.1
# did. Before composing, each is swapped for a private-use character the text does not contain
# (one character for one, so every position stays right), and swapped back in the values.
_SEPARATORS = "\x85\u2028\u2029"


def protect_separators(text: str) -> tuple[str, dict[int, str] | None]:
    """`text` with U+0085/U+2028/U+2029 swapped out, and the table that swaps them back."""
    if text.isascii() or not any(c in text for c in _SEPARATORS):
        return text, None
    free = (chr(c) for c in range(0xF8FF, 0xE000, -1) if chr(c) not in text)
    stand_ins = {c: next(free) for c in _SEPARATORS}
    restore = {ord(stand_in): c for c, stand_in in stand_ins.items()}
    return text.translate({ord(c): s for c, s in stand_ins.items()}), restore


def restore_separators(value: Any, restore: dict[int, str]) -> Any:
    """`value` (plain data from a protected text) with the separators put back."""
    if isinstance(value, str):
        return value.translate(restore)
    if isinstance(value, list):
        return [restore_separators(item, restore) for item in value]
    if isinstance(value, dict):
        return {restore_separators(k, restore): restore_separators(v, restore)
                for k, v in value.items()}
    return value


class SourceMap:
    """Where each value and each mapping key of one file stands, looked up by key path.

    It holds the file's bytes and works positions out only when one is first asked for:
    positions are needed only for the few values that get a diagnostic. Then one pass over
    the parser's events records each node's start and end in a few flat arrays (`_Index`,
    a few bytes per node instead of a node tree's hundreds): the same bytes give the same
    events, so the positions are exactly those of the composed tree.

    `raw` may be a function that returns the bytes (or None when they are no longer the ones
    the file was checked with: then the map has no positions rather than wrong ones); a map
    without bytes has no positions. `root` composes the node tree, for `komp fmt`. Pickling
    keeps nothing (see `__reduce__`); the cache gives each unpickled file a map of its bytes.
    """

    __slots__ = ("_index", "_raw", "_root")

    def __init__(self) -> None:
        self._raw: bytes | Callable[[], bytes | None] | None = None
        self._root: yaml.Node | None = None
        self._index: _Index | bool | None = False  # False: not worked out yet

    def release(self) -> None:
        """Let go of the node tree, if one was composed, keeping the file's bytes."""
        self._root = None

    @classmethod
    def deferred(cls, raw: bytes | Callable[[], bytes | None]) -> SourceMap:
        """A map of the file with these bytes, worked out only when first needed."""
        source_map = cls()
        source_map._raw = raw
        return source_map

    def _text(self) -> str | None:
        """The file's text from its bytes, protected as for composing (None without them)."""
        raw = self._raw
        if callable(raw):
            raw = self._raw = raw()
        if raw is None:
            return None
        text = decode("", raw)
        return protect_separators(text)[0] if isinstance(text, str) else None

    @property
    def root(self) -> yaml.Node | None:
        """The file's composed node tree (None when it has none or cannot be composed)."""
        if self._root is None and self._raw is not None:
            text = self._text()
            if text is not None:
                with _no_collector():
                    try:
                        self._root = yaml.compose(text, Loader=_Loader)
                    except (yaml.YAMLError, RecursionError):
                        self._raw = None  # as for a fresh read: a file that fails has no map
        return self._root

    def __reduce__(self) -> tuple[type[SourceMap], tuple[()]]:
        return (SourceMap, ())

    def locate(self, path: KeyPath, *, key: bool = False) -> Span | None:
        """The span of `path` (its key when `key`), else that of its nearest existing parent."""
        index = self._index
        if index is False:
            text = self._text()
            with _no_collector():
                index = self._index = _Index.of_text(text) if text is not None else None
        if index is None or isinstance(index, bool):
            return None
        path = tuple(path)
        steps, node, key_node = index.walk(path)
        if key and key_node is not None and steps == len(path):
            return index.span(key_node)
        return index.span(node)


class _Index:
    """The nodes of a composed document in document order (as `yaml.compose` makes them), each
    with its kind, its start and end (line and column from 0, as libyaml counts them) and the
    node after its subtree; and the text of each scalar that is a mapping key or anchored.

    An alias is a node of its own that stands for its anchored node, as in the tree, where
    the alias is that node."""

    __slots__ = ("after", "aliases", "kinds", "marks", "plain", "texts")

    SCALAR, SEQUENCE, MAPPING, ALIAS = 0, 1, 2, 3

    def __init__(self) -> None:
        self.kinds = bytearray()
        self.marks = array("l")  # four per node: start line, start column, end line, end column
        self.after = array("l")
        self.texts: dict[int, str] = {}
        self.plain: set[int] = set()  # the scalars in `texts` that were written plain
        self.aliases: dict[int, int] = {}

    @classmethod
    def of_text(cls, text: str) -> _Index | None:
        """The index of `text`'s document, or None where `yaml.compose` would give no tree."""
        index = cls()
        kinds, marks, after, texts = index.kinds, index.marks, index.after, index.texts
        anchors: dict[str, int] = {}
        open_nodes: list[int] = []
        keys_next: list[bool] = []  # per open node: whether its next child is a mapping key
        parser = _Loader(text)
        try:
            get: Callable[[], Any] = parser.get_event  # events carry what their kind has
            get()  # the stream's start
            if get().__class__ is StreamEndEvent:
                return None  # no document
            while True:
                event = get()
                kind = event.__class__
                if kind is MappingEndEvent or kind is SequenceEndEvent:
                    node = open_nodes.pop()
                    keys_next.pop()
                    mark = event.end_mark
                    marks[4 * node + 2] = mark.line
                    marks[4 * node + 3] = mark.column
                    after[node] = len(kinds)
                    if not open_nodes:
                        break
                    continue
                node = len(kinds)
                after.append(node + 1)
                is_key = bool(keys_next) and keys_next[-1]
                if keys_next:
                    keys_next[-1] = kinds[open_nodes[-1]] == cls.MAPPING and not is_key
                if kind is AliasEvent:
                    target = anchors.get(event.anchor)
                    if target is None:
                        return None  # "found undefined alias"
                    index.aliases[node] = target
                    kinds.append(cls.ALIAS)
                    marks.extend((0, 0, 0, 0))
                    if not open_nodes:
                        break
                    continue
                anchor = event.anchor
                if anchor is not None:
                    if anchor in anchors:
                        return None  # "found duplicate anchor"
                    anchors[anchor] = node
                start = event.start_mark
                if kind is ScalarEvent:
                    end = event.end_mark
                    kinds.append(cls.SCALAR)
                    marks.extend((start.line, start.column, end.line, end.column))
                    if is_key or anchor is not None:
                        texts[node] = event.value
                        if not event.style:
                            index.plain.add(node)
                    if not open_nodes:
                        break  # a document that is one scalar
                    continue
                kinds.append(cls.MAPPING if kind is MappingStartEvent else cls.SEQUENCE)
                marks.extend((start.line, start.column, 0, 0))
                open_nodes.append(node)
                keys_next.append(kind is MappingStartEvent)
            get()  # the document's end
            if get().__class__ is DocumentStartEvent:
                return None  # "expected a single document in the stream"
        except (yaml.YAMLError, RecursionError):
            return None
        finally:
            parser.dispose()
        return index

    def _node(self, node: int) -> int:
        """The node itself, or for an alias its anchored node."""
        return self.aliases[node] if self.kinds[node] == self.ALIAS else node

    def walk(self, path: KeyPath) -> tuple[int, int, int | None]:
        """How many steps of `path` exist, the node they reach, and the key node of the last
        step (None when that step was not in a mapping or did not exist)."""
        kinds, after, texts = self.kinds, self.after, self.texts
        node = 0
        key_node = None
        for steps, part in enumerate(path):
            key_node = None
            kind = kinds[node]
            end = after[node]
            child = node + 1
            if kind == self.MAPPING:
                # Cheap text comparison first; full resolution only for a candidate.
                wanted = part if isinstance(part, str) else str(part)
                while child < end:
                    value = after[child]
                    key = self._node(child)
                    text = texts.get(key) if kinds[key] == self.SCALAR else None
                    if text is not None and (
                            text == wanted or text.replace("_", "").lstrip("+") == wanted) \
                            and self._key_value(key) == part:
                        node, key_node = self._node(value), key
                        break
                    child = after[value]
                else:
                    return steps, node, None
            elif kind == self.SEQUENCE and isinstance(part, int) and part >= 0:
                for _ in range(part):
                    if child >= end:
                        break
                    child = after[child]
                if child >= end:
                    return steps, node, None
                node = self._node(child)
            else:
                return steps, node, None
        return len(path), node, key_node

    def _key_value(self, node: int) -> Any:
        text = self.texts[node]
        value = _plain(text) if node in self.plain else text
        return text if isinstance(value, float) and value != value else value

    def span(self, node: int) -> Span:
        at = 4 * node
        line, column, end_line, end_column = self.marks[at:at + 4]
        return Span(line + 1, column + 1, end_line + 1, end_column + 1)


@contextlib.contextmanager
def _no_collector() -> Any:
    """The cyclic collector paused: parsing makes many objects and no cycles."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _key_value(node: yaml.ScalarNode) -> Any:
    value = _plain(node.value) if node.style in (None, "") else node.value
    return node.value if isinstance(value, float) and value != value else value


_RESOLVED: dict[str, Any] = {}
_MISSING = object()


def _plain(text: str) -> Any:
    """`resolve_plain`, remembered for short texts: the same keys and values (`tiltak`,
    `true`, `dekom`, years) recur thousands of times in a forum."""
    found = _RESOLVED.get(text, _MISSING)
    if found is _MISSING:
        found = resolve_plain(text)
        if len(text) <= 40 and len(_RESOLVED) < 50_000:
            if found.__class__ is str:
                text = found = sys.intern(found)  # one string, as for other short texts
            _RESOLVED[text] = found
    return found


class LoadedFile:
    """One file as read: its data (None when unreadable), source map and reading diagnostics.

    `pack` keeps the data as one marshal string instead of its dicts and lists (a fifth of
    the memory), for a file whose data is seldom read again: `data` then unpacks it when asked,
    and the last few files unpacked keep their data unpacked.
    """

    __slots__ = ("__weakref__", "_data", "_packed", "diagnostics", "path", "source_map")

    def __init__(self, path: str, data: Any, source_map: SourceMap,
                 diagnostics: list[Diagnostic]) -> None:
        self.path = path
        self._data = data
        self._packed: bytes | None = None
        self.source_map = source_map
        self.diagnostics = diagnostics

    @property
    def data(self) -> Any:
        data = self._data
        if data is _PACKED:
            assert self._packed is not None
            data = self._data = marshal.loads(self._packed)
            _UNPACKED.append(weakref.ref(self))
            if len(_UNPACKED) > _KEEP_UNPACKED:
                oldest = _UNPACKED.popleft()()
                if oldest is not None and oldest._packed is not None:
                    oldest._data = _PACKED
        return data

    @data.setter
    def data(self, value: Any) -> None:
        self._data, self._packed = value, None

    def packed(self) -> bytes:
        """The data as one marshal string (made once)."""
        if self._packed is None:
            self._packed = marshal.dumps(self.data, 4)
        return self._packed

    def pack_as(self, packed: bytes) -> None:
        """`pack`, with the marshal string of the data known already."""
        if self._data is not None:
            self._packed, self._data = packed, _PACKED

    def pack(self) -> None:
        """Let go of the data's objects; `data` unpacks them again when asked for."""
        if self._data is not None and self._data is not _PACKED:
            try:
                self.packed()
            except ValueError:  # a value marshal cannot write: the data stays as it is
                return
            self._data = _PACKED

    @property
    def ok(self) -> bool:
        return not self.diagnostics

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LoadedFile):
            return NotImplemented
        return (self.path, self.data, self.source_map, self.diagnostics) == (
            other.path, other.data, other.source_map, other.diagnostics)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LoadedFile({self.path!r}, {len(self.diagnostics)} diagnostics)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (LoadedFile, (self.path, self.data, self.source_map, self.diagnostics))


_PACKED: Any = object()  # `LoadedFile._data` of a packed file whose data is not unpacked
_KEEP_UNPACKED = 8
_UNPACKED: collections.deque[weakref.ref[LoadedFile]] = collections.deque()


def _span(node: yaml.Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _point(line0: int, col0: int) -> Span:
    return Span(line0 + 1, col0 + 1, line0 + 1, col0 + 2)


class _Refused(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class _Builder:
    """Builds plain data from a composed node tree, refusing what planning files never need."""

    def __init__(self, rel: str, track_aliases: bool) -> None:
        self.rel = rel
        self.seen: set[int] | None = set() if track_aliases else None
        self.duplicates: list[tuple[Span, str, Span]] = []

    def build(self, node: yaml.Node, depth: int) -> Any:
        seen = self.seen
        if seen is not None:
            node_id = id(node)
            if node_id in seen:
                raise _Refused(k005.alias(self.rel, _span(node)))
            seen.add(node_id)
        cls = node.__class__
        if cls is yaml.ScalarNode:
            if node.tag != _STR:
                raise self._refused_tag(node)
            value = node.value
            if cast(yaml.ScalarNode, node).style or (value and value[0] not in _MAYBE_NOT_STR):
                return value  # quoted, block, or plain text that cannot be anything else
            return _plain(value)
        if depth >= MAX_DEPTH:
            raise _Refused(k005.too_deep(self.rel, _span(node), MAX_DEPTH))
        build = self.build
        if cls is yaml.SequenceNode:
            if node.tag != _SEQ:
                raise self._refused_tag(node)
            return [build(item, depth + 1) for item in node.value]
        if node.tag != _MAP:
            raise self._refused_tag(node)
        result: dict[Any, Any] = {}
        first_keys: dict[Any, yaml.Node] | None = None
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                raise _Refused(k005.complex_key(self.rel, _span(key_node)))
            if key_node.tag != _STR:
                raise self._refused_tag(key_node)
            key = key_node.value
            if not key_node.style and (not key or key[0] in _MAYBE_NOT_STR):
                key = _key_value(key_node)
            if key in result:
                if first_keys is None:
                    first_keys = {}
                    for k, _ in node.value:
                        if k.__class__ is yaml.ScalarNode:
                            first_keys.setdefault(_key_value(k), k)
                self.duplicates.append((_span(key_node), key_node.value, _span(first_keys[key])))
                continue
            result[key] = build(value_node, depth + 1)
        return result

    def _refused_tag(self, node: yaml.Node) -> _Refused:
        return _Refused(k005.tag(self.rel, _span(node), node.tag.replace("tag:yaml.org,2002:", "!!")))


def _wide_encoding(raw: bytes) -> str | None:
    """"UTF-32" or "UTF-16" when the bytes are text in one of them (with or without a BOM)."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:4096]
    if b"\x00" not in head:  # UTF-8 text never holds NUL; UTF-16 and UTF-32 text always does
        return None
    head = head[: len(head) // 4 * 4]
    if len(head) < 4:
        return None
    zeros = [head[i::4].count(0) / (len(head) // 4) for i in range(4)]
    if (zeros[1] > 0.9 and zeros[2] > 0.9 and zeros[3] > 0.9) or \
            (zeros[0] > 0.9 and zeros[1] > 0.9 and zeros[2] > 0.9):
        return "UTF-32"
    even, odd = (zeros[0] + zeros[2]) / 2, (zeros[1] + zeros[3]) / 2
    if (odd > 0.3 and even < 0.05) or (even > 0.3 and odd < 0.05):
        return "UTF-16"
    return None


def decode(rel: str, raw: bytes) -> str | Diagnostic:
    """The text of a planning file (UTF-8, a BOM is fine), or a K003 at the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    wide = _wide_encoding(raw)
    if wide is not None:
        return k003.wide_encoding(rel, wide)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start
    before = raw[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return k003.bad_byte(rel, Span(line, column, line, column + 1), raw[offset])


def _char_at(text: str, line0: int, col0: int) -> str:
    lines = text.split("\n", line0 + 1)
    if line0 < len(lines) and col0 < len(lines[line0]):
        return lines[line0][col0]
    return ""


def _yaml_error_diagnostic(rel: str, exc: yaml.YAMLError, text: str) -> Diagnostic:
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml reads UTF-8, so its position counts bytes, not characters.
        before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return k003.control_character(rel, Span(line, column, line, column + 1), exc.character)
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    span = _point(mark.line, mark.column) if mark is not None else Span(1, 1, 1, 2)
    context = getattr(exc, "context", None) or ""
    if context.startswith("expected a single document") or problem.startswith("expected a single"):
        return k004.several_documents(rel, span)
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        problem = "found a tab character"
    return k001.diagnostic(rel, span, problem)


def load_text(rel: str, text: str, raw: bytes, *, tree: bool = False) -> LoadedFile:
    """Parse `text`, decoded from the bytes `raw`, as the planning file `rel` (with `tree`,
    the source map keeps the composed node tree: `komp fmt` reads the layout from it)."""
    # Reading creates many long-lived objects and no reference cycles; the cyclic collector
    # would only rescan them again and again (on a 10 MB file it tripled the time of reading and
    # of validating), so it pauses while reading, and the result is then frozen out of its
    # view. Frozen objects are still freed as usual when nothing refers to them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_text(rel, text, raw, tree)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


class _Unusual(Exception):
    """Something in the file the event reader leaves to the composer (to locate it exactly)."""


_KEY = object()  # in a mapping's slot for its pending key: a key comes next


def _from_events(text: str) -> Any:
    """The plain data of the document in `text`, built straight from libyaml's events; `_EMPTY`
    when there is no document. Raises `_Unusual` (or the parser's error) for anything that
    needs a diagnostic: tags, anchors, aliases, complex or duplicate keys, deep nesting,
    several documents, invalid YAML."""
    parser = _Loader(text)
    plain, maybe_not_str, intern = _plain, _MAYBE_NOT_STR, sys.intern
    try:
        get: Callable[[], Any] = parser.get_event  # events carry what their kind has
        get()  # the stream's start
        if get().__class__ is StreamEndEvent:
            return _EMPTY
        outer: list[Any] = []  # the open collections around the current one
        outer_keys: list[Any] = []  # and their pending keys
        current: Any = None  # the collection being filled (None: the document itself)
        key: Any = _KEY
        value: Any = None
        while True:
            event = get()
            kind = event.__class__
            if kind is ScalarEvent:
                if event.tag is not None or event.anchor is not None:
                    raise _Unusual
                value = event.value
                if not event.style and (not value or value[0] in maybe_not_str):
                    value = plain(value)
                    if value.__class__ is float and value != value \
                            and key is _KEY and current.__class__ is dict:
                        value = event.value  # a key that reads as NaN stays text
                elif len(value) <= 64:
                    # The same keys and short values recur in every file: one string each.
                    value = intern(value)
                if key is _KEY and current.__class__ is dict:
                    if value in current:
                        raise _Unusual  # a duplicate key
                    key = value
                    continue
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.tag is not None or event.anchor is not None \
                        or (key is _KEY and current.__class__ is dict) \
                        or len(outer) >= MAX_DEPTH:
                    raise _Unusual
                outer.append(current)
                outer_keys.append(key)
                current = {} if kind is MappingStartEvent else []
                key = _KEY
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = current
                current = outer.pop()
                key = outer_keys.pop()
            else:  # an alias
                raise _Unusual
            if current.__class__ is dict:
                current[key] = value
                key = _KEY
            elif current is None:
                break  # the document is done
            else:
                current.append(value)
        get()  # the document's end
        if get().__class__ is DocumentStartEvent:
            raise _Unusual  # several documents
        return value
    finally:
        parser.dispose()


_EMPTY = object()


def _load_text(rel: str, text: str, raw: bytes, tree: bool) -> LoadedFile:
    source_map = SourceMap()
    protected, restore = protect_separators(text)
    if not tree:
        try:
            data = _from_events(protected)
        except (_Unusual, yaml.YAMLError, RecursionError):
            pass  # composed below, which says exactly what and where
        else:
            if data is _EMPTY:
                return _empty(rel)
            if restore is not None:
                data = restore_separators(data, restore)
            return LoadedFile(rel, data, SourceMap.deferred(raw), [])
    try:
        node = yaml.compose(protected, Loader=_Loader)
    except yaml.YAMLError as exc:
        return LoadedFile(rel, None, source_map, [_yaml_error_diagnostic(rel, exc, protected)])
    except RecursionError:
        return LoadedFile(rel, None, source_map, [k005.too_deep_to_read(rel)])
    if node is None:
        return _empty(rel)
    source_map = SourceMap.deferred(raw)  # a file that composes has positions
    if tree:
        source_map._root = node
    # Without «&» in the text no node can be an alias, so identity tracking can be skipped.
    builder = _Builder(rel, track_aliases="&" in text)
    try:
        data = builder.build(node, 0)
    except _Refused as refused:
        return LoadedFile(rel, None, source_map, [refused.diagnostic])
    if restore is not None:
        data = restore_separators(data, restore)
    diagnostics = [
        k002.diagnostic(rel, span, shown, first.line)
        for span, shown, first in (
            (span, shown.translate(restore) if restore else shown, first)
            for span, shown, first in builder.duplicates)
    ]
    return LoadedFile(rel, data, source_map, diagnostics)


def _empty(rel: str) -> LoadedFile:
    return LoadedFile(rel, None, SourceMap(), [k004.empty(rel)])


def too_large(rel: str, size: int) -> LoadedFile:
    """The diagnostic for a file over MAX_BYTES, given without reading it."""
    return LoadedFile(rel, None, SourceMap(), [k005.too_large(rel, size, MAX_BYTES)])


def load_bytes(rel: str, raw: bytes, *, tree: bool = False) -> LoadedFile:
    """Parse the bytes of the planning file `rel` (with `tree`, keeping the node tree)."""
    if len(raw) > MAX_BYTES:
        return too_large(rel, len(raw))
    text = decode(rel, raw)
    if isinstance(text, Diagnostic):
        return LoadedFile(rel, None, SourceMap(), [text])
    return load_text(rel, text, raw, tree=tree)


def read_file(rel: str, path: pathlib.Path) -> LoadedFile:
    """Load one file from disk; an unreadable file becomes a diagnostic.

    The source map does not keep the bytes: a position asked for reads the file again, and has
    none when the file no longer has these bytes (a forum's files are then not all held while
    its rules run)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return too_large(rel, size)
        raw = path.read_bytes()
    except OSError as exc:
        from ..files import os_feil_tekst
        return LoadedFile(rel, None, SourceMap(), [k003.unreadable(rel, os_feil_tekst(exc))])
    loaded = load_bytes(rel, raw)
    if loaded.source_map._raw is raw:
        loaded.source_map._raw = _reader(path, hashlib.blake2b(raw, digest_size=16).digest())
    return loaded


def _reader(path: pathlib.Path, digest: bytes) -> Callable[[], bytes | None]:
    """A function that reads the file again: its bytes if they still have `digest`, else None."""
    def read() -> bytes | None:
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        return raw if hashlib.blake2b(raw, digest_size=16).digest() == digest else None
    return read
