"""`komp regler`: the rule list, one rule's documentation, and the generated docs/regler.md."""

from __future__ import annotations

from conftest import ROOT, run_komp
from kompetanse_cli.rules import RULES
from kompetanse_cli.rules.docs import REGENERATE, markdown


def test_regler_lists_every_rule_with_severity_and_title() -> None:
    result = run_komp("regler")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    for rule in RULES:
        line = next(line for line in lines if line.startswith(rule.code + " "))
        assert rule.severity.norsk in line
        assert rule.title in line
    assert "K401  feil      dekom " in result.out
    assert "K406  advarsel  dekom, rekom, komsip " in result.out


def test_regler_with_a_code_prints_its_documentation_and_source() -> None:
    result = run_komp("regler", "K401")
    assert result.code == 0, result.err
    assert result.out.startswith("K401 (feil): egenandel under 30 % av tilskudd_eier")
    assert "Kilde: Statsforvalteren i Innlandet" in result.out
    for section in ("Hva:", "Hvorfor:", "Bestått:", "Feiler:"):
        assert section in result.out


def test_regler_accepts_a_lower_case_code() -> None:
    assert run_komp("regler", "k308").out.startswith("K308 (feil)")


def test_regler_with_an_unknown_code_is_a_usage_error() -> None:
    result = run_komp("regler", "K999")
    assert result.code == 2
    assert result.out == ""
    assert "ukjent regelkode «K999»" in result.err


def test_regler_markdown_prints_the_rule_reference() -> None:
    result = run_komp("regler", "--markdown")
    assert result.code == 0, result.err
    assert result.out == markdown()
    assert all(f"## {rule.code}\n" in result.out for rule in RULES)


def test_docs_regler_md_is_up_to_date() -> None:
    path = ROOT / "docs" / "regler.md"
    assert path.is_file(), f"docs/regler.md mangler: kjør `{REGENERATE}`"
    assert path.read_text(encoding="utf-8") == markdown(), (
        f"docs/regler.md er utdatert: kjør `{REGENERATE}` og se over endringene")


def test_regler_kilder_shows_each_rules_source_under_it() -> None:
    from kompetanse_cli.rules import RULES

    lines = run_komp("regler", "--kilder").out.splitlines()
    for rule in RULES:
        row = next(i for i, line in enumerate(lines) if line.startswith(rule.code + " "))
        assert lines[row + 1].strip() == f"kilde: {rule.source}"
