"""K313 reads the decided measures from git at a vedtak's `grunnlag`: what it does when git, the
repository or the commit is missing, and that such a finding is never kept in the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, diagnostics_of
from test_diff import git

GRUNNLAG = "    som_innstilt: true\n"


def _with_grunnlag(forum: Path, rev: str) -> None:
    path = forum / "forum.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(GRUNNLAG) == 1
    path.write_text(text.replace(GRUNNLAG, f'{GRUNNLAG}    grunnlag: "{rev}"\n'), encoding="utf-8")


def _raise_t2_uh(forum: Path) -> None:
    path = forum / "partnerskap" / "salten" / "tiltak.yaml"
    text = path.read_text(encoding="utf-8")
    old = "        tilskudd_eier: 600_000\n        tilskudd_uh: 300_000\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, old.replace("300_000", "350_000")), encoding="utf-8")


@pytest.fixture
def forum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    folder = tmp_path / "forum"
    shutil.copytree(EXAMPLES / "nordland", folder)
    return folder


def _k313(folder: Path) -> list[dict[str, object]]:
    return [d for d in diagnostics_of(folder) if d["code"] == "K313"]


def test_without_git_on_the_path_k313_says_so_and_nothing_crashes(
        forum: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_grunnlag(forum, "3f2a9c1")
    monkeypatch.setenv("PATH", str(forum / "ingen-programmer"))
    found = _k313(forum)
    assert [(d["file"], d["line"], d["severity"]) for d in found] == [
        ("forum.yaml", 96, "warning")]
    assert "fant ikke programmet git" in str(found[0]["message"])


def test_a_finding_that_depends_on_git_is_not_kept_in_the_cache(forum: Path) -> None:
    """First the forum is no repository (K313 cannot read); then it becomes one whose commit
    shows the change: the second run must read git again, not replay the first result."""
    git(forum, "init", "-q")
    git(forum, "add", ".")
    git(forum, "commit", "-q", "-m", "innstillingen for 2026")
    commit = git(forum, "rev-parse", "HEAD").strip()
    shutil.move(forum / ".git", forum.parent / "gjemt.git")
    _with_grunnlag(forum, commit)
    _raise_t2_uh(forum)
    first = _k313(forum)
    assert len(first) == 1 and "ligger ikke i et git-repo" in str(first[0]["message"])
    shutil.move(forum.parent / "gjemt.git", forum / ".git")
    second = _k313(forum)
    assert [(d["file"], d["line"]) for d in second] == [("partnerskap/salten/tiltak.yaml", 80)]
    assert "900 000 kr" in str(second[0]["message"]).replace("\u00a0", " ")
    assert "950 000 kr" in str(second[0]["message"]).replace("\u00a0", " ")
    # a result read from git is kept: the same run again gives the same finding
    assert _k313(forum) == second


def test_a_short_commit_id_from_the_footer_is_enough(forum: Path) -> None:
    git(forum, "init", "-q")
    git(forum, "add", ".")
    git(forum, "commit", "-q", "-m", "innstillingen for 2026")
    short = git(forum, "rev-parse", "--short", "HEAD").strip()
    _with_grunnlag(forum, short)
    assert _k313(forum) == []
    _raise_t2_uh(forum)
    assert [d["line"] for d in _k313(forum)] == [80]


@pytest.mark.parametrize("written", ["{short} ", " {short}", "{short}\\t"])
def test_spaces_around_a_quoted_commit_id_are_not_part_of_it(forum: Path, written: str) -> None:
    git(forum, "init", "-q")
    git(forum, "add", ".")
    git(forum, "commit", "-q", "-m", "innstillingen for 2026")
    short = git(forum, "rev-parse", "--short", "HEAD").strip()
    _with_grunnlag(forum, written.format(short=short))
    _raise_t2_uh(forum)
    found = _k313(forum)
    assert [d["line"] for d in found] == [80]
    assert f"i vedtaket for 2026 (grunnlag {short})" in str(found[0]["message"])


@pytest.mark.parametrize("rev", ["HEAD", "master", "HEAD~1", "v2026"])
def test_a_name_that_moves_is_no_grunnlag(forum: Path, rev: str) -> None:
    """HEAD, a branch or a tag can point at another commit tomorrow, while the files and so
    the cached result stay the same: only a commit id is read."""
    git(forum, "init", "-q", "-b", "master")
    git(forum, "add", ".")
    git(forum, "commit", "-q", "-m", "innstillingen for 2026")
    git(forum, "tag", "v2026")
    _raise_t2_uh(forum)
    git(forum, "commit", "-q", "-am", "endret")
    _with_grunnlag(forum, rev)
    found = _k313(forum)
    assert [(d["file"], d["line"]) for d in found] == [("forum.yaml", 96)]
    assert f"«{rev}» er ikke en commit-id" in str(found[0]["message"])


def test_a_commit_id_read_as_a_number_is_refused_with_a_hint_to_quote_it(forum: Path) -> None:
    path = forum / "forum.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(GRUNNLAG, f"{GRUNNLAG}    grunnlag: 12e4567\n"), encoding="utf-8")
    found = [d for d in diagnostics_of(forum) if d["file"] == "forum.yaml"]
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("K103", 96, 15)]
    assert 'grunnlag: "12e4567"' in str(found[0]["hint"])


T6 = """
  - id: T6
    tittel: Lek og språk
    ordning: rekom
    type: barnehagebasert
    prioriteringer:
      - P3
    maalgrupper:
      - barnehagelaerere
    deltakere:
      enheter:
        - bh-hunstad
      antall: 10
    partnere:
      - "970940243"
    periode:
      fra: 2026
      til: 2027
    budsjett:
      2026:
        tilskudd_eier: 100_000
        tilskudd_uh: 50_000
        egenandel: 30_000
      2027:
        tilskudd_eier: 100_000
        tilskudd_uh: 50_000
        egenandel: 30_000
    fokusomraader:
      - Språkmiljø og lek i barnehagen
"""


def test_continuations_are_the_measures_decided_at_the_grunnlag(forum: Path) -> None:
    """A measure given a 2026 budget after the vedtak for 2026 was not decided then: with the
    vedtak's grunnlag it is no continuation in 2027; without, today's files stand for what
    was decided."""
    from kompetanse_cli.pipeline import validate_with_contexts
    from kompetanse_cli.pipeline.aggregate import continuing_measures

    git(forum, "init", "-q")
    git(forum, "add", ".")
    git(forum, "commit", "-q", "-m", "innstillingen for 2026")
    commit = git(forum, "rev-parse", "HEAD").strip()
    tiltak = forum / "partnerskap" / "salten" / "tiltak.yaml"
    tiltak.write_text(tiltak.read_text(encoding="utf-8").rstrip("\n") + "\n" + T6,
                      encoding="utf-8")

    def continuing() -> set[tuple[str, str]]:
        _, contexts = validate_with_contexts([forum])
        return continuing_measures(contexts[0], 2027)

    assert ("salten", "T6") in continuing()
    _with_grunnlag(forum, commit)
    assert ("salten", "T6") not in continuing()
    assert {("salten", "T2"), ("helgeland", "T3")} <= continuing()
