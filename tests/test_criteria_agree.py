"""The innstilling's criteria table and `komp validate` say the same about every measure.

K401 is recomputed here from the YAML itself (requests changed by the forum's justeringer,
summed per receiver and year over its DeKom measures), without komp's aggregation, and
compared with both the document and the validation.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from conftest import EXAMPLES, run_komp

MD = MarkdownIt("commonmark").enable("table")
RAISE_T2 = ("justeringer:\n", "justeringer:\n  - tiltak: salten/T2\n    aar: 2027\n"
            "    tilskudd_eier: 700_000\n    begrunnelse: Flere skoler er med.\n")
MOVE_EGENANDEL = [("        egenandel: 180_000  # 30 % av 600 000 kr", "        egenandel: 170_000"),
                  ("        tilskudd_uh: 150_000\n        egenandel: 90_000",
                   "        tilskudd_uh: 150_000\n        egenandel: 100_000")]
LOWER_LOFOTEN = ("    tilskudd_eier: 400_000  # meldt inn: 450 000 kr",
                 "    tilskudd_eier: 460_000  # meldt inn: 450 000 kr")

# Statsforvalteren's vedtak for 2027 grants Bodø kommune 100 000 kr more for DeKom than the
# forum recommended, without more egenandel: K401 now fails for Bodø's DeKom measures.
DEPARTING_VEDTAK = ("    som_innstilt: true\n", """    som_innstilt: true
  - aar: 2027
    dato: 2027-04-20
    saksnummer: 2027/2011
    begrunnelse: Statsforvalteren gir Bodø kommune 100 000 kr mer til DeKom.
    tildelinger:
      - {mottaker: "972418013", ordning: dekom, beloep: 1_200_000}
      - {mottaker: "972418013", ordning: rekom, beloep: 450_000}
      - {mottaker: "972418013", ordning: komsip, beloep: 700_000}
      - {mottaker: "872418032", ordning: dekom, beloep: 970_000}
      - {mottaker: "872418032", ordning: rekom, beloep: 700_000}
      - {mottaker: "945037687", ordning: dekom, beloep: 650_000}
      - {mottaker: "945037687", ordning: rekom, beloep: 300_000}
      - {mottaker: "945037687", ordning: komsip, beloep: 700_000}
      - {mottaker: "970940243", ordning: dekom, beloep: 1_350_000}
      - {mottaker: "970940243", ordning: rekom, beloep: 800_000}
      - {mottaker: "970940243", ordning: komsip, beloep: 750_000}
