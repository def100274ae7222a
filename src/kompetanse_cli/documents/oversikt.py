"""`komp oversikt`: the forum's money at a glance, as numbers for the terminal, JSON and CSV.

The figures come from pipeline/aggregate.py; the CLI lays them out (cli/presenters/oversikt.py).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from ..domain.context import ForumContext
from ..pipeline.aggregate import (
    Totaler,
    left_of,
    measure_years,
    recommended_by_scheme_year,
    requested_by_scheme_year,
    totals,
)
from . import numbers
from .labels import ORDNING_KORT
from .service import Prepared
from .viewmodel.innstilling import Innstilling, build_innstilling


def municipalities_without_partnership(ctx: ForumContext) -> list[tuple[str, str]]:
    """The county's municipalities (2024 list shipped with komp) that own nothing in any
    partnership of the forum: (kommunenummer, name), by name. They have not reported needs."""
    from ..domain.fieldtypes import kommuner

    forum = ctx.forum
    if forum is None:
        return []
    members = {eier.kommunenummer for p in ctx.partnerships if p.partnerskap is not None
               for eier in p.partnerskap.eiere if eier.kommunenummer}
    return sorted(((nr, navn) for nr, (navn, fylke) in kommuner().items()
                   if fylke == forum.fylke and nr not in members), key=lambda item: item[1])


@dataclass(frozen=True)
class OrdningAar:
    ordning: str
    aar: int
    ramme: int | None
    soekt: int
    innstilt: int

    @property
    def gjenstaar(self) -> int | None:
        return None if self.ramme is None else left_of(self.ramme, self.innstilt)


@dataclass(frozen=True)
class PartnerskapLinje:
    partnerskap: str
    tiltak: int
    soekt: int
    innstilt: int
    egenandel: int
    deltakere: int


@dataclass(frozen=True)
class Oversikt:
    """The overview's numbers, for the terminal, JSON and CSV alike."""

    forum: str
    aar: int
    per_ordning: tuple[OrdningAar, ...]
    per_partnerskap: tuple[PartnerskapLinje, ...]
    model: Innstilling
    feil: int
    advarsler: int
    uten_partnerskap: tuple[tuple[str, str], ...] | None
    """The county's municipalities in no partnership (kommunenummer, name), by name; None for
    DeKom FYO, where the county itself receives the grant."""
    beslutning: str
    """Who has decided what, in the words of the innstilling's status line."""


def build_oversikt(prepared: Prepared, aar: int | None) -> Oversikt:
    ctx = prepared.ctx
    forum = ctx.forum
    assert forum is not None
    year = aar or forum.aar
    requested = requested_by_scheme_year(ctx)
    recommended = recommended_by_scheme_year(ctx)
    frames = forum.rammer or {}
    keys = set(requested) | {(o, y) for o, per in frames.items() for y in per}
    if aar is not None:
        keys = {k for k in keys if k[1] == aar}
    order = {o: i for i, o in enumerate(forum.ordninger)}
    per_ordning = tuple(
        OrdningAar(ordning, y, frames.get(ordning, {}).get(y), requested.get((ordning, y), 0),
                   recommended.get((ordning, y), 0))
        for ordning, y in sorted(keys, key=lambda k: (k[1], order.get(k[0], 99))))

    model = build_innstilling(ctx, year, "nb", status=prepared.status)
    rows = [r for r in measure_years(ctx) if r.aar == year]
    names = {p.slug: (p.partnerskap.navn if p.partnerskap else p.slug) for p in ctx.partnerships}
    lines = []
    for partnership in ctx.partnerships:
        own = totals(r for r in rows if r.partnerskap == partnership.slug)
        # without a valid partnerskap.yaml its measures are not in the innstilling: their
        # egenandel and participants are not counted
        counted = own if partnership.partnerskap is not None else Totaler()
        lines.append(PartnerskapLinje(names[partnership.slug], own.tiltak, own.soekt,
                                      own.anbefalt, counted.egenandel, counted.deltakere))
    missing = (None if "dekom_fyo" in forum.ordninger
               else tuple(municipalities_without_partnership(ctx)))
    return Oversikt(forum.navn, year, per_ordning, tuple(lines), model, prepared.status.feil,
                    prepared.status.advarsler, missing, _decided(model))


