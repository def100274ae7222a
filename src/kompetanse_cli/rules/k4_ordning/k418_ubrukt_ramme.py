"""En del av rammen er ikke fordelt.

Hva: for året innstillingen gjelder (`aar` i forum.yaml) sammenlignes rammen for hver ordning i
`rammer` med det forumet innstiller på (etter justeringer). Er det penger igjen, sier komp hvor
mye og hvor stor del av rammen det er. Det er informasjon, ikke en feil: forumet kan ha grunner
til å holde noe igjen, men det bør være et valg.

Hvorfor: rammen per ordning og år er gitt i tildelingsbrevet; innstillingen skal vise hvordan
midlene skal fordeles mellom aktørene (Udirs mandat for samarbeidsforum). Midler som ikke
fordeles, blir ikke brukt til kompetanseutvikling det året.

Bestått:
    rammer:
      dekom_fyo: {2027: 2_450_000}
    # tiltakene har til sammen 2 450 000 kr i 2027

Feiler:
    rammer:
      dekom_fyo: {2027: 4_200_000}
    # tiltakene har til sammen 2 450 000 kr i 2027: 1 750 000 kr (41,7 %) er ikke fordelt
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...formatting import kroner, prosent
from ...pipeline.aggregate import unallocated

CODE = "K418"
SEVERITY = Severity.INFO
TITLE = "en del av rammen er ikke fordelt"
SOURCE = "Udir: Mandat for samarbeidsforum (fordelingen av midlene); tildelingsbrevet fra Udir"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None:
        return
    for rest in unallocated(ctx):
        if rest.aar != forum.aar or rest.ramme <= 0:
            continue
        yield Finding(
            ctx.forum_file, ("rammer", rest.ordning, rest.aar),
            f"{kroner(rest.gjenstaar)} ({prosent(100 * rest.gjenstaar / rest.ramme)}) av rammen "
            f"for {rest.ordning} i {rest.aar} er ikke fordelt: innstilt {kroner(rest.anbefalt)} "
            f"av {kroner(rest.ramme)}",
            "innstill flere tiltak eller høyere beløp, eller si i planen hva resten skal brukes "
            "til",
        )
