"""DeKom: levert egenandel under 30 % av tilskuddet som er brukt.

Hva: i rapportene for DeKom summeres, per eier og år, egenandelen eierne har levert
(`egenandel`, til partnerskapets `mottaker` eller eneste eier, eller fordelt per orgnr) og
tilskuddet til eier de har brukt (`brukt.tilskudd_eier`). Egenandelen skal være minst 30 % av
det brukte tilskuddet. Satsen og grunnlaget står i regelverket (data i komp), som for K401.

Hvorfor: skoleeierne skal bidra med en egenandel på 30 prosent av det statlige tilskuddet de
tildeles (Statsforvalteren i Innlandet, Møre og Romsdal, Oslo og Viken); i rapporten måles den
mot tilskuddet som faktisk er brukt.

Bestått:
    rapport:
      - aar: 2026
        tiltak:
          - {id: T2, status: gjennomfoert, brukt: {tilskudd_eier: 500_000}, egenandel: 150_000}

Feiler:
    rapport:
      - aar: 2026
        tiltak:
          - {id: T2, status: gjennomfoert, brukt: {tilskudd_eier: 500_000}, egenandel: 100_000}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...domain.regelverk import for_ordning
from ...formatting import kroner
from ...pipeline.aggregate import owner_egenandel_used, report_rows, required_share
from .._felles import named, names_by_orgnr, report_entry

CODE = "K502"
SEVERITY = Severity.ERROR
TITLE = "rapport: DeKom-egenandel under 30 % av brukt tilskudd"
SOURCE = ("Statsforvalteren i Innlandet, Møre og Romsdal, Oslo og Viken: egenandel på 30 prosent "
          "av det statlige tilskuddet")
SCHEMES = ("dekom",)
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    names = names_by_orgnr(ctx)
    rows = list(report_rows(ctx))
    for aar in sorted({row.aar for row in rows}):
        for ordning in sorted({row.ordning for row in rows if row.ordning and row.aar == aar}):
            try:
                spec = for_ordning(ordning, aar).egenandel.get(ordning)
            except Exception:  # no regulation covers the year: no requirement to check
                continue
            if spec is None or spec.grunnlag.verdi != "tilskudd_eier":
                continue
            rate = spec.prosent.verdi
            for orgnr, (levert, brukt) in owner_egenandel_used(ctx, aar, ordning).items():
                krav = required_share(rate, brukt)
                if levert >= krav:
                    continue
                first = next(row for row in rows if row.aar == aar and row.ordning == ordning
                             and any(a.orgnr == orgnr for a in (*row.egenandel, *row.brukt)))
                yield Finding(
                    *report_entry(ctx, first, "egenandel"),
                    f"{named(names, orgnr)} har levert {kroner(levert)} i egenandel i {ordning} "
                    f"for {aar}, under {rate} % av brukt tilskudd til eier ({kroner(brukt)} → "
                    f"minst {kroner(krav)})",
                    f"før opp hele egenandelen som er levert (også arbeidstid), minst "
                    f"{kroner(krav)}; er mindre levert, må tilskuddet reduseres tilsvarende",
                )
