"""En planfil på et sted komp ikke leser, eller en partnerskapsmappe uten planfiler.

Hva: en fil med navnet til en partnerskapsfil (`tiltak.yaml`, `behov.yaml`,
`prioriteringer.yaml`, `partnerskap.yaml`) rett i forummappen, en YAML-fil rett i
`partnerskap/` (utenfor en partnerskapsmappe), eller en mappe i `partnerskap/` uten noen av de
fire filene. komp leser bare filene i `partnerskap/<navn>/`, så innholdet her blir ikke
kontrollert og kommer ikke med i innstillingen.

Hvorfor: en fil lagt ett nivå feil ville ellers blitt oversett uten et ord, og tiltakene i den
ville manglet i innstillingen mens valideringen sa «Ingen feil».

Bestått:
    partnerskap/salten/tiltak.yaml

Feiler:
    partnerskap/tiltak.yaml
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, Severity

CODE = "K130"
SEVERITY = Severity.WARNING
TITLE = "planfil på feil sted, eller tom partnerskapsmappe"
SOURCE = "komp: mappestrukturen for et forum"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")


def no_planning_files(file: str, name: str) -> Diagnostic:
    """K130 for the partnership folder `name` with no planning file in it."""
    return Diagnostic(
        file, None, SEVERITY, CODE,
        f"partnerskapsmappen «{name}» har ingen planfiler, så den er ikke med i valideringen "
        "eller innstillingen",
        "lag filene med `komp init partnerskap`, eller slett mappen hvis den ikke skal brukes",
        SOURCE,
    )


def misplaced(file: str, name: str, where: str) -> Diagnostic:
    """K130 for the planning file `name` lying right in `where` (the forum folder or partnerskap/)."""
    return Diagnostic(
        file, None, SEVERITY, CODE,
        f"«{name}» ligger rett i {where}, der komp ikke leser planfiler, så innholdet er ikke "
        "kontrollert og ikke med i innstillingen",
        "flytt filen til partnerskapets egen mappe, partnerskap/<navn>/, eller slett den", SOURCE,
    )
