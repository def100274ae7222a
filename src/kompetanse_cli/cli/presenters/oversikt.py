"""`komp oversikt` in the terminal: the overview's numbers as rich tables."""

from __future__ import annotations

import shutil
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ...documents import numbers
from ...documents.labels import ORDNING_KORT
from ...documents.oversikt import Oversikt
from ...inert import visible


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


def show_oversikt(data: Oversikt, stream: TextIO) -> None:
    """Print frames, requests and recommendations per scheme and year, partnership, recipient."""
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

    missing = data.uten_partnerskap
    if missing is not None:
        if missing:
            console.print(Text(f"Kommuner i fylket uten partnerskap ({len(missing)}): ",
                               style="bold")
                          + Text(", ".join(f"{navn} ({nr})" for nr, navn in missing)))
        else:
            console.print(Text("Alle kommunene i fylket er med i et partnerskap."))

    line = Text("Validering: ")
    line.append(f"{data.feil} feil", style="bold red" if data.feil else "green")
    line.append(", ")
    line.append(f"{data.advarsler} {'advarsel' if data.advarsler == 1 else 'advarsler'}",
                style="yellow" if data.advarsler else "green")
    if data.feil or data.advarsler:
        line.append(" (kjør `komp validate` for detaljer)")
    console.print(line)
    console.print(Text(f"Status: {data.beslutning}"))
