"""DeKom FYO: et tiltak uten deltaker fra arbeidslivet.

Hva: et tiltak i `dekom_fyo` bør ha minst én deltaker fra arbeidslivet: en enhet av type
`laerebedrift` eller `opplaeringskontor` under `deltakere.enheter`, eller en partner som er en
tilbyder av type `bedrift` eller `bransje`. Lærebedrifter og opplæringskontor står i
partnerskap.yaml med eget `orgnr` og uten `eier`.

Hvorfor: tiltakene skal være «planlagt og gjennomført i samarbeid mellom fylkeskommunen,
arbeidslivet og andre tilbydere av kompetanseutvikling», i «et likeverdig og gjensidig
forpliktende samarbeid» (udir.no, «Tilskuddsordning for kompetanseutvikling i fag- og
yrkesopplæring»; brukerens beskrivelse av ordningene).

Bestått:
    deltakere:
      enheter: [vgs-aardal, lb-hydro-aardal]   # lb-hydro-aardal: type laerebedrift

Feiler:
    deltakere:
      enheter: [vgs-mo-oeyrane, vgs-maaloey]   # bare skoler
    partnere: ["921934785"]                    # Fagskulen Vestland (fagskole)
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext, normalise_orgnr
from ...domain.models import ARBEIDSLIV_ENHETER
from .._felles import has_key, in_own_schemes

CODE = "K417"
SEVERITY = Severity.WARNING
TITLE = "FYO-tiltak uten deltaker fra arbeidslivet"
SOURCE = ("udir.no, «Tilskuddsordning for kompetanseutvikling i fag- og yrkesopplæring»: "
          "tiltakene planlegges og gjennomføres av fylkeskommunen, arbeidslivet og andre "
          "tilbydere (FOR-2021-01-26-229)")
SCHEMES = ("dekom_fyo",)
SCOPE = "partnerskap"

ARBEIDSLIV_TILBYDERE = ("bedrift", "bransje")


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    partnerskap = ctx.partnerskap
    if partnerskap is None:
        return
    checked = ctx.files.get("tiltak")
    working_units = {e.id for e in partnerskap.enheter if e.type in ARBEIDSLIV_ENHETER}
    working_providers = {normalise_orgnr(t.orgnr) for t in partnerskap.tilbydere
                         if t.type in ARBEIDSLIV_TILBYDERE}
    for index, tiltak in in_own_schemes(ctx, "tiltak"):
        if tiltak.ordning != "dekom_fyo":
            continue
        units = tiltak.deltakere.enheter if tiltak.deltakere is not None else []
        if any(u in working_units for u in units) or any(
                normalise_orgnr(p) in working_providers for p in tiltak.partnere):
            continue
        path = ("tiltak", index, "deltakere")
        written = has_key(checked, path)
        yield Finding(
            checked, path if written else ("tiltak", index),
            f"tiltaket {tiltak.id} ({tiltak.tittel}) har ingen deltaker fra arbeidslivet",
            "før opp en lærebedrift eller et opplæringskontor under `deltakere.enheter` (i "
            "partnerskap.yaml med `type: laerebedrift` eller `opplaeringskontor` og eget "
            "`orgnr`), eller en bedrift eller bransje blant `partnere`",
            at_key=True,
        )
