"""Et behov ingen prioritering svarer på, eller en prioritering uten tiltak.

Hva: hvert behov bør være med i minst én prioritering, og hver prioritering bør ha minst ett
tiltak. Dette er en advarsel: et behov kan bevisst vente til neste år.

Hvorfor: tiltakene skal bygge på lokale behov og partnerskapets prioriteringer (retningslinjene
og Udirs mandat); et behov uten svar bør være et valg, ikke en forglemmelse.

Bestått:
    prioriteringer:
      - id: P2
        behov: [B1, B2]

Feiler:
    prioriteringer:
      - id: P2
        behov: [B1]   # behovet B2 i behov.yaml står ikke i noen annen prioritering
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext

CODE = "K206"
SEVERITY = Severity.WARNING
TITLE = "behov uten prioritering eller prioritering uten tiltak"
SOURCE = "Udir: Mandat for samarbeidsforum; retningslinjene (FOR-2021-01-26-229 og -230)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    if ctx.fully_valid("prioriteringer"):
        answered = {ref for _, prio in ctx.prioriteringer() for ref in prio.behov}
        for index, behov in ctx.behov():
            if behov.id not in answered:
                yield Finding(
                    ctx.files.get("behov"), ("behov", index, "id"),
                    f"behovet {behov.id} («{behov.tittel}») er ikke med i noen prioritering",
                    "legg behovets id i `behov` på en prioritering, eller ta behovet ut hvis det "
                    "skal vente",
                )
    if ctx.fully_valid("tiltak"):
        answered = {ref for _, tiltak in ctx.tiltak() for ref in tiltak.prioriteringer}
        for index, prio in ctx.prioriteringer():
            if prio.id not in answered:
                yield Finding(
                    ctx.files.get("prioriteringer"), ("prioriteringer", index, "id"),
                    f"prioriteringen {prio.id} («{prio.tittel}») har ingen tiltak",
                    "legg prioriteringens id i `prioriteringer` på et tiltak",
                )
