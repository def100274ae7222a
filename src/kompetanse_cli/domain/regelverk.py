"""The schemes' rule parameters, read from data/regelverk.toml and versioned by regulation.

Rules ask `for_ordning(ordning, aar)` for the regulation that governs a scheme in a year and read
typed values from it; each value carries its source and whether it is confirmed ("kilde") or
assumed ("antatt"). Adding a new regulation (e.g. Udir's 2024 draft) is a new table in the TOML
file with its `gjelder_fra` year: no code changes.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Generic, TypeVar

T = TypeVar("T")

DATA_FILE = "data/regelverk.toml"
STATUSES = ("kilde", "antatt")


class RegelverkError(Exception):
    """data/regelverk.toml is malformed (a bug in the package, not in the user's files)."""


@dataclass(frozen=True)
class Verdi(Generic[T]):
    """One parameter: its value, whether it is confirmed by a source, and that source."""

    verdi: T
    status: str
    kilde: str

    @property
    def antatt(self) -> bool:
        return self.status == "antatt"


@dataclass(frozen=True)
class Egenandel:
    """The owners' required contribution in one scheme: a percentage of a base amount."""

    prosent: Verdi[int]
    grunnlag: Verdi[str]


@dataclass(frozen=True)
class Terskel:
    """A procurement threshold (excl. VAT): from this amount, the rules it names apply."""

    beloep: int
    navn: str
    krav: str
    aar: int
    status: str
    kilde: str
    navn_nn: str | None = None
    krav_nn: str | None = None

    @property
    def antatt(self) -> bool:
        return self.status == "antatt"

    def navn_paa(self, maalform: str) -> str:
        """The name in bokmål (`nb`) or nynorsk (`nn`; bokmål when the data has none)."""
        return (self.navn_nn if maalform == "nn" else None) or self.navn

    def krav_paa(self, maalform: str) -> str:
        """What the threshold requires, in bokmål or nynorsk (see `navn_paa`)."""
        return (self.krav_nn if maalform == "nn" else None) or self.krav


@dataclass(frozen=True)
class Regelverk:
    """One regulation and the parameters komp's rules take from it."""

    id: str
    tittel: str
    gjelder_fra: int
    ordninger: tuple[str, ...]
    egenandel: dict[str, Egenandel]
    maalgrupper: dict[str, Verdi[tuple[str, ...]]]
    roller: dict[str, Verdi[tuple[str, ...]]]
    uten_stemmerett: Verdi[tuple[str, ...]]
    maks_varighet_aar: Verdi[int]
    ikke_tillatte_typer: Verdi[tuple[str, ...]]
    uh_partner_paakrevd: Verdi[bool]
    min_deltakere: Verdi[int]
    koordinering_maks_prosent: Verdi[int]
    vurdert_av: Verdi[tuple[str, ...]]
    dialog_med_uh: Verdi[bool]
    frist_innstilling: Verdi[str]
    samisk_kommuner_fil: Verdi[str]
    samisk_fylker: Verdi[tuple[str, ...]]
    komsip_enheter: Verdi[tuple[tuple[str, ...], ...]] | None = None
    plan_paakrevd: Verdi[tuple[str, ...]] | None = None
    plan_samiske_perspektiver: Verdi[bool] | None = None
    parametre: dict[str, dict[str, Verdi[Any]]] = field(default_factory=dict)
    """Parameters of single rules, by rule code and name (a forum's `regler:` may override)."""
    terskler: tuple[Terskel, ...] = ()
    """Procurement thresholds, lowest first (DeKom FYO: the county buys services)."""
    obligatoriske: Verdi[tuple[str, ...]] | None = None
    """Error codes the regulation makes mandatory: a forum cannot turn them off or lower them."""

    def parameter(self, code: str, name: str) -> Verdi[Any] | None:
        """A rule's parameter from the regulation, or None when it has none of that name."""
        fields = {("K409", "prosent"): self.koordinering_maks_prosent,
                  ("K413", "antall"): self.min_deltakere}
        return self.parametre.get(code, {}).get(name) or fields.get((code, name))

    def terskel(self, beloep: int) -> Terskel | None:
        """The highest procurement threshold `beloep` (excl. VAT) reaches; None under the
        lowest."""
        reached = [t for t in self.terskler if beloep >= t.beloep]
        return reached[-1] if reached else None
    frist_rapportering: Verdi[str] | None = None
    """Month-day in the year after the report's year (K503)."""

    def required_roles(self, ordninger: list[str] | tuple[str, ...]) -> list[str]:
        """Roles that must each have a member in a forum handling `ordninger`, in table order."""
        roles = list(self.roller["alle"].verdi) if "alle" in self.roller else []
        for ordning in ordninger:
            extra = self.roller.get(ordning)
            if extra is not None:
                roles.extend(r for r in extra.verdi if r not in roles)
        return roles

    def samisk_kommuner(self) -> dict[str, str]:
        """Municipalities in the Sami language administrative area: kommunenummer → name."""
        return _sami_municipalities(self.samisk_kommuner_fil.verdi)


def _value(table: dict[str, Any], key: str, where: str,
           kind: type | tuple[type, ...]) -> Verdi[Any]:
    entry = table.get(key)
    if not isinstance(entry, dict) or "verdi" not in entry:
        raise RegelverkError(f"{where}.{key}: mangler (trenger verdi, status og kilde)")
    value, status, source = entry.get("verdi"), entry.get("status"), entry.get("kilde")
    if status not in STATUSES or not isinstance(source, str) or not source:
        raise RegelverkError(
            f"{where}.{key}: status må være kilde eller antatt, og kilde må finnes")
    if not isinstance(value, kind):
        raise RegelverkError(f"{where}.{key}: verdien har feil type")
    if isinstance(value, list):
        value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
    return Verdi(value, status, source)


def _table(table: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    sub = table.get(key, {})
    if not isinstance(sub, dict):
        raise RegelverkError(f"{where}.{key}: skal være en tabell")
    return sub


def _parse(reg_id: str, raw: dict[str, Any]) -> Regelverk:
    where = f"regelverk.{reg_id}"
    tiltak = _table(raw, "tiltak", where)
    behov = _table(raw, "behov", where)
    samisk = _table(raw, "samisk", where)
    frister = _table(raw, "frister", where)
    plan = _table(raw, "plan", where)
    komsip = _table(raw, "komsip_enheter", where)
    egenandel = {
        ordning: Egenandel(_value(spec, "prosent", f"{where}.egenandel.{ordning}", int),
                           _value(spec, "grunnlag", f"{where}.egenandel.{ordning}", str))
        for ordning, spec in _table(raw, "egenandel", where).items()
    }
    maalgrupper = {o: _value(_table(raw, "maalgrupper", where), o, f"{where}.maalgrupper", list)
                   for o in _table(raw, "maalgrupper", where)}
    roller = {k: _value(_table(raw, "roller", where), k, f"{where}.roller", list)
              for k in _table(raw, "roller", where)}
    parametre = {
        code: {name: _value(spec, name, f"{where}.regler.{code}", (int, float, str, bool, list))
               for name in spec}
        for code, spec in _table(raw, "regler", where).items()
    }
    terskler = tuple(sorted((_terskel(t, f"{where}.anskaffelse_terskler")
                             for t in raw.get("anskaffelse_terskler", ())),
                            key=lambda t: t.beloep))
    obligatoriske = _table(raw, "obligatoriske", where)
    return Regelverk(
        id=reg_id,
        tittel=str(raw.get("tittel", "")),
        gjelder_fra=int(raw.get("gjelder_fra", 0)),
        ordninger=tuple(raw.get("ordninger", ())),
        egenandel=egenandel,
        maalgrupper=maalgrupper,
        roller=roller,
        uten_stemmerett=_value(_table(raw, "uten_stemmerett", where), "roller",
                               f"{where}.uten_stemmerett", list),
        maks_varighet_aar=_value(tiltak, "maks_varighet_aar", f"{where}.tiltak", int),
        ikke_tillatte_typer=_value(tiltak, "ikke_tillatte_typer", f"{where}.tiltak", list),
        uh_partner_paakrevd=_value(tiltak, "uh_partner_paakrevd", f"{where}.tiltak", bool),
        min_deltakere=_value(tiltak, "min_deltakere", f"{where}.tiltak", int),
        koordinering_maks_prosent=_value(tiltak, "koordinering_maks_prosent", f"{where}.tiltak",
                                         int),
        vurdert_av=_value(behov, "vurdert_av", f"{where}.behov", list),
        dialog_med_uh=_value(behov, "dialog_med_uh", f"{where}.behov", bool),
        frist_innstilling=_value(frister, "innstilling", f"{where}.frister", str),
        samisk_kommuner_fil=_value(samisk, "kommuner_fil", f"{where}.samisk", str),
        samisk_fylker=_value(samisk, "fylker", f"{where}.samisk", list),
        komsip_enheter=(_value(komsip, "grupper", f"{where}.komsip_enheter", list)
                        if komsip else None),
        plan_paakrevd=(_value(plan, "paakrevd", f"{where}.plan", list)
                       if "paakrevd" in plan else None),
        plan_samiske_perspektiver=(_value(plan, "samiske_perspektiver", f"{where}.plan", bool)
                                   if "samiske_perspektiver" in plan else None),
        parametre=parametre,
        terskler=terskler,
        obligatoriske=(_value(obligatoriske, "koder", f"{where}.obligatoriske", list)
                       if obligatoriske else None),
        frist_rapportering=(_value(frister, "rapportering", f"{where}.frister", str)
                            if "rapportering" in frister else None),
    )


def _terskel(raw: Any, where: str) -> Terskel:
    if not isinstance(raw, dict):
        raise RegelverkError(f"{where}: hver terskel skal være en tabell")
    beloep, navn, krav = raw.get("beloep"), raw.get("navn"), raw.get("krav")
    aar, status, kilde = raw.get("aar"), raw.get("status"), raw.get("kilde")
    if not isinstance(beloep, int) or not isinstance(navn, str) or not isinstance(krav, str) \
            or not isinstance(aar, int) or status not in STATUSES \
            or not isinstance(kilde, str) or not kilde:
        raise RegelverkError(
            f"{where}: en terskel trenger beloep, navn, krav, aar, status og kilde")
    navn_nn, krav_nn = raw.get("navn_nn"), raw.get("krav_nn")
    if not isinstance(navn_nn, str | None) or not isinstance(krav_nn, str | None):
        raise RegelverkError(f"{where}: navn_nn og krav_nn skal være tekst")
    return Terskel(beloep, navn, krav, aar, status, kilde, navn_nn, krav_nn)


@cache
def alle() -> dict[str, Regelverk]:
    """Every regulation in the package's data file, by id."""
    text = resources.files("kompetanse_cli").joinpath(DATA_FILE).read_text("utf-8")
    data = tomllib.loads(text)
    tables = data.get("regelverk")
    if not isinstance(tables, dict):
        raise RegelverkError("regelverk.toml mangler [regelverk]-tabeller")
    return {reg_id: _parse(reg_id, raw) for reg_id, raw in tables.items()}


@cache
def for_ordning(ordning: str, aar: int | None = None) -> Regelverk:
    """The regulation governing `ordning` in allocation year `aar` (the newest when None).

    Remembered: the rules ask it for every measure of every partnership."""
    candidates = [r for r in alle().values() if ordning in r.ordninger
                  and (aar is None or r.gjelder_fra <= aar)]
    if not candidates:
        candidates = [r for r in alle().values() if ordning in r.ordninger]
    if not candidates:
        raise RegelverkError(f"ingen forskrift i regelverk.toml gjelder ordningen {ordning}")
    return max(candidates, key=lambda r: r.gjelder_fra)


@cache
def _sami_municipalities(filename: str) -> dict[str, str]:
    text = resources.files("kompetanse_cli").joinpath("data", filename).read_text("utf-8")
    return {row["kommunenummer"]: row["norsk_navn"] or row["navn"]
            for row in csv.DictReader(text.splitlines())}
