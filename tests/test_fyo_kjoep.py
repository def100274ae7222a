"""DeKom FYO: the county receives the grant and buys the providers' services.

The providers are contract parties, not grant recipients: no document, payout list, overview or
report may name one as a recipient. The disponeringsplan shows what is set aside for each
purchase and the procurement threshold it reaches; K415 says the same. The expected figures are
computed here straight from the YAML and regelverk.toml (PyYAML, tomllib), not with komp's
aggregation.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.table import Table

from conftest import EXAMPLES, diagnostics_of, run_komp
from test_documents import kroner, table_with
from test_formats import html_text, pdf_text

VESTLAND = EXAMPLES / "vestland-fyo"
COUNTY = "821311632"
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _no_git(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMP_UTEN_GIT", "1")


def docx_in_order(data: bytes) -> str:
    """A Word document's paragraphs and table cells, in the order they stand in it."""
    parts: list[str] = []
    for block in docx.Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(block, Table):
            parts.extend(cell.text for row in block.rows for cell in row.cells)
        else:
            parts.append(block.text)
    return "\n".join(parts)


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def providers(folder: Path) -> dict[str, str]:
    """orgnr → name of every provider in the partnerships."""
    out: dict[str, str] = {}
    for p in sorted((folder / "partnerskap").iterdir()):
        for t in load(p / "partnerskap.yaml").get("tilbydere", []):
            out[str(t["orgnr"])] = t["navn"]
    return out


def purchases(folder: Path) -> dict[tuple[str, str, str], dict[int, int]]:
    """(slug, measure id, provider orgnr) → {year: tilskudd_uh after justeringer}."""
    forum = load(folder / "forum.yaml")
    changes = {(j["tiltak"], j["aar"]): j for j in forum.get("justeringer") or []}
    out: dict[tuple[str, str, str], dict[int, int]] = {}
    for p in sorted((folder / "partnerskap").iterdir()):
        for t in load(p / "tiltak.yaml")["tiltak"]:
            for aar, budget in t["budsjett"].items():
                change = changes.get((f"{p.name}/{t['id']}", aar), {})
                if change.get("avslaatt"):
                    continue
                amount = change.get("tilskudd_uh", budget.get("tilskudd_uh", 0))
                if amount:
                    key = (p.name, t["id"], str(t["partnere"][0]))
                    out.setdefault(key, {})[aar] = amount
    return out


def thresholds() -> list[dict[str, Any]]:
    path = Path(__file__).resolve().parents[1] / "src/kompetanse_cli/data/regelverk.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return sorted(data["regelverk"]["FOR-2021-01-26-229"]["anskaffelse_terskler"],
                  key=lambda t: t["beloep"])


def reached(amount: int) -> dict[str, Any] | None:
    found = [t for t in thresholds() if amount >= t["beloep"]]
    return found[-1] if found else None


def kr(amount: int) -> str:
    return f"{amount:,}".replace(",", NBSP) + f"{NBSP}kr"


def threshold_cell(amount: int, maalform: str = "nb") -> str:
    """The short threshold text the purchase table shows for a purchase of `amount`."""
    t = reached(amount)
    if t is None:
        return f"under {kr(thresholds()[0]['beloep'])}"
    name = t.get("navn_nn", t["navn"]) if maalform == "nn" else t["navn"]
    if name.split() != kr(t["beloep"]).split():
        return str(name)
    return f"{'frå' if maalform == 'nn' else 'fra'} {kr(t['beloep'])}"


