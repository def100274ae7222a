"""The documents' view-model: frozen dataclasses in which every sum, share and sort is done.

Templates only lay these values out; tests reach the same numbers here. Amounts are whole kroner
(int); user text is kept as written (the renderer escapes it); enum values arrive as words in the
chosen målform (bokmål or nynorsk).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from .. import __version__
from ..domain.context import ForumContext, PartnershipContext, normalise_orgnr, raw_list
from ..domain.models import Forum, Partnerskap, Tiltak
from ..domain.regelverk import Terskel
from ..pipeline.aggregate import (
    Mottaker,
    TiltakAar,
    bound_ahead,
    carried_over,
    continued_total,
    continuing_measures,
    decided_by_recipient,
    decided_by_scheme_year,
    decided_total,
    egenandel_bases,
    egenandel_verdicts,
    frame_total,
    fyo_fordeling,
    fyo_purchases,
    left_of,
    measure_years,
    owners_by_recipient,
    purchases_by_provider,
    purchases_in_year,
    purchases_total,
    recipients_in_year,
    recommended_by_partnership,
    recommended_by_scheme_year,
    recommended_total_by_measure,
    scheme_totals,
    share,
    total,
    totals,
    vedtak_basis,
    vedtak_by_year,
    vedtak_departures,
)
from .gitinfo import GitInfo
from .labels import ORDNING_KORT, label
from .markdown import Md

# --- shared pieces ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Ordning:
    kode: str
    navn: str
    """Short name: DeKom, ReKom, KomSIP, DeKom FYO."""
    langt_navn: str


@dataclass(frozen=True)
class ForumInfo:
    navn: str
    fylke: str
    sekretariat: str | None
    fyo: bool
    fylkeskommune: str | None
    ordninger: tuple[Ordning, ...]
    aar: int = 0
    """The allocation year of the current innstilling (`forum.aar`, whose `beslutning` it is)."""


@dataclass(frozen=True)
class Bunntekst:
    versjon: str
    commit: str | None = None
    endret: bool = False


@dataclass(frozen=True)
class Status:
    """Whether the document is final, and what validation found (shown under --utkast)."""

    utkast: bool
    """True until the forum's `beslutning` is set."""
    feil: int = 0
    advarsler: int = 0
    feilfiler: tuple[str, ...] = ()

    @property
    def med_feil(self) -> bool:
        return self.feil > 0


# --- the innstilling -------------------------------------------------------------------------


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


class _MeasureRow:
    """What a row about one measure derives from its period and its file's errors."""

    fra: int
    til: int
    feil: bool

    @property
    def varighet(self) -> int:
        """Duration in whole years, both ends included."""
        return self.til - self.fra + 1

    @property
    def merke(self) -> Md:
        """"⚠ " before a row from a file with errors (rendered only under --utkast)."""
        return Md("⚠ " if self.feil else "")


@dataclass(frozen=True)
class TiltakRad(_MeasureRow):
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
        return None if not self.ramme else 100 * self.anbefalt / self.ramme

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
class PrioriteringInfo:
    rang: int
    tittel: str
    begrunnelse: str | None
    behov: tuple[str, ...]


@dataclass(frozen=True)
class BehovInfo:
    id: str
    tittel: str
    beskrivelse: str | None
    ordning: Ordning
    grunnlag: str
    vurdert_av: tuple[str, ...]
    dato: dt.date | None
    dialog_med_uh: bool | None
    enheter: tuple[str, ...]


@dataclass(frozen=True)
class PartnerskapInfo:
    slug: str
    navn: str
    eiere: tuple[str, ...]
    uh: tuple[str, ...]
    tilbydere: tuple[str, ...]
    koordinator: str | None
    dobbelt_formaal: str | None
    samiske_perspektiver: str | None
    prioriteringer: tuple[PrioriteringInfo, ...]
    behov: tuple[BehovInfo, ...]


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


