"""DeKom/ReKom/KomSIP: tiltak uten UH-partner.

Hva: et tiltak i `dekom`, `rekom` eller `komsip` må ha minst én partner i `partnere`, og minst én
av dem må være et universitet eller en høyskole under `uh` i partnerskap.yaml.

Hvorfor: tiltakene i disse ordningene gjennomføres i partnerskap mellom eierne og UH (udir.no;
for KomSIP «forpliktende partnerskap»). I DeKom FYO kan tilbyderne være bedrifter, bransjer,
fagskoler eller fylkeskommunen, så regelen gjelder ikke der.

Bestått:
    # partnerskap.yaml: uh: [{navn: Nord universitet, orgnr: "970940243"}]
    partnere: ["970940243"]

Feiler:
    partnere: []
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext, normalise_orgnr
from ...domain.regelverk import for_ordning
from .._felles import has_key, in_own_schemes

CODE = "K403"
SEVERITY = Severity.ERROR
TITLE = "tiltak uten UH-partner"
SOURCE = "udir.no: tiltakene gjennomføres i partnerskap med UH (FOR-2021-01-26-230)"
SCHEMES = ("dekom", "rekom", "komsip")
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    checked = ctx.files.get("tiltak")
    partnerskap = ctx.partnerskap
    uh = {normalise_orgnr(o.orgnr) for o in partnerskap.uh} if partnerskap is not None else set()
    known = ctx.partner_orgnrs()
    for index, tiltak in in_own_schemes(ctx, "tiltak"):
        if not for_ordning(tiltak.ordning, tiltak.periode.fra).uh_partner_paakrevd.verdi:
            continue
        path = ("tiltak", index, "partnere")
        if not tiltak.partnere:
            yield Finding(
                checked, path if has_key(checked, path) else ("tiltak", index, "id"),
                f"tiltaket {tiltak.id} i {tiltak.ordning} har ingen UH-partner",
                "før opp orgnr til universitetet eller høyskolen (fra `uh` i partnerskap.yaml) "
                "under `partnere`",
                at_key=True,
            )
            continue
        if not uh or partnerskap is None or any(p not in known for p in tiltak.partnere):
            continue  # K102 reports a partnership without uh, K202 an unknown partner
        if not any(p in uh for p in tiltak.partnere):
            yield Finding(
                checked, path,
                f"ingen av partnerne til tiltaket {tiltak.id} er et universitet eller en høyskole "
                "under `uh` i partnerskap.yaml",
                "legg til orgnr for UH-partneren under `partnere`",
                at_key=True,
            )
