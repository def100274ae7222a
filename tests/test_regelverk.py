"""The scheme parameters in data/regelverk.toml, the money sums and the kroner format."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES, ForumFactory
from kompetanse_cli.domain.context import ForumContext
from kompetanse_cli.domain.regelverk import alle, for_ordning
from kompetanse_cli.formatting import kroner, prosent
from kompetanse_cli.pipeline.aggregate import (
    measure_years,
    recommended_by_scheme_year,
    requested_by_scheme_year,
    split_ref,
    total,
)
from kompetanse_cli.pipeline.check import check_layout
from kompetanse_cli.pipeline.discover import discover
from kompetanse_cli.rules.k4_ordning.k401_egenandel import required


def test_each_scheme_is_governed_by_its_regulation() -> None:
    assert for_ordning("dekom").id == "FOR-2021-01-26-230"
    assert for_ordning("rekom", 2027).id == "FOR-2021-01-26-230"
    assert for_ordning("komsip").id == "FOR-2021-01-26-230"
    assert for_ordning("dekom_fyo", 2027).id == "FOR-2021-01-26-229"


def test_parameters_match_domain_md() -> None:
    reg = for_ordning("dekom")
    assert reg.egenandel["dekom"].prosent.verdi == 30
    assert reg.egenandel["dekom"].prosent.status == "kilde"
    assert reg.egenandel["dekom"].grunnlag.verdi == "tilskudd_eier"
    assert reg.egenandel["dekom"].grunnlag.status == "antatt"
    assert "rekom" not in reg.egenandel
    assert "komsip" not in reg.egenandel
    assert reg.maks_varighet_aar.verdi == 3
    assert reg.koordinering_maks_prosent.verdi == 10
    assert reg.koordinering_maks_prosent.antatt
    assert reg.maalgrupper["rekom"].verdi == (
        "barnehagelaerere", "ledere", "andre_ansatte", "ppt", "andre")
    assert reg.required_roles(["dekom"]) == [
        "offentlig_eier", "privat_eier", "uh", "ks", "pbl", "laererorganisasjon"]
    assert reg.required_roles(["dekom", "rekom"])[-1] == "barnehagemyndighet"
    fyo = for_ordning("dekom_fyo")
    assert fyo.required_roles(["dekom_fyo"]) == [
        "arbeidsgiverorganisasjon", "arbeidstakerorganisasjon", "laererorganisasjon",
        "yrkesopplaeringsnemnd", "privat_vgs", "kompetansetilbyder"]
    assert set(fyo.samisk_fylker.verdi) == {"56", "55", "18", "50"}
    assert len(fyo.samisk_kommuner()) == 13
    assert fyo.samisk_kommuner()["1875"] == "Hamarøy"


def test_every_parameter_has_a_status_and_a_source() -> None:
    for reg in alle().values():
        for value in vars(reg).values():
            values = value.values() if isinstance(value, dict) else [value]
            for item in values:
                for verdi in (vars(item).values() if hasattr(item, "prosent") else [item]):
                    if hasattr(verdi, "status"):
                        assert verdi.status in ("kilde", "antatt")
                        assert verdi.kilde


@pytest.mark.parametrize(("rate", "amount", "need"),
                         [(30, 520_000, 156_000), (30, 1, 1), (30, 0, 0), (30, 333_333, 100_000)])
def test_required_egenandel_is_rounded_up_to_whole_kroner(
        rate: int, amount: int, need: int) -> None:
    assert required(rate, amount) == need


def test_kroner_uses_a_space_as_thousands_separator() -> None:
    assert kroner(104_000) == "104 000 kr"
    assert kroner(1_250_000) == "1 250 000 kr"
    assert kroner(0) == "0 kr"
    assert prosent(10) == "10 %"
    assert prosent(13.24) == "13,2 %"


def test_split_ref() -> None:
    assert split_ref("salten/T2") == ("salten", "T2")
    assert split_ref(" salten / T2 ") == ("salten", "T2")
    assert split_ref("T2") is None
    assert split_ref("/T2") is None


def _ctx(folder: Path) -> ForumContext:
    ctx, _, _ = check_layout(discover(folder)[0])
    return ctx


def test_recommended_sums_apply_the_forums_justeringer() -> None:
    ctx = _ctx(EXAMPLES / "nordland")
    requested = requested_by_scheme_year(ctx)
    recommended = recommended_by_scheme_year(ctx)
    # lofoten/T3 2027: tilskudd_eier 450 000 → 400 000 kr, tilskudd_uh unchanged
    assert requested[("dekom", 2027)] - recommended[("dekom", 2027)] == 50_000
    assert requested[("dekom", 2028)] == recommended[("dekom", 2028)]
    row = next(r for r in measure_years(ctx) if (r.partnerskap, r.tiltak, r.aar)
               == ("lofoten", "T3", 2027))
    assert row.justering == 0
    assert total(row.anbefalt_eier) == 400_000


def test_avslaatt_makes_both_amounts_zero(forum: ForumFactory) -> None:
    folder = forum("nordland")
    path = folder / "forum.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    tilskudd_eier: 400_000  # meldt inn: 450 000 kr\n"
                        "    tilskudd_uh: 250_000  # uendret\n", "    avslaatt: true\n")
    path.write_text(text, encoding="utf-8")
    ctx = _ctx(folder)
    row = next(r for r in measure_years(ctx) if (r.partnerskap, r.tiltak, r.aar)
               == ("lofoten", "T3", 2027))
    assert row.avslaatt
    assert row.anbefalt == 0
    assert row.soekt > 0
    assert requested_by_scheme_year(ctx)[("dekom", 2027)] - \
        recommended_by_scheme_year(ctx)[("dekom", 2027)] == row.soekt
