"""The real YAML language server (the one in VS Code's «YAML» extension) agrees with komp.

It reads the examples and a fresh `komp init` with the exported schemas and must find nothing
wrong, while a file komp rejects gets its complaint. The server comes from npm
(`tests/node/package.json`, installed by `.ci/run`, or here when missing); without node the test
is skipped.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT, run_komp
from lsp_client import LspClient

NODE_TOOLS = ROOT / "tests" / "node"
SERVER = NODE_TOOLS / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node finnes ikke")


def _server() -> Path:
    if not SERVER.exists():
        npm = shutil.which("npm")
        assert npm is not None, "npm mangler: installer yaml-language-server med npm (se .ci/run)"
        subprocess.run([npm, "install", "--prefix", str(NODE_TOOLS), "--no-package-lock",
                        "--no-audit", "--no-fund", "--silent"], check=True, timeout=300)
    return SERVER


def _settings(item: dict[str, Any]) -> Any:
    # The extension's defaults, with the online schema store off: only komp's schemas count.
    if item.get("section") == "yaml":
        return {"validate": True, "hover": True, "completion": True, "yamlVersion": "1.2",
                "schemaStore": {"enable": False}}
    return None


@pytest.fixture(scope="module")
def yaml_server() -> Iterator[LspClient]:
    client = LspClient(["node", str(_server()), "--stdio"], configuration=_settings)
    client.initialize(ROOT)
    client.notify("workspace/didChangeConfiguration", {"settings": {"yaml": _settings({"section": "yaml"})}})
    yield client
    client.close()


def _complaints(client: LspClient, folder: Path) -> dict[str, list[str]]:
    """What the server says about each YAML file under `folder`, opened all at once."""
    before = client.published_count()
    uris = {client.open(path): path for path in sorted(folder.rglob("*.yaml"))}
    found: dict[str, list[str]] = {}
    for uri, path in uris.items():
        diagnostics = client.wait_for(uri, before)
        client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        if diagnostics:
            found[str(path.relative_to(folder))] = [
                f"{d['range']['start']['line'] + 1}: {d['message']}" for d in diagnostics]
    return found


def test_the_yaml_language_server_finds_nothing_wrong_in_the_examples(yaml_server: LspClient) -> None:
    files = sorted(EXAMPLES.rglob("*.yaml"))
    assert len(files) > 10
    assert _complaints(yaml_server, EXAMPLES) == {}


def test_the_yaml_language_server_finds_nothing_wrong_in_a_fresh_komp_init(
        yaml_server: LspClient, tmp_path: Path) -> None:
    for name, options in (("forum", ["--fylke", "18", "--ordning", "dekom", "--ordning", "rekom"]),
                          ("fyo", ["--fylke", "46", "--ordning", "dekom_fyo"])):
        assert run_komp("init", "forum", tmp_path / name, *options, "--navn", "Forumet").code == 0
    assert run_komp("init", "partnerskap", tmp_path / "forum" / "partnerskap" / "salten",
                    "--navn", "Kompetanseregion Salten").code == 0
    assert len(list(tmp_path.rglob("*.yaml"))) == 14
    assert run_komp("validate", tmp_path / "forum", tmp_path / "fyo").code == 0
    assert _complaints(yaml_server, tmp_path) == {}


def test_the_yaml_language_server_complains_where_komp_does(yaml_server: LspClient, tmp_path: Path) -> None:
    # The same schemas, a misspelt key and an amount as text: both tools refuse both.
    target = tmp_path / "examples" / "nordland"
    shutil.copytree(EXAMPLES / "nordland", target)
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")  # where the files' $schema points
    tiltak = target / "partnerskap" / "salten" / "tiltak.yaml"
    text = tiltak.read_text(encoding="utf-8")
    assert "    maalgrupper:" in text and "tilskudd_eier: 700_000" in text
    tiltak.write_text(text.replace("    maalgrupper:", "    maalgruppe:", 1)
                      .replace("tilskudd_eier: 700_000", 'tilskudd_eier: "700 000 kr"', 1), encoding="utf-8")
    codes = {d["code"] for d in run_komp("validate", target, "--format", "json").json()["diagnostics"]}
    assert {"K101", "K103"} <= codes
    found = _complaints(yaml_server, target / "partnerskap" / "salten")
    messages = " ".join(found.get("tiltak.yaml", []))
    assert "maalgruppe" in messages
    assert 'Incorrect type' in messages or "pattern" in messages.lower()
