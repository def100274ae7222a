"""The package's import graph: only the CLI talks to the terminal, no module imports itself back,
and the domain and the diagnostics import nothing of the steps above them.

The graph is read from the source (ast), every import counted, also those inside functions.
What is still out of place is listed below, each with its reason: a new line that prints, exits,
reads the environment or imports typer/rich outside `cli/`, or a new cycle, fails; so does a
listed exception that is gone (the lists only shrink).
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "kompetanse_cli"
TERMINAL_LIBRARIES = ("typer", "rich", "click")

# (module, what) outside cli/ that is allowed, and why.
ALLOWED: dict[tuple[str, str], str] = {
    ("kompetanse_cli.diff.versions", "os.environ"):
        "TMPDIR says where its temporary names go, as for every program",
    ("kompetanse_cli.pipeline.gitrevs", "os.environ"):
        "git runs as a child with the user's environment plus GIT_TERMINAL_PROMPT=0 and LC_ALL=C",
    ("kompetanse_cli.documents.render", "os._exit"):
        "the forked child that renders the templates under a time limit ends without the "
        "parent's clean-up",
    ("kompetanse_cli.lsp.session", "os._exit"):
        "the forked child that checks the workspace at start-up ends without the parent's clean-up",
    ("kompetanse_cli.pipeline.units", "os._exit"):
        "the forked child that validates a changed unit while the warm record answers the others "
        "ends without the parent's clean-up",
}
# (module, what) outside cli/ that belongs in cli/ and has not moved there yet.
NOT_YET_MOVED: dict[tuple[str, str], str] = {
}
# Cycles still to break (each as the sorted modules of one strongly connected component).
CYCLES_NOT_YET_BROKEN: set[tuple[str, ...]] = set()


@dataclass
class Module:
    name: str
    imports: set[str]
    effects: set[str]  # "import rich", "print", "exit", "sys.stdout", "os.environ", …


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def read_module(path: Path, root: Path, known: set[str]) -> Module:
    name = module_name(path, root)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for block in ast.walk(tree):  # imports for type checkers only are never run
        if isinstance(block, ast.If) and ast.unparse(block.test) in ("TYPE_CHECKING",
                                                                    "typing.TYPE_CHECKING"):
            block.body = []
    imports: set[str] = set()
    effects: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            submodules = {f"{target}.{alias.name}" for alias in node.names} & known
            imports |= submodules or ({target} & known)
            if target.split(".")[0] in TERMINAL_LIBRARIES:
                effects.add(f"import {target.split('.')[0]}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                imports |= {alias.name} & known
                if alias.name.split(".")[0] in TERMINAL_LIBRARIES:
                    effects.add(f"import {alias.name.split('.')[0]}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("print", "exit", "quit"):
            effects.add(node.func.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner, attribute = node.value.id, node.attr
            if owner == "sys" and attribute in ("stdout", "stderr", "exit"):
                effects.add(f"sys.{attribute}")
            elif owner == "os" and attribute in ("environ", "getenv", "putenv", "_exit"):
                effects.add(f"os.{'environ' if attribute in ('getenv', 'putenv') else attribute}")
        elif isinstance(node, ast.Name) and node.id == "SystemExit":
            effects.add("SystemExit")
    return Module(name, imports - {name}, effects)


def read_package(root: Path) -> dict[str, Module]:
    paths = sorted(root.rglob("*.py"))
    known = {module_name(path, root) for path in paths}
    return {m.name: m for m in (read_module(path, root, known) for path in paths)}


@functools.cache
def komp() -> dict[str, Module]:
    """The package as it is (read once for all the tests here)."""
    return read_package(PACKAGE)


def cycles(modules: dict[str, Module]) -> set[tuple[str, ...]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[tuple[str, ...]] = set()
    for start in modules:
        if start in index:
            continue
        work = [(start, iter(sorted(modules[start].imports)))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for edge in edges:
                if edge not in index:
                    index[edge] = low[edge] = len(index)
                    stack.append(edge)
                    on_stack.add(edge)
                    work.append((edge, iter(sorted(modules[edge].imports))))
                    break
                if edge in on_stack:
                    low[node] = min(low[node], index[edge])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.add(tuple(sorted(component)))
    return found


def effects_outside_cli(modules: dict[str, Module]) -> set[tuple[str, str]]:
    return {(m.name, effect) for m in modules.values()
            if not (m.name == "kompetanse_cli.cli" or m.name.startswith("kompetanse_cli.cli."))
            for effect in m.effects}


def test_no_new_import_cycle() -> None:
    assert cycles(komp()) == CYCLES_NOT_YET_BROKEN


def test_only_the_cli_prints_exits_reads_the_environment_or_imports_typer_and_rich() -> None:
    assert effects_outside_cli(komp()) == set(ALLOWED) | set(NOT_YET_MOVED)


HIGHER_LAYERS = ("pipeline", "rules", "documents", "cli")


def imports_from_higher_layers(modules: dict[str, Module]) -> set[tuple[str, str]]:
    """(module, imported) where the domain or the diagnostics import a step above them."""
    above = tuple(f"kompetanse_cli.{layer}" for layer in HIGHER_LAYERS)
    return {(m.name, target) for m in modules.values()
            if m.name == "kompetanse_cli.diagnostics" or m.name == "kompetanse_cli.domain"
            or m.name.startswith("kompetanse_cli.domain.")
            for target in m.imports
            if any(target == layer or target.startswith(layer + ".") for layer in above)}


def test_the_domain_and_the_diagnostics_import_no_step_above_them() -> None:
    assert imports_from_higher_layers(komp()) == set()


def test_a_domain_module_that_imports_the_pipeline_is_caught(tmp_path: Path) -> None:
    package = tmp_path / "kompetanse_cli"
    (package / "domain").mkdir(parents=True)
    (package / "pipeline").mkdir()
    (package / "rules").mkdir()
    for path in ("__init__.py", "domain/__init__.py", "pipeline/__init__.py", "rules/__init__.py",
                 "diagnostics.py"):
        (package / path).write_text("", encoding="utf-8")
    (package / "pipeline" / "schema.py").write_text("from ..domain import models\n",
                                                     encoding="utf-8")
    (package / "domain" / "models.py").write_text(
        "def f() -> None:\n    from ..pipeline.schema import Checked\n", encoding="utf-8")
    (package / "diagnostics.py").write_text("from .rules import RULES\n", encoding="utf-8")
    assert imports_from_higher_layers(read_package(package)) == {
        ("kompetanse_cli.domain.models", "kompetanse_cli.pipeline.schema"),
        ("kompetanse_cli.diagnostics", "kompetanse_cli.rules"),
    }


def test_the_cli_is_where_typer_lives() -> None:
    assert "import typer" in komp()["kompetanse_cli.cli.app"].effects


@pytest.mark.parametrize(("line", "effect"), [
    ("print('hei')", "print"),
    ("import sys\nsys.stdout.write('hei')", "sys.stdout"),
    ("import sys\nsys.exit(1)", "sys.exit"),
    ("raise SystemExit(2)", "SystemExit"),
    ("import os\nvalue = os.environ.get('KOMP_X')", "os.environ"),
    ("import os\nvalue = os.getenv('KOMP_X')", "os.environ"),
    ("def f() -> None:\n    import typer", "import typer"),
    ("from rich.console import Console", "import rich"),
])
def test_a_module_below_the_cli_that_talks_is_caught(tmp_path: Path, line: str, effect: str) -> None:
    package = tmp_path / "kompetanse_cli"
    (package / "pipeline").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "pipeline" / "__init__.py").write_text(line + "\n", encoding="utf-8")
    (package / "cli.py").write_text("import typer\nprint('ok')\n", encoding="utf-8")
    assert effects_outside_cli(read_package(package)) == {("kompetanse_cli.pipeline", effect)}


def test_a_cycle_through_a_function_level_import_is_caught(tmp_path: Path) -> None:
    package = tmp_path / "kompetanse_cli"
    (package / "pipeline").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "pipeline" / "__init__.py").write_text("from . import load\n", encoding="utf-8")
    (package / "pipeline" / "load.py").write_text(
        "def f() -> None:\n    from ..pipeline import check\n", encoding="utf-8")
    (package / "pipeline" / "check.py").write_text("from .load import f\n", encoding="utf-8")
    assert cycles(read_package(package)) == {("kompetanse_cli.pipeline.check",
                                             "kompetanse_cli.pipeline.load")}
