"""Escaping user text for Markdown (CommonMark + GFM tables).

User text (titles, descriptions, names) must show as written: never start a list or heading,
never emphasise, never end a table cell, never become HTML. Every ASCII punctuation character that
CommonMark or GitHub could read as markup gets a backslash (CommonMark lets any ASCII punctuation
be escaped), `<` and `&` become entities, and line breaks become spaces in inline text.
"""

from __future__ import annotations

import re

from ..inert import visible


class Md(str):
    """Markdown that is already safe: the renderer does not escape it again."""

    __slots__ = ()


_SPECIAL = re.compile(r"([\\`*_\[\]{}|~#$!])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^(\s*)([-+=>])")
_NUMBERED = re.compile(r"^(\d+)([.)])")


def inline(text: object) -> Md:
    """User text for one line or one table cell: specials escaped, whitespace collapsed."""
    if isinstance(text, Md):
        return text
    raw = str(text)
    # line breaks and other whitespace collapse to spaces; control characters that remain
    # (ESC, NUL, bidirectional overrides) are shown as escapes, so nothing acts on them
    value = visible(" ".join(raw.split()))
    value = _ENTITY.sub("&amp;", value)
    value = value.replace("<", "&lt;")
    value = _SPECIAL.sub(r"\\\1", value)
    # a leading `-`, `+`, `=` or `>` would start a list, heading underline or quote
    match = _LINE_START.match(value)
    if match:
        value = value[:match.start(2)] + "\\" + value[match.start(2):]
    # keep one space at either end, so that " (" ~ x ~ ")" in a template still reads well
    if value and raw[:1].isspace():
        value = " " + value
    if value and raw[-1:].isspace():
        value += " "
    return Md(value)


def block(text: object) -> Md:
    """User text as one or more paragraphs: blank lines in the text separate paragraphs."""
    if isinstance(text, Md):
        return text
    paragraphs = [p for p in re.split(r"\n\s*\n", str(text).strip()) if p.strip()]
    # a paragraph that starts with "1." would become a numbered list
    return Md("\n\n".join(_NUMBERED.sub(r"\1\\\2", inline(p)) for p in paragraphs))
