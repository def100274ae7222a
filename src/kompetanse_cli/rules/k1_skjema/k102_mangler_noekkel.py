"""En påkrevd nøkkel (eller fil) mangler.

Hva: en nøkkel formatet krever, er ikke skrevet. Diagnosen peker på mappingen som mangler den.
Noen nøkler er påkrevd bare i visse tilfeller: `kommunenummer` for en eier av type `kommune`,
`uh` for partnerskap i dekom, rekom eller komsip, `fylkeskommune` i et forum for dekom_fyo,
`stemmer` når beslutningen er en avstemming, nye beløp eller `avslaatt` i en justering, og
`begrunnelse` for hver regel under `regler:`.
En partnerskapsmappe må ha alle fire filene, og en forummappe må ha forum.yaml.

Hvorfor: innstillingen og kontrollene trenger opplysningen.

Bestått:
    - navn: Bodø kommune
      orgnr: "972418013"
      type: kommune
      kommunenummer: "1804"

Feiler:
    - navn: Bodø kommune
      orgnr: "972418013"
      type: kommune
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, Severity

CODE = "K102"
SEVERITY = Severity.ERROR
TITLE = "påkrevd nøkkel mangler"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")


def missing_forum_file(file: str) -> Diagnostic:
    """K102 for a forum folder without forum.yaml."""
    return Diagnostic(file, None, SEVERITY, CODE, "forummappen mangler forum.yaml",
                      "lag forum.yaml med `komp init forum`, eller pek på en partnerskapsmappe",
                      SOURCE)


def missing_file(file: str, partnership: str, name: str) -> Diagnostic:
    """K102 for a partnership folder without its file `name`."""
    return Diagnostic(file, None, SEVERITY, CODE, f"partnerskapet «{partnership}» mangler {name}",
                      f"lag {name} (se `komp init partnerskap`); en tom liste er lov", SOURCE)
