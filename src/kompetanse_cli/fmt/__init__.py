"""`komp fmt`: one canonical layout for planning files, keeping every comment and every value.

The canonical layout: keys in the order of the models' fields (the order the file format
documents), unknown keys after the known ones in their original order; two spaces of
indentation, with the «- » of a sequence indented two spaces under its key; block style; quotes
only where a value would otherwise read as something else (then double quotes); years and
amounts as integers when the file has them as digit-only text (`"2027":` → `2027:`,
`"700000"` → `700000`).

ruamel.yaml's round-trip mode does the rewriting, so comments stay. The project's own loader
reads each file first (a file it cannot read is reported and left alone) and reads the result
again: a rewrite that would change any value is refused rather than written.
"""

from __future__ import annotations

import dataclasses
import difflib
import io
import os
import re
import stat
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic.functional_validators import PlainValidator
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.representer import RoundTripRepresenter

from ..diagnostics import Diagnostic, Severity, Span, UsageError
from ..domain import fieldtypes
from ..files import os_feil_tekst, real_path, write_atomic
from ..pipeline.discover import discover, escapes, link_diagnostic, roots_for
from ..pipeline.load import load_bytes, protect_separators, resolve_plain
from ..pipeline.schema import KIND_BY_FILENAME, FileKind
from ..rules.k0_lesing import k001_yaml_syntaks as k001
from ..rules.k0_lesing import k003_ikke_utf8 as k003

if TYPE_CHECKING:
    from ..pipeline.cache import Cache

_DIGITS = re.compile(r"(?:0|[1-9][0-9]*)\Z")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


# --- ruamel set-up: YAML 1.2 as the project reads it, dates as written, double quotes ---------


class _Verbatim(str):
    """A date-like plain scalar, kept as written (the models parse dates; 2026-02-30 too)."""


class _Constructor(RoundTripConstructor):
    pass


def _construct_verbatim(constructor: Any, node: Any) -> _Verbatim:
    return _Verbatim(node.value)


_Constructor.add_constructor(_TIMESTAMP, _construct_verbatim)


class _Representer(RoundTripRepresenter):
    pass


_AMBIGUOUS = re.compile(
    r"[-+]?\.?[0-9][0-9_.:eE+-]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|~|null|Null|NULL"
    r"|true|True|TRUE|false|False|FALSE|=|<<\Z")


def _represent_str(representer: Any, data: str) -> Any:
    # Quote what the project's loader would read as something other than text, and what other
    # YAML readers (YAML 1.1 ones, editors) could: `03` and `no` stay text everywhere.
    ambiguous = _AMBIGUOUS.fullmatch(data) or not isinstance(resolve_plain(data), str)
    style = '"' if data and ambiguous else None
    return representer.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_verbatim(representer: Any, data: _Verbatim) -> Any:
    return representer.represent_scalar(_TIMESTAMP, str(data))


_Representer.add_representer(str, _represent_str)
_Representer.add_representer(_Verbatim, _represent_verbatim)


