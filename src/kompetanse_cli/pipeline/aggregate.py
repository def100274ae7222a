"""Every money figure: the partnerships' requests, changed by the forum's justeringer, and
what follows from them (per scheme, partnership, recipient and owner; decided, reported, bound).

Pure functions over a ForumContext (valid models only), shared by the rules, the documents,
`komp oversikt` and `komp diff`, so that they always agree on every sum and difference: no
other module adds up kroner or takes one figure from another (tests/test_aggregate_only.py
checks it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..domain.context import ForumContext, PartnershipContext, normalise_orgnr
from ..domain.models import Justering, Tiltak, Vedtak

Beloep = int | dict[str, int]


def add_up(parts: Iterable[Mapping[Any, int]]) -> dict[Any, int]:
    """Kroner per key over several such maps (several forums, say), in the order first met."""
    sums: dict[Any, int] = {}
    for part in parts:
        for key, beloep in part.items():
            sums[key] = sums.get(key, 0) + beloep
    return sums


def total(amount: Beloep | None) -> int:
    """An amount in whole kroner, summed when it is split per orgnr."""
    if amount is None:
        return 0
    if isinstance(amount, dict):
        return sum(amount.values())
    return amount


def split_ref(ref: str) -> tuple[str, str] | None:
    """`"salten/T2"` → `("salten", "T2")`; None when the text has no partnership part."""
    slug, sep, tiltak_id = ref.strip().partition("/")
    if not sep or not slug.strip() or not tiltak_id.strip():
        return None
    return slug.strip(), tiltak_id.strip()


class TiltakAar(NamedTuple):
    """One measure's requested amounts for one year (`soekt_*`: its budget's tilskudd_eier and
    tilskudd_uh) and those the forum recommends (`anbefalt_*`: the same after justeringer).

    A named tuple, as `Andel`: a forum of 300 partnerships makes thousands of each for every
    run, and a tuple is made in a quarter of the time of a frozen dataclass."""

    partnerskap: str
    tiltak: str
    ordning: str
    type: str
    aar: int
    soekt_eier: Beloep
    soekt_uh: Beloep
    anbefalt_eier: Beloep
    anbefalt_uh: Beloep
    justering: int | None = None
    """Index in forum.justeringer of the change applied, if any."""
    avslaatt: bool = False
    egenandel: Beloep = 0
    """The egenandel the partnership gives for the year (justeringer do not change it)."""
    deltakere: int | None = None
    """The measure's number of participants, when it gives one."""

    @property
    def soekt(self) -> int:
        """Requested from the scheme (tilskudd_eier + tilskudd_uh)."""
        return total(self.soekt_eier) + total(self.soekt_uh)

    @property
    def anbefalt(self) -> int:
        """Recommended by the forum (tilskudd_eier + tilskudd_uh after justeringer)."""
        return total(self.anbefalt_eier) + total(self.anbefalt_uh)


def justeringer_by_target(ctx: ForumContext) -> dict[tuple[str, str, int], tuple[int, Justering]]:
    """The forum's justeringer by (partnership slug, measure id, year); a later one wins."""
    forum = ctx.forum
    out: dict[tuple[str, str, int], tuple[int, Justering]] = {}
    if forum is None:
        return out
    for index, justering in enumerate(forum.justeringer or ()):
        ref = split_ref(justering.tiltak)
        if ref is not None:
            out[(ref[0], ref[1], justering.aar)] = (index, justering)
    return out


def measure_years(ctx: ForumContext) -> Iterator[TiltakAar]:
    """Every valid measure's budget years, in partnership and file order, with justeringer."""
    for _, _, row in measure_years_of(ctx):
        yield row


def measure_years_of(ctx: ForumContext
                     ) -> Iterator[tuple[PartnershipContext, Tiltak, TiltakAar]]:
    """Like `measure_years`, with each row's partnership and measure.

    Worked out once per context: several rules and the documents go through every row."""
    rows = ctx.memo.get("measure_years_of")
    if rows is None:
        rows = ctx.memo["measure_years_of"] = list(_measure_years_of(ctx))
    return iter(rows)


def _measure_years_of(ctx: ForumContext
                      ) -> Iterator[tuple[PartnershipContext, Tiltak, TiltakAar]]:
    changes = justeringer_by_target(ctx)
    for partnership in ctx.partnerships:
        for _, tiltak in partnership.tiltak():
            for aar, budsjett in sorted(tiltak.budsjett.items()):
                eier: Beloep = budsjett.tilskudd_eier
                uh: Beloep = budsjett.tilskudd_uh
                index: int | None = None
                avslaatt = False
                change = changes.get((partnership.slug, tiltak.id, aar))
                if change is not None:
                    index, justering = change
                    if justering.avslaatt:
                        eier, uh, avslaatt = 0, 0, True
                    else:
                        if justering.tilskudd_eier is not None:
                            eier = justering.tilskudd_eier
                        if justering.tilskudd_uh is not None:
                            uh = justering.tilskudd_uh
                yield partnership, tiltak, TiltakAar(
                    partnership.slug, tiltak.id, tiltak.ordning, tiltak.type, aar,
                    budsjett.tilskudd_eier, budsjett.tilskudd_uh, eier, uh, index, avslaatt,
                    budsjett.egenandel,
                    tiltak.deltakere.antall if tiltak.deltakere is not None else None,
                )


def recommended_by_scheme_year(ctx: ForumContext) -> dict[tuple[str, int], int]:
    """Recommended kroner (tilskudd_eier + tilskudd_uh) per (scheme, year), sorted."""
    sums: dict[tuple[str, int], int] = {}
    for row in measure_years(ctx):
        sums[(row.ordning, row.aar)] = sums.get((row.ordning, row.aar), 0) + row.anbefalt
    return dict(sorted(sums.items()))


def requested_by_scheme_year(ctx: ForumContext) -> dict[tuple[str, int], int]:
    """Requested kroner (before the forum's justeringer) per (scheme, year), sorted."""
    sums: dict[tuple[str, int], int] = {}
    for row in measure_years(ctx):
        sums[(row.ordning, row.aar)] = sums.get((row.ordning, row.aar), 0) + row.soekt
    return dict(sorted(sums.items()))


def recommended_by_partnership(ctx: ForumContext, aar: int) -> dict[str, int]:
    """Recommended kroner per partnership slug in one year, in partnership order."""
    sums: dict[str, int] = {p.slug: 0 for p in ctx.partnerships}
    for row in measure_years(ctx):
        if row.aar == aar:
            sums[row.partnerskap] = sums.get(row.partnerskap, 0) + row.anbefalt
    return sums


def recommended_total_by_measure(ctx: ForumContext) -> dict[tuple[str, str], int]:
    """Recommended kroner per measure (slug, id) over all its years."""
    sums: dict[tuple[str, str], int] = {}
    for row in measure_years(ctx):
        key = (row.partnerskap, row.tiltak)
        sums[key] = sums.get(key, 0) + row.anbefalt
    return sums


@dataclass(frozen=True)
class Totaler:
    """The totals of a set of measure-years: one scheme's, one partnership's or all of them."""

    tiltak: int = 0
    """How many measure-years, rejected ones included."""
    soekt: int = 0
    anbefalt: int = 0
    innstilte: int = 0
    """How many measure-years are recommended (not rejected)."""
    egenandel: int = 0
    """The egenandel of the measure-years not rejected."""
    deltakere: int = 0
    """The participants of the measure-years not rejected."""


def totals(rows: Iterable[TiltakAar]) -> Totaler:
    """Requested, recommended and egenandel of `rows`, with how many and their participants."""
    tiltak = soekt = anbefalt = innstilte = egenandel = deltakere = 0
    for row in rows:
        tiltak += 1
        soekt += row.soekt
        anbefalt += row.anbefalt
        if not row.avslaatt:
            innstilte += 1
            egenandel += total(row.egenandel)
            deltakere += row.deltakere or 0
    return Totaler(tiltak, soekt, anbefalt, innstilte, egenandel, deltakere)


