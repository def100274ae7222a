"""komp init: commented starting files that validate at once, and never overwrite anything."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ForumFactory, diagnostics_of, run_komp

MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def _planning_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml") if ".komp" not in p.parts)


def _assert_modelines_resolve(folder: Path) -> None:
    for path in _planning_files(folder):
        match = MODELINE.match(path.read_text(encoding="utf-8"))
        assert match, f"{path} starts without the schema modeline"
        assert (path.parent / match.group(1)).is_file(), f"{path}: {match.group(1)} is missing"


@pytest.mark.parametrize("options", [
    (),
    ("--fylke", "18", "--ordning", "dekom", "--ordning", "rekom", "--ordning", "komsip"),
    ("--fylke", "46", "--ordning", "dekom_fyo", "--navn", "Yrkesforum: Vestland"),
    ("--fylke", "50", "--ordning", "rekom,komsip", "--aar", "2030"),
], ids=["standard", "nordland", "fyo", "trondelag"])
def test_forum_scaffold_validates_without_any_finding(tmp_path: Path,
                                                      options: tuple[str, ...]) -> None:
    folder = tmp_path / "forum"
    result = run_komp("init", "forum", folder, *options)
    assert result.code == 0, result.err
    assert diagnostics_of(folder) == []
    assert run_komp("validate", "--strict", folder).code == 0
    assert run_komp("fmt", "--check", folder).code == 0  # the scaffold is already canonical
    assert (folder / "partnerskap" / "eksempel" / "tiltak.yaml").is_file()
    _assert_modelines_resolve(folder)
    forum_text = (folder / "forum.yaml").read_text(encoding="utf-8")
    assert "# Medlemmene med rolle" in forum_text  # the files teach by comments


@pytest.mark.parametrize("navn", ["Ny\nlinje", "x\u2028y", 'Forum «Nord» – "sitat" \\ og #', "no", "0301"])
def test_any_name_is_written_so_that_it_reads_back_exactly(tmp_path: Path, navn: str) -> None:
    from kompetanse_cli.pipeline.load import load_bytes

    folder = tmp_path / "forum"
    assert run_komp("init", "forum", folder, "--navn", navn).code == 0
    assert diagnostics_of(folder) == []
    data = load_bytes("forum.yaml", (folder / "forum.yaml").read_bytes()).data
    assert data["navn"] == navn


def test_forum_scaffold_has_a_gitignore_for_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "forum"
    assert run_komp("init", "forum", folder).code == 0
    assert ".komp-cache/" in (folder / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {p.name for p in (folder / ".komp" / "schemas").iterdir()} == {
        "forum.schema.json", "partnerskap.schema.json", "behov.schema.json",
        "prioriteringer.schema.json", "tiltak.schema.json", "rapport.schema.json"}


def test_existing_gitignore_is_extended_not_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "forum"
    folder.mkdir()
    (folder / ".gitignore").write_text("*.pdf", encoding="utf-8")
    assert run_komp("init", "forum", folder).code == 0
    lines = (folder / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "*.pdf"
    assert ".komp-cache/" in lines


def test_forum_without_example_partnership(tmp_path: Path) -> None:
    folder = tmp_path / "forum"
    assert run_komp("init", "forum", folder, "--uten-eksempel").code == 0
    assert not (folder / "partnerskap").exists()
    assert diagnostics_of(folder) == []


@pytest.mark.parametrize("options", [(), ("--ordning", "komsip"), ("--ordning", "rekom")])
def test_partnership_in_a_scaffolded_forum_validates_with_it(tmp_path: Path,
                                                            options: tuple[str, ...]) -> None:
    folder = tmp_path / "forum"
    assert run_komp("init", "forum", folder, "--fylke", "18", "--ordning", "dekom,rekom,komsip"
                    ).code == 0
    result = run_komp("init", "partnerskap", folder / "partnerskap" / "salten", *options)
    assert result.code == 0, result.err
    assert diagnostics_of(folder) == []
    assert diagnostics_of(folder / "partnerskap" / "salten") == []
    _assert_modelines_resolve(folder)


@pytest.mark.parametrize("example", ["nordland", "vestland-fyo"])
def test_partnership_in_an_example_forum_validates_with_it(forum: ForumFactory, example: str) -> None:
    folder = forum(example)
    result = run_komp("init", "partnerskap", folder / "partnerskap" / "ny",
                      "--navn", "Nytt nettverk")
    assert result.code == 0, result.err
    assert diagnostics_of(folder) == []
    assert "navn: Nytt nettverk" in (folder / "partnerskap" / "ny" / "partnerskap.yaml").read_text(
        encoding="utf-8")


def test_partnership_reuses_the_forums_schema_location(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "nordland", tmp_path / "examples" / "nordland")
    shutil.copytree(EXAMPLES.parent / "schemas", tmp_path / "schemas")
    folder = tmp_path / "examples" / "nordland" / "partnerskap" / "ny"
    assert run_komp("init", "partnerskap", folder).code == 0
    assert (folder / "tiltak.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../../../schemas/tiltak.schema.json\n")
    assert not (tmp_path / "examples" / "nordland" / ".komp").exists()


def test_lone_partnership_validates(tmp_path: Path) -> None:
    folder = tmp_path / "nettverk"
    assert run_komp("init", "partnerskap", folder, "--fylke", "46", "--ordning", "dekom_fyo"
                    ).code == 0
    assert diagnostics_of(folder) == []
    _assert_modelines_resolve(folder)


def test_init_never_overwrites_and_then_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "forum"
    (folder / "partnerskap" / "eksempel").mkdir(parents=True)
    mine = folder / "partnerskap" / "eksempel" / "behov.yaml"
    mine.write_text("behov: []  # mitt eget\n", encoding="utf-8")
    result = run_komp("init", "forum", folder)
    assert result.code == 2
    assert "behov.yaml" in result.err
    assert "finnes allerede" in result.err
    assert mine.read_text(encoding="utf-8") == "behov: []  # mitt eget\n"
    assert sorted(p.name for p in folder.rglob("*")) == ["behov.yaml", "eksempel", "partnerskap"]


def test_second_init_of_the_same_forum_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "forum"
    assert run_komp("init", "forum", folder).code == 0
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = run_komp("init", "forum", folder, "--navn", "Et annet navn")
    assert result.code == 2
    assert "forum.yaml" in result.err
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(("options", "words"), [
    (("--fylke", "99"), "fylkesnummer"),
    (("--ordning", "dekomm"), "ukjent ordning"),
    (("--ordning", "dekom,dekom_fyo"), "dekom_fyo"),
])
def test_bad_options_are_usage_errors(tmp_path: Path, options: tuple[str, ...], words: str) -> None:
    result = run_komp("init", "forum", tmp_path / "forum", *options)
    assert result.code == 2
    assert words in result.err
    assert not (tmp_path / "forum").exists()


def test_partnership_scheme_outside_the_forum_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "forum"
    assert run_komp("init", "forum", folder, "--ordning", "dekom").code == 0
    result = run_komp("init", "partnerskap", folder / "partnerskap" / "ny", "--ordning", "rekom")
    assert result.code == 2
    assert "rekom" in result.err
    assert not (folder / "partnerskap" / "ny").exists()


def _tree(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def test_gitignore_that_is_not_utf8_is_extended_byte_for_byte(tmp_path: Path) -> None:
    folder = tmp_path / "forum"
    folder.mkdir()
    (folder / ".gitignore").write_bytes(b"r\xf8d.pdf\n")  # Windows-1252 «rød»
    result = run_komp("init", "forum", folder)
    assert result.code == 0, result.err
    raw = (folder / ".gitignore").read_bytes()
    assert raw.startswith(b"r\xf8d.pdf\n")
    assert b"\n.komp-cache/\n" in raw
    assert diagnostics_of(folder) == []


def test_a_folder_that_cannot_be_made_stops_init_before_any_write(tmp_path: Path) -> None:
    folder = tmp_path / "forum"
    folder.mkdir()
    (folder / "partnerskap").write_text("ikke en mappe\n", encoding="utf-8")
    before = _tree(folder)
    result = run_komp("init", "forum", folder)
    assert result.code == 2
    assert "partnerskap" in result.err
    assert "Traceback" not in result.err
    assert _tree(folder) == before
    # Nothing half-written stands in the way: once the obstacle is gone, init succeeds.
    (folder / "partnerskap").unlink()
    assert run_komp("init", "forum", folder).code == 0


def test_a_write_failing_midway_takes_back_everything_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    folder = tmp_path / "forum"
    folder.mkdir()
    (folder / ".gitignore").write_text("*.pdf\n", encoding="utf-8")
    before = _tree(folder)
    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src: Any, dst: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 7:
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    result = run_komp("init", "forum", folder)
    monkeypatch.setattr(os, "replace", real_replace)
    assert result.code == 2
    assert "disken er full" in result.err and "No space left" not in result.err
    assert _tree(folder) == before
    assert run_komp("init", "forum", folder).code == 0
