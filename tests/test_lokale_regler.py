"""A forum's own settings of rules (`regler:` in forum.yaml): severity, parameters, refusals.

The settings apply to every rule of the forum's partnerships, in `komp validate`, with the
cache, and in the language server's runs over unsaved buffers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import ROOT, diagnostics_of, run_komp
from kompetanse_cli.pipeline import validate_unit
from kompetanse_cli.pipeline.buffers import BufferChecker
from kompetanse_cli.pipeline.discover import discover
from kompetanse_cli.pipeline.load import load_bytes

BEHOV = "partnerskap/salten/behov.yaml"


def without_dialog(path: Path) -> None:
    """Salten B2 loses `dialog_med_uh`: K406 warns about it (line 26)."""
    behov = path / BEHOV
    text = behov.read_text(encoding="utf-8")
    behov.write_text(text.replace("    dato: 2026-10-28\n    dialog_med_uh: true\n",
                                  "    dato: 2026-10-28\n", 1), encoding="utf-8")


def set_rule(path: Path, block: str) -> None:
    """Add settings under the example's `regler:` in forum.yaml."""
    forum = path / "forum.yaml"
    text = forum.read_text(encoding="utf-8")
    assert "\nregler:\n" in text
    forum.write_text(text.replace("\nregler:\n", "\nregler:\n" + block, 1), encoding="utf-8")


def k406(path: Path, *extra: str) -> list[dict[str, Any]]:
    return [d for d in diagnostics_of(path, "--merknader", *extra) if d["code"] == "K406"]


@pytest.mark.parametrize(("alvor", "severity", "code"), [
    ("info", "info", 0), ("feil", "error", 1), ("advarsel", "warning", 1)])
def test_the_forums_severity_is_the_diagnostics(forum: Any, alvor: str, severity: str,
                                                code: int) -> None:
    path = forum()
    without_dialog(path)
    assert [d["severity"] for d in k406(path)] == ["warning"]
    set_rule(path, f"  K406:\n    alvor: {alvor}\n    begrunnelse: Drøftes i regionmøtene.\n")
    found = k406(path)
    assert [(d["severity"], d["file"], d["line"]) for d in found] == [(severity, BEHOV, 26)]
    assert run_komp("validate", path, "--strict").code == code


def test_sarif_results_carry_the_forums_severity(forum: Any) -> None:
    """Code scanning shows a result's own `level` over its rule's default: the result says
    the forum's severity, the rule keeps the national default."""
    path = forum()
    without_dialog(path)
    set_rule(path, "  K406:\n    alvor: feil\n    begrunnelse: Drøftes i regionmøtene.\n")
    run = run_komp("validate", path, "--format", "sarif").json()["runs"][0]
    assert [r["level"] for r in run["results"] if r["ruleId"] == "K406"] == ["error"]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "K406")
    assert rule["defaultConfiguration"]["level"] == "warning"


def test_a_rule_turned_off_reports_nothing(forum: Any) -> None:
    path = forum()
    without_dialog(path)
    set_rule(path, "  K406:\n    alvor: av\n    begrunnelse: Drøftes i regionmøtene.\n")
    assert k406(path) == []
    assert run_komp("validate", path, "--strict").code == 0


def test_a_refused_setting_is_not_applied(forum: Any) -> None:
    path = forum()
    tiltak = path / "partnerskap/salten/tiltak.yaml"
    text = tiltak.read_text(encoding="utf-8")
    tiltak.write_text(text.replace('      antall: 38\n    partnere:\n      - "970940243"\n',
                                   "      antall: 38\n    partnere: []\n", 1), encoding="utf-8")
    set_rule(path, "  K403:\n    alvor: info\n    begrunnelse: Noen tiltak er uten UH.\n")
    found = {(d["code"], d["severity"]) for d in diagnostics_of(path)}
    assert found == {("K403", "error"), ("K419", "error")}
    k419 = next(d for d in diagnostics_of(path) if d["code"] == "K419")
    assert "FOR-2021-01-26-230" in k419["message"] and "alvor: info" in k419["hint"]


