"""Reading YAML: 1.2 semantics, positions, refusals."""

from __future__ import annotations

import pytest

from kompetanse_cli.diagnostics import Span
from kompetanse_cli.pipeline.load import load_bytes, resolve_plain


@pytest.mark.parametrize(("text", "value"), [
    ("no", "no"), ("NO", "NO"), ("on", "on"), ("yes", "yes"), ("true", True), ("False", False),
    ("0301", "0301"), ("03", "03"), ("1804", 1804), ("1_250_000", 1250000), ("12:30", "12:30"),
    ("2027-03-15", "2027-03-15"), ("~", None), ("null", None), ("", None), ("1.5", 1.5),
    ("-5", -5), ("0", 0), ("T1", "T1"), ("1 250 000 kr", "1 250 000 kr"),
])
def test_plain_scalars_follow_yaml_1_2(text: str, value: object) -> None:
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_positions_of_keys_and_values_are_one_based() -> None:
    loaded = load_bytes("t.yaml", b"tiltak:\n  - id: T1\n    budsjett:\n      2027: {egenandel: 5}\n")
    assert loaded.ok
    source_map = loaded.source_map
    assert source_map.locate(("tiltak", 0, "id")) == Span(2, 9, 2, 11)
    assert source_map.locate(("tiltak", 0, "budsjett", 2027), key=True) == Span(4, 7, 4, 11)
    assert source_map.locate(("tiltak", 0, "budsjett", 2027, "egenandel")) == Span(4, 25, 4, 26)
    # a missing key falls back to the nearest parent that exists
    assert source_map.locate(("tiltak", 0, "mangler", "dypt")) == Span(2, 5, 5, 1)


def test_duplicate_keys_keep_the_first_and_report_the_second() -> None:
    loaded = load_bytes("t.yaml", b"a: 1\nb: 2\na: 3\n")
    assert loaded.data == {"a": 1, "b": 2}
    (diagnostic,) = loaded.diagnostics
    assert diagnostic.code == "K002" and diagnostic.span == Span(3, 1, 3, 2)
    assert "linje 1" in diagnostic.message


def test_aliases_to_scalars_are_refused_too() -> None:
    loaded = load_bytes("t.yaml", b"a: &x tekst\nb: *x\n")
    assert [d.code for d in loaded.diagnostics] == ["K005"]


def test_explicit_str_tag_is_harmless_but_other_tags_are_refused() -> None:
    assert load_bytes("t.yaml", b"a: !!str 0301\n").data == {"a": "0301"}
    assert [d.code for d in load_bytes("t.yaml", b"a: !!binary aGVp\n").diagnostics] == ["K005"]
    assert [d.code for d in load_bytes("t.yaml", b"a: !!int 5\n").diagnostics] == ["K005"]


def test_tab_indentation_is_a_located_syntax_error() -> None:
    (diagnostic,) = load_bytes("t.yaml", b"a:\n\t- b\n").diagnostics
    assert diagnostic.code == "K001" and diagnostic.span is not None and diagnostic.span.line == 2
    assert "tabulator" in diagnostic.hint


def test_a_number_of_thousands_of_digits_stays_text_instead_of_failing() -> None:
    assert resolve_plain("9" * 5000) == "9" * 5000
    loaded = load_bytes("t.yaml", b"rang: " + b"9" * 5000 + b"\n")
    assert loaded.ok and loaded.data == {"rang": "9" * 5000}
