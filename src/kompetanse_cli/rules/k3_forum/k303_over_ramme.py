"""Innstilte beløp over forumets ramme.

Hva: for hver ordning og hvert år summeres det forumet innstiller på: partnerskapenes
`tilskudd_eier` og `tilskudd_uh` (fordelinger per orgnr summeres), med forumets `justeringer`
(nye beløp, eller `avslaatt: true`, som gir 0). Summen kan ikke være større enn rammen for
ordningen og året i `rammer` i forum.yaml. Videreføringer (tiltak vedtatt i tidligere år) telles
først; er de alene over rammen, er det K312 som melder det.

Hvorfor: rammen per ordning og år er gitt i tildelingsbrevet fra Udir; innstillingen skal vise
hvordan midlene skal fordeles, og kan ikke fordele mer enn fylket får (Udirs mandat for
samarbeidsforum).

Bestått:
    rammer:
      dekom: {2027: 4_500_000}
    # tiltakene i dekom for 2027 har til sammen 4 070 000 kr etter justeringer

Feiler:
    rammer:
      dekom: {2027: 4_000_000}
    # tiltakene i dekom for 2027 har til sammen 4 070 000 kr etter justeringer
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...formatting import kroner
from ...pipeline.aggregate import (
    continued_by_scheme_year,
    excess,
    left_of,
    recommended_by_scheme_year,
)

CODE = "K303"
SEVERITY = Severity.ERROR
TITLE = "innstilte beløp over rammen"
SOURCE = "Udir: Mandat for samarbeidsforum (fordelingen av midlene); tildelingsbrevet fra Udir"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None or not forum.rammer:
        return
    continued = continued_by_scheme_year(ctx)
    for (ordning, aar), anbefalt in recommended_by_scheme_year(ctx).items():
        ramme = forum.rammer.get(ordning, {}).get(aar)
        if ramme is not None and continued.get((ordning, aar), 0) > ramme:
            continue  # K312: the continuations alone leave no room
        if ramme is not None and anbefalt > ramme:
            over = excess(anbefalt, ramme)
            bound = continued.get((ordning, aar), 0)
            first = (f"; videreføringer fra tidligere år binder {kroner(bound)} av den, så nye "
                     f"tiltak har {kroner(left_of(ramme, bound))}") if bound else ""
            yield Finding(
                ctx.forum_file, ("rammer", ordning, aar),
                f"innstilt til {ordning} for {aar} er {kroner(anbefalt)}, over rammen på "
                f"{kroner(ramme)} ({kroner(over)} for mye){first}",
                f"reduser eller avslå tiltak for {kroner(over)} under `justeringer` i forum.yaml, "
                "eller rett rammen hvis tildelingsbrevet gir mer",
            )
