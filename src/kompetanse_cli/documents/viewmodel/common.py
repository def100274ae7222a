"""What every document's view-model has: the forum and its schemes, names by orgnr, the
members, the partnerships with their needs and priorities, the footer, the status (final or
draft), and the measures that could not be read (under --utkast)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ... import __version__
from ...domain.context import ForumContext, PartnershipContext, normalise_orgnr, raw_list
from ...domain.models import Forum
from ..gitinfo import GitInfo
from ..labels import ORDNING_KORT, label
from ..markdown import Md


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


class MeasureRow:
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
class MedlemInfo:
    navn: str
    rolle: str
    organisasjon: str | None


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


@dataclass
class Names:
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


def ordning_of(kode: str, maalform: str) -> Ordning:
    return Ordning(kode, ORDNING_KORT.get(kode, kode), label(maalform, "ordning", kode))


def forum_info(forum: Forum, maalform: str) -> ForumInfo:
    return ForumInfo(
        forum.navn, forum.fylke, forum.sekretariat, "dekom_fyo" in forum.ordninger,
        forum.fylkeskommune.navn if forum.fylkeskommune else None,
        tuple(ordning_of(o, maalform) for o in forum.ordninger), forum.aar)


def names_of(ctx: ForumContext, *earlier: ForumContext) -> Names:
    """The names in `ctx`; an orgnr only `earlier` versions name (the files a vedtak rests on)
    gets its name from them."""
    names = Names()
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


def bunntekst(git: GitInfo | None) -> Bunntekst:
    if git is None:
        return Bunntekst(__version__)
    return Bunntekst(__version__, git.commit, git.endret)


def medlemmer(forum: Forum, maalform: str) -> tuple[MedlemInfo, ...]:
    # In an FYO forum Statsforvalteren may attend only as an observer (Udir's FYO mandate).
    fyo = "dekom_fyo" in forum.ordninger
    return tuple(MedlemInfo(m.navn, label(maalform, "rolle", m.rolle)
                            + (" (observatør)" if fyo and m.rolle == "statsforvalter" else ""),
                            m.organisasjon)
                 for m in forum.medlemmer)


def partnerskap_info(partnership: PartnershipContext, forum: Forum,
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
        tuple(BehovInfo(b.id, b.tittel, b.beskrivelse, ordning_of(b.ordning, maalform),
                        label(maalform, "grunnlag", b.grunnlag),
                        tuple(label(maalform, "vurdert_av", v) for v in b.vurdert_av),
                        b.dato, b.dialog_med_uh,
                        tuple(units.get(u, u) for u in b.enheter))
              for b in needs.values()),
    )


def file_of(partnership: PartnershipContext, kind: str) -> str | None:
    checked = partnership.files.get(kind)
    return checked.loaded.path if checked is not None else None


def scheme_index(forum: Forum, kode: str) -> int:
    return forum.ordninger.index(kode) if kode in forum.ordninger else len(forum.ordninger)


_BUDGET_FIELDS = ("tilskudd_eier", "tilskudd_uh", "egenandel")


def unreadable(ctx: ForumContext, aar: int, maalform: str) -> tuple[UlestTiltak, ...]:
    """The measures of `aar` whose entries failed the schema, with what can be read of them.

    Each amount is checked on its own with the same field type the model uses; nothing is
    added up here (every total comes from aggregate.py, and these measures are in none).
    """
    from ...domain.fieldtypes import kroner_or_split
    from ...domain.models import ORDNINGER

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
            ordning = ordning_of(code, maalform) if isinstance(code, str) and code in ORDNINGER \
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