""")

SCENARIOS: dict[str, list[tuple[str, str, str]]] = {
    "som-eksempelet": [],
    "justering-hever-tilskudd": [("forum.yaml", *RAISE_T2)],
    "egenandel-flyttet": [("partnerskap/salten/tiltak.yaml", *c) for c in MOVE_EGENANDEL],
    "justering-over-soeknaden": [("forum.yaml", *LOWER_LOFOTEN)],
    "vedtak-avviker": [("forum.yaml", *DEPARTING_VEDTAK)],
}


def _forum(tmp_path: Path, changes: list[tuple[str, str, str]]) -> Path:
    root = tmp_path / "nordland"
    shutil.copytree(EXAMPLES / "nordland", root)
    for rel, old, new in changes:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def _amount(value: Any, orgnr: str | None = None) -> int:
    if isinstance(value, dict):
        return int(value.get(orgnr, 0)) if orgnr else sum(int(v) for v in value.values())
    return int(value or 0)


def expected_k401(root: Path, aar: int) -> dict[str, bool]:
    """Measure title → K401 holds for its receiver's DeKom sum in `aar` (from the YAML): on the
    recommended amounts, or, where a vedtak for `aar` has `tildelinger`, on what it grants the
    receiver for DeKom."""
    forum = yaml.safe_load((root / "forum.yaml").read_text(encoding="utf-8"))
    changes = {(j["tiltak"], j["aar"]): j for j in forum.get("justeringer") or []}
    decided: dict[str, int] | None = None
    for vedtak in forum.get("vedtak") or []:
        if vedtak["aar"] == aar and vedtak.get("tildelinger") is not None:
            decided = {}
            for t in vedtak["tildelinger"]:
                if t["ordning"] == "dekom":
                    decided[str(t["mottaker"])] = decided.get(str(t["mottaker"]), 0) + t["beloep"]
    sums: dict[str, list[int]] = {}
    members: dict[str, list[str]] = {}
    for folder in sorted((root / "partnerskap").iterdir()):
        p = yaml.safe_load((folder / "partnerskap.yaml").read_text(encoding="utf-8"))
        receiver = p.get("mottaker") or p["eiere"][0]["orgnr"]
        for t in yaml.safe_load((folder / "tiltak.yaml").read_text(encoding="utf-8"))["tiltak"]:
            year = t["budsjett"].get(aar)
            if t["ordning"] != "dekom" or year is None:
                continue
            eier = year.get("tilskudd_eier", 0)
            change = changes.get((f"{folder.name}/{t['id']}", aar))
            if change is not None:
                eier = 0 if change.get("avslaatt") else change.get("tilskudd_eier", eier)
            pair = sums.setdefault(receiver, [0, 0])
            pair[0] += _amount(eier)
            pair[1] += _amount(year.get("egenandel", 0))
            members.setdefault(receiver, []).append(t["tittel"])
    out = {}
    for receiver, (base, own) in sums.items():
        if decided is not None:
            base = decided.get(str(receiver), 0)
        for title in members[receiver]:
            out[title] = 100 * own >= 30 * base
    return out


def _measure_at(path: Path, line: int) -> str:
    """The title of the measure whose entry holds `line` (1-based) of a tiltak.yaml."""
    lines = path.read_text(encoding="utf-8").splitlines()[:line]
    start = max(i for i, text in enumerate(lines) if text.startswith("  - id: "))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["tiltak"]
    ident = lines[start].split(":", 1)[1].strip()
    return next(str(t["tittel"]) for t in data if t["id"] == ident)


def criteria_table(text: str) -> dict[str, dict[str, str]]:
    lines = text.splitlines()
    for token in MD.parse(text):
        if token.type == "table_open" and token.map is not None:
            start, end = token.map
            header = [c.strip() for c in lines[start].strip().strip("|").split("|")]
            if "Egenandel" not in header or "Kollektivt" not in header:
                continue
            rows = {}
            for i in range(start + 2, end):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                row = dict(zip(header, cells, strict=True))
                rows[row["Tiltak"]] = row
            return rows
    raise AssertionError("no criteria table")


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_k401_in_the_document_is_what_validation_and_the_yaml_say(
        scenario: str, tmp_path: Path) -> None:
    root = _forum(tmp_path, SCENARIOS[scenario])
    expected = expected_k401(root, 2027)
    rendered = run_komp("innstilling", root, "--utkast")
    assert rendered.code == 0, rendered.err
    table = criteria_table(rendered.out)
    shown = {title: "ikke oppfylt" not in row["Egenandel"]
             for title, row in table.items() if "(ikke krav)" not in row["Egenandel"]}
    assert shown == expected
    found = run_komp("validate", root, "--format", "json", "--velg", "K401").json()
    errors = [d for d in found["diagnostics"] if d["severity"] == "error"]
    assert bool(errors) == (not all(expected.values()))
    if scenario in ("justering-hever-tilskudd", "vedtak-avviker"):
        assert not all(expected.values())


CRITERIA = {
    "K403": ("UH-partner", "partnerskap/salten/tiltak.yaml",
             "    partnere:\n      - \"970940243\"\n", ""),
    "K413": ("Kollektivt", "partnerskap/salten/tiltak.yaml", "      antall: 64\n",
             "      antall: 1\n"),
    "K406": ("Dialog med UH", "partnerskap/salten/behov.yaml", "    dialog_med_uh: true\n",
             "    dialog_med_uh: false\n"),
}


@pytest.mark.parametrize("code", sorted(CRITERIA))
def test_a_criterion_shown_as_not_met_is_the_one_validation_reports(
        code: str, tmp_path: Path) -> None:
    column, rel, old, new = CRITERIA[code]
    clean = criteria_table(run_komp("innstilling", EXAMPLES / "nordland").out)
    assert all(row[column] == "ja" for row in clean.values())
    root = _forum(tmp_path, [(rel, old, new)])
    text = run_komp("innstilling", root, "--utkast").out
    not_met = {t for t, row in criteria_table(text).items() if row[column] == "nei"}
    found = run_komp("validate", root, "--format", "json", "--velg", code).json()["diagnostics"]
    assert found, f"{code} should report the change"
    assert not_met, f"the document should show «nei» under {column}"
    if rel.endswith("tiltak.yaml"):  # the very measures the validation names
        assert not_met == {_measure_at(root / rel, d["line"]) for d in found}
