"""En justering som viser til et tiltak eller år som ikke finnes.

Hva: hver oppføring i `justeringer` i forum.yaml skal i `tiltak` nevne et partnerskap (mappenavnet
under partnerskap/) og et tiltak i det, skrevet `<partnerskap>/<tiltak-id>`, og i `aar` et år
tiltaket har budsjett for.

Hvorfor: justeringene endrer det forumet innstiller på (K303 og innstillingen bruker dem); en
justering som ikke treffer noe tiltak ville ellers blitt oversett i stillhet, og innstillingen
ville vist feil beløp (Udirs mandat: innstillingen skal vise hvordan midlene fordeles).

Bestått:
    justeringer:
      - tiltak: lofoten/T3
        aar: 2027
        tilskudd_eier: 400_000
        begrunnelse: Tiltaket starter i august.

Feiler:
    justeringer:
      - tiltak: lofoten/T9   # lofoten har ikke tiltaket T9
        aar: 2027
        tilskudd_eier: 400_000
        begrunnelse: Tiltaket starter i august.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...pipeline.aggregate import split_ref
from .._felles import listing

CODE = "K305"
SEVERITY = Severity.ERROR
TITLE = "justering av ukjent tiltak eller år"
SOURCE = "Udir: Mandat for samarbeidsforum (innstillingen viser fordelingen av midlene)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None:
        return
    by_slug = {p.slug: p for p in ctx.partnerships}
    for index, justering in enumerate(forum.justeringer or ()):
        base = ("justeringer", index)
        ref = split_ref(justering.tiltak)
        if ref is None:
            yield Finding(
                ctx.forum_file, (*base, "tiltak"),
                f"«{justering.tiltak}» sier ikke hvilket partnerskap tiltaket hører til",
                "skriv `<partnerskap>/<tiltak-id>`, for eksempel «salten/T2», der partnerskap er "
                "mappenavnet under partnerskap/",
            )
            continue
        slug, tiltak_id = ref
        partnership = by_slug.get(slug)
        if partnership is None:
            if ctx.partnerships_only:
                continue  # only one partnership was read: the others are not known here
            known = sorted(by_slug)
            yield Finding(
                ctx.forum_file, (*base, "tiltak"),
                f"justeringen viser til partnerskapet «{slug}», som ikke finnes i forumet",
                f"bruk et av {listing(known, 'eller')}" if known else
                "legg partnerskapet i en mappe under partnerskap/",
            )
            continue
        checked = partnership.files.get("tiltak")
        if checked is None or not checked.complete or tiltak_id in checked.broken_ids:
            continue  # the reading or schema layer reports the measure file or entry
        measures = {t.id: t for _, t in checked.items}
        tiltak = measures.get(tiltak_id)
        if tiltak is None:
            known = sorted(measures)
            yield Finding(
                ctx.forum_file, (*base, "tiltak"),
                f"justeringen viser til tiltaket {tiltak_id} i {slug}, men {slug} har ikke noe "
                "tiltak med den id-en",
                f"bruk en av {listing(known, 'eller')}" if known else
                f"sjekk tiltak.yaml i partnerskap/{slug}",
            )
            continue
        if justering.aar not in tiltak.budsjett:
            years = [str(y) for y in sorted(tiltak.budsjett)]
            yield Finding(
                ctx.forum_file, (*base, "aar"),
                f"justeringen gjelder {justering.aar}, men tiltaket {slug}/{tiltak_id} har ikke "
                f"budsjett for {justering.aar}",
                f"bruk et av årene tiltaket har budsjett for ({listing(years, 'eller')})",
            )
