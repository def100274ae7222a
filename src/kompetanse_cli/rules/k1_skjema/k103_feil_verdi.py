"""En verdi har feil type eller er ikke blant de tillatte.

Hva: for eksempel tekst der det skal stå et beløp, en dato som ikke finnes, en ukjent ordning
eller målgruppe, eller et årstall i anførselstegn. Beløp er hele kroner som YAML-heltall
(`1250000` eller `1_250_000`); hintet viser riktig form når beløpet er skrevet som
`"1 250 000 kr"` eller med desimaler.

Hvorfor: beløp og årstall må kunne summeres og sammenlignes nøyaktig.

Bestått:
    tilskudd_eier: 1_250_000

Feiler:
    tilskudd_eier: "1 250 000 kr"
"""

from __future__ import annotations

from ...diagnostics import Severity

CODE = "K103"
SEVERITY = Severity.ERROR
TITLE = "feil type eller verdi"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
