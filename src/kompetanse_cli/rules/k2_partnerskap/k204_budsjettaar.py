"""Budsjettår utenfor tiltakets periode, eller et år i perioden uten budsjett.

Hva: `budsjett` i et tiltak skal ha ett år for hvert år i `periode` (fra og med `fra`, til og
med `til`), og ingen andre år.

Hvorfor: behov kan meldes for inntil tre år om gangen, med beløp per år (Statsforvalteren i
Oslo og Viken, 2022); forumet fordeler hvert års ramme for seg.

Bestått:
    periode: {fra: 2027, til: 2028}
    budsjett:
      2027: {tilskudd_eier: 300000, egenandel: 90000}
      2028: {tilskudd_eier: 300000, egenandel: 90000}

Feiler:
    periode: {fra: 2027, til: 2028}
    budsjett:
      2027: {tilskudd_eier: 300000, egenandel: 90000}
      2029: {tilskudd_eier: 300000, egenandel: 90000}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext

CODE = "K204"
SEVERITY = Severity.ERROR
TITLE = "budsjettår som ikke passer med perioden"
SOURCE = "Statsforvalteren i Oslo og Viken (2022): behov meldes for inntil tre år, med beløp per år"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    checked = ctx.files.get("tiltak")
    for index, tiltak in ctx.tiltak():
        fra, til = tiltak.periode.fra, tiltak.periode.til
        if fra > til:
            continue  # K404 reports a period that ends before it starts
        period = range(fra, til + 1)
        for aar in tiltak.budsjett:
            if aar not in period:
                yield Finding(
                    checked, ("tiltak", index, "budsjett", aar),
                    f"budsjettåret {aar} ligger utenfor tiltakets periode {fra}–{til}",
                    f"flytt beløpene til et år i perioden, eller endre perioden til å omfatte {aar}",
                    at_key=True,
                )
        for aar in period:
            if aar not in tiltak.budsjett:
                yield Finding(
                    checked, ("tiltak", index, "budsjett"),
                    f"tiltaket {tiltak.id} varer {fra}–{til}, men har ikke budsjett for {aar}",
                    f"legg til «{aar}:» under budsjett (med 0 om tiltaket ikke trenger midler "
                    "det året), eller kort ned perioden",
                    at_key=True,
                )
