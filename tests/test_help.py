"""Help in Norwegian for every command, whatever typer and click versions are installed."""

from __future__ import annotations

import re

import pytest
import typer

from conftest import run_komp
from kompetanse_cli.cli.app import app

# What typer and click print in English when their own texts leak through, and the type
# placeholders they make up when a parameter has no metavar of its own.
ENGLISH = re.compile(
    r"Usage|Options|Arguments|Commands|Show this message|default:|required|Install completion|"
    r"Show completion|Missing|Error|Try |\[OPTIONS\]|COMMAND|\bARGS\b|list\[|"
    r"<(?:str|int|float|bool|path|text|[a-z_]+\|[a-z_|]+)>|\b(?:TEXT|INTEGER|PATH|FILE|BOOLEAN|FLOAT)\b")


def _commands() -> list[tuple[str, ...]]:
    group = typer.main.get_command(app)
    out: list[tuple[str, ...]] = [()]

    def walk(command: object, path: tuple[str, ...]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            out.append((*path, name))
            walk(sub, (*path, name))

    walk(group, ())
    return out


COMMANDS = _commands()


def test_every_command_is_walked() -> None:
    assert {"validate", "fmt", "init", "diff", "schema"} <= {c[0] for c in COMMANDS if c}


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "komp")
def test_help_has_no_english_and_shows_an_example(path: tuple[str, ...]) -> None:
    result = run_komp(*path, "-h")
    assert result.code == 0, result.err
    text = result.out
    assert text.startswith(f"Bruk: {' '.join(('komp', *path))} [VALG]")
    english = [match.group() for match in ENGLISH.finditer(text)]
    assert not english, english
    assert "Vis denne hjelpen og avslutt." in text
    if path:
        example = re.search(r"Eksempel:|Eksempler:", text)
        assert example is not None and f"komp {path[0]}" in text[example.end():]


def test_bare_komp_prints_the_help_on_standard_output() -> None:
    bare, helped = run_komp(), run_komp("-h")
    assert bare.code == 0 and bare.err == ""
    assert bare.out == helped.out
    assert len(bare.out.splitlines()) > 10  # laid out on lines, not one line of text


def test_defaults_and_real_placeholders_are_shown() -> None:
    text = run_komp("validate", "-h").out
    assert re.search(r"-f, --format FORMAT +Utdataformat", text)
    assert "[standard: text]" in text
    assert "Bruk: komp validate [VALG] [MAPPE]..." in text
    assert "--aar ÅR" in run_komp("innstilling", "-h").out


def test_click_text_is_kept_under_debug_only() -> None:
    plain = run_komp("validate", "--format", "xml")
    debug = run_komp("--debug", "validate", "--format", "xml")
    assert "click:" not in plain.err
    assert "(click: " in debug.err
    assert plain.err.splitlines()[-1] == debug.err.splitlines()[-2]


def test_schema_help_names_every_file_type_it_writes_and_its_default_once() -> None:
    from kompetanse_cli.domain.planfiles import KINDS

    text = run_komp("schema", "-h").out
    missing = [kind.filename for kind in KINDS if kind.name not in text]
    assert not missing, missing
    assert text.count("standard: .komp/schemas") == 1, text
