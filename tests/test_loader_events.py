"""The loader reads plain data straight from libyaml's events and works positions out from an
index of them; both must agree exactly with libyaml's composed node tree, the reading that says
where each problem is. Checked on every example, the public YAML test suite, a generated corpus
and odd cases."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import DATA, EXAMPLES
from kompetanse_cli.diagnostics import Span
from kompetanse_cli.pipeline import load

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402  # bench/ is not a package

ODD = [
    b"", b"# bare en kommentar\n", b"~\n", b"---\n", b"tekst\n", b"- a\n- b\n",
    b"a: 1\nb: 2\na: 3\n", b"a: &x tekst\nb: *x\n", b"a: &x [1]\nb: *x\n", b"&a [*a]\n",
    b"a: !!str 0301\n", b"a: !!binary aGVp\n", b"!!map {a: 1}\n", b"? [a]\n: 1\n",
    b"? {a: 1}\n: 1\n", b"a: 1\n---\nb: 2\n", b"a: *y\n", b"a: &x 1\nb: &x 2\n",
    b"true: 1\n1: a\n1.0: b\n+1: c\n1_0: d\n.nan: e\nnull: f\n~: g\n'2027': h\n2027: i\n",
    b"a:\n\t- b\n", b"[" * 70 + b"]" * 70, b"{a: [1, 2, {b: c}], 'd': \"e\"}\n",
    "a: «b»\nc\u2028d: e\n\u00e6: \u0085\n".encode(),
    b"tiltak:\n  - id: T1\n    budsjett:\n      2027: {egenandel: 5}\n",
    b"a: b: c\n", b"a: [1, 2\n", b"x: |\n  linje 1\n  linje 2\ny: >-\n  brettet\n",
    b"\xef\xbb\xbfa: 1\n", b"a: 1\n...\n", b"%YAML 1.1\n---\na: no\n",
    b"a: [.nan, {.nan: .inf}]\nb:\n  - .NaN\n", b"- .nan\n",
    "a:\n  - &k nøkkel\n  - *k : 1\n".encode(), b"1: a\nTrue: b\n",
]


def _docs(tmp: Path) -> Iterator[tuple[str, bytes]]:
    for index, raw in enumerate(ODD):
        yield f"odd-{index}", raw
    for path in sorted(EXAMPLES.rglob("*.yaml")):
        yield str(path.relative_to(EXAMPLES)), path.read_bytes()
    for path in sorted((DATA / "yaml-test-suite").rglob("*.yaml")):
        yield path.name, path.read_bytes()
    generate(tmp, fylker=2, partnerskap=2)
    for path in sorted(tmp.rglob("*.yaml")):
        yield str(path.relative_to(tmp)), path.read_bytes()


def _typed(value: Any) -> Any:
    """`value` with every leaf's type spelt out (True and 1 are equal, but not the same)."""
    if isinstance(value, dict):
        return [("dict", _typed(k), _typed(v)) for k, v in value.items()]
    if isinstance(value, list):
        return ["list", *(_typed(v) for v in value)]
    if isinstance(value, float) and value != value:
        return ("nan",)
    return (type(value).__name__, value)


def _key_value(node: yaml.ScalarNode) -> Any:
    value = load.resolve_plain(node.value) if node.style in (None, "") else node.value
    return node.value if isinstance(value, float) and value != value else value


def _walk(root: yaml.Node | None, path: tuple[Any, ...]) -> tuple[list[yaml.Node], Any]:
    """The value nodes along `path` in the composed tree as far as it exists, and the key node
    of the last step: how positions were looked up in the tree itself."""
    nodes: list[yaml.Node] = []
    node, key_node = root, None
    if node is None:
        return nodes, None
    nodes.append(node)
    for part in path:
        key_node = None
        if isinstance(node, yaml.MappingNode):
            text = part if isinstance(part, str) else str(part)
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and (
                        k.value == text or k.value.replace("_", "").lstrip("+") == text) \
                        and _key_value(k) == part:
                    node, key_node = v, k
                    break
            else:
                return nodes, None
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return nodes, None
        nodes.append(node)
    return nodes, key_node


def _span(node: yaml.Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _expected(root: yaml.Node | None, path: tuple[Any, ...], key: bool) -> Span | None:
    nodes, key_node = _walk(root, path)
    if key and key_node is not None and len(nodes) == len(path) + 1:
        return _span(key_node)
    return _span(nodes[-1]) if nodes else None


def _paths(node: yaml.Node, prefix: tuple[Any, ...], seen: set[int]) -> Iterator[tuple[Any, ...]]:
    """Every path into the tree (by the keys as they resolve), with a missing step or two."""
    yield prefix
    yield (*prefix, "finnes-ikke")
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                yield from _paths(v, (*prefix, _key_value(k)), seen)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            yield from _paths(item, (*prefix, position), seen)
        yield (*prefix, len(node.value))
        yield (*prefix, True)


def test_data_diagnostics_and_positions_are_those_of_the_composed_tree(tmp_path: Path) -> None:
    checked = 0
    for name, raw in _docs(tmp_path):
        fast = load.load_bytes(name, raw)
        composed = load.load_bytes(name, raw, tree=True)
        assert _typed(fast.data) == _typed(composed.data), name
        assert fast.diagnostics == composed.diagnostics, name
        root = composed.source_map.root
        assert (root is None) == (fast.source_map.locate(()) is None), name
        if root is None:
            continue
        for path in _paths(root, (), set()):
            for key in (False, True):
                assert fast.source_map.locate(path, key=key) == _expected(root, path, key), \
                    (name, path, key)
                checked += 1
    assert checked > 10_000


def test_a_deferred_map_whose_bytes_changed_has_no_positions() -> None:
    source_map = load.SourceMap.deferred(lambda: None)
    assert source_map.locate(("a",)) is None and source_map.root is None


@pytest.mark.parametrize("raw", [b"a: [1, 2\n", b"a: *y\n", b"a: 1\n---\nb: 2\n"])
def test_a_file_that_does_not_compose_has_no_positions(raw: bytes) -> None:
    assert load.SourceMap.deferred(raw).locate(()) is None
