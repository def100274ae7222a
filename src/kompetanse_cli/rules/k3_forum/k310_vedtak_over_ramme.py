"""Statsforvalterens vedtak tildeler mer enn rammen.

Hva: for hvert vedtak i `vedtak` i forum.yaml med `tildelinger` summeres `beloep` per ordning.
Summen kan ikke være større enn rammen for ordningen og vedtakets år i `rammer`. Et vedtak med
`som_innstilt: true` tildeler det forumet innstilte; da er det K303 som passer på rammen.

Hvorfor: Statsforvalteren fatter vedtak på grunnlag av innstillingen og betaler ut innenfor
rammen i tildelingsbrevet fra Udir; et vedtak over rammen kan ikke betales ut slik det står.

Bestått:
    rammer:
      dekom: {2026: 1_200_000}
    vedtak:
      - aar: 2026
        dato: 2026-04-10
        saksnummer: "2026/1234"
        tildelinger:
          - {mottaker: "972418013", ordning: dekom, beloep: 800_000}
          - {mottaker: "970940243", ordning: dekom, beloep: 400_000}

Feiler:
    rammer:
      dekom: {2026: 1_200_000}
    vedtak:
      - aar: 2026
        dato: 2026-04-10
        saksnummer: "2026/1234"
        tildelinger:
          - {mottaker: "972418013", ordning: dekom, beloep: 900_000}
          - {mottaker: "970940243", ordning: dekom, beloep: 400_000}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...formatting import kroner
from ...pipeline.aggregate import decided_by_scheme, excess

CODE = "K310"
SEVERITY = Severity.ERROR
TITLE = "vedtak over rammen"
SOURCE = "udir.no: Statsforvalteren fatter vedtak på grunnlag av innstillingen; tildelingsbrevet fra Udir"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None:
        return
    for index, vedtak in enumerate(forum.vedtak or ()):
        if vedtak.tildelinger is None:
            continue
        for ordning, tildelt in decided_by_scheme(vedtak).items():
            ramme = (forum.rammer or {}).get(ordning, {}).get(vedtak.aar)
            if ramme is not None and tildelt > ramme:
                yield Finding(
                    ctx.forum_file, ("vedtak", index, "tildelinger"),
                    f"vedtaket for {vedtak.aar} tildeler {kroner(tildelt)} i {ordning}, over "
                    f"rammen på {kroner(ramme)} ({kroner(excess(tildelt, ramme))} for mye)",
                    "sjekk beløpene i `tildelinger` mot vedtaksbrevet, eller rett rammen i "
                    "`rammer` hvis tildelingsbrevet gir mer",
                )
