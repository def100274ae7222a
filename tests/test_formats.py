"""The documents in HTML, PDF and Word, read back with real readers of each format.

Every format is written from one tree (the templates' Markdown, read once): these tests read the
files back (html.parser, pypdf, python-docx) and find in each the headings, texts and amounts of
that tree and of the view-model. Each document is made once per test session.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest

from conftest import EXAMPLES, ForumFactory, run_komp
from kompetanse_cli.documents import labels, numbers
from kompetanse_cli.documents.formats import FormatError, choose, document
from kompetanse_cli.documents.pdf import string, typst_source
from kompetanse_cli.documents.service import innstilling_document, plan_document, prepare
from kompetanse_cli.documents.tree import Heading, Table, parse, plain, texts, walk
from kompetanse_cli.documents.viewmodel.innstilling import build_innstilling

NBSP = "\u00a0"
# both examples, both kinds and both målformer, without making all eight in three formats
EXAMPLE_DOCS = [("nordland", "innstilling", "nb"), ("nordland", "plan", "nn"),
                ("vestland-fyo", "innstilling", "nn"), ("vestland-fyo", "plan", "nb")]
AMOUNT = re.compile(r"\d{1,3}(?:\u00a0\d{3})*\u00a0kr")


@pytest.fixture(autouse=True)
def _no_git_in_footer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMP_UTEN_GIT", "1")


_MADE: dict[tuple[str, ...], bytes] = {}


def made(folder: Path, kind: str, maalform: str, fmt: str, tmp: Path) -> bytes:
    """`komp KIND FOLDER -o x.FMT` once per session for the examples."""
    key = (str(folder), kind, maalform, fmt)
    if key not in _MADE or not str(folder).startswith(str(EXAMPLES)):
        out = tmp / f"dokument.{fmt}"
        result = run_komp(kind, folder, "--maalform", maalform, "-o", out)
        assert result.code == 0, result.err
        _MADE[key] = out.read_bytes()
    return _MADE[key]


def tree_of(folder: Path, kind: str, maalform: str) -> Any:
    prepared = prepare(folder, use_cache=False)
    if kind == "innstilling":
        rendered = innstilling_document(prepared, None, maalform, None, target="doc")
    else:
        rendered = plan_document(prepared, maalform, None, target="doc")
    return document(rendered)


def flat(text: str) -> str:
    """Runs of ASCII whitespace as one space (no-break spaces stay: they matter)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def squash(text: str) -> str:
    """Text without any whitespace: a PDF breaks lines where the page does."""
    return re.sub(r"\s+", "", text)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "br", "div"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(data: bytes) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(data.decode("utf-8"))
    return "".join(parser.parts), parser.tags


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    word = docx.Document(io.BytesIO(data))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


# --- choosing the format ---------------------------------------------------------------------


def test_the_extension_of_the_output_file_chooses_the_format() -> None:
    assert choose(None, Path("x.PDF")) == "pdf"
    assert choose(None, Path("a/b.docx")) == "docx"
    assert choose(None, Path("x.html")) == "html"
    assert choose(None, Path("x.md")) == "md"
    assert choose(None, None) == "md"
    assert choose("html", Path("x.pdf")) == "html"
    with pytest.raises(FormatError):
        choose(None, Path("innstilling.odt"))


def test_an_unknown_extension_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "innstilling.odt"
    result = run_komp("innstilling", EXAMPLES / "nordland", "-o", out)
    assert result.code == 2
    assert "--format" in result.err and "Traceback" not in result.err
    assert not out.exists()


def test_format_option_overrides_the_extension(tmp_path: Path) -> None:
    out = tmp_path / "innstilling.txt"
    result = run_komp("innstilling", EXAMPLES / "nordland", "--format", "html", "-o", out)
    assert result.code == 0, result.err
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- one source for every format -------------------------------------------------------------


@pytest.mark.parametrize(("example", "kind", "maalform"), EXAMPLE_DOCS)
def test_every_format_holds_every_heading_text_and_amount_of_the_tree(
        example: str, kind: str, maalform: str, tmp_path: Path) -> None:
    folder = EXAMPLES / example
    tree = tree_of(folder, kind, maalform)
    wanted = [t for t in (flat(x) for x in texts(tree.blocks)) if t]
    headings = [flat(plain(b.children)) for b in walk(tree.blocks)
                if isinstance(b, Heading)]
    amounts = {a for t in wanted for a in AMOUNT.findall(t)}
    assert headings and amounts
    page, _ = html_text(made(folder, kind, maalform, "html", tmp_path))
    word = docx_text(made(folder, kind, maalform, "docx", tmp_path))
    pdf = pdf_text(made(folder, kind, maalform, "pdf", tmp_path))
    page_flat = flat(page)
    word_flat = flat(word)
    for text in wanted:
        assert text in page_flat, text
        assert text in word_flat, text
    pdf_flat = squash(pdf)
    for text in headings:
        assert squash(text) in pdf_flat, text
    for text in amounts:
        assert squash(text) in pdf_flat, text


