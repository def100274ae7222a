"""The fix a diagnostic carries (the editor's quick fix): applied to the file, it must give a
file komp accepts, with the amount the user meant, and nothing else changed.

The fixes are read from the pipeline and applied to the file's text the way an editor applies
a text edit; the language server's side (ranges in UTF-16) is tested in test_lsp.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ForumFactory
from kompetanse_cli.diagnostics import Diagnostic
from kompetanse_cli.pipeline import validate

TILTAK = "partnerskap/salten/tiltak.yaml"


def _diagnostics(root: Path, rel: str, code: str) -> list[Diagnostic]:
    report = validate([root])
    return [d for d in report.diagnostics if d.file == rel and d.code == code]


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[:line - 1]) + column - 1


def _apply(path: Path, diagnostic: Diagnostic) -> str:
    assert diagnostic.fix is not None and diagnostic.fix.span is not None
    span = diagnostic.fix.span
    text = path.read_text(encoding="utf-8")
    start = _offset(text, span.line, span.column)
    end = _offset(text, span.end_line, span.end_column)
    fixed = text[:start] + diagnostic.fix.text + text[end:]
    path.write_text(fixed, encoding="utf-8")
    return fixed


def _with(root: Path, rel: str, old: str, new: str) -> Path:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("written", ['"1,250,000"', '"12.50 kr"', '"1.5"', '"700 000,50 kr"',
                                     '"1 250.000"'])
def test_an_amount_with_more_than_one_reading_gets_no_fix(forum: ForumFactory, written: str) -> None:
    root = forum()
    _with(root, TILTAK, "tilskudd_eier: 700_000", f"tilskudd_eier: {written}")
    (found,) = _diagnostics(root, TILTAK, "K103")
    assert found.fix is None, found.fix
    # nor does the hint name one amount as the answer
    assert "anførselstegn:" not in found.hint, found.hint


@pytest.mark.parametrize(("written", "meant"), [('"700 000 kr"', 700_000),
                                                ('"1.250.000"', 1_250_000),
                                                ('"kr 1 250 000,-"', 1_250_000),
                                                ('"1250000,00"', 1_250_000)])
def test_an_amount_with_one_reading_is_fixed_to_that_amount(forum: ForumFactory, written: str,
                                                            meant: int) -> None:
    root = forum()
    path = _with(root, TILTAK, "tilskudd_eier: 700_000", f"tilskudd_eier: {written}")
    (found,) = _diagnostics(root, TILTAK, "K103")
    _apply(path, found)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["tiltak"][0]["budsjett"][2027][
        "tilskudd_eier"] == meant
    assert _reading_errors(root, TILTAK) == []


def _reading_errors(root: Path, rel: str) -> list[str]:
    """The K0xx and K1xx findings in one file: what a fix must never leave behind."""
    return [f"{d.code} {d.message}" for d in validate([root]).diagnostics
            if d.file == rel and d.code.startswith(("K0", "K1"))]


def test_a_misspelt_key_next_to_the_right_one_gets_no_fix_that_writes_it_twice(
        forum: ForumFactory) -> None:
    root = forum()
    _with(root, TILTAK, "    maalgrupper:\n", "    maalgruper: [ledere]\n    maalgrupper:\n")
    (found,) = _diagnostics(root, TILTAK, "K101")
    assert found.fix is None
    assert "«maalgrupper» står allerede her" in found.hint


def test_a_misspelt_top_key_next_to_the_right_one_gets_no_fix(forum: ForumFactory) -> None:
    root = forum()
    _with(root, TILTAK, "tiltak:\n", "tiltk: []\ntiltak:\n")
    (found,) = _diagnostics(root, TILTAK, "K101")
    assert found.fix is None
    assert "«tiltak» står allerede" in found.hint


def test_a_misspelt_key_alone_is_fixed_to_a_file_komp_reads(forum: ForumFactory) -> None:
    root = forum()
    path = _with(root, TILTAK, "    maalgrupper:\n", "    maalgruper:  # målgruppene\n")
    (found,) = _diagnostics(root, TILTAK, "K101")
    fixed = _apply(path, found)
    assert "    maalgrupper:  # målgruppene\n" in fixed
    assert _reading_errors(root, TILTAK) == []
