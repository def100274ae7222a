"""A forum's own settings of rules: `regler:` in forum.yaml.

A forum may give a rule another severity (`alvor`: feil, advarsel, info, av), always with a
`begrunnelse`, and set the parameters a rule documents here (rates, tolerances). What the
regulation makes mandatory cannot be lowered or turned off (K419 reports such a setting, and it
is not applied); nor can the rules that read the files themselves (K0xx, K1xx) or K419 itself.

Light on purpose: the models read the rule codes and parameters from here while they are built,
so nothing here imports the models at module level, and nothing here imports the rules: which
settings are refused, given each rule's own severity, is `rules.innstillinger`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ..diagnostics import Severity

if TYPE_CHECKING:
    from .models import Forum

ALVOR = ("feil", "advarsel", "info", "av")
"""The severities a forum may give a rule, from the most to the least serious."""
_NAME = {Severity.ERROR: "feil", Severity.WARNING: "advarsel", Severity.INFO: "info"}
LOCKED_PREFIXES = ("K0", "K1")
"""Rules about reading and the files' format: a forum cannot lower them."""
SELF = "K419"


@dataclass(frozen=True)
class Parameter:
    """A parameter of one rule that a forum may set under `regler:`."""

    navn: str
    art: str
    """`prosent` (a number 0–100) or `kroner` (whole kroner)."""
    beskrivelse: str
    beskrivelse_nn: str
    enhet: str
    """How the value is shown: `prosentpoeng`, `kr per deltaker og år`."""
    enhet_nn: str
    kort: str = ""
    """What the value is, in a word or two (both målformer): `toleranse`, `fast sats`."""


PARAMETRE: dict[str, tuple[Parameter, ...]] = {
    "K409": (Parameter(
        "prosent", "prosent",
        "Høyeste andel av partnerskapets tilskudd et år som kan gå til koordinering, i prosent "
        "(standard 10).",
        "Den høgaste delen av tilskotet til partnarskapet eit år som kan gå til koordinering, i "
        "prosent (standard 10).",
        "%", "%", "grense"),),
    "K413": (Parameter(
        "antall", "antall",
        "Det minste antallet deltakere et tiltak bør ha (standard 2).",
        "Det minste talet på deltakarar eit tiltak bør ha (standard 2).",
        "deltakere", "deltakarar", "minst"),),
    "K416": (Parameter(
        "andel", "prosent",
        "Hvor mange prosentpoeng fylkeskommunens faktiske andel kan avvike fra "
        "`plan.andel_fylkeskommune` før komp advarer (standard 5).",
        "Kor mange prosentpoeng den faktiske delen til fylkeskommunen kan avvike frå "
        "`plan.andel_fylkeskommune` før komp åtvarar (standard 5).",
        "prosentpoeng", "prosentpoeng", "toleranse"),),
    "K421": (Parameter(
        "sats_per_deltaker", "kroner",
        "Forumets faste sats for hospitering, i hele kroner per deltaker og år; uten den "
        "kjører ikke regelen.",
        "Den faste satsen forumet har for hospitering, i heile kroner per deltakar og år; utan "
        "han køyrer ikkje regelen.",
        "kr per deltaker og år", "kr per deltakar og år", "fast sats"),),
}
"""The parameters each rule lets a forum set, by rule code."""


@cache
def rule_codes() -> tuple[str, ...]:
    """Every rule code, from the names of the rule modules (without importing them)."""
    folder = os.path.join(os.path.dirname(os.path.dirname(__file__)), "rules")
    found: set[str] = set()
    for _, _, names in os.walk(folder):
        found.update(name[:4].upper() for name in names
                     if re.fullmatch(r"k\d{3}_\w+\.py", name))
    return tuple(sorted(found))


@dataclass(frozen=True)
class Innstilling:
    """One rule as a forum has set it: the code, the severity it asks for (None: unchanged),
    its reason, its parameters, and why it is refused (None when it is applied)."""

    kode: str
    alvor: str | None
    begrunnelse: str
    parametre: dict[str, Any]
    avvist: str | None = None


def severity_name(severity: Severity) -> str:
    return _NAME[severity]


def mandatory(forum: Forum) -> dict[str, str]:
    """The codes the regulations of the forum's schemes make mandatory, with their source."""
    from .regelverk import for_ordning

    out: dict[str, str] = {}
    for ordning in forum.ordninger:
        reg = for_ordning(ordning, forum.aar)
        if reg.obligatoriske is not None:
            for kode in reg.obligatoriske.verdi:
                out.setdefault(kode, reg.id)
    return out


_WORDS = {
    "nb": {"feil": "feil", "advarsel": "advarsel", "info": "info", "av": "slått av",
           "ellers": "ellers", "standard": "standard", "uendret": "alvoret er uendret",
           "avvist": "ikke brukt (K419)"},
    "nn": {"feil": "feil", "advarsel": "åtvaring", "info": "info", "av": "slått av",
           "ellers": "elles", "standard": "standard", "uendret": "alvoret er uendra",
           "avvist": "ikkje brukt (K419)"},
}


def describe(setting: Innstilling, default: Severity, national: dict[str, Any],
             maalform: str = "nb") -> str:
    """What the forum's setting does, in words: `feil (ellers advarsel)`, `slått av`,
    `andel 10 prosentpoeng (standard 5)`; `national` holds the regulation's parameter values."""
    from ..formatting import tall

    words = _WORDS[maalform]
    if setting.avvist is not None:
        return words["avvist"]
    parts = []
    if setting.alvor is not None and setting.alvor != _NAME[default]:
        parts.append(f"{words[setting.alvor]} ({words['ellers']} {words[_NAME[default]]})")
    for parameter in PARAMETRE.get(setting.kode, ()):
        if parameter.navn not in setting.parametre:
            continue
        value = setting.parametre[parameter.navn]
        shown = tall(value) if isinstance(value, int) else f"{value:g}".replace(".", ",")
        unit = parameter.enhet_nn if maalform == "nn" else parameter.enhet
        text = f"{parameter.kort or parameter.navn} {shown} {unit}"
        if parameter.navn in national:
            text += f" ({words['standard']} {national[parameter.navn]})"
        parts.append(text)
    return "; ".join(parts) or words["uendret"]


def national_parameters(forum: Forum, kode: str) -> dict[str, Any]:
    """The regulation's values of a rule's parameters, for the forum's schemes and year."""
    from .regelverk import for_ordning

    out: dict[str, Any] = {}
    for ordning in forum.ordninger:
        for parameter in PARAMETRE.get(kode, ()):
            found = for_ordning(ordning, forum.aar).parameter(kode, parameter.navn)
            if found is not None:
                out.setdefault(parameter.navn, found.verdi)
    return out
