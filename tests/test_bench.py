"""The benchmark corpus: deterministic, clean under every rule, and the same in one or two processes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_komp

sys.path.insert(0, str(ROOT / "bench"))

from generate import generate


def test_the_generated_corpus_validates_clean(tmp_path: Path) -> None:
    forums = generate(tmp_path / "corpus", fylker=4, partnerskap=3)
    assert len(forums) == 4
    result = run_komp("validate", tmp_path / "corpus", "--format", "json", "--strict",
                      "--no-cache")
    assert result.code == 0, result.out
    payload = result.json()
    assert payload["diagnostics"] == []
    assert payload["summary"]["files"] == 4 * (1 + 3 * 4)


def test_a_large_tiltak_file_is_about_the_size_asked_for_and_validates_clean(
        tmp_path: Path) -> None:
    (forum,) = generate(tmp_path / "corpus", fylker=1, partnerskap=2, tiltak_mb=0.2)
    large, small = sorted((forum / "partnerskap").glob("*/tiltak.yaml"))
    assert 195_000 <= large.stat().st_size <= 200_000 and small.stat().st_size < 10_000
    result = run_komp("validate", tmp_path / "corpus", "--strict", "--no-cache")
    assert result.code == 0, result.out


def test_the_generated_corpus_covers_every_county_and_is_deterministic(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", fylker=15, partnerskap=1, seed=7)
    generate(tmp_path / "b", fylker=15, partnerskap=1, seed=7)
    assert len(first) == 15
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yaml"))
    assert files_a == files_b
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
               for f in files_a)
    result = run_komp("validate", tmp_path / "a", "--strict", "--no-cache")
    assert result.code == 0, result.out


@pytest.mark.skipif(sys.platform != "linux", reason="parallel validation forks (Linux only)")
@pytest.mark.parametrize("cached", [False, True])
def test_two_processes_report_exactly_what_one_reports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: bool) -> None:
    corpus = tmp_path / "corpus"
    forums = generate(corpus, fylker=3, partnerskap=2)
    # Errors in several forums and files, with positions from rules and from the schema.
    for forum in forums[:2]:
        tiltak = next((forum / "partnerskap").iterdir()) / "tiltak.yaml"
        text = tiltak.read_text(encoding="utf-8")
        tiltak.write_text(text.replace("egenandel_form: kontant", "egenandel_form: gave", 1)
                          .replace("antall: 4", "antall: 1", 1), encoding="utf-8")
    forum_file = forums[2] / "forum.yaml"
    forum_file.write_text(forum_file.read_text(encoding="utf-8").replace("rolle: pbl",
                                                                         "rolle: annen"),
                          encoding="utf-8")
    extra = [] if cached else ["--no-cache"]
    outputs = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("KOMP_JOBS", jobs)
        monkeypatch.setenv("KOMP_CACHE_DIR", str(tmp_path / f"cache-{jobs}"))
        json_result = run_komp("validate", corpus, "--format", "json", *extra)
        text_result = run_komp("validate", corpus, *extra)
        outputs[jobs] = (json_result.code, json_result.out, text_result.out)
    assert outputs["1"] == outputs["2"]
    assert outputs["1"][0] == 1
    codes = {d["code"] for d in run_komp("validate", corpus, "--format", "json").json()
             ["diagnostics"]}
    assert {"K308", "K413"} <= codes
