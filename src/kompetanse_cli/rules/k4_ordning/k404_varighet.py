"""Et tiltak som varer mer enn tre år, eller slutter før det begynner.

Hva: `periode.til` kan ikke være før `periode.fra`, og et tiltak kan vare høyst tre år (fra og
med `fra` til og med `til`). Grensen er data i komp (data/regelverk.toml).

Hvorfor: behov kan meldes for inntil tre år om gangen, og et tiltak varer 1–3 år med beløp per år
(Statsforvalteren i Oslo og Viken, 2022).

Bestått:
    periode: {fra: 2027, til: 2029}

Feiler:
    periode: {fra: 2027, til: 2030}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext
from ...domain.regelverk import for_ordning

CODE = "K404"
SEVERITY = Severity.ERROR
TITLE = "tiltak over tre år eller med baklengs periode"
SOURCE = "Statsforvalteren i Oslo og Viken (2022): behov kan meldes for inntil tre år om gangen"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    checked = ctx.files.get("tiltak")
    for index, tiltak in ctx.tiltak():
        fra, til = tiltak.periode.fra, tiltak.periode.til
        path = ("tiltak", index, "periode", "til")
        if til < fra:
            yield Finding(
                checked, path,
                f"tiltaket {tiltak.id} slutter i {til}, før det begynner i {fra}",
                "bytt om `fra` og `til`, eller rett årstallet",
            )
            continue
        maks = for_ordning(tiltak.ordning, fra).maks_varighet_aar.verdi
        years = til - fra + 1
        if years > maks:
            yield Finding(
                checked, path,
                f"tiltaket {tiltak.id} varer {years} år ({fra}–{til}); et tiltak kan vare høyst "
                f"{maks} år",
                f"sett `til` til {fra + maks - 1} eller tidligere, og meld resten som et nytt "
                "tiltak senere",
            )
