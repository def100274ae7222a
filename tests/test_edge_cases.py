"""Inputs that once gave a silent wrong answer, a wrong position or a crash."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ForumFactory, run_komp

NORDLAND = EXAMPLES / "nordland"
SALTEN = "partnerskap/salten"


def _break_money(root: Path) -> None:
    path = root / SALTEN / "tiltak.yaml"
    text = path.read_text(encoding="utf-8")
    assert "tilskudd_eier: 700_000" in text
    path.write_text(text.replace("tilskudd_eier: 700_000", 'tilskudd_eier: "700 000 kr"', 1),
                    encoding="utf-8")


# --- forums with the same partnership names are each validated ------------------------------


@pytest.mark.parametrize("how", ["parent", "each", "each-cached"])
def test_forums_with_the_same_partnership_names_are_all_validated(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    parent = tmp_path / "forum"
    shutil.copytree(NORDLAND, parent / "a")
    shutil.copytree(NORDLAND, parent / "b")
    _break_money(parent / "b")
    monkeypatch.chdir(tmp_path)
    if how == "each-cached":  # a result cached for a is not the answer for b
        assert run_komp("validate", "forum/a").code == 0
    args = ["forum"] if how == "parent" else ["forum/a", "forum/b"]
    result = run_komp("validate", *args, "--format", "json")
    assert result.code == 1, result.out
    payload = result.json()
    assert payload["summary"]["files"] == 30
    assert [d["file"] for d in payload["diagnostics"]] == ["forum/b/partnerskap/salten/tiltak.yaml"
                                                           if how != "parent" else
                                                           "b/partnerskap/salten/tiltak.yaml"]


def test_the_same_forum_named_twice_is_validated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(NORDLAND)
    result = run_komp("validate", ".", str(NORDLAND), "--format", "json")
    assert result.code == 0 and result.json()["summary"]["files"] == 15


def test_the_cache_key_of_a_unit_names_its_folder(tmp_path: Path) -> None:
    from kompetanse_cli.pipeline.cache import _layout_parts
    from kompetanse_cli.pipeline.discover import discover

    shutil.copytree(NORDLAND / SALTEN, tmp_path / "a" / "salten")
    shutil.copytree(NORDLAND / SALTEN, tmp_path / "b" / "salten")
    (a,), (b,) = discover(tmp_path / "a" / "salten"), discover(tmp_path / "b" / "salten")
    assert [a.rel(p) for p in a.paths()] == [b.rel(p) for p in b.paths()]
    assert _layout_parts(a) != _layout_parts(b)


# --- --velg and --ignorer -----------------------------------------------------------------


@pytest.mark.parametrize(("option", "code", "closest"), [
    ("--velg", "K1O3", "K103"), ("--velg", "K999", "K409"), ("--ignorer", "k4o1", "K401"),
    ("--velg", "K1,K7", None), ("--velg", "foo", None)])
def test_an_unknown_rule_code_is_a_usage_error_naming_the_closest(
        forum: ForumFactory, option: str, code: str, closest: str | None) -> None:
    root = forum()
    _break_money(root)
    result = run_komp("validate", root, option, code)
    assert result.code == 2, result.out
    assert result.out == ""
    assert f"ukjent regelkode «{code.split(',')[-1]}»" in result.err
    assert "komp regler" in result.err
    if closest is not None:  # among the suggestions (K999 is as close to K409 as to K419)
        suggested = re.search(r"mente du ([^?]*)\?", result.err)
        assert suggested is not None and closest in re.split(r", | eller ", suggested[1])


def test_known_codes_and_prefixes_are_accepted(forum: ForumFactory) -> None:
    root = forum()
    _break_money(root)
    assert run_komp("validate", root, "--velg", "k1").code == 1
    assert run_komp("validate", root, "--velg", "K").code == 1
    assert run_komp("validate", root, "--ignorer", "K10").code == 0


def test_reading_errors_are_reported_whatever_is_selected(forum: ForumFactory) -> None:
    root = forum()
    (root / SALTEN / "tiltak.yaml").write_text("tiltak: [\n", encoding="utf-8")
    for extra in (["--velg", "K4"], ["--ignorer", "K001"], ["--ignorer", "K0"]):
        result = run_komp("validate", root, "--format", "json", *extra)
        assert result.code == 1, extra
        assert [d["code"] for d in result.json()["diagnostics"]] == ["K001"]


def test_the_light_list_of_rule_codes_matches_the_registry() -> None:
    from kompetanse_cli.pipeline.runner import known_codes
    from kompetanse_cli.rules import RULES_BY_CODE

    assert set(known_codes()) == set(RULES_BY_CODE)


# --- folders and files komp cannot read ------------------------------------------------------


def test_an_unreadable_partnership_folder_is_a_located_error(
        forum: ForumFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    root = forum()
    locked = str(root / SALTEN)
    real_scandir = os.scandir

    real_open = os.open

    def scandir(path: Any = ".") -> Any:  # as without read permission (tests run as root)
        if not isinstance(path, int) and os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    def open_(path: Any, *args: Any, **kwargs: Any) -> int:  # folders are listed through a descriptor
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)
    result = run_komp("validate", root, "--format", "json")
    assert result.code == 1, result.err
    (diagnostic,) = result.json()["diagnostics"]
    assert (diagnostic["file"], diagnostic["code"]) == (SALTEN, "K003")
    assert "kan ikke leses (ingen tilgang)" in diagnostic["message"]
    assert "Permission denied" not in diagnostic["message"]
    formatted = run_komp("fmt", "--check", root)
    assert formatted.code == 1 and f"{SALTEN}: feil K003" in formatted.err


@pytest.mark.parametrize("command", ["validate", "fmt", "innstilling"])
def test_a_device_is_a_usage_error(command: str) -> None:
    result = run_komp(command, "/dev/null")
    assert result.code == 2, result.err
    assert "komp" in result.err and "/dev/null" in result.err and "intern feil" not in result.err


def test_a_fifo_planning_file_is_reported_not_read(forum: ForumFactory) -> None:
    import os

    root = forum()
    path = root / "partnerskap" / "lofoten" / "tiltak.yaml"
    path.unlink()
    os.mkfifo(path)  # reading it would wait for a writer for ever
    result = run_komp("validate", root, "--format", "json")
    assert result.code == 1
    (diagnostic,) = result.json()["diagnostics"]
    assert (diagnostic["file"], diagnostic["code"]) == ("partnerskap/lofoten/tiltak.yaml", "K003")
    assert "ikke en vanlig fil" in diagnostic["message"] and "mangler" not in diagnostic["message"]
    formatted = run_komp("fmt", root)
    assert formatted.code == 1 and "partnerskap/lofoten/tiltak.yaml: feil K003" in formatted.err


@pytest.mark.parametrize("name", ["tiltak.yaml", "rapport.yaml", "forum.yaml"])
def test_a_folder_where_a_planning_file_belongs_is_reported(forum: ForumFactory, name: str) -> None:
    """A folder named like a planning file is neither silently skipped (rapport.yaml may be
    absent, so skipping it would hide the report) nor called missing."""
    import shutil

    root = forum()
    path = root / name if name == "forum.yaml" else root / "partnerskap" / "lofoten" / name
    if path.exists():
        path.unlink()
    path.mkdir()
    shutil.copy(root / "partnerskap" / "salten" / "behov.yaml", path / "behov.yaml")
    result = run_komp("validate", root, "--format", "json")
    assert result.code == 1, result.out
    found = [d for d in result.json()["diagnostics"] if d["file"] == path.relative_to(root).as_posix()]
    assert [d["code"] for d in found] == ["K003"], found
    assert "er en mappe" in found[0]["message"] and "mangler" not in found[0]["message"]


def test_a_folder_name_that_is_not_utf8_is_a_located_error(forum: ForumFactory) -> None:
    import os

    root = forum()
    os.rename(root / SALTEN, os.fsdecode(os.fsencode(root / "partnerskap") + b"/sal\xf8ten"))
    for cached in ((), ("--no-cache",)):
        result = run_komp(*cached, "validate", root, "--format", "json")
        assert result.code == 1, result.err
        (diagnostic,) = result.json()["diagnostics"]
        assert diagnostic["code"] == "K003" and diagnostic["file"] == "partnerskap/sal\\xf8ten"
        assert "UTF-8" in diagnostic["message"]
    formatted = run_komp("fmt", "--check", root)
    assert formatted.code == 1 and "intern feil" not in formatted.err


# --- positions --------------------------------------------------------------------------------


def test_a_control_character_after_non_ascii_letters_is_located_by_character(
        forum: ForumFactory) -> None:
    root = forum()
    path = root / SALTEN / "tiltak.yaml"
    text = path.read_text(encoding="utf-8")
    index = text.index("kompetanseløft") + len("kompetanseløft")
    path.write_text(text[:index] + "\x00" + text[index:], encoding="utf-8")
    line = text[:index].count("\n") + 1
    column = index - text.rfind("\n", 0, index)
    (diagnostic,) = run_komp("validate", root, "--format", "json").json()["diagnostics"]
    assert diagnostic["code"] == "K003"
    assert (diagnostic["line"], diagnostic["column"]) == (line, column)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_are_text_not_line_breaks(
        forum: ForumFactory, separator: str) -> None:
    from kompetanse_cli.pipeline.load import load_bytes

    root = forum()
    path = root / SALTEN / "tiltak.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("kompetanseløft", f"kompetanse{separator}løft", 1)
    text = text.replace("type: nettverk", f'type: "nett{separator}verk"', 1)
    path.write_text(text, encoding="utf-8")
    loaded = load_bytes("tiltak.yaml", path.read_bytes())
    assert loaded.diagnostics == []
    assert loaded.data["tiltak"][0]["tittel"].count(separator) == 1
    assert loaded.data["tiltak"][0]["type"] == f"nett{separator}verk"
    # A later finding is on the line an editor and grep -n show, with that line as excerpt.
    lines = text.split("\n")
    number = next(i for i, line in enumerate(lines) if "tilskudd_eier: 700_000" in line) + 1
    lines[number - 1] = lines[number - 1].replace("700_000", '"7 kr"')
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run_komp("validate", root)
    found = [line for line in result.out.splitlines() if ": feil " in line]
    assert "K001" not in {line.split()[2] for line in found}
    assert any(f"{SALTEN}/tiltak.yaml:{number}:24: feil K103" in line for line in found)
    assert f' {number} |         tilskudd_eier: "7 kr"' in result.out


def test_fmt_keeps_unicode_line_separators(forum: ForumFactory) -> None:
    root = forum()
    path = root / SALTEN / "tiltak.yaml"
    text = path.read_text(encoding="utf-8").replace("kompetanseløft", "kompe\u2028tanse\x85løft", 1)
    path.write_text(text, encoding="utf-8")
    result = run_komp("fmt", path)
    assert result.code == 0, result.err
    assert "kompe\u2028tanse\x85løft" in path.read_text(encoding="utf-8")


# --- --aar ------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["innstilling", "plan", "oversikt"])
@pytest.mark.parametrize("aar", ["0", "-1", "99999999999999999999", "1999", "2101"])
def test_a_year_out_of_range_is_a_usage_error(command: str, aar: str) -> None:
    result = run_komp(command, NORDLAND, "--aar", aar)
    assert result.code == 2, result.out[:200]
    assert result.out == ""
    assert "--aar" in result.err and "2000" in result.err and "2100" in result.err


@pytest.mark.parametrize("aar", ["2030", "2020"])
def test_a_year_with_nothing_to_recommend_says_so(aar: str) -> None:
    result = run_komp("innstilling", NORDLAND, "--aar", aar)
    assert result.code == 1
    assert result.out == ""
    assert f"ingen tiltak har budsjett for {aar}" in result.err
    assert "2027" in result.err  # the years that do have measures


def test_a_year_with_measures_other_than_the_forums_is_rendered() -> None:
    result = run_komp("innstilling", NORDLAND, "--aar", "2028")
    assert result.code == 0 and "Innstilling 2028" in result.out


@pytest.mark.parametrize("kind", ["forum", "partnerskap"])
@pytest.mark.parametrize("aar", ["99999", "0", "-3", "2098"])
def test_init_refuses_a_year_its_files_could_not_hold(tmp_path: Path, kind: str, aar: str) -> None:
    target = tmp_path / "ny"
    result = run_komp("init", kind, target, "--aar", aar)
    assert result.code == 2, result.err
    assert "--aar" in result.err
    assert not target.exists()


def test_init_with_the_last_year_it_accepts_validates(tmp_path: Path) -> None:
    target = tmp_path / "ny"
    assert run_komp("init", "forum", target, "--aar", "2097").code == 0
    assert run_komp("validate", target).code == 0


# --- komp diff of a partnership folder --------------------------------------------------------


def _git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: Path, inside: str) -> Path:
    import os
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    root = tmp_path / "repo"
    shutil.copytree(source, root / inside)
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.no",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.no",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "første"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return root


def test_diff_of_a_partnership_folder_is_the_diff_of_its_forum(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _git_repo(tmp_path, monkeypatch, NORDLAND, "forum")
    monkeypatch.chdir(root / "forum")
    unchanged = run_komp("diff", "HEAD", SALTEN, "--format", "json")
    assert unchanged.code == 0, unchanged.err
    assert unchanged.json()["changed"] is False
    assert unchanged.json() == run_komp("diff", "HEAD", "--format", "json").json()
    _break_money(root / "forum")
    path = root / "forum" / SALTEN / "tiltak.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'tilskudd_eier: "700 000 kr"', "tilskudd_eier: 650_000"), encoding="utf-8")
    changed = run_komp("diff", "HEAD", SALTEN, "--format", "json")
    assert changed.code == 0 and changed.json()["changed"] is True
    assert not changed.json().get("added") and changed.json() == run_komp(
        "diff", "HEAD", "--format", "json").json()


def test_diff_of_a_partnership_without_a_forum_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _git_repo(tmp_path, monkeypatch, NORDLAND / SALTEN, "salten")
    monkeypatch.chdir(root)
    result = run_komp("diff", "HEAD", "salten")
    assert result.code == 2
    assert "partnerskap" in result.err and "forum" in result.err


# --- Ctrl-C -----------------------------------------------------------------------------------


def test_ctrl_c_during_a_parallel_validation_is_quiet(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    if sys.platform != "linux":
        pytest.skip("parallel validation runs on Linux only")
    corpus = tmp_path / "korpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(corpus),
                    "--fylker", "2", "--partnerskap", "60"], check=True, capture_output=True)
    komp = Path(sys.executable).with_name("komp")
    process = subprocess.Popen(
        [str(komp), "--no-cache", "validate", str(corpus)], env={**os.environ, "KOMP_JOBS": "2"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    children: list[str] = []
    deadline = time.monotonic() + 20
    while len(children) < 2 and time.monotonic() < deadline and process.poll() is None:
        try:
            with open(f"/proc/{process.pid}/task/{process.pid}/children") as handle:
                children = handle.read().split()
        except OSError:
            children = []
        time.sleep(0.005)
    assert len(children) >= 2, "the workers never started"
    time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # as the terminal does on Ctrl-C: the whole group
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert err.decode() == "avbrutt\n"


# --- smaller things ---------------------------------------------------------------------------


def test_fmt_does_not_count_a_failed_write_as_formatted(forum: ForumFactory) -> None:
    root = forum()
    path = root / SALTEN / "tiltak.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("tilskudd_eier: 700_000",
                                                             'tilskudd_eier: "700000"', 1),
                    encoding="utf-8")
    path.chmod(0o444)
    result = run_komp("fmt", root)
    assert result.code == 1
    assert "kan ikke skrives" in result.err
    assert "0 filer formatert, 14 uendret, 1 fil kunne ikke formateres" in result.err
    assert "formaterte" not in result.out


@pytest.mark.parametrize(("encoding", "bom", "named"), [
    ("utf-16-le", b"", "UTF-16"), ("utf-16-be", b"", "UTF-16"),
    ("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32"), ("utf-32-le", b"", "UTF-32"),
    ("utf-32-be", b"\x00\x00\xfe\xff", "UTF-32"), ("utf-16-le", b"\xff\xfe", "UTF-16")])
def test_utf16_and_utf32_files_are_named_as_such(encoding: str, bom: bytes, named: str) -> None:
    from kompetanse_cli.pipeline.load import load_bytes

    text = (NORDLAND / SALTEN / "behov.yaml").read_text(encoding="utf-8")
    (diagnostic,) = load_bytes("behov.yaml", bom + text.encode(encoding)).diagnostics
    assert diagnostic.code == "K003"
    assert f"lagret som {named}" in diagnostic.message
    assert "Windows-1252" not in diagnostic.message + diagnostic.hint


@pytest.mark.parametrize(("old", "new", "shown"), [
    ("    tittel:", "    tit\u200btel:", "«tit<U+200B>tel»"),
    ("tiltak:\n", "til\u00adtak:\n", "«til<U+00AD>tak» øverst")])
def test_invisible_characters_in_a_key_are_shown(
        forum: ForumFactory, old: str, new: str, shown: str) -> None:
    root = forum()
    path = root / SALTEN / "tiltak.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = run_komp("validate", root)
    assert result.code == 1
    (line,) = [line for line in result.out.splitlines() if "K101" in line]
    assert "\u200b" not in line and "\u00ad" not in line
    assert shown in line
    assert "usynlig" in result.out


def test_fmt_reads_a_tab_after_a_colon(forum: ForumFactory) -> None:
    from kompetanse_cli.pipeline.load import load_bytes

    root = forum()
    path = root / SALTEN / "tiltak.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    tittel: ", "    tittel:\t", 1), encoding="utf-8")
    before = load_bytes("tiltak.yaml", path.read_bytes())
    assert before.diagnostics == []
    result = run_komp("fmt", path)
    assert result.code == 0, result.err
    after = path.read_text(encoding="utf-8")
    assert after == text


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_removed_working_folder_still_gives_the_diagnostics(
    forum: ForumFactory, tmp_path: Path, fmt: str
) -> None:
    import subprocess
    import sys

    root = forum()
    (root / "partnerskap" / "salten" / "tiltak.yaml").write_text("tiltak: [\n", encoding="utf-8")
    gone = tmp_path / "borte"
    gone.mkdir()
    start = (
        "import os, sys\n"
        "os.chdir(sys.argv[1]); os.rmdir(sys.argv[1])\n"
        "from kompetanse_cli.cli import run\n"
        "sys.argv = ['komp'] + sys.argv[2:]\n"
        "run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", start, str(gone), "validate", str(root), "--format", fmt,
         "--no-cache"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "intern feil" not in done.stderr
    assert "K001" in done.stdout
    assert str(root / "partnerskap" / "salten" / "tiltak.yaml") in done.stdout
