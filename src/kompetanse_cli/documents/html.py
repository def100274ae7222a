"""The HTML writer: one self-contained file (styles inline, no scripts, nothing fetched), with
a print style sheet for A4, for e-mail, the web and printing.

Every text of the tree goes through `html.escape`, so user text is shown as written.
"""

from __future__ import annotations

import html

from . import tree
from .diagrams import svg

UTKAST = "UTKAST"

STYLE = """
:root { color-scheme: light; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; font-size: 15px;
  line-height: 1.45; color: #1b1b1b; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-top: 0; }
h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 1px solid #ccd; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.86rem; width: 100%; }
th, td { border: 1px solid #b8bfc7; padding: 0.25rem 0.4rem; vertical-align: top;
  text-align: left; }
th { background: #eef1f4; }
.h { text-align: right; white-space: nowrap; }
.c { text-align: center; }
blockquote { border-left: 4px solid #c55a11; margin: 1rem 0; padding: 0.2rem 1rem;
  background: #fff6ee; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 0.9em; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figure svg text { font-family: inherit; }
.utkast { border: 2px solid #b00020; color: #b00020; font-weight: bold; padding: 0.3rem 0.6rem;
  display: inline-block; letter-spacing: 0.1em; }
.topptekst { color: #555; font-size: 0.85rem; margin-bottom: 1rem; }
.vannmerke { display: none; }
@page { size: A4; margin: 2cm 1.8cm;
  @bottom-right { content: "Side " counter(page) " av " counter(pages); font-size: 9pt; } }
@page bred { size: A4 landscape; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h1, h2, h3 { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  .bred { page: bred; }
  .vannmerke { display: block; position: fixed; top: 40%; left: 0; right: 0; text-align: center;
    font-size: 90pt; color: rgba(176, 0, 32, 0.12); transform: rotate(-30deg); z-index: -1; }
}
"""


def _inline(children: tuple[tree.Inline, ...]) -> str:
    out: list[str] = []
    for child in children:
        if isinstance(child, tree.Text):
            out.append(html.escape(child.text))
        elif isinstance(child, tree.Code):
            out.append(f"<code>{html.escape(child.text)}</code>")
        elif isinstance(child, tree.Strong):
            out.append(f"<strong>{_inline(child.children)}</strong>")
        elif isinstance(child, tree.Emph):
            out.append(f"<em>{_inline(child.children)}</em>")
        elif isinstance(child, tree.Link):
            href = child.href if child.href.startswith(("http://", "https://", "mailto:", "#")) \
                else "#"
            out.append(f'<a href="{html.escape(href)}">{_inline(child.children)}</a>')
        elif isinstance(child, tree.Break):
            out.append("<br>")
    return "".join(out)


def _cell(tag: str, align: str | None, content: str, scope: bool = False) -> str:
    cls = {"right": ' class="h"', "center": ' class="c"'}.get(align or "", "")
    extra = ' scope="col"' if scope else ""
    return f"<{tag}{cls}{extra}>{content}</{tag}>"


def _table(table: tree.Table) -> str:
    wide_class = ' class="bred"' if tree.wide(table) else ""
    head = "".join(_cell("th", a, _inline(c), scope=True)
                   for c, a in zip(table.header, table.align, strict=True))
    rows = "\n".join(
        "<tr>" + "".join(_cell("td", a, _inline(c))
                         for c, a in zip(row, table.align, strict=True)) + "</tr>"
        for row in table.rows)
    return (f"<table{wide_class}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n"
            "</table>")


def _blocks(blocks: tuple[tree.Block, ...], doc: tree.Document) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, tree.Heading):
            out.append(f"<h{block.level}>{_inline(block.children)}</h{block.level}>")
        elif isinstance(block, tree.Paragraph):
            out.append(f"<p>{_inline(block.children)}</p>")
        elif isinstance(block, tree.ListBlock):
            tag = "ol" if block.ordered else "ul"
            start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
            items = "\n".join(f"<li>{_item(item, doc)}</li>" for item in block.items)
            out.append(f"<{tag}{start}>\n{items}\n</{tag}>")
        elif isinstance(block, tree.Quote):
            out.append(f"<blockquote>\n{_blocks(block.children, doc)}\n</blockquote>")
        elif isinstance(block, tree.Table):
            out.append(_table(block))
        elif isinstance(block, tree.CodeBlock):
            out.append(f"<pre><code>{html.escape(block.text)}</code></pre>")
        elif isinstance(block, tree.DiagramRef):
            chart = doc.diagrams.get(block.name)
            if chart is not None and chart.kategorier:
                out.append(f"<figure>\n{svg(chart)}\n</figure>")
        elif isinstance(block, tree.Rule):
            out.append("<hr>")
    return "\n".join(out)


def _item(blocks: tuple[tree.Block, ...], doc: tree.Document) -> str:
    """A list item: a single paragraph without its <p> (a tight list)."""
    if len(blocks) == 1 and isinstance(blocks[0], tree.Paragraph):
        return _inline(blocks[0].children)
    return _blocks(blocks, doc)


def write_html(doc: tree.Document) -> str:
    """The document as one HTML file."""
    meta = doc.meta
    top = f'<div class="topptekst">{html.escape(meta.header)}</div>'
    marks = ""
    if meta.utkast:
        top = (f'<div class="topptekst">{html.escape(meta.header)} · '
               f'<span class="utkast">{UTKAST}</span></div>')
        marks = f'<div class="vannmerke" aria-hidden="true">{UTKAST}</div>\n'
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(meta.maalform)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(doc.title)}</title>\n"
        f'<meta name="author" content="{html.escape(meta.author)}">\n'
        '<meta name="generator" content="komp">\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n{marks}{top}\n<main>\n"
        f"{_blocks(doc.blocks, doc)}\n</main>\n</body>\n</html>\n")
