"""Rapporten viser mer brukt enn tildelt.

Hva: for hvert tiltak i `rapport.yaml` sammenlignes `brukt` per mottaker (`tilskudd_eier` til
partnerskapets `mottaker` eller eneste eier, `tilskudd_uh` til tiltakets partner, eller fordelt
per orgnr som i `budsjett`) med det tiltaket fikk det året: tilskuddet i `tiltak.yaml` etter
forumets `justeringer`, eller, når Statsforvalterens vedtak for året har egne `tildelinger`, det
vedtatte beløpet til hver mottaker fordelt på tiltakene etter de innstilte beløpene. Ingen
mottaker kan ha brukt mer enn den fikk.

Hvorfor: eierne rapporterer om bruken av midlene (Statsforvalteren i Oslo og Viken); mer brukt
enn tildelt betyr en feil i rapporten, eller at tiltaket er finansiert med andre midler, som da
hører under egenandelen.

Bestått:
    # tiltak.yaml: T2 har tilskudd_eier 420 000 kr for 2026
    rapport:
      - aar: 2026
        tiltak:
          - {id: T2, status: gjennomfoert, brukt: {tilskudd_eier: 420_000}}

Feiler:
    rapport:
      - aar: 2026
        tiltak:
          - {id: T2, status: gjennomfoert, brukt: {tilskudd_eier: 470_000}}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...formatting import kroner
from ...pipeline.aggregate import (
    Andel,
    by_role_and_recipient,
    excess,
    granted_shares_by_measure,
    report_rows,
)
from .._felles import named, names_by_orgnr, report_entry

CODE = "K501"
SEVERITY = Severity.ERROR
TITLE = "rapport: mer brukt enn tildelt"
SOURCE = "Statsforvalteren i Oslo og Viken: eierne rapporterer om bruken av midlene"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    names = names_by_orgnr(ctx)
    by_year: dict[int, dict[tuple[str, str], tuple[Andel, ...]]] = {}
    for row in report_rows(ctx):
        if row.ordning is None:
            continue  # K504
        if row.aar not in by_year:
            by_year[row.aar] = granted_shares_by_measure(ctx, row.aar)
        granted = by_role_and_recipient(by_year[row.aar].get((row.partnerskap, row.tiltak), ()))
        if not granted:
            continue  # no grant that year: K504
        for (rolle, orgnr), amount in by_role_and_recipient(row.brukt).items():
            fikk = granted.get((rolle, orgnr), 0)
            if amount > fikk:
                part = "tilskudd_eier" if rolle == "eier" else "tilskudd_uh"
                yield Finding(
                    *report_entry(ctx, row, "brukt"),
                    f"{row.tiltak} i {row.aar}: {named(names, orgnr)} har brukt {kroner(amount)} "
                    f"av {part}, men fikk {kroner(fikk)} ({kroner(excess(amount, fikk))} for mye)",
                    "rett beløpet under `brukt`; er tiltaket også finansiert med egne midler, "
                    "føres de under `egenandel`",
                )
