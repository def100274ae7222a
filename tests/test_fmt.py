"""komp fmt: one canonical layout that keeps every comment and every value."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ForumFactory, run_komp
from kompetanse_cli.domain.planfiles import BEHOV, FORUM, TILTAK
from kompetanse_cli.fmt import format_text, same_data
from kompetanse_cli.pipeline.load import load_bytes, resolve_plain

MESSY_TILTAK = """\
# yaml-language-server: $schema=../../../../schemas/tiltak.schema.json
# Tiltakene i Salten.

tiltak:
- tittel: Lesing i alle fag   # kort tittel
  id: T1
  ordning: dekom
  # Hvem som deltar
  deltakere: {antall: 12, enheter: [gs-hunstad]}
  type: skolebasert
  budsjett:
    "2028":
      egenandel: '90000'
      tilskudd_eier: "300000"
    "2027":
      egenandel_form: arbeidstid
      tilskudd_uh: 150_000
      tilskudd_eier: 300_000
      egenandel: 90_000
  notat: 'ukjent nøkkel: beholdes'
  prioriteringer: [P2]
  maalgrupper:
  - laerere
  - ledere
  partnere: ['970940243']
  periode: {til: 2028, fra: 2027}
"""

CANONICAL_TILTAK = """\
# yaml-language-server: $schema=../../../../schemas/tiltak.schema.json
# Tiltakene i Salten.

tiltak:
  - id: T1
    tittel: Lesing i alle fag # kort tittel
    ordning: dekom
    type: skolebasert
    prioriteringer:
      - P2
    maalgrupper:
      - laerere
      - ledere
    # Hvem som deltar
    deltakere:
      enheter:
        - gs-hunstad
      antall: 12
    partnere:
      - "970940243"
    periode:
      fra: 2027
      til: 2028
    budsjett:
      2028:
        tilskudd_eier: 300000
        egenandel: 90000
      2027:
        tilskudd_eier: 300_000
        tilskudd_uh: 150_000
        egenandel: 90_000
        egenandel_form: arbeidstid
    notat: "ukjent nøkkel: beholdes"
"""


@pytest.mark.parametrize("example", ["nordland", "vestland-fyo"])
def test_examples_are_already_canonical(example: str) -> None:
    result = run_komp("fmt", "--check", EXAMPLES / example)
    assert result.code == 0, result.out + result.err
    assert "ville formatert" not in result.out


def test_fmt_puts_keys_in_model_order_and_years_and_amounts_as_integers() -> None:
    out = format_text(TILTAK, MESSY_TILTAK)
    assert out == CANONICAL_TILTAK
    assert format_text(TILTAK, out) == out


def test_fmt_settles_where_one_pass_of_ruamel_does_not() -> None:
    # a blank line after a nested flow sequence moved again on a second pass
    text = "behov:\n  - id: B1\n    dato: [[[]]]\n\n  - id: B2\n"
    out = format_text(BEHOV, text)
    assert format_text(BEHOV, out) == out


def test_fmt_keeps_a_comment_before_a_key_with_that_key() -> None:
    text = ("navn: Forum\n"
            "# om året\n"
            "aar: 2027\n"
            "fylke: \"18\"  # Nordland\n"
            "\n"
            "# ordningene\n"
            "ordninger:\n"
            "  - dekom\n"
            "medlemmer: []\n"
            "# til slutt\n")
    assert format_text(FORUM, text) == ("navn: Forum\n"
                                        "fylke: \"18\"  # Nordland\n"
                                        "\n"
                                        "# ordningene\n"
                                        "ordninger:\n"
                                        "  - dekom\n"
                                        "# om året\n"
                                        "aar: 2027\n"
                                        "medlemmer: []\n"
                                        "# til slutt\n")


def test_fmt_rewrites_in_place_and_the_forum_still_validates(forum: ForumFactory) -> None:
    folder = forum("nordland")
    path = folder / "partnerskap" / "salten" / "tiltak.yaml"
    path.write_text(MESSY_TILTAK, encoding="utf-8")
    os.chmod(path, 0o640)
    result = run_komp("fmt", folder)
    assert result.code == 0, result.err
    assert "formaterte" in result.out
    assert "tiltak.yaml" in result.out
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server:")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # the file's mode survives the rewrite
    again = run_komp("fmt", "--check", folder)
    assert again.code == 0, again.out + again.err
    assert not list(path.parent.glob(".*.tmp"))


def test_fmt_writes_only_files_that_change(forum: ForumFactory) -> None:
    folder = forum("nordland")
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*.yaml")}
    result = run_komp("fmt", folder)
    assert result.code == 0
    assert "formaterte" not in result.out
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*.yaml")} == before


def test_check_lists_files_that_would_change_and_writes_nothing(forum: ForumFactory) -> None:
    folder = forum("nordland")
    path = folder / "partnerskap" / "salten" / "tiltak.yaml"
    path.write_text(MESSY_TILTAK, encoding="utf-8")
    result = run_komp("fmt", "--check", folder)
    assert result.code == 1
    assert "partnerskap/salten/tiltak.yaml" in result.out
    assert path.read_text(encoding="utf-8") == MESSY_TILTAK


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The shown paths of the files `komp fmt` parses (in this process), as it parses them."""
    import kompetanse_cli.fmt.files as fmt

    seen: list[str] = []
    original = vars(fmt)["load_bytes"]

    def spy(rel: str, raw: bytes, **options: Any) -> Any:
        seen.append(rel)
        return original(rel, raw, **options)

    monkeypatch.setattr(fmt, "load_bytes", spy)
    return seen


