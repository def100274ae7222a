"""DeKom FYO: fylkeskommunens faktiske andel avviker fra planen.

Hva: kompetanseutviklingsplanen sier i `plan.andel_fylkeskommune` hvor mange prosent av midlene
fylkeskommunen disponerer selv; resten settes av til kjøp fra de øvrige aktørene. For hvert år
med innstilte beløp i `dekom_fyo` regner komp ut den faktiske andelen: det som går til
fylkeskommunen selv (`tilskudd_eier`, og tilbydere som er fylkeskommunen), delt på alt som er
innstilt (etter forumets justeringer). Avviker den mer enn toleransen fra planen, er det en
advarsel. Toleransen er 5 prosentpoeng (data/regelverk.toml, antatt); et forum kan sette sin
egen i forum.yaml: `regler: {K416: {alvor: advarsel, andel: 10, begrunnelse: …}}`.

Hvorfor: planen skal beskrive «den andelsmessige disponeringen av midlene mellom
fylkeskommunen og de øvrige aktørene, som legges til grunn i videre anskaffelser» (brukerens
beskrivelse av ordningene; Udirs FYO-mandat). En disponeringsplan som fordeler noe annet enn
planen, må enten følge planen eller få planen endret.

Bestått:
    plan:
      andel_fylkeskommune: 40
    # 2027: 980 000 kr av 2 450 000 kr til fylkeskommunen selv (40 %)

Feiler:
    plan:
      andel_fylkeskommune: 25
    # 2027: 980 000 kr av 2 450 000 kr til fylkeskommunen selv (40 %)
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...formatting import kroner, prosent
from ...pipeline.aggregate import fyo_fordeling, share
from .._felles import fyo_plan, parameter

CODE = "K416"
SEVERITY = Severity.WARNING
TITLE = "fylkeskommunens faktiske andel avviker fra planen"
SOURCE = ("FOR-2021-01-26-229 og Udirs FYO-mandat: planen gir den andelsmessige disponeringen "
          "mellom fylkeskommunen og de øvrige aktørene (toleransen er antatt)")
SCHEMES = ("dekom_fyo",)
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    found = fyo_plan(ctx)
    if found is None:
        return
    forum, plan = found
    planned = plan.andel_fylkeskommune
    if planned is None:
        return
    tolerance = parameter(forum, CODE, "andel", "dekom_fyo", forum.aar)
    points = float(tolerance.verdi) if tolerance is not None else 0.0
    for aar, fordeling in fyo_fordeling(ctx).items():
        actual = fordeling.andel_fylkeskommunen
        if actual is None or abs(actual - planned) <= points:
            continue
        target = share(fordeling.sum, planned)
        yield Finding(
            ctx.forum_file, ("plan", "andel_fylkeskommune"),
            f"fylkeskommunen disponerer selv {kroner(fordeling.fylkeskommunen)} av "
            f"{kroner(fordeling.sum)} i {aar} ({prosent(actual)}), men planen sier "
            f"{prosent(planned)} (avvik over {prosent(points).removesuffix(' %')} "
            "prosentpoeng)",
            f"flytt penger mellom `tilskudd_eier` (fylkeskommunen) og kjøp fra tilbydere "
            f"(`tilskudd_uh`) så fylkeskommunens del blir om lag {kroner(target)}, eller endre "
            "`andel_fylkeskommune` i planen",
        )