@dataclass(frozen=True)
class MedlemInfo:
    navn: str
    rolle: str
    organisasjon: str | None


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
    til_fylkeskommunen: int
    """Recommended to the county authority itself this year."""
    til_oevrige: int
    sum: int = 0
    """The two together."""
    planlagt_fylkeskommunen: int | None = None
    """The county's planned part of the frame (`andel_fylkeskommune` of it)."""
    planlagt_oevrige: int | None = None
    """The rest of the frame."""

    @property
    def andel_oevrige(self) -> float | None:
        return None if self.andel_fylkeskommune is None else 100 - self.andel_fylkeskommune

    @property
    def faktisk_andel_fylkeskommunen(self) -> float | None:
        return None if not self.sum else 100 * self.til_fylkeskommunen / self.sum

    @property
    def faktisk_andel_oevrige(self) -> float | None:
        return None if not self.sum else 100 * self.til_oevrige / self.sum


@dataclass(frozen=True)
class UlestTiltak:
    """A measure whose entry has errors (under --utkast): left out of every total, and shown
    with what could be read of it for the year."""

    ref: str
    partnerskap: str
    tittel: str | None
    ordning: Ordning | None
    lest: tuple[tuple[str, int], ...]
    """(field, kroner) of the year's budget that could be read, e.g. ("tilskudd_uh", 350000)."""
    ulest: tuple[str, ...]
    """Fields of the year's budget that could not be read (or "budsjett" for all of it)."""
    aar: int = 0
    """The year read."""
    hel_fil: bool = False
    """The whole tiltak.yaml could not be read (`ref` is its path): none of its measures is in."""

    @property
    def merke(self) -> Md:
        return Md("⚠ ")


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
        frame = self.sum_ramme
        return None if not frame else 100 * self.sum_anbefalt / frame


# --- the long-term plan ----------------------------------------------------------------------


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

    @property
    def andel_oevrige(self) -> int | None:
        if self.ramme is None or self.andel_fylkeskommune is None:
            return None
        return left_of(self.ramme, self.andel_fylkeskommune)


@dataclass(frozen=True)
class PlanTiltak(_MeasureRow):
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
class Plan:
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
        return None if self.andel_fylkeskommune is None else 100 - self.andel_fylkeskommune


# --- building ---------------------------------------------------------------------------------


@dataclass
class _Names:
    """Names of organisations by orgnr, from the forum and every partnership."""

    by_orgnr: dict[str, str] = field(default_factory=dict)

    def add(self, orgnr: object, navn: str | None) -> None:
        key = normalise_orgnr(orgnr)
        if key and navn and key not in self.by_orgnr:
            self.by_orgnr[key] = navn

    def get(self, orgnr: str | None) -> str | None:
        if orgnr is None:
            return None
        return self.by_orgnr.get(orgnr) or self.by_orgnr.get(normalise_orgnr(orgnr))


def _ordning(kode: str, maalform: str) -> Ordning:
    return Ordning(kode, ORDNING_KORT.get(kode, kode), label(maalform, "ordning", kode))


def _forum_info(forum: Forum, maalform: str) -> ForumInfo:
    return ForumInfo(
        forum.navn, forum.fylke, forum.sekretariat, "dekom_fyo" in forum.ordninger,
        forum.fylkeskommune.navn if forum.fylkeskommune else None,
        tuple(_ordning(o, maalform) for o in forum.ordninger), forum.aar)


