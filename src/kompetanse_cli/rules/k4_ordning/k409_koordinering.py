"""Koordinering over 10 % av partnerskapets tilskudd i et år.

Hva: for hvert partnerskap og hvert år bør tilskuddet (`tilskudd_eier` + `tilskudd_uh`) til tiltak
av `type: koordinering` være høyst 10 % av partnerskapets samlede tilskudd det året. Dette er en
advarsel; grensen er data i komp (data/regelverk.toml) og er antatt, og et forum kan sette sin
egen i forum.yaml: `regler: {K409: {prosent: 15, begrunnelse: …}}`.

Hvorfor: en del av tilskuddet kan dekke koordinering, men «i begrenset omfang»
(Statsforvalteren i Oslo og Viken). Resten skal gå til kompetanseutvikling i barnehagene og
skolene.

Bestått:
    type: koordinering
    budsjett:
      2027: {tilskudd_eier: 120_000, egenandel: 36_000}
      2028: {tilskudd_eier: 120_000, egenandel: 36_000}
    # partnerskapets tiltak søker 2 470 000 kr i alt for 2027: koordineringen er 4,9 %

Feiler:
    type: koordinering
    budsjett:
      2027: {tilskudd_eier: 400_000, egenandel: 120_000}
      2028: {tilskudd_eier: 120_000, egenandel: 36_000}
    # 400 000 kr av 2 750 000 kr i alt for 2027: 14,5 %
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext
from ...domain.planfiles import KeyPath
from ...formatting import kroner, prosent
from ...pipeline.aggregate import coordination_by_year

CODE = "K409"
SEVERITY = Severity.WARNING
TITLE = "koordinering over 10 % av tilskuddet"
SOURCE = ("Statsforvalteren i Oslo og Viken: koordinering kan dekkes «i begrenset omfang» "
          "(10 % er antatt)")
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    checked = ctx.files.get("tiltak")
    for year in coordination_by_year(ctx):
        aar = year.aar
        path: KeyPath = ("tiltak", year.index, "budsjett", aar)
        limit = ctx.parameter(CODE, "prosent", year.ordning, aar)
        amount, whole = year.koordinering, year.i_alt
        if year.over(limit):
            yield Finding(
                checked, path,
                f"koordinering for {aar} er {kroner(amount)}, {prosent(100 * amount / whole)} av "
                f"partnerskapets tilskudd på {kroner(whole)} (over {prosent(limit)})",
                f"hold koordineringen til høyst {kroner(year.grense(limit))}, eller begrunn "
                "den høyere andelen for forumet",
                at_key=True,
            )
