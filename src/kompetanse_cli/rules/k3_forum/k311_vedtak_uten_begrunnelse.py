"""Et vedtak som avviker fra innstillingen, uten begrunnelse.

Hva: når et vedtak i `vedtak` i forum.yaml har `tildelinger`, sammenlignes beløpet per mottaker
og ordning med det forumet innstilte for samme år (partnerskapenes tilskudd etter forumets
`justeringer`, i planfilene ved vedtakets `grunnlag` når det står). Avviker ett eller flere
beløp, skal vedtaket ha `begrunnelse`. Dette er en advarsel.

Hvorfor: Statsforvalteren fatter vedtak på grunnlag av innstillingen (udir.no) og kan avvike fra
den, men grunnen bør stå i saken, så forumet og mottakerne ser hvorfor (antatt).

Bestått:
    vedtak:
      - aar: 2026
        dato: 2026-04-10
        saksnummer: "2026/1234"
        tildelinger:
          - {mottaker: "972418013", ordning: dekom, beloep: 500_000}
        begrunnelse: Tiltaket T1 starter et halvt år senere enn planlagt.

Feiler:
    vedtak:
      - aar: 2026
        dato: 2026-04-10
        saksnummer: "2026/1234"
        tildelinger:
          - {mottaker: "972418013", ordning: dekom, beloep: 500_000}
    # forumet innstilte 600 000 kr til mottakeren i dekom for 2026
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...formatting import kroner
from ...pipeline.aggregate import vedtak_by_year, vedtak_departures

CODE = "K311"
SEVERITY = Severity.WARNING
TITLE = "vedtak som avviker fra innstillingen uten begrunnelse"
SOURCE = "udir.no: Statsforvalteren fatter vedtak på grunnlag av innstillingen; begrunnelsen er antatt"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    for aar, (index, vedtak) in vedtak_by_year(ctx).items():
        if vedtak.tildelinger is None or vedtak.begrunnelse:
            continue
        differs = vedtak_departures(ctx, aar)
        if not differs:
            continue
        (orgnr, ordning), first = next(iter(differs.items()))
        more = f" og {len(differs) - 1} til" if len(differs) > 1 else ""
        yield Finding(
            ctx.forum_file, ("vedtak", index),
            f"vedtaket for {aar} avviker fra innstillingen uten begrunnelse: {orgnr} i {ordning} "
            f"får {kroner(first.tildelt)}, innstilt {kroner(first.innstilt)}{more}",
            "skriv hvorfor Statsforvalteren avviker fra innstillingen under `begrunnelse:`, eller "
            "bruk `som_innstilt: true` hvis vedtaket følger innstillingen",
        )
