"""`komp oversikt`: the forum's money at a glance, as rich tables in the terminal."""

from __future__ import annotations

import shutil
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..aggregate import measure_years, recommended_by_scheme_year, requested_by_scheme_year
from ..context import ForumContext
from ..inert import visible
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
    from ..fieldtypes import kommuner

    forum = ctx.forum
    if forum is None:
        return []
    members = {eier.kommunenummer for p in ctx.partnerships if p.partnerskap is not None
               for eier in p.partnerskap.eiere if eier.kommunenummer}
    return sorted(((nr, navn) for nr, (navn, fylke) in kommuner().items()
                   if fylke == forum.fylke and nr not in members), key=lambda item: item[1])


def render_oversikt(prepared: Prepared, aar: int | None, stream: TextIO) -> None:
    """Print frames, requests and recommendations per scheme and year, partnership, recipient."""
    ctx = prepared.ctx
    forum = ctx.forum
    assert forum is not None
    year = aar or forum.aar
    console = _console(stream)
    console.print(Text(f"{visible(forum.navn)} – oversikt {year}", style="bold"))
    console.print()

    requested = requested_by_scheme_year(ctx)
    recommended = recommended_by_scheme_year(ctx)
    frames = forum.rammer or {}
    keys = set(requested) | {(o, y) for o, per in frames.items() for y in per}
    if aar is not None:
        keys = {k for k in keys if k[1] == aar}
    order = {o: i for i, o in enumerate(forum.ordninger)}
    table = Table(title="Per ordning og år", box=box.SIMPLE_HEAVY, title_justify="left")
    for name, justify in (("Ordning", "left"), ("År", "right"), ("Ramme", "right"),
                          ("Søkt", "right"), ("Innstilt", "right"), ("Gjenstår", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for ordning, y in sorted(keys, key=lambda k: (k[1], order.get(k[0], 99))):
        frame = frames.get(ordning, {}).get(y)
        soekt = requested.get((ordning, y), 0)
        anbefalt = recommended.get((ordning, y), 0)
        left = Text("–") if frame is None else Text(
            numbers.kroner(frame - anbefalt), style="bold red" if anbefalt > frame else "")
        table.add_row(ORDNING_KORT.get(ordning, ordning), str(y),
                      numbers.kroner(frame) if frame is not None else "–",
                      _amount_with_share(soekt, frame), _amount_with_share(anbefalt, frame), left)
    console.print(table)

    model = build_innstilling(ctx, year, "nb", status=prepared.status)
    rows = [r for r in measure_years(ctx) if r.aar == year]
    per_partnership = Table(title=f"Per partnerskap {year}", box=box.SIMPLE_HEAVY,
                            title_justify="left")
    for name, justify in (("Partnerskap", "left"), ("Tiltak", "right"), ("Søkt", "right"),
                          ("Innstilt", "right"), ("Egenandel", "right"),
                          ("Deltakere", "right")):
        per_partnership.add_column(name, justify=justify)  # type: ignore[arg-type]
    names = {p.slug: (p.partnerskap.navn if p.partnerskap else p.slug) for p in ctx.partnerships}
    by_ref = {t.ref: t for t in (*model.tiltak, *model.avslaatte)}
    for partnership in ctx.partnerships:
        own = [r for r in rows if r.partnerskap == partnership.slug]
        measures = [by_ref[f"{r.partnerskap}/{r.tiltak}"] for r in own
                    if f"{r.partnerskap}/{r.tiltak}" in by_ref]
        per_partnership.add_row(
            _user(names[partnership.slug]), str(len(own)), numbers.kroner(sum(r.soekt for r in own)),
            numbers.kroner(sum(r.anbefalt for r in own)),
            numbers.kroner(sum(t.egenandel for t in measures if not t.avslaatt)),
            numbers.tall(sum(t.deltakere or 0 for t in measures if not t.avslaatt)))
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
    if decision is None:
        return "utkast (ingen beslutning)"
    if model.fyo:
        return f"vedtatt {numbers.dato(decision.dato)}"
    agreed = f"samarbeidsforumet ble enig {numbers.dato(decision.dato)}"
    if vedtak is None:
        return f"{agreed}; Statsforvalteren har ikke fattet vedtak ennå"
    how = "som innstilt" if vedtak.som_innstilt else "med endringer"
    return f"{agreed}; Statsforvalteren fattet vedtak {how} {numbers.dato(vedtak.dato)}"
