"""Rule cases as data: each file in tests/cases/ changes a copy of an example and lists,
exactly, the diagnostics komp must then report (code, file, line). An empty list is a passing
case. Every rule has at least one failing and one passing case (see test_registry.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, assert_from_their_rules, diagnostics_of

CASES = Path(__file__).resolve().parent / "cases"


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(CASES.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            cases.append((path.stem, yaml.safe_load(handle)))
    return cases


def build(case: dict[str, Any], target: Path) -> Path:
    """A copy of the case's base example with its changes applied.

    A case with `git:` is a repository: each entry's `endringer` are applied and committed in
    turn, then the case's own `endringer` make the work tree; «{commit:N}» in a `til` stands for
    the id of the N-th commit (from 1), as a vedtak's `grunnlag` names it.
    """
    shutil.copytree(EXAMPLES / case.get("base", "nordland"), target)
    commits: list[str] = []
    if "git" in case:
        _git(target, "init", "-q")
        for step in case["git"]:
            _apply(target, step.get("endringer", []), commits)
            _git(target, "add", "-A")
            _git(target, "commit", "-q", "--allow-empty", "-m", step.get("melding", "endring"))
            commits.append(_git(target, "rev-parse", "HEAD").strip())
    _apply(target, case.get("endringer", []), commits)
    return target / str(case.get("mappe", ""))


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.no",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.no",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True,
                          check=True).stdout


def _apply(target: Path, changes: list[dict[str, Any]], commits: list[str]) -> None:
    for change in changes:
        path = target / change["fil"]
        if change.get("slett"):
            path.unlink()
            continue
        if "flytt" in change:  # move the file elsewhere (in or out of the forum)
            target_path = target / change["flytt"]
            target_path.parent.mkdir(parents=True, exist_ok=True)
            path.rename(target_path)
            continue
        if "lenke" in change:  # a symbolic link at `fil` to `lenke` (relative to its folder)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.symlink_to(change["lenke"])
            continue
        if "innhold" in change:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(change["innhold"], encoding="utf-8")
            continue
        text = path.read_text(encoding="utf-8")
        old, new = change["fra"], change["til"]
        for number, commit in enumerate(commits, start=1):
            new = new.replace(f"{{commit:{number}}}", commit)
        assert text.count(old) >= 1, f"{change['fil']}: finner ikke {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("name", "case"), load_cases(), ids=[n for n, _ in load_cases()])
def test_rule_case(name: str, case: dict[str, Any], tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    if "git" in case and shutil.which("git") is None:
        pytest.skip("git is not installed")
    # no case sees a repository around the test's folder, only the one it builds itself
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    folder = build(case, tmp_path / "forum")
    # Information (severity info) from other rules is left out: it does not make a case fail,
    # and the examples are allowed to carry some (e.g. K418 on a frame not fully allocated).
    own = {case["regel"], *case.get("andre_regler", [])}
    diagnostics = diagnostics_of(folder, "--velg", ",".join(case.get("velg", ["K"])), "--merknader",
                                 *(["--dato", str(case["dato"])] if "dato" in case else []))
    assert_from_their_rules(diagnostics)
    found = sorted(
        (d["code"], d["file"], d["line"])
        for d in diagnostics
        if d["severity"] != "info" or d["code"] in own
    )
    expected = sorted(
        (e["kode"], e["fil"], e.get("linje")) for e in case.get("forventer", [])
    )
    assert found == expected, f"{name}: {case.get('beskrivelse', '')}"
    for code, _, _ in expected:
        assert code == case["regel"] or code in case.get("andre_regler", []), (
            f"{name} expects {code}, which is not the rule it tests")


FAILING = [(n, c) for n, c in load_cases() if "-feiler-" in n and "git" not in c]


@pytest.mark.parametrize(("name", "case"), FAILING, ids=[n for n, _ in FAILING])
def test_a_forum_read_partnership_by_partnership_finds_what_the_whole_forum_held_finds(
        name: str, case: dict[str, Any], tmp_path: Path) -> None:
    """`komp validate` runs each partnership's rules as soon as it is read and lets go of what
    only they read; the documents and the language server hold every file. Both find the same."""
    import datetime as dt

    from kompetanse_cli.diagnostics import Selection
    from kompetanse_cli.pipeline import validate, validate_with_contexts

    folder = build(case, tmp_path / "forum")
    dato = dt.date.fromisoformat(str(case["dato"])) if "dato" in case else None
    released = validate([folder], Selection(infos=True, dato=dato), jobs=1)
    held, contexts = validate_with_contexts([folder], Selection(infos=True, dato=dato))
    assert released.diagnostics == held.diagnostics, name
    assert any(d.code == case["regel"] for d in held.diagnostics), name
    # the contexts kept for the documents still hold the files only partnership rules read
    assert any("behov" in p.files and "prioriteringer" in p.files
               for ctx in contexts for p in ctx.partnerships)
