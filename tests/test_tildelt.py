"""Granted money per measure when Statsforvalteren's vedtak departs from the innstilling: the
decided amount per recipient is shared among its measures in proportion to the recommended
amounts, and every view that shows or checks granted money per measure uses it."""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import run_komp
from kompetanse_cli.pipeline import validate_with_contexts
from kompetanse_cli.pipeline.aggregate import (
    decided_by_recipient,
    granted_by_measure,
    granted_shares_by_measure,
    proportional,
    recipient_shares,
)
from test_documents import table_with

NBSP = "\u00a0"
BODOE, NORD, RANA = "972418013", "970940243", "872418032"

# The 2026 vedtak departs: Bodø kommune gets 400 000 kr in DeKom, not the 420 000 kr recommended
# for salten/T2 (its one DeKom measure that year); the others as recommended.
DEPARTING_2026 = """    tildelinger:
      - {mottaker: "972418013", ordning: dekom, beloep: 400_000}
      - {mottaker: "970940243", ordning: dekom, beloep: 250_000}
      - {mottaker: "872418032", ordning: rekom, beloep: 400_000}
      - {mottaker: "970940243", ordning: rekom, beloep: 200_000}
    begrunnelse: Statsforvalteren gir Bodø kommune 20 000 kr mindre til koordinering.
"""

