"""A document read once into a small tree, which every writer (HTML, PDF, Word) lays out.

The templates write Markdown; `parse` reads that Markdown with markdown-it-py (CommonMark + GFM
tables, raw HTML off) into the blocks and inlines below, the way pandoc reads a document into its
AST before a writer for each format. Text in the tree is plain text as the reader sees it (the
Markdown escaping is undone), so each writer escapes it for its own format, and user text can
never become markup in any of them. A fenced block with the info string `komp-diagram` names a
chart of the view-model (see `diagrams`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .diagrams import Diagram

# --- inlines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Break:
    """A hard line break."""


Inline = Text | Code | Strong | Emph | Link | Break

# --- blocks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1


@dataclass(frozen=True)
class Quote:
    children: tuple[Block, ...]


Align = Literal["left", "right", "center"] | None


@dataclass(frozen=True)
class Table:
    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    align: tuple[Align, ...]

    @property
    def columns(self) -> int:
        return len(self.header)


@dataclass(frozen=True)
class CodeBlock:
    info: str
    text: str


@dataclass(frozen=True)
class DiagramRef:
    """Where the template placed the chart `name` (a fenced block ```komp-diagram)."""

    name: str


@dataclass(frozen=True)
class Rule:
    """A thematic break (`---`)."""


Block = Heading | Paragraph | ListBlock | Quote | Table | CodeBlock | DiagramRef | Rule

DIAGRAM_INFO = "komp-diagram"

# --- the document -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Meta:
    """What every format needs besides the text."""

    header: str
    """The running header: the forum and the year or period."""
    author: str
    maalform: str
    utkast: bool
    """A draft until the forum has decided: every page is marked UTKAST."""
    title: str = ""
    """The document's title (metadata); empty means the text of the first heading."""


@dataclass(frozen=True)
class Document:
    """The tree every writer but Markdown lays out: the blocks, their metadata and charts."""

    meta: Meta
    blocks: tuple[Block, ...]
    diagrams: Mapping[str, Diagram]

    @property
    def title(self) -> str:
        if self.meta.title:
            return self.meta.title
        for block in self.blocks:
            if isinstance(block, Heading):
                return plain(block.children)
        return self.meta.header

# --- reading ----------------------------------------------------------------------------------


@dataclass
class _Cursor:
    tokens: list[Any]
    pos: int = 0
    stack: list[str] = field(default_factory=list)

    def next(self) -> Any:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def peek(self) -> Any:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None


def _inlines(children: list[Any]) -> tuple[Inline, ...]:
    out: list[list[Inline]] = [[]]
    kinds: list[tuple[str, str]] = []
    for token in children:
        kind = token.type
        if kind in ("text", "html_inline"):
            out[-1].append(Text(token.content))
        elif kind == "softbreak":
            out[-1].append(Text(" "))
        elif kind == "hardbreak":
            out[-1].append(Break())
        elif kind == "code_inline":
            out[-1].append(Code(token.content))
        elif kind in ("strong_open", "em_open", "link_open"):
            kinds.append((kind, str(token.attrGet("href") or "")))
            out.append([])
        elif kind in ("strong_close", "em_close", "link_close"):
            opened, href = kinds.pop()
            inner = tuple(_merge(out.pop()))
            node: Inline = (Strong(inner) if opened == "strong_open" else
                            Emph(inner) if opened == "em_open" else Link(href, inner))
            out[-1].append(node)
        elif kind == "image":
            out[-1].append(Text(token.content))
    while len(out) > 1:  # an unclosed span (cannot happen with markdown-it): keep its text
        rest = out.pop()
        out[-1].extend(rest)
    return tuple(_merge(out[0]))


def _merge(items: list[Inline]) -> Iterator[Inline]:
    """Adjacent text pieces as one Text (markdown-it splits text at every escape)."""
    pending: list[str] = []
    for item in items:
        if isinstance(item, Text):
            pending.append(item.text)
            continue
        if pending:
            yield Text("".join(pending))
            pending = []
        yield item
    if pending:
        yield Text("".join(pending))


def _align(token: Any) -> Align:
    style = str(token.attrGet("style") or "")
    for value in ("right", "center", "left"):
        if f"text-align:{value}" in style:
            return value
    return None


def _blocks(cur: _Cursor, until: str | None) -> tuple[Block, ...]:
    out: list[Block] = []
    while cur.peek() is not None:
        token = cur.next()
        kind = token.type
        if until is not None and kind == until:
            break
        if kind == "heading_open":
            inline = cur.next()
            cur.next()
            out.append(Heading(int(token.tag[1]), _inlines(inline.children or [])))
        elif kind == "paragraph_open":
            inline = cur.next()
            cur.next()
            out.append(Paragraph(_inlines(inline.children or [])))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            closing = kind.replace("_open", "_close")
            items: list[tuple[Block, ...]] = []
            while cur.peek() is not None and cur.peek().type != closing:
                opener = cur.next()
                if opener.type == "list_item_open":
                    items.append(_blocks(cur, "list_item_close"))
            cur.next()
            start = int(token.attrGet("start") or 1)
            out.append(ListBlock(kind.startswith("ordered"), tuple(items), start))
        elif kind == "blockquote_open":
            out.append(Quote(_blocks(cur, "blockquote_close")))
        elif kind == "table_open":
            out.append(_table(cur))
        elif kind in ("fence", "code_block"):
            info = (token.info or "").strip()
            if info == DIAGRAM_INFO:
                out.append(DiagramRef(token.content.strip()))
            else:
                out.append(CodeBlock(info, token.content))
        elif kind == "hr":
            out.append(Rule())
        elif kind == "html_block":
            out.append(Paragraph((Text(token.content.strip()),)))
    return tuple(out)


def _table(cur: _Cursor) -> Table:
    header: list[tuple[Inline, ...]] = []
    align: list[Align] = []
    rows: list[tuple[tuple[Inline, ...], ...]] = []
    row: list[tuple[Inline, ...]] = []
    in_head = False
    while True:
        token = cur.next()
        kind = token.type
        if kind == "table_close":
            break
        if kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and not in_head:
            # GFM pads short rows; a long row is cut to the header's width
            rows.append(tuple((row + [()] * len(header))[:len(header)]))
        elif kind in ("th_open", "td_open"):
            inline = cur.next()
            cells = _inlines(inline.children or [])
            if in_head:
                header.append(cells)
                align.append(_align(token))
            else:
                row.append(cells)
    return Table(tuple(header), tuple(rows), tuple(align))


def parse(markdown: str) -> tuple[Block, ...]:
    """The blocks of a Markdown document written by komp's (or a county's) templates."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    return _blocks(_Cursor(md.parse(markdown)), None)


# --- reading the tree back --------------------------------------------------------------------


def plain(children: tuple[Inline, ...]) -> str:
    """The text of inlines, as a reader sees it."""
    parts: list[str] = []
    for child in children:
        if isinstance(child, (Text, Code)):
            parts.append(child.text)
        elif isinstance(child, Break):
            parts.append("\n")
        else:
            parts.append(plain(child.children))
    return "".join(parts)


def walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, depth first (list items and quotes included)."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from walk(item)
        elif isinstance(block, Quote):
            yield from walk(block.children)


def texts(blocks: tuple[Block, ...]) -> Iterator[str]:
    """Every piece of text a reader of any format must find: headings, paragraphs, cells."""
    for block in walk(blocks):
        if isinstance(block, (Heading, Paragraph)):
            yield plain(block.children)
        elif isinstance(block, Table):
            for cell in block.header:
                yield plain(cell)
            for row in block.rows:
                for cell in row:
                    yield plain(cell)
        elif isinstance(block, CodeBlock):
            yield block.text


SHORT = 18
"""A text column whose longest cell has at most this many characters is as wide as that cell."""

PORTRAIT_CM = 16.0
"""What fits across an A4 portrait page inside the margins, with a little to spare."""


def column_chars(table: Table) -> list[tuple[bool, float]]:
    """Per column: whether it is as wide as its longest cell (amounts, short texts), and how
    many characters wide it wants to be (a text column: its usual cell, at least its longest
    word)."""
    return [(natural, desired) for natural, desired, _ in _columns(table)]


def _columns(table: Table) -> list[tuple[bool, float, float]]:
    out = []
    for index, align in enumerate(table.align):
        cells = [plain(table.header[index])] + [plain(row[index]) for row in table.rows]
        longest_cell = max(len(c) for c in cells)
        if align == "right" or longest_cell <= SHORT:
            out.append((True, float(longest_cell), float(longest_cell)))
            continue
        longest = max((len(word) for cell in cells for word in cell.split()), default=1)
        average = sum(len(c) for c in cells) / len(cells)
        out.append((False, max(float(longest), min(average, 30.0)), max(float(longest), 12.0)))
    return out


def wide(table: Table) -> bool:
    """Whether the table needs a landscape page: its amounts and short columns at full width
    and each text column at least 12 characters (or its longest word), at the size tables are
    set in (about 0.15 cm a character at 8.5 pt, 0.3 cm padding a column), are wider than an A4
    portrait page."""
    columns = _columns(table)
    return sum(minimum for _, _, minimum in columns) * 0.15 + 0.3 * len(columns) > PORTRAIT_CM
