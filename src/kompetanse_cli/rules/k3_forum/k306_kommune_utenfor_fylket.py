"""En eier i en kommune utenfor forumets fylke.

Hva: de to første sifrene i en eiers `kommunenummer` (fylkesnummeret) bør være forumets `fylke`.
Dette er en advarsel: et nettverk kan ha en nabokommune over fylkesgrensen, men oftest er
kommunenummeret eller fylket skrevet feil.

Hvorfor: midlene fordeles per fylke, og eierne melder behov til samarbeidsforumet i sitt fylke
(udir.no: «Tilskuddsordningene for lokal kompetanseutvikling»).

Bestått:
    # forum.yaml: fylke: "18"
    kommunenummer: "1804"   # Bodø

Feiler:
    # forum.yaml: fylke: "18"
    kommunenummer: "5001"   # Trondheim, fylke 50
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext

CODE = "K306"
SEVERITY = Severity.WARNING
TITLE = "eier i en kommune utenfor forumets fylke"
SOURCE = "udir.no: «Tilskuddsordningene for lokal kompetanseutvikling» (midlene fordeles per fylke)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None:
        return
    for partnership in ctx.partnerships:
        partnerskap = partnership.partnerskap
        if partnerskap is None:
            continue
        for index, eier in enumerate(partnerskap.eiere):
            nummer = eier.kommunenummer
            if nummer is not None and nummer[:2] != forum.fylke:
                yield Finding(
                    partnership.partnerskap_file, ("eiere", index, "kommunenummer"),
                    f"{eier.navn} har kommunenummer {nummer} i fylke {nummer[:2]}, men forumet "
                    f"er for fylke {forum.fylke}",
                    "sjekk kommunenummeret (SSBs kommuneliste for 2024), eller `fylke` i "
                    "forum.yaml",
                )
