"""The view-model of the annual innstilling (for DeKom FYO: the disponeringsplan)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ...domain.context import ForumContext
from ...domain.models import Forum
from ...pipeline.aggregate import (
    bound_ahead,
    carried_over,
    continued_total,
    decided_by_recipient,
    decided_by_scheme_year,
    decided_total,
    frame_total,
    left_of,
    percent_of,
    purchases_total,
    recipients_in_year,
    recommended_by_partnership,
    scheme_totals,
    totals,
    vedtak_basis,
    vedtak_by_year,
)
from ..gitinfo import GitInfo
from ..labels import label
from .common import (
    Bunntekst,
    ForumInfo,
    MedlemInfo,
    Ordning,
    PartnerskapInfo,
    Status,
    UlestTiltak,
    bunntekst,
    forum_info,
    medlemmer,
    names_of,
    ordning_of,
    partnerskap_info,
    scheme_index,
    unreadable,
)
from .disponering import Disponering, TerskelInfo, TilbyderInfo, disponering, providers
from .mottakere import (
    MottakerRad,
    UtbetalingRad,
    VedtakInfo,
    decided_payouts,
    recipient_rows,
    vedtak_info,
)
from .tiltak import TiltakRad, measure_rows


@dataclass(frozen=True)
class PartnerskapSum:
    slug: str
    navn: str
    anbefalt: int
    """Recommended in the year, over all the partnership's measures."""


@dataclass(frozen=True)
class OrdningRad:
    ordning: Ordning
    ramme: int | None
    soekt: int
    anbefalt: int
    egenandel: int
    tiltak: int
    deltakere: int

    @property
    def gjenstaar(self) -> int | None:
        return None if self.ramme is None else left_of(self.ramme, self.anbefalt)

    @property
    def andel(self) -> float | None:
        """Recommended in % of the frame."""
        return percent_of(self.anbefalt, self.ramme)

    @property
    def over_ramme(self) -> bool:
        return self.ramme is not None and self.anbefalt > self.ramme


@dataclass(frozen=True)
class Justering:
    ref: str
    tittel: str
    soekt: int
    anbefalt: int
    avslaatt: bool
    begrunnelse: str


@dataclass(frozen=True)
class RegelVurdering:
    """One rule the forum judges differently (`regler:` in forum.yaml), as the document shows it."""

    kode: str
    tittel: str
    vurdering: str
    """What the setting does, in words: `feil (ellers advarsel)`, `toleranse 10 prosentpoeng`."""
    begrunnelse: str


@dataclass(frozen=True)
class StemmeInfo:
    medlem: str
    organisasjon: str | None
    stemme: str


@dataclass(frozen=True)
class BeslutningInfo:
    konsensus: bool
    dato: dt.date
    stemmer: tuple[StemmeInfo, ...]
    for_: int
    mot: int
    avstaar: int


@dataclass(frozen=True)
class BundetRad:
    """A later year's frame and what measures decided or recommended up to now already bind."""

    ordning: Ordning
    aar: int
    ramme: int | None
    bundet: int

    @property
    def gjenstaar(self) -> int | None:
        return None if self.ramme is None else left_of(self.ramme, self.bundet)


@dataclass(frozen=True)
class OverfoertRad:
    """Unspent funds carried over from the year before (ubrukte_midler: overfoeres)."""

    ordning: Ordning
    fra_aar: int
    beloep: int


