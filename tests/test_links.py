"""Symlinks out of the forum (and out of its git work tree) are never read: K006."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ForumFactory, diagnostics_of, run_komp

SECRET = "hemmelig-token-4711"


def _outside_secret(tmp_path: Path) -> Path:
    secret = tmp_path / "hjemme" / ".git-credentials"
    secret.parent.mkdir()
    secret.write_text(f"behov:\n  - id: {SECRET}\n    tittel: [\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_link_to_a_secret_outside_the_forum_is_never_read(
        forum: ForumFactory, tmp_path: Path, fmt: str) -> None:
    folder = forum("nordland")
    behov = folder / "partnerskap" / "salten" / "behov.yaml"
    behov.unlink()
    behov.symlink_to(_outside_secret(tmp_path))
    result = run_komp("validate", folder, "--format", fmt)
    assert result.code == 1
    assert SECRET not in result.out + result.err
    assert "K006" in result.out


def test_a_link_to_the_environment_is_never_read(forum: ForumFactory,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    if not Path("/proc/self/environ").exists():
        pytest.skip("no /proc here")
    monkeypatch.setenv("KOMP_TEST_HEMMELIG", SECRET)
    folder = forum("nordland")
    behov = folder / "partnerskap" / "salten" / "behov.yaml"
    behov.unlink()
    behov.symlink_to("/proc/self/environ")
    result = run_komp("validate", folder)
    assert result.code == 1
    assert SECRET not in result.out + result.err
    found = [d for d in diagnostics_of(folder) if d["code"] == "K006"]
    assert [d["file"] for d in found] == ["partnerskap/salten/behov.yaml"]
    assert found[0]["severity"] == "error" and found[0]["hint"]


def test_links_of_forum_file_and_partnership_folder_are_checked(
        forum: ForumFactory, tmp_path: Path) -> None:
    folder = forum("nordland")
    elsewhere = tmp_path / "et-annet-sted"
    (folder / "partnerskap" / "lofoten").rename(elsewhere)
    (folder / "partnerskap" / "lofoten").symlink_to(elsewhere)
    (folder / "forum.yaml").rename(tmp_path / "forum.yaml")
    (folder / "forum.yaml").symlink_to(tmp_path / "forum.yaml")
    codes = sorted((d["code"], d["file"]) for d in diagnostics_of(folder)
                   if d["code"] in ("K006", "K102"))
    assert codes == [("K006", "forum.yaml"), ("K006", "partnerskap/lofoten")]


def test_a_link_inside_the_git_work_tree_is_followed(forum: ForumFactory, tmp_path: Path) -> None:
    folder = forum("nordland")  # tmp_path/nordland
    (tmp_path / ".git").mkdir()
    shared = tmp_path / "felles" / "salten-behov.yaml"
    shared.parent.mkdir()
    behov = folder / "partnerskap" / "salten" / "behov.yaml"
    behov.rename(shared)
    behov.symlink_to(os.path.relpath(shared, behov.parent))
    assert diagnostics_of(folder) == []


def test_a_forum_given_through_a_link_is_read(forum: ForumFactory, tmp_path: Path) -> None:
    folder = forum("nordland")
    link = tmp_path / "lenke-til-forumet"
    link.symlink_to(folder)
    assert diagnostics_of(link) == []


def test_fmt_never_reads_or_writes_a_link_out_of_the_forum(forum: ForumFactory, tmp_path: Path) -> None:
    folder = forum("nordland")
    secret = tmp_path / "hjemme" / "notater.yaml"
    secret.parent.mkdir()
    secret.write_text(f"behov:\n-   id: {SECRET}\n", encoding="utf-8")
    behov = folder / "partnerskap" / "salten" / "behov.yaml"
    behov.unlink()
    behov.symlink_to(secret)
    for target in (folder, behov):
        result = run_komp("fmt", target)
        assert result.code == 1, result.err
        assert "K006" in result.err
        assert SECRET not in result.out + result.err
        assert secret.read_text(encoding="utf-8") == f"behov:\n-   id: {SECRET}\n"
