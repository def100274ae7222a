"""Videreføringer alene er over årets ramme.

Hva: et tiltak som er vedtatt i et tidligere år (i `vedtak` i forum.yaml, eller forumets
`beslutning` for dets `aar`) og har budsjett i senere år, er en videreføring i de årene. For hver
ordning og hvert år summeres videreføringene (etter forumets `justeringer`); summen kan ikke være
større enn rammen i `rammer`. Da er det ikke plass til nye tiltak, og K303 sier ikke det samme én
gang til.

Hvorfor: tiltak varer 1–3 år med et beløp per år (Statsforvalteren i Oslo og Viken), og et tiltak
som er vedtatt for flere år, binder de senere årenes rammer først (antatt rekkefølge).

Bestått:
    rammer:
      dekom: {2027: 4_500_000}
    # tiltak vedtatt i 2026 har 670 000 kr i dekom for 2027

Feiler:
    rammer:
      dekom: {2027: 600_000}
    # tiltak vedtatt i 2026 har 670 000 kr i dekom for 2027
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...formatting import kroner
from ...pipeline.aggregate import continued_by_scheme_year, excess

CODE = "K312"
SEVERITY = Severity.ERROR
TITLE = "videreføringer over rammen"
SOURCE = ("Statsforvalteren i Oslo og Viken: tiltak for inntil tre år med beløp per år; at "
          "videreføringer går foran nye tiltak, er antatt")
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None or not forum.rammer:
        return
    for (ordning, aar), bundet in continued_by_scheme_year(ctx).items():
        ramme = forum.rammer.get(ordning, {}).get(aar)
        if ramme is not None and bundet > ramme:
            yield Finding(
                ctx.forum_file, ("rammer", ordning, aar),
                f"tiltak vedtatt i tidligere år har {kroner(bundet)} i {ordning} for {aar}, over "
                f"rammen på {kroner(ramme)} ({kroner(excess(bundet, ramme))} for mye) før noe nytt tiltak",
                "reduser videreføringene for året under `justeringer` (med begrunnelse), eller rett "
                "rammen hvis tildelingsbrevet gir mer",
            )
