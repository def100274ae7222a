"""Et forum som blander DeKom FYO med de andre ordningene.

Hva: `ordninger` i forum.yaml har enten `dekom_fyo` alene, eller en eller flere av `dekom`,
`rekom` og `komsip`.

Hvorfor: fag- og yrkesopplæringen har egen forskrift (FOR-2021-01-26-229), eget forum med andre
medlemmer (arbeidslivet, yrkesopplæringsnemnda), og fylkeskommunen disponerer midlene etter en
egen disponeringsplan. De andre ordningene følger FOR-2021-01-26-230 og innstilles til
Statsforvalteren.

Bestått:
    ordninger: [dekom_fyo]

Feiler:
    ordninger: [dekom, dekom_fyo]
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from .._felles import listing

CODE = "K302"
SEVERITY = Severity.ERROR
TITLE = "forum som blander dekom_fyo med andre ordninger"
SOURCE = ("FOR-2021-01-26-229 (fag- og yrkesopplæringen) og FOR-2021-01-26-230 (barnehage og "
          "grunnopplæring); Udirs mandater for samarbeidsforum")
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None or "dekom_fyo" not in forum.ordninger:
        return
    others = [o for o in forum.ordninger if o != "dekom_fyo"]
    if others:
        yield Finding(
            ctx.forum_file, ("ordninger",),
            f"forumet har både dekom_fyo og {listing(others)}; et forum behandler enten dekom_fyo "
            "alene eller dekom, rekom og komsip",
            f"ta dekom_fyo ut av `ordninger`, eller ta ut {listing(others)} og lag et eget forum "
            "for dem",
            at_key=True,
        )
