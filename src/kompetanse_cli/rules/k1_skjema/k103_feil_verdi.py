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

from ...diagnostics import Diagnostic, Severity, Span

CODE = "K103"
SEVERITY = Severity.ERROR
TITLE = "feil type eller verdi"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")


# What the models' own error types mean, for a value without a message of its own.
PLAIN_MESSAGES = {
    "list_type": ("skal være en liste", "list elementene med «- » på hver sin linje, eller [a, b]"),
    "dict_type": ("skal være en mapping (nøkkel: verdi)", "skriv nøkler med innrykk under denne"),
    "model_type": ("skal være en mapping (nøkkel: verdi)", "skriv nøkler med innrykk under denne"),
    "model_attributes_type": ("skal være en mapping (nøkkel: verdi)",
                              "skriv nøkler med innrykk under denne"),
    "too_short": ("kan ikke være tom", "før opp minst ett element"),
}
OTHER_VALUE = ("har en ugyldig verdi", "se JSON-skjemaet (`komp schema`) for hva som er tillatt her")


def not_a_list(file: str, span: Span | None, list_key: str, found: str) -> Diagnostic:
    """K103 for a list file's top key that holds `found` (as shown) instead of a list."""
    return Diagnostic(file, span, SEVERITY, CODE, f"«{list_key}» skal være en liste, men er {found}",
                      f"list hvert element på egen linje med «- » under «{list_key}:»", SOURCE)


def wrong_value(file: str, span: Span | None, label: str, error_type: str, found: str) -> Diagnostic:
    """K103 for the value `found` (as shown) that the model refuses with `error_type`; `label`
    names the key (or is empty)."""
    message, hint = PLAIN_MESSAGES.get(error_type, OTHER_VALUE)
    return Diagnostic(file, span, SEVERITY, CODE, f"{label}{message}, men er {found}", hint, SOURCE)
