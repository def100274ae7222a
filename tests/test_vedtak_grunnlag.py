"""A vedtak `som_innstilt` with a `grunnlag` granted what the innstilling recommended at that
commit: the decided amounts per recipient, and their shares per measure, come from the files at
the commit, not from today's files, in every view (K313 warns that today's files differ)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, run_komp
from kompetanse_cli.pipeline import validate_with_contexts
from kompetanse_cli.pipeline.aggregate import (
    decided_by_recipient,
    granted_by_measure,
    granted_shares_by_measure,
    recommended_by_recipient,
)
from test_diff import git
from test_documents import table_with

NBSP = "\u00a0"
BODOE, RANA = "972418013", "872418032"
T2_2026 = "        tilskudd_eier: 420_000\n        tilskudd_uh: 250_000\n"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _ctx(folder: Path) -> Any:
    _, contexts = validate_with_contexts([folder])
    return contexts[0]


@pytest.fixture
def decided(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The Nordland example committed as the innstilling for 2026 (and kept aside as it was),
    then its 2026 vedtak given that commit as `grunnlag`, salten/T2's 2026 owners' amount cut
    from 420 000 kr to 380 000 kr, and committed again."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    folder = tmp_path / "forum"
    then = tmp_path / "da"
    shutil.copytree(EXAMPLES / "nordland", folder)
    shutil.copytree(EXAMPLES / "nordland", then)
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "innstillingen for 2026")
    commit = git(folder, "rev-parse", "--short", "HEAD").strip()
    _edit(folder / "forum.yaml", "    som_innstilt: true\n",
          f'    som_innstilt: true\n    grunnlag: "{commit}"\n')
    _edit(folder / "partnerskap/salten/tiltak.yaml", T2_2026,
          T2_2026.replace("420_000", "380_000"))
    git(folder, "commit", "-q", "-am", "T2 endret etter vedtaket")
    return folder, then


def _remove_helgeland(folder: Path) -> None:
    shutil.rmtree(folder / "partnerskap" / "helgeland")
    git(folder, "commit", "-q", "-am", "helgeland tatt bort")


def test_the_decided_amounts_and_shares_are_those_at_the_grunnlag(
        decided: tuple[Path, Path]) -> None:
    folder, then = decided
    _remove_helgeland(folder)
    now, before = _ctx(folder), _ctx(then)
    # recomputed from the files as they were: what the innstilling then recommended
    decided_now = decided_by_recipient(now, 2026)
    assert decided_now == recommended_by_recipient(before, 2026)
    assert decided_now is not None
    assert (decided_now[(BODOE, "dekom")], decided_now[(RANA, "rekom")]) == (420_000, 400_000)
    assert granted_shares_by_measure(now, 2026) == granted_shares_by_measure(before, 2026)
    assert granted_by_measure(now, 2026) == granted_by_measure(before, 2026)
    assert ("helgeland", "T3") in granted_by_measure(now, 2026)


def test_a_vedtak_with_tildelinger_shares_them_as_the_grunnlag_recommended(
        decided: tuple[Path, Path]) -> None:
    folder, then = decided
    commit = git(folder, "rev-parse", "--short", "HEAD~1").strip()
    vedtak = ("vedtak:\n  - aar: 2027\n    dato: 2027-04-20\n    saksnummer: \"2027/4411\"\n"
              "    tildelinger:\n"
              '      - {mottaker: "972418013", ordning: dekom, beloep: 1_000_001}\n'
              '      - {mottaker: "970940243", ordning: dekom, beloep: 1_450_000}\n'
              "    begrunnelse: Statsforvalteren flytter penger til universitetet.\n")
    _edit(then / "forum.yaml", "vedtak:\n", vedtak)
    _edit(folder / "forum.yaml", "vedtak:\n", vedtak.replace(
        "    tildelinger:", f'    grunnlag: "{commit}"\n    tildelinger:'))
    # Bodø kommune's 2027 DeKom money is shared among its measures as recommended then
    # (salten/T2 600 000 kr of 1 100 000 kr), not as today's files say (300 000 kr)
    t2 = "        tilskudd_eier: 600_000\n        tilskudd_uh: 300_000\n"
    _edit(folder / "partnerskap/salten/tiltak.yaml", t2, t2.replace("600_000", "300_000"))
    shares = granted_shares_by_measure(_ctx(folder), 2027)
    assert shares == granted_shares_by_measure(_ctx(then), 2027)
    assert sum(a.beloep for a in shares[("salten", "T2")] if a.orgnr == BODOE) == 545_455


def test_k311_compares_the_tildelinger_with_the_innstilling_at_the_grunnlag(
        decided: tuple[Path, Path]) -> None:
    folder, _ = decided
    # the amounts recommended at the grunnlag, written out: no departure, so no reason needed
    _edit(folder / "forum.yaml", "    som_innstilt: true\n", (
        "    tildelinger:\n"
        '      - {mottaker: "972418013", ordning: dekom, beloep: 420_000}\n'
        '      - {mottaker: "970940243", ordning: dekom, beloep: 250_000}\n'
        '      - {mottaker: "872418032", ordning: rekom, beloep: 400_000}\n'
        '      - {mottaker: "970940243", ordning: rekom, beloep: 200_000}\n'))
    found = run_komp("validate", folder, "--format", "json").json()["diagnostics"]
    assert [d["code"] for d in found if d["code"] in ("K311", "K313")] == ["K313"]
    _edit(folder / "forum.yaml", "beloep: 420_000", "beloep: 380_000")
    found = run_komp("validate", folder, "--format", "json").json()["diagnostics"]
    assert [d["code"] for d in found if d["code"] == "K311"] == ["K311"]


def test_k501_and_k506_use_the_amount_at_the_grunnlag(decided: tuple[Path, Path]) -> None:
    folder, _ = decided
    _edit(folder / "partnerskap/salten/rapport.yaml", "tilskudd_eier: 420_000",
          "tilskudd_eier: 400_000")
    found = run_komp("validate", folder, "--dato", "2027-02-01", "--merknader", "--format",
                     "json").json()["diagnostics"]
    assert not [d for d in found if d["code"] == "K501"]
    k506 = [d["message"].replace(NBSP, " ") for d in found if d["code"] == "K506"]
    assert "Bodø kommune (972418013) har 20 000 kr ubrukt i dekom for 2026, som overføres " \
           "til 2027" in k506
    assert [(d["file"], d["line"]) for d in found if d["code"] == "K313"] == [
        ("partnerskap/salten/tiltak.yaml", 74)]


def test_the_report_and_the_payout_list_use_the_amounts_at_the_grunnlag(
        decided: tuple[Path, Path], tmp_path: Path) -> None:
    folder, then = decided
    _remove_helgeland(folder)
    result = run_komp("rapport", folder, "--aar", "2026", "--dato", "2027-02-01")
    assert result.code == 0, result.err
    rows = table_with(result.out, "Mottaker", "Org.nr.", "Ordning", "Tildelt", "Brukt")[1:]
    granted = {(r[1], r[2]): r[3] for r in rows}
    assert granted[(BODOE, "DeKom")] == f"420{NBSP}000{NBSP}kr"
    assert granted[(RANA, "ReKom")] == f"400{NBSP}000{NBSP}kr"
    # the measure granted then and gone from the files now is in, named as it was, unreported
    measures = table_with(result.out, "Tiltak", "Partnerskap", "Ordning", "Status", "Tildelt")[1:]
    assert [r[:5] for r in measures if "(helgeland/T3)" in r[0]] == [[
        "Lek, språk og pedagogisk ledelse (helgeland/T3)", "Kompetanseregion Helgeland",
        "ReKom", "ikke rapportert", f"600{NBSP}000{NBSP}kr"]]

    out, out_then = tmp_path / "utbetaling.csv", tmp_path / "utbetaling-da.csv"
    assert run_komp("utbetaling", folder, "--aar", "2026", "-o", out).code == 0
    assert run_komp("utbetaling", then, "--aar", "2026", "-o", out_then).code == 0
    table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    table_then = list(csv.reader(io.StringIO(out_then.read_text(encoding="utf-8-sig")),
                                 delimiter=";"))
    assert table == table_then
    body = table[1:table.index([])]
    assert [(r[5], r[6]) for r in body if r[1] == BODOE] == [("420000", "salten/T2")]
    assert [(r[0], r[5], r[6]) for r in body if r[1] == RANA] == [
        ("Rana kommune", "400000", "helgeland/T3")]


def test_the_innstilling_for_the_decided_year_says_as_recommended(
        decided: tuple[Path, Path]) -> None:
    folder, _ = decided
    _remove_helgeland(folder)
    result = run_komp("innstilling", folder, "--aar", "2026")
    assert result.code == 0, result.err
    text = " ".join(result.out.split())
    assert "og tildelte midlene som innstilt." in text
    assert "med disse endringene fra innstillingen" not in text


def test_a_missing_report_after_the_deadline_and_a_removed_partnership(
        decided: tuple[Path, Path]) -> None:
    folder, _ = decided
    _remove_helgeland(folder)
    (folder / "partnerskap/salten/rapport.yaml").unlink()
    found = run_komp("validate", folder, "--dato", "2027-02-01", "--format",
                     "json").json()["diagnostics"]
    # salten has not reported; helgeland is gone from the files, which K313 says
    assert [(d["code"], d["file"]) for d in found if d["code"] in ("K503", "K313")] == [
        ("K313", "forum.yaml"), ("K503", "partnerskap/salten/partnerskap.yaml"),
        ("K313", "partnerskap/salten/tiltak.yaml")]


def test_diff_shows_no_change_in_decided_money(decided: tuple[Path, Path]) -> None:
    folder, _ = decided
    _remove_helgeland(folder)
    result = run_komp("diff", "HEAD~2", "HEAD", folder, "--format", "json").json()
    assert result["decided_by_recipient"] == []
    assert "Tildelt per mottaker" not in run_komp("diff", "HEAD~2", "HEAD", folder).out


def test_init_rapport_prefills_the_amounts_at_the_grunnlag(decided: tuple[Path, Path]) -> None:
    folder, _ = decided
    (folder / "partnerskap/salten/rapport.yaml").unlink()
    result = run_komp("init", "rapport", folder / "partnerskap/salten", "--aar", "2026")
    assert result.code == 0, result.err
    written = yaml.safe_load((folder / "partnerskap/salten/rapport.yaml").read_text("utf-8"))
    t2 = written["rapport"][0]["tiltak"][0]
    assert (t2["id"], t2["brukt"]) == ("T2", {"tilskudd_eier": 420_000, "tilskudd_uh": 250_000})


def test_without_the_commit_today_s_files_stand_for_what_was_decided(
        decided: tuple[Path, Path]) -> None:
    folder, _ = decided
    shutil.rmtree(folder / ".git")
    assert (decided_by_recipient(_ctx(folder), 2026) or {})[(BODOE, "dekom")] == 380_000
    found = run_komp("validate", folder, "--format", "json").json()["diagnostics"]
    assert [d["file"] for d in found if d["code"] == "K313"] == ["forum.yaml"]


def test_a_branch_or_tag_named_like_the_commit_id_does_not_stand_for_it(
        decided: tuple[Path, Path]) -> None:
    folder, _ = decided
    commit = git(folder, "rev-parse", "--short", "HEAD~1").strip()
    # a tag of that very name on today's commit, where salten/T2 has 380 000 kr: git itself
    # takes the tag for the name
    git(folder, "tag", commit, "HEAD")
    assert (decided_by_recipient(_ctx(folder), 2026) or {})[(BODOE, "dekom")] == 420_000
    found = run_komp("validate", folder, "--format", "json").json()["diagnostics"]
    assert [d["file"] for d in found if d["code"] == "K313"] == [
        "partnerskap/salten/tiltak.yaml"]


def test_a_grunnlag_whose_files_have_errors_is_not_taken_for_what_was_decided(
        decided: tuple[Path, Path]) -> None:
    folder, _ = decided
    # a commit where salten's tiltak.yaml cannot be read: no innstilling was made from it
    tiltak = folder / "partnerskap/salten/tiltak.yaml"
    good = tiltak.read_bytes()
    tiltak.write_bytes(good + b"tiltak: [\n")
    git(folder, "commit", "-q", "-am", "tiltak.yaml med feil")
    broken = git(folder, "rev-parse", "--short", "HEAD").strip()
    tiltak.write_bytes(good)
    grunnlag = git(folder, "rev-parse", "--short", "HEAD~2").strip()
    _edit(folder / "forum.yaml", f'grunnlag: "{grunnlag}"', f'grunnlag: "{broken}"')
    git(folder, "commit", "-q", "-am", "grunnlag med feil")
    # today's files stand for what was decided, and K313 says why
    assert (decided_by_recipient(_ctx(folder), 2026) or {})[(BODOE, "dekom")] == 380_000
    found = run_komp("validate", folder, "--format", "json").json()["diagnostics"]
    assert [d["file"] for d in found if d["code"] == "K313"] == ["forum.yaml"]
    message = next(d["message"] for d in found if d["code"] == "K313")
    assert f"planfilene i commiten «{broken}» har feil" in message
    assert "partnerskap/salten/tiltak.yaml" in message


@pytest.fixture
def committed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """The Nordland example committed once in a repository of its own, and that commit's id."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    folder = tmp_path / "forum"
    shutil.copytree(EXAMPLES / "nordland", folder)
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "innstillingen for 2026")
    return folder, git(folder, "rev-parse", "--short", "HEAD").strip()


