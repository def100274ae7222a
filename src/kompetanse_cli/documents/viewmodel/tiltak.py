"""The innstilling's rows about measures: what each measure is, what it asks for and is
recommended, and how it meets the schemes' criteria."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ...domain.context import ForumContext, PartnershipContext, normalise_orgnr
from ...domain.models import Forum, Partnerskap, Tiltak
from ...pipeline.aggregate import (
    TiltakAar,
    continuing_measures,
    egenandel_bases,
    egenandel_verdicts,
    measure_years,
    total,
)
from ..labels import label
from .common import MeasureRow, Names, Ordning, file_of, ordning_of, scheme_index


@dataclass(frozen=True)
class Kriterier:
    """How a measure meets the schemes' criteria."""

    behov: tuple[str, ...]
    """Titles of the needs it answers (through its priorities)."""
    vurdert_av_ansatte_og_ledere: bool
    dialog_med_uh: bool | None
    """None for DeKom FYO, where dialog with UH is not a criterion."""
    kollektivt: bool
    partner: bool
    egenandel_krav: int | None
    """Required egenandel in % of the base, when the scheme has one (DeKom: 30)."""
    egenandel_oppfylt: bool | None
    """K401's verdict for the owners the measure counts for (their sums for the year)."""
    samiske_perspektiver: str | None
    egenandel_samlet: bool = False
    """The measure alone is under the rate, but its owner's sum for the year holds."""


@dataclass(frozen=True)
class TiltakRad(MeasureRow):
    nr: int
    ref: str
    id: str
    partnerskap: str
    tittel: str
    beskrivelse: str | None
    ordning: Ordning
    type: str
    maalgrupper: tuple[str, ...]
    deltakere: int | None
    enheter: tuple[str, ...]
    eiere: tuple[str, ...]
    partnere: tuple[str, ...]
    fra: int
    til: int
    prioriteringer: tuple[str, ...]
    rang: int | None
    soekt: int
    anbefalt: int
    tilskudd_eier: int
    tilskudd_uh: int
    egenandel: int
    egenandel_form: str | None
    egenandel_andel: float | None
    """Egenandel in % of tilskudd_eier (after justeringer)."""
    justert: bool
    avslaatt: bool
    begrunnelse: str | None
    kriterier: Kriterier
    feil: bool
    """The measure's file has errors (only rendered under --utkast)."""
    fokusomraader: tuple[str, ...] = ()
    """The focus areas of the forum's plan the measure belongs to."""
    videreforing: bool = False
    """Decided in an earlier year: a continuation, counted against the frame first."""


def _egenandel_rate(ordning: str, aar: int) -> tuple[int, str] | None:
    from ...domain.regelverk import for_ordning

    try:
        spec = for_ordning(ordning, aar).egenandel.get(ordning)
    except Exception:  # no regulation covers the year: no requirement to show
        return None
    return None if spec is None else (spec.prosent.verdi, spec.grunnlag.verdi)


def _rows_for_year(ctx: ForumContext, aar: int) -> dict[tuple[str, str], TiltakAar]:
    return {(r.partnerskap, r.tiltak): r for r in measure_years(ctx) if r.aar == aar}


