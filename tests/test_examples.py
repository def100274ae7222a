"""The bundled examples are the project's own use of komp: they must validate clean."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, assert_from_their_rules, run_komp

FORUMS = sorted(p.name for p in EXAMPLES.iterdir() if (p / "forum.yaml").is_file())


def test_there_are_two_example_forums_one_of_each_kind() -> None:
    assert {"nordland", "vestland-fyo"} <= set(FORUMS)


@pytest.mark.parametrize("name", FORUMS)
def test_example_forum_validates_clean_even_under_strict(name: str) -> None:
    result = run_komp("validate", EXAMPLES / name, "--strict", "--format", "json")
    assert result.code == 0, result.out
    payload = result.json()
    # information is allowed (K418: a frame not fully allocated), nothing more
    assert [d for d in payload["diagnostics"] if d["severity"] != "info"] == []
    assert payload["summary"]["errors"] == payload["summary"]["warnings"] == 0
    assert payload["summary"]["files"] >= 9


@pytest.mark.parametrize("name", FORUMS)
def test_each_example_partnership_validates_alone(name: str) -> None:
    for folder in sorted((EXAMPLES / name / "partnerskap").iterdir()):
        result = run_komp("validate", folder, "--strict")
        assert result.code == 0, result.out


def test_a_folder_of_forums_validates_every_forum() -> None:
    payload = run_komp("validate", EXAMPLES, "--format", "json").json()
    per_forum = sum(run_komp("validate", EXAMPLES / n, "--format", "json").json()["summary"]["files"]
                    for n in FORUMS)
    assert payload["summary"]["files"] == per_forum


@pytest.mark.parametrize("name", FORUMS)
def test_example_files_start_with_the_schema_modeline(name: str) -> None:
    for path in (EXAMPLES / name).rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = path.stem
        depth = len(path.relative_to(EXAMPLES).parts)
        assert first == f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json"


def test_information_is_shown_only_when_asked_for_and_never_fails() -> None:
    plain = run_komp("validate", EXAMPLES / "vestland-fyo", "--format", "json")
    assert plain.json()["diagnostics"] == []
    asked = run_komp("validate", EXAMPLES / "vestland-fyo", "--strict", "--merknader",
                     "--format", "json")
    assert asked.code == 0
    found = asked.json()["diagnostics"]
    assert_from_their_rules(found)
    assert ("K418", "info", "forum.yaml", 23) in [
        (d["code"], d["severity"], d["file"], d["line"]) for d in found]
    assert all(d["severity"] == "info" for d in found)
    assert asked.json()["summary"]["infos"] == len(found)
