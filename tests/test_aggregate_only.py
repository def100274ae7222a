"""Every krone komp shows comes from one aggregation (pipeline/aggregate.py): no other module
adds up money or takes one figure from another. The check reads the source: a `sum(...)`,
`+`, `+=`, `-` or `-=` outside the aggregation whose operands name an amount (a field or
variable called like the money in the planning files: beloep, tilskudd_eier, anbefalt, ramme,
...) is reported with its place. Text and lists put together are not sums."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "kompetanse_cli"
AGGREGATION = PACKAGE / "pipeline" / "aggregate.py"

# The words for money in komp's models and files (GLOSSARY.md), as names and fields.
MONEY = {
    "beloep", "tilskudd_eier", "tilskudd_uh", "egenandel", "soekt", "soekt_eier", "soekt_uh",
    "anbefalt", "innstilt", "ramme", "rammer", "frame", "frames", "brukt", "tildelt", "ubrukt",
    "gjenstaar", "bundet", "krav", "grunnlag", "amount", "amounts", "money", "kroner",
    "til_fylkeskommunen", "til_oevrige", "fylkeskommunen", "oevrige", "planlagt_fylkeskommunen",
    "sum_anbefalt", "sum_soekt", "sum_ramme", "sum_egenandel", "mottakere_sum",
}


def _names(node: ast.AST) -> set[str]:
    """The names and attribute names an expression mentions."""
    out: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            out.add(child.id)
        elif isinstance(child, ast.Attribute):
            out.add(child.attr)
    return out


def _not_a_number(node: ast.expr) -> bool:
    """Text or a list: `+` puts it together, it does not add up."""
    return isinstance(node, (ast.JoinedStr, ast.List, ast.ListComp, ast.Tuple)) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str))


def _operands(node: ast.AST) -> list[ast.expr]:
    """What a `sum(...)`, `+`, `+=`, `-` or `-=` adds up or subtracts; [] for anything else."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
            and node.func.id == "sum" and node.args:
        return [node.args[0]]
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        return [node.left, node.right]
    if isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Add, ast.Sub)):
        return [node.target, node.value]
    return []


def money_arithmetic(source: str) -> list[tuple[int, str]]:
    """(line, code) of every sum or difference of money in `source`."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        operands = _operands(node)
        if not operands or any(_not_a_number(o) for o in operands):
            continue
        if any(_names(o) & MONEY for o in operands) and isinstance(node, (ast.expr, ast.stmt)):
            found.append((node.lineno, ast.unparse(node)))
    return found


def test_no_module_but_the_aggregation_adds_up_or_subtracts_money() -> None:
    found = [f"{path.relative_to(PACKAGE)}:{line}: {code}"
             for path in sorted(PACKAGE.rglob("*.py")) if path != AGGREGATION
             for line, code in money_arithmetic(path.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize("code", [
    "total = sum(r.anbefalt for r in rows)",
    "per[key] = per.get(key, 0) + andel.beloep",
    "sums[aar] += amount",
    "both = row.tilskudd_eier + row.tilskudd_uh",
    "x = total(budsjett.tilskudd_eier) + total(budsjett.tilskudd_uh)",
    "left = row.ramme - row.anbefalt",
    "over = f'{kroner(tildelt - ramme)} for mye'",
    "rest -= andel.beloep",
])
def test_the_check_sees_money_added_up(code: str) -> None:
    assert money_arithmetic(code) != []


@pytest.mark.parametrize("code", [
    "count = sum(1 for s in stemmer if s.stemme == 'for')",
    "width = sum(len(c) for c in cells) + 2",
    "neste = aar + 1",
    "text = navn + ' kommune'",
    "line = kroner(amount) + ' '",
    "lines += [f'{r.beloep}' for r in rows]",
    "forrige = aar - 1",
    "rest = 100 - plan.prosent",
])
def test_the_check_lets_counts_years_and_text_be(code: str) -> None:
    assert money_arithmetic(code) == []


def test_the_aggregation_itself_is_seen_by_the_check() -> None:
    """The aggregation adds up money, so the check is not blind to how komp writes it."""
    assert len(money_arithmetic(AGGREGATION.read_text(encoding="utf-8"))) > 20


@pytest.mark.parametrize("example", ["nordland", "vestland-fyo"])
def test_documents_oversikt_and_diff_show_the_aggregations_figures(example: str) -> None:
    """The same kroner in the innstilling, the plan, `komp oversikt --format json` and
    `komp diff` as the aggregation gives for the examples."""
    from conftest import EXAMPLES, run_komp
    from kompetanse_cli.diff import Version, compare, load_version
    from kompetanse_cli.documents.viewmodel.innstilling import build_innstilling
    from kompetanse_cli.documents.viewmodel.plan import build_plan
    from kompetanse_cli.pipeline import validate_with_contexts
    from kompetanse_cli.pipeline.aggregate import (
        recipients_in_year,
        recommended_by_partnership,
        recommended_by_recipient_year,
        recommended_by_scheme_year,
        requested_by_scheme_year,
    )

    folder = EXAMPLES / example
    ctx = validate_with_contexts([folder])[1][0]
    assert ctx.forum is not None
    aar = ctx.forum.aar
    recommended = recommended_by_scheme_year(ctx)
    requested = requested_by_scheme_year(ctx)
    model = build_innstilling(ctx, aar)
    assert model.sum_anbefalt > 0
    assert {r.ordning.kode: (r.soekt, r.anbefalt) for r in model.per_ordning} == {
        o: (requested.get((o, aar), 0), recommended.get((o, aar), 0)) for o in ctx.forum.ordninger}
    assert model.sum_anbefalt == sum(recommended.get((o, aar), 0) for o in ctx.forum.ordninger)
    receivers = recipients_in_year(ctx, aar)
    assert sorted((m.orgnr, m.sum) for m in model.mottakere) == sorted(
        (m.orgnr, m.sum) for m in receivers)
    assert {p.slug: p.anbefalt for p in model.per_partnerskap} == recommended_by_partnership(ctx, aar)
    plan = build_plan(ctx) if ctx.forum.plan is not None else None
    if plan is not None:
        assert {(r.ordning.kode, r.aar): r.anbefalt for r in plan.rammer} == {
            key: beloep for key, beloep in recommended.items()
            if key[0] in ctx.forum.ordninger and plan.fra <= key[1] <= plan.til}

    oversikt = run_komp("oversikt", folder, "--format", "json").json()
    assert {(r["scheme"], r["year"]): r["recommended"] for r in oversikt["per_scheme"]} == {
        key: recommended.get(key, 0) for key in
        {(r["scheme"], r["year"]) for r in oversikt["per_scheme"]}}
    assert oversikt["recommended_total"] == model.sum_anbefalt
    assert sorted((r["orgnr"], r["total"]) for r in oversikt["per_recipient"]) == sorted(
        (m.orgnr, m.sum) for m in receivers)

    money = compare(Version("før", None), load_version(folder, "etter", None))["money"]
    assert {(r["scheme"], r["year"]): r["to"] for r in money["by_scheme"]} == {
        key: beloep for key, beloep in recommended.items() if beloep}
    named, unnamed = recommended_by_recipient_year(ctx)
    assert not unnamed
    assert {(r["orgnr"], r["year"]): r["to"] for r in money["by_recipient"]} == {
        key: beloep for key, beloep in named.items() if beloep}
