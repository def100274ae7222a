"""The view-model of the long-term plan (for DeKom FYO: the kompetanseutviklingsplan)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from ...domain.context import ForumContext, PartnershipContext
from ...domain.models import Partnerskap, Plan, Tiltak
from ...pipeline.aggregate import (
    planned_split,
    recommended_by_scheme_year,
    recommended_total_by_measure,
    rest_percent,
)
from ..gitinfo import GitInfo
from ..labels import label
from .common import (
    Bunntekst,
    ForumInfo,
    MeasureRow,
    MedlemInfo,
    Ordning,
    PartnerskapInfo,
    Status,
    UlestTiltak,
    bunntekst,
    file_of,
    forum_info,
    medlemmer,
    ordning_of,
    partnerskap_info,
    unreadable,
)


@dataclass(frozen=True)
class Fokusomraade:
    navn: str
    beskrivelse: str | None
    tiltak: tuple[str, ...] = ()
    """The measures of the plan period that serve it: «title (partnership)»."""


@dataclass(frozen=True)
class RammeRad:
    aar: int
    ordning: Ordning
    ramme: int | None
    anbefalt: int
    andel_fylkeskommune: int | None
    """DeKom FYO: the county's planned share of this frame in kroner."""
    andel_oevrige: int | None
    """DeKom FYO: the rest of this frame, for the other actors."""


@dataclass(frozen=True)
class PlanTiltak(MeasureRow):
    ref: str
    partnerskap: str
    tittel: str
    ordning: Ordning
    maalgrupper: tuple[str, ...]
    deltakere: int | None
    fra: int
    til: int
    soekt: int
    """Requested over the whole period (after justeringer: recommended)."""
    feil: bool


@dataclass(frozen=True)
class PlanDokument:
    """The long-term plan (for DeKom FYO: the kompetanseutviklingsplan)."""

    maalform: str
    forum: ForumInfo
    status: Status
    fra: int
    til: int
    bakgrunn: str | None
    fokusomraader: tuple[Fokusomraade, ...]
    organisering: str | None
    fordelingsprinsipper: str | None
    evaluering: str | None
    samiske_perspektiver: str | None
    andel_fylkeskommune: float | None
    egenfinansiering: str | None
    egenfinansiering_beloep: int | None
    rammer: tuple[RammeRad, ...]
    tiltak: tuple[PlanTiltak, ...]
    partnerskap: tuple[PartnerskapInfo, ...]
    medlemmer: tuple[MedlemInfo, ...]
    bunntekst: Bunntekst
    uleste: tuple[UlestTiltak, ...] = ()
    """Measures with errors that no total includes (only under --utkast), read for forum.aar."""

    @property
    def fyo(self) -> bool:
        return self.forum.fyo

    @property
    def andel_oevrige(self) -> float | None:
        return rest_percent(self.andel_fylkeskommune)


def build_plan(ctx: ForumContext, maalform: str = "nb", *, status: Status | None = None,
               git: GitInfo | None = None) -> PlanDokument:
    """The long-term plan from forum.plan (the caller checks that the forum has one)."""
    forum = ctx.forum
    if forum is None or forum.plan is None:
        raise ValueError("the forum has no plan")
    plan = forum.plan
    status = status or Status(utkast=forum.beslutning is None)
    if status.med_feil:  # made from files with errors (--utkast): not what the forum decided
        status = replace(status, utkast=True)
    feilfiler = set(status.feilfiler)
    fyo = "dekom_fyo" in forum.ordninger
    andel = float(plan.andel_fylkeskommune) if plan.andel_fylkeskommune is not None else None

    recommended = recommended_by_scheme_year(ctx)
    per_measure = recommended_total_by_measure(ctx)

    rammer = []
    for aar in range(plan.periode.fra, plan.periode.til + 1):
        for kode in forum.ordninger:
            frame = (forum.rammer or {}).get(kode, {}).get(aar)
            amount = recommended.get((kode, aar), 0)
            if frame is None and not amount:
                continue
            county, others = planned_split(frame, andel) \
                if fyo and frame is not None and andel is not None else (None, None)
            rammer.append(RammeRad(aar, ordning_of(kode, maalform), frame, amount, county, others))

    in_period = list(_in_period(ctx, plan))
    tiltak = [
        PlanTiltak(
            f"{partnership.slug}/{t.id}", p.navn, t.tittel, ordning_of(t.ordning, maalform),
            tuple(label(maalform, "maalgruppe", m) for m in t.maalgrupper),
            t.deltakere.antall if t.deltakere else None, t.periode.fra, t.periode.til,
            per_measure.get((partnership.slug, t.id), 0),
            file_of(partnership, "tiltak") in feilfiler)
        for partnership, p, t in in_period]
    tiltak.sort(key=lambda t: (forum.ordninger.index(t.ordning.kode)
                               if t.ordning.kode in forum.ordninger else 99, t.fra, t.ref))
    serving: dict[str, tuple[str, ...]] = {}
    for _, p, t in in_period:
        for name in t.fokusomraader or ():
            serving[name.strip()] = (*serving.get(name.strip(), ()), f"{t.tittel} ({p.navn})")

    return PlanDokument(
        maalform=maalform, forum=forum_info(forum, maalform), status=status,
        fra=plan.periode.fra, til=plan.periode.til, bakgrunn=plan.bakgrunn,
        fokusomraader=tuple(
            Fokusomraade(f.navn, f.beskrivelse, serving.get(f.navn.strip(), ()))
            for f in plan.fokusomraader or ()),
        organisering=plan.organisering, fordelingsprinsipper=plan.fordelingsprinsipper,
        evaluering=plan.evaluering, samiske_perspektiver=plan.samiske_perspektiver,
        andel_fylkeskommune=andel,
        egenfinansiering=plan.egenfinansiering.beskrivelse if plan.egenfinansiering else None,
        egenfinansiering_beloep=plan.egenfinansiering.beloep if plan.egenfinansiering else None,
        rammer=tuple(rammer), tiltak=tuple(tiltak),
        partnerskap=tuple(info for info in (partnerskap_info(p, forum, maalform)
                                            for p in ctx.partnerships) if info is not None),
        medlemmer=medlemmer(forum, maalform), bunntekst=bunntekst(git),
        uleste=unreadable(ctx, forum.aar, maalform) if status.med_feil else ())


def _in_period(ctx: ForumContext, plan: Plan
               ) -> Iterator[tuple[PartnershipContext, Partnerskap, Tiltak]]:
    """The measures that run some time in the plan's period, in partnership and file order
    (partnerships with a valid partnerskap.yaml)."""
    for partnership in ctx.partnerships:
        p = partnership.partnerskap
        if p is None:
            continue
        for _, t in partnership.tiltak():
            if t.periode.til < plan.periode.fra or t.periode.fra > plan.periode.til:
                continue
            yield partnership, p, t