class _Emitter(Emitter):
    """Prefers double quotes where a scalar needs quotes (as the examples write them)."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        if style == "'" and self.analysis is not None and self.analysis.allow_double_quoted:
            value = self.event.value
            if '"' not in value and "\\" not in value:
                return '"'
        return style


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.Emitter = _Emitter
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap the user's lines
    yaml.preserve_quotes = False
    yaml.allow_duplicate_keys = False
    return yaml


# --- what each position holds, from the models --------------------------------------------


def _validator(annotation: Any) -> Any:
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in typing.get_args(annotation)[1:]:
            if isinstance(meta, PlainValidator):
                return meta.func
    return None


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _field_annotation(model: type[BaseModel], name: str) -> Any:
    info = model.model_fields[name]
    if info.metadata:
        return typing.Annotated[(info.annotation, *info.metadata)]
    return info.annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    annotation = _strip_optional(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _is_number(annotation: Any) -> bool:
    """Years and amounts: digit-only text there becomes an integer."""
    return _validator(_strip_optional(annotation)) in (fieldtypes.year, fieldtypes.kroner,
                                                       fieldtypes.kroner_or_split)


def _children(annotation: Any) -> tuple[type[BaseModel] | None, Any, Any]:
    """(model, key annotation, value annotation) for the mapping at `annotation`."""
    annotation = _strip_optional(annotation)
    model = _model(annotation)
    if model is not None:
        return model, None, None
    if _validator(annotation) is fieldtypes.kroner_or_split:
        return None, None, fieldtypes.Kroner
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is dict:
        key, value = typing.get_args(annotation)
        return None, key, value
    return None, None, None


def _item(annotation: Any) -> Any:
    annotation = _strip_optional(annotation)
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0]
    return None


def _as_int(value: Any) -> Any:
    """Digit-only text as an integer when that is lossless; anything else unchanged."""
    if type(value) is str and _DIGITS.match(value):
        return int(value)
    return value


# --- canonical layout on the round-trip tree -------------------------------------------------


def _normalise(node: Any, annotation: Any, item: bool = False) -> None:
    if isinstance(node, CommentedMap):
        if len(node):
            node.fa.set_block_style()
        model, key_ann, value_ann = _children(annotation)
        if model is not None:
            known = list(model.model_fields)
            order = [k for k in known if k in node] + [k for k in node if k not in known]
            renames: dict[Any, Any] = {}
            child = {k: _field_annotation(model, k) for k in node if k in model.model_fields}
        else:
            order = list(node)
            renames = {}
            if key_ann is not None and _is_number(key_ann):
                for key in node:
                    new = _as_int(key)
                    if new is not key and new not in node and new not in renames.values():
                        renames[key] = new
            child = dict.fromkeys(node, value_ann)
        for key in order:
            value = node[key]
            if _is_number(child.get(key)) and not isinstance(value, CommentedMap):
                node[key] = value = _as_int(value)
            _normalise(value, child.get(key))
        _reorder(node, order, renames, item)
    elif isinstance(node, CommentedSeq):
        if len(node):
            node.fa.set_block_style()
        item = _item(annotation)
        for index, value in enumerate(node):
            if _is_number(item):
                node[index] = value = _as_int(value)
            _normalise(value, item, True)


def _reorder(node: CommentedMap, order: list[Any], renames: dict[Any, Any], item: bool) -> None:
    if order == list(node) and not renames:
        return
    if order != list(node):
        _keep_comments_with_keys(node, order, item)
    items = [(key, node[key]) for key in order]
    comments = dict(node.ca.items)
    for key in list(node):
        del node[key]
    node.ca.items.clear()
    for key, value in items:
        new = renames.get(key, key)
        node[new] = value
        if key in comments:
            node.ca.items[new] = comments[key]


def _keep_comments_with_keys(node: CommentedMap, order: list[Any], item: bool) -> None:
    """Move the full-line comments and blank lines before each key along with it.

    ruamel attaches a comment line to whatever ends just before it, i.e. to the last value of the
    previous entry; left there, a comment introducing one key would end up above another, and
    the lines after the mapping's last entry would move into its middle.
    """
    keys = list(node)
    before: dict[Any, str] = {}
    tail = ""
    for position, key in enumerate(keys):
        slot = node.ca.items.get(key)
        if slot is not None and slot[1]:  # comments ruamel keeps as "before this key"
            before[key] = before.get(key, "") + "".join(
                " " * (getattr(t, "column", 0) or 0) + t.value for t in slot[1])
            slot[1] = None
        token = _trailing_token(node, key)
        if token is None:
            continue
        if _ends_in_block_scalar(node, key):
            # A block scalar takes its own last line break: every line of the token is a
            # full-line comment (the first one lacks its indentation), none ends a line.
            eol, sep, rest = "", "", " " * (getattr(token, "column", 0) or 0) + token.value
        else:
            eol, sep, rest = token.value.partition("\n")
        if not rest:
            continue
        if eol + sep:
            token.value = eol + sep
        else:
            container, last = _deepest_last(node, key)
            container.ca.items[last][_slot_index(container)] = None
        if position + 1 < len(keys):
            before[keys[position + 1]] = rest
        else:
            tail = rest
    for position, key in enumerate(order):
        text = before.get(key)
        if text is None:
            continue
        if position == 0 and item:
            # Above the first key of a list item is above its «- »: the comment goes below the
            # key instead, which keeps it in the same item.
            _append_after(node, key, text)
        elif position == 0:
            _prepend_to_map(node, key, text)
        else:
            _append_after(node, order[position - 1], text)
    if tail:
        _append_after(node, order[-1], tail)


def _deepest_last(node: Any, key: Any) -> tuple[Any, Any]:
    """The collection and key (or index) of the last scalar of the entry `key` of `node`."""
    value = node[key]
    if isinstance(value, CommentedMap) and len(value):
        return _deepest_last(value, list(value)[-1])
    if isinstance(value, CommentedSeq) and len(value):
        return _deepest_last(value, len(value) - 1)
    return node, key


def _ends_in_block_scalar(node: Any, key: Any) -> bool:
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    container, last = _deepest_last(node, key)
    return isinstance(container[last], (LiteralScalarString, FoldedScalarString))


def _slot_index(container: Any) -> int:
    return 0 if isinstance(container, CommentedSeq) else 2


def _trailing_token(node: Any, key: Any) -> Any:
    container, last = _deepest_last(node, key)
    slot = container.ca.items.get(last)
    if slot is None:
        return None
    return slot[_slot_index(container)]


def _append_after(node: Any, key: Any, text: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    container, last = _deepest_last(node, key)
    slot = container.ca.items.setdefault(last, [None, None, None, None])
    index = _slot_index(container)
    token = slot[index]
    if token is None:
        slot[index] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        if not token.value.endswith("\n"):
            token.value += "\n"
        token.value += text


def _prepend_to_map(node: CommentedMap, first: Any, text: str) -> None:
    lines = [line for line in text.split("\n") if line.strip()]
    if lines:
        node.yaml_set_comment_before_after_key(
            first, before="\n".join(line.strip().lstrip("#").lstrip() for line in lines),
            indent=_indent_of(text))


def _indent_of(text: str) -> int:
    for line in text.split("\n"):
        if line.strip():
            return len(line) - len(line.lstrip())
    return 0


def _block_scalar_lines(text: str) -> set[int]:
    """0-based numbers of the lines that hold the content of literal and folded scalars."""
    import yaml

    lines: set[int] = set()
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return lines
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("|", ">"):
                end = node.end_mark.line if node.end_mark.column > 0 else node.end_mark.line - 1
                lines.update(range(node.start_mark.line + 1, end + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return lines


def _align_comments(text: str) -> str:
    """Indent each full-line comment like the line it stands before.

    ruamel keeps a comment line at the column it was read at; once the keys around it are
    re-indented (a sequence moved under its key) or moved, it would stand out of line.
    """
    lines = text.split("\n")
    inside = _block_scalar_lines(text)
    indent: int | None = None
    for number in range(len(lines) - 1, -1, -1):
        if number in inside:
            continue
        line = lines[number]
        stripped = line.lstrip(" ")
        if not stripped:
            continue
        if stripped.startswith("#"):
            if indent is not None:
                lines[number] = " " * indent + stripped
        else:
            indent = len(line) - len(stripped)
    return "\n".join(lines)


# --- checking that nothing but the layout changed ---------------------------------------


def _expected(data: Any, annotation: Any) -> Any:
    """The project loader's data with the same number normalisation as _normalise."""
    if isinstance(data, dict):
        model, key_ann, value_ann = _children(annotation)
        out: dict[Any, Any] = {}
        for key, value in data.items():
            if model is not None:
                ann = _field_annotation(model, key) if key in model.model_fields else None
            else:
                ann = value_ann
            new_key = key
            if key_ann is not None and _is_number(key_ann):
                candidate = _as_int(key)
                if candidate not in data and candidate not in out:
                    new_key = candidate
            if _is_number(ann) and not isinstance(value, dict):
                value = _as_int(value)
            out[new_key] = _expected(value, ann)
        return out
    if isinstance(data, list):
        item = _item(annotation)
        return [_expected(_as_int(v) if _is_number(item) else v, item) for v in data]
    return data


