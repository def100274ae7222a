"""DeKom FYO's parts of the disponeringsplan: the split between the county and the other
actors, and the providers with the purchases from them measured against the procurement
thresholds."""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.context import ForumContext, normalise_orgnr
from ...domain.models import Forum
from ...domain.regelverk import Terskel
from ...pipeline.aggregate import (
    FyoFordeling,
    fyo_fordeling,
    fyo_purchases,
    planned_split,
    purchases_by_provider,
    purchases_in_year,
    rest_percent,
)
from ..labels import label
from .common import Names


@dataclass(frozen=True)
class TerskelInfo:
    """A procurement threshold (excl. VAT), as data with its year and source."""

    beloep: int
    navn: str
    krav: str
    aar: int
    kilde: str
    antatt: bool
    egennavn: bool = False
    """`navn` is a name of its own («nasjonal terskelverdi»), not just the amount."""


@dataclass(frozen=True)
class KjoepRad:
    """DeKom FYO: one purchase of competence services (a provider in one measure)."""

    tiltak: str
    ref: str
    fra: int
    til: int
    beloep: int
    """Set aside for the purchase this year."""
    sum: int
    """Set aside over the measure's whole period: the value of the purchase."""
    terskel: TerskelInfo | None
    """The highest threshold `sum` reaches; None under the lowest."""


@dataclass(frozen=True)
class TilbyderInfo:
    navn: str
    orgnr: str
    type: str
    tiltak: tuple[str, ...]
    """Titles of this year's measures it carries out."""
    beloep: int
    """Set aside this year for purchases from it (DeKom FYO: the county buys its services)."""
    kjoep: tuple[KjoepRad, ...] = ()
    """This year's purchases from it, measure by measure."""
    sum: int = 0
    """Its purchases' value over their whole periods."""
    terskel: TerskelInfo | None = None
    """The threshold `sum` reaches (purchases from one provider may count together)."""
    samlet: bool = True
    """Whether its purchases count together: not when the files name no provider (K207)."""


@dataclass(frozen=True)
class Disponering:
    """DeKom FYO: the share between the county and the other actors."""

    andel_fylkeskommune: float | None
    """Planned share in % of the frame (forum.plan.andel_fylkeskommune)."""
    ramme: int | None
    fordeling: FyoFordeling
    """This year's recommended split (the one K416 checks)."""
    planlagt_fylkeskommunen: int | None = None
    """The county's planned part of the frame (`andel_fylkeskommune` of it)."""
    planlagt_oevrige: int | None = None
    """The rest of the frame."""

    @property
    def til_fylkeskommunen(self) -> int:
        """Recommended to the county authority itself this year."""
        return self.fordeling.fylkeskommunen

    @property
    def til_oevrige(self) -> int:
        return self.fordeling.oevrige

    @property
    def sum(self) -> int:
        """The two together."""
        return self.fordeling.sum

    @property
    def andel_oevrige(self) -> float | None:
        return rest_percent(self.andel_fylkeskommune)

    @property
    def faktisk_andel_fylkeskommunen(self) -> float | None:
        return self.fordeling.andel_fylkeskommunen

    @property
    def faktisk_andel_oevrige(self) -> float | None:
        return self.fordeling.andel_oevrige


def _terskel_info(terskel: Terskel | None, maalform: str) -> TerskelInfo | None:
    if terskel is None:
        return None
    navn = terskel.navn_paa(maalform)
    return TerskelInfo(terskel.beloep, navn, terskel.krav_paa(maalform), terskel.aar,
                       terskel.kilde, terskel.antatt,
                       navn.split() != f"{terskel.beloep:,} kr".replace(",", " ").split())


def providers(ctx: ForumContext, aar: int, names: Names, maalform: str
               ) -> tuple[tuple[TilbyderInfo, ...], tuple[TerskelInfo, ...]]:
    """DeKom FYO: every provider of the partnerships, with what the county buys from it in
    `aar` (the same purchases and thresholds K415 reports), and the thresholds themselves."""
    from ...domain.regelverk import for_ordning

    regelverk = for_ordning("dekom_fyo", aar)
    titles = {(p.slug, t.id): t.tittel for p in ctx.partnerships for _, t in p.tiltak()}
    purchases = fyo_purchases(ctx)
    per_provider = purchases_by_provider(ctx)
    this_year = purchases_in_year(ctx, aar)
    providers: dict[str | None, tuple[str, str]] = {}
    for partnership in ctx.partnerships:
        p = partnership.partnerskap
        for t in p.tilbydere if p is not None else ():
            providers.setdefault(normalise_orgnr(t.orgnr),
                                 (t.navn, label(maalform, "tilbydertype", t.type)))
    for orgnr in this_year:  # a partner not listed among `tilbydere` (or none named: K207)
        providers.setdefault(orgnr, (names.get(orgnr) or orgnr or label(
            maalform, "mottakerrolle", "ukjent_tilbyder"), "–"))
    out = []
    for orgnr, (navn, kind) in providers.items():
        rows = tuple(
            KjoepRad(titles[(k.partnerskap, k.tiltak)], f"{k.partnerskap}/{k.tiltak}", k.fra,
                     k.til, k.i_aar(aar), k.sum,
                     _terskel_info(for_ordning("dekom_fyo", k.fra).terskel(k.sum), maalform))
            for k in purchases if k.tilbyder == orgnr and k.i_aar(aar))
        total_ = per_provider.get(orgnr, (0, 0))[0]
        out.append(TilbyderInfo(navn, orgnr or "–", kind,
                                tuple(dict.fromkeys(r.tiltak for r in rows)),
                                this_year.get(orgnr, 0), rows, total_,
                                _terskel_info(regelverk.terskel(total_), maalform),
                                samlet=orgnr is not None))
    return tuple(out), tuple(info for info in (_terskel_info(t, maalform)
                                              for t in regelverk.terskler) if info is not None)


def disponering(ctx: ForumContext, forum: Forum, aar: int) -> Disponering:
    """DeKom FYO in `aar`: the recommended split between the county and the other actors (the
    same split K416 checks, from the one aggregation), and the plan's split of the frame."""
    split = fyo_fordeling(ctx).get(aar) or FyoFordeling(aar, 0, 0)
    planned_share = float(forum.plan.andel_fylkeskommune) \
        if forum.plan and forum.plan.andel_fylkeskommune is not None else None
    frame = (forum.rammer or {}).get("dekom_fyo", {}).get(aar)
    county, others = planned_split(frame, planned_share) \
        if frame is not None and planned_share is not None else (None, None)
    return Disponering(planned_share, frame, split, county, others)
