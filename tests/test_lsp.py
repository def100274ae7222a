"""`komp lsp` through the protocol: a real client over stdio, never the handlers themselves.

One server runs for the module, over a copy of the Nordland example in which some files are
broken on disk; each test opens or edits buffers and reads what the server publishes or answers.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, run_komp
from kompetanse_cli.domain.planfiles import TILTAK
from kompetanse_cli.fmt import format_text
from lsp_client import LspClient

BROKEN = {
    # a misspelt key (K101), an amount as text (K103), an egenandel under 30 % (K401)
    "partnerskap/salten/tiltak.yaml": [("    maalgrupper:\n      - barnehagelaerere", "    maalgruper:\n      - barnehagelaerere"),
                                       ("tilskudd_eier: 700_000", 'tilskudd_eier: "700 000 kr"'),
                                       ("egenandel: 150_000", "egenandel: 100_000")],
    # a priority that answers a need nobody has (K202)
    "partnerskap/lofoten/prioriteringer.yaml": [("      - B", "      - B99\n      - B")],
}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lsp") / "nordland"
    shutil.copytree(EXAMPLES / "nordland", root)
    for rel, edits in BROKEN.items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, (rel, old)
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def client(workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LspClient]:
    # a cache of its own: the module's server starts before the per-test cache is set
    env = {**os.environ, "KOMP_CACHE_DIR": str(tmp_path_factory.mktemp("lsp-cache"))}
    lsp = LspClient([sys.executable, "-m", "kompetanse_cli", "lsp"], cwd=workspace, env=env)
    lsp.initialize(workspace)
    yield lsp
    lsp.close()


def _open(client: LspClient, path: Path) -> tuple[str, list[dict[str, Any]]]:
    before = client.published_count()
    uri = client.open(path)
    return uri, client.wait_for(uri, before)


def _edit(client: LspClient, uri: str, text: str, wait_for: str | None = None) -> list[dict[str, Any]]:
    """Change a buffer; the diagnostics then published for `wait_for` (default: the buffer)."""
    before = client.published_count()
    client.change(uri, text, next(_VERSIONS))
    return client.wait_for(wait_for or uri, before)


_VERSIONS = itertools.count(11)  # each change a higher document version than the last


def _as_validate(uri_diagnostics: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {(d["data"]["file"], d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1,
             d["range"]["end"]["line"] + 1, d["range"]["end"]["character"] + 1, d["code"],
             d["data"]["message"], d["data"]["hint"], d["data"]["source"],
             {1: "error", 2: "warning", 3: "info"}[d["severity"]]) for d in uri_diagnostics}


def _pos(path: Path, needle: str, offset: int = 0, text: str | None = None) -> dict[str, int]:
    text = text if text is not None else path.read_text(encoding="utf-8")
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return {"line": line, "character": index - (text.rfind("\n", 0, index) + 1)}


def _doc(uri: str, position: dict[str, int] | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"textDocument": {"uri": uri}}
    if position is not None:
        params["position"] = position
    return params


# --- diagnostics ---------------------------------------------------------------------------


def test_diagnostics_are_those_of_komp_validate_json(client: LspClient, workspace: Path) -> None:
    expected = {(d["file"], d["line"], d["column"], d["end_line"], d["end_column"], d["code"],
                 d["message"], d["hint"], d["source"], d["severity"])
                for d in run_komp("validate", workspace, "--format", "json").json()["diagnostics"]}
    assert {"K101", "K103", "K401", "K202"} <= {e[5] for e in expected}
    uri, _ = _open(client, workspace / "partnerskap" / "salten" / "tiltak.yaml")
    # an answer comes after every notification the server sent before it: the other files too
    client.request("textDocument/documentSymbol", _doc(uri))
    published: set[tuple[Any, ...]] = set()
    for diagnostics in client.diagnostics.values():
        published |= _as_validate(diagnostics)
    assert published == expected


def test_an_edit_in_prioriteringer_updates_the_diagnostics_of_tiltak(client: LspClient, workspace: Path) -> None:
    tiltak = workspace / "partnerskap" / "salten" / "tiltak.yaml"
    tiltak_uri, _ = _open(client, tiltak)
    path = workspace / "partnerskap" / "salten" / "prioriteringer.yaml"
    uri, _ = _open(client, path)
    text = path.read_text(encoding="utf-8")
    assert "  - id: P2\n" in text
    found = _edit(client, uri, text.replace("  - id: P2\n", "  - id: P20\n"), wait_for=tiltak_uri)
    unknown = [d for d in found if d["code"] == "K202"]
    assert unknown and "P2" in unknown[0]["data"]["message"]
    assert unknown[0]["range"]["start"] == _pos(tiltak, "- P2", 2)
    found = _edit(client, uri, text, wait_for=tiltak_uri)
    assert not [d for d in found if d["code"] == "K202"]


def test_an_edit_of_an_amount_updates_the_forum_level_diagnostics(client: LspClient, workspace: Path) -> None:
    forum_uri = (workspace / "forum.yaml").resolve().as_uri()
    path = workspace / "partnerskap" / "helgeland" / "tiltak.yaml"
    uri, _ = _open(client, path)
    text = path.read_text(encoding="utf-8")
    first = text.index("tilskudd_eier: ") + len("tilskudd_eier: ")
    end = text.index("\n", first)
    bigger = text[:first] + "90_000_000" + text[end:]
    found = _edit(client, uri, bigger, wait_for=forum_uri)
    assert any(d["code"] == "K303" for d in found)
    found = _edit(client, uri, text, wait_for=forum_uri)
    assert not any(d["code"] == "K303" for d in found)


# --- hover ---------------------------------------------------------------------------------


def test_hover_explains_the_rule_of_a_diagnostic(client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "salten" / "tiltak.yaml"
    uri, _diagnostics = _open(client, path)
    k401 = next(d for d in client.diagnostics[uri] if d["code"] == "K401")
    text = client.request("textDocument/hover", _doc(uri, k401["range"]["start"]))["contents"]["value"]
    assert "K401" in text and "egenandel" in text and "Kilde:" in text and "FOR-2021-01-26-230" in text


def test_hover_on_a_reference_names_its_title_and_file(client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "salten" / "tiltak.yaml"
    uri, _ = _open(client, path)
    text = client.request("textDocument/hover", _doc(uri, _pos(path, "- P2", 3)))["contents"]["value"]
    assert "P2" in text and "Lesing og vurdering for læring i grunnskolen" in text
    assert "partnerskap/salten/prioriteringer.yaml" in text
    orgnr = client.request("textDocument/hover", _doc(uri, _pos(path, '"970940243"', 3)))["contents"]["value"]
    assert "Nord universitet" in orgnr and "partnerskap.yaml" in orgnr


def test_hover_on_a_key_shows_the_fields_documentation(client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "salten" / "tiltak.yaml"
    uri, _ = _open(client, path)
    text = client.request("textDocument/hover", _doc(uri, _pos(path, "egenandel_form", 2)))["contents"]["value"]
    assert "Form på egenandelen" in text and "`arbeidstid`" in text


# --- completion ----------------------------------------------------------------------------


def _labels(client: LspClient, uri: str, position: dict[str, int]) -> set[str]:
    result = client.request("textDocument/completion", _doc(uri, position))
    return {item["label"] for item in result["items"]}


def test_completion_offers_keys_enums_ids_and_budget_years(client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "salten" / "tiltak.yaml"
    uri, _ = _open(client, path)
    original = path.read_text(encoding="utf-8")
    anchor = "    ordning: dekom\n"
    # a key being typed in a measure: the keys it does not have yet
    text = original.replace(anchor, anchor + "    sa\n", 1)
    _edit(client, uri, text)
    keys = _labels(client, uri, _pos(path, "    sa\n", 6, text))
    assert "samiske_perspektiver" in keys and "tittel" not in keys
    # an enum value
    text = original.replace("    type: skolebasert", "    type: ", 1)
    _edit(client, uri, text)
    assert {"skolebasert", "nettverk", "kurs"} <= _labels(client, uri, _pos(path, "    type: ", 10, text))
    # the priorities that exist, in a flow list
    text = original.replace("    prioriteringer:\n      - P2", "    prioriteringer: [", 1)
    _edit(client, uri, text)
    assert {"P1", "P2", "P3"} <= _labels(client, uri, _pos(path, "prioriteringer: [", 17, text))
    # the years of the period in budsjett
    start = original.index("      2028:\n        tilskudd_eier: 500_000")
    text = original[:start] + "      2\n" + original[original.index("\n\n", start) + 1:]
    _edit(client, uri, text)
    assert "2028" in _labels(client, uri, _pos(path, "      2\n", 7, text))
    # an amount split per organisation: their orgnr as keys
    text = original.replace("        tilskudd_uh: 300_000\n", "        tilskudd_uh:\n          \n", 1)
    _edit(client, uri, text)
    assert '"970940243"' in _labels(client, uri, _pos(path, "        tilskudd_uh:\n          \n", 31, text))
    _edit(client, uri, original)


def test_completion_inside_flow_mappings(client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "salten" / "tiltak.yaml"
    uri, _ = _open(client, path)
    original = path.read_text(encoding="utf-8")
    budget = ("      2028:\n        tilskudd_eier: 650_000\n        tilskudd_uh: 300_000\n"
              "        egenandel: 120_000\n        egenandel_form: arbeidstid\n")
    assert budget in original
    cases = [
        # a year's amounts on one line: the keys it does not have yet
        ("      2028: {tilskudd_eier: 650_000, eg", {"egenandel", "egenandel_form"}, {"tilskudd_eier"}),
        ("      2028: {tilskudd_eier: 650_000, egenandel_form: ", {"arbeidstid"}, {"tilskudd_uh"}),
        ("      2028: {", {"tilskudd_eier", "egenandel"}, {"tiltak", "2027"}),
    ]
    for line, wanted, unwanted in cases:
        text = original.replace(budget, line + "\n", 1)
        _edit(client, uri, text)
        labels = _labels(client, uri, _pos(path, line, len(line), text))
        assert wanted <= labels and not labels & unwanted, (line, labels)
    # a whole measure on one line: its keys, and the priorities in a flow list within it
    for line, wanted in (("  - {id: T9, tittel: Ny, ordn", {"ordning", "prioriteringer"}),
                         ("  - {id: T9, prioriteringer: [P1, ", {"P2", "P3"}),
                         ('  - {id: T9, tittel: "Lesing 😀", ordning: ', {"dekom", "komsip"})):
        text = original + line + "\n"
        _edit(client, uri, text)
        labels = _labels(client, uri, {"line": text.count("\n") - 1, "character": _units(line, len(line))})
        assert wanted <= labels and "id" not in labels, (line, labels)
    _edit(client, uri, original)


def test_completion_offers_owners_orgnr_for_a_units_owner(client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "salten" / "partnerskap.yaml"
    uri, _ = _open(client, path)
    original = path.read_text(encoding="utf-8")
    start = original.index("    eier: ")
    end = original.index("\n", start)
    text = original[:start] + "    eier: " + original[end:]
    _edit(client, uri, text)
    labels = _labels(client, uri, {"line": text.count("\n", 0, start), "character": 10})
    assert any(label.strip('"').isdigit() and len(label.strip('"')) == 9 for label in labels)
    _edit(client, uri, original)


# --- definition, references, symbols -------------------------------------------------------


def test_definition_and_references_of_a_priority(client: LspClient, workspace: Path) -> None:
    tiltak = workspace / "partnerskap" / "salten" / "tiltak.yaml"
    prioriteringer = workspace / "partnerskap" / "salten" / "prioriteringer.yaml"
    uri, _ = _open(client, tiltak)
    found = client.request("textDocument/definition", _doc(uri, _pos(tiltak, "- P2", 2)))
    assert [(f["uri"], f["range"]["start"]) for f in found] == [
        (prioriteringer.resolve().as_uri(), _pos(prioriteringer, "id: P2", 4))]
    refs = client.request("textDocument/references", {**_doc(uri, _pos(tiltak, "- P2", 2)),
                                                      "context": {"includeDeclaration": False}})
    text = tiltak.read_text(encoding="utf-8")
    assert len(refs) == text.count("- P2") >= 1
    assert all(r["uri"] == tiltak.resolve().as_uri() for r in refs)


def test_document_symbols_list_the_measures_with_titles(client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "salten" / "tiltak.yaml"
    uri, _ = _open(client, path)
    names = [s["name"] for s in client.request("textDocument/documentSymbol", _doc(uri))]
    assert names[:2] == ["T1 Inkluderende praksis – felles kompetanseløft for barnehage, skole og PPT",
                         "T2 Lesing i alle fag"]


# --- code actions and formatting -----------------------------------------------------------


def _utf16(line: str, character: int) -> int:
    """The index in `line` (code points) of a protocol column (UTF-16 code units)."""
    units = 0
    for index, ch in enumerate(line):
        if units >= character:
            return index
        units += len(ch.encode("utf-16-le")) // 2
    return len(line)


def _units(line: str, index: int) -> int:
    """The protocol column (UTF-16 code units) of the code point at `index`."""
    return len(line[:index].encode("utf-16-le")) // 2


def _apply(text: str, edits: list[dict[str, Any]]) -> str:
    """Apply text edits as an editor does: columns in UTF-16 code units."""
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]),
                       reverse=True):
        start, end = edit["range"]["start"], edit["range"]["end"]
        first, last = lines[start["line"]], lines[end["line"]]
        head = "\n".join([*lines[:start["line"]], first[:_utf16(first, start["character"])]])
        tail = "\n".join([last[_utf16(last, end["character"]):], *lines[end["line"] + 1:]])
        lines = (head + edit["newText"] + tail).split("\n")
    return "\n".join(lines)


def _fixes(client: LspClient, uri: str, diagnostic: dict[str, Any]) -> list[dict[str, Any]]:
    actions = client.request("textDocument/codeAction", {
        **_doc(uri), "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}})
    return actions or []


def test_code_actions_fix_what_the_hints_know(client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "salten" / "tiltak.yaml"
    uri, _ = _open(client, path)
    diagnostics = [d for d in client.diagnostics[uri] if d["code"] in ("K101", "K103", "K401")]
    assert len(diagnostics) == 3
    text = path.read_text(encoding="utf-8")
    for diagnostic in diagnostics:
        assert diagnostic["data"]["fix"]["range"] == diagnostic["range"]
        actions = _fixes(client, uri, diagnostic)
        assert len(actions) == 1, diagnostic["code"]
        text = _apply(text, actions[0]["edit"]["changes"][uri])
    assert "    maalgrupper:\n" in text and "tilskudd_eier: 700000" in text and "egenandel: 150000" in text
    fixed = _edit(client, uri, text)
    assert not [d for d in fixed if d["code"] in ("K101", "K103", "K401")]
    _edit(client, uri, path.read_text(encoding="utf-8"))


def test_a_fix_is_what_the_diagnostic_carries_not_its_hint(client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "salten" / "tiltak.yaml"
    uri, _ = _open(client, path)
    k103 = next(d for d in client.diagnostics[uri] if d["code"] == "K103")
    # the hint rewritten by someone (or another server) no longer matters; the fix does
    assert _fixes(client, uri, {**k103, "data": {**k103["data"], "hint": "noe annet"}})
    assert _fixes(client, uri, {**k103, "data": {k: v for k, v in k103["data"].items() if k != "fix"}}) == []
    assert _fixes(client, uri, {**k103, "data": {**k103["data"], "fix": {"title": "x"}}}) == []


def test_fixes_for_a_misspelt_choice_and_a_year_written_as_text(client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "salten" / "tiltak.yaml"
    uri, _ = _open(client, path)
    original = path.read_text(encoding="utf-8")
    text = original.replace("    ordning: komsip", "    ordning: komsipp", 1).replace(
        "      fra: 2027", '      fra: "2027"', 1)
    found = _edit(client, uri, text)
    fixed = text
    for needle in ("komsipp", '"2027"'):
        diagnostic = next(d for d in found if d["code"] == "K103"
                          and d["range"]["start"] == _pos(path, needle, text=text))
        (action,) = _fixes(client, uri, diagnostic)
        fixed = _apply(fixed, action["edit"]["changes"][uri])
    assert fixed == original
    _edit(client, uri, original)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_the_fix_of_an_amount_in_a_block_scalar_keeps_the_next_line(
        client: LspClient, workspace: Path, newline: str) -> None:
    path = workspace / "partnerskap" / "salten" / "tiltak.yaml"
    uri, _ = _open(client, path)
    original = path.read_text(encoding="utf-8")
    text = original.replace('tilskudd_eier: "700 000 kr"', "tilskudd_eier: |\n          710 000 kr",
                            1).replace("\n", newline)
    seen = client.published_count()
    client.change(uri, text, next(_VERSIONS))
    while True:  # the diagnostics of this text (a publication for an earlier one may come first)
        found = client.wait_for(uri, seen)
        seen = client.published_count()
        k103 = [d for d in found if d["code"] == "K103" and "710 000 kr" in d["data"]["message"]]
        if k103:
            break
    (action,) = _fixes(client, uri, k103[0])
    fixed = _apply(text, action["edit"]["changes"][uri])
    budget = yaml.safe_load(fixed)["tiltak"][0]["budsjett"][2027]
    assert budget["tilskudd_eier"] == 710_000 and budget["tilskudd_uh"] == 350_000, budget
    assert fixed.count("\r\n") == max(text.count("\r\n") - 1, 0)  # the two lines became one
    _edit(client, uri, original)


def test_positions_after_characters_outside_the_bmp_are_utf16(client: LspClient, workspace: Path) -> None:
    """The protocol counts columns in UTF-16 code units: 😀 and 𝄞 take two each."""
    path = workspace / "partnerskap" / "salten" / "tiltak.yaml"
    uri, _ = _open(client, path)
    original = path.read_text(encoding="utf-8")
    line = ('  - {id: T9, tittel: "Lesing 😀 og 𝄞 i fag", beskrivelse: Tekst, ordning: dekomm, '
            "type: kurs, maalgruper: [laerere]}")
    text = original + line + "\n"
    found = _edit(client, uri, text)
    line0 = text.count("\n", 0, text.index(line))
    wanted = ("dekomm", "maalgruper")
    edits = []
    for word in wanted:
        start = _units(line, line.index(word))
        assert start == line.index(word) + 2  # two surrogate pairs before it
        diagnostic = next(d for d in found if d["range"]["start"] == {"line": line0, "character": start})
        assert diagnostic["range"]["end"] == {"line": line0, "character": start + len(word)}
        assert diagnostic["code"] in ("K101", "K103") and word in diagnostic["data"]["message"]
        hover = client.request("textDocument/hover", _doc(uri, {"line": line0, "character": start + 1}))
        assert diagnostic["code"] in hover["contents"]["value"]
        (action,) = _fixes(client, uri, diagnostic)
        edits += action["edit"]["changes"][uri]
    assert _apply(text, edits) == original + line.replace("dekomm", "dekom").replace("maalgruper", "maalgrupper") + "\n"
    # komp validate counts the same places in characters
    copy = workspace / "utf16" / "partnerskap" / "salten"
    copy.mkdir(parents=True)
    (copy / "tiltak.yaml").write_text(text, encoding="utf-8")
    columns = {d["column"] for d in run_komp("validate", copy / "tiltak.yaml", "--format", "json").json()["diagnostics"]
               if d["line"] == line0 + 1}
    assert {line.index(word) + 1 for word in wanted} <= columns
    _edit(client, uri, original)


def test_formatting_is_komp_fmt(client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "lofoten" / "tiltak.yaml"
    uri, _ = _open(client, path)
    original = path.read_text(encoding="utf-8")
    assert "    ordning: komsip" in original
    messy = original.replace("    ordning: komsip", '    ordning:    "komsip"', 1)
    _edit(client, uri, messy)
    edits = client.request("textDocument/formatting", {**_doc(uri), "options": {"tabSize": 2, "insertSpaces": True}})
    assert edits
    assert _apply(messy, edits) == format_text(TILTAK, messy, "tiltak.yaml") != messy
    _edit(client, uri, path.read_text(encoding="utf-8"))


def test_other_commands_do_not_import_the_language_server() -> None:
    code = ("import sys; from kompetanse_cli.cli import main; main(['--version']); "
            f"main(['validate', {str(EXAMPLES / 'nordland')!r}]); "
            "print(sorted(m for m in ('pygls', 'lsprotocol', 'kompetanse_cli.lsp') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_broken_buffer_gets_the_yaml_error_and_every_request_still_answers(
        client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "helgeland" / "behov.yaml"
    uri, _ = _open(client, path)
    broken = "behov:\n  - id: B1\n    tittel: [uavsluttet\n\x00"
    found = _edit(client, uri, broken)
    assert [d["code"] for d in found] and found[0]["code"].startswith("K00")
    target = workspace / "broken" / "partnerskap" / "helgeland"
    target.mkdir(parents=True)
    (target / "behov.yaml").write_text(broken, encoding="utf-8")
    expected = run_komp("validate", target / "behov.yaml", "--format", "json").json()["diagnostics"]
    mine = [d for d in expected if d["file"] == "behov.yaml"]
    assert [(d["code"], d["line"], d["column"]) for d in mine] == [
        (f["code"], f["range"]["start"]["line"] + 1, f["range"]["start"]["character"] + 1) for f in found]
    for position in ({"line": 0, "character": 0}, {"line": 2, "character": 12}, {"line": 9, "character": 99}):
        client.request("textDocument/hover", _doc(uri, position))
        client.request("textDocument/completion", _doc(uri, position))
        client.request("textDocument/definition", _doc(uri, position))
    assert client.request("textDocument/documentSymbol", _doc(uri)) == []
    assert client.request("textDocument/formatting", {**_doc(uri), "options": {"tabSize": 2, "insertSpaces": True}}) is None
    _edit(client, uri, path.read_text(encoding="utf-8"))


def test_closing_a_buffer_brings_back_the_file_on_disk(client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "helgeland" / "prioriteringer.yaml"
    uri, _ = _open(client, path)
    found = _edit(client, uri, path.read_text(encoding="utf-8").replace("rang: 1", "rang: 0", 1))
    assert any(d["code"] == "K103" for d in found)
    before = client.published_count()
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert not any(d["code"] == "K103" for d in client.wait_for(uri, before))
    # saved to disk, then reported from the disk
    path.write_text(path.read_text(encoding="utf-8").replace("rang: 1", "rang: 0", 1), encoding="utf-8")
    before = client.published_count()
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert any(d["code"] == "K103" for d in client.wait_for(uri, before))
    path.write_text(path.read_text(encoding="utf-8").replace("rang: 0", "rang: 1", 1), encoding="utf-8")
    before = client.published_count()
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri, "type": 2}]})
    client.request("textDocument/documentSymbol", _doc(uri))
    assert not any(d["code"] == "K103" for d in client.diagnostics[uri])


def test_a_forums_adjustment_leads_to_the_measure_and_back(client: LspClient, workspace: Path) -> None:
    forum = workspace / "forum.yaml"
    tiltak = workspace / "partnerskap" / "lofoten" / "tiltak.yaml"
    uri, _ = _open(client, forum)
    at = _pos(forum, "lofoten/T3", 9)
    found = client.request("textDocument/definition", _doc(uri, at))
    assert [(f["uri"], f["range"]["start"]) for f in found] == [(tiltak.resolve().as_uri(), _pos(tiltak, "id: T3", 4))]
    assert "lofoten/T3" in client.request("textDocument/hover", _doc(uri, at))["contents"]["value"]
    tiltak_uri, _ = _open(client, tiltak)
    refs = client.request("textDocument/references", {**_doc(tiltak_uri, _pos(tiltak, "id: T3", 4)),
                                                      "context": {"includeDeclaration": True}})
    assert {(r["uri"], r["range"]["start"]["line"]) for r in refs} == {
        (tiltak.resolve().as_uri(), _pos(tiltak, "id: T3", 4)["line"]), (uri, at["line"])}


def test_the_server_lists_the_problems_of_files_never_opened(client: LspClient, workspace: Path) -> None:
    client.wait_for_log("komp: kontrollerte")
    logged = [str(m["params"]["message"]) for m in client.notifications
              if m.get("method") == "window/logMessage"]
    assert any(re.fullmatch(r"komp: kontrollerte \d+ filer på \d+,\d\d s", m) for m in logged), logged
    uri = (workspace / "partnerskap" / "lofoten" / "prioriteringer.yaml").resolve().as_uri()
    assert [d["code"] for d in client.diagnostics[uri]] == ["K202"]
    assert "B99" in client.diagnostics[uri][0]["data"]["message"]


def test_a_measures_focus_area_names_the_forums_plan(client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "helgeland" / "tiltak.yaml"
    forum = workspace / "forum.yaml"
    uri, _ = _open(client, path)
    text = path.read_text(encoding="utf-8")
    start = text.index("    fokusomraader:\n      - ") + len("    fokusomraader:\n      - ")
    name = text[start:text.index("\n", start)]
    at = _pos(path, "    fokusomraader:\n      - ", len("    fokusomraader:\n      - ") + 1)
    found = client.request("textDocument/definition", _doc(uri, at))
    assert [(f["uri"], f["range"]["start"]) for f in found] == [
        (forum.resolve().as_uri(), _pos(forum, f"navn: {name}", 6))]
    assert "fokusområde" in client.request("textDocument/hover", _doc(uri, at))["contents"]["value"]
    typed = text[:start] + text[text.index("\n", start):]
    _edit(client, uri, typed)
    assert name in _labels(client, uri, at | {"character": 8})
    _edit(client, uri, text)


def test_a_report_names_its_measures(client: LspClient, workspace: Path) -> None:
    path = workspace / "partnerskap" / "salten" / "rapport.yaml"
    tiltak = workspace / "partnerskap" / "salten" / "tiltak.yaml"
    uri, _ = _open(client, path)
    at = _pos(path, "- id: T2", 6)
    found = client.request("textDocument/definition", _doc(uri, at))
    assert [(f["uri"], f["range"]["start"]) for f in found] == [(tiltak.resolve().as_uri(), _pos(tiltak, "id: T2", 4))]
    assert "Lesing i alle fag" in client.request("textDocument/hover", _doc(uri, at))["contents"]["value"]


# --- the workspace checked while the server starts -------------------------------------------


def _initial(lsp: LspClient) -> dict[str, list[tuple[str, str]]]:
    lsp.wait_for_log("komp: kontrollerte", timeout=60)
    return {uri: sorted((d["code"], d["data"]["message"]) for d in found)
            for uri, found in lsp.diagnostics.items() if found}


def test_a_server_started_elsewhere_checks_the_folder_the_editor_names(
        workspace: Path, tmp_path: Path) -> None:
    """The server checks its current folder while it starts; named another, it checks that."""
    other = tmp_path / "annet"
    shutil.copytree(EXAMPLES / "nordland", other)
    tiltak = other / "partnerskap" / "helgeland" / "tiltak.yaml"
    tiltak.write_text(tiltak.read_text(encoding="utf-8").replace("    ordning: dekom", "    ordning: dekomm", 1),
                      encoding="utf-8")
    results = []
    for run, (cwd, root) in enumerate(((other, workspace), (workspace, workspace), (tmp_path, other))):
        env = {**os.environ, "KOMP_CACHE_DIR": str(tmp_path / f"cache-{run}")}
        lsp = LspClient([sys.executable, "-m", "kompetanse_cli", "lsp"], cwd=cwd, env=env)
        try:
            lsp.initialize(root)
            results.append(_initial(lsp))
        finally:
            lsp.close()
    elsewhere, here, other_root = results
    assert elsewhere == here  # the child's check of `other` was not taken for `workspace`
    prioriteringer = (workspace / "partnerskap" / "lofoten" / "prioriteringer.yaml").resolve().as_uri()
    assert [code for code, _ in here[prioriteringer]] == ["K202"]
    assert all(uri.startswith(workspace.resolve().as_uri()) for uri in here)
    assert any("dekomm" in message for _, message in other_root[tiltak.resolve().as_uri()])
    # the check started with the server leaves komp validate's cache behind, once it is done
    written = tmp_path / "cache-1"
    deadline = time.monotonic() + 30
    while not list(written.glob("v*/results/*.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(written.glob("v*/results/*.json"))


def test_the_forums_own_severities_reach_the_partnerships_files(client: LspClient, workspace: Path) -> None:
    """`regler:` in forum.yaml, edited unsaved, changes the severity of a partnership's finding."""
    behov = workspace / "partnerskap" / "salten" / "behov.yaml"
    forum = workspace / "forum.yaml"
    behov_uri, _ = _open(client, behov)
    forum_uri, _ = _open(client, forum)
    behov_text, forum_text = behov.read_text(encoding="utf-8"), forum.read_text(encoding="utf-8")
    found = _edit(client, behov_uri, behov_text.replace("dialog_med_uh: true", "dialog_med_uh: false", 1))
    assert [d["severity"] for d in found if d["code"] == "K406"] == [2]  # a warning
    assert "\nregler:\n" in forum_text
    # an info is shown only with --merknader, as komp validate does
    for alvor, severity in (("feil", [1]), ("av", []), ("advarsel", [2]), ("info", [])):
        edited = forum_text.replace("\nregler:\n", f"\nregler:\n  K406:\n    alvor: {alvor}\n"
                                    "    begrunnelse: Dialogen med UH skjer i regionmøtene.\n", 1)
        found = _edit(client, forum_uri, edited, wait_for=behov_uri)
        assert [d["severity"] for d in found if d["code"] == "K406"] == severity, alvor
    assert [d["severity"] for d in _edit(client, forum_uri, forum_text, wait_for=behov_uri)
            if d["code"] == "K406"] == [2]
    _edit(client, behov_uri, behov_text)


def test_a_server_whose_folder_is_gone_still_checks_the_workspace(workspace: Path, tmp_path: Path) -> None:
    gone = tmp_path / "borte"
    gone.mkdir()
    script = f'cd "{gone}" && rmdir "{gone}" && exec "{sys.executable}" -m kompetanse_cli lsp'
    env = {**os.environ, "KOMP_CACHE_DIR": str(tmp_path / "cache")}
    lsp = LspClient(["sh", "-c", script], env=env)
    try:
        lsp.initialize(workspace)
        found = _initial(lsp)
    finally:
        lsp.close()
    prioriteringer = (workspace / "partnerskap" / "lofoten" / "prioriteringer.yaml").resolve().as_uri()
    assert [code for code, _ in found[prioriteringer]] == ["K202"]