def frame_total(ctx: ForumContext, aar: int) -> int | None:
    """The forum's frames for `aar` over its own schemes together; None when it has none."""
    forum = ctx.forum
    if forum is None:
        return None
    frames = [beloep for ordning in forum.ordninger
              if (beloep := (forum.rammer or {}).get(ordning, {}).get(aar)) is not None]
    return sum(frames) if frames else None


def share(amount: int, prosent: float) -> int:
    """`prosent` % of `amount`, rounded to whole kroner (the planned part of a frame)."""
    return round(amount * prosent / 100)


def planned_split(frame: int, prosent: float) -> tuple[int, int]:
    """DeKom FYO: the plan's split of `frame`: the county's `prosent` % of it (whole kroner) and
    what is left for the other actors."""
    county = share(frame, prosent)
    return county, left_of(frame, county)


def rest_percent(prosent: float | None) -> float | None:
    """DeKom FYO: the percentage the plan leaves for the other actors when the county disposes
    of `prosent` % itself."""
    return None if prosent is None else 100 - prosent


def percent_of(part: int, whole: int | None) -> float | None:
    """`part` in % of `whole`; None when `whole` is nothing (0 or unknown)."""
    return None if not whole else 100 * part / whole


def left_of(frame: int, amount: int) -> int:
    """What is left of `frame` once `amount` is taken from it (negative when it is over)."""
    return frame - amount


def excess(amount: int, limit: int) -> int:
    """How many kroner `amount` is over `limit` (0 when it is within it)."""
    return max(amount - limit, 0)


def requested_as_written(year: Mapping[str, Any]) -> int:
    """A budget year as written in a file that may not be valid (tilskudd_eier + tilskudd_uh):
    the amounts that are whole kroner count, the others not."""
    amounts = (year.get("tilskudd_eier"), year.get("tilskudd_uh"))
    return sum(a for a in amounts if isinstance(a, int) and not isinstance(a, bool))


@dataclass(frozen=True)
class Koordinering:
    """One year's coordination measures (type `koordinering`) in a partnership (K409)."""

    aar: int
    koordinering: int
    """Requested kroner of the year's coordination measures."""
    i_alt: int
    """Requested kroner of all the partnership's measures that year."""
    index: int
    """Position in tiltak.yaml of the year's first coordination measure."""
    ordning: str
    """Its scheme."""

    def over(self, prosent: float) -> bool:
        """The coordination is more than `prosent` % of all the partnership's measures."""
        return self.i_alt > 0 and self.koordinering * 100 > prosent * self.i_alt

    def grense(self, prosent: float) -> int:
        """The most kroner the coordination may have at `prosent` % of all (rounded down)."""
        return int(prosent * self.i_alt) // 100


def coordination_by_year(partnership: PartnershipContext) -> list[Koordinering]:
    """Per year with coordination measures: their requested kroner and all the partnership's."""
    totals_: dict[int, int] = {}
    coordination: dict[int, int] = {}
    first: dict[int, tuple[int, str]] = {}
    for index, tiltak in partnership.tiltak():
        for aar, budsjett in tiltak.budsjett.items():
            amount = total(budsjett.tilskudd_eier) + total(budsjett.tilskudd_uh)
            totals_[aar] = totals_.get(aar, 0) + amount
            if tiltak.type == "koordinering":
                coordination[aar] = coordination.get(aar, 0) + amount
                first.setdefault(aar, (index, tiltak.ordning))
    return [Koordinering(aar, coordination[aar], totals_[aar], *first[aar])
            for aar in sorted(coordination)]


def recommended_by_measure(ctx: ForumContext) -> dict[tuple[str, str], dict[int, TiltakAar]]:
    """Each measure's years, by (partnership slug, measure id)."""
    out: dict[tuple[str, str], dict[int, TiltakAar]] = {}
    for row in measure_years(ctx):
        out.setdefault((row.partnerskap, row.tiltak), {})[row.aar] = row
    return out


class Andel(NamedTuple):
    """One recipient's part of a measure's recommended grant in one year."""

    orgnr: str | None
    """None when the files do not say who receives it (several owners and no `mottaker`)."""
    rolle: str
    """`eier` (tilskudd_eier) or `uh` (tilskudd_uh: the UH partner or FYO provider)."""
    beloep: int


def recipients(row: TiltakAar, mottaker: str | None, eiere: list[str],
               partnere: list[str]) -> list[Andel]:
    """Who receives a measure-year's recommended money.

    `tilskudd_eier` goes to the partnership's `mottaker` (or its one owner), `tilskudd_uh` to the
    measure's one partner; a map orgnr → kroner splits either. Zero amounts are left out.
    """
    return split(row.anbefalt_eier, row.anbefalt_uh, mottaker, eiere, partnere)


def split(tilskudd_eier: Beloep, tilskudd_uh: Beloep, mottaker: str | None, eiere: list[str],
          partnere: list[str]) -> list[Andel]:
    """Who receives an owners' and a partner's amount (see `recipients`); zeros are left out."""
    out: list[Andel] = []
    owner = mottaker or (eiere[0] if len(eiere) == 1 else None)
    partner = partnere[0] if len(partnere) == 1 else None
    for rolle, amount, default in (("eier", tilskudd_eier, owner),
                                   ("uh", tilskudd_uh, partner)):
        if isinstance(amount, dict):
            out.extend(Andel(orgnr, rolle, value) for orgnr, value in amount.items() if value)
        elif amount:
            out.append(Andel(default, rolle, amount))
    return out


def by_role_and_recipient(shares: Iterable[Andel]) -> dict[tuple[str, str | None], int]:
    """Kroner per (rolle, orgnr) of `shares`, in the order first met."""
    sums: dict[tuple[str, str | None], int] = {}
    for andel in shares:
        key = (andel.rolle, andel.orgnr)
        sums[key] = sums.get(key, 0) + andel.beloep
    return sums


# --- who receives what: recommended and decided amounts per recipient ----------------------

RecipientKey = tuple[str, str]
"""(orgnr, ordning)."""


def recipient_shares(ctx: ForumContext, aar: int | None = None
                     ) -> Iterator[tuple[TiltakAar, Andel]]:
    """Every measure-year's recommended money by recipient (orgnr normalised), optionally for
    one year; shares whose recipient the files do not name have orgnr None."""
    for partnership, tiltak, row in measure_years_of(ctx):
        if aar is not None and row.aar != aar:
            continue
        for andel in granted_shares_of(ctx, partnership, tiltak, row):
            yield row, andel


def granted_shares_of(ctx: ForumContext, partnership: PartnershipContext, tiltak: Tiltak,
                      row: TiltakAar) -> list[Andel]:
    """One measure-year's recommended money by grant recipient (orgnr normalised).

    In DeKom FYO the county receives all of it (`fyo_holder`): the providers in `partnere` are
    contract parties whose services it buys (`fyo_purchases`), not grant recipients.
    """
    holder = fyo_holder(ctx, partnership) if row.ordning == FYO else None
    out = []
    for andel in shares_of(partnership, tiltak, row):
        orgnr = normalise_orgnr(andel.orgnr) if andel.orgnr else None
        out.append(Andel(holder or orgnr, andel.rolle, andel.beloep))
    return out


FYO = "dekom_fyo"


def fyo_holder(ctx: ForumContext, partnership: PartnershipContext) -> str | None:
    """DeKom FYO's one grant recipient, the county authority (`fylkeskommune` in forum.yaml;
    without it, the partnership's receiver: its `mottaker` or its one owner), normalised."""
    forum = ctx.forum
    if forum is not None and forum.fylkeskommune is not None:
        return normalise_orgnr(forum.fylkeskommune.orgnr)
    p = partnership.partnerskap
    if p is None:
        return None
    if p.mottaker:
        return normalise_orgnr(p.mottaker)
    return normalise_orgnr(p.eiere[0].orgnr) if len(p.eiere) == 1 else None


OwnersKey = tuple[str, ...]
"""The owners (orgnr, in the partnership's order) an amount belongs to: one, or several for a
measure they share."""


