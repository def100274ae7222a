"""The rule registry: every rule komp knows, one module each, listed by hand.

A rule module has a docstring (its user documentation, shown by `komp regler KODE`) and the
constants CODE, SEVERITY, TITLE, SOURCE and SCHEMES. Rules of layers K2xx and up also have a
`check` function and a SCOPE: "partnerskap" (called once per partnership) or "forum" (once per
forum); a partnership rule may also have `check_forum`, called once per forum, for the part of
it that needs forum.yaml. Rules of layers K0xx and K1xx are found while reading and by the schema layer; their
modules document them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import Any

from ..diagnostics import Severity

# The registry, in code order: adding a rule is one new module and one line here.
_MODULE_NAMES: tuple[str, ...] = (
    "k001_yaml_syntaks",
    "k002_dobbel_noekkel",
    "k003_ikke_utf8",
    "k004_dokumentform",
    "k005_ubrukt_yaml",
    "k006_lenke_utenfor",
    "k101_ukjent_noekkel",
    "k102_mangler_noekkel",
    "k103_feil_verdi",
    "k120_orgnr",
    "k121_kommunenummer",
    "k130_planfil_paa_feil_sted",
    "k201_dobbel_id",
    "k202_ukjent_referanse",
    "k203_ordning_i_partnerskap",
    "k204_budsjettaar",
    "k205_rang",
    "k206_ubesvart",
    "k207_mottaker",
    "k301_ordning_i_forum",
    "k302_blandet_forum",
    "k303_over_ramme",
    "k304_uten_ramme",
    "k305_ukjent_justering",
    "k306_kommune_utenfor_fylket",
    "k307_stemmerett",
    "k308_roller",
    "k309_sen_beslutning",
    "k310_vedtak_over_ramme",
    "k311_vedtak_uten_begrunnelse",
    "k312_videreforinger_over_ramme",
    "k314_dobbel_oppfoering",
    "k401_egenandel",
    "k402_videreutdanning",
    "k403_uh_partner",
    "k404_varighet",
    "k405_vurdert_av",
    "k406_dialog_med_uh",
    "k407_maalgrupper",
    "k408_komsip_enheter",
    "k409_koordinering",
    "k410_samiske_perspektiver",
    "k411_dobbelt_formaal",
    "k412_fyo_plan",
    "k413_faa_deltakere",
    "k414_fokusomraade",
    "k416_fyo_andel",
    "k417_fyo_arbeidsliv",
    "k418_ubrukt_ramme",
    "k420_fyo_studiepoeng",
    "k501_brukt_over_tildelt",
    "k502_egenandel_levert",
    "k503_rapport_mangler",
    "k504_ukjent_rapport",
    "k505_brukt_paa_avlyst",
    "k506_ubrukte_midler",
)
_MODULES: tuple[ModuleType, ...] = tuple(import_module(f".{name}", __name__) for name in _MODULE_NAMES)


@dataclass(frozen=True)
class Rule:
    """A rule as the engine and `komp regler` see it."""

    code: str
    severity: Severity
    title: str
    source: str
    schemes: tuple[str, ...]
    doc: str
    scope: str | None
    check: Callable[[Any], Iterable[Any]] | None
    check_forum: Callable[[Any], Iterable[Any]] | None = None
    """A partnership rule's part that needs the forum too (e.g. names from forum.plan)."""
    without_forum: bool = False
    """A forum rule that also runs on partnerships validated without a forum.yaml."""


def _rule(module: ModuleType) -> Rule:
    return Rule(
        code=module.CODE,
        severity=module.SEVERITY,
        title=module.TITLE,
        source=module.SOURCE,
        schemes=tuple(module.SCHEMES),
        doc=(module.__doc__ or "").strip(),
        scope=getattr(module, "SCOPE", None),
        check=getattr(module, "check", None),
        check_forum=getattr(module, "check_forum", None),
        without_forum=getattr(module, "WITHOUT_FORUM", False),
    )


RULES: tuple[Rule, ...] = tuple(_rule(module) for module in _MODULES)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
ALL_SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
