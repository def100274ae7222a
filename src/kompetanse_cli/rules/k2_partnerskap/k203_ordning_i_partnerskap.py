"""Et behov eller tiltak i en ordning partnerskapet ikke er med i.

Hva: `ordning` på et behov eller et tiltak må være en av ordningene i partnerskapets
`ordninger` i partnerskap.yaml.

Hvorfor: hver ordning har egne regler, målgrupper og rammer; et tiltak kan bare innstilles i en
ordning partnerskapet deltar i (retningslinjene, FOR-2021-01-26-230).

Bestått:
    # partnerskap.yaml: ordninger: [dekom, rekom]
    ordning: rekom

Feiler:
    # partnerskap.yaml: ordninger: [dekom, rekom]
    ordning: komsip
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext

CODE = "K203"
SEVERITY = Severity.ERROR
TITLE = "ordning som partnerskapet ikke er med i"
SOURCE = "Retningslinjer for tilskuddsordning for lokal kompetanseutvikling (FOR-2021-01-26-230)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    partnerskap = ctx.partnerskap
    if partnerskap is None:
        return
    allowed = set(partnerskap.ordninger)
    listed = ", ".join(partnerskap.ordninger)
    for kind, noun in (("behov", "behovet"), ("tiltak", "tiltaket")):
        checked = ctx.files.get(kind)
        for index, entry in ctx.entries(kind):
            if entry.ordning not in allowed:
                yield Finding(
                    checked, (kind, index, "ordning"),
                    f"{noun} {entry.id} er i ordningen {entry.ordning}, men partnerskapet er bare "
                    f"med i {listed}",
                    f"velg en av {listed}, eller legg {entry.ordning} til i `ordninger` i "
                    "partnerskap.yaml",
                )
