"""Measures decided in an earlier year: continuations in later innstillinger, and money bound ahead."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ForumFactory, run_komp
from test_documents import kroner, table_with

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _no_git_in_footer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMP_UTEN_GIT", "1")


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.index("\n### ", start + len(heading))
    return text[start:end]


def test_the_2027_innstilling_lists_the_measures_decided_in_2026_first() -> None:
    result = run_komp("innstilling", EXAMPLES / "nordland", "--aar", "2027")
    assert result.code == 0, result.err
    text = result.out
    assert text.index("### Videreføring av tiltak fra tidligere år") < text.index("### Nye tiltak")
    rows = table_with(_section(text, "### Videreføring av tiltak fra tidligere år"), "Nr.")[1:]
    assert [(r[0], r[2]) for r in rows] == [
        ("1", "Lesing i alle fag (Kompetanseregion Salten)"),
        ("2", "Lek, språk og pedagogisk ledelse (Kompetanseregion Helgeland)")]
    new = table_with(_section(text, "### Nye tiltak"), "Nr.")[1:]
    assert [r[0] for r in new][:1] == ["3"]  # the new measures are numbered after them


def _budgets(folder: Path, ordning: str, aar: int) -> int:
    """The kroner the partnerships' files ask for in `ordning` and `aar`, read with PyYAML."""
    out = 0
    for path in sorted(folder.glob("partnerskap/*/tiltak.yaml")):
        for tiltak in yaml.safe_load(path.read_text(encoding="utf-8"))["tiltak"]:
            budget = tiltak["budsjett"].get(aar)
            if tiltak["ordning"] == ordning and budget is not None:
                out += budget.get("tilskudd_eier", 0) + budget.get("tilskudd_uh", 0)
    return out


def test_the_innstilling_shows_the_money_bound_in_the_years_ahead() -> None:
    text = run_komp("innstilling", EXAMPLES / "nordland", "--aar", "2027").out
    rows = {(r[0], r[1]): r for r in table_with(text, "Ordning", "År", "Ramme", "Bundet")[1:]}
    # every measure of 2027 runs on into 2028 or ends, so all of 2028's money is bound
    for ordning, navn in (("dekom", "DeKom"), ("rekom", "ReKom"), ("komsip", "KomSIP")):
        assert kroner(rows[(navn, "2028")][3]) == _budgets(EXAMPLES / "nordland", ordning, 2028)
    assert kroner(rows[("DeKom", "2028")][4]) == 4_000_000 - kroner(rows[("DeKom", "2028")][3])


def test_unspent_funds_carried_over_appear_beside_next_years_frame(forum: ForumFactory) -> None:
    folder = forum()
    path = folder / "partnerskap/helgeland/rapport.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "tilskudd_uh: 200_000", "tilskudd_uh: 170_000"), encoding="utf-8")
    text = run_komp("innstilling", folder, "--aar", "2027").out
    assert f"Overført fra 2026 (ubrukte midler) til ReKom: 30{NBSP}000{NBSP}kr" in text
    # with the default policy the money is paid back, and nothing is carried
    forum_yaml = folder / "forum.yaml"
    forum_yaml.write_text(forum_yaml.read_text(encoding="utf-8").replace(
        "ubrukte_midler: overfoeres", "ubrukte_midler: tilbakebetales"), encoding="utf-8")
    assert "Overført fra" not in run_komp("innstilling", folder, "--aar", "2027").out


def test_a_measure_is_new_in_the_year_it_starts(forum: ForumFactory) -> None:
    text = run_komp("innstilling", EXAMPLES / "nordland", "--aar", "2026").out
    assert "Videreføring av tiltak" not in text
