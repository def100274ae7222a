"""Søknader i en ordning og et år uten ramme.

Hva: når partnerskapene søker om midler (`tilskudd_eier` eller `tilskudd_uh` over 0) i en ordning
forumet behandler, for et år, bør `rammer` i forum.yaml ha en ramme for den ordningen og det
året. Dette er en advarsel: rammen for neste år kommer ofte sent.

Hvorfor: rammen er gitt i tildelingsbrevet fra Udir og er grunnlaget for innstillingen; uten den
kan ikke komp kontrollere at innstillingen holder seg innenfor (K303).

Bestått:
    rammer:
      rekom: {2026: 2_400_000, 2027: 2_500_000, 2028: 2_200_000}
    # tiltakene i rekom har budsjett for 2026, 2027 og 2028

Feiler:
    rammer:
      rekom:
        2026: 2_400_000
        2027: 2_500_000
        # ingen 2028, men tiltakene i rekom har budsjett for 2028 også
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...domain.planfiles import KeyPath
from ...formatting import kroner
from ...pipeline.aggregate import requested_by_scheme_year

CODE = "K304"
SEVERITY = Severity.WARNING
TITLE = "søknader uten ramme"
SOURCE = "Udir: Mandat for samarbeidsforum; tildelingsbrevet fra Udir (rammen er et inndata)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None:
        return
    rammer = forum.rammer or {}
    for (ordning, aar), soekt in requested_by_scheme_year(ctx).items():
        if ordning not in forum.ordninger or soekt <= 0:
            continue  # K301 and K203 report schemes the forum does not handle
        if aar in rammer.get(ordning, {}):
            continue
        path: KeyPath = ("rammer", ordning) if ordning in rammer else \
            ("rammer",) if forum.rammer is not None else ()
        yield Finding(
            ctx.forum_file, path,
            f"partnerskapene søker {kroner(soekt)} i {ordning} for {aar}, men forumet har ingen "
            f"ramme for {ordning} {aar}",
            f"legg til rammen under `rammer: {ordning}: {aar}:` i forum.yaml (fra "
            "tildelingsbrevet; et foreløpig tall holder)",
            at_key=bool(path),
        )