def test_canonical_files_are_remembered_and_a_changed_one_is_checked_again(
        forum: ForumFactory, parsed: list[str]) -> None:
    folder = forum("nordland")
    first = run_komp("fmt", "--check", folder)
    assert first.code == 0 and len(set(parsed)) == 15
    parsed.clear()
    assert run_komp("fmt", "--check", folder) == first
    assert parsed == []  # every file's bytes known to be canonical
    path = folder / "partnerskap" / "salten" / "tiltak.yaml"
    path.write_text(MESSY_TILTAK, encoding="utf-8")
    for _ in range(2):  # not canonical: never remembered, checked each time
        parsed.clear()
        result = run_komp("fmt", "--check", folder)
        assert result.code == 1 and "partnerskap/salten/tiltak.yaml" in result.out
        assert {Path(p).parts[-3:] for p in parsed} == {("partnerskap", "salten", "tiltak.yaml")}
    assert run_komp("fmt", folder).code == 0
    parsed.clear()
    assert run_komp("fmt", "--check", folder).code == 0
    # its new bytes, checked once
    assert {Path(p).parts[-3:] for p in parsed} == {("partnerskap", "salten", "tiltak.yaml")}
    parsed.clear()
    assert run_komp("--no-cache", "fmt", "--check", folder).code == 0
    assert len(set(parsed)) == 15


def test_diff_prints_a_unified_diff_and_writes_nothing(forum: ForumFactory) -> None:
    folder = forum("nordland")
    path = folder / "partnerskap" / "salten" / "tiltak.yaml"
    path.write_text(MESSY_TILTAK, encoding="utf-8")
    result = run_komp("fmt", "--diff", path)
    assert result.code == 1  # like ruff format --diff: something would change
    assert result.out.startswith("--- a/")
    assert "+    periode:" in result.out
    assert "-  periode: {til: 2028, fra: 2027}" in result.out
    assert path.read_text(encoding="utf-8") == MESSY_TILTAK


def test_diff_of_formatted_files_is_empty_and_exits_zero(forum: ForumFactory) -> None:
    folder = forum("nordland")
    assert run_komp("fmt", folder).code == 0
    result = run_komp("fmt", "--diff", folder)
    assert (result.code, result.out) == (0, "")


