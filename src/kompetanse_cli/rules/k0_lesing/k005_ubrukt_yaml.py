"""En YAML-konstruksjon som planfiler aldri trenger.

Hva: tagger (`!!python/object`, `!include`, `!!binary`), ankere og aliaser (`&a`, `*a`),
sammensatte nøkler, nøsting dypere enn 64 nivåer og filer over 16 MB avvises.

Hvorfor: slike konstruksjoner gjør ikke planene bedre, men kan brukes til å få et verktøy til å
kjøre kode, henge eller bruke opp minnet (en «billion laughs»-fil). komp leser ingenting av dem.

Bestått:
    beskrivelse: Teksten står i filen.

Feiler:
    beskrivelse: !include beskrivelse.md
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, Severity, Span

CODE = "K005"
SEVERITY = Severity.ERROR
TITLE = "en YAML-konstruksjon planfiler aldri trenger"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")


def alias(file: str, span: Span) -> Diagnostic:
    """K005 at an alias («*»), or at the anchored node it repeats."""
    return Diagnostic(file, span, SEVERITY, CODE, "ankere og aliaser (& og *) brukes ikke i planfiler",
                      "skriv verdien ut på hvert sted den trengs", SOURCE)


def too_deep(file: str, span: Span, limit: int) -> Diagnostic:
    """K005 at a node nested `limit` levels deep."""
    return Diagnostic(file, span, SEVERITY, CODE, f"strukturen er nøstet dypere enn {limit} nivåer",
                      "planfiler trenger bare noen få nivåer; sjekk innrykket", SOURCE)


def too_deep_to_read(file: str) -> Diagnostic:
    """K005 for a file nested too deep for the parser itself (brackets in brackets)."""
    return Diagnostic(file, Span(1, 1, 1, 2), SEVERITY, CODE, "strukturen er nøstet for dypt",
                      "planfiler trenger bare noen få nivåer; sjekk parentesene og innrykket",
                      SOURCE)


def complex_key(file: str, span: Span) -> Diagnostic:
    """K005 at a key that is a list or a mapping."""
    return Diagnostic(
        file, span, SEVERITY, CODE,
        "sammensatte nøkler (liste eller mapping som nøkkel) brukes ikke i planfiler",
        "bruk en vanlig tekst eller et årstall som nøkkel", SOURCE,
    )


def tag(file: str, span: Span, shown: str) -> Diagnostic:
    """K005 at a YAML tag (`shown` as written, with «!!» for the standard ones)."""
    return Diagnostic(file, span, SEVERITY, CODE, f"YAML-taggen «{shown}» brukes ikke i planfiler",
                      "fjern taggen; skriv verdien som vanlig tekst, tall eller liste", SOURCE)


def too_large(file: str, size: int, limit: int) -> Diagnostic:
    """K005 for a file of `size` bytes, over the `limit` komp reads."""
    return Diagnostic(
        file, None, SEVERITY, CODE,
        f"filen er {size / (1024 * 1024):.0f} MB; komp leser planfiler på opptil "
        f"{limit // (1024 * 1024)} MB",
        "del innholdet i flere partnerskap, eller sjekk at dette er riktig fil", SOURCE,
    )