@dataclass(frozen=True)
class Eierdel:
    """The part of a recipient's owners' grants that belongs to one owner (or to several owners
    together), per ordning."""

    eiere: OwnersKey
    per_ordning: dict[str, int]

    @property
    def sum(self) -> int:
        return sum(self.per_ordning.values())


def owners_by_recipient(ctx: ForumContext, aar: int) -> dict[str, tuple[Eierdel, ...]]:
    """Per recipient of owners' grants (orgnr) in `aar`: the recommended kroner that belong to
    each owner of its network, in the partnerships' order of owners (the parts several owners
    share after those of one owner).

    A recipient (the `mottaker`, often a host municipality) receives `tilskudd_eier` on behalf
    of the network's owners. A measure's amount belongs to the owners of the units taking part
    in it (`deltakere.enheter`; all the owners when it names none): one owner, or several
    together when the units belong to several (the files do not say how those share it). An
    amount split per orgnr belongs to the owner it names, who also receives it. DeKom FYO has
    one recipient, the county, and is left out.
    """
    found: dict[str, dict[OwnersKey, dict[str, int]]] = {}
    for partnership, tiltak, row in measure_years_of(ctx):
        p = partnership.partnerskap
        if row.aar != aar or row.ordning == FYO or p is None:
            continue
        order = [normalise_orgnr(e.orgnr) for e in p.eiere]
        unit_owners = {e.id: normalise_orgnr(e.eier) for e in p.enheter if e.eier is not None}
        taking_part = {unit_owners[u] for u in (tiltak.deltakere.enheter if tiltak.deltakere
                                                else ()) if u in unit_owners}
        owners = tuple(o for o in order if o in taking_part) or tuple(order)
        for andel in granted_shares_of(ctx, partnership, tiltak, row):
            if andel.rolle != "eier" or andel.orgnr is None or not andel.beloep:
                continue
            key = (andel.orgnr,) if isinstance(row.anbefalt_eier, dict) else owners
            per = found.setdefault(andel.orgnr, {}).setdefault(key, {})
            per[row.ordning] = per.get(row.ordning, 0) + andel.beloep
    return {recipient: tuple(Eierdel(key, amounts) for key, amounts in sorted(
                per.items(), key=lambda item: (len(item[0]) > 1,
                                               [order_of(ctx, o) for o in item[0]])))
            for recipient, per in sorted(found.items())}


def order_of(ctx: ForumContext, orgnr: str) -> tuple[int, int]:
    """Where an owner stands: (its partnership's position, its position among the owners)."""
    for i, partnership in enumerate(ctx.partnerships):
        p = partnership.partnerskap
        for j, eier in enumerate(p.eiere if p is not None else ()):
            if normalise_orgnr(eier.orgnr) == orgnr:
                return (i, j)
    return (len(ctx.partnerships), 0)


def recommended_by_recipient(ctx: ForumContext, aar: int) -> dict[RecipientKey, int]:
    """Recommended kroner per (orgnr, ordning) in `aar`; shares without a named recipient are
    left out (K207 reports them)."""
    sums: dict[RecipientKey, int] = {}
    for row, andel in recipient_shares(ctx, aar):
        if andel.orgnr is not None:
            key = (andel.orgnr, row.ordning)
            sums[key] = sums.get(key, 0) + andel.beloep
    return dict(sorted(sums.items()))


def recommended_by_recipient_year(ctx: ForumContext
                                  ) -> tuple[dict[tuple[str, int], int], dict[tuple[str, int], int]]:
    """Recommended kroner per (orgnr, year) of the named recipients, and per (partnership slug,
    year) of the money whose recipient the files do not name."""
    named: dict[tuple[str, int], int] = {}
    unnamed: dict[tuple[str, int], int] = {}
    for row, andel in recipient_shares(ctx):
        sums, key = (named, (andel.orgnr, row.aar)) if andel.orgnr is not None else (
            unnamed, (row.partnerskap, row.aar))
        sums[key] = sums.get(key, 0) + andel.beloep
    return named, unnamed


@dataclass(frozen=True)
class Mottaker:
    """One recipient of a year's recommended money: what it gets per scheme, and for which
    measures (the innstilling's table of recipients and the payout list)."""

    rolle: str
    """`fylkeskommune`, `eier`, `uh` or `tilbyder` (an FYO provider that is not a UH)."""
    orgnr: str | None
    """Normalised; None when the files do not say who; `a + b` for one amount to several
    partners together."""
    partnere: tuple[str, ...]
    """The partners `orgnr` stands for together, else ()."""
    per_ordning: dict[str, int]
    tiltak: dict[str, tuple[str, ...]]
    """Per scheme, the measures (`partnerskap/id`, not rejected) the money is for."""

    @property
    def sum(self) -> int:
        return sum(self.per_ordning.values())


def recipients_in_year(ctx: ForumContext, aar: int) -> list[Mottaker]:
    """Every recipient of `aar`'s recommended money, in the order first met (partnerships and
    measures in file order); partnerships without a valid partnerskap.yaml are not in."""
    forum = ctx.forum
    county = normalise_orgnr(forum.fylkeskommune.orgnr) \
        if forum is not None and forum.fylkeskommune is not None else None
    found: dict[tuple[str, str | None], tuple[tuple[str, ...], dict[str, int],
                                              dict[str, list[str]]]] = {}
    for partnership, tiltak, row in measure_years_of(ctx):
        p = partnership.partnerskap
        if p is None or row.aar != aar:
            continue
        provider_types = {normalise_orgnr(t.orgnr): t.type for t in p.tilbydere}
        # who receives the grant (in DeKom FYO the county, which buys from the providers)
        for andel in granted_shares_of(ctx, partnership, tiltak, row):
            orgnr, rolle = andel.orgnr, andel.rolle
            partnere: tuple[str, ...] = ()
            if orgnr is None and rolle == "uh" and len(tiltak.partnere) > 1:
                # one amount for several partners: the partners together
                partnere = tuple(tiltak.partnere)
                orgnr = " + ".join(normalise_orgnr(o) for o in partnere)
            if rolle == "uh" and orgnr in provider_types and provider_types[orgnr] != "uh":
                rolle = "tilbyder"
            if orgnr is not None and orgnr == county:
                rolle = "fylkeskommune"
            _, per, refs = found.setdefault((rolle, orgnr), (partnere, {}, {}))
            per[row.ordning] = per.get(row.ordning, 0) + andel.beloep
            paid_for = refs.setdefault(row.ordning, [])
            ref = f"{partnership.slug}/{tiltak.id}"
            if not row.avslaatt and ref not in paid_for:
                paid_for.append(ref)
    return [Mottaker(rolle, orgnr, partnere, per, {o: tuple(r) for o, r in refs.items()})
            for (rolle, orgnr), (partnere, per, refs) in found.items()]


def scheme_totals(recipients: Iterable[Mottaker], ordninger: Iterable[str]) -> tuple[int, ...]:
    """What `recipients` get together from each of `ordninger`, in that order."""
    listed = list(recipients)
    return tuple(sum(m.per_ordning.get(o, 0) for m in listed) for o in ordninger)


def vedtak_by_year(ctx: ForumContext) -> dict[int, tuple[int, Vedtak]]:
    """Statsforvalteren's vedtak by year, with its index in forum.vedtak (a later one wins)."""
    forum = ctx.forum
    if forum is None:
        return {}
    return {v.aar: (i, v) for i, v in enumerate(forum.vedtak or ())}


def vedtak_basis(ctx: ForumContext, aar: int) -> ForumContext:
    """The files `aar`'s vedtak rests on: the forum as it stood at the vedtak's `grunnlag`
    (the commit its innstilling was made from) when git can read it, else the files as they
    are (no vedtak, no grunnlag, or git cannot read it: K313 says why, and a result that rests
    on it is not kept in the cache)."""
    found = vedtak_by_year(ctx).get(aar)
    rev = (found[1].grunnlag or "") if found is not None else ""
    if not rev or ctx.folder is None:
        return ctx
    known: dict[int, ForumContext] = ctx.memo.setdefault("vedtak_basis", {})
    if aar not in known:
        from .grunnlag import read_grunnlag

        read = read_grunnlag(ctx.folder, rev)
        if read.ctx is None:
            ctx.volatile = True  # git, the repository or the commit may be there next time
        known[aar] = read.ctx or ctx
    return known[aar]


