"""The VS Code extension in editors/vscode starts `komp lsp` for the planning files."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

EXTENSION = ROOT / "editors" / "vscode"


def test_the_manifest_names_the_entry_point_settings_and_languageclient() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    assert (EXTENSION / manifest["main"]).is_file()
    assert "vscode-languageclient" in manifest["dependencies"]
    assert "@vscode/vsce" in manifest["devDependencies"]
    assert manifest["scripts"]["package"].startswith("vsce package")
    assert manifest["engines"]["vscode"].startswith("^1.")
    settings = manifest["contributes"]["configuration"]["properties"]
    assert settings["komp.path"]["default"] == "komp" and settings["komp.args"]["default"] == ["lsp"]
    assert any("forum.yaml" in event for event in manifest["activationEvents"])
    for key in ("name", "displayName", "description", "version", "publisher", "license"):
        assert manifest[key]


@pytest.mark.skipif(shutil.which("node") is None, reason="node finnes ikke")
def test_activating_the_extension_starts_komp_lsp_on_the_plan_files() -> None:
    settings = json.dumps({"path": "${workspaceFolder}/.venv/bin/komp"})
    result = subprocess.run(["node", str(EXTENSION / "test" / "activate.js"), settings],
                            capture_output=True, text=True, check=True, timeout=60)
    started = json.loads(result.stdout)
    (client,) = started["started"]
    assert client["server"]["command"] == "/arbeid/forum/.venv/bin/komp"
    assert client["server"]["args"] == ["lsp"]
    pattern = client["selector"][0]["pattern"]
    assert all(name in pattern for name in ("forum", "partnerskap", "behov", "prioriteringer", "tiltak"))
    assert started["commands"] == ["komp.restart"]


VSCE = EXTENSION / "node_modules" / ".bin" / "vsce"


@pytest.mark.skipif(not VSCE.exists(), reason="npm install --prefix editors/vscode er ikke kjørt (.ci/run gjør det)")
def test_the_extension_packages_as_a_vsix_with_its_client_library(tmp_path: Path) -> None:
    """`vsce package` (as the README says) gives a .vsix that VS Code can install: the manifest,
    the entry point and vscode-languageclient, without the build tools."""
    out = tmp_path / "komp.vsix"
    subprocess.run([str(VSCE), "package", "--allow-missing-repository", "--skip-license", "--out", str(out)],
                   cwd=EXTENSION, capture_output=True, text=True, check=True, timeout=300)
    with zipfile.ZipFile(out) as vsix:
        names = set(vsix.namelist())
        manifest = json.loads(vsix.read("extension/package.json"))
        entry = vsix.read("extension/extension.js").decode("utf-8")
        package_info = vsix.read("extension.vsixmanifest").decode("utf-8")
    assert manifest == json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    assert entry == (EXTENSION / "extension.js").read_text(encoding="utf-8")
    assert "extension/node_modules/vscode-languageclient/package.json" in names
    assert not any(name.startswith("extension/node_modules/@vscode/vsce/") for name in names)
    assert f'Id="{manifest["name"]}"' in package_info and f'Version="{manifest["version"]}"' in package_info