def test_a_changed_setting_invalidates_the_cache(forum: Any) -> None:
    path = forum()
    without_dialog(path)
    assert [d["severity"] for d in k406(path)] == ["warning"]
    assert [d["severity"] for d in k406(path)] == ["warning"]  # now from the cache
    set_rule(path, "  K406:\n    alvor: info\n    begrunnelse: Drøftes i regionmøtene.\n")
    assert [d["severity"] for d in k406(path)] == ["info"]
    forum_yaml = path / "forum.yaml"
    forum_yaml.write_text(forum_yaml.read_text(encoding="utf-8").replace(
        "    alvor: info\n    begrunnelse: Drøftes", "    alvor: av\n    begrunnelse: Drøftes"),
        encoding="utf-8")
    assert k406(path) == []
    # a parameter of a partnership rule is part of the cached partnership findings' key
    k413 = [d for d in diagnostics_of(path) if d["code"] == "K413"]
    assert k413 == []
    set_rule(path, "  K413:\n    antall: 8\n    begrunnelse: Hele personalgrupper.\n")
    k413 = [d for d in diagnostics_of(path) if d["code"] == "K413"]
    assert [(d["file"], d["line"]) for d in k413] == [("partnerskap/helgeland/tiltak.yaml", 186)]


def test_a_forum_with_parameters_is_kept_in_the_cache() -> None:
    """The models of settings with parameters pickle (the cache keeps checked files so)."""
    import pickle

    from kompetanse_cli.domain.planfiles import FORUM
    from kompetanse_cli.pipeline.schema import check_file

    text = (ROOT / "examples/vestland-fyo/forum.yaml").read_text(encoding="utf-8") + (
        "regler:\n  K409:\n    prosent: 12.5\n    begrunnelse: x\n  K416:\n    andel: 10\n"
        "    begrunnelse: y\n  K421:\n    sats_per_deltaker: 20_000\n    begrunnelse: z\n")
    checked = check_file(FORUM, load_bytes("forum.yaml", text.encode("utf-8")))
    assert checked.model is not None, checked.diagnostics
    again = pickle.loads(pickle.dumps(checked))
    assert again.model == checked.model and again.model.regler.K416.andel == 10


def test_the_language_server_applies_an_unsaved_setting(forum: Any) -> None:
    """Over unsaved buffers, with the partnership rules' memo of the previous run."""
    path = forum()
    without_dialog(path)
    layout = discover(path)[0]
    checker = BufferChecker()

    def severities() -> list[str]:
        report, _ = validate_unit(layout, checker)
        return [d.severity.value for d in report.diagnostics if d.code == "K406"]

    assert severities() == ["warning"]
    forum_yaml = path / "forum.yaml"
    checker.overrides[forum_yaml] = forum_yaml.read_bytes().replace(
        b"\nregler:\n", "\nregler:\n  K406:\n    alvor: av\n    begrunnelse: Drøftes.\n"
        .encode(), 1)
    assert severities() == []
    checker.overrides[forum_yaml] = checker.overrides[forum_yaml].replace(b"alvor: av",
                                                                          b"alvor: feil")
    assert severities() == ["error"]
    del checker.overrides[forum_yaml]
    assert severities() == ["warning"]
    # a parameter of a partnership rule (K413: Helgeland T5 has 6 participants)
    report, _ = validate_unit(layout, checker)
    assert not [d for d in report.diagnostics if d.code == "K413"]
    checker.overrides[forum_yaml] = forum_yaml.read_bytes().replace(
        b"\nregler:\n", b"\nregler:\n  K413:\n    antall: 8\n    begrunnelse: Hele grupper.\n", 1)
    report, _ = validate_unit(layout, checker)
    assert [(d.code, d.file, d.span.line if d.span else None) for d in report.diagnostics
            if d.code == "K413"] == [("K413", "partnerskap/helgeland/tiltak.yaml", 186)]


def test_a_forum_parameter_replaces_the_regulations(forum: Any) -> None:
    path = forum("vestland-fyo")
    forum_yaml = path / "forum.yaml"
    text = forum_yaml.read_text(encoding="utf-8").replace(
        "  andel_fylkeskommune: 40", "  andel_fylkeskommune: 30")
    forum_yaml.write_text(text, encoding="utf-8")
    assert {d["code"] for d in diagnostics_of(path)} == {"K416"}
    forum_yaml.write_text(text + "regler:\n  K416:\n    andel: 10\n    begrunnelse: "
                          "Kjøpene avtales over flere år.\n", encoding="utf-8")
    assert diagnostics_of(path) == []