def test_the_purchase_table_shows_each_purchase_and_its_threshold() -> None:
    text = run_komp("innstilling", VESTLAND).out
    aar = load(VESTLAND / "forum.yaml")["aar"]
    names = providers(VESTLAND)
    table = table_with(text, "Tilbyder", "Type", "Tiltak", "Periode", f"Avsatt {aar}",
                       "Hele perioden", "Terskel")
    rows = [r for r in table[1:] if not r[0].startswith(("*", "**"))]
    expected = sorted((names[orgnr], years.get(aar, 0), sum(years.values()),
                       threshold_cell(sum(years.values())))
                      for (_, _, orgnr), years in purchases(VESTLAND).items() if years.get(aar))
    assert sorted((r[0], kroner(r[4]), kroner(r[5]), r[6]) for r in rows) == expected
    total = table[-1]
    assert total[0] == "**Sum**"
    assert kroner(total[4]) == sum(e[1] for e in expected)
    # what the county sets aside for purchases is what the share table calls the other actors
    share = table_with(text, "", "Andel etter planen")
    assert kroner(share[2][3]) == kroner(total[4])
    # the one provider with several purchases gets a line for all of them together
    together = [r for r in table[1:] if r[0] == "*Fagskulen Vestland i alt*"]
    assert len(together) == 1
    assert kroner(together[0][5]) == sum(
        sum(y.values()) for (_, _, o), y in purchases(VESTLAND).items() if o == "921934785")
    assert "Tilbydere i nettverkene uten kjøp i 2027: Norsk Industri." in text
    for t in thresholds():  # every threshold with its year and source
        assert t["kilde"] in text.replace(NBSP, " ")


def test_no_provider_is_a_grant_recipient_in_any_document_or_list(tmp_path: Path) -> None:
    names = providers(VESTLAND)
    text = run_komp("innstilling", VESTLAND).out
    recipients = table_with(text, "Mottaker", "Org.nr.", "Rolle")[1:-1]
    assert [r[1] for r in recipients] == [COUNTY]
    assert "Tilskudd 2027:" not in text and "til tilbyder" not in text

    result = run_komp("utbetaling", VESTLAND)
    assert result.code == 0, result.err
    payouts = list(csv.reader(io.StringIO(result.out), delimiter=";"))
    body = payouts[1:payouts.index([])]
    assert {row[1] for row in body} == {COUNTY}

    overview = json.loads(run_komp("oversikt", VESTLAND, "--format", "json").out)
    assert [r["orgnr"] for r in overview["per_recipient"]] == [COUNTY]
    assert {p["orgnr"] for p in overview["purchases"]} <= set(names)

    report = run_komp("rapport", VESTLAND, "--aar", "2026", "--dato", "2027-01-20").out
    assert [r[1] for r in table_with(report, "Mottaker", "Org.nr.", "Ordning")[1:]] == [COUNTY]

    # the same in the formats, read back: the recipient section names no provider
    for fmt, read in (("html", lambda b: html_text(b)[0]), ("pdf", pdf_text),
                      ("docx", docx_in_order)):
        out = tmp_path / f"d.{fmt}"
        assert run_komp("innstilling", VESTLAND, "-o", out).code == 0
        shown = " ".join(read(out.read_bytes()).split())
        assert "Kjøp av kompetansetjenester" in shown, fmt
        section = shown[shown.index("Tilskuddsmottaker"):shown.index("Mot rammen for")]
        assert COUNTY in section, fmt
        assert not [orgnr for orgnr in names if orgnr in section], fmt


def test_nynorsk_disponeringsplan_shows_the_purchases_too() -> None:
    text = run_komp("innstilling", VESTLAND, "--maalform", "nn").out
    assert "## 4. Kjøp av kompetansetenester" in text
    table = table_with(text, "Tilbydar", "Type", "Tiltak", "Periode", "Sett av 2027")
    cells = {r[6] for r in table[1:] if not r[0].startswith("*")}
    assert cells == {threshold_cell(1_250_000, "nn")}
    assert "tilskotsmottakarar" in text


def test_k415_says_which_threshold_each_purchase_reaches(forum: Any) -> None:
    folder = forum("vestland-fyo")
    path = folder / "partnerskap/bergen-nordhordland/tiltak.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "        tilskudd_uh: 500_000", "        tilskudd_uh: 550_000", 1), encoding="utf-8")
    found = [d for d in diagnostics_of(folder, "--merknader") if d["code"] == "K415"]
    expected = purchases(folder)
    assert len(found) == sum(1 for y in expected.values() if reached(sum(y.values())))
    national = [d for d in found if "bergen-nordhordland/T1" in d["message"]]
    assert len(national) == 1 and national[0]["severity"] == "info"
    assert "1 300 000 kr i 2026–2028" in national[0]["message"].replace(NBSP, " ")
    assert "nasjonal terskelverdi" in national[0]["message"]
    # the document says the same
    text = run_komp("innstilling", folder).out
    row = next(r for r in table_with(text, "Tilbyder", "Type", "Tiltak")[1:]
               if r[2] == "Veilederopplæring for instruktører")
    assert row[6] == "nasjonal terskelverdi"


