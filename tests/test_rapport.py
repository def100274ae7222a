"""The owners' reports (rapport.yaml): reading, formatting, deadlines and the sums they give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ForumFactory, diagnostics_of, run_komp
from kompetanse_cli.pipeline import validate_with_contexts
from kompetanse_cli.pipeline.aggregate import (
    egenandel_by_recipient,
    unspent_by_recipient,
    used_by_recipient,
)
from test_documents import kroner, table_with


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_partnership_without_a_report_is_not_missing_a_file(forum: ForumFactory) -> None:
    folder = forum()
    (folder / "partnerskap/lofoten/rapport.yaml").unlink(missing_ok=True)
    assert not (folder / "partnerskap/lofoten/rapport.yaml").exists()
    assert diagnostics_of(folder, "--dato", "2027-01-10") == []


def test_a_misspelt_report_file_name_gets_the_right_name_as_hint(forum: ForumFactory) -> None:
    folder = forum()
    source = folder / "partnerskap/salten/rapport.yaml"
    source.rename(folder / "partnerskap/salten/rapporter.yaml")
    found = diagnostics_of(folder, "--dato", "2027-01-10")
    assert [(d["code"], d["file"]) for d in found] == [
        ("K101", "partnerskap/salten/rapporter.yaml")]
    assert "rapport.yaml" in found[0]["hint"]


def test_the_run_date_decides_whether_a_report_is_late(forum: ForumFactory) -> None:
    folder = forum()
    (folder / "partnerskap/salten/rapport.yaml").unlink()
    assert diagnostics_of(folder, "--dato", "2027-01-15") == []
    late = diagnostics_of(folder, "--dato", "2027-01-16")
    assert [(d["code"], d["severity"]) for d in late] == [("K503", "warning")]
    assert "15.1.2027" in late[0]["message"]
    # --strict makes the warning fail the run
    assert run_komp("validate", folder, "--dato", "2027-01-16", "--strict").code == 1


def test_a_date_that_is_not_a_date_is_a_usage_error() -> None:
    result = run_komp("validate", EXAMPLES / "nordland", "--dato", "15.01.2027")
    assert result.code == 2
    assert "ÅÅÅÅ-MM-DD" in result.err
    assert "Traceback" not in result.err


def test_a_broken_report_is_located_and_nothing_else_follows(forum: ForumFactory) -> None:
    folder = forum()
    _edit(folder / "partnerskap/salten/rapport.yaml", "status: gjennomfoert", "status: ferdig")
    found = diagnostics_of(folder, "--dato", "2027-01-10")
    assert [(d["code"], d["file"], d["line"]) for d in found] == [
        ("K103", "partnerskap/salten/rapport.yaml", 12)]


def test_used_egenandel_and_unspent_sum_per_recipient(forum: ForumFactory) -> None:
    folder = forum()
    _edit(folder / "partnerskap/helgeland/rapport.yaml", "tilskudd_uh: 200_000",
          "tilskudd_uh: 170_000")
    _, contexts = validate_with_contexts([folder])
    ctx = contexts[0]
    used = used_by_recipient(ctx, 2026)
    # Nord universitet: 250 000 kr (salten T2, dekom) and 170 000 kr (helgeland T3, rekom)
    assert used[("970940243", "dekom")] == 250_000
    assert used[("970940243", "rekom")] == 170_000
    assert used[("972418013", "dekom")] == 420_000  # Bodø kommune, Salten's mottaker
    assert egenandel_by_recipient(ctx, 2026)[("972418013", "dekom")] == 130_000
    assert unspent_by_recipient(ctx, 2026) == {("970940243", "rekom"): 30_000}


def test_fmt_puts_a_report_in_canonical_order(forum: ForumFactory) -> None:
    folder = forum()
    path = folder / "partnerskap/salten/rapport.yaml"
    _edit(path, "      - id: T2\n        status: gjennomfoert\n",
          "      - status: gjennomfoert\n        id: T2\n")
    assert run_komp("fmt", "--check", folder).code == 1
    assert run_komp("fmt", folder).code == 0
    assert path.read_text(encoding="utf-8") == (
        EXAMPLES / "nordland/partnerskap/salten/rapport.yaml").read_text(encoding="utf-8")


# --- komp rapport: Statsforvalteren's roll-up --------------------------------------------


def _independent_sums(folder: Path, aar: int) -> dict[tuple[str, str], tuple[int, int]]:
    """Granted and used per (orgnr, ordning), read with PyYAML straight from the files: the
    owners' grant goes to `mottaker` (or the one owner), the UH grant to the one partner; in
    DeKom FYO the county receives both (it buys the providers' services)."""
    import yaml

    def load(path: Path) -> Any:
        return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None

    county = (load(folder / "forum.yaml").get("fylkeskommune") or {}).get("orgnr")

    def partner(t: Any) -> str:
        return str(county) if t["ordning"] == "dekom_fyo" else str(t["partnere"][0])

    sums: dict[tuple[str, str], list[int]] = {}
    for folder_p in sorted((folder / "partnerskap").iterdir()):
        p = load(folder_p / "partnerskap.yaml")
        owner = p.get("mottaker") or p["eiere"][0]["orgnr"]
        measures = {t["id"]: t for t in load(folder_p / "tiltak.yaml")["tiltak"]}
        for t in measures.values():
            budget = t["budsjett"].get(aar)
            if budget:
                for orgnr, amount in ((owner, budget.get("tilskudd_eier", 0)),
                                      (partner(t), budget.get("tilskudd_uh", 0))):
                    sums.setdefault((str(orgnr), t["ordning"]), [0, 0])[0] += amount
        report = load(folder_p / "rapport.yaml")
        for year in (report or {}).get("rapport", []):
            if year["aar"] != aar:
                continue
            for entry in year["tiltak"]:
                t = measures[entry["id"]]
                brukt = entry.get("brukt", {})
                for orgnr, amount in ((owner, brukt.get("tilskudd_eier", 0)),
                                      (partner(t), brukt.get("tilskudd_uh", 0))):
                    sums.setdefault((str(orgnr), t["ordning"]), [0, 0])[1] += amount
    return {key: (granted, used) for key, (granted, used) in sums.items() if granted or used}


@pytest.mark.parametrize("example", ["nordland", "vestland-fyo"])
def test_komp_rapport_per_recipient_sums_match_the_files(example: str, forum: ForumFactory) -> None:
    folder = forum(example)
    if example == "nordland":  # some money left unused, so that the columns differ
        _edit(folder / "partnerskap/helgeland/rapport.yaml", "tilskudd_uh: 200_000",
              "tilskudd_uh: 170_000")
    result = run_komp("rapport", folder, "--aar", "2026", "--dato", "2027-01-20")
    assert result.code == 0, result.err
    short = {"dekom": "DeKom", "rekom": "ReKom", "komsip": "KomSIP", "dekom_fyo": "DeKom FYO"}
    rows = table_with(result.out, "Mottaker", "Org.nr.", "Ordning", "Tildelt", "Brukt")[1:]
    shown = {(r[1], r[2]): (kroner(r[3]), kroner(r[4]), kroner(r[5])) for r in rows}
    expected = {(orgnr, short[ordning]): (granted, used, granted - used)
                for (orgnr, ordning), (granted, used) in _independent_sums(folder, 2026).items()}
    assert shown == expected
    total = table_with(result.out, "Ordning", "Tildelt", "Brukt", "Ubrukt")[-1]
    assert kroner(total[1]) == sum(g for g, _, _ in expected.values())
    assert kroner(total[2]) == sum(u for _, u, _ in expected.values())


def test_komp_rapport_lists_missing_reports_and_the_deadline(forum: ForumFactory) -> None:
    folder = forum()
    (folder / "partnerskap/salten/rapport.yaml").unlink()
    result = run_komp("rapport", folder, "--aar", "2026", "--dato", "2027-01-20")
    assert result.code == 0, result.err
    assert "rapporteringsfristen 15. januar 2027 er passert" in result.out
    missing = table_with(result.out, "Partnerskap", "Mangler")[1:]
    assert missing == [["Kompetanseregion Salten", "hele rapporten"]]
    nn = run_komp("rapport", folder, "--aar", "2026", "--dato", "2027-01-10", "--maalform", "nn")
    assert nn.code == 0 and "## 4. Rapportar som manglar" in nn.out
    assert "rapporteringsfristen er 15. januar 2027" in nn.out


def test_komp_rapport_refuses_a_bad_date_and_broken_files(forum: ForumFactory) -> None:
    folder = forum()
    assert run_komp("rapport", folder, "--dato", "i morgen").code == 2
    _edit(folder / "partnerskap/salten/rapport.yaml", "status: gjennomfoert", "status: ferdig")
    broken = run_komp("rapport", folder, "--aar", "2026")
    assert broken.code == 1 and "K103" in broken.err and broken.out == ""


def test_oversikt_lists_the_countys_municipalities_without_a_partnership(forum: ForumFactory) -> None:
    import csv

    from kompetanse_cli.domain.fieldtypes import kommuner

    folder = forum()
    out = run_komp("oversikt", folder).out
    assert "Kommuner i fylket uten partnerskap" in out
    members = set()
    for path in folder.glob("partnerskap/*/partnerskap.yaml"):
        text = path.read_text(encoding="utf-8")
        members |= {line.split('"')[1] for line in text.splitlines()
                    if line.strip().startswith("kommunenummer:")}
    with (EXAMPLES.parent / "src/kompetanse_cli/data/kommuner-2024.csv").open(
            encoding="utf-8") as handle:
        nordland = {row["kommunenummer"] for row in csv.DictReader(handle)
                    if row["fylkesnummer"] == "18"}
    flat = " ".join(out.split())
    for nr in sorted(nordland - members):
        assert f"({nr})" in flat
    for nr in members:
        assert f"{kommuner()[nr][0]} ({nr})" not in flat
    assert "Bodø (1804)" not in flat and "Andøy (1871)" in flat


def test_komp_rapport_for_a_year_without_grants_says_so_instead_of_an_empty_settlement(
        forum: ForumFactory) -> None:
    """A year no measure has money for gives no document that looks like a settled year
    («Alle partnerskap … har rapportert»), but a message and exit 1, as `komp innstilling`."""
    folder = forum()
    result = run_komp("rapport", folder, "--aar", "2030", "--dato", "2031-02-01")
    assert result.code == 1, result.out
    assert result.out == ""
    assert "2030" in result.err and "2026" in result.err and "Traceback" not in result.err
    assert run_komp("rapport", folder, "--aar", "2026", "--dato", "2027-01-20").code == 0


@pytest.mark.parametrize("maalform", ["nb", "nn"])
def test_komp_rapport_under_utkast_says_which_files_have_errors(forum: ForumFactory, maalform: str) -> None:
    """A report file that cannot be read would otherwise stand as «hele rapporten» missing in
    a document that looks final."""
    folder = forum()
    (folder / "partnerskap/salten/rapport.yaml").write_text("rapport: [\n", encoding="utf-8")
    result = run_komp("rapport", folder, "--aar", "2026", "--dato", "2027-01-20", "--utkast",
                      "--maalform", maalform)
    assert result.code == 0, result.err
    head = result.out.split("## 1.")[0]
    assert "Utkast med feil" in head and "partnerskap/salten/rapport.yaml" in head
    clean = run_komp("rapport", EXAMPLES / "nordland", "--aar", "2026", "--dato", "2027-01-20",
                     "--maalform", maalform)
    assert clean.code == 0 and "Utkast" not in clean.out


def test_init_rapport_is_prefilled_with_the_granted_amounts_and_validates(forum: ForumFactory) -> None:
    import yaml

    folder = forum()
    salten = folder / "partnerskap/salten"
    (salten / "rapport.yaml").unlink()
    result = run_komp("init", "rapport", salten, "--aar", "2026")
    assert result.code == 0, result.err
    written = yaml.safe_load((salten / "rapport.yaml").read_text(encoding="utf-8"))
    budget = yaml.safe_load((salten / "tiltak.yaml").read_text(encoding="utf-8"))
    t2 = next(t for t in budget["tiltak"] if t["id"] == "T2")["budsjett"][2026]
    [year] = written["rapport"]
    assert year["aar"] == 2026 and [t["id"] for t in year["tiltak"]] == ["T2"]
    assert year["tiltak"][0]["brukt"] == {"tilskudd_eier": t2["tilskudd_eier"],
                                          "tilskudd_uh": t2["tilskudd_uh"]}
    assert diagnostics_of(folder, "--dato", "2027-02-01", "--strict") == []
    assert run_komp("fmt", "--check", folder).code == 0
    again = run_komp("init", "rapport", salten, "--aar", "2026")
    assert again.code == 2 and "finnes allerede" in again.err


def test_init_rapport_for_a_year_without_grants_writes_nothing(forum: ForumFactory) -> None:
    folder = forum()
    lofoten = folder / "partnerskap/lofoten"
    result = run_komp("init", "rapport", lofoten, "--aar", "2026")
    assert result.code == 2 and "ingen gyldige tiltak med tilskudd for 2026" in result.err
    assert not (lofoten / "rapport.yaml").exists()
    assert run_komp("init", "rapport", folder / "finnes-ikke", "--aar", "2026").code == 2