def test_k401_and_the_criteria_table_check_the_egenandel_on_the_amounts_at_the_grunnlag(
        committed: tuple[Path, str]) -> None:
    """salten/T2's 2026 owners' amount is raised today from the 420 000 kr decided (as
    recommended at the grunnlag) to 600 000 kr without more egenandel: on today's amounts
    Bodø's 130 000 kr would be under 30 %, on the decided ones it holds."""
    from test_criteria_agree import criteria_table

    folder, commit = committed
    _edit(folder / "partnerskap/salten/tiltak.yaml", T2_2026,
          T2_2026.replace("420_000", "600_000"))
    git(folder, "commit", "-q", "-am", "T2 hevet")

    def k401_errors() -> list[dict[str, Any]]:
        found = run_komp("validate", folder, "--format", "json", "--velg", "K401").json()
        return [d for d in found["diagnostics"] if d["severity"] == "error"]

    def t2_egenandel() -> str:
        text = run_komp("innstilling", folder, "--aar", "2026", "--utkast").out
        return criteria_table(text)[_t2_title(folder)]["Egenandel"]

    # without a grunnlag, today's files stand for what was decided: K401 fails
    assert k401_errors()
    assert "ikke oppfylt" in t2_egenandel()
    _edit(folder / "forum.yaml", "    som_innstilt: true\n",
          f'    som_innstilt: true\n    grunnlag: "{commit}"\n')
    git(folder, "commit", "-q", "-am", "grunnlaget for vedtaket")
    assert not k401_errors()
    assert "ikke oppfylt" not in t2_egenandel()


