"""Hospitering som ikke følger forumets faste sats.

Hva: et forum som betaler hospitering med en fast sats, setter den i forum.yaml:
`regler: {K421: {sats_per_deltaker: 25000, begrunnelse: …}}` (hele kroner per deltaker og år).
Da skal det innstilte tilskuddet (`tilskudd_eier` + `tilskudd_uh`, etter forumets justeringer)
til hvert tiltak av `type: hospitering` være satsen ganger `deltakere.antall`, hvert år. Et
tiltak som avviker, eller som ikke oppgir antall deltakere, gir en advarsel. Uten satsen kjører
ikke regelen.

Hvorfor: flere fylker har egne regler for hospitering, med faste satser per deltaker (en lokal
regel, ikke en nasjonal). Med satsen som data i forum.yaml blir den brukt likt på alle
partnerskapene, og innstillingen viser forumets begrunnelse.

Bestått:
    # forum.yaml: regler: {K421: {sats_per_deltaker: 25000, begrunnelse: …}}
    tiltak:
      - id: T1
        type: hospitering
        deltakere: {antall: 14}
        budsjett:
          2027: {tilskudd_eier: 200_000, tilskudd_uh: 150_000}   # 14 × 25 000 kr

Feiler:
    # forum.yaml: regler: {K421: {sats_per_deltaker: 20000, begrunnelse: …}}
    tiltak:
      - id: T1
        type: hospitering
        deltakere: {antall: 14}
        budsjett:
          2027: {tilskudd_eier: 200_000, tilskudd_uh: 150_000}   # satsen gir 280 000 kr
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...domain.planfiles import Checked, KeyPath
from ...formatting import kroner
from ...pipeline.aggregate import by_fixed_rate
from .._felles import parameter

CODE = "K421"
SEVERITY = Severity.WARNING
TITLE = "hospitering som ikke følger forumets faste sats"
SOURCE = "forumets egen regel (`regler: K421` i forum.yaml): fast sats for hospitering"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None:
        return
    rate = parameter(forum, CODE, "sats_per_deltaker", forum.ordninger[0], forum.aar)
    if rate is None:
        return
    sats = int(rate.verdi)
    where: dict[tuple[str, str], tuple[Checked | None, int]] = {}
    for partnership in ctx.partnerships:
        for index, tiltak in partnership.tiltak():
            where[(partnership.slug, tiltak.id)] = (partnership.files.get("tiltak"), index)
    for row in by_fixed_rate(ctx, "hospitering", sats):
        checked, index = where[(row.rad.partnerskap, row.rad.tiltak)]
        path: KeyPath = ("tiltak", index, "budsjett", row.rad.aar)
        name = f"{row.rad.partnerskap}/{row.rad.tiltak}"
        if row.antall is None or row.etter_sats is None:
            yield Finding(
                checked, ("tiltak", index), f"hospiteringstiltaket {name} oppgir ikke antall "
                f"deltakere, så forumets faste sats ({kroner(sats)} per deltaker og år) kan ikke "
                "brukes",
                "legg til «deltakere:» med «antall:» (antall personer som hospiterer)")
            continue
        if row.rad.anbefalt == row.etter_sats:
            continue
        target: Checked | None = checked
        if row.rad.justering is not None:
            target, path = ctx.forum_file, ("justeringer", row.rad.justering)
        yield Finding(
            target, path,
            f"hospiteringstiltaket {name} har {kroner(row.rad.anbefalt)} i {row.rad.aar}, men "
            f"forumets faste sats gir {row.antall} × {kroner(sats)} = {kroner(row.etter_sats)}",
            f"sett tilskuddet (tilskudd_eier + tilskudd_uh) for {row.rad.aar} til "
            f"{kroner(row.etter_sats)}, eller rett antall deltakere; satsen står under "
            "«regler: K421» i forum.yaml",
            at_key=row.rad.justering is None,
        )
