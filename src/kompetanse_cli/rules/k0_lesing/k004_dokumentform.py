"""Dokumentet har ikke den formen filen skal ha.

Hva: hver planfil er ett YAML-dokument som er en mapping: forum.yaml og partnerskap.yaml med
nøkler øverst, behov.yaml, prioriteringer.yaml og tiltak.yaml med én nøkkel (`behov`,
`prioriteringer`, `tiltak`) som holder en liste. En tom fil, en fil med flere dokumenter
(skilt med `---`), eller en fil som bare er en liste eller en tekst, gir K004.

Hvorfor: komp må vite hvor innholdet står for å kunne kontrollere det.

Bestått:
    tiltak:
      - id: T1
        ...

Feiler:
    - id: T1
      ...
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, Severity, Span

CODE = "K004"
SEVERITY = Severity.ERROR
TITLE = "dokumentet er ikke en mapping med forventet toppnøkkel"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")


def several_documents(file: str, span: Span) -> Diagnostic:
    """K004 at the second document of a file (after «---»)."""
    return Diagnostic(
        file, span, SEVERITY, CODE, "filen inneholder flere YAML-dokumenter (skilt med «---»)",
        "en planfil er ett dokument: fjern «---» og slå innholdet sammen, eller del det i flere mapper",
        SOURCE,
    )


def empty(file: str) -> Diagnostic:
    """K004 for a file with no YAML content at all."""
    return Diagnostic(file, Span(1, 1, 1, 2), SEVERITY, CODE, "filen er tom",
                      "skriv innholdet filen skal ha (se `komp init`), eller slett filen", SOURCE)


def _top_hint(filename: str, list_key: str | None) -> str:
    if list_key:
        return (f"start filen med «{list_key}:» og list elementene under med «- »; "
                "se `komp init partnerskap`")
    return f"se filene `komp init` lager, for hvordan {filename} ser ut"


def empty_document(file: str, span: Span | None, filename: str, list_key: str | None) -> Diagnostic:
    """K004 for a document that is only `~`, `null` or `---`."""
    return Diagnostic(file, span, SEVERITY, CODE, f"{filename} er tom",
                      _top_hint(filename, list_key), SOURCE)


def not_a_mapping(file: str, span: Span | None, filename: str, list_key: str | None,
                  found: str) -> Diagnostic:
    """K004 for a document that is a list or a text (`found`, as shown) instead of a mapping."""
    expected = f"nøkkelen «{list_key}:» øverst" if list_key else "nøkler øverst"
    return Diagnostic(file, span, SEVERITY, CODE,
                      f"{filename} skal være en mapping med {expected}, men inneholder {found}",
                      _top_hint(filename, list_key), SOURCE)


def missing_list_key(file: str, span: Span | None, filename: str, list_key: str) -> Diagnostic:
    """K004 for a list file without its one top key."""
    return Diagnostic(file, span, SEVERITY, CODE, f"{filename} mangler nøkkelen «{list_key}» øverst",
                      _top_hint(filename, list_key), SOURCE)
