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

from ...diagnostics import Diagnostic, Severity

CODE = "K101"
SEVERITY = Severity.ERROR
TITLE = "ukjent nøkkel"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")


def unknown_file(file: str, name: str, partnership: str, meant: str | None,
                 known: tuple[str, ...]) -> Diagnostic:
    """K101 for the file `name` in a partnership folder, perhaps `meant` as one of the `known`."""
    hint = (f"mente du «{meant}»? Gi filen det navnet" if meant else
            "et partnerskap har filene " + ", ".join(known))
    return Diagnostic(file, None, SEVERITY, CODE,
                      f"ukjent fil «{name}» i partnerskapet «{partnership}»", hint, SOURCE)