@pytest.mark.parametrize(("block", "code", "line", "hint"), [
    ("  K406:\n    alvor: info\n", "K102", 167, "begrunnelse"),
    ("  K413:\n", "K103", 166, "skriv nøkler med innrykk"),
    ("  K406:\n    alvor: info\n    begrunnelse: \"\"\n", "K103", 168, "kan ikke stå tomt"),
    ("  K406:\n    alvor: info\n    begrunnelse: \"  \"\n", "K103", 168, "kan ikke stå tomt"),
    ("  K4066:\n    alvor: info\n    begrunnelse: x\n", "K101", 166, "mente du «K406»?"),
    ("  k416:\n    andel: 3\n    begrunnelse: x\n", "K101", 166, "mente du «K416»?"),
    ("  K416:\n    andl: 3\n    begrunnelse: x\n", "K101", 167, "mente du «andel»?"),
    ("  K406:\n    alvor: advarsl\n    begrunnelse: x\n", "K103", 167, "mente du «advarsel»?"),
    ("  K421:\n    sats_per_deltaker: 20 000 kr\n    begrunnelse: x\n", "K103", 167, "20000"),
])
def test_a_broken_setting_is_a_located_diagnostic_with_a_hint(
        forum: Any, block: str, code: str, line: int, hint: str) -> None:
    path = forum()
    set_rule(path, block)
    result = run_komp("validate", path, "--format", "json")
    assert result.code == 1
    found = [d for d in result.json()["diagnostics"] if d["severity"] == "error"]
    assert [(d["code"], d["file"], d["line"]) for d in found] == [(code, "forum.yaml", line)]
    assert hint in found[0]["hint"]