def test_unparsable_file_is_reported_and_left_untouched(forum: ForumFactory) -> None:
    folder = forum("nordland")
    path = folder / "partnerskap" / "salten" / "tiltak.yaml"
    broken = b"tiltak:\n  - id: T1\n    tittel: Kolon: her\n\tfeil\n"
    path.write_bytes(broken)
    result = run_komp("fmt", folder)
    assert result.code == 1
    assert "partnerskap/salten/tiltak.yaml:3:" in result.err
    assert "K001" in result.err
    assert path.read_bytes() == broken


def test_duplicate_key_is_reported_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "forum.yaml"
    text = b"navn: A\nnavn: B\n"
    path.write_bytes(text)
    result = run_komp("fmt", path)
    assert result.code == 1
    assert "K002" in result.err
    assert path.read_bytes() == text


def test_read_only_file_is_reported_and_never_damaged(tmp_path: Path) -> None:
    path = tmp_path / "tiltak.yaml"
    path.write_text(MESSY_TILTAK, encoding="utf-8")
    path.chmod(0o444)
    try:
        result = run_komp("fmt", path)
    finally:
        path.chmod(0o644)
    assert result.code == 1
    assert "skrivebeskyttet" in result.err
    assert "intern feil" not in result.err
    assert path.read_text(encoding="utf-8") == MESSY_TILTAK


def test_non_planning_files_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text("repos:   []\n", encoding="utf-8")
    result = run_komp("fmt", path)
    assert result.code == 0
    assert path.read_text(encoding="utf-8") == "repos:   []\n"
    assert "hopper over" in result.err
    from kompetanse_cli.domain.planfiles import KINDS

    missing = [kind.filename for kind in KINDS if kind.filename not in result.err]
    assert not missing, missing  # the skip names every planning file fmt formats


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    assert run_komp("fmt", tmp_path / "finnes-ikke").code == 2


# --- property: any planning file, written in any layout, keeps its data and comments ----------

_ALPHABET = "abcæøåABCÆØÅ 0123456789:#'\"-[]{},&*!|>%@`?./\\"
_TEXT = st.text(alphabet=_ALPHABET, max_size=24)
_ID = st.text(alphabet="ABCPT0123456789-", min_size=1, max_size=5)
_AMOUNT = st.integers(min_value=0, max_value=5_000_000)
_YEAR = st.integers(min_value=2020, max_value=2035)

_TILTAK_ENTRY = st.fixed_dictionaries(
    {"id": _ID, "tittel": _TEXT, "ordning": st.sampled_from(["dekom", "rekom", "komsip"]),
     "type": st.sampled_from(["nettverk", "kurs"]),
     "prioriteringer": st.lists(_ID, max_size=3),
     "maalgrupper": st.lists(st.sampled_from(["laerere", "ledere", "ppt"]), max_size=3),
     "periode": st.fixed_dictionaries({"fra": _YEAR, "til": _YEAR}),
     "budsjett": st.dictionaries(_YEAR, st.fixed_dictionaries(
         {}, optional={"tilskudd_eier": _AMOUNT, "tilskudd_uh": _AMOUNT, "egenandel": _AMOUNT,
                       "egenandel_form": st.sampled_from(["kontant", "arbeidstid"])}),
         max_size=3)},
    optional={"beskrivelse": _TEXT, "partnere": st.lists(st.sampled_from(["970940243"])),
              "deltakere": st.fixed_dictionaries({}, optional={
                  "enheter": st.lists(_ID, max_size=2), "antall": st.integers(0, 500)}),
              "notat": _TEXT, "aktiv": st.booleans()},
)
_TILTAK_FILE = st.fixed_dictionaries({"tiltak": st.lists(_TILTAK_ENTRY, max_size=3)})
_FORUM_FILE = st.fixed_dictionaries(
    {"navn": _TEXT, "fylke": st.sampled_from(["18", "03", "46"]),
     "ordninger": st.lists(st.sampled_from(["dekom", "rekom"]), min_size=1, max_size=2),
     "aar": _YEAR,
     "medlemmer": st.lists(st.fixed_dictionaries(
         {"navn": _TEXT, "rolle": st.sampled_from(["uh", "ks"])},
         optional={"orgnr": st.sampled_from(["970940243"]), "organisasjon": _TEXT}), max_size=3)},
    optional={"rammer": st.dictionaries(st.sampled_from(["dekom", "rekom"]),
                                        st.dictionaries(_YEAR, _AMOUNT, max_size=2), max_size=2),
              "sekretariat": _TEXT},
)