@dataclass(frozen=True)
class Innstilling:
    """The annual innstilling (for DeKom FYO: the disponeringsplan)."""

    maalform: str
    forum: ForumInfo
    aar: int
    status: Status
    tiltak: tuple[TiltakRad, ...]
    """Recommended measures of the year, by scheme, partnership and rank."""
    avslaatte: tuple[TiltakRad, ...]
    ordninger: tuple[Ordning, ...]
    """The columns of the per-recipient table: the forum's schemes."""
    mottakere: tuple[MottakerRad, ...]
    mottakere_sum: tuple[int, ...]
    per_ordning: tuple[OrdningRad, ...]
    justeringer: tuple[Justering, ...]
    partnerskap: tuple[PartnerskapInfo, ...]
    beslutning: BeslutningInfo | None
    medlemmer: tuple[MedlemInfo, ...]
    tilbydere: tuple[TilbyderInfo, ...]
    disponering: Disponering | None
    bunntekst: Bunntekst
    vedtak: VedtakInfo | None = None
    uleste: tuple[UlestTiltak, ...] = ()
    """Measures with errors that no total includes (only under --utkast)."""
    bundet: tuple[BundetRad, ...] = ()
    """Money already bound in the years after `aar`, per ordning and year."""
    overfoert: tuple[OverfoertRad, ...] = ()
    """Unspent funds carried into `aar` from the year before, per ordning."""
    sum_viderefoert: int = 0
    """Recommended to continuations this year."""
    per_partnerskap: tuple[PartnerskapSum, ...] = ()
    utbetalinger: tuple[UtbetalingRad, ...] = ()
    """The payouts: decided per recipient where the year has a vedtak, else recommended."""
    utbetalt_per_ordning: tuple[int, ...] = ()
    """The payouts per ordning (aligned with `ordninger`)."""
    sum_utbetalt: int = 0
    utbetaling_vedtatt: bool = False
    """The payouts are the vedtak's, not the innstilling's."""
    """The payout list: per recipient and scheme, in the order of `mottakere`."""
    sum_soekt: int = 0
    """The forum's schemes together: requested, recommended, egenandel, participants."""
    sum_anbefalt: int = 0
    sum_egenandel: int = 0
    sum_deltakere: int = 0
    sum_ramme: int | None = None
    """The frames of the year together; None when there is none."""
    terskler: tuple[TerskelInfo, ...] = ()
    """DeKom FYO: the procurement thresholds the purchases are measured against."""
    sum_kjoep: int = 0
    """DeKom FYO: set aside for purchases this year, all providers together."""
    sum_kjoep_perioden: int = 0
    """DeKom FYO: the value of this year's purchases over their whole periods."""
    regler: tuple[RegelVurdering, ...] = ()
    """The forum's own judgement of rules, with its reasons (`regler:` in forum.yaml)."""

    @property
    def fyo(self) -> bool:
        return self.forum.fyo

    @property
    def videreforinger(self) -> tuple[TiltakRad, ...]:
        return tuple(t for t in self.tiltak if t.videreforing)

    @property
    def nye(self) -> tuple[TiltakRad, ...]:
        return tuple(t for t in self.tiltak if not t.videreforing)

    @property
    def sum_gjenstaar(self) -> int | None:
        frame = self.sum_ramme
        return None if frame is None else left_of(frame, self.sum_anbefalt)

    @property
    def sum_andel(self) -> float | None:
        return percent_of(self.sum_anbefalt, self.sum_ramme)


def _regler(forum: Forum, maalform: str) -> tuple[RegelVurdering, ...]:
    """The forum's settings of rules as the document shows them, in code order."""
    from ...rules import RULES_BY_CODE
    from ...rules.docs import forum_regler, title

    out = []
    for code, (setting, text) in forum_regler(forum, maalform=maalform).settings.items():
        out.append(RegelVurdering(code, title(RULES_BY_CODE[code], maalform), text,
                                  setting.begrunnelse))
    return tuple(out)


