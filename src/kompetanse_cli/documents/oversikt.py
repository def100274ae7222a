"""`komp oversikt`: the forum's money at a glance, as rich tables in the terminal."""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import dataclass
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..domain.context import ForumContext
from ..inert import visible
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
from .viewmodel import Innstilling, build_innstilling


def _share(amount: int, frame: int | None) -> Text:
    if not frame:
        return Text("[ingen ramme]", style="yellow")
    share = 100 * amount / frame
    style = "bold red" if amount > frame else ("green" if share >= 90 else "")
    return Text(f"[{numbers.prosent(share)} av ramme]", style=style)


def _user(text: object) -> Text:
    """User text in a table: control characters escaped, and never read as rich markup."""
    return Text(visible(str(text)))


def _amount_with_share(amount: int, frame: int | None) -> Text:
    text = Text(numbers.kroner(amount) + " ")
    text.append_text(_share(amount, frame))
    return text


def _console(stream: TextIO) -> Console:
    isatty = getattr(stream, "isatty", None)
    width = None if isatty and isatty() else max(120, shutil.get_terminal_size((120, 24)).columns)
    return Console(file=stream, width=width, highlight=False, emoji=False, soft_wrap=False)


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
    return Oversikt(forum.navn, year, per_ordning, tuple(lines), model, prepared.status.feil,
                    prepared.status.advarsler)


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


def render_oversikt(prepared: Prepared, aar: int | None, stream: TextIO) -> None:
    """Print frames, requests and recommendations per scheme and year, partnership, recipient."""
    data = build_oversikt(prepared, aar)
    ctx = prepared.ctx
    forum = ctx.forum
    assert forum is not None
    year = data.aar
    console = _console(stream)
    console.print(Text(f"{visible(data.forum)} – oversikt {year}", style="bold"))
    console.print()

    table = Table(title="Per ordning og år", box=box.SIMPLE_HEAVY, title_justify="left")
    for name, justify in (("Ordning", "left"), ("År", "right"), ("Ramme", "right"),
                          ("Søkt", "right"), ("Innstilt", "right"), ("Gjenstår", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for r in data.per_ordning:
        frame = r.ramme
        left = Text("–") if r.gjenstaar is None else Text(
            numbers.kroner(r.gjenstaar), style="bold red" if r.gjenstaar < 0 else "")
        table.add_row(ORDNING_KORT.get(r.ordning, r.ordning), str(r.aar),
                      numbers.kroner(frame) if frame is not None else "–",
                      _amount_with_share(r.soekt, frame), _amount_with_share(r.innstilt, frame),
                      left)
    console.print(table)

    model = data.model
    per_partnership = Table(title=f"Per partnerskap {year}", box=box.SIMPLE_HEAVY,
                            title_justify="left")
    for name, justify in (("Partnerskap", "left"), ("Tiltak", "right"), ("Søkt", "right"),
                          ("Innstilt", "right"), ("Egenandel", "right"),
                          ("Deltakere", "right")):
        per_partnership.add_column(name, justify=justify)  # type: ignore[arg-type]
    for p in data.per_partnerskap:
        per_partnership.add_row(
            _user(p.partnerskap), str(p.tiltak), numbers.kroner(p.soekt),
            numbers.kroner(p.innstilt), numbers.kroner(p.egenandel), numbers.tall(p.deltakere))
    console.print(per_partnership)

    per_recipient = Table(title=f"Per mottaker {year}", box=box.SIMPLE_HEAVY, title_justify="left")
    per_recipient.add_column("Mottaker")
    per_recipient.add_column("Rolle")
    for column in model.ordninger:
        per_recipient.add_column(column.navn, justify="right")
    per_recipient.add_column("Sum", justify="right")
    for m in model.mottakere:
        per_recipient.add_row(_user(m.navn), _user(m.rolle), *(numbers.kroner(v) for v in m.per_ordning),
                              numbers.kroner(m.sum))
    per_recipient.add_row(Text("Sum", style="bold"), "",
                          *(Text(numbers.kroner(v), style="bold") for v in model.mottakere_sum),
                          Text(numbers.kroner(model.sum_anbefalt), style="bold"))
    console.print(per_recipient)

    buyers = [t for t in model.tilbydere if t.kjoep]
    if model.fyo and buyers:
        # DeKom FYO: the providers are contract parties, not recipients (see the disponeringsplan)
        purchases = Table(title=f"Kjøp av kompetansetjenester {year} (ekskl. mva.)",
                          box=box.SIMPLE_HEAVY, title_justify="left")
        for name, justify in (("Tilbyder", "left"), ("Tiltak", "right"),
                              (f"Avsatt {year}", "right"), ("Alle kjøpene", "right"),
                              ("Terskel", "left")):
            purchases.add_column(name, justify=justify)  # type: ignore[arg-type]
        lowest = model.terskler[0].beloep if model.terskler else None
        for t in buyers:
            threshold = (t.terskel.navn if t.terskel.egennavn
                         else f"fra {numbers.kroner(t.terskel.beloep)}") if t.terskel else (
                f"under {numbers.kroner(lowest)}" if lowest is not None else "–")
            purchases.add_row(_user(t.navn), str(len(t.kjoep)), numbers.kroner(t.beloep),
                              numbers.kroner(t.sum), _user(threshold))
        purchases.add_row(Text("Sum", style="bold"), "",
                          Text(numbers.kroner(model.sum_kjoep), style="bold"), "", "")
        console.print(purchases)

    disp = model.disponering
    if disp is not None:
        line = Text(f"Fylkeskommunen {year}: {numbers.kroner(disp.til_fylkeskommunen)}")
        if disp.faktisk_andel_fylkeskommunen is not None:
            line.append(f" ({numbers.prosent(disp.faktisk_andel_fylkeskommunen)} av innstilt)")
        if disp.andel_fylkeskommune is not None and disp.planlagt_fylkeskommunen is not None:
            line.append(f"; etter planen {numbers.prosent(disp.andel_fylkeskommune)} av rammen = "
                        f"{numbers.kroner(disp.planlagt_fylkeskommunen)}")
        console.print(line)

    if "dekom_fyo" not in forum.ordninger:
        missing = municipalities_without_partnership(ctx)
        if missing:
            console.print(Text(f"Kommuner i fylket uten partnerskap ({len(missing)}): ",
                               style="bold")
                          + Text(", ".join(f"{navn} ({nr})" for nr, navn in missing)))
        else:
            console.print(Text("Alle kommunene i fylket er med i et partnerskap."))

    status = prepared.status
    line = Text("Validering: ")
    line.append(f"{status.feil} feil", style="bold red" if status.feil else "green")
    line.append(", ")
    line.append(f"{status.advarsler} {'advarsel' if status.advarsler == 1 else 'advarsler'}",
                style="yellow" if status.advarsler else "green")
    if status.feil or status.advarsler:
        line.append(" (kjør `komp validate` for detaljer)")
    console.print(line)
    console.print(Text(f"Status: {_decided(model)}"))


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
