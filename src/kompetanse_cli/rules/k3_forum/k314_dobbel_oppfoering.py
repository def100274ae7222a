"""Samme år eller tiltak står to ganger i vedtak eller justeringer.

Hva: i forum.yaml står hvert år én gang i `vedtak`, og hvert tiltak og år én gang i
`justeringer` (`tiltak` og `aar` sammen). Den andre forekomsten rapporteres.

Hvorfor: innstillingen, rapportene og utbetalingene bruker ett vedtak per år og én justering per
tiltak og år; står det to, ville komp måtte velge én av dem i stillhet, og tallene kunne vise noe
annet enn forumet eller Statsforvalteren mente.

Bestått:
    justeringer:
      - tiltak: lofoten/T3
        aar: 2027
        tilskudd_eier: 400_000
        begrunnelse: Tiltaket starter i august.
      - tiltak: lofoten/T3
        aar: 2028
        tilskudd_eier: 300_000
        begrunnelse: Ett år kortere enn søkt.

Feiler:
    vedtak:
      - aar: 2026
        dato: 2026-04-14
        saksnummer: "2026/1873"
        som_innstilt: true
      - aar: 2026   # samme år to ganger
        dato: 2026-05-02
        saksnummer: "2026/2011"
        som_innstilt: true
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...pipeline.aggregate import split_ref

CODE = "K314"
SEVERITY = Severity.ERROR
TITLE = "samme vedtak eller justering to ganger"
SOURCE = "komp: planfilenes format (ett vedtak per år, én justering per tiltak og år)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None:
        return
    years: dict[int, int] = {}
    for index, vedtak in enumerate(forum.vedtak or ()):
        if vedtak.aar in years:
            yield Finding(
                ctx.forum_file, ("vedtak", index, "aar"),
                f"det er et vedtak for {vedtak.aar} før i vedtak (element {years[vedtak.aar] + 1}); "
                "hvert år har ett vedtak",
                f"slå vedtakene for {vedtak.aar} sammen til ett (et endret vedtak erstatter det "
                "gamle), eller rett året",
            )
        else:
            years[vedtak.aar] = index
    targets: dict[tuple[str, int], int] = {}
    for index, justering in enumerate(forum.justeringer or ()):
        ref = split_ref(justering.tiltak)
        if ref is None:
            continue  # K305 says the reference is incomplete
        target = ("/".join(ref), justering.aar)
        if target in targets:
            yield Finding(
                ctx.forum_file, ("justeringer", index, "tiltak"),
                f"{target[0]} for {justering.aar} er justert før i justeringer "
                f"(element {targets[target] + 1}); hvert tiltak justeres én gang per år",
                f"slå justeringene av {target[0]} for {justering.aar} sammen til én",
            )
        else:
            targets[target] = index
