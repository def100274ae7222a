"""Uklart hvem som mottar pengene.

Hva: et partnerskap med flere eiere må ha `mottaker` (eieren, ofte en vertskommune, som mottar
eiernes tilskudd på vegne av nettverket). En fordeling (orgnr → kroner) i `tilskudd_eier` eller
`egenandel` må bare nevne eiere, og en fordeling i `tilskudd_uh` bare tiltakets `partnere`.
`tilskudd_uh` som ett beløp krever nøyaktig én partner i `partnere`.

Hvorfor: innstillingen skal vise hvordan midlene fordeles mellom tilskuddsmottakerne (Udirs
mandat); hver krone må ha én mottaker.

Bestått:
    # eiere: Bodø, Saltdal og Hamarøy kommune
    mottaker: "972418013"

Feiler:
    # eiere: Bodø, Saltdal og Hamarøy kommune
    # ingen mottaker
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext
from ...formatting import kroner

CODE = "K207"
SEVERITY = Severity.ERROR
TITLE = "uklar mottaker av tilskudd"
SOURCE = "Udir: Mandat for samarbeidsforum (fordeling mellom tilskuddsmottakerne)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "partnerskap"

_UH_SCHEMES = ("dekom", "rekom", "komsip")


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    partnerskap = ctx.partnerskap
    if partnerskap is not None and len(partnerskap.eiere) > 1 and partnerskap.mottaker is None:
        yield Finding(
            ctx.partnerskap_file, ("eiere",),
            f"partnerskapet har {len(partnerskap.eiere)} eiere, men ingen `mottaker`",
            "legg til «mottaker:» med organisasjonsnummeret til eieren som mottar eiernes "
            "tilskudd, for eksempel vertskommunen",
            at_key=True,
        )
    if not ctx.owners_readable() or not ctx.orgnrs_valid("eiere"):
        return
    owners = ctx.owner_orgnrs()
    checked = ctx.files.get("tiltak")
    for index, tiltak in ctx.tiltak():
        partners = set(tiltak.partnere)
        for aar, budsjett in tiltak.budsjett.items():
            base = ("tiltak", index, "budsjett", aar)
            for key, allowed, who in (("tilskudd_eier", owners, "eierne i partnerskap.yaml"),
                                      ("egenandel", owners, "eierne i partnerskap.yaml"),
                                      ("tilskudd_uh", partners, "tiltakets partnere")):
                amount = getattr(budsjett, key)
                if isinstance(amount, dict):
                    for orgnr in amount:
                        if orgnr not in allowed:
                            yield Finding(
                                checked, (*base, key, orgnr),
                                f"{key} for {aar} fordeler penger til {orgnr}, som ikke er blant "
                                f"{who}",
                                f"bruk organisasjonsnummeret til en av {who}",
                                at_key=True,
                            )
            uh = budsjett.tilskudd_uh
            if isinstance(uh, int) and uh > 0 and len(partners) != 1:
                if not partners and tiltak.ordning in _UH_SCHEMES:
                    continue  # K403 reports a measure without a UH partner
                yield Finding(
                    checked, (*base, "tilskudd_uh"),
                    f"tilskudd_uh for {aar} er {kroner(uh)}, men tiltaket har {len(partners)} partnere, "
                    "så det er uklart hvem som mottar beløpet",
                    "før opp nøyaktig én partner i `partnere`, eller fordel beløpet per orgnr: "
                    "«tilskudd_uh: {\"970940243\": 200000, …}»",
                )
