"""Et tiltak hører ikke til noe fokusområde i forumets plan.

Hva: når forumets langsiktige plan har fokusområder (`plan.fokusomraader` i forum.yaml), bør
hvert tiltak si hvilke av dem det hører til, med navnene slik de står i planen:
`fokusomraader: [Inkluderende fellesskap]`. Et navn som ikke står i planen, er en feil (K202).

Hvorfor: «Prioriteringen av tiltak skal være forankret i en langsiktig felles plan i
samarbeidsforumet for bruk av midlene i tilskuddsordningen» (brukerens beskrivelse av
ordningene; Udirs mandat for samarbeidsforum). Innstillingen viser fokusområdet for hvert
tiltak, og planen viser hvilke tiltak som hører til hvert fokusområde.

Bestått:
    tiltak:
      - id: T1
        fokusomraader: [Inkluderende fellesskap]

Feiler:
    tiltak:
      - id: T1
        # ingen fokusomraader, men planen har tre
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from .._felles import in_own_schemes, listing

CODE = "K414"
SEVERITY = Severity.WARNING
TITLE = "tiltak uten fokusområde i planen"
SOURCE = ("Udir: Mandat for samarbeidsforum; brukerens beskrivelse: «Prioriteringen av tiltak skal "
          "være forankret i en langsiktig felles plan i samarbeidsforumet»")
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None or forum.plan is None or not forum.plan.fokusomraader:
        return
    names = [f"«{f.navn}»" for f in forum.plan.fokusomraader]
    for partnership in ctx.partnerships:
        tiltak_file = partnership.files.get("tiltak")
        for index, tiltak in in_own_schemes(partnership, "tiltak"):
            if tiltak.fokusomraader:
                continue
            yield Finding(
                tiltak_file, ("tiltak", index),
                f"tiltaket {tiltak.id} ({tiltak.tittel}) hører ikke til noe fokusområde i "
                "forumets plan",
                f"legg til «fokusomraader:» med ett eller flere av {listing(names, 'eller')}",
            )
