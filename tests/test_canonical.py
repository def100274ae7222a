"""The fast "already canonical" answer of `komp fmt`: never yes where ruamel would change the file.

The property checked everywhere: when `already_canonical` says True, formatting the text with
ruamel gives the same text back. It is checked on every example and on a generated corpus (where
it must also say True for most files, or it saves nothing), and on many variations of them:
moved, re-indented, re-quoted and commented lines, values YAML reads in other ways, and so on.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT, run_komp
from kompetanse_cli.domain.planfiles import KIND_BY_FILENAME
from kompetanse_cli.fmt import FormatError, format_text
from kompetanse_cli.fmt.canonical import already_canonical
from kompetanse_cli.pipeline.load import load_bytes

sys.path.insert(0, str(ROOT / "bench"))

from generate import generate


def fast(name: str, text: str) -> bool:
    loaded = load_bytes(name, text.encode("utf-8"))
    if loaded.diagnostics:
        return False
    return already_canonical(KIND_BY_FILENAME[name], text, loaded.source_map.root)


def unchanged_by_ruamel(name: str, text: str) -> bool:
    try:
        return format_text(KIND_BY_FILENAME[name], text) == text
    except FormatError:
        return False


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("corpus")
    generate(folder, fylker=2, partnerskap=2)
    files = sorted(folder.rglob("*.yaml")) + sorted(
        p for p in EXAMPLES.rglob("*.yaml") if p.name in KIND_BY_FILENAME)
    return [(p.name, p.read_text(encoding="utf-8")) for p in files]


def test_yes_only_where_ruamel_agrees_and_for_most_generated_files(
        corpus: list[tuple[str, str]]) -> None:
    said_yes = 0
    for name, text in corpus:
        if fast(name, text):
            said_yes += 1
            assert unchanged_by_ruamel(name, text), text
    assert said_yes >= 0.8 * len(corpus)


STEP = 5


def _variants(text: str) -> list[str]:
    """Small changes to a canonical text, each one line at a time."""
    lines = text.split("\n")
    out: list[str] = []
    content = [i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")]
    for i in content[::STEP]:
        line = lines[i]
        stripped = line.lstrip(" ")
        indent = " " * (len(line) - len(stripped))

        def put(*new: str, at: int = i, drop: int = 1) -> None:
            out.append("\n".join(lines[:at] + list(new) + lines[at + drop:]))

        put(" " + line)
        put(line[1:]) if line.startswith(" ") else None
        put(line + " ")
        put(line + "  # merknad")
        put(line + " # merknad")
        put(indent + "# merknad", line)
        put(indent[:-2] + "# merknad", line) if indent else None
        put(indent + "  # merknad", line)
        put("", line)
        put("", "", line)
        put(line, "")
        put(line, indent + "# etter")
        if i + 1 < len(lines):
            put(lines[i + 1], line, drop=2)
        match = re.match(r'( *(?:- )?[a-z_0-9]+: )(.*)$', line)
        if match:
            head, value = match.groups()
            for new in (f'"{value}"', f"'{value}'", value.strip('"'), "0x1F", "yes", "no",
                        "1e3", "12:30", "~", "null", "True", "07", "1_0000", "+5", ".5",
                        '"700000"', "700000", '"2027"', "2027-02-30", "[]", "{}", "a: b",
                        "#x", "- x", "x #y", ">-\n" + indent + "  tekst", "|\n" + indent +
                        "    tekst", ">\n" + indent + "  tekst\n", value + ":", "&a x", "!!str x",
                        '"a\\"b"', '"ø\\n"', "«sitat»", "’x"):
                put(head + new)
        if stripped.startswith("- "):
            put(indent + "-  " + stripped[2:])
            put(indent[:-2] + stripped) if len(indent) >= 2 else None
        if line.endswith(": >-"):
            for header in (">", "|", "|-", ">+", "|2", ">-  # merknad"):
                put(line[:-2] + header)
    out += [text.replace("\n", "\r\n"), "\ufeff" + text, text + "\n", text.rstrip("\n"),
            text.replace("  ", "\t", 1), "---\n" + text, text + "...\n", "%YAML 1.2\n---\n" + text]
    return out


@pytest.mark.parametrize("which", ["tiltak", "partnerskap", "forum", "behov", "prioriteringer"])
def test_yes_only_where_ruamel_agrees_for_variations(
        corpus: list[tuple[str, str]], which: str) -> None:
    name = f"{which}.yaml"
    texts = [text for n, text in corpus if n == name]
    sources = [texts[0], texts[-1]]  # a generated file and an example's
    tried = [(source, variant) for source in sources for variant in _variants(source)]
    said_yes = [variant for source, variant in tried if variant != source and fast(name, variant)]
    assert len(tried) > 100 and said_yes
    # ruamel is slow: an even spread of at most 30 of the variants said to be canonical.
    for variant in said_yes[::max(1, len(said_yes) // 30)]:
        assert unchanged_by_ruamel(name, variant), variant


def test_fmt_check_of_canonical_files_needs_no_round_trip(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kompetanse_cli.fmt.files as fmt

    generate(tmp_path / "corpus", fylker=1, partnerskap=2)
    calls: list[str] = []
    original = format_text

    def spy(kind: Any, text: str, rel: str = "") -> str:
        calls.append(rel)
        return original(kind, text, rel)

    monkeypatch.setattr(fmt, "format_text", spy)
    result = run_komp("fmt", "--check", tmp_path / "corpus")
    assert result.code == 0, result.err
    assert "0 filer ville blitt formatert, 9 uendret" in result.err
    assert len(calls) <= 1  # forum.yaml may need ruamel; the partnerships do not
    tiltak = next((tmp_path / "corpus").rglob("tiltak.yaml"))
    tiltak.write_text(tiltak.read_text(encoding="utf-8").replace("ordning: dekom",
                                                                 'ordning: "dekom"', 1),
                      encoding="utf-8")
    result = run_komp("fmt", "--check", tmp_path / "corpus")
    assert result.code == 1 and "ville formatert" in result.out
