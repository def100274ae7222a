"""En planfil eller mappe er en lenke til noe utenfor forumet.

Hva: en symbolsk lenke i forumet (til forum.yaml, til mappen partnerskap/, til en
partnerskapsmappe eller til en av planfilene) som peker ut av mappen komp ble bedt om å lese,
og ut av git-depotet den ligger i, følges ikke: komp leser ikke det lenken peker på, og sier
fra. En lenke til en fil et annet sted i samme mappe eller samme git-depot er i orden.

Hvorfor: en lenke kan peke på hva som helst på maskinen som kjører komp, for eksempel
`/proc/self/environ` eller `~/.git-credentials`. En endring i en merge request kan legge til en
slik lenke, og komp ville da skrive hemmeligheter fra CI-maskinen rett i loggen (i utdraget
under en feilmelding).

Bestått:
    partnerskap/salten/behov.yaml -> ../../felles/behov.yaml   (inne i forumet)

Feiler:
    partnerskap/salten/behov.yaml -> /proc/self/environ
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, Severity

CODE = "K006"
SEVERITY = Severity.ERROR
TITLE = "en lenke peker ut av forumet"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")


def diagnostic(file: str, name: str, target: str) -> Diagnostic:
    """K006 for the link `name` to `target`: where it is and where it points, never what it holds."""
    return Diagnostic(
        file, None, SEVERITY, CODE,
        f"«{name}» er en lenke til «{target}», utenfor forumet og git-depotet, så komp leser den ikke",
        "erstatt lenken med en vanlig fil, eller la den peke på en fil i forumet "
        "(se `komp regler K006`)", SOURCE,
    )