def test_k415_adds_purchases_from_one_provider_together(forum: Any) -> None:
    folder = forum("vestland-fyo")
    path = folder / "partnerskap/sogn-og-fjordane/tiltak.yaml"
    text = path.read_text(encoding="utf-8")
    # Fagskulen Vestland: 200 000 + (370 000 + 700 000) + 100 000 = 1 370 000 kr in all
    path.write_text(text.replace("        tilskudd_uh: 300_000", "        tilskudd_uh: 700_000", 1),
                    encoding="utf-8")
    found = [d for d in diagnostics_of(folder, "--merknader") if d["code"] == "K415"
             and "Fagskulen Vestland" in d["message"]]
    assert len(found) == 3
    assert all("samlet 1 370 000 kr i 3 tiltak" in d["message"].replace(NBSP, " ")
               for d in found)
    shown = run_komp("innstilling", folder).out
    together = next(r for r in table_with(shown, "Tilbyder", "Type", "Tiltak")[1:]
                    if r[0] == "*Fagskulen Vestland i alt*")
    assert kroner(together[5]) == 1_370_000
    assert together[6] == "*nasjonal terskelverdi*"


def test_k415_never_adds_purchases_whose_providers_the_files_do_not_name(forum: Any) -> None:
    """Two measures with two partners each and one unsplit `tilskudd_uh` (K207): which provider
    gets the money is unknown, so they are not «the same provider»."""
    folder = forum("vestland-fyo")
    path = folder / "partnerskap/sogn-og-fjordane/tiltak.yaml"
    text = path.read_text(encoding="utf-8")
    for partner in ('      - "914778271"  # Hydro Aluminium AS\n',
                    '      - "921934785"  # Fagskulen Vestland\n'):
        assert partner in text
        text = text.replace(partner, partner + '      - "971544201"\n', 1)
    path.write_text(text.replace("        tilskudd_uh: 150_000\n", "        tilskudd_uh: 950_000\n", 1),
                    encoding="utf-8")
    found = diagnostics_of(folder, "--merknader")
    assert len([d for d in found if d["code"] == "K207"]) >= 2
    unknown = [d for d in found if d["code"] == "K415" and "fra tilbyderne" in d["message"]]
    assert len(unknown) == 2
    assert not [d for d in unknown if "samme tilbyder" in d["message"]], unknown


def test_the_draft_adds_no_purchases_whose_providers_the_files_do_not_name(forum: Any) -> None:
    """Two measures with an unsplit `tilskudd_uh` between two partners (K207): the error draft
    lists each purchase, but no «ukjent tilbyder i alt» row with a threshold for their sum."""
    folder = forum("vestland-fyo")
    path = folder / "partnerskap/sogn-og-fjordane/tiltak.yaml"
    text = path.read_text(encoding="utf-8")
    for partner in ('      - "914778271"  # Hydro Aluminium AS\n',
                    '      - "921934785"  # Fagskulen Vestland\n'):
        assert partner in text
        text = text.replace(partner, partner + '      - "971544201"\n', 1)
    path.write_text(text, encoding="utf-8")
    shown = run_komp("innstilling", folder, "--utkast").out
    rows = table_with(shown, "Tilbyder", "Type", "Tiltak")[1:]
    assert len([r for r in rows if r[0] == "ukjent tilbyder"]) == 2
    assert not [r for r in rows if r[0] == "*ukjent tilbyder i alt*"], rows


def test_k207_shows_the_unsplit_amount_as_kroner(forum: Any) -> None:
    folder = forum()
    path = folder / "partnerskap/salten/tiltak.yaml"
    text = path.read_text(encoding="utf-8")
    partner = '    partnere:\n      - "970940243"\n'
    assert partner in text
    path.write_text(text.replace(partner, partner + '      - "971544201"\n', 1), encoding="utf-8")
    messages = [d["message"] for d in diagnostics_of(folder) if d["code"] == "K207"]
    assert "tilskudd_uh for 2027 er 350 000 kr, men tiltaket har 2 partnere" in messages[0]
