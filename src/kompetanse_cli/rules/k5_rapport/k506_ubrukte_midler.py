"""Ubrukte midler som skal betales tilbake eller overføres.

Hva: når alle partnerskap som fikk midler et år har rapportert for året, regnes det ubrukte
per mottaker og ordning: tildelt (vedtaket, eller det innstilte når året ikke har vedtak) minus
brukt i rapportene. Forumets `ubrukte_midler` i forum.yaml sier om beløpet skal betales tilbake
(`tilbakebetales`, standard) eller overføres til neste år (`overfoeres`); da står det ved siden av
rammen i neste års innstilling. Dette er informasjon, ikke en feil.

Hvorfor: eierne rapporterer om bruken av midlene (Statsforvalteren i Oslo og Viken); kildene
sier ikke om ubrukte midler betales tilbake eller overføres, så det er forumets valg (antatt).

Bestått:
    # alt som ble tildelt for 2026, er brukt
    rapport:
      - aar: 2026
        tiltak:
          - {id: T2, status: gjennomfoert, brukt: {tilskudd_eier: 420_000, tilskudd_uh: 250_000}}

Feiler:
    # T2 fikk 420 000 kr til eier for 2026, men bare 380 000 kr er brukt
    rapport:
      - aar: 2026
        tiltak:
          - {id: T2, status: gjennomfoert, brukt: {tilskudd_eier: 380_000, tilskudd_uh: 250_000}}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...formatting import kroner
from ...pipeline.aggregate import reported_years, reports_complete, unspent_by_recipient, vedtak_by_year
from .._felles import named, names_by_orgnr

CODE = "K506"
SEVERITY = Severity.INFO
TITLE = "rapport: ubrukte midler å betale tilbake eller overføre"
SOURCE = ("Statsforvalteren i Oslo og Viken: eierne rapporterer om bruken av midlene; om ubrukte "
          "midler betales tilbake eller overføres, er forumets valg (antatt)")
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None:
        return
    names = names_by_orgnr(ctx)
    vedtak = vedtak_by_year(ctx)
    years = sorted({aar for found in reported_years(ctx).values() for aar in found})
    carry = forum.ubrukte_midler == "overfoeres"
    for aar in years:
        if not reports_complete(ctx, aar):
            continue
        path: tuple[object, ...] = ("ubrukte_midler",) if forum.ubrukte_midler else \
            ("vedtak", vedtak[aar][0]) if aar in vedtak else ()
        for (orgnr, ordning), beloep in unspent_by_recipient(ctx, aar).items():
            what = f"overføres til {aar + 1}" if carry else "betales tilbake"
            yield Finding(
                ctx.forum_file, path,
                f"{named(names, orgnr)} har {kroner(beloep)} ubrukt i {ordning} for {aar}, som "
                f"{what}",
                "forumets valg står i `ubrukte_midler` i forum.yaml (`tilbakebetales` eller "
                "`overfoeres`); se `komp rapport --aar " + str(aar) + "` for hele oppgjøret",
            )
