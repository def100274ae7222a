"""ruamel.yaml's round trip, set up as the project reads YAML, and the canonical layout made on
its tree: keys in the models' order with their comments moved along, numbers as integers where
the models want them, block style, and full-line comments indented like the line they stand
before.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.representer import RoundTripRepresenter

from .positions import as_written, children_of, entries, item_of, needs_quotes

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


def _represent_str(representer: Any, data: str) -> Any:
    style = '"' if data and needs_quotes(data) else None
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


def new_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.Emitter = _Emitter
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap the user's lines
    yaml.preserve_quotes = False
    yaml.allow_duplicate_keys = False
    return yaml


# --- canonical layout on the round-trip tree -------------------------------------------------


def normalise(node: Any, annotation: Any, item: bool = False) -> None:
    if isinstance(node, CommentedMap):
        if len(node):
            node.fa.set_block_style()
        model, _, _ = children_of(annotation)
        if model is not None:
            known = list(model.model_fields)
            order = [k for k in known if k in node] + [k for k in node if k not in known]
        else:
            order = list(node)
        renames: dict[Any, Any] = {}
        child: dict[Any, Any] = {}
        for key, new_key, value, annotation_of_value in entries(node, annotation):
            if value is not node[key]:
                node[key] = value
            if new_key is not key:
                renames[key] = new_key
            child[key] = annotation_of_value
        for key in order:
            normalise(node[key], child[key])
        _reorder(node, order, renames, item)
    elif isinstance(node, CommentedSeq):
        if len(node):
            node.fa.set_block_style()
        item = item_of(annotation)
        for index, value in enumerate(node):
            written = as_written(value, item)
            if written is not value:
                node[index] = value = written
            normalise(value, item, True)


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


def align_comments(text: str) -> str:
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
