"""A diagnostic as JSON: the cache keeps every part of it and gets the same diagnostic back."""

from __future__ import annotations

import json

import pytest

from kompetanse_cli.diagnostics import RECORD_KEYS, REPORT_KEYS, Diagnostic, Fix, Severity, Span

WITH_FIX = Diagnostic("partnerskap/a/tiltak.yaml", Span(3, 5, 3, 12), Severity.WARNING, "K101",
                      "ukjent nøkkel «titel»", "mente du «tittel»?", "k101", "ruamel: x",
                      Fix("Bytt til «tittel»", "tittel", Span(3, 5, 3, 10)))


@pytest.mark.parametrize("diagnostic", [
    WITH_FIX,
    Diagnostic("forum.yaml", None, Severity.ERROR, "K003", "filen kan ikke leses", "sjekk", "k003"),
    Diagnostic("forum.yaml", Span(1, 1, 1, 2), Severity.INFO, "K504", "m", "h", "s",
               fix=Fix("Skriv 30", "30")),
])
def test_a_kept_diagnostic_comes_back_as_it_was(diagnostic: Diagnostic) -> None:
    record = json.loads(json.dumps(diagnostic.to_json(RECORD_KEYS)))
    assert Diagnostic.from_json(record) == diagnostic


def test_the_report_form_has_the_report_keys_in_order_and_no_detail_or_fix() -> None:
    shown = WITH_FIX.to_json(path="../partnerskap/a/tiltak.yaml")
    assert tuple(shown) == REPORT_KEYS
    assert shown["path"] == "../partnerskap/a/tiltak.yaml" and shown["end_column"] == 12
