"""Under a recipient that receives on behalf of a network, the innstilling shows how much of it
belongs to each owner. The expected parts are computed here from the YAML with PyYAML: a
measure's owners' grant (after the forum's justeringer) belongs to the owners of the units
taking part in it, or to all the network's owners when it names none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, ForumFactory, run_komp
from test_documents import kroner, table_with
from test_formats import pdf_text

NORDLAND = EXAMPLES / "nordland"
SHORT = {"dekom": "DeKom", "rekom": "ReKom", "komsip": "KomSIP"}


@pytest.fixture(autouse=True)
def _no_git(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMP_UTEN_GIT", "1")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def expected_parts(folder: Path) -> dict[str, dict[tuple[str, ...], dict[str, int]]]:
    """recipient orgnr → owners (orgnr, in the file's order) → ordning → kroner."""
    forum = load(folder / "forum.yaml")
    aar = forum["aar"]
    changes = {(j["tiltak"], j["aar"]): j for j in forum.get("justeringer") or []}
    out: dict[str, dict[tuple[str, ...], dict[str, int]]] = {}
    for p_dir in sorted((folder / "partnerskap").iterdir()):
        p = load(p_dir / "partnerskap.yaml")
        owners = [str(e["orgnr"]) for e in p["eiere"]]
        recipient = str(p.get("mottaker") or owners[0])
        unit_owner = {u["id"]: str(u["eier"]) for u in p["enheter"] if "eier" in u}
        for t in load(p_dir / "tiltak.yaml")["tiltak"]:
            budget = t["budsjett"].get(aar)
            if not budget:
                continue
            change = changes.get((f"{p_dir.name}/{t['id']}", aar), {})
            amount = 0 if change.get("avslaatt") else change.get(
                "tilskudd_eier", budget.get("tilskudd_eier", 0))
            if not amount:
                continue
            taking_part = {unit_owner[u] for u in t.get("deltakere", {}).get("enheter", [])
                           if u in unit_owner}
            key = tuple(o for o in owners if o in taking_part) or tuple(owners)
            per = out.setdefault(recipient, {}).setdefault(key, {})
            per[t["ordning"]] = per.get(t["ordning"], 0) + amount
    return out


def shown_parts(text: str) -> tuple[dict[str, dict[str, dict[str, int]]], list[str]]:
    """recipient orgnr → sub-row name → ordning → kroner, and the table's scheme columns."""
    table = table_with(text, "Mottaker", "Org.nr.", "Rolle")
    columns = table[0][3:-1]
    out: dict[str, dict[str, dict[str, int]]] = {}
    current = ""
    for row in table[1:-1]:
        if not row[0].startswith("*–"):
            current = row[1]
            continue
        out.setdefault(current, {})[row[0].strip("*").removeprefix("– ")] = {
            column: kroner(cell) for column, cell in zip(columns, row[3:-1], strict=True)
            if cell != "–"}
    return out, columns


def names(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for p_dir in sorted((folder / "partnerskap").iterdir()):
        for e in load(p_dir / "partnerskap.yaml")["eiere"]:
            out[str(e["orgnr"])] = e["navn"]
    return out


def label(key: tuple[str, ...], who: dict[str, str]) -> str:
    shown = [who[o] for o in key]
    return shown[0] if len(shown) == 1 else (
        f"felles for {', '.join(shown[:-1])} og {shown[-1]}")


def test_each_owners_part_is_shown_under_its_recipient() -> None:
    text = run_komp("innstilling", NORDLAND).out
    shown, _ = shown_parts(text)
    who = names(NORDLAND)
    expected = {recipient: {label(key, who): {SHORT[o]: v for o, v in per.items()}
                            for key, per in parts.items()}
                for recipient, parts in expected_parts(NORDLAND).items()}
    assert shown == expected
    # the parts add up to what the recipient receives as owner, column by column
    table = table_with(text, "Mottaker", "Org.nr.", "Rolle")
    for row in table[1:-1]:
        if row[0].startswith("*") or row[2] != "eier":
            continue
        for i, column in enumerate(table[0][3:-1]):
            assert kroner(row[3 + i]) == sum(per.get(column, 0)
                                             for per in shown[row[1]].values())


def test_a_split_amount_belongs_to_the_owner_it_names(forum: ForumFactory) -> None:
    folder = forum("nordland")
    path = folder / "partnerskap/salten/tiltak.yaml"
    # salten/T4 (ReKom, Bodø and Fauske together): split between the two owners
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("        tilskudd_eier: 450_000\n", '        tilskudd_eier:\n'
                                 '          "972418013": 300_000\n'
                                 '          "972418021": 150_000\n', 1), encoding="utf-8")
    shown, _ = shown_parts(run_komp("innstilling", folder).out)
    bodoe = shown["972418013"]
    assert bodoe["Bodø kommune"] == {"DeKom": 600_000, "ReKom": 300_000, "KomSIP": 700_000}
    assert not any(name.startswith("felles") for name in bodoe)
    # Fauske receives its split part itself, for itself alone: no part rows under it
    assert "972418021" not in shown


def test_one_owner_receiving_for_itself_has_no_part_rows() -> None:
    text = run_komp("innstilling", EXAMPLES / "vestland-fyo").out
    shown, _ = shown_parts(text)
    assert shown == {}


def test_the_parts_are_in_nynorsk_and_in_the_pdf(tmp_path: Path) -> None:
    nn = run_komp("innstilling", NORDLAND, "--maalform", "nn").out
    assert "*– felles for Bodø kommune og Fauske kommune* | – | *eigarar saman*" in nn
    out = tmp_path / "innstilling.pdf"
    assert run_komp("innstilling", NORDLAND, "-o", out).code == 0
    text = " ".join(pdf_text(out.read_bytes()).split())
    assert "– felles for Bodø kommune og Fauske kommune" in text
    assert "eier i nettverket" in text
