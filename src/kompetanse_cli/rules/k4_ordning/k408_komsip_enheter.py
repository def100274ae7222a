"""KomSIP: et tiltak som ikke samler barnehage, skole og PPT.

Hva: `deltakere.enheter` på et KomSIP-tiltak bør ha minst én barnehage, én skole (`grunnskole`
eller `vgs`) og én PPT-tjeneste (`ppt`), etter enhetstypene i `enheter` i partnerskap.yaml.
Dette er en advarsel.

Hvorfor: KomSIP-tiltakene bør helst omfatte barnehage, skole og PPT sammen, og bygge på lokal
kartlegging av spesialpedagogisk kompetanse (udir.no, Kompetanseløftet for spesialpedagogikk og
inkluderende praksis).

Bestått:
    ordning: komsip
    deltakere:
      enheter: [bh-hunstad, gs-hunstad, ppt-bodo]

Feiler:
    ordning: komsip
    deltakere:
      enheter: [bh-hunstad, gs-hunstad]
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext
from ...domain.planfiles import KeyPath
from ...domain.regelverk import for_ordning
from .._felles import has_key, in_own_schemes, listing

CODE = "K408"
SEVERITY = Severity.WARNING
TITLE = "KomSIP-tiltak uten barnehage, skole og PPT sammen"
SOURCE = "udir.no: KomSIP-tiltak bør helst omfatte barnehage, skole og PPT sammen"
SCHEMES = ("komsip",)
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    partnerskap = ctx.partnerskap
    if partnerskap is None:
        return
    types = {enhet.id: enhet.type for enhet in partnerskap.enheter}
    checked = ctx.files.get("tiltak")
    for index, tiltak in in_own_schemes(ctx, "tiltak"):
        if tiltak.ordning != "komsip":
            continue
        groups = for_ordning(tiltak.ordning, tiltak.periode.fra).komsip_enheter
        if groups is None:
            continue
        units = tiltak.deltakere.enheter if tiltak.deltakere is not None else []
        if any(unit not in types for unit in units):
            continue  # K202 reports an unknown unit; its type is not known
        present = {types[unit] for unit in units}
        missing = [" eller ".join(group) for group in groups.verdi
                   if not present.intersection(group)]
        if not missing:
            continue
        path: KeyPath = ("tiltak", index, "deltakere", "enheter")
        if not has_key(checked, path):
            path = ("tiltak", index, "deltakere") if has_key(
                checked, ("tiltak", index, "deltakere")) else ("tiltak", index, "id")
        yield Finding(
            checked, path,
            f"KomSIP-tiltaket {tiltak.id} har ingen enhet av typen {listing(missing)} blant "
            "deltakerne",
            "la barnehage, skole og PPT delta sammen: legg til enhetene under "
            "`deltakere: enheter:`",
            at_key=True,
        )
