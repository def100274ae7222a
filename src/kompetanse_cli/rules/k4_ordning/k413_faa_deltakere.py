"""Et tiltak for færre enn to deltakere.

Hva: `deltakere.antall` på et tiltak bør være minst 2. Dette er en advarsel; grensen er data i
komp (data/regelverk.toml) og er antatt, og et forum kan sette sin egen i forum.yaml:
`regler: {K413: {antall: 5, begrunnelse: …}}`.

Hvorfor: midlene er til kollektiv kompetanseutvikling som involverer flest mulig ansatte, ikke
til enkeltpersoner (Statsforvalteren i Innlandet).

Bestått:
    deltakere: {enheter: [gs-drag], antall: 14}

Feiler:
    deltakere: {enheter: [gs-drag], antall: 1}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext

CODE = "K413"
SEVERITY = Severity.WARNING
TITLE = "tiltak for færre enn to deltakere"
SOURCE = ("Statsforvalteren i Innlandet: kollektiv kompetanseutvikling som involverer flest mulig "
          "ansatte (grensen 2 er antatt)")
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    checked = ctx.files.get("tiltak")
    for index, tiltak in ctx.tiltak():
        antall = tiltak.deltakere.antall if tiltak.deltakere is not None else None
        if antall is None:
            continue
        minimum = ctx.parameter(CODE, "antall", tiltak.ordning, tiltak.periode.fra)
        if antall < minimum:
            yield Finding(
                checked, ("tiltak", index, "deltakere", "antall"),
                f"tiltaket {tiltak.id} har {antall} deltaker{'e' if antall != 1 else ''}; "
                f"tiltakene skal være kollektive (minst {minimum})",
                "la flere ansatte delta i tiltaket, eller slå det sammen med et annet tiltak",
            )