def recommended_at_vedtak(ctx: ForumContext, aar: int) -> dict[RecipientKey, int]:
    """Recommended kroner per (orgnr, ordning) in `aar` in the innstilling `aar`'s vedtak rests
    on (`vedtak_basis`): what a vedtak `som_innstilt` granted, and what its `tildelinger`
    depart from."""
    return recommended_by_recipient(vedtak_basis(ctx, aar), aar)


def decided_by_recipient(ctx: ForumContext, aar: int) -> dict[RecipientKey, int] | None:
    """What Statsforvalteren granted per (orgnr, ordning) in `aar`: the amounts recommended
    at the vedtak's grunnlag under `som_innstilt: true` (`recommended_at_vedtak`), its
    `tildelinger` otherwise; None without a vedtak for `aar`."""
    found = vedtak_by_year(ctx).get(aar)
    if found is None:
        return None
    vedtak = found[1]
    if vedtak.tildelinger is None:
        return recommended_at_vedtak(ctx, aar) if vedtak.som_innstilt else {}
    sums: dict[RecipientKey, int] = {}
    for tildeling in vedtak.tildelinger:
        key = (normalise_orgnr(tildeling.mottaker), tildeling.ordning)
        sums[key] = sums.get(key, 0) + tildeling.beloep
    return dict(sorted(sums.items()))


@dataclass(frozen=True)
class Avvik:
    """One recipient's amount in one ordning where the vedtak departs from the innstilling."""

    innstilt: int
    tildelt: int

    @property
    def avvik(self) -> int:
        """Decided − recommended (negative when the vedtak grants less)."""
        return self.tildelt - self.innstilt


def vedtak_departures(ctx: ForumContext, aar: int) -> dict[RecipientKey, Avvik]:
    """Per (orgnr, ordning) whose amount in `aar`'s vedtak is not the one recommended in the
    innstilling it rests on (`recommended_at_vedtak`): both amounts, sorted by key; {} without
    a vedtak for `aar`."""
    decided = decided_by_recipient(ctx, aar)
    if decided is None:
        return {}
    recommended = recommended_at_vedtak(ctx, aar)
    return {key: Avvik(recommended.get(key, 0), decided.get(key, 0))
            for key in sorted(decided.keys() | recommended.keys())
            if decided.get(key, 0) != recommended.get(key, 0)}


def decided_by_scheme(vedtak: Vedtak) -> dict[str, int]:
    """What one vedtak's `tildelinger` grant per ordning, in the order first met."""
    sums: dict[str, int] = {}
    for tildeling in vedtak.tildelinger or ():
        sums[tildeling.ordning] = sums.get(tildeling.ordning, 0) + tildeling.beloep
    return sums


def decided_by_scheme_year(ctx: ForumContext) -> dict[tuple[str, int], int]:
    """Granted kroner per (ordning, year), for the years that have a vedtak."""
    sums: dict[tuple[str, int], int] = {}
    for aar in sorted(vedtak_by_year(ctx)):
        for (_, ordning), beloep in (decided_by_recipient(ctx, aar) or {}).items():
            sums[(ordning, aar)] = sums.get((ordning, aar), 0) + beloep
    return dict(sorted(sums.items()))


def decided_total(ctx: ForumContext, aar: int, ordninger: Iterable[str]) -> int:
    """Granted kroner in `aar` in these ordninger, every recipient together."""
    wanted = set(ordninger)
    return sum(beloep for (_, ordning), beloep in (decided_by_recipient(ctx, aar) or {}).items()
               if ordning in wanted)


def decided_by_recipient_year(ctx: ForumContext) -> dict[tuple[str, int], int]:
    """Granted kroner per (orgnr, year), every ordning together, for the years with a vedtak."""
    return _by_recipient_year(sorted(vedtak_by_year(ctx)),
                              lambda aar: decided_by_recipient(ctx, aar) or {})


def _by_recipient_year(years: Iterable[int],
                       per_year: Callable[[int], Mapping[RecipientKey, int]]
                       ) -> dict[tuple[str, int], int]:
    """Kroner per (orgnr, year), every ordning together, of what `per_year` gives per (orgnr,
    ordning) in each of `years`, in that order."""
    sums: dict[tuple[str, int], int] = {}
    for aar in years:
        for (orgnr, _), beloep in per_year(aar).items():
            sums[(orgnr, aar)] = sums.get((orgnr, aar), 0) + beloep
    return sums


def granted_by_recipient(ctx: ForumContext, aar: int) -> dict[RecipientKey, int]:
    """The money a year's recipients hold: decided where there is a vedtak, else recommended."""
    decided = decided_by_recipient(ctx, aar)
    return decided if decided is not None else recommended_by_recipient(ctx, aar)


def shares_of(partnership: PartnershipContext, tiltak: Tiltak, row: TiltakAar) -> list[Andel]:
    """`recipients` of one measure-year, from its partnership's owners and receiver."""
    p = partnership.partnerskap
    if p is None:
        return []
    return recipients(row, p.mottaker, [e.orgnr for e in p.eiere], list(tiltak.partnere))


@dataclass(frozen=True)
class FyoFordeling:
    """DeKom FYO, one year: what the county disposes of itself and what it buys from others."""

    aar: int
    fylkeskommunen: int
    """Recommended to the county authority's own use (its tilskudd_eier, or a provider that is
    the county itself)."""
    oevrige: int
    """Set aside for purchases from the other actors (the providers in `partnere`)."""

    @property
    def sum(self) -> int:
        return self.fylkeskommunen + self.oevrige

    @property
    def andel_fylkeskommunen(self) -> float | None:
        """The county's own part in % of the two together (K416 checks it against the plan);
        None when nothing is recommended."""
        return percent_of(self.fylkeskommunen, self.sum)

    @property
    def andel_oevrige(self) -> float | None:
        """The other actors' part in % of the two together."""
        return percent_of(self.oevrige, self.sum)


def fyo_fordeling(ctx: ForumContext) -> dict[int, FyoFordeling]:
    """The county's and the other actors' part of the recommended FYO money, per year."""
    forum = ctx.forum
    county = normalise_orgnr(forum.fylkeskommune.orgnr) \
        if forum is not None and forum.fylkeskommune is not None else None
    sums: dict[int, list[int]] = {}
    for partnership, tiltak, row in measure_years_of(ctx):
        if row.ordning != "dekom_fyo":
            continue
        pair = sums.setdefault(row.aar, [0, 0])
        for andel in shares_of(partnership, tiltak, row):
            own = andel.orgnr is not None and normalise_orgnr(andel.orgnr) == county
            pair[0 if own else 1] += andel.beloep
    return {aar: FyoFordeling(aar, a, b) for aar, (a, b) in sorted(sums.items())}


@dataclass(frozen=True)
class Kjoep:
    """DeKom FYO: the competence services the county buys from one provider for one measure,
    as set aside in the recommended amounts (its `tilskudd_uh` to that provider)."""

    partnerskap: str
    tiltak: str
    index: int
    """The measure's position in its tiltak.yaml."""
    tilbyder: str | None
    """The provider's orgnr (normalised); None when the files do not say which (K207)."""
    fra: int
    til: int
    """The measure's period."""
    per_aar: tuple[tuple[int, int], ...]
    """(year, kroner) set aside, per budget year of the measure, after the forum's justeringer."""

    def i_aar(self, aar: int) -> int:
        """Kroner set aside in `aar`."""
        return sum(beloep for year, beloep in self.per_aar if year == aar)

    @property
    def sum(self) -> int:
        """Kroner set aside over the measure's whole period: the value of the purchase."""
        return sum(beloep for _, beloep in self.per_aar)


