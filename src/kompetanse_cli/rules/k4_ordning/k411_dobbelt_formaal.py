"""Et UH-partnerskap uten `dobbelt_formaal`.

Hva: et partnerskap med universitet eller høyskole under `uh` bør beskrive i `dobbelt_formaal`
hvordan samarbeidet også styrker lærerutdanningene. Dette er en advarsel.

Hvorfor: partnerskapene skal ha et dobbelt formål: kompetanseutvikling i barnehager og skoler og
styrking av lærerutdanningene (brukerens beskrivelse av ordningene; Udir).

Bestått:
    uh: [{navn: Nord universitet, orgnr: "970940243"}]
    dobbelt_formaal: Studentene har praksis på skolene i tiltakene …

Feiler:
    uh: [{navn: Nord universitet, orgnr: "970940243"}]
    # ingen dobbelt_formaal
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext

CODE = "K411"
SEVERITY = Severity.WARNING
TITLE = "UH-partnerskap uten dobbelt formål"
SOURCE = "Brukerens beskrivelse av ordningene og Udir: partnerskapene har et «dobbelt formål»"
SCHEMES = ("dekom", "rekom", "komsip")
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    partnerskap = ctx.partnerskap
    if partnerskap is None or not partnerskap.uh or (partnerskap.dobbelt_formaal or "").strip():
        return
    yield Finding(
        ctx.partnerskap_file, ("uh",),
        f"partnerskapet samarbeider med {partnerskap.uh[0].navn}, men beskriver ikke "
        "`dobbelt_formaal`",
        "legg til «dobbelt_formaal:» og beskriv hvordan samarbeidet også styrker "
        "lærerutdanningene (praksis, studenter, undervisning)",
        at_key=True,
    )
