"""libyaml's, ruamel's and jinja2's English put in Norwegian words; the original under --debug."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, ForumFactory, run_komp

SALTEN = "partnerskap/salten"
# Words of the libraries' own messages that must not reach a user without --debug.
ENGLISH = re.compile(r"did not find|could not find|expected|found|unexpected|[Ee]ncountered|"
                     r"\btag\b|filter named|end of template")


@pytest.mark.parametrize(("broken", "norsk", "original"), [
    ("tiltak:\n  - id: [T1, T2\n", "en liste i hakeparenteser er ikke lukket",
     "did not find expected ',' or ']'"),
    ("tiltak:\n  - id: T1\n   tittel: x\n", "ugyldig YAML", "libyaml: "),
    ("tiltak:\n  - id: @T1\n", "et tegn her kan ikke starte en verdi",
     "found character that cannot start any token"),
])
def test_yaml_errors_are_norwegian_with_the_original_under_debug(
        forum: ForumFactory, monkeypatch: pytest.MonkeyPatch, broken: str, norsk: str, original: str) -> None:
    root = forum()
    (root / SALTEN / "tiltak.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(root)
    plain = run_komp("validate", ".")
    assert plain.code == 1
    (line,) = [line for line in plain.out.splitlines() if " K001 " in line]
    assert norsk in line
    assert not ENGLISH.search(plain.out), plain.out
    payload = run_komp("validate", ".", "--format", "json").json()
    assert not ENGLISH.search(" ".join(d["message"] + d["hint"] for d in payload["diagnostics"]))
    debug = run_komp("--debug", "validate", ".")
    assert debug.code == 1
    assert "  detalj: libyaml: " in debug.out and original in debug.out


def test_fmt_keeps_the_yaml_original_for_debug(forum: ForumFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    root = forum()
    (root / SALTEN / "tiltak.yaml").write_text("tiltak:\n  - id: [T1, T2\n", encoding="utf-8")
    monkeypatch.chdir(root)
    plain = run_komp("fmt", "--check", ".")
    assert plain.code == 1 and "en liste i hakeparenteser er ikke lukket" in plain.err
    assert "did not find" not in plain.err
    debug = run_komp("--debug", "fmt", "--check", ".")
    assert "detalj: libyaml: did not find expected ',' or ']'" in debug.err


@pytest.mark.parametrize(("template", "norsk", "original"), [
    ("{% forr x in d %}{% endfor %}", "ukjent tagg «forr»", "Encountered unknown tag 'forr'"),
    ("{{ d | finnesikke }}", "ukjent filter «finnesikke»", "No filter named 'finnesikke'"),
    ("{% for x in d %}", "malen slutter før en blokk er lukket (mangler {% endfor %} eller "
     "{% else %})", "Jinja was looking for the following tags"),
    ("{{ d.x ) }}", "uventet «)»", "unexpected ')'"),
])
def test_template_errors_are_norwegian_with_the_original_under_debug(
        tmp_path: Path, template: str, norsk: str, original: str) -> None:
    (tmp_path / "innstilling.md.j2").write_text(f"x\n{template}\n", "utf-8")
    plain = run_komp("innstilling", EXAMPLES / "nordland", "--maler", tmp_path)
    assert plain.code == 1
    assert "innstilling.md.j2:2: feil i malen: " in plain.err and norsk in plain.err, plain.err
    assert original not in plain.err
    debug = run_komp("--debug", "innstilling", EXAMPLES / "nordland", "--maler", tmp_path)
    assert "  detalj: jinja2: " in debug.err and original in debug.err
