"""Ukjent kommunenummer.

Hva: kommunenummeret finnes ikke i kommuneinndelingen fra 1. januar 2024 (357 kommuner).

Hvorfor: kommunenummeret knytter eieren til fylket og til forvaltningsområdet for samiske
språk; et gammelt nummer fra før 2024 gir feil i begge.

Bestått:
    kommunenummer: "1804"

Feiler:
    kommunenummer: "1805"
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...diagnostics import Severity

CODE = "K121"
SEVERITY = Severity.ERROR
TITLE = "ukjent kommunenummer"
SOURCE = "SSB, Klass 131: kommuneinndeling fra 1. januar 2024"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")


# The kommunenummer the field types refuse as unknown: their error type → message and hint.
FIELD_MESSAGES: dict[str, Callable[[dict[str, Any]], tuple[str, str]]] = {
    "komp_kommunenummer": lambda f: (
        f"kommunenummeret {f['text']} finnes ikke i 2024-strukturen",
        "sjekk nummeret i SSBs kommuneliste; etter 2024 har mange kommuner nytt nummer"),
}
