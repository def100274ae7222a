"""komp fmt keeps every comment wherever it stands, or leaves the file as it is and says why."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_komp
from kompetanse_cli.domain.planfiles import BEHOV, FORUM, TILTAK
from kompetanse_cli.fmt import FormatError, comments_of, format_text, same_data
from kompetanse_cli.pipeline.load import load_bytes
from test_fmt import _FORUM_FILE, _TILTAK_FILE, _Writer

HEADER = ("# yaml-language-server: $schema=../../schemas/behov.schema.json\n"
          "# Behovene i Salten\n"
          "---\n")


def test_comments_before_the_document_start_are_kept() -> None:
    text = HEADER + "behov:\n- id: B1   # første\n  tittel: a\n"
    once = format_text(BEHOV, text)
    assert once.startswith(HEADER)
    assert "# første" in once


def test_comments_after_the_document_end_are_kept() -> None:
    text = "behov: []\n...\n# slutt\n# helt slutt\n"
    assert format_text(BEHOV, text) == text


def test_comments_inside_a_flow_mapping_are_kept_above_it() -> None:
    text = "behov:\n  - {id: B1,  # c\n     tittel: a,  # d\n     dato: 2026-11-10}\n"
    once = format_text(BEHOV, text)
    assert sorted(comments_of(once)) == ["# c", "# d"], once
    assert once.index("# c") < once.index("id: B1"), once
    assert format_text(BEHOV, once) == once


def test_comments_inside_flow_collections_are_kept() -> None:
    text = ("behov: [ {id: B1, tittel: a},  # en\n  {id: B2, tittel: b},  # to\n"
            "  {id: B3, tittel: c} ]  # tre\n")
    once = format_text(BEHOV, text)
    assert sorted(comments_of(once)) == ["# en", "# to", "# tre"], once
    assert format_text(BEHOV, once) == once


def test_a_result_that_would_lose_a_comment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import kompetanse_cli.fmt.text as fmt

    real = fmt._format_once
    monkeypatch.setattr(fmt, "_format_once",
                        lambda kind, text, rel: real(kind, text, rel).replace("  # en", ""))
    with pytest.raises(FormatError, match="kommentaren «# en»"):
        format_text(BEHOV, "behov: []  # en\n")


def test_a_comment_above_a_key_after_a_block_scalar_stays_above_that_key() -> None:
    text = ("behov:\n  - id: B1\n    beskrivelse: |\n      tekst\n      mer\n"
            "    # om tittel\n    tittel: a\n")
    once = format_text(BEHOV, text)
    lines = once.splitlines()
    assert lines[lines.index("    # om tittel") + 1] == "    tittel: a", once


def test_crlf_files_come_out_with_crlf_throughout() -> None:
    text = "behov:\r\n- tittel: a  # c\r\n  id: B1\r\n"
    once = format_text(BEHOV, text)
    assert once.count("\r\n") == once.count("\n"), repr(once)
    assert once == format_text(BEHOV, once)


def test_the_safety_check_compares_comments() -> None:
    assert comments_of("a: 1  # x\n# y\nb: '# ikke'\nc: |\n  # ikke heller\n") == ["# x", "# y"]


def test_fmt_check_does_not_call_a_file_clean_after_losing_a_comment(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    path = folder / "behov.yaml"
    text = HEADER + "behov: []\n...\n# slutt\n"
    path.write_text(text, encoding="utf-8")
    assert run_komp("fmt", path).code == 0
    assert path.read_text(encoding="utf-8") == text


# --- property: comments in every position ----------------------------------------------------


class _CommentWriter(_Writer):
    """_Writer, plus comments inside flow sequences and mappings, and block scalars for text."""

    def entry(self, head: str, value: Any, indent: int) -> list[str]:
        pad = " " * (indent + 2)
        if isinstance(value, str) and value and value.isprintable() \
                and value == value.strip() and self.draw(st.booleans()):
            return [f"{head} |-", f"{pad}{value}"]
        if isinstance(value, list) and value and all(
                not isinstance(v, (dict, list)) for v in value) and self.draw(st.booleans()):
            lines = [f"{head} ["]
            for position, item in enumerate(value):
                comma = "," if position + 1 < len(value) else ""
                eol = f"  # {self.comment()}" if self.draw(st.booleans()) else ""
                lines.append(f"{pad}{self.scalar(item)}{comma}{eol}")
            lines.append(f"{pad[:-2]}]")
            return lines
        if isinstance(value, dict) and value and all(
                not isinstance(v, (dict, list)) for v in value.values()) \
                and self.draw(st.booleans()):
            lines = [f"{head} {{"]
            keys = list(value)
            for position, key in enumerate(keys):
                comma = "," if position + 1 < len(keys) else ""
                eol = f"  # {self.comment()}" if self.draw(st.booleans()) else ""
                lines.append(f"{pad}{self.scalar(key)}: {self.scalar(value[key])}{comma}{eol}")
            lines.append(f"{pad[:-2]}}}")
            return lines
        return super().entry(head, value, indent)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), which=st.sampled_from(["tiltak", "forum"]))
def test_fmt_keeps_every_comment_and_value_and_settles(data: st.DataObject, which: str) -> None:
    kind = TILTAK if which == "tiltak" else FORUM
    strategy: st.SearchStrategy[dict[str, Any]] = _TILTAK_FILE if which == "tiltak" else _FORUM_FILE
    value = data.draw(strategy)
    writer = _CommentWriter(data.draw)
    lines = []
    explicit = data.draw(st.booleans())
    if explicit:
        lines += [f"# {writer.comment()}", "# yaml-language-server: $schema=schema.json", "---"]
    lines += writer.mapping(value, 0)
    if data.draw(st.booleans()):
        lines += ["...", f"# {writer.comment()}"]
    newline = data.draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + newline
    loaded = load_bytes("x.yaml", text.encode("utf-8"))
    assert not loaded.diagnostics, text
    assert same_data(loaded.data, value), text

    once = format_text(kind, text)
    after = load_bytes("x.yaml", once.encode("utf-8"))
    assert not after.diagnostics, once
    assert same_data(after.data, loaded.data), (text, once)
    assert format_text(kind, once) == once, (text, once)
    assert sorted(comments_of(once)) == sorted(comments_of(text)), (text, once)
    for comment in writer.comments:
        assert len(re.findall(rf"# {comment}(?!\d)", once)) == 1, (comment, text, once)
    assert once.count("\n") == once.count(newline), repr(once)