def same_data(a: Any, b: Any) -> bool:
    """Equal values of equal types (so 1, 1.0 and True differ), key order ignored."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return bool(a == b)


class FormatError(Exception):
    """The file could not be put in canonical layout (it stays as it is); `span` is where, when
    a place in the file is the reason. `message` is Norwegian; `detail` is the underlying
    library's own words, if any (shown under --debug)."""

    def __init__(self, message: str, span: Span | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.span = span
        self.detail = detail


def _tabs_after_colons(text: str) -> str:
    """`key:<TAB>value` as `key: value`: YAML allows a tab there, ruamel does not.

    The tokens say where each «:» ends, so a tab inside a value or a comment is never touched.
    """
    if "\t" not in text:
        return text
    import yaml

    try:
        marks = [(t.end_mark.line, t.end_mark.column) for t in yaml.scan(text, Loader=yaml.CSafeLoader)
                 if isinstance(t, yaml.ValueToken)]
    except yaml.YAMLError:
        return text
    lines = text.split("\n")
    for line, column in reversed(marks):
        row = lines[line]
        end = column
        while end < len(row) and row[end] in " \t":
            end += 1
        if "\t" in row[column:end]:
            lines[line] = row[:column] + " " + row[end:] if end < len(row) else row[:column]
    return "\n".join(lines)


def _scan(text: str) -> tuple[list[tuple[int, int]], list[Any]]:
    """The (start, end) of every comment in `text`, and the YAML tokens around them.

    The YAML scanner finds every token (scalars, quoted or block, tags, anchors, indicators);
    a «#» outside all of them that starts a line or follows a blank starts a comment.
    """
    import yaml

    masked = list(text)
    tokens: list[Any] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            tokens.append(token)
            for index in range(token.start_mark.index, token.end_mark.index):
                if masked[index] != "\n":
                    masked[index] = " "
    except yaml.YAMLError:
        pass  # the loader has already accepted the text; a scanner quirk only masks less
    flat = "".join(masked)
    spans = [(match.start(), match.end()) for match in
             re.finditer(r"(?:^|(?<=[ \t]))#[^\n]*", flat, flags=re.MULTILINE)]
    return spans, tokens


def comments_of(text: str) -> list[str]:
    """Every comment in `text` (from «#» to the end of its line, trailing blanks dropped), in
    order: what the safety check compares before and after formatting."""
    return [text[start:end].rstrip(" \t\r") for start, end in _scan(text)[0]]


def _lift_flow_comments(text: str) -> str:
    """Comments inside a flow mapping (`{id: B1,  # c`), moved to their own lines above the
    line where the outermost flow collection starts.

    ruamel drops such comments (it keeps those of flow sequences); once fmt writes the mapping
    in block style, above it is where the comment still says what it said.
    """
    import yaml

    spans, tokens = _scan(text)
    if not spans or not any(isinstance(t, yaml.FlowMappingStartToken) for t in tokens):
        return text
    regions: list[tuple[int, int, bool, int]] = []  # start, end, is a mapping, outermost start
    stack: list[tuple[int, bool]] = []
    for token in tokens:
        if isinstance(token, (yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)):
            stack.append((token.start_mark.index,
                          isinstance(token, yaml.FlowMappingStartToken)))
        elif isinstance(token, (yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)) and stack:
            begin, mapping = stack.pop()
            outer = stack[0][0] if stack else begin
            regions.append((begin, token.end_mark.index, mapping, outer))
    lifted: list[tuple[int, int, int]] = []  # comment start, end, outermost start
    for start, end in spans:
        inside = [r for r in regions if r[0] < start < r[1]]
        if inside:
            innermost = max(inside, key=lambda r: r[0])
            if innermost[2]:
                lifted.append((start, end, innermost[3]))
    if not lifted:
        return text
    above: dict[int, list[str]] = {}
    for start, end, outer in lifted:
        above.setdefault(text.count("\n", 0, outer), []).append(text[start:end].rstrip())
    for start, end, _ in sorted(lifted, reverse=True):
        cut = start
        while cut > 0 and text[cut - 1] in " \t":
            cut -= 1
        text = text[:cut] + text[end:]
    lines = text.split("\n")
    for number in sorted(above, reverse=True):
        line = lines[number]
        pad = " " * (len(line) - len(line.lstrip(" ")))
        lines[number:number] = [pad + comment for comment in above[number]]
    return "\n".join(lines)


_DOCUMENT_START = re.compile(r"---[ \t]*(?:#[^\n]*)?\n")
_DOCUMENT_END = re.compile(r"^\.\.\.[ \t]*(?:#[^\n]*)?(?:\n|\Z)", flags=re.MULTILINE)


def _split_document(text: str) -> tuple[str, str, str]:
    """(header, body, footer): the comments, directives and «---» before the document, the
    document, and the «...» end marker with what follows it, so that ruamel (which drops
    them) only sees the document and the rest is put back as it was written."""
    header = ""
    position = 0
    while position < len(text):
        end = text.find("\n", position)
        line = text[position:] if end < 0 else text[position:end + 1]
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or line.startswith("%"):
            position += len(line)
            continue
        if _DOCUMENT_START.fullmatch(line):
            header, text = text[:position + len(line)], text[position + len(line):]
        break
    footer = ""
    match = _DOCUMENT_END.search(text)
    if match is not None:
        text, footer = text[:match.start()], text[match.start():]
        if footer and not footer.endswith("\n"):
            footer += "\n"
    return header, text, footer


def format_text(kind: FileKind, text: str, rel: str = "") -> str:
    """`text` in canonical layout (raises FormatError when that would change a value or lose
    a comment).

    ruamel's output is not always a fixed point of ruamel (blank lines after deeply nested flow
    sequences move on a second pass), so formatting repeats until the text stops changing; a
    result that does not settle is refused rather than written. Line ends come out as the
    file's first one (CRLF or LF), the same throughout.
    """
    # U+0085, U+2028 and U+2029 are text in YAML 1.2, but ruamel (like libyaml) breaks lines
    # at them: they are swapped for private-use characters while formatting.
    text, restore = protect_separators(text)
    first = re.search(r"\r?\n", text)
    newline = "\r\n" if first is not None and first.group() == "\r\n" else "\n"
    plain = text.replace("\r\n", "\n")
    header, body, footer = _split_document(plain)
    body = _lift_flow_comments(_tabs_after_colons(body))
    try:
        result = _format_once(kind, body, rel)
    except FormatError as exc:  # positions in the body are positions in the file after the header
        if exc.span is not None and header:
            lines = header.count("\n")
            exc.span = Span(exc.span.line + lines, exc.span.column, exc.span.end_line + lines,
                            exc.span.end_column)
        raise
    # Formatting is a function of the text: a text it leaves as it is, is a fixed point.
    for _ in range(3 if result != body else 0):
        again = _format_once(kind, result, rel)
        if again == result:
            break
        result = again
    else:
        if result != body:
            raise FormatError("filen kan ikke formateres til en stabil form, så den er latt være")
    if not body.strip() and not result.strip():
        result = body
    whole = header + result + footer
    before, after = comments_of(plain), comments_of(whole)
    if sorted(before) != sorted(after):
        lost = [c for c in before if c not in after] or before
        raise FormatError(
            f"formateringen ville ha flyttet eller fjernet kommentaren «{lost[0]}», så filen er "
            "latt være")
    loaded = load_bytes(rel, plain.encode("utf-8"))
    again_loaded = load_bytes(rel, whole.encode("utf-8"))
    if again_loaded.diagnostics or not same_data(_expected(loaded.data, kind.model),
                                                 again_loaded.data):
        raise FormatError("formateringen ville ha endret en verdi i filen, så den er latt være")
    if restore is not None:
        whole = whole.translate(restore)
    return whole.replace("\n", newline) if newline != "\n" else whole


def _format_once(kind: FileKind, text: str, rel: str) -> str:
    loaded = load_bytes(rel, text.encode("utf-8"))
    if loaded.diagnostics:
        raise FormatError(loaded.diagnostics[0].message, detail=loaded.diagnostics[0].detail)
    yaml = _yaml()
    try:
        tree = yaml.load(text)
        _normalise(tree, kind.model)
        out = io.StringIO()
        yaml.dump(tree, out)
    except Exception as exc:  # ruamel refuses a few things the project's loader reads
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [""])[0]
        span = None
        if mark is not None and isinstance(getattr(mark, "line", None), int):
            span = Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 2)
        raise FormatError("filen kan ikke formateres automatisk: ruamel.yaml, som komp fmt "
                          "skriver filene med, leser den ikke her", span,
                          f"ruamel.yaml: {type(exc).__name__}: {problem}") from None
    result = _align_comments(out.getvalue())
    again = load_bytes(rel, result.encode("utf-8"))
    if again.diagnostics or not same_data(_expected(loaded.data, kind.model), again.data):
        raise FormatError("formateringen ville ha endret en verdi i filen, så den er latt være")
    return result


