"""Statsforvalteren's vedtak in forum.yaml: what the innstilling says about it and what it sums to."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_komp
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


def test_status_names_the_forum_and_statsforvalteren_separately(forum) -> None:  # type: ignore[no-untyped-def]
    folder = _with_vedtak(forum(), 'vedtak:\n  - {aar: 2027, dato: 2027-04-20, saksnummer: "2027/4411", '
                                   "som_innstilt: true}\n")
    result = run_komp("innstilling", folder)
    assert result.code == 0, result.err
    assert "**Status:** Samarbeidsforumet ble enig om innstillingen 10. mars 2027." in result.out
    assert "Statsforvalteren fattet vedtak som innstilt 20. april 2027 (sak 2027/4411)." in result.out
    nn = run_komp("innstilling", folder, "--maalform", "nn").out
    assert "Statsforvaltaren gjorde vedtak som innstilt 20. april 2027 (sak 2027/4411)." in nn


def test_a_changed_vedtak_lists_each_departure_with_its_sign(forum) -> None:  # type: ignore[no-untyped-def]
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


def test_decided_amounts_come_from_the_tildelinger(forum) -> None:  # type: ignore[no-untyped-def]
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


def test_som_innstilt_decides_the_recommended_amounts(forum) -> None:  # type: ignore[no-untyped-def]
    folder = _with_vedtak(forum(), 'vedtak:\n  - {aar: 2027, dato: 2027-04-20, saksnummer: "1", '
                                   "som_innstilt: true}\n")
    _, contexts = validate_with_contexts([folder])
    decided = decided_by_scheme_year(contexts[0])
    # the innstilling's own frame table gives 4 070 000 kr for DeKom 2027
    assert decided[("dekom", 2027)] == 4_070_000