def fyo_purchases(ctx: ForumContext) -> list[Kjoep]:
    """Every DeKom FYO purchase (measure × provider) with money in some year, in partnership,
    file and provider order. A provider that is the county itself is no purchase."""
    forum = ctx.forum
    county = normalise_orgnr(forum.fylkeskommune.orgnr) \
        if forum is not None and forum.fylkeskommune is not None else None
    indexes = {(p.slug, t.id): i for p in ctx.partnerships for i, t in p.tiltak()}
    found: dict[tuple[str, str, str | None], dict[int, int]] = {}
    periods: dict[tuple[str, str], tuple[int, int]] = {}
    for partnership, tiltak, row in measure_years_of(ctx):
        if row.ordning != FYO or row.avslaatt:
            continue
        periods[(partnership.slug, tiltak.id)] = (tiltak.periode.fra, tiltak.periode.til)
        for andel in shares_of(partnership, tiltak, row):
            orgnr = normalise_orgnr(andel.orgnr) if andel.orgnr else None
            if andel.rolle != "uh" or (orgnr is not None and orgnr == county):
                continue
            years = found.setdefault((partnership.slug, tiltak.id, orgnr), {})
            years[row.aar] = years.get(row.aar, 0) + andel.beloep
    return [Kjoep(slug, tiltak_id, indexes[(slug, tiltak_id)], orgnr,
                  *periods[(slug, tiltak_id)], tuple(sorted(years.items())))
            for (slug, tiltak_id, orgnr), years in found.items() if any(years.values())]


def purchases_by_provider(ctx: ForumContext) -> dict[str | None, tuple[int, int]]:
    """Per provider (orgnr): (kroner set aside over all its purchases' periods, number of
    purchases). Purchases of the same kind from one provider may count together under the
    procurement rules (they must not be split to stay under a threshold)."""
    out: dict[str | None, tuple[int, int]] = {}
    for kjoep in fyo_purchases(ctx):
        amount, count = out.get(kjoep.tilbyder, (0, 0))
        out[kjoep.tilbyder] = (amount + kjoep.sum, count + 1)
    return out


def purchases_total(ctx: ForumContext, aar: int) -> tuple[int, int]:
    """DeKom FYO, all providers together: (kroner set aside for purchases in `aar`, the value
    of those purchases over their measures' whole periods)."""
    year, period = 0, 0
    for kjoep in fyo_purchases(ctx):
        if kjoep.i_aar(aar):
            year, period = year + kjoep.i_aar(aar), period + kjoep.sum
    return year, period


def purchases_in_year(ctx: ForumContext, aar: int) -> dict[str | None, int]:
    """Per provider (orgnr): kroner set aside for purchases in `aar`."""
    out: dict[str | None, int] = {}
    for kjoep in fyo_purchases(ctx):
        if kjoep.i_aar(aar):
            out[kjoep.tilbyder] = out.get(kjoep.tilbyder, 0) + kjoep.i_aar(aar)
    return out


@dataclass(frozen=True)
class Uoppbrukt:
    """The part of a frame the forum leaves unallocated."""

    ordning: str
    aar: int
    ramme: int
    anbefalt: int

    @property
    def gjenstaar(self) -> int:
        return left_of(self.ramme, self.anbefalt)


def unallocated(ctx: ForumContext) -> list[Uoppbrukt]:
    """Every frame (scheme, year) of the forum with money left after the recommendations."""
    forum = ctx.forum
    if forum is None or not forum.rammer:
        return []
    recommended = recommended_by_scheme_year(ctx)
    out = []
    for ordning, years in forum.rammer.items():
        for aar, ramme in sorted(years.items()):
            anbefalt = recommended.get((ordning, aar), 0)
            if anbefalt < ramme:
                out.append(Uoppbrukt(ordning, aar, ramme, anbefalt))
    return out


@dataclass(frozen=True)
class EtterSats:
    """One measure-year of a type the forum pays at a fixed rate per participant (K421)."""

    rad: TiltakAar
    antall: int | None
    """The measure's number of participants, when it gives one."""
    sats: int
    """The forum's rate in kroner per participant and year."""

    @property
    def etter_sats(self) -> int | None:
        """What the rate gives for the measure-year, or None without a number of participants."""
        return None if self.antall is None else self.sats * self.antall


def by_fixed_rate(ctx: ForumContext, tiltakstype: str, sats: int) -> list[EtterSats]:
    """The recommended measure-years of `tiltakstype` (not rejected), each with what the
    forum's fixed rate per participant gives."""
    out = []
    for _, tiltak, row in measure_years_of(ctx):
        if tiltak.type != tiltakstype or row.avslaatt:
            continue
        antall = tiltak.deltakere.antall if tiltak.deltakere is not None else None
        out.append(EtterSats(row, antall, sats))
    return out


# --- the owners' reports: used, egenandel delivered, unspent -------------------------------


@dataclass(frozen=True)
class RapportRad:
    """One measure's report for one year, with its money split per recipient."""

    partnerskap: str
    aar: int
    index: int
    """Index of the year in rapport.yaml's list."""
    tiltak_index: int
    """Index of the measure in that year's `tiltak`."""
    tiltak: str
    ordning: str | None
    """The measure's ordning; None when tiltak.yaml has no valid measure with this id."""
    status: str
    brukt: tuple[Andel, ...]
    """Used, per recipient (orgnr normalised; None when the files do not say who)."""
    egenandel: tuple[Andel, ...]
    """Egenandel delivered, per owner (rolle `eier`)."""
    deltakere: int | None
    fordelt: bool = False
    """`brukt.tilskudd_eier` is split per owner (otherwise one recipient holds it for all)."""

    @property
    def brukt_sum(self) -> int:
        return sum(a.beloep for a in self.brukt)

    @property
    def brukt_eier(self) -> int:
        return sum(a.beloep for a in self.brukt if a.rolle == "eier")

    @property
    def egenandel_sum(self) -> int:
        return sum(a.beloep for a in self.egenandel)


def _normalised(shares: list[Andel]) -> tuple[Andel, ...]:
    return tuple(Andel(normalise_orgnr(a.orgnr) if a.orgnr else None, a.rolle, a.beloep)
                 for a in shares)


def report_rows(ctx: ForumContext, aar: int | None = None) -> Iterator[RapportRad]:
    """Every valid report entry of every partnership (optionally of one year), in file order."""
    for partnership in ctx.partnerships:
        p = partnership.partnerskap
        measures = {t.id: t for _, t in partnership.tiltak()}
        mottaker = p.mottaker if p is not None else None
        eiere = [e.orgnr for e in p.eiere] if p is not None else []
        for index, rapport in partnership.rapport():
            if aar is not None and rapport.aar != aar:
                continue
            for t_index, entry in enumerate(rapport.tiltak):
                tiltak = measures.get(entry.id)
                partnere = list(tiltak.partnere) if tiltak is not None else []
                brukt = _normalised(split(entry.brukt.tilskudd_eier, entry.brukt.tilskudd_uh,
                                          mottaker, eiere, partnere))
                holder = fyo_holder(ctx, partnership) \
                    if tiltak is not None and tiltak.ordning == FYO else None
                if holder is not None:  # in FYO the county received it all (granted_shares_of)
                    brukt = tuple(Andel(holder, a.rolle, a.beloep) for a in brukt)
                yield RapportRad(
                    partnership.slug, rapport.aar, index, t_index, entry.id,
                    tiltak.ordning if tiltak is not None else None, entry.status,
                    brukt,
                    _normalised(split(entry.egenandel, 0, mottaker, eiere, [])),
                    entry.deltakere.antall if entry.deltakere else None,
                    isinstance(entry.brukt.tilskudd_eier, dict))


def granted_shares(ctx: ForumContext, slug: str, tiltak_id: str, aar: int) -> tuple[Andel, ...]:
    """A measure's granted money in `aar` per recipient (see `granted_shares_by_measure`)."""
    return granted_shares_by_measure(ctx, aar).get((slug, tiltak_id), ())


