"""Beslutningen er datert etter fristen for innstillingen.

Hva: `beslutning.dato` i forum.yaml bør ikke være senere enn `frister.innstilling`. Uten
`frister.innstilling` gjelder 15. mars i forumets `aar`. Dette er en advarsel.

Hvorfor: fristene varierer mellom fylkene, for eksempel innstilling innen 15. mars i Nordland
(statsforvalteren.no); Statsforvalteren fatter vedtak på grunnlag av innstillingen, og en sen
innstilling forsinker utbetalingen.

Bestått:
    beslutning: {form: konsensus, dato: 2027-03-10}
    frister: {innstilling: 2027-03-15}

Feiler:
    beslutning: {form: konsensus, dato: 2027-03-20}
    frister: {innstilling: 2027-03-15}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from .._felles import regelverk_for_forum

CODE = "K309"
SEVERITY = Severity.WARNING
TITLE = "beslutning etter fristen for innstillingen"
SOURCE = "Statsforvalteren i Nordland: innstilling innen 15. mars; fristene settes per forum"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def _date(value: dt.date) -> str:
    return f"{value.day}.{value.month}.{value.year}"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None or forum.beslutning is None:
        return
    frist = forum.frister.innstilling if forum.frister is not None else None
    given = frist is not None
    if frist is None:
        month, day = regelverk_for_forum(forum.ordninger, forum.aar)[0] \
            .frist_innstilling.verdi.split("-")
        frist = dt.date(forum.aar, int(month), int(day))
    dato = forum.beslutning.dato
    if dato > frist:
        where = "fristen i `frister.innstilling`" if given else \
            f"standardfristen for innstillingen ({_date(frist)} i forumets år {forum.aar})"
        yield Finding(
            ctx.forum_file, ("beslutning", "dato"),
            f"beslutningen er datert {_date(dato)}, etter {where}"
            + (f" ({_date(frist)})" if given else ""),
            "sjekk datoen; flytter forumet fristen, skriv den nye fristen under "
            "`frister: innstilling:`",
        )
