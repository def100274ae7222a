"""`komp utbetaling`: the payout list in XLSX (read back with openpyxl) and CSV (csv module)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES, ForumFactory, run_komp
from kompetanse_cli.documents.service import prepare
from kompetanse_cli.documents.viewmodel.innstilling import Innstilling, build_innstilling


@pytest.fixture(autouse=True)
def _no_git(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMP_UTEN_GIT", "1")


def innstilling(example: str) -> Innstilling:
    prepared = prepare(EXAMPLES / example, use_cache=False)
    assert prepared.ctx.forum is not None
    return build_innstilling(prepared.ctx, prepared.ctx.forum.aar, "nb")


@pytest.mark.parametrize("example", ["nordland", "vestland-fyo"])
def test_xlsx_sums_equal_the_innstilling_to_the_krone(example: str, tmp_path: Path) -> None:
    out = tmp_path / "utbetaling.xlsx"
    result = run_komp("utbetaling", EXAMPLES / example, "-o", out)
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(out)
    sheet = book["Utbetaling"]
    header = [c.value for c in sheet[1]]
    assert header == ["Navn", "Org.nr.", "Rolle", "Ordning", "År", "Beløp", "Tiltak"]
    assert sheet.freeze_panes == "A2"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    model = innstilling(example)
    per_scheme: dict[str, int] = {}
    for _navn, orgnr, rolle, ordning, aar, beloep, tiltak in rows:
        assert isinstance(orgnr, str) and len(orgnr) == 9 and orgnr.isdigit()
        assert isinstance(beloep, int) and aar == model.aar
        assert rolle in ("eier", "UH", "tilbyder", "fylkeskommunen")
        assert tiltak and isinstance(ordning, str)
        per_scheme[ordning] = per_scheme.get(ordning, 0) + beloep
    for row in model.per_ordning:
        assert per_scheme.get(row.ordning.navn, 0) == row.anbefalt
    assert sum(per_scheme.values()) == model.sum_anbefalt
    for cells in sheet.iter_rows(min_row=2):
        assert cells[1].number_format == "@" and cells[1].data_type == "s"
        assert "kr" in cells[5].number_format
    assert sheet.column_dimensions["A"].width > 10
    totals = [[c.value for c in row] for row in book["Sum per ordning"].iter_rows(min_row=2)]
    assert totals[-1] == ["Sum", model.aar, model.sum_anbefalt]
    assert [t[2] for t in totals[:-1]] == [r.anbefalt for r in model.per_ordning]


def test_one_row_per_recipient_scheme_and_year_with_the_measures_paid_for() -> None:
    result = run_komp("utbetaling", EXAMPLES / "nordland")
    assert result.code == 0, result.err
    table = list(csv.reader(io.StringIO(result.out), delimiter=";"))
    assert not result.out.startswith("\ufeff")
    body = table[1:table.index([])]
    keys = [(r[0], r[3], r[4]) for r in body]
    assert len(keys) == len(set(keys))
    bodoe = [r for r in body if r[0] == "Bodø kommune" and r[3] == "DeKom"]
    assert bodoe == [["Bodø kommune", "972418013", "eier", "DeKom", "2027", "1100000",
                      "salten/T2, salten/T3, salten/T5"]]
    assert table[-1] == ["Sum", "", "", "", "2027", "8470000", ""]


def test_csv_file_has_a_bom_and_semicolons(tmp_path: Path) -> None:
    out = tmp_path / "utbetaling.csv"
    result = run_komp("utbetaling", EXAMPLES / "vestland-fyo", "-o", out)
    assert result.code == 0, result.err
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Navn", "Org.nr.", "Rolle"]
    model = innstilling("vestland-fyo")
    assert rows[-1][5] == str(model.sum_anbefalt)


def test_a_forum_with_errors_gets_no_payout_list(forum: ForumFactory, tmp_path: Path) -> None:
    folder = forum("nordland")
    path = folder / "partnerskap/salten/tiltak.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("tilskudd_eier: ", "tilskudd_eier: -",
                                                             1), encoding="utf-8")
    out = tmp_path / "u.xlsx"
    result = run_komp("utbetaling", folder, "-o", out)
    assert result.code == 1
    assert "feil" in result.err and not out.exists()


def test_an_unknown_extension_is_a_usage_error(tmp_path: Path) -> None:
    result = run_komp("utbetaling", EXAMPLES / "nordland", "-o", tmp_path / "u.ods")
    assert result.code == 2
    assert ".xlsx" in result.err


# --- komp oversikt --format ------------------------------------------------------------------


def test_oversikt_json_has_the_innstillings_sums() -> None:
    result = run_komp("oversikt", EXAMPLES / "nordland", "--format", "json")
    assert result.code == 0, result.err
    data = result.json()
    model = innstilling("nordland")
    assert data["format_version"] == 1 and data["year"] == model.aar
    assert data["recommended_total"] == model.sum_anbefalt
    this_year = {r["scheme"]: r["recommended"] for r in data["per_scheme"] if r["year"] == model.aar}
    assert this_year == {r.ordning.kode: r.anbefalt for r in model.per_ordning}
    assert sum(p["recommended"] for p in data["per_partnership"]) == model.sum_anbefalt
    assert [m["total"] for m in data["per_recipient"]] == [m.sum for m in model.mottakere]


def test_oversikt_csv_is_the_table_per_scheme_and_year() -> None:
    result = run_komp("oversikt", EXAMPLES / "nordland", "--format", "csv", "--aar", "2027")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out), delimiter=";"))
    assert rows[0] == ["Ordning", "År", "Ramme", "Søkt", "Innstilt", "Gjenstår"]
    assert rows[1] == ["DeKom", "2027", "4500000", "4120000", "4070000", "430000"]
    assert len(rows) == 4


FORMULA = '=HYPERLINK("http://x","y")'


def _forum_with_formula_name(tmp_path: Path) -> Path:
    import shutil

    forum = tmp_path / "F"
    shutil.copytree(EXAMPLES / "nordland", forum)
    path = forum / "partnerskap" / "salten" / "partnerskap.yaml"
    text = path.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.strip().startswith("- navn:"))
    indent = first[: len(first) - len(first.lstrip())]
    path.write_text(text.replace(first, f"{indent}- navn: '{FORMULA}'", 1), encoding="utf-8")
    return forum


def test_a_name_that_looks_like_a_formula_stays_text_in_csv_and_xlsx(tmp_path: Path) -> None:
    forum = _forum_with_formula_name(tmp_path)
    out_csv = tmp_path / "u.csv"
    out_xlsx = tmp_path / "u.xlsx"
    assert run_komp("utbetaling", forum, "-o", out_csv).code == 0
    assert run_komp("utbetaling", forum, "-o", out_xlsx).code == 0
    cells = [c for row in csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8-sig")),
                                     delimiter=";") for c in row]
    assert any(FORMULA in c for c in cells), "the name is shown as written"
    assert not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in cells)
    sheet = openpyxl.load_workbook(out_xlsx)["Utbetaling"]
    values = [c for row in sheet.iter_rows() for c in row]
    assert any(c.value == FORMULA for c in values)
    assert not any(c.data_type == "f" for c in values)
    assert all(c.quotePrefix for c in values if c.value == FORMULA)
    amounts = [row[5].value for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(a, int) for a in amounts)

