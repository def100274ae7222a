"""Hostile and broken input: a located diagnostic and exit 1, quickly, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from conftest import ForumFactory, diagnostics_of, run_komp, unreadable

SALTEN = "partnerskap/salten"


def _only(forum: Path, filename: str, content: bytes) -> list[dict[str, Any]]:
    (forum / SALTEN / filename).write_bytes(content)
    result = run_komp("validate", forum, "--format", "json")
    assert result.code == 1, result.out
    assert result.err == ""
    return [d for d in result.json()["diagnostics"] if d["file"] == f"{SALTEN}/{filename}"]


def test_windows_1252_is_reported_at_the_bad_byte(forum: ForumFactory) -> None:
    found = _only(forum(), "behov.yaml", "behov:\n  - id: B1\n    tittel: Språk\n".encode("cp1252"))
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("K003", 3, 16)]
    assert "Windows-1252" in found[0]["message"] and "å" in found[0]["message"]


def test_utf8_with_bom_is_fine(forum: ForumFactory) -> None:
    root = forum()
    path = root / SALTEN / "behov.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run_komp("validate", root).code == 0


def test_utf16_is_reported(forum: ForumFactory) -> None:
    found = _only(forum(), "behov.yaml", "behov: []\n".encode("utf-16"))
    assert [d["code"] for d in found] == ["K003"]


def test_binary_content_is_reported(forum: ForumFactory) -> None:
    found = _only(forum(), "behov.yaml", b"behov:\x00\x01\x02")
    assert [d["code"] for d in found] == ["K003"]


def test_billion_laughs_is_refused_without_expanding(forum: ForumFactory) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines.append("tiltak: *a9")
    start = time.monotonic()
    found = _only(forum(), "tiltak.yaml", "\n".join(lines).encode())
    assert time.monotonic() - start < 5
    assert [(d["code"], d["line"]) for d in found] == [("K005", 1)]


def test_python_object_tag_is_refused_and_nothing_runs(forum: ForumFactory, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    doc = f"tiltak: !!python/object/apply:os.system ['touch {marker}']\n"
    found = _only(forum(), "tiltak.yaml", doc.encode())
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("K005", 1, 9)]
    assert not marker.exists()


def test_custom_tag_is_refused(forum: ForumFactory) -> None:
    found = _only(forum(), "tiltak.yaml", b"tiltak: !include andre.yaml\n")
    assert [d["code"] for d in found] == ["K005"]


@pytest.mark.parametrize("style", ["flow", "block"])
def test_twenty_thousand_levels_of_nesting(forum: ForumFactory, style: str) -> None:
    depth = 20_000
    if style == "flow":
        doc = "tiltak: " + "[" * depth + "]" * depth + "\n"
    else:
        doc = "tiltak:\n" + "- " * depth + "x\n"
    start = time.monotonic()
    found = _only(forum(), "tiltak.yaml", doc.encode())
    assert time.monotonic() - start < 10
    assert len(found) == 1 and found[0]["code"] in ("K001", "K005")
    assert found[0]["line"] == 1 or found[0]["line"] == 2


@pytest.mark.parametrize(("content", "code"), [
    (b"", "K004"),
    (b"# bare en kommentar\n", "K004"),
    (b"~\n", "K004"),
    (b"tiltak: []\n---\ntiltak: []\n", "K004"),
    (b"- id: T1\n", "K004"),
    (b"bare tekst\n", "K004"),
    (b"tilltak: []\n", "K101"),
    (b"tiltak: 5\n", "K103"),
])
def test_wrong_document_shape(forum: ForumFactory, content: bytes, code: str) -> None:
    found = _only(forum(), "tiltak.yaml", content)
    assert [d["code"] for d in found] == [code]
    assert found[0]["line"] is not None


def test_duplicate_key_is_reported_at_the_second(forum: ForumFactory) -> None:
    root = forum()
    path = root / SALTEN / "partnerskap.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "navn: Igjen\n", encoding="utf-8")
    found = [d for d in diagnostics_of(root) if d["file"].endswith("partnerskap.yaml")]
    assert [(d["code"], d["line"]) for d in found] == [("K002", len(text.splitlines()) + 1)]


def test_a_huge_file_of_broken_entries_is_capped_and_counted(forum: ForumFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = (
        "  - id: T{i}\n    tittel: Tiltak {i}\n    ordning: dekom\n    type: skolebasert\n"
        "    prioriteringer: [P1]\n    maalgrupper: [laerere]\n    periode: {{fra: 2027, til: 2027}}\n"
        "    budsjett:\n      2027: {{tilskudd_eier: \"1 250 000 kr\", egenandel: 2.5}}\n"
    )
    chunks = ["tiltak:\n"]
    size, count = 0, 0
    while size < 10_500_000:
        chunk = entry.format(i=count)
        chunks.append(chunk)
        size += len(chunk)
        count += 1
    root = forum()
    (root / SALTEN / "tiltak.yaml").write_text("".join(chunks), encoding="utf-8")
    start = time.monotonic()
    result = run_komp("validate", root, "--format", "json")
    elapsed = time.monotonic() - start
    payload = result.json()
    mine = [d for d in payload["diagnostics"] if d["file"] == f"{SALTEN}/tiltak.yaml"]
    assert result.code == 1
    assert len(mine) == 50
    assert payload["summary"]["errors"] >= 2 * count
    assert payload["summary"]["omitted"] == payload["summary"]["errors"] - len(payload["diagnostics"])
    assert elapsed < 60  # seconds on a loaded CI machine; typically under 10
    monkeypatch.chdir(root.parent)  # the path shown is the one that opens from here
    text = run_komp("validate", root.name).out
    assert f"flere funn i {root.name}/partnerskap/salten/tiltak.yaml vises ikke" in text


def test_a_file_over_the_size_limit_is_refused_unread(forum: ForumFactory) -> None:
    root = forum()
    with (root / SALTEN / "behov.yaml").open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    found = [d for d in diagnostics_of(root) if d["file"].endswith("behov.yaml")]
    assert [d["code"] for d in found] == ["K005"]


def test_unreadable_file_is_a_diagnostic_not_a_crash(forum: ForumFactory) -> None:
    """A planning file without read permission is one located error (exit 1), not a crash,
    not skipped and not taken for an empty file; the other files are still checked."""
    root = forum()
    with unreadable(root / SALTEN / "behov.yaml"):
        result = run_komp("validate", root, "--format", "json")
        warm = run_komp("validate", root, "--format", "json")  # the cache does not hide it
        formatted = run_komp("fmt", "--check", root)
    assert result.code == 1 and result.err == "", result.err
    report = result.json()
    assert [(d["file"], d["code"], d["severity"]) for d in report["diagnostics"]] == [
        (f"{SALTEN}/behov.yaml", "K003", "error")]
    found = report["diagnostics"][0]
    assert "kan ikke leses" in found["message"] and "lesetilgang" in found["hint"]
    assert "ingen tilgang" in found["message"] and "Permission denied" not in found["message"]
    assert report["summary"]["files"] == 15
    assert warm.code == 1 and warm.json()["diagnostics"] == report["diagnostics"]
    assert formatted.code == 1 and "kan ikke leses (ingen tilgang)" in formatted.err
    assert "Permission denied" not in formatted.err