@pytest.mark.parametrize("example", ["nordland", "vestland-fyo"])
def test_every_measure_title_and_amount_of_the_view_model_is_in_the_pdf(
        example: str, tmp_path: Path) -> None:
    folder = EXAMPLES / example
    prepared = prepare(folder, use_cache=False)
    assert prepared.ctx.forum is not None
    model = build_innstilling(prepared.ctx, prepared.ctx.forum.aar, "nb")
    pdf = squash(pdf_text(made(folder, "innstilling", "nb", "pdf", tmp_path)))
    for rad in model.tiltak:
        assert squash(rad.tittel) in pdf
        assert squash(numbers.kroner(rad.anbefalt)) in pdf
    for mottaker in model.mottakere:
        assert squash(numbers.kroner(mottaker.sum)) in pdf
    assert squash(numbers.kroner(model.sum_anbefalt)) in pdf


def test_numbers_and_words_come_from_one_place_in_every_format(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Change how komp writes an amount and one word: every format changes with them."""
    monkeypatch.setattr(numbers, "kroner", lambda value, maalform="nb": f"KR{value}")
    words = {**labels.LABELS["nb"]["mottakerrolle"], "uh": "Universitetsmottaker"}
    monkeypatch.setitem(labels.LABELS["nb"], "mottakerrolle", words)
    folder = EXAMPLES / "nordland"
    for fmt in ("md", "html", "docx", "pdf"):
        out = tmp_path / f"innstilling.{fmt}"
        result = run_komp("innstilling", folder, "-o", out)
        assert result.code == 0, result.err
        data = out.read_bytes()
        text = {"md": lambda d: d.decode("utf-8"), "html": lambda d: html_text(d)[0],
                "docx": docx_text, "pdf": pdf_text}[fmt](data)
        assert "KR8470000" in text, fmt
        assert "Universitetsmottaker" in text, fmt
        assert not AMOUNT.search(text), fmt


def test_markdown_charts_are_tables_and_mermaid_only_on_request() -> None:
    plain_md = run_komp("innstilling", EXAMPLES / "nordland")
    with_mermaid = run_komp("innstilling", EXAMPLES / "nordland", "--mermaid")
    assert plain_md.code == with_mermaid.code == 0
    assert "```mermaid" not in plain_md.out
    assert f"| Kompetanseregion Salten | 3{NBSP}400{NBSP}000{NBSP}kr |" in plain_md.out
    assert with_mermaid.out.count("```mermaid\nxychart-beta") == 3
    assert "bar [4500000, 2500000, 2400000]" in with_mermaid.out
    assert "bar [4070000, 2250000, 2150000]" in with_mermaid.out


# --- HTML ------------------------------------------------------------------------------------


def test_html_is_self_contained_and_has_a_print_style(tmp_path: Path) -> None:
    data = made(EXAMPLES / "nordland", "innstilling", "nb", "html", tmp_path)
    _, tags = html_text(data)
    raw = data.decode("utf-8")
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert "http://" not in raw.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in raw
    assert '<html lang="nb">' in raw
    assert "@page" in raw and "size: A4" in raw and "@media print" in raw
    assert tags.count("svg") == 3
    assert '<th scope="col">' in raw
    nn = made(EXAMPLES / "nordland", "innstilling", "nn", "html", tmp_path).decode("utf-8")
    assert '<html lang="nn">' in nn


# --- PDF -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("example", "maalform"), [("nordland", "nb"), ("vestland-fyo", "nn")])
def test_pdf_is_a4_tagged_with_language_title_and_author(
        example: str, maalform: str, tmp_path: Path) -> None:
    reader = pypdf.PdfReader(io.BytesIO(made(EXAMPLES / example, "innstilling", maalform, "pdf",
                                             tmp_path)))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in reader.pages}
    assert sizes <= {(595, 842), (842, 595)}
    assert (842, 595) in sizes  # the wide measure table has a landscape page
    root = reader.root_object
    lang = root["/Lang"]
    assert isinstance(lang, str) and lang == f"{maalform}-NO"
    mark_info = root["/MarkInfo"]
    assert isinstance(mark_info, pypdf.generic.DictionaryObject) and bool(mark_info["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata is not None
    assert reader.metadata.title and reader.metadata.title.startswith(
        "Disponeringsplan" if example == "vestland-fyo" else "Innstilling")
    assert reader.metadata.author
    first = reader.pages[0].extract_text()
    assert "Side 1 av" in reader.pages[0].extract_text() and first.count("–")


def test_the_wide_measure_table_keeps_every_column_on_its_landscape_page(tmp_path: Path) -> None:
    reader = pypdf.PdfReader(io.BytesIO(made(EXAMPLES / "nordland", "innstilling", "nb", "pdf",
                                             tmp_path)))
    measures = "\n".join(p.extract_text() for p in reader.pages
                         if p.mediabox.width > p.mediabox.height)
    for column in ("Nr.", "Ordning", "Tiltak", "Eiere", "UH-partner", "Målgrupper", "Deltakere",
                   "Periode", "Innstilt 2027"):
        assert column in measures
    assert "1 050 000 kr".replace(" ", NBSP) in measures


def test_a_draft_says_utkast_on_every_page(forum: ForumFactory, tmp_path: Path) -> None:
    folder = forum("nordland")
    path = folder / "forum.yaml"
    text = path.read_text(encoding="utf-8")
    decision = "beslutning:\n  form: konsensus\n  dato: 2027-03-10\n"
    assert decision in text
    path.write_text(text.replace(decision, ""), encoding="utf-8")
    out = tmp_path / "utkast.pdf"
    result = run_komp("innstilling", folder, "-o", out)
    assert result.code == 0, result.err
    reader = pypdf.PdfReader(out)
    assert all("UTKAST" in page.extract_text() for page in reader.pages)


def test_user_text_cannot_become_typst_code(forum: ForumFactory, tmp_path: Path) -> None:
    folder = forum("nordland")
    hostile = '#panic("x") ] [ \\" // ikke kommentar $ x $ <lbl> @ref *fet* = overskrift'
    path = folder / "partnerskap/salten/tiltak.yaml"
    text = path.read_text(encoding="utf-8")
    quoted = "'" + hostile.replace("'", "''") + "'"
    path.write_text(text.replace("tittel: Lesing i alle fag", f"tittel: {quoted}", 1),
                    encoding="utf-8")
    out = tmp_path / "x.pdf"
    result = run_komp("innstilling", folder, "-o", out)
    assert result.code == 0, result.err
    assert squash(hostile) in squash(pdf_text(out.read_bytes()))
    assert string('a"b\\c\n') == '"a\\"b\\\\c\\n"'


def test_typst_source_writes_no_text_as_markup() -> None:
    blocks = parse("# *Tittel* \\# ikke\n\nTekst med [lenke](http://x) og `kode`.\n")
    source = typst_source(document_from(blocks))
    body = source.split("#set list(indent: 0.6em)", 1)[1]
    assert body.split() == ['#heading(level:', '1)[#emph[#"Tittel"]#"', '#', 'ikke"]',
                            '#"Tekst', 'med', '"#link("http://x")[#"lenke"]#"', 'og',
                            '"#raw("kode")#"."']


def document_from(blocks: Any) -> Any:
    from kompetanse_cli.documents.tree import Document, Meta

    return Document(Meta("Forum – 2027", "Forfatter", "nb", False), blocks, {})


# --- Word ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("example", "maalform"), [("nordland", "nn"), ("vestland-fyo", "nb")])
def test_docx_has_word_headings_repeated_headers_a4_and_the_language(
        example: str, maalform: str, tmp_path: Path) -> None:
    data = made(EXAMPLES / example, "innstilling", maalform, "docx", tmp_path)
    word = docx.Document(io.BytesIO(data))
    styles = {p.style.name for p in word.paragraphs if p.style is not None}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= styles
    section = word.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert any(s.page_width is not None and s.page_height is not None
               and s.page_width > s.page_height for s in word.sections)
    assert word.core_properties.language == f"{maalform}-NO"
    assert word.core_properties.title
    styles_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode("utf-8")
    assert f'w:val="{maalform}-NO"' in styles_xml
    for table in word.tables:
        assert "w:tblHeader" in table.rows[0]._tr.xml
    prepared = prepare(EXAMPLES / example, use_cache=False)
    assert prepared.ctx.forum is not None
    model = build_innstilling(prepared.ctx, prepared.ctx.forum.aar, maalform)
    recipients = next(t for t in word.tables if t.rows[0].cells[1].text == "Org.nr.")
    rows = [[c.text for c in r.cells] for r in recipients.rows[1:]]
    expected = []
    for m in model.mottakere:  # each recipient, and under it its owners' parts
        expected += [m.navn, *(f"– {e.navn}" for e in m.eiere)]
    assert [r[0] for r in rows[:-1]] == expected
    assert rows[-1][-1] == numbers.kroner(model.sum_anbefalt, maalform)
    amount_cell = recipients.rows[1].cells[-1].paragraphs[0]
    assert amount_cell.alignment is not None and amount_cell.alignment == 2  # right
    pictures = [s for s in word.inline_shapes]
    assert len(pictures) >= 2


def test_the_tree_keeps_table_alignment_and_cells() -> None:
    blocks = parse("| A | B |\n| --- | ---: |\n| x \\| y | 1 kr |\n")
    table = blocks[0]
    assert isinstance(table, Table)
    assert table.align == (None, "right")
    assert [plain(c) for c in table.rows[0]] == ["x | y", "1 kr"]


def test_a_spreadsheet_extension_points_to_the_payout_list(tmp_path: Path) -> None:
    result = run_komp("innstilling", EXAMPLES / "nordland", "-o", tmp_path / "x.xlsx")
    assert result.code == 2
    assert "komp utbetaling" in result.err
