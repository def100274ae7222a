"""Filen er ikke gyldig YAML.

Hva: komp leser hver planfil med en YAML-parser. Finner parseren en feil (ujevnt innrykk, et
kolon som ikke kan stå der, en tekst som ikke er lukket), rapporteres den på plassen parseren
stoppet.

Hvorfor: resten av kontrollene trenger innholdet; en fil som ikke kan leses, kan ikke vurderes.

Bestått:
    tittel: "Lesing: nøkkel til læring"

Feiler:
    tittel: Lesing: nøkkel til læring
"""

from __future__ import annotations

from ...diagnostics import Severity

CODE = "K001"
SEVERITY = Severity.ERROR
TITLE = "filen er ikke gyldig YAML"
SOURCE = "YAML 1.2 (yaml.org/spec/1.2.2)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
