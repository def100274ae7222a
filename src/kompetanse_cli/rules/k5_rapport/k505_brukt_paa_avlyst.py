"""Penger brukt på et tiltak som er rapportert avlyst.

Hva: et tiltak i `rapport.yaml` med `status: avlyst` skal ikke ha brukt noe av tilskuddet
(`brukt`). Dette er en advarsel: kostnader før avlysningen kan være riktige, men bør forklares
i `evaluering`, og resten er ubrukte midler.

Hvorfor: midlene er til tiltakene i innstillingen (Udirs mandat); brukes de på et avlyst tiltak,
må Statsforvalteren se hva de gikk til.

Bestått:
    rapport:
      - aar: 2026
        tiltak:
          - {id: T2, status: avlyst}

Feiler:
    rapport:
      - aar: 2026
        tiltak:
          - {id: T2, status: avlyst, brukt: {tilskudd_uh: 40_000}}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...formatting import kroner
from ...pipeline.aggregate import report_rows
from .._felles import report_entry

CODE = "K505"
SEVERITY = Severity.WARNING
TITLE = "rapport: penger brukt på avlyst tiltak"
SOURCE = "Udir: Mandat for samarbeidsforum (midlene går til tiltakene i innstillingen)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    for row in report_rows(ctx):
        if row.status == "avlyst" and row.brukt_sum > 0:
            yield Finding(
                *report_entry(ctx, row, "brukt"),
                f"{row.tiltak} er rapportert avlyst for {row.aar}, men {kroner(row.brukt_sum)} "
                "er brukt",
                "forklar under `evaluering` hva pengene gikk til før avlysningen, eller sett "
                "`status: delvis` hvis noe av tiltaket ble gjennomført",
            )