def granted_shares_by_measure(ctx: ForumContext, aar: int
                              ) -> dict[tuple[str, str], tuple[Andel, ...]]:
    """Per measure (slug, id) with money in `aar`: what each of its recipients holds for it.

    Without a vedtak for `aar` that is the recommended money (after justeringer). With one, the
    measures and their recommended money are those of the innstilling it rests on (the files at
    its `grunnlag`, `vedtak_basis`): under `som_innstilt: true` that money as it was. A
    vedtak's `tildelinger` decide per recipient and ordning, not per measure: each recipient's
    decided amount is shared among the measures it was recommended money for, in proportion to
    those recommended amounts, in whole kroner (the kroner left over by rounding down go one
    each to the largest remainders, the first measure in file order first), so that the
    measures' shares add up to the decided amount exactly. A recipient the innstilling gave
    nothing in that ordning has no measure to share its decided amount among: it stays with
    the recipient (the views per recipient show it). A share the vedtak does not name is
    decided at 0 kr.
    """
    key = f"granted_shares_by_measure {aar}"  # K303, K312, K501 and the documents ask again
    known = ctx.memo.get(key)
    if known is None:
        known = ctx.memo[key] = _granted_shares_by_measure(ctx, aar)
    return known


def _granted_shares_by_measure(ctx: ForumContext, aar: int
                               ) -> dict[tuple[str, str], tuple[Andel, ...]]:
    rows = list(recipient_shares(vedtak_basis(ctx, aar), aar))
    found = vedtak_by_year(ctx).get(aar)
    amounts = [andel.beloep for _, andel in rows]
    if found is not None and found[1].tildelinger is not None:
        decided = decided_by_recipient(ctx, aar) or {}
        groups: dict[RecipientKey, list[int]] = {}
        for index, (row, andel) in enumerate(rows):
            if andel.orgnr is None:
                amounts[index] = 0
            else:
                groups.setdefault((andel.orgnr, row.ordning), []).append(index)
        for key, indexes in groups.items():
            amounts_of = [rows[i][1].beloep for i in indexes]
            for i, beloep in zip(indexes, proportional(decided.get(key, 0), amounts_of),
                                 strict=True):
                amounts[i] = beloep
    elif found is not None and not found[1].som_innstilt:
        amounts = [0] * len(rows)  # a vedtak that grants nothing (K102 reports it)
    out: dict[tuple[str, str], list[Andel]] = {}
    for (row, andel), beloep in zip(rows, amounts, strict=True):
        out.setdefault((row.partnerskap, row.tiltak), []).append(
            Andel(andel.orgnr, andel.rolle, beloep))
    return {key: tuple(shares) for key, shares in out.items()}


def proportional(amount: int, weights: list[int]) -> list[int]:
    """`amount` kroner shared in proportion to `weights` (whole kroner adding up to `amount`;
    the kroner left by rounding down go to the largest remainders, earlier ones first)."""
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    parts = [amount * w // whole for w in weights]
    left = amount - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % whole), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def granted_budget(ctx: ForumContext, aar: int) -> dict[tuple[str, str], tuple[Beloep, Beloep]]:
    """Per measure (slug, id) granted money in `aar`: its granted `tilskudd_eier` and
    `tilskudd_uh`, written as its budget writes them (a number, or a map orgnr → kroner)."""
    shares = granted_shares_by_measure(ctx, aar)
    out: dict[tuple[str, str], tuple[Beloep, Beloep]] = {}
    for row in measure_years(vedtak_basis(ctx, aar)):
        key = (row.partnerskap, row.tiltak)
        if row.aar != aar or not any(a.beloep for a in shares.get(key, ())):
            continue
        of_role = {rolle: [a for a in shares[key] if a.rolle == rolle] for rolle in ("eier", "uh")}
        out[key] = (_written_like(row.anbefalt_eier, of_role["eier"]),
                    _written_like(row.anbefalt_uh, of_role["uh"]))
    return out


def _written_like(form: Beloep, shares: list[Andel]) -> Beloep:
    if isinstance(form, dict):
        return {k: sum(a.beloep for a in shares if a.orgnr == normalise_orgnr(k)) for k in form}
    return sum(a.beloep for a in shares)


def granted_by_measure(ctx: ForumContext, aar: int) -> dict[tuple[str, str], int]:
    """Per measure (slug, id) with money in `aar`: the kroner granted it, decided where the
    year has a vedtak (see `granted_shares_by_measure`: the measures of the innstilling it
    rests on), else recommended. A measure whose recipients the files cannot tell
    (partnerskap.yaml has errors) keeps its recommended amount: that file's own errors are
    reported."""
    shares = granted_shares_by_measure(ctx, aar)
    out: dict[tuple[str, str], int] = {}
    for row in measure_years(vedtak_basis(ctx, aar)):
        if row.aar != aar:
            continue
        key = (row.partnerskap, row.tiltak)
        out[key] = sum(a.beloep for a in shares[key]) if key in shares else row.anbefalt
    return out


def used_by_recipient(ctx: ForumContext, aar: int) -> dict[RecipientKey, int]:
    """Kroner reported used per (orgnr, ordning) in `aar`."""
    return _reported_by_recipient(ctx, aar, lambda row: row.brukt)


def used_by_recipient_year(ctx: ForumContext) -> dict[tuple[str, int], int]:
    """Kroner reported used per (orgnr, year), every ordning together, for every reported year."""
    years = sorted({r.aar for p in ctx.partnerships for _, r in p.rapport()})
    return _by_recipient_year(years, lambda aar: used_by_recipient(ctx, aar))


def egenandel_by_recipient(ctx: ForumContext, aar: int) -> dict[RecipientKey, int]:
    """Egenandel reported delivered per (owner orgnr, ordning) in `aar`."""
    return _reported_by_recipient(ctx, aar, lambda row: row.egenandel)


def _reported_by_recipient(ctx: ForumContext, aar: int,
                           part: Callable[[RapportRad], Iterable[Andel]]
                           ) -> dict[RecipientKey, int]:
    """Kroner per (orgnr, ordning) in `aar` of the part of each report entry `part` picks
    (used, or egenandel delivered); entries of no known measure and shares of no named
    recipient are left out."""
    sums: dict[RecipientKey, int] = {}
    for row in report_rows(ctx, aar):
        if row.ordning is None:
            continue
        for andel in part(row):
            if andel.orgnr is not None:
                key = (andel.orgnr, row.ordning)
                sums[key] = sums.get(key, 0) + andel.beloep
    return dict(sorted(sums.items()))


def owner_egenandel_used(ctx: ForumContext, aar: int, ordning: str
                         ) -> dict[str, tuple[int, int]]:
    """Per owner (orgnr) in `ordning` and `aar`: (egenandel delivered, tilskudd_eier used).

    When the owners' grant was not split per owner, its recipient (the `mottaker`) holds it on
    behalf of the network, and every owner's egenandel on that measure counts for it.
    """
    out: dict[str, tuple[int, int]] = {}
    for row in report_rows(ctx, aar):
        if row.ordning != ordning:
            continue
        holders = [a.orgnr for a in row.brukt if a.rolle == "eier"]
        for andel in row.egenandel:
            orgnr = holders[0] if not row.fordelt and len(holders) == 1 else andel.orgnr
            if orgnr is not None:
                delivered, used = out.get(orgnr, (0, 0))
                out[orgnr] = (delivered + andel.beloep, used)
        for andel in row.brukt:
            if andel.rolle == "eier" and andel.orgnr is not None:
                delivered, used = out.get(andel.orgnr, (0, 0))
                out[andel.orgnr] = (delivered, used + andel.beloep)
    return dict(sorted(out.items()))


def unspent_by_recipient(ctx: ForumContext, aar: int) -> dict[RecipientKey, int]:
    """Granted − used per (orgnr, ordning) in `aar`, where it is more than nothing."""
    granted = granted_by_recipient(ctx, aar)
    used = used_by_recipient(ctx, aar)
    return {key: granted[key] - used.get(key, 0) for key in sorted(granted)
            if granted[key] > used.get(key, 0)}


def reported_years(ctx: ForumContext) -> dict[str, set[int]]:
    """The years each partnership (slug) has reported in rapport.yaml."""
    return {p.slug: {r.aar for _, r in p.rapport()} for p in ctx.partnerships}


