"""En avstemming der Statsforvalteren stemte, eller med en stemme fra et ukjent medlem.

Hva: hver stemme i `beslutning.stemmer` skal ha et `medlem` som står i `medlemmer` (samme navn),
og et medlem med rollen `statsforvalter` kan ikke stemme.

Hvorfor: forumet skal helst komme fram til en «felles innstilling»; går det ikke, kan det stemme,
men Statsforvalteren kan ikke stemme (Udirs mandat for samarbeidsforum). I FYO-forumet deltar
Statsforvalteren bare som observatør (Udirs FYO-mandat).

Bestått:
    beslutning:
      form: avstemming
      dato: 2027-03-10
      stemmer:
        - {medlem: Tor Erik Pedersen, stemme: for}

Feiler:
    beslutning:
      form: avstemming
      dato: 2027-03-10
      stemmer:
        - {medlem: Ingrid Hansen, stemme: for}   # rolle: statsforvalter
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from .._felles import regelverk_for_forum

CODE = "K307"
SEVERITY = Severity.ERROR
TITLE = "Statsforvalteren eller et ukjent medlem har stemt"
SOURCE = ("Udir: Mandat for samarbeidsforum (Statsforvalteren kan ikke stemme); Udirs mandat "
          "for FYO-forumet (Statsforvalteren er observatør)")
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None or forum.beslutning is None or not forum.beslutning.stemmer:
        return
    no_vote = {role for reg in regelverk_for_forum(forum.ordninger, forum.aar)
               for role in reg.uten_stemmerett.verdi}
    roles = {m.navn.strip(): m.rolle for m in forum.medlemmer}
    for index, stemme in enumerate(forum.beslutning.stemmer):
        path = ("beslutning", "stemmer", index, "medlem")
        navn = stemme.medlem.strip()
        if navn not in roles:
            yield Finding(
                ctx.forum_file, path,
                f"«{stemme.medlem}» har stemt, men står ikke blant forumets medlemmer",
                "skriv navnet nøyaktig som under `medlemmer`, eller legg medlemmet til der",
            )
        elif roles[navn] in no_vote:
            yield Finding(
                ctx.forum_file, path,
                f"{navn} har rollen {roles[navn]} og kan ikke stemme",
                "ta stemmen ut av `stemmer`; Statsforvalteren deltar uten stemmerett",
            )