def oversikt_json(data: Oversikt) -> str:
    """The overview for scripts: English keys, versioned, amounts in whole kroner."""
    model = data.model
    payload = {
        "format_version": 1,
        "forum": data.forum,
        "year": data.aar,
        "per_scheme": [{"scheme": r.ordning, "year": r.aar, "frame": r.ramme,
                        "requested": r.soekt, "recommended": r.innstilt, "left": r.gjenstaar}
                       for r in data.per_ordning],
        "per_partnership": [{"partnership": p.partnerskap, "measures": p.tiltak,
                             "requested": p.soekt, "recommended": p.innstilt,
                             "own_contribution": p.egenandel, "participants": p.deltakere}
                            for p in data.per_partnerskap],
        "per_recipient": [{"name": m.navn, "orgnr": m.orgnr, "role": m.rolle,
                           "per_scheme": {o.kode: v for o, v in
                                          zip(model.ordninger, m.per_ordning, strict=True)},
                           "total": m.sum} for m in model.mottakere],
        "recommended_total": model.sum_anbefalt,
        **({"purchases": [{"provider": t.navn, "orgnr": t.orgnr, "year_amount": t.beloep,
                           "total": t.sum,
                           "threshold": t.terskel.beloep if t.terskel else None,
                           "measures": [{"measure": k.ref, "year_amount": k.beloep,
                                         "period_total": k.sum,
                                         "threshold": k.terskel.beloep if k.terskel else None}
                                        for k in t.kjoep]}
                          for t in model.tilbydere if t.kjoep]} if model.fyo else {}),
        "decided": not model.status.utkast,
        "errors": data.feil,
        "warnings": data.advarsler,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def oversikt_csv(data: Oversikt) -> str:
    """The table per scheme and year, `;`-separated (amounts in whole kroner)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(("Ordning", "År", "Ramme", "Søkt", "Innstilt", "Gjenstår"))
    for r in data.per_ordning:
        writer.writerow((ORDNING_KORT.get(r.ordning, r.ordning), r.aar,
                         "" if r.ramme is None else r.ramme, r.soekt, r.innstilt,
                         "" if r.gjenstaar is None else r.gjenstaar))
    return buffer.getvalue()


def _decided(model: Innstilling) -> str:
    """Who has decided what, in the words of the innstilling's status line."""
    decision, vedtak = model.beslutning, model.vedtak
    if model.status.med_feil:
        return "utkast med feil (planfilene har feil)"
    if model.status.utkast or (decision is None and vedtak is None):
        return "utkast (ingen beslutning)"
    if model.fyo:
        disposes = "fylkeskommunen disponerer midlene etter den"
        if decision is not None:
            return (f"samarbeidsforumet vedtok disponeringsplanen {numbers.dato(decision.dato)}, "
                    f"og {disposes}")
        assert vedtak is not None
        return (f"samarbeidsforumet vedtok disponeringsplanen for {model.aar}, og {disposes}; "
                f"vedtaket om tildelingen ble fattet {numbers.dato(vedtak.dato)}")
    agreed = (f"samarbeidsforumet ble enig {numbers.dato(decision.dato)}" if decision is not None
              else f"samarbeidsforumet ga sin innstilling for {model.aar}")
    if vedtak is None:
        return f"{agreed}; Statsforvalteren har ikke fattet vedtak ennå"
    how = "som innstilt" if vedtak.som_innstilt else "med endringer"
    return f"{agreed}; Statsforvalteren fattet vedtak {how} {numbers.dato(vedtak.dato)}"
