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

from collections.abc import Callable
from typing import Any

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


_MONEY_HINTS = {
    "desimaler": "skriv hele kroner uten desimaler: {kroner}",
    "broek": "skriv hele kroner som et heltall, for eksempel {kroner}",
    "tekst": "skriv beløpet som et heltall uten mellomrom, «kr» og anførselstegn: {kroner}",
    "oere": "skriv hele kroner som et heltall, for eksempel {kroner}",
    "ukjent": "skriv beløpet i hele kroner som et heltall, for eksempel 1250000 eller 1_250_000",
}
_DATE_FORM = "skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2027-03-15"


def _counties(known: list[tuple[str, str]]) -> str:
    return ", ".join(f"{nr} {navn}" for nr, navn in known)


def _choice_hint(facts: dict[str, Any]) -> str:
    listed = ", ".join(facts["allowed"])
    return f"mente du «{facts['guess']}»? Tillatt: {listed}" if facts["guess"] else f"tillatt: {listed}"


# The values the field types refuse: their error type → message and hint from the facts.
FIELD_MESSAGES: dict[str, Callable[[dict[str, Any]], tuple[str, str]]] = {
    "komp_money_negative": lambda f: (f"beløpet {f['value']} er negativt",
                                      "beløp er hele kroner, 0 eller mer"),
    "komp_money_too_large": lambda f: (
        f"beløpet {f['value']} er urimelig stort (over 100 milliarder kr)",
        "sjekk antall sifre; beløp er hele kroner, f.eks. 1250000"),
    "komp_money": lambda f: (f"«{f['shown']}» er ikke et beløp i hele kroner",
                             _MONEY_HINTS[f["reading"]].format(kroner=f["kroner"])),
    "komp_kommunenummer_type": lambda f: (
        f"«{f['shown']}» er ikke et kommunenummer",
        "skriv de fire sifrene i anførselstegn, for eksempel \"1804\""),
    "komp_kommunenummer_length": lambda f: (
        f"«{f['text']}» er ikke et kommunenummer: det skal ha fire sifre",
        "skriv de fire sifrene i anførselstegn, for eksempel \"0301\" eller \"1804\""),
    "komp_fylkesnummer": lambda f: (
        f"«{f['shown']}» er ikke et fylkesnummer i 2024-strukturen",
        f"skriv fylkesnummeret med to sifre i anførselstegn, ett av: {_counties(f['known'])}"),
    "komp_year_text": lambda f: (f"årstallet «{f['value']}» er skrevet som tekst",
                                 f"skriv årstallet uten anførselstegn: {f['fix']}"),
    "komp_year": lambda f: (
        f"«{f['shown']}» er ikke et årstall",
        f"skriv et årstall mellom {f['minimum']} og {f['maximum']}, for eksempel 2027"),
    "komp_count_too_many": lambda f: (
        f"{f['value']} er urimelig mange (over {f['maximum']:,})".replace(",", " "),
        "sjekk antall sifre; skriv antall personer som et heltall, for eksempel 25"),
    "komp_count": lambda f: (f"«{f['shown']}» er ikke et helt tall (0 eller mer)",
                             "skriv et heltall uten anførselstegn, for eksempel 25"),
    "komp_rank": lambda f: (f"«{f['shown']}» er ikke en gyldig rang",
                            "rang er et heltall fra 1 (høyest prioritert) og oppover"),
    "komp_percent": lambda f: (f"«{f['shown']}» er ikke en prosentandel mellom 0 og 100",
                               "skriv tallet uten prosenttegn, for eksempel 40"),
    "komp_date_invalid": lambda f: (
        f"«{f['value']}» er ikke en gyldig dato",
        f"{_DATE_FORM}, og sjekk at dagen finnes i måneden"),
    "komp_date": lambda f: (f"«{f['shown']}» er ikke en dato", _DATE_FORM),
    "komp_flag": lambda f: (
        f"«{f['shown']}» er ikke true eller false",
        f"skriv true eller false (ikke «{f['word']}»)" if f["word"] else "skriv true eller false"),
    "komp_text": lambda f: (
        f"forventet tekst, fant {f['shown']}",
        "skriv teksten etter kolonet; sett den i anførselstegn om den inneholder «: » eller «#»"),
    "komp_text_empty": lambda f: ("teksten er tom",
                                  "skriv teksten etter kolonet; feltet kan ikke stå tomt"),
    "komp_commit_number": lambda f: (
        f"commit-id-en er lest som tallet {f['shown']}, ikke som tekst",
        "sett commit-id-en i anførselstegn, slik den står nederst i innstillingen, "
        'for eksempel grunnlag: "12e4567"'),
    "komp_id": lambda f: (f"«{f['shown']}» er ikke en gyldig id",
                          "en id er en kort tekst, for eksempel T1 eller bh-hunstad"),
    "komp_choice": lambda f: (f"«{f['shown']}» er ikke en gyldig verdi her", _choice_hint(f)),
}


def not_a_list(file: str, span: Span | None, list_key: str, found: str) -> Diagnostic:
    """K103 for a list file's top key that holds `found` (as shown) instead of a list."""
    return Diagnostic(file, span, SEVERITY, CODE, f"«{list_key}» skal være en liste, men er {found}",
                      f"list hvert element på egen linje med «- » under «{list_key}:»", SOURCE)


def wrong_value(file: str, span: Span | None, label: str, error_type: str, found: str) -> Diagnostic:
    """K103 for the value `found` (as shown) that the model refuses with `error_type`; `label`
    names the key (or is empty)."""
    message, hint = PLAIN_MESSAGES.get(error_type, OTHER_VALUE)
    return Diagnostic(file, span, SEVERITY, CODE, f"{label}{message}, men er {found}", hint, SOURCE)