class _Writer:
    """Writes data as YAML in a layout drawn at random: key order, quoting, flow or block,
    comments before keys and at the ends of lines."""

    def __init__(self, draw: Any) -> None:
        self.draw = draw
        self.comments: list[str] = []

    def comment(self) -> str:
        text = f"kommentar {len(self.comments)}"
        self.comments.append(text)
        return text

    def scalar(self, value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return f"{value:_}" if self.draw(st.booleans()) else str(value)
        text = str(value)
        plain_ok = (text and text == text.strip() and isinstance(resolve_plain(text), str)
                    and all(ch.isalnum() or ch in " -." for ch in text)
                    and not text.startswith(("-", ".")))
        if plain_ok and self.draw(st.booleans()):
            return text
        if "'" not in text and "\\" not in text and self.draw(st.booleans()):
            return f"'{text}'"
        return json.dumps(text, ensure_ascii=False)

    def mapping(self, value: dict[Any, Any], indent: int, first_inline: bool = False) -> list[str]:
        keys = list(value)
        keys = self.draw(st.permutations(keys)) if keys else keys
        lines: list[str] = []
        pad = " " * indent
        for position, key in enumerate(keys):
            if not (first_inline and position == 0) and self.draw(st.booleans()):
                lines.append(f"{pad}# {self.comment()}")
            lines.extend(self.entry(f"{pad}{self.scalar(key)}:", value[key], indent))
        return lines

    def entry(self, head: str, value: Any, indent: int) -> list[str]:
        eol = f"  # {self.comment()}" if self.draw(st.booleans()) else ""
        if isinstance(value, dict):
            if not value:
                return [f"{head} {{}}{eol}"]
            return [head + eol, *self.mapping(value, indent + 2)]
        if isinstance(value, list):
            if not value:
                return [f"{head} []{eol}"]
            if all(not isinstance(v, (dict, list)) for v in value) and self.draw(st.booleans()):
                return [f"{head} [{', '.join(self.scalar(v) for v in value)}]{eol}"]
            lines = [head + eol]
            for item in value:
                lines.extend(self.item(item, indent + 2))
            return lines
        return [f"{head} {self.scalar(value)}{eol}"]

    def item(self, value: Any, indent: int) -> list[str]:
        pad = " " * indent
        if isinstance(value, dict) and value:
            lines = self.mapping(value, indent + 2, first_inline=True)
            return [f"{pad}- {lines[0].lstrip()}", *lines[1:]]
        return [f"{pad}- {self.scalar(value)}"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), which=st.sampled_from(["tiltak", "forum"]))
def test_fmt_keeps_data_and_comments_and_is_idempotent(data: st.DataObject, which: str) -> None:
    kind = TILTAK if which == "tiltak" else FORUM
    strategy: st.SearchStrategy[dict[str, Any]] = _TILTAK_FILE if which == "tiltak" else _FORUM_FILE
    value = data.draw(strategy)
    writer = _Writer(data.draw)
    text = "# yaml-language-server: $schema=schema.json\n" + "\n".join(
        writer.mapping(value, 0)) + "\n"
    loaded = load_bytes("x.yaml", text.encode("utf-8"))
    assert not loaded.diagnostics, text
    assert same_data(loaded.data, value), text

    once = format_text(kind, text)
    after = load_bytes("x.yaml", once.encode("utf-8"))
    assert not after.diagnostics, once
    assert same_data(after.data, loaded.data), (text, once)
    assert format_text(kind, once) == once
    assert once.startswith("# yaml-language-server: $schema=schema.json\n")
    for comment in writer.comments:
        assert f"# {comment}\n" in once or f"# {comment} " in once, (comment, text, once)