# A vedtak for 2027 that cuts Bodø kommune's DeKom money across its three measures.
DEPARTING_2027 = """vedtak:
  - aar: 2027
    dato: 2027-04-20
    saksnummer: "2027/4411"
    tildelinger:
      - {mottaker: "972418013", ordning: dekom, beloep: 1_000_001}
      - {mottaker: "970940243", ordning: dekom, beloep: 1_450_000}
    begrunnelse: Statsforvalteren flytter penger fra Bodø kommune til universitetet.
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def departing(forum: Any) -> Path:
    """The Nordland example with a 2026 vedtak that departs from the innstilling."""
    folder: Path = forum()
    _edit(folder / "forum.yaml", "    som_innstilt: true\n", DEPARTING_2026)
    return folder


def _ctx(folder: Path) -> Any:
    _, contexts = validate_with_contexts([folder])
    return contexts[0]


def test_proportional_shares_add_up_to_the_amount_in_whole_kroner() -> None:
    assert proportional(100, [1, 1, 1]) == [34, 33, 33]
    # 545 454,5…, 272 727,5… and 181 818,3…: the krone left goes to the largest remainder
    assert proportional(1_000_001, [600_000, 300_000, 200_000]) == [545_455, 272_728, 181_818]
    assert sum(proportional(999_999, [7, 11, 13, 17])) == 999_999
    assert proportional(500, [0, 0]) == [0, 0]
    assert proportional(0, [5, 5]) == [0, 0]


def test_a_decided_amount_is_shared_among_the_recipients_measures(forum: Any) -> None:
    folder: Path = forum()
    _edit(folder / "forum.yaml", "vedtak:\n", DEPARTING_2027)
    ctx = _ctx(folder)
    decided = decided_by_recipient(ctx, 2027)
    assert decided is not None
    # recomputed independently: each measure's recommended share of the recipient's total
    recommended: dict[tuple[str, str], dict[tuple[str, str], int]] = {}
    for row, andel in recipient_shares(ctx, 2027):
        assert andel.orgnr is not None
        per = recommended.setdefault((andel.orgnr, row.ordning), {})
        per[(row.partnerskap, row.tiltak)] = per.get((row.partnerskap, row.tiltak), 0) + andel.beloep
    granted = granted_shares_by_measure(ctx, 2027)
    for key, measures in recommended.items():
        whole = sum(measures.values())
        got = {m: sum(a.beloep for a in granted[m] if (a.orgnr, ordning) == key)
               for m in measures for ordning in [key[1]]}
        assert sum(got.values()) == decided.get(key, 0), key
        for measure, amount in measures.items():
            exact = Fraction(decided.get(key, 0) * amount, whole)
            assert abs(got[measure] - exact) < 1, (key, measure)
    # Bodø kommune's DeKom measures in 2027 get 1 000 001 kr together, not 1 100 000 kr
    bodoe = {m: v for m, v in recommended[(BODOE, "dekom")].items()}
    assert sum(bodoe.values()) == 1_100_000
    assert sum(a.beloep for m in bodoe for a in granted[m] if a.orgnr == BODOE) == 1_000_001
    # Rana kommune is left out of the vedtak: its measures are granted nothing
    assert all(a.beloep == 0 for m in recommended[(RANA, "dekom")] for a in granted[m]
               if a.orgnr == RANA)
    assert granted_by_measure(ctx, 2027)[("salten", "T2")] == sum(
        a.beloep for a in granted[("salten", "T2")])


def test_k501_and_the_report_roll_up_use_the_decided_amount(departing: Path) -> None:
    found = run_komp("validate", departing, "--dato", "2027-02-01", "--format", "json").json()
    k501 = [d for d in found["diagnostics"] if d["code"] == "K501"]
    assert [(d["file"], d["line"]) for d in k501] == [("partnerskap/salten/rapport.yaml", 14)]
    assert "fikk 400 000 kr (20 000 kr for mye)" in k501[0]["message"].replace(NBSP, " ")

    _edit(departing / "partnerskap/salten/rapport.yaml", "tilskudd_eier: 420_000",
          "tilskudd_eier: 380_000")
    result = run_komp("rapport", departing, "--aar", "2026", "--dato", "2027-02-01")
    assert result.code == 0, result.err
    rows = table_with(result.out, "Mottaker", "Org.nr.", "Ordning", "Tildelt", "Brukt")[1:]
    bodoe = [r for r in rows if r[1] == BODOE]
    assert bodoe[0][3:6] == [f"400{NBSP}000{NBSP}kr", f"380{NBSP}000{NBSP}kr",
                             f"20{NBSP}000{NBSP}kr"]
    measures = table_with(result.out, "Tiltak", "Partnerskap", "Ordning", "Status", "Tildelt")[1:]
    t2 = [r for r in measures if "(salten/T2)" in r[0]]
    assert t2[0][4] == f"650{NBSP}000{NBSP}kr"  # 400 000 to Bodø + 250 000 to the university


def test_unspent_funds_and_next_years_carried_amount_use_the_decided_amount(
        departing: Path) -> None:
    _edit(departing / "partnerskap/salten/rapport.yaml", "tilskudd_eier: 420_000",
          "tilskudd_eier: 390_000")
    found = run_komp("validate", departing, "--dato", "2027-02-01", "--merknader", "--format",
                     "json").json()["diagnostics"]
    k506 = [d["message"].replace(NBSP, " ") for d in found if d["code"] == "K506"]
    # granted 400 000 kr by the vedtak, 390 000 kr used: 10 000 kr, not the 30 000 kr the
    # recommended 420 000 kr would leave
    assert k506 == ["Bodø kommune (972418013) har 10 000 kr ubrukt i dekom for 2026, som "
                    "overføres til 2027"]
    assert not [d for d in found if d["code"] == "K501"]
    innstilling = " ".join(run_komp("innstilling", departing).out.replace(NBSP, " ").split())
    assert "Overført fra 2026 (ubrukte midler) til DeKom: 10 000 kr, i tillegg til rammen." \
        in innstilling


def test_the_payout_list_pays_the_decided_amounts(departing: Path, tmp_path: Path) -> None:
    _edit(departing / "partnerskap/salten/rapport.yaml", "tilskudd_eier: 420_000",
          "tilskudd_eier: 400_000")
    out = tmp_path / "utbetaling.csv"
    result = run_komp("utbetaling", departing, "--aar", "2026", "-o", out)
    assert result.code == 0, result.err
    table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    body = table[1:table.index([])]
    bodoe = [r for r in body if r[1] == BODOE]
    assert [(r[3], r[5], r[6]) for r in bodoe] == [("DeKom", "400000", "salten/T2")]
    assert table[-1][5] == str(400_000 + 250_000 + 400_000 + 200_000)


def test_init_rapport_prefills_the_decided_amounts(departing: Path) -> None:
    (departing / "partnerskap/salten/rapport.yaml").unlink()
    result = run_komp("init", "rapport", departing / "partnerskap/salten", "--aar", "2026")
    assert result.code == 0, result.err
    written = yaml.safe_load((departing / "partnerskap/salten/rapport.yaml").read_text("utf-8"))
    t2 = written["rapport"][0]["tiltak"][0]
    assert (t2["id"], t2["brukt"]) == ("T2", {"tilskudd_eier": 400_000, "tilskudd_uh": 250_000})
