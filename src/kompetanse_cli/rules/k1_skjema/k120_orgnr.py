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

from ...diagnostics import Severity

CODE = "K120"
SEVERITY = Severity.ERROR
TITLE = "ugyldig organisasjonsnummer"
SOURCE = "Enhetsregisteret: organisasjonsnummer med kontrollsiffer (modulus 11)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
