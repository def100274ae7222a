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

from ...diagnostics import Severity

CODE = "K004"
SEVERITY = Severity.ERROR
TITLE = "dokumentet er ikke en mapping med forventet toppnøkkel"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
