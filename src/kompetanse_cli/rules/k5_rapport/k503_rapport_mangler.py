"""Rapporten mangler etter rapporteringsfristen.

Hva: for hvert år med et vedtak i `vedtak` i forum.yaml skal hvert partnerskap som fikk midler
det året, rapportere i `rapport.yaml` om hvert tiltak med tilskudd, innen fristen. Fristen er
`frister.rapportering` i forum.yaml (gjelder forumets `aar`, og samme dag ett år senere for hvert
senere år), ellers 15. januar året etter. Datoen det sjekkes mot er dagens dato, eller `--dato`.
Dette er en advarsel.

Hvorfor: eierne rapporterer om bruken av midlene innen 15. januar året etter (Statsforvalteren
i Oslo og Viken); uten rapport kan Statsforvalteren ikke gjøre opp ubrukte midler.

Bestått:
    # vedtak for 2026, fristen er 15. januar 2027, komp kjøres med --dato 2027-02-01, og
    # salten/rapport.yaml har
    rapport:
      - aar: 2026
        tiltak:
          - {id: T2, status: gjennomfoert, brukt: {tilskudd_eier: 500_000}}

Feiler:
    # vedtak for 2026, komp kjøres med --dato 2027-02-01, og salten har ingen rapport for 2026
    rapport: []
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...domain.models import Forum
from ...pipeline.aggregate import granted_measures, vedtak_by_year
from .._felles import listing, regelverk_for_forum

CODE = "K503"
SEVERITY = Severity.WARNING
TITLE = "rapport mangler etter fristen"
SOURCE = "Statsforvalteren i Oslo og Viken: eierne rapporterer innen 15. januar året etter"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def deadline(forum: Forum, aar: int) -> dt.date:
    """The reporting deadline for the year `aar`."""
    frist = forum.frister.rapportering if forum.frister is not None else None
    if frist is not None:
        try:
            return frist.replace(year=frist.year + aar - forum.aar)
        except ValueError:  # 29 February in a year without one
            return frist.replace(year=frist.year + aar - forum.aar, day=28)
    default = regelverk_for_forum(forum.ordninger, forum.aar)[0].frist_rapportering
    month, day = (default.verdi if default is not None else "01-15").split("-")
    return dt.date(aar + 1, int(month), int(day))


def _date(value: dt.date) -> str:
    return f"{value.day}.{value.month}.{value.year}"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None:
        return
    today = ctx.today
    by_slug = {p.slug: p for p in ctx.partnerships}
    for aar in sorted(vedtak_by_year(ctx)):
        frist = deadline(forum, aar)
        if today <= frist:
            continue
        for slug, measures in granted_measures(ctx, aar).items():
            partnership = by_slug.get(slug)
            if partnership is None:
                continue  # granted, then taken out of the files: K313 says so
            if partnership.files.get("rapport") is not None and not partnership.readable("rapport"):
                continue  # the file has errors of its own
            reports = [(i, r) for i, r in partnership.rapport() if r.aar == aar]
            if not reports:
                checked = partnership.files.get("rapport") or partnership.partnerskap_file
                path: tuple[object, ...] = ("rapport",) if checked is partnership.files.get(
                    "rapport") else ()
                yield Finding(
                    checked, path,
                    f"partnerskapet {slug} har ikke rapportert for {aar}; fristen var "
                    f"{_date(frist)}",
                    f"legg rapporten for {aar} i partnerskap/{slug}/rapport.yaml "
                    f"(`komp init rapport partnerskap/{slug} --aar {aar}` lager den)",
                )
                continue
            reported = {t.id for _, r in reports for t in r.tiltak}
            missing = [m for m in measures if m not in reported]
            if missing:
                index = reports[0][0]
                yield Finding(
                    partnership.files.get("rapport"), ("rapport", index, "tiltak"),
                    f"rapporten for {aar} fra {slug} mangler {listing(missing)}, som fikk "
                    f"tilskudd det året; fristen var {_date(frist)}",
                    "før opp hvert tiltak med tilskudd under `tiltak:`, også de som er utsatt "
                    "eller avlyst",
                )
