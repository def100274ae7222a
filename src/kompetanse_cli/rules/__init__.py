"""The rule registry: every rule komp knows, one module each, listed by hand.

A rule module has a docstring (its user documentation, shown by `komp regler KODE`) and the
constants CODE, SEVERITY, TITLE, SOURCE and SCHEMES. Rules of layers K2xx and up also have a
`check` function and a SCOPE: "partnerskap" (called once per partnership) or "forum" (once per
forum); a partnership rule may also have `check_forum`, called once per forum, for the part of
it that needs forum.yaml. Rules of layers K0xx and K1xx are found while reading and by the schema layer; their
modules document them and word their diagnostics, which those steps call.
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
    "k0_lesing.k001_yaml_syntaks",
    "k0_lesing.k002_dobbel_noekkel",
    "k0_lesing.k003_ikke_utf8",
    "k0_lesing.k004_dokumentform",
    "k0_lesing.k005_ubrukt_yaml",
    "k0_lesing.k006_lenke_utenfor",
    "k1_skjema.k101_ukjent_noekkel",
    "k1_skjema.k102_mangler_noekkel",
    "k1_skjema.k103_feil_verdi",
    "k1_skjema.k120_orgnr",
    "k1_skjema.k121_kommunenummer",
    "k1_skjema.k130_planfil_paa_feil_sted",
    "k2_partnerskap.k201_dobbel_id",
    "k2_partnerskap.k202_ukjent_referanse",
    "k2_partnerskap.k203_ordning_i_partnerskap",
    "k2_partnerskap.k204_budsjettaar",
    "k2_partnerskap.k205_rang",
    "k2_partnerskap.k206_ubesvart",
    "k2_partnerskap.k207_mottaker",
    "k3_forum.k301_ordning_i_forum",
    "k3_forum.k302_blandet_forum",
    "k3_forum.k303_over_ramme",
    "k3_forum.k304_uten_ramme",
    "k3_forum.k305_ukjent_justering",
    "k3_forum.k306_kommune_utenfor_fylket",
    "k3_forum.k307_stemmerett",
    "k3_forum.k308_roller",
    "k3_forum.k309_sen_beslutning",
    "k3_forum.k310_vedtak_over_ramme",
    "k3_forum.k311_vedtak_uten_begrunnelse",
    "k3_forum.k312_videreforinger_over_ramme",
    "k3_forum.k313_endret_vedtatt_aar",
    "k3_forum.k314_dobbel_oppfoering",
    "k4_ordning.k401_egenandel",
    "k4_ordning.k402_videreutdanning",
    "k4_ordning.k403_uh_partner",
    "k4_ordning.k404_varighet",
    "k4_ordning.k405_vurdert_av",
    "k4_ordning.k406_dialog_med_uh",
    "k4_ordning.k407_maalgrupper",
    "k4_ordning.k408_komsip_enheter",
    "k4_ordning.k409_koordinering",
    "k4_ordning.k410_samiske_perspektiver",
    "k4_ordning.k411_dobbelt_formaal",
    "k4_ordning.k412_fyo_plan",
    "k4_ordning.k413_faa_deltakere",
    "k4_ordning.k414_fokusomraade",
    "k4_ordning.k415_fyo_anskaffelse",
    "k4_ordning.k416_fyo_andel",
    "k4_ordning.k417_fyo_arbeidsliv",
    "k4_ordning.k418_ubrukt_ramme",
    "k4_ordning.k419_obligatorisk_regel",
    "k4_ordning.k420_fyo_studiepoeng",
    "k4_ordning.k421_hospitering_sats",
    "k5_rapport.k501_brukt_over_tildelt",
    "k5_rapport.k502_egenandel_levert",
    "k5_rapport.k503_rapport_mangler",
    "k5_rapport.k504_ukjent_rapport",
    "k5_rapport.k505_brukt_paa_avlyst",
    "k5_rapport.k506_ubrukte_midler",
)


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


ALL_SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")

# Imported when first asked for: the reading and schema steps import the module of the rule
# they report, and a run answered from the cache imports none.
RULES: tuple[Rule, ...]
RULES_BY_CODE: dict[str, Rule]


def __getattr__(name: str) -> object:
    if name not in ("RULES", "RULES_BY_CODE"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    rules = tuple(_rule(import_module(f".{module}", __name__)) for module in _MODULE_NAMES)
    globals().update(RULES=rules, RULES_BY_CODE={rule.code: rule for rule in rules})
    return globals()[name]
