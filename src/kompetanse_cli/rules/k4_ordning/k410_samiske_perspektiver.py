"""Samiske perspektiver mangler (FYO-planen, eller et partnerskap i samisk forvaltningsområde).

Hva: to advarsler.

- Et forum for `dekom_fyo` med `plan` bør ha `plan.samiske_perspektiver`.
- Et partnerskap med en eier i forvaltningsområdet for samiske språk bør ha
  `samiske_perspektiver` i partnerskap.yaml. Området er de 13 kommunene i
  data/samisk-forvaltningsomraade-2024.csv (sameloven § 3-1) og fylkeskommunene i Finnmark (56),
  Troms (55), Nordland (18) og Trøndelag (50).

Hvorfor: samiske perspektiver skal ivaretas, og er uttrykkelig krevd i FYOs lokale prioriteringer
(retningslinjene § 1; brukerens beskrivelse av ordningene). Forvaltningsområdet er fastsatt i
sameloven § 3-1 (Prop. 58 L (2022–2023), sametinget.no).

Bestått:
    eiere:
      - {navn: Hamarøy kommune, orgnr: "972418056", type: kommune, kommunenummer: "1875"}
    samiske_perspektiver: Hamarøy er lulesamisk forvaltningskommune …

Feiler:
    eiere:
      - {navn: Hamarøy kommune, orgnr: "972418056", type: kommune, kommunenummer: "1875"}
    # ingen samiske_perspektiver
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...domain.regelverk import for_ordning

CODE = "K410"
SEVERITY = Severity.WARNING
TITLE = "samiske perspektiver mangler"
SOURCE = ("Retningslinjene § 1 (FOR-2021-01-26-229 og -230): samiske perspektiver skal ivaretas; "
          "sameloven § 3-1 (Prop. 58 L (2022–2023)) for forvaltningsområdet")
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None:
        return
    if "dekom_fyo" in forum.ordninger and forum.plan is not None:
        wants = for_ordning("dekom_fyo", forum.aar).plan_samiske_perspektiver
        described = (forum.plan.samiske_perspektiver or "").strip()
        if wants is not None and wants.verdi and not described:
            yield Finding(
                ctx.forum_file, ("plan",),
                "kompetanseutviklingsplanen sier ikke hvordan samiske perspektiver ivaretas",
                "legg til «samiske_perspektiver:» under `plan` med en kort beskrivelse",
                at_key=True,
            )
    reg = for_ordning(forum.ordninger[0], forum.aar)
    municipalities = reg.samisk_kommuner()
    counties = set(reg.samisk_fylker.verdi)
    for partnership in ctx.partnerships:
        partnerskap = partnership.partnerskap
        if partnerskap is None or (partnerskap.samiske_perspektiver or "").strip():
            continue
        for index, eier in enumerate(partnerskap.eiere):
            nummer = eier.kommunenummer
            if nummer is not None and nummer in municipalities:
                why = (f"{municipalities[nummer]} ({nummer}) er i forvaltningsområdet for "
                       "samisk språk")
                key = "kommunenummer"
            elif eier.type == "fylkeskommune" and \
                    (nummer[:2] if nummer is not None else forum.fylke) in counties:
                why = f"{eier.navn} er en fylkeskommune i forvaltningsområdet for samisk språk"
                key = "kommunenummer" if nummer is not None else "type"
            else:
                continue
            yield Finding(
                partnership.partnerskap_file, ("eiere", index, key),
                f"{why}, men partnerskapet har ikke `samiske_perspektiver`",
                "legg til «samiske_perspektiver:» i partnerskap.yaml og beskriv hvordan "
                "samisk språk, kultur og samfunnsliv ivaretas i tiltakene",
            )
            break
