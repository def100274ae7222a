"""Every document of the public YAML test suite, placed as a planning file, gives located
diagnostics (or passes) and never crashes. The suite's own LICENSE travels with the copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA, EXAMPLES, run_komp

SUITE = DATA / "yaml-test-suite"
ERROR_DOCS = sorted((SUITE / "error").glob("*.yaml"))
VALID_DOCS = sorted((SUITE / "valid").glob("*.yaml"))


@pytest.fixture(scope="module")
def partnership(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("suite") / "salten"
    shutil.copytree(EXAMPLES / "nordland" / "partnerskap" / "salten", folder)
    return folder


def _check(partnership: Path, doc: Path, filename: str, must_fail: bool) -> None:
    (partnership / filename).write_bytes(doc.read_bytes())
    result = run_komp("validate", partnership, "--format", "json")
    assert result.code in (0, 1), result.err
    assert result.err == ""
    mine = [d for d in result.json()["diagnostics"] if d["file"] == filename]
    if must_fail:
        assert result.code == 1
        assert mine, "a document the YAML spec rejects must give a diagnostic"
    for diagnostic in mine:
        assert diagnostic["line"] is not None and diagnostic["column"] is not None
        assert diagnostic["code"].startswith("K") and diagnostic["hint"]


def test_the_suite_is_complete_with_its_license() -> None:
    assert (SUITE / "LICENSE").is_file()
    assert len(ERROR_DOCS) >= 90 and len(VALID_DOCS) >= 300


@pytest.mark.parametrize("doc", ERROR_DOCS, ids=lambda p: p.stem)
def test_invalid_yaml_gives_a_located_diagnostic(partnership: Path, doc: Path) -> None:
    _check(partnership, doc, "tiltak.yaml", must_fail=True)


@pytest.mark.parametrize("doc", VALID_DOCS, ids=lambda p: p.stem)
def test_valid_yaml_that_is_not_a_plan_never_crashes(partnership: Path, doc: Path) -> None:
    _check(partnership, doc, "behov.yaml", must_fail=False)