def test_pre_commit_hooks_run_validate_and_fmt() -> None:
    import re

    import yaml

    from conftest import ROOT

    hooks = {h["id"]: h for h in yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["komp-validate"]["entry"] == "komp validate"
    assert hooks["komp-validate"]["pass_filenames"] is False
    assert hooks["komp-validate"]["language"] == "python"
    assert re.search(hooks["komp-validate"]["files"], "partnerskap/salten/tiltak.yml")
    assert hooks["komp-fmt"]["entry"] == "komp fmt"
    assert hooks["komp-fmt"]["types"] == ["yaml"]
    pattern = hooks["komp-fmt"]["files"]
    assert re.search(pattern, "forum.yaml")
    assert re.search(pattern, "partnerskap/salten/prioriteringer.yaml")
    assert not re.search(pattern, ".pre-commit-config.yaml")


def test_a_check_in_two_processes_says_what_one_process_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]) -> None:
    """A large --check or --diff is split over two forked processes: the same report, and the
    canonical files remembered for the next run; a run that writes stays in one process."""
    import kompetanse_cli.fmt.files as fmt
    import kompetanse_cli.pipeline.units as units

    monkeypatch.setattr(units, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(fmt, "CHUNK", 2)
    forked: list[int] = []
    original_parallel = vars(fmt)["_in_parallel"]

    def counting(*args: Any) -> Any:
        forked.append(args[-1])
        return original_parallel(*args)

    monkeypatch.setattr(fmt, "_in_parallel", counting)
    results: dict[str, list[Any]] = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("KOMP_JOBS", jobs)
        monkeypatch.setenv("KOMP_CACHE_DIR", str(tmp_path / f"cache-{jobs}"))
        folder = tmp_path / f"nordland-{jobs}"
        shutil.copytree(EXAMPLES / "nordland", folder)
        (folder / "partnerskap" / "salten" / "tiltak.yaml").write_text(MESSY_TILTAK,
                                                                       encoding="utf-8")
        (folder / "partnerskap" / "helgeland" / "behov.yaml").write_text("behov: [\n",
                                                                         encoding="utf-8")
        runs = [run_komp("fmt", "--check", folder), run_komp("fmt", "--diff", folder)]
        if jobs == "2":  # what the two processes learnt is kept: checked again in one process,
            monkeypatch.setenv("KOMP_JOBS", "1")  # only the two files not in canonical layout
            parsed.clear()
            assert run_komp("fmt", "--check", folder) == runs[0]
            assert {Path(p).parts[-3:] for p in parsed} == {
                ("partnerskap", "helgeland", "behov.yaml"), ("partnerskap", "salten", "tiltak.yaml")}
            monkeypatch.setenv("KOMP_JOBS", jobs)
        runs.append(run_komp("fmt", folder))
        texts = {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}
        results[jobs] = [(r.code, r.out.replace(f"nordland-{jobs}", "F"),
                          r.err.replace(f"nordland-{jobs}", "F")) for r in runs] + [texts]
    assert forked == [2, 2]  # --check and --diff with KOMP_JOBS=2 forked; nothing else
    assert results["1"] == results["2"]
    check, diff, written, _ = results["2"]
    assert check[0] == 1 and "ville formatert" in check[1] and "K001" in check[2]
    assert diff[1].startswith("--- a/") and "formaterte" in written[1]