def _tiltak_rad(nr: int, partnership: PartnershipContext, p: Partnerskap, tiltak: Tiltak,
                row: TiltakAar, forum: Forum, names: Names, maalform: str,
                feilfiler: set[str],
                verdicts: dict[tuple[str, str], tuple[bool, bool]],
                bases: dict[tuple[str, str], int]) -> TiltakRad:
    units = {e.id: e for e in p.enheter}
    owners = {normalise_orgnr(e.orgnr): e.navn for e in p.eiere}
    needs = {b.id: b for _, b in partnership.behov()}
    priorities = {pr.id: pr for _, pr in partnership.prioriteringer()}
    deltakere = tiltak.deltakere
    unit_ids = list(deltakere.enheter) if deltakere else []
    eiere: list[str] = []
    for unit_id in unit_ids:
        unit = units.get(unit_id)
        owner = owners.get(normalise_orgnr(unit.eier)) \
            if unit is not None and unit.eier is not None else None
        if owner and owner not in eiere:
            eiere.append(owner)
    if not eiere:
        eiere = list(owners.values())
    own_priorities = sorted((priorities[i] for i in tiltak.prioriteringer if i in priorities),
                            key=lambda pr: pr.rang)
    need_ids: list[str] = []
    for pr in own_priorities:
        need_ids.extend(b for b in pr.behov if b not in need_ids)
    own_needs = [needs[b] for b in need_ids if b in needs]
    fyo = tiltak.ordning == "dekom_fyo"
    budsjett = tiltak.budsjett.get(row.aar)
    egenandel = total(budsjett.egenandel) if budsjett else 0
    eier_total = total(row.anbefalt_eier)
    rate = _egenandel_rate(tiltak.ordning, row.aar)
    oppfylt: bool | None = None
    samlet = False
    if rate is not None:
        verdict = verdicts.get((partnership.slug, tiltak.id))
        oppfylt, samlet = (verdict[0], not verdict[1]) if verdict is not None else (True, False)
    justering = (forum.justeringer or [])[row.justering] if row.justering is not None else None
    tiltak_file = file_of(partnership, "tiltak")
    return TiltakRad(
        nr=nr, ref=f"{partnership.slug}/{tiltak.id}", id=tiltak.id, partnerskap=p.navn,
        tittel=tiltak.tittel, beskrivelse=tiltak.beskrivelse,
        ordning=ordning_of(tiltak.ordning, maalform),
        type=label(maalform, "tiltakstype", tiltak.type),
        maalgrupper=tuple(label(maalform, "maalgruppe", m) for m in tiltak.maalgrupper),
        deltakere=deltakere.antall if deltakere else None,
        enheter=tuple(units[u].navn if u in units else u for u in unit_ids),
        eiere=tuple(eiere),
        partnere=tuple(names.get(o) or o for o in tiltak.partnere),
        fra=tiltak.periode.fra, til=tiltak.periode.til,
        prioriteringer=tuple(f"{pr.rang}. {pr.tittel}" for pr in own_priorities),
        rang=own_priorities[0].rang if own_priorities else None,
        soekt=row.soekt, anbefalt=row.anbefalt, tilskudd_eier=eier_total,
        tilskudd_uh=total(row.anbefalt_uh), egenandel=egenandel,
        egenandel_form=(label(maalform, "egenandel_form", budsjett.egenandel_form)
                        if budsjett and budsjett.egenandel_form else None),
        # in % of the base K401 checks (the decided amount where a vedtak departs)
        egenandel_andel=(100 * egenandel / base) if (base := bases.get(
            (partnership.slug, tiltak.id), eier_total)) else None,
        justert=row.justering is not None, avslaatt=row.avslaatt,
        begrunnelse=justering.begrunnelse if justering is not None else None,
        kriterier=Kriterier(
            behov=tuple(b.tittel for b in own_needs),
            vurdert_av_ansatte_og_ledere=bool(own_needs) and all(
                {"ansatte", "ledere"} <= set(b.vurdert_av) for b in own_needs),
            dialog_med_uh=None if fyo else (bool(own_needs) and all(
                b.dialog_med_uh for b in own_needs)),
            kollektivt=tiltak.type != "individuell_videreutdanning" and (
                deltakere is None or deltakere.antall is None or deltakere.antall >= 2),
            partner=bool(tiltak.partnere),
            egenandel_krav=rate[0] if rate else None,
            egenandel_oppfylt=oppfylt,
            samiske_perspektiver=tiltak.samiske_perspektiver,
            egenandel_samlet=samlet and bool(oppfylt),
        ),
        feil=tiltak_file in feilfiler or file_of(partnership, "partnerskap") in feilfiler,
        fokusomraader=tuple(tiltak.fokusomraader or ()),
    )


def _sort_key(forum: Forum, order: dict[str, int]) -> Callable[[TiltakRad], tuple[object, ...]]:
    def key(rad: TiltakRad) -> tuple[bool, int, int, int, str]:
        return (not rad.videreforing, scheme_index(forum, rad.ordning.kode),
                order.get(rad.ref.split("/")[0], 0), rad.rang or 999, rad.id)
    return key


def measure_rows(ctx: ForumContext, forum: Forum, aar: int, names: Names, maalform: str,
                 feilfiler: set[str]) -> tuple[list[TiltakRad], list[TiltakAar]]:
    """The rows of `aar`'s measures in the partnerships with a valid partnerskap.yaml:
    continuations first, then by scheme, partnership and rank, numbered from 1; and the
    measure-years they show, in file order, which every total of the innstilling is over."""
    rows = _rows_for_year(ctx, aar)
    verdicts = egenandel_verdicts(ctx, aar)
    bases = egenandel_bases(ctx, aar)
    order = {p.slug: i for i, p in enumerate(ctx.partnerships)}

    measures: list[TiltakRad] = []
    counted: list[TiltakAar] = []
    for partnership in ctx.partnerships:
        p = partnership.partnerskap
        if p is None:
            continue
        for _, tiltak in partnership.tiltak():
            row = rows.get((partnership.slug, tiltak.id))
            if row is None:
                continue
            measures.append(_tiltak_rad(0, partnership, p, tiltak, row, forum, names, maalform,
                                       feilfiler, verdicts, bases))
            counted.append(row)

    continuing = continuing_measures(ctx, aar)
    measures = [replace(rad, videreforing=True) if tuple(rad.ref.split("/", 1)) in continuing
                else rad for rad in measures]
    measures.sort(key=_sort_key(forum, order))
    return [replace(rad, nr=i) for i, rad in enumerate(measures, start=1)], counted
