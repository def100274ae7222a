"""Statsforvalteren's vedtak in forum.yaml: what the innstilling says about it and what it sums to."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ForumFactory, run_komp
from kompetanse_cli.pipeline import validate_with_contexts
from kompetanse_cli.pipeline.aggregate import decided_by_recipient, decided_by_scheme_year
from test_documents import table_with

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _no_git_in_footer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMP_UTEN_GIT", "1")


def _with_vedtak(folder: Path, block: str) -> Path:
    path = folder / "forum.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "vedtak:\n"  # the example's vedtak for 2026 stays, after the new one
    assert block.startswith(anchor) and anchor in text
    path.write_text(text.replace(anchor, block, 1), encoding="utf-8")
    return folder


CHANGED = """vedtak:
  - aar: 2027
    dato: 2027-04-20
    saksnummer: "2027/4411"
    tildelinger:
      - {mottaker: "972418013", ordning: dekom, beloep: 1_000_000}
      - {mottaker: "970940243", ordning: dekom, beloep: 1_450_000}
    begrunnelse: Statsforvalteren flytter 100 000 kr fra Bodø kommune til universitetet.
"""


def test_status_names_the_forum_and_statsforvalteren_separately(forum: ForumFactory) -> None:
    folder = _with_vedtak(forum(), 'vedtak:\n  - {aar: 2027, dato: 2027-04-20, saksnummer: "2027/4411", '
                                   "som_innstilt: true}\n")
    result = run_komp("innstilling", folder)
    assert result.code == 0, result.err
    assert "**Status:** Samarbeidsforumet ble enig om innstillingen 10. mars 2027." in result.out
    assert "Statsforvalteren fattet vedtak som innstilt 20. april 2027 (sak 2027/4411)." in result.out
    nn = run_komp("innstilling", folder, "--maalform", "nn").out
    assert "Statsforvaltaren gjorde vedtak som innstilt 20. april 2027 (sak 2027/4411)." in nn


def test_a_changed_vedtak_lists_each_departure_with_its_sign(forum: ForumFactory) -> None:
    folder = _with_vedtak(forum(), CHANGED)
    result = run_komp("innstilling", folder)
    assert result.code == 0, result.err
    assert "fattet vedtak med endringer 20. april 2027" in result.out
    rows = table_with(result.out, "Mottaker", "Ordning", "Innstilt", "Tildelt", "Endring")[1:]
    by_name = {(r[0], r[1]): r for r in rows}
    assert by_name[("Bodø kommune", "DeKom")][2:] == [
        f"1{NBSP}100{NBSP}000{NBSP}kr", f"1{NBSP}000{NBSP}000{NBSP}kr", f"\u2212100{NBSP}000{NBSP}kr"]
    assert by_name[("Nord universitet", "DeKom")][4] == f"+100{NBSP}000{NBSP}kr"
    # recipients the vedtak leaves out get nothing, and are shown as departures too
    assert by_name[("Rana kommune", "DeKom")][3] == f"0{NBSP}kr"


def test_decided_amounts_come_from_the_tildelinger(forum: ForumFactory) -> None:
    folder = _with_vedtak(forum(), CHANGED)
    _, contexts = validate_with_contexts([folder])
    ctx = contexts[0]
    assert decided_by_recipient(ctx, 2027) == {("970940243", "dekom"): 1_450_000,
                                              ("972418013", "dekom"): 1_000_000}
    assert decided_by_scheme_year(ctx)[("dekom", 2027)] == 2_450_000
    assert ("rekom", 2027) not in decided_by_scheme_year(ctx)
    assert decided_by_recipient(ctx, 2028) is None
    # the example's own vedtak for 2026 is som_innstilt: Salten's and Helgeland's measures
    assert decided_by_scheme_year(ctx)[("dekom", 2026)] == 670_000
    assert decided_by_scheme_year(ctx)[("rekom", 2026)] == 600_000


def test_som_innstilt_decides_the_recommended_amounts(forum: ForumFactory) -> None:
    folder = _with_vedtak(forum(), 'vedtak:\n  - {aar: 2027, dato: 2027-04-20, saksnummer: "1", '
                                   "som_innstilt: true}\n")
    _, contexts = validate_with_contexts([folder])
    decided = decided_by_scheme_year(contexts[0])
    # the innstilling's own frame table gives 4 070 000 kr for DeKom 2027
    assert decided[("dekom", 2027)] == 4_070_000


# --- the status of a past year ----------------------------------------------------------------


def _visible_html(page: str) -> str:
    """The text a reader of the HTML page sees (not its style sheet)."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.hidden += tag in ("style", "script")

        def handle_endtag(self, tag: str) -> None:
            self.hidden -= tag in ("style", "script")

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data)

    reader = Reader()
    reader.feed(page)
    return " ".join(reader.parts)