def granted_measures(ctx: ForumContext, aar: int) -> dict[str, list[str]]:
    """Per partnership (slug): the measures granted money in `aar` (decided where the year has
    a vedtak, else recommended), in file order."""
    out: dict[str, list[str]] = {}
    for (slug, tiltak), beloep in granted_by_measure(ctx, aar).items():
        if beloep > 0:
            out.setdefault(slug, []).append(tiltak)
    return out


def carried_over(ctx: ForumContext, aar: int) -> dict[str, int]:
    """Unspent funds carried into `aar` from `aar - 1`, per ordning (when the forum's policy is
    `ubrukte_midler: overfoeres` and every partnership granted money that year has reported)."""
    forum = ctx.forum
    if forum is None or forum.ubrukte_midler != "overfoeres" or not reports_complete(ctx, aar - 1):
        return {}
    sums: dict[str, int] = {}
    for (_, ordning), beloep in unspent_by_recipient(ctx, aar - 1).items():
        sums[ordning] = sums.get(ordning, 0) + beloep
    return dict(sorted(sums.items()))


def reports_complete(ctx: ForumContext, aar: int) -> bool:
    """True when a year had grants and every measure granted money has been reported on."""
    granted = granted_measures(ctx, aar)
    reported = reported_measures(ctx, aar)
    return bool(granted) and all(set(measures) <= reported.get(slug, set())
                                 for slug, measures in granted.items())


def reported_measures(ctx: ForumContext, aar: int) -> dict[str, set[str]]:
    """The measures each partnership (slug) has reported on for `aar`."""
    return {p.slug: {t.id for _, r in p.rapport() if r.aar == aar for t in r.tiltak}
            for p in ctx.partnerships}


# --- commitments across years: continuations and money bound ahead ------------------------


def decided_years(ctx: ForumContext) -> set[int]:
    """Years whose measures are decided: a vedtak, or the forum's `beslutning` for its `aar`."""
    years = set(vedtak_by_year(ctx))
    forum = ctx.forum
    if forum is not None and forum.beslutning is not None:
        years.add(forum.aar)
    return years


def continuing_measures(ctx: ForumContext, aar: int) -> set[tuple[str, str]]:
    """Measures (slug, id) decided in a year before `aar` with money in it: in `aar` they are
    continuations (videreføringer), counted against the frame before new measures."""
    out: set[tuple[str, str]] = set()
    for year in decided_years(ctx):
        if year < aar:
            out |= decided_measures(ctx, year)
    return out


def decided_measures(ctx: ForumContext, aar: int) -> set[tuple[str, str]]:
    """The measures (slug, id) decided with money in `aar`: granted by its vedtak (a measure
    whose recipients the vedtak gives nothing is not decided), or, decided by the forum's
    `beslutning` alone, recommended. When the vedtak names its `grunnlag` and git can read it,
    only the measures the innstilling recommended money for at that commit were decided: a
    measure given a budget for `aar` afterwards was not."""
    return {key for key, beloep in granted_by_measure(ctx, aar).items() if beloep > 0}


def continued_by_scheme_year(ctx: ForumContext) -> dict[tuple[str, int], int]:
    """Recommended kroner of continuations per (ordning, year)."""
    known = ctx.memo.get("continued_by_scheme_year")  # K303 and K312 both ask
    if known is None:
        known = ctx.memo["continued_by_scheme_year"] = _continued_by_scheme_year(ctx)
    return known


def _continued_by_scheme_year(ctx: ForumContext) -> dict[tuple[str, int], int]:
    cache: dict[int, set[tuple[str, str]]] = {}
    sums: dict[tuple[str, int], int] = {}
    for row in measure_years(ctx):
        if row.aar not in cache:
            cache[row.aar] = continuing_measures(ctx, row.aar)
        if (row.partnerskap, row.tiltak) in cache[row.aar]:
            key = (row.ordning, row.aar)
            sums[key] = sums.get(key, 0) + row.anbefalt
    return dict(sorted(sums.items()))


def continued_total(ctx: ForumContext, aar: int) -> int:
    """Recommended kroner of all continuations in `aar`, every ordning together."""
    return sum(beloep for (_, year), beloep in continued_by_scheme_year(ctx).items()
               if year == aar)


def bound_ahead(ctx: ForumContext, aar: int) -> dict[tuple[str, int], int]:
    """Kroner per (ordning, later year) already bound by measures decided up to `aar` or
    recommended for `aar`: what those frames must hold before any new measure."""
    binding: set[tuple[str, str]] = set()
    for year in {y for y in decided_years(ctx) if y <= aar} | {aar}:
        binding |= decided_measures(ctx, year)
    sums: dict[tuple[str, int], int] = {}
    for row in measure_years(ctx):
        if row.aar > aar and (row.partnerskap, row.tiltak) in binding:
            key = (row.ordning, row.aar)
            sums[key] = sums.get(key, 0) + row.anbefalt
    return dict(sorted(sums.items()))


# --- Statsforvalteren's roll-up of a year's reports (komp rapport) ------------------------


@dataclass(frozen=True)
class Oppgjoer:
    """Granted, used and delivered for one recipient, ordning or the whole year."""

    tildelt: int = 0
    brukt: int = 0
    egenandel: int = 0
    deltakere: int = 0

    @property
    def ubrukt(self) -> int:
        """Granted − used (negative when more is reported used than granted: K501)."""
        return self.tildelt - self.brukt

    def __add__(self, other: Oppgjoer) -> Oppgjoer:
        return Oppgjoer(self.tildelt + other.tildelt, self.brukt + other.brukt,
                        self.egenandel + other.egenandel, self.deltakere + other.deltakere)


def settlement_by_recipient(ctx: ForumContext, aar: int) -> dict[RecipientKey, Oppgjoer]:
    """Per (orgnr, ordning) in `aar`: granted, used and egenandel delivered."""
    granted = granted_by_recipient(ctx, aar)
    used = used_by_recipient(ctx, aar)
    egenandel = egenandel_by_recipient(ctx, aar)
    return {key: Oppgjoer(granted.get(key, 0), used.get(key, 0), egenandel.get(key, 0))
            for key in sorted(granted.keys() | used.keys() | egenandel.keys())}


def settlement_by_scheme(ctx: ForumContext, aar: int) -> dict[str, Oppgjoer]:
    """Per ordning in `aar`: the recipients' sums, and the participants the reports name."""
    out: dict[str, Oppgjoer] = {}
    for (_, ordning), amounts in settlement_by_recipient(ctx, aar).items():
        out[ordning] = out.get(ordning, Oppgjoer()) + amounts
    for row in report_rows(ctx, aar):
        if row.ordning is not None and row.deltakere:
            out[row.ordning] = out.get(row.ordning, Oppgjoer()) + Oppgjoer(deltakere=row.deltakere)
    return out


def settlement_total(ctx: ForumContext, aar: int) -> Oppgjoer:
    """The whole year's settlement, every ordning together."""
    total_ = Oppgjoer()
    for amounts in settlement_by_scheme(ctx, aar).values():
        total_ = total_ + amounts
    return total_


def measure_settlement(ctx: ForumContext, aar: int) -> dict[tuple[str, str], Oppgjoer]:
    """Per measure (slug, id) granted money in `aar` or reported on: granted (decided where the
    year has a vedtak, else recommended after justeringer), used, egenandel delivered and
    participants reached."""
    out: dict[tuple[str, str], Oppgjoer] = {}
    for key, beloep in granted_by_measure(ctx, aar).items():
        if beloep > 0:
            out[key] = Oppgjoer(tildelt=beloep)
    for rapport in report_rows(ctx, aar):
        key = (rapport.partnerskap, rapport.tiltak)
        out[key] = out.get(key, Oppgjoer()) + Oppgjoer(
            brukt=rapport.brukt_sum, egenandel=rapport.egenandel_sum,
            deltakere=rapport.deltakere or 0)
    return out


# --- DeKom's egenandel per owner and year ---------------------------------------------------


