"""Ugyldig organisasjonsnummer.

Hva: et organisasjonsnummer har ni sifre der det siste er et kontrollsiffer (modulus 11 med
vektene 3 2 7 6 5 4 3 2). Et nummer med feil antall sifre eller feil kontrollsiffer gir K120.

Hvorfor: tilskudd utbetales til organisasjonsnummer; en skrivefeil sender pengene feil eller
stopper utbetalingen.

Bestått:
    orgnr: "974760673"

Feiler:
    orgnr: "974760674"
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...diagnostics import Severity

CODE = "K120"
SEVERITY = Severity.ERROR
TITLE = "ugyldig organisasjonsnummer"
SOURCE = "Enhetsregisteret: organisasjonsnummer med kontrollsiffer (modulus 11)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")


# The organisation numbers the field types refuse: their error type → message and hint.
FIELD_MESSAGES: dict[str, Callable[[dict[str, Any]], tuple[str, str]]] = {
    "komp_orgnr_type": lambda f: (f"«{f['shown']}» er ikke et organisasjonsnummer",
                                  "skriv de ni sifrene i anførselstegn, for eksempel \"974760673\""),
    "komp_orgnr_kontrollsiffer": lambda f: (
        f"organisasjonsnummeret {f['text']} har feil kontrollsiffer",
        "sjekk sifrene mot Enhetsregisteret (brreg.no); det siste sifferet stemmer ikke "
        "med de åtte første"),
    "komp_orgnr": lambda f: (f"«{f['shown']}» er ikke et gyldig organisasjonsnummer",
                             "et organisasjonsnummer har ni sifre, for eksempel \"974760673\""),
}
