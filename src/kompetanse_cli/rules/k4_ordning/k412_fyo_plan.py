"""FYO-planen mangler fylkeskommunens andel eller egenfinansiering.

Hva: i et forum for `dekom_fyo` må `plan` ha `andel_fylkeskommune` (prosent av rammen
fylkeskommunen disponerer selv) og `egenfinansiering` (fylkeskommunens egne midler og/eller
ressursstilling). Regelen gjelder bare når forum.yaml har `plan`.

Hvorfor: kompetanseutviklingsplanen skal beskrive fordelingen av midlene mellom fylkeskommunen
og de andre aktørene, som brukes ved senere anskaffelser, og fylkeskommunens egenfinansiering
(Udirs FYO-mandat; brukerens beskrivelse av ordningene).

Bestått:
    plan:
      periode: {fra: 2026, til: 2029}
      andel_fylkeskommune: 40
      egenfinansiering: {beskrivelse: En fast rådgiverstilling.}

Feiler:
    plan:
      periode: {fra: 2026, til: 2029}
      andel_fylkeskommune: 40
      # ingen egenfinansiering
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...domain.regelverk import for_ordning
from .._felles import fyo_plan, listing

CODE = "K412"
SEVERITY = Severity.ERROR
TITLE = "FYO-plan uten andel_fylkeskommune eller egenfinansiering"
SOURCE = ("Udirs mandat for FYO-forumet og FOR-2021-01-26-229: planen viser andelen mellom "
          "fylkeskommunen og de andre aktørene, og fylkeskommunens egenfinansiering")
SCHEMES = ("dekom_fyo",)
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    found = fyo_plan(ctx)
    if found is None:
        return
    forum, plan = found
    required = for_ordning("dekom_fyo", forum.aar).plan_paakrevd
    if required is None:
        return
    missing = [key for key in required.verdi if getattr(plan, key, None) is None]
    if missing:
        yield Finding(
            ctx.forum_file, ("plan",),
            f"kompetanseutviklingsplanen mangler {listing(missing)}",
            "legg til under `plan`: " + "; ".join(
                "«andel_fylkeskommune:» med prosent av rammen fylkeskommunen disponerer selv"
                if key == "andel_fylkeskommune" else
                "«egenfinansiering:» med «beskrivelse» (og gjerne «beloep»)"
                if key == "egenfinansiering" else f"«{key}:»"
                for key in missing),
            at_key=True,
        )
