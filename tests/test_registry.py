"""The rule registry: every catalogue code is implemented, documented and has rule cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kompetanse_cli.diagnostics import Severity
from kompetanse_cli.rules import ALL_SCHEMES, RULES, RULES_BY_CODE
from kompetanse_cli.rules.docs import SECTIONS, parse_doc

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
# The rule catalogue of the domain description, copied into the repository (tests/data), and
# the description itself where it is at hand next to the repository.
CATALOGUE_MD = Path(__file__).resolve().parent / "data" / "regelkatalog.md"
DOMAIN_MD = ROOT.parent / "shared" / "DOMAIN.md"

# The catalogue's codes that are implemented (code → severity F/A/I);
# test_catalogue_copy_matches_domain_md keeps it in step with the catalogue.
CATALOGUE = {
    "K001": "F", "K002": "F", "K003": "F", "K004": "F", "K005": "F", "K006": "F",
    "K101": "F", "K102": "F", "K103": "F", "K120": "F", "K121": "F", "K130": "A",
    "K201": "F", "K202": "F", "K203": "F", "K204": "F", "K205": "F", "K206": "A", "K207": "F",
    "K301": "F", "K302": "F", "K303": "F", "K304": "A", "K305": "F", "K306": "A", "K307": "F",
    "K308": "F", "K309": "A", "K310": "F", "K311": "A", "K312": "F", "K313": "A", "K314": "F",
    "K401": "F", "K402": "F", "K403": "F", "K404": "F", "K405": "F", "K406": "A", "K407": "F",
    "K408": "A", "K409": "A", "K410": "A", "K411": "A", "K412": "F", "K413": "A",
    "K414": "A", "K415": "I", "K416": "A", "K417": "A", "K418": "I", "K419": "F", "K420": "A",
    "K421": "A",
    "K501": "F", "K502": "F", "K503": "A", "K504": "F", "K505": "A", "K506": "I",
}
# Codes the project added beyond DOMAIN.md's catalogue (same layers and meaning rules).
PROJECT_ONLY: dict[str, str] = {"K130": "A", "K314": "F", "K421": "A"}
# Codes DOMAIN.md lists that are not implemented yet: named here, so that a code added to the
# catalogue, or a rule implemented without its entry above, makes the test fail.
NOT_YET: set[str] = set()
SEVERITY = {"F": Severity.ERROR, "A": Severity.WARNING, "I": Severity.INFO}
CODES = [rule.code for rule in RULES]


def _cases() -> dict[str, list[tuple[str, list[object]]]]:
    """Case files by the rule they test: (file stem, expected diagnostics)."""
    out: dict[str, list[tuple[str, list[object]]]] = {}
    for path in sorted(CASES.glob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.setdefault(case["regel"], []).append((path.stem, case.get("forventer") or []))
    return out


def test_codes_are_unique_well_formed_and_in_order() -> None:
    assert len(CODES) == len(set(CODES))
    assert all(re.fullmatch(r"K\d{3}", code) for code in CODES)
    assert sorted(CODES) == CODES


def test_every_catalogue_code_is_implemented_with_its_severity() -> None:
    assert sorted(CATALOGUE) == sorted(CODES)
    for code, sev in CATALOGUE.items():
        assert RULES_BY_CODE[code].severity is SEVERITY[sev], code


def _catalogue_table(path: Path) -> dict[str, str]:
    """The rule catalogue's rows in a Markdown file: code → severity."""
    text = path.read_text(encoding="utf-8")
    return dict(re.findall(r"^\| (K\d{3}) \| ([FAI]) \|", text, flags=re.MULTILINE))


def test_catalogue_copy_matches_domain_md() -> None:
    """Every code both list has the same severity in both; the codes the domain's catalogue lists
    that are not implemented yet, and the project's own codes, are named above. The catalogue is
    the repository's copy; where DOMAIN.md itself is at hand, the copy must still be its table."""
    table = _catalogue_table(CATALOGUE_MD)
    assert len(table) > 50 and "K001" in table and "K506" in table
    if DOMAIN_MD.is_file():
        assert _catalogue_table(DOMAIN_MD) == table, f"{CATALOGUE_MD} is no longer {DOMAIN_MD}'s table"
    assert {code: table[code] for code in CATALOGUE if code in table} == \
        {code: sev for code, sev in CATALOGUE.items() if code in table}
    assert sorted(set(CATALOGUE) - set(table)) == sorted(PROJECT_ONLY)
    assert sorted(set(table) - set(CATALOGUE)) == sorted(NOT_YET)


@pytest.mark.parametrize("code", CODES)
def test_rule_has_title_source_and_schemes(code: str) -> None:
    rule = RULES_BY_CODE[code]
    assert rule.title.strip()
    assert rule.source.strip()
    assert rule.schemes
    assert set(rule.schemes) <= set(ALL_SCHEMES)
    if code >= "K2":
        assert rule.check is not None, f"{code} mangler check()"
        assert rule.scope in ("partnerskap", "forum")


@pytest.mark.parametrize("code", CODES)
def test_rule_docstring_has_the_four_sections(code: str) -> None:
    doc = parse_doc(RULES_BY_CODE[code].doc)
    assert doc.summary
    for section in SECTIONS:
        assert doc.sections.get(section), f"{code}: dokumentasjonen mangler «{section}»"


@pytest.mark.parametrize("code", CODES)
def test_rule_has_a_failing_and_a_passing_case(code: str) -> None:
    cases = _cases().get(code, [])
    assert any(expected for _, expected in cases), (
        f"{code}: ingen feilende regeltilfelle i tests/cases/ (f.eks. {code}-feiler-….yaml)")
    if RULES_BY_CODE[code].check is not None:
        assert any(not expected for _, expected in cases), (
            f"{code}: ingen bestått-tilfelle i tests/cases/ (f.eks. {code}-bestaar-….yaml)")


def test_case_files_are_named_after_their_rule() -> None:
    for path in sorted(CASES.glob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert case["regel"] in RULES_BY_CODE, path.name
        prefix = path.stem.split("-")[0]
        assert case["regel"].startswith(prefix), f"{path.name} tester {case['regel']}"


def test_each_rule_module_is_named_and_placed_by_its_code() -> None:
    from importlib import import_module

    from kompetanse_cli.pipeline.runner import known_codes
    from kompetanse_cli.rules import _MODULE_NAMES

    for name in _MODULE_NAMES:
        layer, module = name.split(".")
        code = import_module(f"kompetanse_cli.rules.{name}").CODE
        assert module.startswith(f"{code.lower()}_"), name
        assert layer.startswith(f"{code[:2].lower()}_"), name
    assert known_codes() == CODES
