"""Et behov som ikke er vurdert av både ansatte og ledere.

Hva: `vurdert_av` på hvert behov må ha med både `ansatte` og `ledere`.

Hvorfor: behovene skal komme fra en lokal vurdering der ansatte og ledere deltar (udir.no; også
brukerens beskrivelse av ordningene). Et behov bare eieren har meldt, er ikke nok.

Bestått:
    vurdert_av: [ansatte, ledere, tillitsvalgte]

Feiler:
    vurdert_av: [ledere, eier]
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext
from ...domain.regelverk import for_ordning
from .._felles import listing

CODE = "K405"
SEVERITY = Severity.ERROR
TITLE = "behov uten ansatte og ledere i vurderingen"
SOURCE = "udir.no: behovene skal komme fra en lokal vurdering der ansatte og ledere deltar"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    checked = ctx.files.get("behov")
    for index, behov in ctx.behov():
        aar = behov.dato.year if behov.dato is not None else None
        needed = for_ordning(behov.ordning, aar).vurdert_av.verdi
        missing = [who for who in needed if who not in behov.vurdert_av]
        if missing:
            yield Finding(
                checked, ("behov", index, "vurdert_av"),
                f"behovet {behov.id} er ikke vurdert av {listing(missing)}",
                f"la {listing(missing)} delta i vurderingen, og legg dem til i `vurdert_av`",
                at_key=True,
            )
