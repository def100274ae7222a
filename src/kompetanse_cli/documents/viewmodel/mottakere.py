"""Who receives what: the innstilling's table per recipient (with the owners a recipient
receives for), the payouts `komp utbetaling` lists, and where Statsforvalteren's vedtak departs
from the innstilling."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...domain.context import ForumContext
from ...pipeline.aggregate import Mottaker, owners_by_recipient, vedtak_by_year, vedtak_departures
from ..labels import label
from .common import Names, Ordning, ordning_of


@dataclass(frozen=True)
class EierRad:
    """Under a recipient that receives on behalf of a network: what belongs to one of its
    owners, or to several owners together (a measure they share)."""

    navn: str
    orgnr: str | None
    """None when the amount belongs to several owners together."""
    rolle: str
    per_ordning: tuple[int, ...]
    """Aligned with Innstilling.ordninger."""
    sum: int


@dataclass(frozen=True)
class MottakerRad:
    navn: str
    orgnr: str | None
    rolle: str
    per_ordning: tuple[int, ...]
    """Aligned with Innstilling.ordninger."""
    sum: int
    eiere: tuple[EierRad, ...] = ()
    """What belongs to each owner, when the recipient receives for more owners than itself."""


@dataclass(frozen=True)
class UtbetalingRad:
    """One payout: what one recipient gets from one scheme in the year, and for which measures."""

    navn: str
    orgnr: str | None
    rolle: str
    ordning: Ordning
    aar: int
    beloep: int
    tiltak: tuple[str, ...]
    """The measures it pays for, as `partnerskap/id`."""


@dataclass(frozen=True)
class TildelingRad:
    """One recipient's amount in one ordning: recommended by the forum, granted in the vedtak."""

    navn: str
    orgnr: str
    ordning: Ordning
    innstilt: int
    tildelt: int
    avvik: int
    """Granted − recommended."""


@dataclass(frozen=True)
class VedtakInfo:
    """Statsforvalteren's vedtak for the year."""

    dato: dt.date
    saksnummer: str
    som_innstilt: bool
    """True when the vedtak grants exactly what the forum recommended."""
    begrunnelse: str | None
    tildelinger: tuple[TildelingRad, ...]
    """Recipients whose granted amount departs from the recommended one."""


def _on_behalf(ctx: ForumContext, aar: int, names: Names, columns: tuple[Ordning, ...],
               maalform: str) -> dict[str, tuple[EierRad, ...]]:
    """Per recipient of owners' grants that holds money belonging to other owners than itself:
    each owner's part (and the parts owners share), from the aggregation."""
    out: dict[str, tuple[EierRad, ...]] = {}
    for recipient, parts in owners_by_recipient(ctx, aar).items():
        if all(part.eiere == (recipient,) for part in parts):
            continue  # it receives for itself alone
        rows = []
        for part in parts:
            shown = [names.get(o) or o for o in part.eiere]
            if len(shown) == 1:
                navn, orgnr, rolle = shown[0], part.eiere[0], "eier_i_nettverket"
            else:
                navn = label(maalform, "mottakerrolle", "felles_for") + " " + (
                    f"{', '.join(shown[:-1])} og {shown[-1]}")
                orgnr, rolle = None, "eiere_sammen"
            rows.append(EierRad(navn, orgnr, label(maalform, "mottakerrolle", rolle),
                                tuple(part.per_ordning.get(c.kode, 0) for c in columns),
                                part.sum))
        out[recipient] = tuple(rows)
    return out


_ROLE_ORDER = {"fylkeskommune": 0, "eier": 1, "uh": 2, "tilbyder": 3}


def decided_payouts(granted: dict[tuple[str, str], int], receivers: list[Mottaker],
                     names: Names, columns: tuple[Ordning, ...], aar: int, maalform: str
                     ) -> list[UtbetalingRad]:
    """The payouts of a year with a vedtak: each recipient's decided amount per ordning, with
    the measures the innstilling gave it money for."""
    by_orgnr: dict[str, Mottaker] = {}
    for receiver in receivers:
        if receiver.orgnr is not None:
            by_orgnr.setdefault(receiver.orgnr, receiver)
    by_code = {c.kode: (i, c) for i, c in enumerate(columns)}
    rows = []
    for (orgnr, ordning), beloep in granted.items():
        if not beloep or ordning not in by_code:
            continue
        found = by_orgnr.get(orgnr)
        rolle = found.rolle if found is not None else "ukjent"
        measures = found.tiltak.get(ordning, ()) if found is not None else ()
        index, column = by_code[ordning]
        rows.append(((_ROLE_ORDER.get(rolle, 9), names.get(orgnr) or "~", index), UtbetalingRad(
            names.get(orgnr) or orgnr, orgnr, label(maalform, "mottakerrolle", rolle), column,
            aar, beloep, tuple(measures))))
    return [row for _, row in sorted(rows, key=lambda item: item[0])]


def vedtak_info(ctx: ForumContext, aar: int, names: Names, maalform: str) -> VedtakInfo | None:
    found = vedtak_by_year(ctx).get(aar)
    if found is None:
        return None
    vedtak = found[1]
    rows = tuple(
        TildelingRad(names.get(orgnr) or orgnr, orgnr, ordning_of(ordning, maalform),
                     avvik.innstilt, avvik.tildelt, avvik.avvik)
        for (orgnr, ordning), avvik in sorted(
            vedtak_departures(ctx, aar).items(),
            key=lambda item: (names.get(item[0][0]) or item[0][0], item[0][1])))
    return VedtakInfo(vedtak.dato, vedtak.saksnummer, not rows, vedtak.begrunnelse, rows)


def recipient_rows(ctx: ForumContext, aar: int, receivers: list[Mottaker], names: Names,
                   columns: tuple[Ordning, ...], maalform: str
                   ) -> tuple[list[MottakerRad], list[UtbetalingRad]]:
    """The innstilling's table per recipient (by role, then name), and the payouts it
    recommends: per recipient and scheme, in the same order."""
    mottakere = []
    utbetalinger: list[UtbetalingRad] = []
    owners = _on_behalf(ctx, aar, names, columns, maalform)
    for receiver in sorted(receivers, key=lambda m: (_ROLE_ORDER.get(m.rolle, 9),
                                                     names.get(m.orgnr) or "~")):
        orgnr, per = receiver.orgnr, receiver.per_ordning
        navn = names.get(orgnr) or (orgnr or label(maalform, "mottakerrolle", "ukjent"))
        rolle = label(maalform, "mottakerrolle", receiver.rolle)
        mottakere.append(MottakerRad(
            navn, orgnr, rolle, tuple(per.get(c.kode, 0) for c in columns), receiver.sum,
            owners.get(orgnr, ()) if receiver.rolle == "eier" and orgnr is not None else ()))
        utbetalinger.extend(
            UtbetalingRad(navn, orgnr, rolle, c, aar, per[c.kode],
                          receiver.tiltak.get(c.kode, ()))
            for c in columns if per.get(c.kode))
    return mottakere, utbetalinger