def test_the_exported_schema_knows_every_code_and_its_parameters() -> None:
    schema = json.loads((ROOT / "schemas" / "forum.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    base = load_bytes("forum.yaml", (ROOT / "examples/nordland/forum.yaml").read_bytes()).data
    base = json.loads(json.dumps(base, default=str))
    assert validator.is_valid(base) and base["regler"]["K409"]["alvor"] == "feil"
    for regler, valid in [
        ({"K416": {"andel": 10, "begrunnelse": "x"}}, True),
        ({"K421": {"sats_per_deltaker": 20000, "begrunnelse": "x"}}, True),
        ({"K406": {"alvor": "av"}}, False),  # no begrunnelse
        ({"K413": None}, False),  # a code with nothing under it
        ({"K999": {"alvor": "av", "begrunnelse": "x"}}, False),
        ({"K406": {"andel": 10, "begrunnelse": "x"}}, False),  # K406 has no parameters
        ({"K406": {"alvor": "kanskje", "begrunnelse": "x"}}, False),
    ]:
        assert validator.is_valid({**base, "regler": regler}) is valid, regler


# --- the catalogue: `komp regler --forum`, `--maalform nn` -----------------------------------


def test_the_catalogue_shows_the_forums_settings(forum: Any) -> None:
    result = run_komp("regler", "--forum", ROOT / "examples" / "nordland")
    assert result.code == 0, result.err
    rows = {line.split()[0]: line.split()[1] for line in result.out.splitlines()
            if re.match(r"K\d{3} ", line)}
    assert rows["K409"] == "feil*" and rows["K406"] == "advarsel"
    assert "K409: feil (ellers advarsel). Begrunnelse: Fordelingsprinsippene i planen" in result.out
    one = run_komp("regler", "K409", "--forum", ROOT / "examples" / "nordland")
    assert one.code == 0 and "Forumet (forum.yaml): feil (ellers advarsel)" in one.out


def test_the_catalogue_names_a_refused_setting_and_a_parameter(forum: Any) -> None:
    path = forum("vestland-fyo")
    with (path / "forum.yaml").open("a", encoding="utf-8") as handle:
        handle.write("regler:\n  K412:\n    alvor: av\n    begrunnelse: Planen kommer senere.\n"
                     "  K416:\n    andel: 10\n    begrunnelse: Kjøpene avtales over flere år.\n")
    result = run_komp("regler", "--forum", path, "--maalform", "nn")
    assert result.code == 0, result.err
    rows = {line.split()[0]: line.split()[1] for line in result.out.splitlines()
            if re.match(r"K\d{3} ", line)}
    assert rows["K412"] == "feil" and rows["K416"] == "åtvaring"
    assert "K412: ikkje brukt (K419). Grunngiving: Planen kommer senere." in result.out
    assert "K419: retningslinjene (FOR-2021-01-26-229) gjør K412 til et krav" in result.out
    assert "K416: toleranse 10 prosentpoeng (standard 5). Grunngiving:" in result.out


def test_the_catalogue_of_a_broken_or_missing_forum(forum: Any, tmp_path: Path) -> None:
    path = forum()
    set_rule(path, "  K406:\n    alvor: kanskje\n    begrunnelse: x\n")
    broken = run_komp("regler", "--forum", path)
    assert broken.code == 1 and "K103" in broken.out and "mente du" not in broken.err
    assert run_komp("regler", "--forum", tmp_path / "finnes-ikke").code == 2
    assert run_komp("regler", "--forum", path / "partnerskap").code == 2


def test_every_rule_has_its_texts_in_nynorsk() -> None:
    from kompetanse_cli.rules import RULES
    from kompetanse_cli.rules.docs import nynorsk

    texts = nynorsk()
    bokmaal = re.compile(r"\b(ikke|hvordan|hvilke|hvor|også|noen|uten|hva|hvis)\b", re.I)
    for rule in RULES:
        entry = texts.get(rule.code)
        assert entry is not None, f"{rule.code} har ingen tekst i data/regler-nn.toml"
        for field in (entry.tittel, entry.samandrag, entry.kva, entry.kvifor):
            assert field.strip(), rule.code
            # quotations («…») and keys (`…`) stay as they are written
            own = re.sub(r"«[^»]*»|`[^`]*`", "", field)
            assert not bokmaal.search(own), (rule.code, bokmaal.search(own))


def test_the_rule_texts_in_nynorsk(forum: Any) -> None:
    listing = run_komp("regler", "--maalform", "nn")
    assert listing.code == 0
    assert listing.out.splitlines()[0].split() == ["kode", "alvor", "ordningar", "regel"]
    assert "K416  åtvaring" in listing.out and "avvik frå planen" in listing.out
    one = run_komp("regler", "K416", "--maalform", "nn")
    assert one.code == 0
    for part in ("K416 (åtvaring): den faktiske delen til fylkeskommunen avvik frå planen",
                 "Kjelde: ", "Kva: Kompetanseutviklingsplanen seier", "Kvifor: ", "Feilar:",
                 "andel_fylkeskommune: 40"):
        assert part in one.out, part
    assert "Hva:" not in one.out


def test_the_nynorsk_reference_is_markdown_with_every_rule() -> None:
    from markdown_it import MarkdownIt

    from kompetanse_cli.rules import RULES

    result = run_komp("regler", "--markdown", "--maalform", "nn")
    assert result.code == 0
    tokens = MarkdownIt("commonmark").enable("table").parse(result.out)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Reglane i komp"
    assert headings[1:] == [rule.code for rule in RULES]
    assert "**Kva:**" in result.out and "**Hva:**" not in result.out


# --- the documents show the forum's reasons -------------------------------------------------


@pytest.mark.parametrize("maalform", ["nb", "nn"])
@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_the_disponeringsplan_shows_the_forums_reasons(forum: Any, tmp_path: Path,
                                                       maalform: str, fmt: str) -> None:
    from test_formats import docx_text, html_text, pdf_text, squash

    path = forum("vestland-fyo")
    with (path / "forum.yaml").open("a", encoding="utf-8") as handle:
        handle.write("regler:\n  K417:\n    alvor: info\n    begrunnelse: Arbeidslivet deltar "
                     "gjennom yrkesopplæringsnemnda.\n")
    out = tmp_path / f"plan.{fmt}"
    result = run_komp("innstilling", path, "--maalform", maalform, "-o", out)
    assert result.code == 0, result.err
    data = out.read_bytes()
    text = {"md": lambda b: b.decode("utf-8"), "html": lambda b: html_text(b)[0],
            "docx": docx_text, "pdf": pdf_text}[fmt](data)
    heading = ("Forumets egne vurderinger av reglene" if maalform == "nb"
               else "Korleis forumet sjølv vurderer reglane")
    shown = ("info (ellers advarsel)" if maalform == "nb" else "info (elles åtvaring)")
    for wanted in (heading, shown, "K417", "Arbeidslivet deltar gjennom yrkesopplæringsnemnda."):
        assert squash(wanted) in squash(text), (fmt, wanted)
