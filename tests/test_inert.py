"""User text komp prints is visible and inert: control characters are escaped, and no line
komp writes starts a CI workflow command or a Markdown heading because of what a file says."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import EXAMPLES, ForumFactory, run_komp
from kompetanse_cli.inert import visible

# What a hostile value could carry: clear the screen, go home, overwrite the line, then fake a
# clean result; a new line that starts a GitHub workflow command; a Markdown heading.
HOSTILE = r"\e[2J\e[H\rIngen feil i 13 filer.\n::error::falsk\r# Overskrift\u202e"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
TILTAK = Path("partnerskap/salten/tiltak.yaml")


def _hostile_amount(folder: Path) -> None:
    path = folder / TILTAK
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tilskudd_eier: 700_000", f'tilskudd_eier: "{HOSTILE}"', 1),
                    encoding="utf-8")


def _assert_inert_lines(output: str) -> None:
    assert not CONTROL.search(output), repr(CONTROL.search(output))
    for line in output.split("\n"):
        assert not line.startswith("::error::"), line
        assert not line.lstrip().startswith("# Overskrift"), line


def test_visible_escapes_controls_and_keeps_the_rest() -> None:
    assert visible("a\x1b[2Jb\rc\nd\te\u202ef\x7f") == "a\\x1b[2Jb\\rc\\nd\\te\\u202ef\\x7f"
    assert visible("Lesing i alle fag – «æøå» 🙂") == "Lesing i alle fag – «æøå» 🙂"


def test_text_report_escapes_a_hostile_value(forum: ForumFactory) -> None:
    folder = forum("nordland")
    _hostile_amount(folder)
    result = run_komp("validate", folder)
    assert result.code == 1
    _assert_inert_lines(result.out)
    assert "\\x1b[2J" in result.out  # shown, so the reader sees what the file holds


def test_github_report_has_only_komps_own_workflow_commands(forum: ForumFactory) -> None:
    folder = forum("nordland")
    _hostile_amount(folder)
    result = run_komp("validate", folder, "--format", "github")
    assert result.code == 1
    assert not CONTROL.search(result.out)
    lines = result.out.splitlines()
    assert lines and all(re.match(r"::(error|warning|notice) file=", line) for line in lines)


def test_a_folder_name_cannot_start_a_workflow_command(forum: ForumFactory) -> None:
    folder = forum("nordland")
    path = folder / TILTAK
    path.write_text(path.read_text(encoding="utf-8").replace(
        "tilskudd_eier: 700_000", "tilskudd_eier: -1", 1), encoding="utf-8")
    (folder / "partnerskap" / "salten").rename(folder / "partnerskap" / "x\n::error::falsk")
    result = run_komp("validate", folder)
    assert result.code == 1
    _assert_inert_lines(result.out)
    assert "x\\n::error::falsk" in result.out
    github = run_komp("validate", folder, "--format", "github")
    assert all(re.match(r"::(error|warning|notice) file=", line)
               for line in github.out.splitlines())


def test_a_path_at_the_start_of_a_line_cannot_start_a_workflow_command(
        forum: ForumFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = forum("nordland")
    path = folder / TILTAK
    path.write_text(path.read_text(encoding="utf-8").replace(
        "tilskudd_eier: 700_000", "tilskudd_eier: -1", 1), encoding="utf-8")
    (folder / "partnerskap" / "salten").rename(folder / "partnerskap" / "::error::falsk")
    monkeypatch.chdir(folder / "partnerskap")  # paths are shown from here: «::error::falsk/…»
    result = run_komp("validate", folder)
    assert result.code == 1
    assert "::error::falsk" in result.out  # the path is still shown ...
    for line in result.out.splitlines():
        assert not line.startswith("::"), line  # ... but never as a command


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.no",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.no",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _headings(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


def test_diff_markdown_escapes_a_hostile_title(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "nordland", root / "forum")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "første")
    path = root / "forum" / TILTAK
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tittel: Lesing i alle fag", f'tittel: "{HOSTILE}"', 1),
                    encoding="utf-8")
    monkeypatch.chdir(root)
    for fmt in ("markdown", "text"):
        result = run_komp("diff", "HEAD", "forum", "--format", fmt)
        assert result.code == 0, result.err
        _assert_inert_lines(result.out)
        if fmt == "markdown":
            assert not any(h.startswith("Overskrift") for h in _headings(result.out))


def test_documents_escape_control_characters(forum: ForumFactory) -> None:
    folder = forum("nordland")
    path = folder / TILTAK
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tittel: Lesing i alle fag", f'tittel: "{HOSTILE}"', 1),
                    encoding="utf-8")
    result = run_komp("innstilling", folder)
    assert result.code == 0, result.err
    _assert_inert_lines(result.out)
    assert not any(h.startswith("Overskrift") for h in _headings(result.out))


def test_oversikt_escapes_control_characters_and_markup(forum: ForumFactory) -> None:
    folder = forum("nordland")
    path = folder / "partnerskap" / "salten" / "partnerskap.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("navn: Kompetanseregion Salten",
                                 'navn: "Salten\\e[2J[bold]x[/bold]"', 1), encoding="utf-8")
    assert 'navn: "Salten' in path.read_text(encoding="utf-8")
    result = run_komp("oversikt", folder)
    assert result.code == 0, result.err
    _assert_inert_lines(result.out)
    assert "[bold]x[/bold]" in result.out


def test_fmt_shows_paths_with_control_characters_escaped(forum: ForumFactory) -> None:
    folder = forum("nordland")
    path = folder / "partnerskap" / "salten" / "behov.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    tittel: Leseopplæring på mellomtrinnet",
                                 '    tittel: "Leseopplæring på mellomtrinnet"', 1), "utf-8")
    (folder / "partnerskap" / "salten").rename(folder / "partnerskap" / "x\n::error::falsk")
    for args in (("--check",), ()):
        result = run_komp("fmt", folder, *args)
        _assert_inert_lines(result.out)
        _assert_inert_lines(result.err)
        assert "x\\n::error::falsk" in result.out


@pytest.mark.parametrize("command", ["utbetaling", "innstilling", "oversikt"])
def test_a_path_that_is_no_forum_is_shown_escaped(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "x\x1b[2J\n::error::falsk"
    folder.mkdir()
    result = run_komp(command, folder)
    assert result.code == 2, result.err
    _assert_inert_lines(result.err)
    assert "x\\x1b[2J\\n::error::falsk" in result.err


@pytest.mark.parametrize("args", [
    ("innstilling", "--maler", "m\x1b[2J\n::error::falsk"),
    ("innstilling", "-o", "mappe\x1b[2J\n::error::falsk"),
    ("utbetaling", "-o", "u\x1b[2J\n::error::falsk.txt"),
    ("utbetaling", "-o", "mappe\x1b[2J\n::error::falsk"),
])
def test_a_bad_output_or_template_path_is_shown_escaped(
        forum: ForumFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        args: tuple[str, str, str]) -> None:
    folder = forum("nordland")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mappe\x1b[2J\n::error::falsk").mkdir()
    command, option, path = args
    result = run_komp(command, folder, option, path)
    assert result.code == 2, result.err
    _assert_inert_lines(result.err)
    assert "\\x1b[2J\\n::error::falsk" in result.err


def test_init_and_diff_show_a_bad_path_escaped(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.chdir(tmp_path)
    hostile = "x\x1b[2J\n::error::falsk"
    Path(hostile).write_text("ikke en mappe\n", encoding="utf-8")
    commands = [("init", "forum", hostile)]
    if shutil.which("git") is not None:
        _git(tmp_path, "init", "-q")
        _git(tmp_path, "add", ".")
        _git(tmp_path, "commit", "-q", "-m", "første")
        commands.append(("diff", "HEAD", hostile))
    for args in commands:
        result = run_komp(*args)
        assert result.code == 2, result.err
        assert result.err.startswith(f"komp {args[0]}: "), result.err
        _assert_inert_lines(result.err)
        assert "x\\x1b[2J\\n::error::falsk" in result.err