def _names(ctx: ForumContext, *earlier: ForumContext) -> _Names:
    """The names in `ctx`; an orgnr only `earlier` versions name (the files a vedtak rests on)
    gets its name from them."""
    names = _Names()
    for version in (ctx, *earlier):
        forum = version.forum
        if forum is not None and forum.fylkeskommune is not None:
            names.add(forum.fylkeskommune.orgnr, forum.fylkeskommune.navn)
        for partnership in version.partnerships:
            p = partnership.partnerskap
            if p is None:
                continue
            for eier in p.eiere:
                names.add(eier.orgnr, eier.navn)
            for org in p.uh:
                names.add(org.orgnr, org.navn)
            for tilbyder in p.tilbydere:
                names.add(tilbyder.orgnr, tilbyder.navn)
            for enhet in p.enheter:
                names.add(enhet.orgnr, enhet.navn)
        if forum is not None:
            for medlem in forum.medlemmer:
                names.add(medlem.orgnr, medlem.organisasjon)
    return names


def _bunntekst(git: GitInfo | None) -> Bunntekst:
    if git is None:
        return Bunntekst(__version__)
    return Bunntekst(__version__, git.commit, git.endret)


def _medlemmer(forum: Forum, maalform: str) -> tuple[MedlemInfo, ...]:
    # In an FYO forum Statsforvalteren may attend only as an observer (Udir's FYO mandate).
    fyo = "dekom_fyo" in forum.ordninger
    return tuple(MedlemInfo(m.navn, label(maalform, "rolle", m.rolle)
                            + (" (observatør)" if fyo and m.rolle == "statsforvalter" else ""),
                            m.organisasjon)
                 for m in forum.medlemmer)


def _partnerskap_info(partnership: PartnershipContext, forum: Forum,
                      maalform: str) -> PartnerskapInfo | None:
    p = partnership.partnerskap
    if p is None:
        return None
    units = {e.id: e.navn for e in p.enheter}
    needs = {b.id: b for _, b in partnership.behov()}
    priorities = sorted((pr for _, pr in partnership.prioriteringer()), key=lambda pr: pr.rang)
    return PartnerskapInfo(
        partnership.slug, p.navn, tuple(e.navn for e in p.eiere), tuple(u.navn for u in p.uh),
        tuple(t.navn for t in p.tilbydere), p.koordinator.navn if p.koordinator else None,
        p.dobbelt_formaal, p.samiske_perspektiver,
        tuple(PrioriteringInfo(pr.rang, pr.tittel, pr.begrunnelse,
                               tuple(needs[b].tittel for b in pr.behov if b in needs))
              for pr in priorities),
        tuple(BehovInfo(b.id, b.tittel, b.beskrivelse, _ordning(b.ordning, maalform),
                        label(maalform, "grunnlag", b.grunnlag),
                        tuple(label(maalform, "vurdert_av", v) for v in b.vurdert_av),
                        b.dato, b.dialog_med_uh,
                        tuple(units.get(u, u) for u in b.enheter))
              for b in needs.values()),
    )


def _file_of(partnership: PartnershipContext, kind: str) -> str | None:
    checked = partnership.files.get(kind)
    return checked.loaded.path if checked is not None else None


def _egenandel_rate(ordning: str, aar: int) -> tuple[int, str] | None:
    from ..domain.regelverk import for_ordning

    try:
        spec = for_ordning(ordning, aar).egenandel.get(ordning)
    except Exception:  # no regulation covers the year: no requirement to show
        return None
    return None if spec is None else (spec.prosent.verdi, spec.grunnlag.verdi)


def _rows_for_year(ctx: ForumContext, aar: int) -> dict[tuple[str, str], TiltakAar]:
    return {(r.partnerskap, r.tiltak): r for r in measure_years(ctx) if r.aar == aar}


