"""Deciding that a planning file is already in `komp fmt`'s canonical layout, without ruamel.

`komp fmt` rewrites a file through ruamel's round trip, some thirty times slower than reading it
with the project's loader. Most files in a forum that uses `komp fmt` are already canonical, and
for those the answer can be read off the composed node tree and the lines of the text.

The check is one-sided: `already_canonical` answers True only for a deliberately small subset of
YAML whose canonical form is unambiguous, and False for everything else (which then goes
through ruamel as before). The subset: block mappings and sequences (nothing empty, nothing in
flow style), keys as plain scalars in the order `komp fmt` puts them, two spaces of indentation
with «- » two spaces under its key, each key with its scalar value on one line, plain scalars
only where `komp fmt` would write them plain (text that cannot be read as anything else, integers
as digits with or without thousands separators, `true`/`false`), double quotes only where it would
quote and without escapes, folded and literal block scalars with their lines at one indentation,
comment lines only at the top of the file, comments after a scalar value, single blank lines
before a key at the margin or a list item, one line end at the end, and no tabs, carriage
returns, trailing spaces, BOM, directives or document markers. Any other text, however canonical
it may be, is left to ruamel. The tests compare this answer with ruamel's on every file they
know and on many variations of them.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..pipeline.load import resolve_plain
from .positions import (
    AMBIGUOUS,
    DIGITS,
    children_of,
    field_annotation,
    is_number,
    item_of,
    needs_quotes,
)

_STR = "tag:yaml.org,2002:str"
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[1-9][0-9]*")
_INT = re.compile(r"0|[1-9][0-9]*|[1-9][0-9]{0,2}(?:_[0-9]{3})+")
# Characters a plain scalar may hold here: letters, digits, space and common punctuation. Only
# their first character and a few pairs (": ", " #") matter to YAML; the set is kept small anyway.
_PLAIN = re.compile(r"[^\W_][\w .,;:()/%&+'’«»–—?!@=-]*")
_QUOTED = re.compile(r"[\w .,;:()/%&+'’«»–—?!@=#*~{}\[\]<>|$^-]*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BLOCK_HEADERS = frozenset((">-", "|-", ">", "|"))
MAX_LINE = 1000


class _NotCanonical(Exception):
    pass


def already_canonical(kind: Any, text: str, root: yaml.Node | None) -> bool:
    """True only when `text` (read by the project's loader into `root`) is certainly what
    `komp fmt` would write for it; False means "ask ruamel", not "it would change"."""
    if root is None or not text.endswith("\n") or text.endswith("\n\n"):
        return False
    if any(ch in text for ch in "\r\t\ufeff\x85\u2028\u2029"):
        return False
    lines = text.split("\n")[:-1]
    if any(len(line) > MAX_LINE or line.endswith(" ") for line in lines):
        return False
    checker = _Checker(lines)
    try:
        checker.header()
        checker.mapping(root, kind.model, 0, dash=False)
        checker.rest()
    except _NotCanonical:
        return False
    except Exception:  # anything unforeseen: not certain, so not canonical
        return False
    return True


class _Checker:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.covered: set[int] = set()
        self.first = 0  # the first content line
        self.openers: set[int] = set()  # lines that end with «key:» and open a collection
        self.block_lines: set[int] = set()  # the lines of block scalars

    def header(self) -> None:
        """Comment lines (at the margin) and blank lines may only lead the file."""
        lines = self.lines
        for number, line in enumerate(lines):
            if line and line[0] == "#":
                continue
            if not line:
                continue
            if line.lstrip(" ").startswith("#") or line.startswith(("%", "---", "...")):
                raise _NotCanonical
            self.first = number
            break
        else:
            raise _NotCanonical
        for number in range(self.first):
            self.covered.add(number)

    def rest(self) -> None:
        """Every line after the header is a checked content line, or part of a run of single
        blank lines and comment lines that stands before a key at the margin or a list item,
        with each comment indented like that line, and not after a block scalar."""
        lines = self.lines
        number = self.first
        while number < len(lines):
            if number in self.covered:
                number += 1
                continue
            start = number
            while number < len(lines) and number not in self.covered:
                number += 1
            if number >= len(lines):
                raise _NotCanonical  # nothing may follow the last value
            run, following = lines[start:number], lines[number]
            stripped = following.lstrip(" ")
            indent = len(following) - len(stripped)
            if indent and not stripped.startswith("- "):
                raise _NotCanonical
            if start - 1 in self.openers or (start - 1 in self.block_lines
                                             and any(run)):
                raise _NotCanonical
            for position, line in enumerate(run):
                if not line:
                    if position and not run[position - 1]:
                        raise _NotCanonical  # two blank lines in a row
                elif not line.startswith(" " * indent + "#") or line[indent] != "#" \
                        or line[indent:].startswith("#!"):
                    raise _NotCanonical  # not a comment line, or not indented like the next

    # --- collections ----------------------------------------------------------------------

    def mapping(self, node: yaml.Node, annotation: Any, column: int, *, dash: bool) -> None:
        if not isinstance(node, yaml.MappingNode) or node.flow_style or not node.value \
                or node.tag != "tag:yaml.org,2002:map":
            raise _NotCanonical
        model, key_annotation, value_annotation = children_of(annotation)
        keys: list[Any] = []
        for index, (key, value) in enumerate(node.value):
            if not isinstance(key, yaml.ScalarNode) or key.style or key.tag != _STR \
                    or not _KEY.fullmatch(key.value) or key.start_mark.column != column:
                raise _NotCanonical
            line = key.start_mark.line
            if key.end_mark.line != line or line in self.covered:
                raise _NotCanonical
            text = self.lines[line]
            lead = " " * (column - 2) + "- " if dash and index == 0 else " " * column
            if not text.startswith(lead + key.value + ":"):
                raise _NotCanonical
            keys.append(resolve_plain(key.value))
            self.covered.add(line)
            if model is not None:
                child = (field_annotation(model, key.value) if key.value in model.model_fields
                         else None)
            else:
                child = value_annotation
            self.value(value, child, line, len(lead) + len(key.value) + 1, column)
        if model is not None:
            known = list(model.model_fields)
            order = [k for k in known if k in keys] + [k for k in keys if k not in known]
            if order != keys:
                raise _NotCanonical
        elif key_annotation is not None and is_number(key_annotation) and any(
                type(k) is str and DIGITS.match(k) for k in keys):
            raise _NotCanonical  # `normalise` would turn these keys into integers
        if len(set(map(repr, keys))) != len(keys):
            raise _NotCanonical

    def sequence(self, node: yaml.Node, annotation: Any, column: int) -> None:
        if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value \
                or node.tag != "tag:yaml.org,2002:seq":
            raise _NotCanonical
        item_annotation = item_of(annotation)
        for item in node.value:
            line = item.start_mark.line
            text = self.lines[line]
            if not text.startswith(" " * column + "- "):
                raise _NotCanonical
            if isinstance(item, yaml.MappingNode):
                if item.start_mark.column != column + 2:
                    raise _NotCanonical
                self.mapping(item, item_annotation, column + 2, dash=True)
            elif isinstance(item, yaml.ScalarNode):
                if item.start_mark.column != column + 2 or item.style in ("|", ">"):
                    raise _NotCanonical
                self.covered.add(line)
                self.scalar(item, item_annotation, line, column + 2)
            else:
                raise _NotCanonical

    # --- values -----------------------------------------------------------------------------

    def value(self, node: yaml.Node, annotation: Any, line: int, colon: int,
              column: int) -> None:
        """The value of the key on `line` whose colon ends at `colon`."""
        text = self.lines[line]
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("|", ">"):
                self.block(node, line, colon, column)
                return
            if text[colon:colon + 1] != " " or node.start_mark.line != line \
                    or node.start_mark.column != colon + 1:
                raise _NotCanonical
            self.scalar(node, annotation, line, colon + 1)
            return
        if text != text[:colon] or node.start_mark.line <= line:
            raise _NotCanonical  # «key:» alone on its line, the collection below it
        self.openers.add(line)
        if isinstance(node, yaml.MappingNode):
            self.mapping(node, annotation, column + 2, dash=False)
        elif isinstance(node, yaml.SequenceNode):
            self.sequence(node, annotation, column + 2)
        else:
            raise _NotCanonical

    def scalar(self, node: yaml.ScalarNode, annotation: Any, line: int, start: int) -> None:
        """A one-line scalar starting at `start` on `line`, perhaps followed by a comment."""
        if node.tag != _STR or node.end_mark.line != line or node.start_mark.column != start:
            raise _NotCanonical
        text = self.lines[line]
        end = node.end_mark.column
        source, after = text[start:end], text[end:]
        if after and not re.fullmatch(r" +# ?[^\n]*", after):
            raise _NotCanonical
        value = node.value
        if node.style == '"':
            if source != f'"{value}"' or not value or not _QUOTED.fullmatch(value):
                raise _NotCanonical
            if not needs_quotes(value):
                raise _NotCanonical  # `komp fmt` would write it without quotes
            if DIGITS.match(value) and is_number(annotation):
                raise _NotCanonical  # an amount or year as text becomes an integer
            return
        if node.style or source != value:
            raise _NotCanonical
        resolved = resolve_plain(value)
        if type(resolved) is str and _DATE.fullmatch(value):
            return  # read as a date by ruamel, kept as written by `komp fmt`
        if type(resolved) is str:
            if value[0] in "0123456789+-." and " " not in value:
                raise _NotCanonical  # 0x1F, 0o17, 1.2.3: ruamel may read these otherwise
            if AMBIGUOUS.fullmatch(value) or not _PLAIN.fullmatch(value) \
                    or ": " in value or value.endswith(":") or " #" in value:
                raise _NotCanonical
        elif type(resolved) is int:
            if not _INT.fullmatch(value):
                raise _NotCanonical
        elif type(resolved) is bool:
            if value not in ("true", "false"):
                raise _NotCanonical
        else:
            raise _NotCanonical

    def block(self, node: yaml.ScalarNode, line: int, colon: int, column: int) -> None:
        """A folded or literal block scalar: the header after the key, its lines indented two
        spaces more than the key, none of them blank."""
        text = self.lines[line]
        header = text[colon:]
        if header[:1] != " " or header[1:] not in _BLOCK_HEADERS or node.tag != _STR:
            raise _NotCanonical
        indent = " " * (column + 2)
        number = line + 1
        lines = self.lines
        while number < len(lines) and lines[number].startswith(indent):
            content = lines[number]
            if content[len(indent)] == " ":
                raise _NotCanonical
            self.covered.add(number)
            self.block_lines.add(number)
            number += 1
        if number == line + 1:
            raise _NotCanonical
        end = node.end_mark
        # The scalar ends where its lines end (libyaml puts the end after the blank lines that
        # follow it), or at the file's end.
        if end.line > len(lines) or any(lines[n] for n in range(number, min(end.line,
                                                                            len(lines)))):
            raise _NotCanonical
        if end.line < number or (end.line < len(lines) and end.column != 0):
            raise _NotCanonical