# --- files ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What fmt found for one file: its new text (None when unchanged) or the problems."""

    path: Path
    shown: str
    original: str = ""
    formatted: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: bool = False

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted != self.original

    def diff(self) -> str:
        if not self.changed:
            return ""
        assert self.formatted is not None
        return "".join(difflib.unified_diff(
            self.original.splitlines(keepends=True), self.formatted.splitlines(keepends=True),
            f"a/{self.shown}", f"b/{self.shown}"))


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return str(path)


def _unit_folder(path: Path) -> Path:
    """The folder a planning file belongs to: its forum for …/partnerskap/<slug>/<file>."""
    folder = path.parent
    return folder.parent.parent if folder.parent.name == "partnerskap" else folder


def collect(paths: Sequence[Path], unreadable: list[Outcome] | None = None,
            ) -> tuple[list[tuple[FileKind, Path]], list[Path]]:
    """The planning files the paths name, and the files given that are not planning files.

    Folders and files that cannot be read (K00x from discovery) are added to `unreadable`.
    """
    found: list[tuple[FileKind, Path]] = []
    skipped: list[Path] = []
    seen: set[Path] = set()

    def add(kind: FileKind, path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append((kind, path))

    for path in paths:
        if not path.exists():
            raise UsageError(f"finner ikke «{path}»")
        if path.is_file():
            kind = KIND_BY_FILENAME.get(path.name)
            if kind is None:
                skipped.append(path)
            elif escapes(path, roots_for(_unit_folder(path))):  # K006: never read or written
                shown = _shown(path)
                if unreadable is not None:
                    unreadable.append(Outcome(path, shown,
                                              diagnostics=[link_diagnostic(shown, path)]))
            else:
                add(kind, path)
            continue
        for layout in discover(path):
            for _, file in layout.files():
                add(KIND_BY_FILENAME[file.name], file)
            for problem in layout.diagnostics:
                if unreadable is not None and problem.code.startswith("K00"):
                    shown = _shown(layout.base / problem.file)
                    unreadable.append(Outcome(layout.base / problem.file, shown, diagnostics=[
                        dataclasses.replace(problem, file=shown)]))
    return found, skipped


def _error(shown: str, message: str, hint: str, code: str = "K003", detail: str = "") -> Diagnostic:
    source = (k001 if code == "K001" else k003).SOURCE
    return Diagnostic(shown, None, Severity.ERROR, code, message, hint, source, detail)


def format_file(kind: FileKind, path: Path, *, write: bool,
                verdicts: Verdicts | None = None) -> Outcome:
    """Format one file; with `write`, replace it atomically when its layout changes. With
    `verdicts`, a file whose bytes are known to be canonical is neither parsed nor checked."""
    shown = _shown(path)
    outcome = Outcome(path, shown)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        outcome.diagnostics.append(_error(
            shown, f"filen kan ikke leses ({os_feil_tekst(exc)})",
            "sjekk at filen finnes og at du har lesetilgang"))
        return outcome
    verdict = verdicts.key(kind, raw) if verdicts is not None else ""
    if verdicts is not None and verdict in verdicts.known:
        outcome.original = outcome.formatted = raw.decode("utf-8")  # UTF-8 when it was learnt
        return outcome
    loaded = load_bytes(shown, raw)
    if loaded.diagnostics:  # K0xx: the file must be fixed by hand first
        outcome.diagnostics.extend(loaded.diagnostics)
        return outcome
    text = raw.decode("utf-8-sig")
    outcome.original = raw.decode("utf-8")
    from .canonical import already_canonical

    if text == outcome.original and already_canonical(kind, text, loaded.source_map.root):
        outcome.formatted = outcome.original  # certainly unchanged: no round trip needed
        if verdicts is not None:
            verdicts.learnt.append(verdict)
        return outcome
    try:
        outcome.formatted = format_text(kind, text, shown)
    except FormatError as exc:
        outcome.diagnostics.append(dataclasses.replace(_error(
            shown, exc.message, "rett filen for hånd, eller meld fra om feilen i komp", "K001",
            exc.detail), span=exc.span))
        return outcome
    if verdicts is not None and text == outcome.original and not outcome.changed:
        verdicts.learnt.append(verdict)
    if write and outcome.changed:
        try:
            mode = path.stat().st_mode
            if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
                why = "filen er skrivebeskyttet"
            else:
                write_atomic(real_path(path), outcome.formatted, stat.S_IMODE(mode))
                outcome.written = True
        except OSError as exc:
            why = os_feil_tekst(exc)
        if not outcome.written:
            outcome.diagnostics.append(_error(
                shown, f"filen kan ikke skrives ({why}); den er ikke endret",
                "gi deg skrivetilgang til filen (og mappen), eller kjør `komp fmt --check`"))
    return outcome


MAX_VERDICTS = 200_000


class Verdicts:
    """Which files' bytes are known to be in canonical layout, as the cache remembers them.

    A verdict is keyed on the file's kind and its exact bytes, under the cache's environment
    key (komp's version and code): other bytes, or another komp, are a miss and are checked."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.name = _hash_key(cache.env, "fmt")
        stored = cache.get_record(self.name)
        self.known: set[str] = set(stored) if isinstance(stored, list) else set()
        self.learnt: list[str] = []

    @staticmethod
    def key(kind: FileKind, raw: bytes) -> str:
        return _hash_key(kind.name, raw)

    def save(self) -> None:
        if not self.learnt:
            return
        kept = [k for k in self.known if isinstance(k, str)] + self.learnt
        self.cache.put_record(self.name, kept[-MAX_VERDICTS:])


def _hash_key(*parts: str | bytes) -> str:
    from ..pipeline.cache import _hash

    return _hash(*parts)


def run(paths: Iterable[Path], *, write: bool, cache: Cache | None = None,
        ) -> tuple[list[Outcome], list[Path]]:
    """Format every planning file the paths name (raises UsageError for bad paths); with a
    `cache`, files known to be canonical are not checked again."""
    unreadable: list[Outcome] = []
    files, skipped = collect(list(paths), unreadable)
    verdicts = Verdicts(cache) if cache is not None else None
    outcomes = [format_file(kind, path, write=write, verdicts=verdicts) for kind, path in files]
    if verdicts is not None:
        verdicts.save()
    return unreadable + outcomes, skipped


def describe(diagnostic: Diagnostic) -> str:
    """One diagnostic as `file:line:column: feil CODE message` and its hint, as validate does."""
    from ..inert import line_start, visible

    where = line_start(visible(diagnostic.file))
    if diagnostic.span is not None:
        where += f":{diagnostic.span.line}:{diagnostic.span.column}"
    return (f"{where}: {diagnostic.severity.norsk} {diagnostic.code} "
            f"{visible(diagnostic.message)}\n  hint: {visible(diagnostic.hint)}\n")