def _status_texts(folder: Path, aar: int, maalform: str, formats: tuple[str, ...]
                  ) -> dict[str, str]:
    """The innstilling for `aar` in each format, each read back with a reader of that format."""
    import io

    import docx
    import pypdf

    from kompetanse_cli.documents.formats import write
    from kompetanse_cli.documents.service import innstilling_document, prepare

    prepared = prepare(folder, use_cache=False)
    out = {"md": innstilling_document(prepared, aar, maalform, None).markdown}
    rendered = innstilling_document(prepared, aar, maalform, None, target="doc")
    for fmt in formats:
        data = write(fmt, rendered)
        if isinstance(data, str):
            data = data.encode("utf-8")
        if fmt == "html":
            out[fmt] = _visible_html(data.decode("utf-8"))
        elif fmt == "pdf":
            out[fmt] = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
        else:
            out[fmt] = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    return {fmt: " ".join(text.replace(NBSP, " ").split()) for fmt, text in out.items()}


@pytest.mark.parametrize(("example", "maalform", "formats", "expected"), [
    ("nordland", "nb", ("html", "pdf", "docx"),
     "Statsforvalteren fattet vedtak som innstilt 14. april 2026 (sak 2026/1873)."),
    ("nordland", "nn", ("html",),
     "Statsforvaltaren gjorde vedtak som innstilt 14. april 2026 (sak 2026/1873)."),
    ("vestland-fyo", "nb", ("pdf",),
     "Vedtaket om tildelingen ble fattet 8. april 2026 (sak 2026/0912)"),
])
def test_a_past_year_with_a_vedtak_is_decided_in_every_format(
        example: str, maalform: str, formats: tuple[str, ...], expected: str) -> None:
    from conftest import EXAMPLES

    texts = _status_texts(EXAMPLES / example, 2026, maalform, formats)
    assert set(texts) == {"md", *formats}
    for fmt, text in texts.items():
        assert "UTKAST" not in text.upper(), (fmt, text[:400])
        assert expected in text, (fmt, text[:600])
    # the forum's beslutning in forum.yaml is the current year's: it is not shown for 2026
    assert "10. mars 2027" not in texts["md"] and "5. mars 2027" not in texts["md"]


def test_a_past_year_without_a_vedtak_stays_a_draft(forum: ForumFactory) -> None:
    folder = forum()
    path = folder / "forum.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("vedtak:\n  - aar: 2026")
    end = text.index("som_innstilt: true\n", start) + len("som_innstilt: true\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run_komp("innstilling", folder, "--aar", "2026")
    assert result.code == 0, result.err
    assert "**Status:** UTKAST" in result.out
    assert "Statsforvalteren fattet vedtak" not in result.out


def test_oversikt_names_who_decided_a_past_year() -> None:
    from conftest import EXAMPLES

    result = run_komp("oversikt", EXAMPLES / "nordland", "--aar", "2026")
    assert result.code == 0, result.err
    assert ("Status: samarbeidsforumet ga sin innstilling for 2026; Statsforvalteren fattet "
            "vedtak som innstilt 14. april 2026") in " ".join(result.out.split())
    data = run_komp("oversikt", EXAMPLES / "nordland", "--aar", "2026", "--format", "json").json()
    assert data["decided"] is True
    assert run_komp("oversikt", EXAMPLES / "nordland", "--aar", "2028", "--format",
                    "json").json()["decided"] is False