def _tiltak_rad(nr: int, partnership: PartnershipContext, p: Partnerskap, tiltak: Tiltak,
                row: TiltakAar, forum: Forum, names: _Names, maalform: str,
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
    eier_total = total(row.tilskudd_eier)
    rate = _egenandel_rate(tiltak.ordning, row.aar)
    oppfylt: bool | None = None
    samlet = False
    if rate is not None:
        verdict = verdicts.get((partnership.slug, tiltak.id))
        oppfylt, samlet = (verdict[0], not verdict[1]) if verdict is not None else (True, False)
    justering = (forum.justeringer or [])[row.justering] if row.justering is not None else None
    tiltak_file = _file_of(partnership, "tiltak")
    return TiltakRad(
        nr=nr, ref=f"{partnership.slug}/{tiltak.id}", id=tiltak.id, partnerskap=p.navn,
        tittel=tiltak.tittel, beskrivelse=tiltak.beskrivelse,
        ordning=_ordning(tiltak.ordning, maalform),
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
        tilskudd_uh=total(row.tilskudd_uh), egenandel=egenandel,
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
        feil=tiltak_file in feilfiler or _file_of(partnership, "partnerskap") in feilfiler,
        fokusomraader=tuple(tiltak.fokusomraader or ()),
    )


def _scheme_index(forum: Forum, kode: str) -> int:
    return forum.ordninger.index(kode) if kode in forum.ordninger else len(forum.ordninger)


def _sort_key(forum: Forum, order: dict[str, int]) -> object:
    def key(rad: TiltakRad) -> tuple[bool, int, int, int, str]:
        scheme = forum.ordninger.index(rad.ordning.kode) if rad.ordning.kode in forum.ordninger \
            else len(forum.ordninger)
        return (not rad.videreforing, scheme, order.get(rad.ref.split("/")[0], 0),
                rad.rang or 999, rad.id)
    return key


_BUDGET_FIELDS = ("tilskudd_eier", "tilskudd_uh", "egenandel")


def _unreadable(ctx: ForumContext, aar: int, maalform: str) -> tuple[UlestTiltak, ...]:
    """The measures of `aar` whose entries failed the schema, with what can be read of them.

    Each amount is checked on its own with the same field type the model uses; nothing is
    added up here (every total comes from aggregate.py, and these measures are in none).
    """
    from ..domain.fieldtypes import kroner_or_split
    from ..domain.models import ORDNINGER

    found: list[UlestTiltak] = []
    for partnership in ctx.partnerships:
        checked = partnership.files.get("tiltak")
        valid = {index for index, _ in partnership.tiltak()}
        p = partnership.partnerskap
        name = p.navn if p is not None else partnership.slug
        if checked is not None and not checked.complete:
            found.append(UlestTiltak(checked.loaded.path, name, None, None, (), (), aar,
                                     hel_fil=True))
            continue
        for index, entry in enumerate(raw_list(checked, "tiltak")):
            if index in valid or not isinstance(entry, dict):
                continue
            ident = entry.get("id")
            ident = str(ident) if isinstance(ident, (str, int)) and not isinstance(
                ident, bool) else f"nr. {index + 1}"
            title = entry.get("tittel") if isinstance(entry.get("tittel"), str) else None
            code = entry.get("ordning")
            ordning = _ordning(code, maalform) if isinstance(code, str) and code in ORDNINGER \
                else None
            budget = entry.get("budsjett")
            lest: list[tuple[str, int]] = []
            ulest: list[str] = []
            if isinstance(budget, dict):
                year = next((v for k, v in budget.items() if str(k) == str(aar)), None)
                if not any(str(k) == str(aar) for k in budget):
                    continue  # nothing asked for this year
                if not isinstance(year, dict):
                    ulest.append("budsjett")
                else:
                    for key in _BUDGET_FIELDS:
                        if key not in year:
                            continue
                        try:
                            value = kroner_or_split(year[key])
                        except (ValueError, TypeError, AssertionError):
                            ulest.append(key)
                            continue
                        if isinstance(value, dict):
                            lest.extend((f"{key} ({orgnr})", amount)
                                        for orgnr, amount in value.items())
                        else:
                            lest.append((key, value))
            else:
                ulest.append("budsjett")
            found.append(UlestTiltak(f"{partnership.slug}/{ident}", name, title, ordning,
                                     tuple(lest), tuple(ulest), aar))
    return tuple(found)


def _regler(forum: Forum, maalform: str) -> tuple[RegelVurdering, ...]:
    """The forum's settings of rules as the document shows them, in code order."""
    from ..rules import RULES_BY_CODE
    from ..rules.docs import forum_regler, title

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
    feilfiler = set(status.feilfiler)
    basis = vedtak_basis(ctx, aar)  # the files the year's vedtak rests on
    names = _names(ctx, basis)
    rows = _rows_for_year(ctx, aar)
    verdicts = egenandel_verdicts(ctx, aar)
    bases = egenandel_bases(ctx, aar)
    order = {p.slug: i for i, p in enumerate(ctx.partnerships)}

    measures: list[TiltakRad] = []
    counted: list[TiltakAar] = []  # the rows of `measures`, which every total is over
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
    receivers = recipients_in_year(ctx, aar)
    receivers_then = receivers if basis is ctx else recipients_in_year(basis, aar)
    for receiver in [*receivers, *receivers_then]:
        if receiver.partnere and receiver.orgnr is not None:  # shown as the partners together
            names.by_orgnr.setdefault(receiver.orgnr, " og ".join(
                names.get(o) or o for o in receiver.partnere))

    continuing = continuing_measures(ctx, aar)
    measures = [replace(rad, videreforing=True) if tuple(rad.ref.split("/", 1)) in continuing
                else rad for rad in measures]
    measures.sort(key=_sort_key(forum, order))  # type: ignore[arg-type]
    numbered = [_renumber(rad, i) for i, rad in enumerate(measures, start=1)]
    recommended = tuple(r for r in numbered if not r.avslaatt)
    rejected = tuple(r for r in numbered if r.avslaatt)

    columns = tuple(_ordning(o, maalform) for o in forum.ordninger)
    role_order = {"fylkeskommune": 0, "eier": 1, "uh": 2, "tilbyder": 3}
    mottakere = []
    utbetalinger: list[UtbetalingRad] = []
    on_behalf = _on_behalf(ctx, aar, names, columns, maalform)
    for receiver in sorted(receivers, key=lambda m: (role_order.get(m.rolle, 9),
                                                     names.get(m.orgnr) or "~")):
        orgnr, per = receiver.orgnr, receiver.per_ordning
        navn = names.get(orgnr) or (orgnr or label(maalform, "mottakerrolle", "ukjent"))
        rolle = label(maalform, "mottakerrolle", receiver.rolle)
        mottakere.append(MottakerRad(
            navn, orgnr, rolle, tuple(per.get(c.kode, 0) for c in columns), receiver.sum,
            on_behalf.get(orgnr, ()) if receiver.rolle == "eier" and orgnr is not None else ()))
        utbetalinger.extend(
            UtbetalingRad(navn, orgnr, rolle, c, aar, per[c.kode],
                          receiver.tiltak.get(c.kode, ()))
            for c in columns if per.get(c.kode))
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

    beslutning = None
    if decided and agreed and forum.beslutning is not None:
        b = forum.beslutning
        orgs = {m.navn: m.organisasjon for m in forum.medlemmer}
        stemmer = tuple(
            StemmeInfo(s.medlem, orgs.get(s.medlem), label(maalform, "stemme", s.stemme))
            for s in b.stemmer or ())
        counts = {k: sum(1 for s in b.stemmer or () if s.stemme == k)
                  for k in ("for", "mot", "avstaar")}
        beslutning = BeslutningInfo(b.form == "konsensus", b.dato, stemmer, counts["for"],
                                    counts["mot"], counts["avstaar"])

    disponering = None
    fyo = "dekom_fyo" in forum.ordninger
    if fyo:
        # the same split K416 checks, from the one aggregation
        split = fyo_fordeling(ctx).get(aar)
        to_county = split.fylkeskommunen if split is not None else 0
        to_others = split.oevrige if split is not None else 0
        planned_share = float(forum.plan.andel_fylkeskommune) \
            if forum.plan and forum.plan.andel_fylkeskommune is not None else None
        frame = (forum.rammer or {}).get("dekom_fyo", {}).get(aar)
        planned = share(frame, planned_share) \
            if frame is not None and planned_share is not None else None
        disponering = Disponering(
            planned_share, frame, to_county, to_others, split.sum if split is not None else 0,
            planned, left_of(frame, planned) if frame is not None and planned is not None else None)

    tilbydere, terskler = _tilbydere(ctx, aar, names, maalform) if fyo else ((), ())
    kjoep_sum = purchases_total(ctx, aar) if fyo else (0, 0)

    # what is paid out: the vedtak's amounts per recipient once Statsforvalteren has decided
    paid_per_scheme, paid_total = mottakere_sum, in_columns.anbefalt
    granted = decided_by_recipient(ctx, aar)
    if granted is not None:
        utbetalinger = _decided_payouts(granted, receivers_then, names, columns, aar, maalform)
        by_scheme = decided_by_scheme_year(ctx)
        paid_per_scheme = tuple(by_scheme.get((c.kode, aar), 0) for c in columns)
        paid_total = decided_total(ctx, aar, forum.ordninger)

    return Innstilling(
        maalform=maalform, forum=_forum_info(forum, maalform), aar=aar, status=status,
        tiltak=recommended, avslaatte=rejected, ordninger=columns, mottakere=tuple(mottakere),
        mottakere_sum=mottakere_sum, per_ordning=tuple(per_ordning), justeringer=justeringer,
        partnerskap=tuple(info for info in (_partnerskap_info(p, forum, maalform)
                                            for p in ctx.partnerships) if info is not None),
        beslutning=beslutning, medlemmer=_medlemmer(forum, maalform), tilbydere=tilbydere,
        disponering=disponering, bunntekst=_bunntekst(git),
        vedtak=_vedtak_info(ctx, aar, names, maalform),
        bundet=tuple(BundetRad(_ordning(o, maalform), y, (forum.rammer or {}).get(o, {}).get(y),
                               beloep) for (o, y), beloep in sorted(
                                   bound_ahead(ctx, aar).items(),
                                   key=lambda item: (item[0][1], _scheme_index(forum, item[0][0])))),
        overfoert=tuple(OverfoertRad(_ordning(o, maalform), aar - 1, beloep)
                        for o, beloep in carried_over(ctx, aar).items()),
        sum_viderefoert=continued_total(ctx, aar),
        uleste=_unreadable(ctx, aar, maalform) if status.med_feil else (),
        per_partnerskap=_per_partnerskap(ctx, aar), utbetalinger=tuple(utbetalinger),
        utbetalt_per_ordning=paid_per_scheme, sum_utbetalt=paid_total,
        utbetaling_vedtatt=granted is not None,
        sum_soekt=in_columns.soekt, sum_anbefalt=in_columns.anbefalt,
        sum_egenandel=in_columns.egenandel, sum_deltakere=in_columns.deltakere,
        sum_ramme=frame_total(ctx, aar),
        terskler=terskler, sum_kjoep=kjoep_sum[0], sum_kjoep_perioden=kjoep_sum[1],
        regler=_regler(forum, maalform))


def _on_behalf(ctx: ForumContext, aar: int, names: _Names, columns: tuple[Ordning, ...],
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


def _terskel_info(terskel: Terskel | None, maalform: str) -> TerskelInfo | None:
    if terskel is None:
        return None
    navn = terskel.navn_paa(maalform)
    return TerskelInfo(terskel.beloep, navn, terskel.krav_paa(maalform), terskel.aar,
                       terskel.kilde, terskel.antatt,
                       navn.split() != f"{terskel.beloep:,} kr".replace(",", " ").split())


def _tilbydere(ctx: ForumContext, aar: int, names: _Names, maalform: str
               ) -> tuple[tuple[TilbyderInfo, ...], tuple[TerskelInfo, ...]]:
    """DeKom FYO: every provider of the partnerships, with what the county buys from it in
    `aar` (the same purchases and thresholds K415 reports), and the thresholds themselves."""
    from ..domain.regelverk import for_ordning

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


_ROLE_ORDER = {"fylkeskommune": 0, "eier": 1, "uh": 2, "tilbyder": 3}


def _decided_payouts(granted: dict[tuple[str, str], int], receivers: list[Mottaker],
                     names: _Names, columns: tuple[Ordning, ...], aar: int, maalform: str
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


def _vedtak_info(ctx: ForumContext, aar: int, names: _Names, maalform: str) -> VedtakInfo | None:
    found = vedtak_by_year(ctx).get(aar)
    if found is None:
        return None
    vedtak = found[1]
    rows = tuple(
        TildelingRad(names.get(orgnr) or orgnr, orgnr, _ordning(ordning, maalform),
                     avvik.innstilt, avvik.tildelt, avvik.avvik)
        for (orgnr, ordning), avvik in sorted(
            vedtak_departures(ctx, aar).items(),
            key=lambda item: (names.get(item[0][0]) or item[0][0], item[0][1])))
    return VedtakInfo(vedtak.dato, vedtak.saksnummer, not rows, vedtak.begrunnelse, rows)


def _per_partnerskap(ctx: ForumContext, aar: int) -> tuple[PartnerskapSum, ...]:
    amounts = recommended_by_partnership(ctx, aar)
    return tuple(
        PartnerskapSum(p.slug, p.partnerskap.navn, amounts.get(p.slug, 0))
        for p in ctx.partnerships if p.partnerskap is not None)


def _renumber(rad: TiltakRad, nr: int) -> TiltakRad:
    return replace(rad, nr=nr)


def build_plan(ctx: ForumContext, maalform: str = "nb", *, status: Status | None = None,
               git: GitInfo | None = None) -> Plan:
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
            county = share(frame, andel) if fyo and frame is not None and andel is not None \
                else None
            rammer.append(RammeRad(aar, _ordning(kode, maalform), frame, amount, county))

    tiltak = []
    for partnership in ctx.partnerships:
        p = partnership.partnerskap
        if p is None:
            continue
        for _, t in partnership.tiltak():
            if t.periode.til < plan.periode.fra or t.periode.fra > plan.periode.til:
                continue
            tiltak.append(PlanTiltak(
                f"{partnership.slug}/{t.id}", p.navn, t.tittel, _ordning(t.ordning, maalform),
                tuple(label(maalform, "maalgruppe", m) for m in t.maalgrupper),
                t.deltakere.antall if t.deltakere else None, t.periode.fra, t.periode.til,
                per_measure.get((partnership.slug, t.id), 0),
                _file_of(partnership, "tiltak") in feilfiler))
    tiltak.sort(key=lambda t: (forum.ordninger.index(t.ordning.kode)
                               if t.ordning.kode in forum.ordninger else 99, t.fra, t.ref))
    serving: dict[str, tuple[str, ...]] = {}
    for partnership in ctx.partnerships:
        p = partnership.partnerskap
        if p is None:
            continue
        for _, t in partnership.tiltak():
            if t.periode.til < plan.periode.fra or t.periode.fra > plan.periode.til:
                continue
            for name in t.fokusomraader or ():
                serving[name.strip()] = (*serving.get(name.strip(), ()), f"{t.tittel} ({p.navn})")

    return Plan(
        maalform=maalform, forum=_forum_info(forum, maalform), status=status,
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
        partnerskap=tuple(info for info in (_partnerskap_info(p, forum, maalform)
                                            for p in ctx.partnerships) if info is not None),
        medlemmer=_medlemmer(forum, maalform), bunntekst=_bunntekst(git),
        uleste=_unreadable(ctx, forum.aar, maalform) if status.med_feil else ())
