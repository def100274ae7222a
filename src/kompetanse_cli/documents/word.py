"""The Word writer (python-docx): a normal document a secretary can go on editing.

Headings use Word's own heading styles (Overskrift 1–3 in a Norwegian Word), lists its list
styles, tables a grid with the header row repeated on every page and amounts right-aligned.
A4 portrait; a table too wide for it gets a landscape section of its own. The language (nb-NO
or nn-NO), title and author are set; the running header names the forum and year, and says
UTKAST until the forum has decided; the footer numbers the pages. Charts are pictures (drawn as
SVG by komp, turned into PNG by the same Typst compiler as the PDF) with their numbers as alt
text.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from . import tree
from .diagrams import Diagram, svg

LANGUAGE = {"nb": "nb-NO", "nn": "nn-NO"}
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.2)
TABLE_PT = 8.5


def _runs(paragraph: Any, children: tuple[tree.Inline, ...], *, bold: bool = False,
          italic: bool = False, size: float | None = None) -> None:
    for child in children:
        if isinstance(child, tree.Text):
            run = paragraph.add_run(child.text)
            run.bold = bold or None
            run.italic = italic or None
            if size:
                run.font.size = Pt(size)
        elif isinstance(child, tree.Code):
            run = paragraph.add_run(child.text)
            run.font.name = "Consolas"
            if size:
                run.font.size = Pt(size)
        elif isinstance(child, tree.Strong):
            _runs(paragraph, child.children, bold=True, italic=italic, size=size)
        elif isinstance(child, tree.Emph):
            _runs(paragraph, child.children, bold=bold, italic=True, size=size)
        elif isinstance(child, tree.Link):
            _runs(paragraph, child.children, bold=bold, italic=italic, size=size)
        elif isinstance(child, tree.Break):
            paragraph.add_run().add_break()


def _set_language(doc: Any, maalform: str) -> None:
    """The language of every text: in the default run properties and the core properties."""
    code = LANGUAGE.get(maalform, "nb-NO")
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), code)
    doc.core_properties.language = code


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_setup(section: Any, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = Cm(2.5)
    section.bottom_margin = Cm(2.2)


def _header_footer(section: Any, doc: tree.Document) -> None:
    header = section.header.paragraphs[0]
    header.text = doc.meta.header
    for run in header.runs:
        run.font.size = Pt(8.5)
    if doc.meta.utkast:
        run = header.add_run("    UTKAST")
        run.bold = True
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Side ").font.size = Pt(8.5)
    _field(footer, "PAGE")
    footer.add_run(" av ").font.size = Pt(8.5)
    _field(footer, "NUMPAGES")


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _table(doc: Any, table: tree.Table, width_cm: float) -> None:
    columns = tree.column_chars(table)
    fixed = [chars * 0.21 + 0.35 for natural, chars in columns if natural]
    flexible = sum(chars for natural, chars in columns if not natural)
    rest = max(width_cm - sum(fixed), 2.0 * sum(1 for n, _ in columns if not n))
    widths = [chars * 0.21 + 0.35 if natural else rest * chars / flexible
              for natural, chars in columns]
    out = doc.add_table(rows=1 + len(table.rows), cols=table.columns)
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.LEFT
    out.autofit = False
    for c, width in enumerate(widths):
        # the grid's widths too: LibreOffice and older Word lay a table out by its grid
        out.columns[c].width = Cm(width)
    for r, row in enumerate((table.header, *table.rows)):
        cells = out.rows[r].cells
        for c, content in enumerate(row):
            cell = cells[c]
            cell.width = Cm(widths[c])
            paragraph = cell.paragraphs[0]
            if table.align[c] == "right":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _runs(paragraph, content, bold=r == 0, size=TABLE_PT)
    _repeat_header(out.rows[0])


def png(chart: Diagram) -> bytes:
    """The chart's SVG as a PNG picture, through the Typst compiler."""
    import typst

    from .pdf import string

    source = ("#set page(width: auto, height: auto, margin: 6pt)\n"
              f'#image(bytes({string(svg(chart))}), format: "svg")\n')
    data = typst.compile(source.encode("utf-8"), format="png", ppi=150.0,
                         ignore_system_fonts=True)
    assert isinstance(data, bytes)
    return data


def _picture(doc: Any, chart: Diagram) -> None:
    doc.add_picture(io.BytesIO(png(chart)), width=Cm(15.5))
    inline = doc.paragraphs[-1]._p.xpath(".//wp:docPr")
    for properties in inline:
        properties.set("descr", chart.beskrivelse)
        properties.set("title", chart.tittel)


def _blocks(doc: Any, blocks: tuple[tree.Block, ...], document: tree.Document, *, level: int = 0,
            landscape: bool = False) -> None:
    for block in blocks:
        if isinstance(block, tree.Heading):
            paragraph = doc.add_paragraph(style=f"Heading {min(block.level, 9)}")
            _runs(paragraph, block.children)
        elif isinstance(block, tree.Paragraph):
            _runs(doc.add_paragraph(), block.children)
        elif isinstance(block, tree.ListBlock):
            style = "List Number" if block.ordered else "List Bullet"
            if level:
                style += f" {min(level + 1, 3)}"
            for item in block.items:
                first, *rest = item or (tree.Paragraph(()),)
                if isinstance(first, tree.Paragraph):
                    _runs(doc.add_paragraph(style=style), first.children)
                else:
                    rest = [first, *rest]
                _blocks(doc, tuple(rest), document, level=level + 1, landscape=landscape)
        elif isinstance(block, tree.Quote):
            for inner in block.children:
                if isinstance(inner, tree.Paragraph):
                    _runs(doc.add_paragraph(style="Intense Quote"), inner.children)
                else:
                    _blocks(doc, (inner,), document, level=level, landscape=landscape)
        elif isinstance(block, tree.Table):
            if tree.wide(block) and not landscape:
                _page_setup(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
                _table(doc, block, 29.7 - 2 * 2.2)
                _page_setup(doc.add_section(WD_SECTION.NEW_PAGE), landscape=False)
            else:
                _table(doc, block, (29.7 if landscape else 21.0) - 2 * 2.2)
            doc.add_paragraph()
        elif isinstance(block, tree.CodeBlock):
            paragraph = doc.add_paragraph()
            run = paragraph.add_run(block.text.rstrip("\n"))
            run.font.name = "Consolas"
        elif isinstance(block, tree.DiagramRef):
            chart = document.diagrams.get(block.name)
            if chart is not None and chart.kategorier:
                _picture(doc, chart)
        elif isinstance(block, tree.Rule):
            doc.add_paragraph("―" * 20).alignment = WD_ALIGN_PARAGRAPH.CENTER


def write_docx(document: tree.Document) -> bytes:
    """The document as a .docx file."""
    doc = new_document()
    _page_setup(doc.sections[0], landscape=False)
    _set_language(doc, document.meta.maalform)
    doc.core_properties.title = document.title
    doc.core_properties.author = document.meta.author
    doc.core_properties.comments = "laget av komp"
    doc.styles["Normal"].font.size = Pt(10.5)
    _header_footer(doc.sections[0], document)
    _blocks(doc, document.blocks, document)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
