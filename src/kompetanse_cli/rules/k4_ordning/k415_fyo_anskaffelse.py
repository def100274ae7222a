"""DeKom FYO: et kjøp av kompetansetjenester når en terskel i anskaffelsesregelverket.

Hva: i DeKom FYO mottar fylkeskommunen tilskuddet. Det som i et tiltak går til en tilbyder i
`partnere` (`tilskudd_uh`), er et kjøp av kompetansetjenester som fylkeskommunen gjør, ikke et
tilskudd til tilbyderen. For hvert tiltak og hver tilbyder summerer komp det som er satt av over
hele tiltaksperioden (alle budsjettårene, etter forumets justeringer; et avslått år teller ikke)
og sier hvilken terskel i anskaffelsesregelverket kjøpet når, og hva den krever. Er kjøpene fra
samme tilbyder i alle tiltakene til sammen over en høyere terskel, sier komp det også. Det er
informasjon, ikke en feil. Tersklene (ekskl. mva.) er data i komp med kilde og år
(data/regelverk.toml, `anskaffelse_terskler`, antatt); en tilbyder som er fylkeskommunen selv,
er ikke et kjøp.

Hvorfor: «Fylkeskommuner skal motta tilskudd gjennom denne tilskuddsordningen» og «I den grad
fylkeskommuner har behov for kjøp av kompetansetjenester, skal regelverket for offentlige
anskaffelser følges» (brukerens beskrivelse av ordningene; udir.no, «Tilskuddsordning for
kompetanseutvikling i fag- og yrkesopplæring»). Anskaffelsesforskriften regner verdien av hele
kontrakten, og et kjøp skal ikke deles opp for å komme under en terskel.

Bestått:
    periode: {fra: 2027, til: 2027}
    budsjett:
      2027: {tilskudd_eier: 100_000, tilskudd_uh: 90_000}
    # kjøpet fra tilbyderen er 90 000 kr over hele perioden: under 100 000 kr

Feiler:
    periode: {fra: 2026, til: 2028}
    budsjett:
      2026: {tilskudd_uh: 300_000}
      2027: {tilskudd_uh: 500_000}
      2028: {tilskudd_uh: 450_000}
    # kjøpet er 1 250 000 kr over perioden: over 100 000 kr, protokollplikt
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext, normalise_orgnr
from ...domain.planfiles import KeyPath
from ...domain.regelverk import Terskel, for_ordning
from ...formatting import kroner
from ...pipeline.aggregate import Kjoep, fyo_purchases, purchases_by_provider
from .._felles import named, names_by_orgnr

CODE = "K415"
SEVERITY = Severity.INFO
TITLE = "FYO-kjøp som når en terskel i anskaffelsesregelverket"
SOURCE = ("udir.no, «Tilskuddsordning for kompetanseutvikling i fag- og yrkesopplæring»: "
          "kjøp av kompetansetjenester følger regelverket for offentlige anskaffelser "
          "(FOR-2021-01-26-229); tersklene etter anskaffelsesforskriften (antatt)")
SCHEMES = ("dekom_fyo",)
SCOPE = "forum"
WITHOUT_FORUM = True


def threshold_text(terskel: Terskel) -> str:
    """`100 000 kr (2024)`, or `nasjonal terskelverdi (1 300 000 kr, 2024)`."""
    amount = kroner(terskel.beloep)
    if terskel.navn.split() == amount.split():
        return f"terskelen på {amount} ({terskel.aar})"
    return f"{terskel.navn} ({amount}, {terskel.aar})"


def _position(ctx: ForumContext, kjoep: Kjoep) -> tuple[KeyPath, bool]:
    """The provider's entry in the measure's `partnere`, or the list itself."""
    for partnership in ctx.partnerships:
        if partnership.slug != kjoep.partnerskap:
            continue
        for index, tiltak in partnership.tiltak():
            if index == kjoep.index:
                for i, orgnr in enumerate(tiltak.partnere):
                    if kjoep.tilbyder is not None and normalise_orgnr(orgnr) == kjoep.tilbyder:
                        return ("tiltak", index, "partnere", i), False
    return ("tiltak", kjoep.index, "partnere"), True


def check(ctx: ForumContext) -> Iterator[Finding]:
    names = names_by_orgnr(ctx)
    files = {p.slug: p.files.get("tiltak") for p in ctx.partnerships}
    per_provider = purchases_by_provider(ctx)
    for kjoep in fyo_purchases(ctx):
        regelverk = for_ordning("dekom_fyo", kjoep.fra)
        terskel = regelverk.terskel(kjoep.sum)
        # purchases whose provider the files do not name (K207) are no one provider's
        together, count = per_provider.get(kjoep.tilbyder, (kjoep.sum, 1)) \
            if kjoep.tilbyder is not None else (kjoep.sum, 1)
        higher = regelverk.terskel(together)
        if terskel is None and (count < 2 or higher is None):
            continue
        years = f"{kjoep.fra}–{kjoep.til}" if kjoep.til > kjoep.fra else str(kjoep.fra)
        who = named(names, kjoep.tilbyder) if kjoep.tilbyder else "tilbyderne"
        if terskel is not None:
            reached = f"når {threshold_text(terskel)}: {terskel.krav}"
        else:
            reached = f"er under {kroner(regelverk.terskler[0].beloep)}"
        also = ""
        if count > 1 and higher is not None and higher != terskel:
            also = (f"; samlet {kroner(together)} i {count} tiltak fra samme tilbyder når "
                    f"{threshold_text(higher)}: {higher.krav}")
        path, at_key = _position(ctx, kjoep)
        yield Finding(
            files.get(kjoep.partnerskap), path,
            f"kjøpet av kompetansetjenester fra {who} i {kjoep.partnerskap}/{kjoep.tiltak} er "
            f"{kroner(kjoep.sum)} i {years} (ekskl. mva.) og {reached}{also}",
            "fylkeskommunen kjøper tjenesten etter regelverket for offentlige anskaffelser; "
            "tersklene er antatt: sjekk dem mot gjeldende anskaffelsesforskrift (se `komp "
            "regler K415`)",
            at_key=at_key,
        )
