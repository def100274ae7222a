"""The view-model of `komp rapport`: Statsforvalteren's roll-up of the owners' reports for a year.

Every sum comes from aggregate.py; this module only names, sorts and labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...domain.context import ForumContext
from ...pipeline.aggregate import (
    Oppgjoer,
    granted_measures,
    measure_settlement,
    report_rows,
    reported_measures,
    settlement_by_recipient,
    settlement_by_scheme,
    settlement_total,
    vedtak_basis,
    vedtak_by_year,
)
from ..gitinfo import GitInfo
from ..labels import label
from .common import Bunntekst, ForumInfo, Ordning, bunntekst, forum_info, names_of, ordning_of

STATUSER = ("gjennomfoert", "delvis", "utsatt", "avlyst")


@dataclass(frozen=True)
class OppgjoerRad:
    ordning: Ordning
    oppgjoer: Oppgjoer
    navn: str = ""
    orgnr: str = ""


@dataclass(frozen=True)
class StatusRad:
    status: str
    antall: int


@dataclass(frozen=True)
class TiltakRapport:
    ref: str
    tittel: str
    partnerskap: str
    ordning: Ordning
    status: str
    """The reported status in words, or «ikke rapportert»."""
    oppgjoer: Oppgjoer


@dataclass(frozen=True)
class Mangler:
    partnerskap: str
    tiltak: tuple[str, ...]
    """Titles of the measures granted money that the report does not cover."""
    hele: bool
    """The partnership has no report for the year at all."""


@dataclass(frozen=True)
class Evaluering:
    partnerskap: str
    tittel: str
    tekst: str


@dataclass(frozen=True)
class Rapport:
    maalform: str
    forum: ForumInfo
    aar: int
    dato: dt.date
    frist: dt.date
    forfalt: bool
    """The reporting deadline has passed on `dato`."""
    vedtak: bool
    """The year has a vedtak (otherwise the granted amounts are the recommended ones)."""
    tilbakebetales: bool
    per_ordning: tuple[OppgjoerRad, ...]
    per_mottaker: tuple[OppgjoerRad, ...]
    sum: Oppgjoer
    statuser: tuple[StatusRad, ...]
    tiltak: tuple[TiltakRapport, ...]
    mangler: tuple[Mangler, ...]
    evalueringer: tuple[Evaluering, ...]
    bunntekst: Bunntekst
    feil: int = 0
    """Errors validation found (shown under --utkast): the sums may miss or miscount reports."""
    feilfiler: tuple[str, ...] = ()

    @property
    def fyo(self) -> bool:
        return self.forum.fyo


def build_rapport(ctx: ForumContext, aar: int, dato: dt.date, maalform: str = "nb", *,
                  git: GitInfo | None = None, feil: int = 0,
                  feilfiler: tuple[str, ...] = ()) -> Rapport:
    """The roll-up of `aar` as it stands on `dato` (forum.yaml must be valid)."""
    from ...rules.k5_rapport.k503_rapport_mangler import deadline

    forum = ctx.forum
    if forum is None:
        raise ValueError("forum.yaml is missing or invalid")
    basis = vedtak_basis(ctx, aar)  # the files the year's vedtak rests on
    names = names_of(ctx, basis)
    order = {kode: i for i, kode in enumerate(forum.ordninger)}
    titles: dict[tuple[str, str], tuple[str, str, str]] = {}
    for version in (basis, ctx):  # a measure granted then and gone now keeps its title
        for partnership in version.partnerships:
            p = partnership.partnerskap
            for _, t in partnership.tiltak():
                titles[(partnership.slug, t.id)] = (t.tittel, p.navn if p else partnership.slug,
                                                    t.ordning)
    per_ordning = tuple(
        OppgjoerRad(ordning_of(kode, maalform), amounts)
        for kode, amounts in sorted(settlement_by_scheme(ctx, aar).items(),
                                    key=lambda item: order.get(item[0], 99)))
    per_mottaker = tuple(
        OppgjoerRad(ordning_of(kode, maalform), amounts, names.get(orgnr) or orgnr, orgnr)
        for (orgnr, kode), amounts in sorted(
            settlement_by_recipient(ctx, aar).items(),
            key=lambda item: (names.get(item[0][0]) or item[0][0], order.get(item[0][1], 99))))
    statuses = {(r.partnerskap, r.tiltak): r.status for r in report_rows(ctx, aar)}
    measures = []
    for key, amounts in measure_settlement(ctx, aar).items():
        tittel, partnerskap, kode = titles.get(key, (key[1], key[0], ""))
        status = statuses.get(key)
        measures.append(TiltakRapport(
            f"{key[0]}/{key[1]}", tittel, partnerskap, ordning_of(kode, maalform),
            label(maalform, "rapportstatus", status) if status else
            label(maalform, "rapportstatus", "mangler"), amounts))
    measures.sort(key=lambda t: (order.get(t.ordning.kode, 99), t.ref))
    counts = {s: sum(1 for v in statuses.values() if v == s) for s in STATUSER}
    reported = reported_measures(ctx, aar)
    has_year = {p.slug: any(r.aar == aar for _, r in p.rapport()) for p in ctx.partnerships}
    mangler = []
    for slug, ids in granted_measures(ctx, aar).items():
        missing = [i for i in ids if i not in reported.get(slug, set())]
        if missing:
            mangler.append(Mangler(titles.get((slug, missing[0]), ("", slug, ""))[1],
                                   tuple(titles.get((slug, i), (i, "", ""))[0] for i in missing),
                                   not has_year.get(slug, False)))
    evalueringer = []
    for partnership in ctx.partnerships:
        for _, rapport in partnership.rapport():
            if rapport.aar != aar:
                continue
            for entry in rapport.tiltak:
                if entry.evaluering:
                    tittel, partnerskap, _ = titles.get((partnership.slug, entry.id),
                                                        (entry.id, partnership.slug, ""))
                    evalueringer.append(Evaluering(partnerskap, tittel, entry.evaluering))
    frist = deadline(forum, aar)
    return Rapport(
        maalform=maalform, forum=forum_info(forum, maalform), aar=aar, dato=dato, frist=frist,
        forfalt=dato > frist, vedtak=aar in vedtak_by_year(ctx),
        tilbakebetales=forum.ubrukte_midler != "overfoeres", per_ordning=per_ordning,
        per_mottaker=per_mottaker, sum=settlement_total(ctx, aar),
        statuser=tuple(StatusRad(label(maalform, "rapportstatus", s), counts[s])
                       for s in STATUSER),
        tiltak=tuple(measures), mangler=tuple(mangler), evalueringer=tuple(evalueringer),
        bunntekst=bunntekst(git), feil=feil, feilfiler=feilfiler)