@dataclass(frozen=True)
class EgenandelDel:
    """One measure-year's part of an owner's egenandel account."""

    partnerskap: str
    tiltak: str
    index: int
    """The measure's position in its tiltak.yaml (for the diagnostic's key path)."""
    aar: int
    grunnlag: int
    """The recommended base (after justeringer): the owner's share of `tilskudd_eier`."""
    egenandel: int
    orgnr_key: str | None
    """The orgnr as key of an amount map in the file, when the measure splits per owner."""


@dataclass(frozen=True)
class EgenandelEier:
    """An owner's (or network's) DeKom egenandel in one year, over all its measures."""

    eier: str
    """Orgnr of the owner; for one amount for a whole network, the receiver (`mottaker`, or
    the one owner), or `<slug>` when the files name none."""
    aar: int
    prosent: int
    grunnlag_navn: str
    deler: tuple[EgenandelDel, ...]
    vedtatt: bool = False
    """The base is what Statsforvalteren's vedtak granted (its `tildelinger`, or the
    recommendation at its `grunnlag`), not today's recommendation."""

    @property
    def grunnlag(self) -> int:
        return sum(d.grunnlag for d in self.deler)

    @property
    def egenandel(self) -> int:
        return sum(d.egenandel for d in self.deler)

    @property
    def krav(self) -> int:
        return required_share(self.prosent, self.grunnlag)

    @property
    def oppfylt(self) -> bool:
        return self.egenandel >= self.krav

    def nok_for(self, part: EgenandelDel) -> int:
        """The egenandel `part` needs for the owner's year to reach `krav`, the others as
        they are."""
        return part.egenandel + self.krav - self.egenandel


def required_share(rate: int, amount: int) -> int:
    """`rate` % of `amount`, rounded up to whole kroner (integer arithmetic)."""
    return -(-rate * amount // 100)


def egenandel_by_owner(ctx: ForumContext) -> list[EgenandelEier]:
    """DeKom's egenandel checked as the source words it: per owner and year, over its measures,
    on the recommended amounts (the requests as changed by the forum's justeringer), or, in a
    year whose vedtak has `tildelinger` or grants as recommended at its `grunnlag`, on the
    decided ones (each recipient's decided amount shared among its measures as
    `granted_shares_by_measure` says).

    A measure whose `tilskudd_eier` and `egenandel` are both split per orgnr counts for each
    owner; otherwise the whole measure counts for the network's receiver.
    """
    from ..domain.regelverk import for_ordning

    accounts: dict[tuple[str, int], list[EgenandelDel]] = {}
    specs: dict[tuple[str, int], tuple[int, str]] = {}
    receivers: dict[str, str] = {}
    indexes = {(p.slug, t.id): i for p in ctx.partnerships for i, t in p.tiltak()}
    # a year whose vedtak departs from the innstilling (`tildelinger`), or grants as recommended
    # at a `grunnlag` git can read, is checked on what it granted each measure
    # (`granted_budget`); under `som_innstilt` without one, that is today's recommendation
    departing = {aar for aar, (_, v) in vedtak_by_year(ctx).items()
                 if v.tildelinger is not None
                 or (v.som_innstilt and vedtak_basis(ctx, aar) is not ctx)}
    granted: dict[int, dict[tuple[str, str], tuple[Beloep, Beloep]]] = {}
    for partnership, tiltak, row in measure_years_of(ctx):
        p = partnership.partnerskap
        allowed = set(p.ordninger) if p is not None else None
        if allowed is not None and tiltak.ordning not in allowed:
            continue  # K203 reports it
        spec = for_ordning(tiltak.ordning, row.aar).egenandel.get(tiltak.ordning)
        budsjett = tiltak.budsjett.get(row.aar)
        if spec is None or budsjett is None or row.avslaatt:
            continue
        rate, basis = spec.prosent.verdi, spec.grunnlag.verdi
        eier, uh = row.anbefalt_eier, row.anbefalt_uh
        if row.aar in departing:
            if row.aar not in granted:
                granted[row.aar] = granted_budget(ctx, row.aar)
            eier, uh = granted[row.aar].get((partnership.slug, tiltak.id), (0, 0))
        base: Beloep = eier if basis == "tilskudd_eier" else (
            uh if basis == "tilskudd_uh" else getattr(budsjett, basis))
        own: Beloep = budsjett.egenandel
        index = indexes[(partnership.slug, tiltak.id)]
        parts: list[tuple[str, int, int, str | None]] = []
        if isinstance(base, dict) and isinstance(own, dict):
            written = {normalise_orgnr(k): k for k in own}
            for orgnr in dict.fromkeys([*map(normalise_orgnr, base), *written]):
                parts.append((orgnr, total({k: v for k, v in base.items()
                                            if normalise_orgnr(k) == orgnr}),
                              own.get(written.get(orgnr, orgnr), 0) if orgnr in written else 0,
                              written.get(orgnr)))
        else:
            receiver = receivers.get(partnership.slug)
            if receiver is None:  # once per partnership, not per measure and year
                eiere = [normalise_orgnr(e.orgnr) for e in p.eiere] if p is not None else []
                receiver = normalise_orgnr(p.mottaker) if p is not None and p.mottaker else (
                    eiere[0] if len(eiere) == 1 else f"<{partnership.slug}>")
                receivers[partnership.slug] = receiver
            parts.append((receiver, total(base), total(own), None))
        for owner, grunnlag, egenandel, key in parts:
            accounts.setdefault((owner, row.aar), []).append(EgenandelDel(
                partnership.slug, tiltak.id, index, row.aar, grunnlag, egenandel, key))
            specs[(owner, row.aar)] = (rate, basis)
    return [EgenandelEier(owner, aar, specs[(owner, aar)][0], specs[(owner, aar)][1],
                          tuple(deler), aar in departing)
            for (owner, aar), deler in accounts.items()]


def egenandel_verdicts(ctx: ForumContext, aar: int) -> dict[tuple[str, str], tuple[bool, bool]]:
    """Per measure (slug, id) in `aar`: whether K401 holds for every owner it counts for, and
    whether the measure on its own reaches the rate. The documents show exactly what K401
    checks."""
    out: dict[tuple[str, str], tuple[bool, bool]] = {}
    for account in egenandel_by_owner(ctx):
        if account.aar != aar:
            continue
        for part in account.deler:
            key = (part.partnerskap, part.tiltak)
            holds, alone = out.get(key, (True, True))
            out[key] = (holds and account.oppfylt,
                        alone and part.egenandel >= required_share(account.prosent,
                                                                   part.grunnlag))
    return out


def egenandel_bases(ctx: ForumContext, aar: int) -> dict[tuple[str, str], int]:
    """Per measure (slug, id) in `aar`: the base K401 checks its egenandel against (its
    recommended `tilskudd_eier`, or what the year's vedtak granted it)."""
    out: dict[tuple[str, str], int] = {}
    for account in egenandel_by_owner(ctx):
        if account.aar == aar:
            for part in account.deler:
                key = (part.partnerskap, part.tiltak)
                out[key] = out.get(key, 0) + part.grunnlag
    return out


# --- what was decided for a measure: its shares per recipient, compared across versions ------

ShareKey = tuple[str | None, str]
"""(orgnr normalised, or None when the files name no recipient; `eier` or `uh`)."""


def shares_by_measure_year(ctx: ForumContext
                           ) -> dict[tuple[str, str, int], tuple[TiltakAar, dict[ShareKey, int]]]:
    """Every measure-year's recommended row and its money per recipient and role, by
    (partnership slug, measure id, year): what a vedtak on these files decided (K313)."""
    out: dict[tuple[str, str, int], tuple[TiltakAar, dict[ShareKey, int]]] = {}
    for partnership, tiltak, row in measure_years_of(ctx):
        shares: dict[ShareKey, int] = {}
        for andel in shares_of(partnership, tiltak, row):
            key = (normalise_orgnr(andel.orgnr) if andel.orgnr else None, andel.rolle)
            shares[key] = shares.get(key, 0) + andel.beloep
        out[(row.partnerskap, row.tiltak, row.aar)] = (row, shares)
    return out
