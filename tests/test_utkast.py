"""`--utkast`: a measure that cannot be read is still shown, marked ⚠, with what could be read;
the totals say what they leave out, and a draft with errors never says it was decided."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import ForumFactory, run_komp

T1 = "Inkluderende praksis – felles kompetanseløft for barnehage, skole og PPT"


def _unreadable_t1(folder: Path) -> None:
    path = folder / "partnerskap" / "salten" / "tiltak.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tilskudd_eier: 700_000", 'tilskudd_eier: "700 000 kr"', 1),
                    encoding="utf-8")


def _paragraphs(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [t.content.replace("\xa0", " ") for t in tokens if t.type == "inline"]


@pytest.mark.parametrize("maalform", ["nb", "nn"])
def test_a_measure_that_cannot_be_read_is_shown_marked(forum: ForumFactory, maalform: str) -> None:
    folder = forum("nordland")
    _unreadable_t1(folder)
    result = run_komp("innstilling", folder, "--utkast", "--maalform", maalform)
    assert result.code == 0, result.err
    texts = _paragraphs(result.out)
    marked = [t for t in texts if T1 in t]
    assert marked, "T1 appears nowhere in the draft"
    assert all("⚠" in t for t in marked), marked
    # what could be read of it: its scheme and the amount to UH for 2027
    assert any("salten/T1" in t and "350 000 kr" in t for t in texts), texts
    # the totals say what they leave out
    left_out = [t for t in texts if "salten/T1" in t and ("ikke med" in t or "ikkje med" in t)]
    assert left_out, texts


@pytest.mark.parametrize("maalform", ["nb", "nn"])
def test_a_draft_with_errors_never_says_it_was_decided(forum: ForumFactory, maalform: str) -> None:
    folder = forum("nordland")
    _unreadable_t1(folder)
    result = run_komp("innstilling", folder, "--utkast", "--maalform", maalform)
    assert result.code == 0, result.err
    assert "Utkast med feil" in result.out
    assert "Vedtatt" not in result.out and "Vedteken" not in result.out
    assert "konsensus" not in result.out
    plan = run_komp("plan", folder, "--utkast", "--maalform", maalform)
    assert plan.code == 0, plan.err
    assert "Vedtatt" not in plan.out and "Vedteken" not in plan.out


def test_the_banner_names_the_measures_left_out(forum: ForumFactory) -> None:
    folder = forum("nordland")
    _unreadable_t1(folder)
    result = run_komp("innstilling", folder, "--utkast")
    banner = result.out.split("\n\n")[1]
    assert "⚠ Utkast med feil" in banner
    assert "1 tiltak" in banner and "salten/T1" in banner, banner


def test_the_plan_shows_a_measure_that_cannot_be_read(forum: ForumFactory) -> None:
    folder = forum("nordland")
    _unreadable_t1(folder)
    result = run_komp("plan", folder, "--utkast")
    assert result.code == 0, result.err
    texts = _paragraphs(result.out)
    assert any(T1 in t and "⚠" in t and "salten/T1" in t for t in texts), texts


@pytest.mark.parametrize("maalform", ["nb", "nn"])
def test_a_measure_file_that_cannot_be_read_is_named_with_the_totals(
        forum: ForumFactory, maalform: str) -> None:
    folder = forum("nordland")
    path = folder / "partnerskap" / "salten" / "tiltak.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("tiltak:\n", "tiltak: [\n", 1),
                    encoding="utf-8")
    result = run_komp("innstilling", folder, "--utkast", "--maalform", maalform)
    assert result.code == 0, result.err
    texts = _paragraphs(result.out)
    named = [t for t in texts if "partnerskap/salten/tiltak.yaml" in t]
    assert any("⚠" in t for t in named), texts
    assert any("ikke med" in t or "ikkje med" in t for t in named), texts


@pytest.mark.parametrize("maalform", ["nb", "nn"])
def test_a_draft_with_errors_of_a_decided_year_does_not_say_the_vedtak_followed_it(
        forum: ForumFactory, maalform: str) -> None:
    folder = forum("nordland")
    _unreadable_t1(folder)
    result = run_komp("innstilling", folder, "--aar", "2026", "--utkast", "--maalform", maalform)
    assert result.code == 0, result.err
    vedtak = [t for t in _paragraphs(result.out) if "2026/1873" in t]
    assert vedtak and all("filer med feil" in t for t in vedtak), vedtak
    assert "som innstilt" not in result.out