def _t2_title(folder: Path) -> str:
    data = yaml.safe_load((folder / "partnerskap/salten/tiltak.yaml").read_text(encoding="utf-8"))
    return next(str(t["tittel"]) for t in data["tiltak"] if t["id"] == "T2")


def test_k401_under_a_vedtak_as_recommended_at_its_grunnlag_asks_for_more_egenandel(
        committed: tuple[Path, str]) -> None:
    """A vedtak as recommended at its grunnlag has no `tildelinger` to correct: K401's hint
    asks only for more egenandel; with `tildelinger` it points at them as before."""
    folder, commit = committed
    _edit(folder / "partnerskap/salten/tiltak.yaml", T2_2026 + "        egenandel: 130_000\n",
          T2_2026 + "        egenandel: 100_000\n")
    _edit(folder / "forum.yaml", "    som_innstilt: true\n",
          f'    som_innstilt: true\n    grunnlag: "{commit}"\n')
    git(folder, "commit", "-q", "-am", "mindre egenandel")
    found = run_komp("validate", folder, "--format", "json", "--velg", "K401").json()
    errors = [d for d in found["diagnostics"] if d["severity"] == "error"]
    assert len(errors) == 1
    assert "under 30 % av tildelt" in errors[0]["message"]
    hint = errors[0]["hint"]
    assert "rett tildelingen" not in hint
    assert "tildelt er det som var innstilt ved grunnlaget for vedtaket for 2026" in hint
    assert "egenandelen som må økes" in hint