def build_innstilling(ctx: ForumContext, aar: int, maalform: str = "nb", *,
                      status: Status | None = None, git: GitInfo | None = None) -> Innstilling:
    """The innstilling for `aar` from a loaded forum (its forum.yaml must be valid)."""
    forum = ctx.forum
    if forum is None:
        raise ValueError("forum.yaml is missing or invalid")
    # forum.beslutning decides the innstilling for forum.aar, and a year's vedtak shows that the
    # forum gave its innstilling that year (Statsforvalteren decides on the basis of it); any
    # other year is a draft, and so is a document made from files with errors (--utkast)
    agreed = forum.beslutning is not None and aar == forum.aar
    decided = (agreed or aar in vedtak_by_year(ctx)) and not (
        status is not None and status.med_feil)
    status = replace(status, utkast=not decided) if status else Status(utkast=not decided)
    basis = vedtak_basis(ctx, aar)  # the files the year's vedtak rests on
    names = names_of(ctx, basis)
    numbered, counted = measure_rows(ctx, forum, aar, names, maalform, set(status.feilfiler))
    recommended = tuple(r for r in numbered if not r.avslaatt)
    rejected = tuple(r for r in numbered if r.avslaatt)

    receivers = recipients_in_year(ctx, aar)
    receivers_then = receivers if basis is ctx else recipients_in_year(basis, aar)
    for receiver in [*receivers, *receivers_then]:
        if receiver.partnere and receiver.orgnr is not None:  # shown as the partners together
            names.by_orgnr.setdefault(receiver.orgnr, " og ".join(
                names.get(o) or o for o in receiver.partnere))
    columns = tuple(ordning_of(o, maalform) for o in forum.ordninger)
    mottakere, utbetalinger = recipient_rows(ctx, aar, receivers, names, columns, maalform)
    mottakere_sum = scheme_totals(receivers, (c.kode for c in columns))

    per_ordning = []
    for column in columns:
        frame = (forum.rammer or {}).get(column.kode, {}).get(aar)
        of_scheme = totals(r for r in counted if r.ordning == column.kode)
        per_ordning.append(OrdningRad(column, frame, of_scheme.soekt, of_scheme.anbefalt,
                                      of_scheme.egenandel, of_scheme.innstilte,
                                      of_scheme.deltakere))
    in_columns = totals(r for r in counted if r.ordning in forum.ordninger)

    by_ref = {r.ref: r for r in numbered}
    justeringer = tuple(
        Justering(r.ref, r.tittel, r.soekt, r.anbefalt, r.avslaatt, r.begrunnelse or "")
        for r in sorted(by_ref.values(), key=lambda r: r.nr) if r.justert)

    fyo = "dekom_fyo" in forum.ordninger
    tilbydere, terskler = providers(ctx, aar, names, maalform) if fyo else ((), ())
    kjoep_sum = purchases_total(ctx, aar) if fyo else (0, 0)

    # what is paid out: the vedtak's amounts per recipient once Statsforvalteren has decided
    paid_per_scheme, paid_total = mottakere_sum, in_columns.anbefalt
    granted = decided_by_recipient(ctx, aar)
    if granted is not None:
        utbetalinger = decided_payouts(granted, receivers_then, names, columns, aar, maalform)
        by_scheme = decided_by_scheme_year(ctx)
        paid_per_scheme = tuple(by_scheme.get((c.kode, aar), 0) for c in columns)
        paid_total = decided_total(ctx, aar, forum.ordninger)

    return Innstilling(
        maalform=maalform, forum=forum_info(forum, maalform), aar=aar, status=status,
        tiltak=recommended, avslaatte=rejected, ordninger=columns, mottakere=tuple(mottakere),
        mottakere_sum=mottakere_sum, per_ordning=tuple(per_ordning), justeringer=justeringer,
        partnerskap=tuple(info for info in (partnerskap_info(p, forum, maalform)
                                            for p in ctx.partnerships) if info is not None),
        beslutning=_beslutning(forum, maalform) if decided and agreed else None,
        medlemmer=medlemmer(forum, maalform), tilbydere=tilbydere,
        disponering=disponering(ctx, forum, aar) if fyo else None, bunntekst=bunntekst(git),
        vedtak=vedtak_info(ctx, aar, names, maalform),
        bundet=tuple(BundetRad(ordning_of(o, maalform), y, (forum.rammer or {}).get(o, {}).get(y),
                               beloep) for (o, y), beloep in sorted(
                                   bound_ahead(ctx, aar).items(),
                                   key=lambda item: (item[0][1], scheme_index(forum, item[0][0])))),
        overfoert=tuple(OverfoertRad(ordning_of(o, maalform), aar - 1, beloep)
                        for o, beloep in carried_over(ctx, aar).items()),
        sum_viderefoert=continued_total(ctx, aar),
        uleste=unreadable(ctx, aar, maalform) if status.med_feil else (),
        per_partnerskap=_per_partnerskap(ctx, aar), utbetalinger=tuple(utbetalinger),
        utbetalt_per_ordning=paid_per_scheme, sum_utbetalt=paid_total,
        utbetaling_vedtatt=granted is not None,
        sum_soekt=in_columns.soekt, sum_anbefalt=in_columns.anbefalt,
        sum_egenandel=in_columns.egenandel, sum_deltakere=in_columns.deltakere,
        sum_ramme=frame_total(ctx, aar),
        terskler=terskler, sum_kjoep=kjoep_sum[0], sum_kjoep_perioden=kjoep_sum[1],
        regler=_regler(forum, maalform))


def _beslutning(forum: Forum, maalform: str) -> BeslutningInfo | None:
    """The forum's `beslutning`: how it decided and, after a vote, who voted how."""
    b = forum.beslutning
    if b is None:
        return None
    orgs = {m.navn: m.organisasjon for m in forum.medlemmer}
    stemmer = tuple(
        StemmeInfo(s.medlem, orgs.get(s.medlem), label(maalform, "stemme", s.stemme))
        for s in b.stemmer or ())
    counts = {k: sum(1 for s in b.stemmer or () if s.stemme == k)
              for k in ("for", "mot", "avstaar")}
    return BeslutningInfo(b.form == "konsensus", b.dato, stemmer, counts["for"],
                          counts["mot"], counts["avstaar"])


def _per_partnerskap(ctx: ForumContext, aar: int) -> tuple[PartnerskapSum, ...]:
    amounts = recommended_by_partnership(ctx, aar)
    return tuple(
        PartnerskapSum(p.slug, p.partnerskap.navn, amounts.get(p.slug, 0))
        for p in ctx.partnerships if p.partnerskap is not None)
