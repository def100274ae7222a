"""Ukjent nøkkel (eller ukjent fil i en partnerskapsmappe).

Hva: en nøkkel som ikke finnes i formatet på dette stedet. Hintet foreslår nærmeste kjente
nøkkel; nøkler skrevet med æ, ø eller å får forslaget med `ae`, `oe` og `aa` (`målgrupper` →
`maalgrupper`). En YAML-fil i en partnerskapsmappe med et annet navn enn de fire kjente gir
også K101.

Hvorfor: en feilstavet nøkkel ville ellers blitt oversett i stillhet, og verdien ville manglet
i innstillingen.

Bestått:
    maalgrupper: [laerere, ledere]

Feiler:
    målgrupper: [laerere, ledere]
"""

from __future__ import annotations

from ...diagnostics import Severity

CODE = "K101"
SEVERITY = Severity.ERROR
TITLE = "ukjent nøkkel"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
