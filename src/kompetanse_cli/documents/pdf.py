"""The PDF writer: the tree as Typst source, compiled by the `typst` wheel (its compiler is
inside the wheel, so nothing but pip is needed).

A4 portrait; tables with many columns get landscape pages of their own, so that no column is
lost or squeezed until amounts break. Every page has a running header (forum and year), page
numbers, and while the forum has not decided, UTKAST in the header and across the page. The PDF
is tagged and PDF/UA-1 (headings, table headers, language, title and author, alt text for the
charts). Only komp's embedded fonts are used (Libertinus Serif, DejaVu Sans Mono), so every
machine makes the same file.

Every text of the tree is written as a Typst string literal (`#"…"`), never as markup, so no
user text can become Typst code.
"""

from __future__ import annotations

from . import tree
from .diagrams import svg

FONT = "Libertinus Serif"
MONO = "DejaVu Sans Mono"


def string(text: str) -> str:
    """A Typst string literal holding `text` exactly."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def _inline(children: tuple[tree.Inline, ...]) -> str:
    out: list[str] = []
    for child in children:
        if isinstance(child, tree.Text):
            out.append(f"#{string(child.text)}")
        elif isinstance(child, tree.Code):
            out.append(f"#raw({string(child.text)})")
        elif isinstance(child, tree.Strong):
            out.append(f"#strong[{_inline(child.children)}]")
        elif isinstance(child, tree.Emph):
            out.append(f"#emph[{_inline(child.children)}]")
        elif isinstance(child, tree.Link):
            if child.href.startswith(("http://", "https://", "mailto:")):
                out.append(f"#link({string(child.href)})[{_inline(child.children)}]")
            else:
                out.append(_inline(child.children))
        elif isinstance(child, tree.Break):
            out.append("#linebreak()")
    return "".join(out)


def _widths(table: tree.Table) -> str:
    """Amount columns and short texts as wide as their widest cell; the other text columns share
    the rest, each by how much text it holds (but never narrower than its longest word)."""
    parts = []
    for natural, chars in tree.column_chars(table):
        parts.append("auto" if natural else f"{max(chars, 10.0):.1f}fr")
    return "(" + ", ".join(parts) + ",)"


def _table(table: tree.Table) -> str:
    aligns = "(" + ", ".join(a or "left" for a in table.align) + ",)"
    header = ", ".join(f"[{_inline(c)}]" for c in table.header)
    cells = ",\n  ".join(f"[{_inline(c)}]" for row in table.rows for c in row)
    body = (f"#table(columns: {_widths(table)}, align: {aligns},\n"
            f"  table.header(repeat: true, {header}),\n  {cells}{',' if cells else ''}\n)")
    return body


def _wide(block: tree.Block) -> bool:
    return isinstance(block, tree.Table) and tree.wide(block)


def _blocks(blocks: tuple[tree.Block, ...], doc: tree.Document) -> str:
    """The blocks as Typst; a wide table goes on a landscape page, together with the heading
    and text just before it (a heading is never left alone at the foot of a portrait page)."""
    out: list[str] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        end = index + 1
        if isinstance(block, (tree.Heading, tree.Paragraph)):
            while end < len(blocks) and end - index < 4 and isinstance(
                    blocks[end], (tree.Heading, tree.Paragraph)):
                end += 1
            if not (end < len(blocks) and _wide(blocks[end])):
                end = index + 1
            else:
                end += 1
        if end - index > 1 or _wide(block):
            group = blocks[index:end]
            out.append(f"#page(flipped: true)[\n{_plain_blocks(group, doc)}\n]")
        else:
            out.append(_plain_blocks((block,), doc))
        index = end
    return "\n\n".join(out)


def _plain_blocks(blocks: tuple[tree.Block, ...], doc: tree.Document) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, tree.Heading):
            out.append(f"#heading(level: {block.level})[{_inline(block.children)}]")
        elif isinstance(block, tree.Paragraph):
            out.append(_inline(block.children))
        elif isinstance(block, tree.ListBlock):
            items = ", ".join(f"[{_plain_blocks(item, doc)}]" for item in block.items)
            if block.ordered:
                out.append(f"#enum(start: {block.start}, {items})")
            else:
                out.append(f"#list({items})")
        elif isinstance(block, tree.Quote):
            out.append('#block(fill: rgb("#fff6ee"), stroke: (left: 3pt + rgb("#c55a11")), '
                       f"inset: 8pt, width: 100%)[{_plain_blocks(block.children, doc)}]")
        elif isinstance(block, tree.Table):
            out.append(_table(block))
        elif isinstance(block, tree.CodeBlock):
            out.append(f"#raw(block: true, {string(block.text)})")
        elif isinstance(block, tree.DiagramRef):
            chart = doc.diagrams.get(block.name)
            if chart is not None and chart.kategorier:
                out.append(f"#figure(image(bytes({string(svg(chart))}), format: \"svg\", "
                           f"width: 100%, alt: {string(chart.beskrivelse)}))")
        elif isinstance(block, tree.Rule):
            out.append("#line(length: 100%, stroke: 0.5pt + luma(150))")
    return "\n\n".join(out)


def typst_source(doc: tree.Document) -> str:
    """The document as Typst markup."""
    meta = doc.meta
    utkast = "true" if meta.utkast else "false"
    return f"""// laget av komp
#let utkast = {utkast}
#set document(title: {string(doc.title)}, author: {string(meta.author)})
#set text(font: "{FONT}", size: 10.5pt, lang: {string(meta.maalform)}, region: "NO")
#set page(
  paper: "a4",
  margin: (top: 2.5cm, bottom: 2.2cm, x: 2.2cm),
  header: context {{
    set text(size: 8.5pt, fill: luma(70))
    grid(columns: (1fr, auto), {string(meta.header)},
      if utkast {{ text(fill: rgb("#b00020"), weight: "bold", tracking: 0.1em)[UTKAST] }})
    v(-0.45em)
    line(length: 100%, stroke: 0.4pt + luma(150))
  }},
  footer: context {{
    set text(size: 8.5pt, fill: luma(70))
    align(right)[Side #counter(page).display() av #counter(page).final().first()]
  }},
  background: if utkast {{
    rotate(-35deg, text(size: 110pt, weight: "bold", fill: rgb(176, 0, 32, 26))[UTKAST])
  }},
)
#set par(leading: 0.6em, spacing: 0.9em)
#set heading(numbering: none)
#show heading: set block(above: 1.4em, below: 0.7em)
#show heading.where(level: 1): set text(size: 17pt)
#show heading.where(level: 2): set text(size: 13.5pt)
#show heading.where(level: 3): set text(size: 11.5pt)
#show raw: set text(font: "{MONO}", size: 0.85em)
#set table(stroke: 0.5pt + luma(160), inset: (x: 4pt, y: 3.5pt), fill: (x, y) => if y == 0 {{ luma(235) }})
#show table: set text(size: 8.5pt)
#show table: set par(justify: false)
#show table.cell.where(y: 0): set text(weight: "bold")
#set list(indent: 0.6em)

{_blocks(doc.blocks, doc)}
"""


def write_pdf(doc: tree.Document) -> bytes:
    """The document as a tagged PDF/UA-1 file."""
    import typst

    data = typst.compile(typst_source(doc).encode("utf-8"), format="pdf",
                         ignore_system_fonts=True, pdf_standards=["ua-1"])
    assert isinstance(data, bytes)
    return data
