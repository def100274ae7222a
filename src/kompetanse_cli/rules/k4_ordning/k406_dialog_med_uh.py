"""DeKom/ReKom/KomSIP: et behov uten dialog med UH.

Hva: et behov i `dekom`, `rekom` eller `komsip` bør ha `dialog_med_uh: true`. Dette er en
advarsel. I DeKom FYO kreves ikke dialog med UH.

Hvorfor: eierne vurderer behovene og planlegger tiltakene i dialog med universitetet eller
høyskolen de samarbeider med (udir.no; brukerens beskrivelse av ordningene).

Bestått:
    ordning: rekom
    dialog_med_uh: true

Feiler:
    ordning: rekom
    dialog_med_uh: false
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext
from ...domain.regelverk import for_ordning
from .._felles import has_key, in_own_schemes

CODE = "K406"
SEVERITY = Severity.WARNING
TITLE = "behov uten dialog med UH"
SOURCE = "udir.no: behovene vurderes i dialog med UH (ikke i fag- og yrkesopplæringen)"
SCHEMES = ("dekom", "rekom", "komsip")
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    checked = ctx.files.get("behov")
    for index, behov in in_own_schemes(ctx, "behov"):
        aar = behov.dato.year if behov.dato is not None else None
        if not for_ordning(behov.ordning, aar).dialog_med_uh.verdi or behov.dialog_med_uh:
            continue
        path = ("behov", index, "dialog_med_uh")
        written = has_key(checked, path)
        yield Finding(
            checked, path if written else ("behov", index, "id"),
            f"behovet {behov.id} i {behov.ordning} er " +
            ("ikke drøftet med UH" if written else "uten `dialog_med_uh`"),
            "drøft behovet med UH-partneren og skriv «dialog_med_uh: true»",
        )
