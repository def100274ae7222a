"""The validation cache: same answers as without it, invalidated by every change, never stale.

Each test gets its own KOMP_CACHE_DIR (the autouse fixture in conftest.py, and explicitly here).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kompetanse_cli.pipeline as engine
import kompetanse_cli.pipeline.cache as cache_module
import kompetanse_cli.pipeline.check as check_module
import kompetanse_cli.pipeline.units as units_module
from conftest import EXAMPLES, ROOT, ForumFactory, run_komp
from kompetanse_cli.diagnostics import Diagnostic
from kompetanse_cli.domain.planfiles import FORUM, PARTNERSHIP_KINDS
from kompetanse_cli.pipeline.discover import FORUM_FILENAME, PARTNERSHIP_FILENAMES
from test_rule_cases import build, load_cases

TILTAK = "partnerskap/salten/tiltak.yaml"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KOMP_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def units(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each unit the engine validates for real (not answered from the cache)."""
    validated: list[str] = []
    original = check_module._validate_unit

    def spy(layout: Any, *args: Any, **kwargs: Any) -> Any:
        validated.append(str(layout.base))
        return original(layout, *args, **kwargs)

    monkeypatch.setattr(check_module, "_validate_unit", spy)
    return validated


def validate_json(path: Path, *extra: str) -> tuple[int, Any]:
    result = run_komp("validate", path, "--format", "json", *extra)
    assert result.code in (0, 1), result.err
    return result.code, result.json()


def text_output(path: Path, *extra: str) -> tuple[int, str]:
    result = run_komp("validate", path, *extra)
    return result.code, result.out


def break_tiltak(forum: Path) -> None:
    path = forum / TILTAK
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("egenandel: 150_000", "egenandel: 15_000", 1), encoding="utf-8")


def test_light_copies_of_constants_match_the_originals() -> None:
    from kompetanse_cli.pipeline.load import MAX_BYTES

    assert tuple(kind.filename for kind in PARTNERSHIP_KINDS) == PARTNERSHIP_FILENAMES
    assert FORUM.filename == FORUM_FILENAME
    assert cache_module.MAX_BYTES_FOR_CACHE == MAX_BYTES


@pytest.mark.parametrize(("name", "case"), load_cases(), ids=[n for n, _ in load_cases()])
def test_cached_runs_report_exactly_what_a_fresh_run_reports(
        name: str, case: dict[str, Any], tmp_path: Path, cache_dir: Path) -> None:
    target = tmp_path / "forum"
    base = case.get("base", "nordland")
    # Prime the cache with the unchanged example in the same place, so that the case's own run
    # takes the unchanged files (models and all) from the cache and reads only the changed ones.
    shutil.copytree(EXAMPLES / base, target)
    validate_json(target)
    shutil.rmtree(target)
    build(case, target)
    fresh = validate_json(target, "--no-cache")
    assert validate_json(target) == fresh  # partly from cached files
    assert validate_json(target) == fresh  # the whole result from the cache
    assert text_output(target) == text_output(target, "--no-cache")


def test_an_unchanged_forum_is_answered_from_the_cache(
        forum: ForumFactory, cache_dir: Path, units: list[str]) -> None:
    path = forum()
    first = validate_json(path)
    assert len(units) == 1
    assert validate_json(path) == first
    assert len(units) == 1  # nothing validated the second time
    assert list((cache_dir / "v1" / "results").glob("*.json"))


def test_break_fix_break_reports_the_error_each_time(forum: ForumFactory, cache_dir: Path) -> None:
    path = forum()
    clean = validate_json(path)
    assert clean[0] == 0
    original = (path / TILTAK).read_text(encoding="utf-8")
    break_tiltak(path)
    broken = validate_json(path)
    assert broken[0] == 1
    assert [d["code"] for d in broken[1]["diagnostics"]] == ["K401"]
    (path / TILTAK).write_text(original, encoding="utf-8")
    assert validate_json(path) == clean
    break_tiltak(path)  # the same break again: the same error, from the cache or not
    assert validate_json(path) == broken
    assert validate_json(path, "--no-cache") == broken


def test_a_change_in_any_file_invalidates(forum: ForumFactory, cache_dir: Path, units: list[str]) -> None:
    path = forum()
    validate_json(path)
    for rel in ["forum.yaml", "partnerskap/lofoten/behov.yaml", TILTAK]:
        with (path / rel).open("a", encoding="utf-8") as handle:
            handle.write("# endret\n")
        before = len(units)
        validate_json(path)
        assert len(units) == before + 1, rel


def test_a_new_or_removed_file_invalidates(forum: ForumFactory, cache_dir: Path) -> None:
    path = forum()
    validate_json(path)
    (path / "partnerskap/salten/notater.yaml").write_text("a: 1\n", encoding="utf-8")
    code, result = validate_json(path)
    assert code == 1 and [d["code"] for d in result["diagnostics"]] == ["K101"]
    (path / "partnerskap/salten/notater.yaml").unlink()
    (path / "partnerskap/salten/behov.yaml").unlink()
    code, result = validate_json(path)
    assert code == 1 and "K102" in [d["code"] for d in result["diagnostics"]]
    assert (code, result) == validate_json(path, "--no-cache")


def test_another_komp_version_invalidates(
        forum: ForumFactory, cache_dir: Path, units: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = forum()
    validate_json(path)
    validate_json(path)
    assert len(units) == 1
    monkeypatch.setattr(cache_module, "__version__", "99.0.0")
    validate_json(path)
    assert len(units) == 2


def test_changed_rules_invalidate(
        forum: ForumFactory, cache_dir: Path, units: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = forum()
    validate_json(path)
    monkeypatch.setattr(cache_module, "code_key", lambda folder: "another rule set")
    validate_json(path)
    assert len(units) == 2


def test_rule_selection_is_part_of_the_key(forum: ForumFactory, cache_dir: Path, units: list[str]) -> None:
    path = forum()
    break_tiltak(path)
    everything = validate_json(path)
    assert [d["code"] for d in everything[1]["diagnostics"]] == ["K401"]
    ignored = validate_json(path, "--ignorer", "K401")
    assert ignored[1]["diagnostics"] == [] and len(units) == 2
    selected = validate_json(path, "--velg", "K4")
    assert selected == everything and len(units) == 3
    other = validate_json(path, "--velg", "K2")
    assert other[1]["diagnostics"] == [] and len(units) == 4
    assert validate_json(path) == everything and len(units) == 4  # back to the first key


@pytest.mark.parametrize("damage", ["garbage", "truncate", "empty"])
def test_a_damaged_cache_still_gives_correct_results(
        forum: ForumFactory, cache_dir: Path, damage: str) -> None:
    path = forum()
    validate_json(path)
    break_tiltak(path)
    broken = validate_json(path, "--no-cache")
    validate_json(path)
    for entry in cache_dir.rglob("*"):
        if entry.is_file():
            data = entry.read_bytes()
            entry.write_bytes({"garbage": b"\x80not json or pickle\x00" * 3,
                               "truncate": data[: len(data) // 2], "empty": b""}[damage])
    assert validate_json(path) == broken
    assert validate_json(path) == broken


def test_a_result_planted_under_another_key_is_not_used(forum: ForumFactory, cache_dir: Path) -> None:
    path = forum()
    validate_json(path)
    # Make every stored result claim a clean forum and swap it to the wrong key: still caught.
    results = list((cache_dir / "v1" / "results").glob("*.json"))
    for entry in results:
        entry.rename(entry.with_name("0" * 40 + ".json"))
    break_tiltak(path)
    assert validate_json(path)[0] == 1


@pytest.mark.parametrize("where", ["global", "command"])
def test_no_cache_writes_nothing(forum: ForumFactory, cache_dir: Path, where: str) -> None:
    path = forum()
    args = (["--no-cache", "validate", str(path)] if where == "global"
            else ["validate", str(path), "--no-cache"])
    result = run_komp(*args)
    assert result.code == 0, result.err
    assert not cache_dir.exists()


def test_komp_cache_dir_is_honoured(forum: ForumFactory, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "elsewhere"
    monkeypatch.setenv("KOMP_CACHE_DIR", str(folder))
    validate_json(forum())
    assert list((folder / "v1" / "results").glob("*.json"))
    assert list((folder / "v1" / "packs").glob("*.pickle"))


def test_the_default_cache_dir_is_the_users_cache_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("KOMP_CACHE_DIR", raising=False)
    assert cache_module.default_dir() == Path(platformdirs.user_cache_dir("komp"))


def test_the_code_key_follows_the_package_files(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "pkg"
    (package / "rules").mkdir(parents=True)
    (package / "rules" / "k999.py").write_text("CODE = 'K999'\n", encoding="utf-8")
    (package / "data.toml").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "_PACKAGE", package)
    folder = tmp_path / "cache"
    first = cache_module.code_key(folder)
    assert cache_module.code_key(folder) == first == cache_module.code_key(None)
    (package / "rules" / "k999.py").write_text("CODE = 'K998'\n", encoding="utf-8")
    os.utime(package / "rules" / "k999.py", ns=(1, 1))
    second = cache_module.code_key(folder)
    assert second != first
    assert second == cache_module.code_key(None)
    (package / "notes.txt").write_text("not code", encoding="utf-8")
    assert cache_module.code_key(folder) == second


def test_a_warm_run_imports_no_heavy_module(tmp_path: Path) -> None:
    env = {**os.environ, "KOMP_CACHE_DIR": str(tmp_path / "cache")}
    target = tmp_path / "nordland"
    shutil.copytree(EXAMPLES / "nordland", target)
    probe = (
        "import sys\n"
        "from kompetanse_cli.cli import main\n"
        f"code = main(['validate', {str(target)!r}])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pydantic', 'yaml', 'stdnum', 'jinja2') or m.startswith('kompetanse_cli.rules'))\n"
        "print(code, heavy)\n"
    )
    first = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                           text=True, check=True, cwd=ROOT)
    assert first.stdout.splitlines()[-1].startswith("0 ['kompetanse_cli.rules")
    second = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                            text=True, check=True, cwd=ROOT)
    assert second.stdout.splitlines()[-1] == "0 []"


def test_a_warm_run_and_the_version_import_neither_typer_nor_rich(tmp_path: Path) -> None:
    env = {**os.environ, "KOMP_CACHE_DIR": str(tmp_path / "cache")}
    target = tmp_path / "nordland"
    shutil.copytree(EXAMPLES / "nordland", target)
    probe = (
        "import sys\n"
        "from kompetanse_cli.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'rich', 'click'}))\n"
    )
    for args in (["validate", str(target)], ["validate", str(target)], ["--version"]):
        done = subprocess.run([sys.executable, "-c", probe, *args], env=env, capture_output=True,
                              text=True, check=True, cwd=ROOT)
        assert done.stdout.splitlines()[-1] == "0 []", (args, done.stdout)
    typer_run = subprocess.run([sys.executable, "-c", probe, "validate", str(target), "--dato",
                                "2027-01-15"], env=env, capture_output=True, text=True,
                               check=True, cwd=ROOT)
    assert "'typer'" in typer_run.stdout.splitlines()[-1]  # the probe sees typer when it is there


def test_version_needs_no_command_tree(tmp_path: Path) -> None:
    probe = ("import sys\nfrom kompetanse_cli.cli import main\nmain(['--version'])\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('pydantic', 'yaml', 'jinja2', 'stdnum')))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout.splitlines()[-1] == "[]"


def test_the_fast_path_leaves_help_and_bad_options_to_typer(forum: ForumFactory) -> None:
    path = forum()
    assert run_komp("validate", "--help").code == 0
    assert run_komp("validate", path, "--format", "xml").code == 2
    assert run_komp("validate", path, "--ukjent").code == 2
    assert run_komp("validate", path, "--format").code == 2
    equals = run_komp("validate", path, "--format=json")
    assert equals.code == 0 and json.loads(equals.out)["summary"]["errors"] == 0


@pytest.mark.parametrize("shape", ["partnership", "partnership-alone", "two-paths", "forums"])
def test_every_kind_of_unit_gives_the_same_answer_warm(
        tmp_path: Path, cache_dir: Path, shape: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "forums"
    shutil.copytree(EXAMPLES / "nordland", root / "nordland")
    shutil.copytree(EXAMPLES / "vestland-fyo", root / "vestland-fyo")
    break_tiltak(root / "nordland")
    monkeypatch.chdir(tmp_path)
    alone = tmp_path / "salten"
    shutil.copytree(root / "nordland" / "partnerskap" / "salten", alone)
    args: list[Path] = {
        "partnership": [root / "nordland" / "partnerskap" / "salten"],
        "partnership-alone": [alone],
        "two-paths": [Path("forums/nordland"), Path("forums/vestland-fyo")],
        "forums": [root],
    }[shape]
    for fmt in ("json", "text", "github"):
        fresh = run_komp("validate", *args, "--format", fmt, "--no-cache")
        assert fresh.code == 1, fresh.out
        for _ in range(2):
            cached = run_komp("validate", *args, "--format", fmt)
            assert (cached.code, cached.out) == (fresh.code, fresh.out)


def test_an_unusable_cache_dir_is_only_slower(forum: ForumFactory, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("KOMP_CACHE_DIR", str(blocker / "cache"))
    path = forum()
    break_tiltak(path)
    assert validate_json(path) == validate_json(path, "--no-cache")
    assert validate_json(path)[0] == 1


@pytest.mark.parametrize("with_cache", [False, True])
def test_validate_with_contexts_reads_once_and_reports_the_same(
        forum: ForumFactory, cache_dir: Path, with_cache: bool) -> None:
    path = forum()
    break_tiltak(path)
    cache = cache_module.open_cache(True, cache_dir) if with_cache else None
    for _ in range(2):  # the second time from a primed cache, when there is one
        report, contexts = engine.validate_with_contexts([path], cache=cache)
        plain = engine.validate([path])
        assert report.diagnostics == plain.diagnostics and report.files == plain.files
        assert len(contexts) == 1 and contexts[0].forum is not None
        assert [p.slug for p in contexts[0].partnerships] == ["helgeland", "lofoten", "salten"]
        assert sum(1 for p in contexts[0].partnerships for _ in p.tiltak()) > 10


# --- the stat index: unchanged files are neither read nor hashed, and never trusted wrongly ---


HOUR_NS = 3600 * 10**9


class Clock:
    """komp's view of the time: `offset` ns ahead of the real clock (the file times stay real)."""

    def __init__(self) -> None:
        self.offset = 0


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Lets a test write the stat index "an hour after" the files last changed, as in real use;
    a file's change time cannot be set back, so the clock moves forward instead."""
    import time

    shifted = Clock()
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() + shifted.offset)
    shifted.offset = HOUR_NS
    return shifted


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each file the engine reads for the cache (to hash it)."""
    seen: list[str] = []
    original = cache_module._read_regular

    def spy(path: Path) -> Any:
        path = Path(path)
        seen.append(path.name if path.name == "forum.yaml" else f"{path.parent.name}/{path.name}")
        return original(path)

    monkeypatch.setattr(cache_module, "_read_regular", spy)
    return seen


def test_unchanged_files_are_decided_by_their_stat_alone(
        forum: ForumFactory, cache_dir: Path, clock: Clock, reads: list[str], units: list[str]) -> None:
    path = forum()
    first = validate_json(path)
    # each file read once; one with a rule's finding once more for its positions
    assert len(set(reads)) == 15 and len(units) == 1
    reads.clear()
    assert validate_json(path) == first
    assert reads == [] and len(units) == 1  # neither read, nor hashed, nor validated


def test_files_changed_close_to_their_hashing_are_hashed_again(
        forum: ForumFactory, cache_dir: Path, clock: Clock, reads: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "RACY_NS", 10 * 60 * 10**9)  # a very coarse clock
    path = forum()
    clock.offset = 0
    first = validate_json(path)  # every file changed "just now": all racily clean
    reads.clear()
    assert validate_json(path) == first
    assert len(reads) == 15
    clock.offset = HOUR_NS
    reads.clear()
    assert validate_json(path) == first  # the last index was written too soon: hashed again
    assert len(reads) == 15
    reads.clear()
    assert validate_json(path) == first  # now written long after: trusted
    assert reads == []
    clock.offset = 0
    (path / TILTAK).write_text((path / TILTAK).read_text(encoding="utf-8"), encoding="utf-8")
    reads.clear()
    assert validate_json(path) == first
    assert reads == ["salten/tiltak.yaml"]


def test_a_same_size_edit_that_keeps_the_times_is_seen(
        forum: ForumFactory, cache_dir: Path, clock: Clock) -> None:
    # As an edit within the same tick of a coarse clock, or a copy that keeps times (cp -p):
    # size and modification time match the index; the change time gives it away.
    path = forum()
    clean = validate_json(path)
    assert clean[0] == 0
    target = path / TILTAK
    before = target.stat()
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("egenandel: 150_000", "egenandel: 015_000", 1),
                      encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = target.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    broken = validate_json(path)
    assert broken == validate_json(path, "--no-cache")
    assert broken[0] == 1 and [d["code"] for d in broken[1]["diagnostics"]] == ["K103"]


def test_an_edit_right_after_a_run_is_seen(forum: ForumFactory, cache_dir: Path) -> None:
    path = forum()
    assert validate_json(path)[0] == 0
    break_tiltak(path)  # within a second of the run that hashed it, with the real clock
    assert validate_json(path) == validate_json(path, "--no-cache")
    assert validate_json(path)[0] == 1


def test_swapped_contents_are_seen(forum: ForumFactory, cache_dir: Path, clock: Clock) -> None:
    path = forum()
    salten, lofoten = path / TILTAK, path / "partnerskap/lofoten/tiltak.yaml"
    broken = salten.read_text(encoding="utf-8").replace("egenandel: 150_000",
                                                        "egenandel: 015_000", 1)
    salten.write_text(broken, encoding="utf-8")
    text = lofoten.read_text(encoding="utf-8")
    lofoten.write_text(text + "#" * (len(broken.encode()) - len(text.encode()) - 1) + "\n",
                       encoding="utf-8")
    assert salten.stat().st_size == lofoten.stat().st_size
    when = salten.stat().st_mtime_ns
    os.utime(lofoten, ns=(when, when))
    first = validate_json(path)
    tmp = path / "partnerskap" / "swap.tmp"
    salten.rename(tmp)
    lofoten.rename(salten)
    tmp.rename(lofoten)
    swapped = validate_json(path)  # same names, sizes and times; other inodes
    assert swapped == validate_json(path, "--no-cache")
    assert swapped != first


def test_a_touched_but_unchanged_file_is_hashed_not_validated(
        forum: ForumFactory, cache_dir: Path, clock: Clock, reads: list[str], units: list[str]) -> None:
    path = forum()
    first = validate_json(path)
    reads.clear()
    for rel in ("partnerskap/lofoten/behov.yaml", "forum.yaml"):
        os.utime(path / rel)  # `touch`: new times, the same content
    assert validate_json(path) == first
    assert sorted(reads) == ["forum.yaml", "lofoten/behov.yaml"]
    assert len(units) == 1  # the same content: the stored result still holds
    reads.clear()
    assert validate_json(path) == first and reads == []


def test_a_damaged_stat_index_only_costs_a_hash(
        forum: ForumFactory, cache_dir: Path, clock: Clock, reads: list[str]) -> None:
    path = forum()
    validate_json(path)
    break_tiltak(path)
    for entry in (cache_dir / "v1" / "stats").glob("*.json"):
        payload = json.loads(entry.read_bytes())
        for item in payload["files"].values():
            item[0] = (path / TILTAK).stat().st_size  # every entry claims the new size
        entry.write_text(json.dumps(payload), encoding="utf-8")
    assert validate_json(path)[0] == 1  # the times still differ: read, and the error found
    for entry in (cache_dir / "v1" / "stats").glob("*.json"):
        entry.write_bytes(b"{not json")
    reads.clear()
    assert validate_json(path)[0] == 1
    assert len(reads) == 15


def test_the_racy_window_follows_the_time_the_index_was_written() -> None:
    from kompetanse_cli.pipeline.cache import RACY_NS, StatIndex, stat_entry

    st = os.stat(__file__)
    entry = stat_entry(st, "d" * 40)
    newest = max(st.st_mtime_ns, st.st_ctime_ns)
    assert StatIndex({"f": entry}, newest + RACY_NS + 1).digest("f", st) == "d" * 40
    assert StatIndex({"f": entry}, newest + RACY_NS).digest("f", st) is None  # racily clean
    assert StatIndex({"f": entry}, newest).digest("f", st) is None
    for position in range(5):  # any part of the stat that differs
        changed = list(entry)
        changed[position] += 1
        assert StatIndex({"f": changed}, newest + 10 * RACY_NS).digest("f", st) is None
    assert StatIndex({}, newest + 10 * RACY_NS).digest("f", st) is None
    assert StatIndex({"f": entry[:5]}, newest + 10 * RACY_NS).digest("f", st) is None


# --- the warm record: a run where no folder changed needs no discovery -----------------------


@pytest.fixture
def discovered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each discovery: "all" for the paths given, else the folder of the one unit
    discovered again on its own."""
    import importlib

    # the package's `discover` is the function; the module is found by its full name
    project = importlib.import_module("kompetanse_cli.pipeline.discover")

    seen: list[str] = []
    whole, one = vars(engine)["discover"], project.rediscover

    def spy_whole(path: Path) -> Any:
        seen.append("all")
        return whole(path)

    def spy_one(how: tuple[str, str, str]) -> Any:
        seen.append(Path(how[1]).name)
        return one(how)

    monkeypatch.setattr(engine, "discover", spy_whole)
    monkeypatch.setattr(project, "rediscover", spy_one)
    return seen


def same_as_fresh(path: Path, discovered: list[str]) -> tuple[int, Any]:
    """The cached answer, checked against a run without the cache; what the cached run
    discovered is left in `discovered`."""
    fresh = validate_json(path, "--no-cache")
    discovered.clear()
    cached = validate_json(path)
    assert cached == fresh
    return cached


def test_an_unchanged_run_needs_no_discovery(
        forum: Any, cache_dir: Path, clock: Clock, discovered: list[str], reads: list[str],
        units: list[str]) -> None:
    path = forum()
    first = validate_json(path)
    assert discovered == ["all"] and len(units) == 1
    reads.clear()
    assert validate_json(path) == first
    assert discovered == ["all"] and reads == [] and len(units) == 1
    assert len(list((cache_dir / "v1" / "warm").iterdir())) == 1
    cached_text = text_output(path)
    assert discovered == ["all"] and cached_text == text_output(path, "--no-cache")


def test_one_changed_file_discovers_its_unit_only(
        forum: Any, cache_dir: Path, clock: Clock, discovered: list[str],
        units: list[str]) -> None:
    path = forum()
    validate_json(path)
    break_tiltak(path)  # written in place: no folder changes
    assert same_as_fresh(path, discovered)[0] == 1
    assert discovered == [path.name]
    (path / TILTAK).write_text(  # as an editor saves: a new file renamed over the old one
        (path / TILTAK).read_text(encoding="utf-8").replace("egenandel: 15_000",
                                                            "egenandel: 150_000", 1),
        encoding="utf-8")
    replacement = path / "partnerskap/salten/.tiltak.yaml.tmp"
    replacement.write_bytes((path / TILTAK).read_bytes())
    replacement.replace(path / TILTAK)
    assert same_as_fresh(path, discovered)[0] == 0
    assert discovered == [path.name]
    assert same_as_fresh(path, discovered)[0] == 0
    assert discovered == []


def test_every_change_of_the_folders_is_seen(
        forum: Any, cache_dir: Path, clock: Clock, discovered: list[str]) -> None:
    path = forum()
    salten = path / "partnerskap/salten"
    validate_json(path)

    def new_file() -> None:
        (salten / "notater.yaml").write_text("a: 1\n", encoding="utf-8")

    def new_file_keeping_the_times() -> None:  # the folder's ctime gives it away
        before = salten.stat()
        (salten / "notater.yaml").unlink()
        (salten / "rapport.yml").write_text("a: 1\n", encoding="utf-8")
        os.utime(salten, ns=(before.st_atime_ns, before.st_mtime_ns))

    def new_partnership() -> None:
        shutil.copytree(salten, path / "partnerskap/bodo")

    def empty_partnership() -> None:
        for name in os.listdir(path / "partnerskap/bodo"):
            (path / "partnerskap/bodo" / name).unlink()

    def file_for_a_folder() -> None:
        shutil.rmtree(path / "partnerskap/bodo")
        (path / "partnerskap/bodo").write_text("", encoding="utf-8")

    def no_forum_file() -> None:
        (path / FORUM_FILENAME).rename(path / "forum.yaml.bak")

    for change in (new_file, new_file_keeping_the_times, new_partnership, empty_partnership,
                   file_for_a_folder, no_forum_file):
        before = validate_json(path)
        change()
        assert same_as_fresh(path, discovered) != before, change.__name__
        assert discovered, change.__name__
    assert discovered == ["all"]  # what the folder is depends on its own names


def test_a_folder_of_forums_sees_forums_come_and_go(
        tmp_path: Path, cache_dir: Path, clock: Clock, discovered: list[str]) -> None:
    nation = tmp_path / "nasjon"
    shutil.copytree(EXAMPLES / "nordland", nation / "nordland")
    (nation / "tom").mkdir()
    before = validate_json(nation)
    shutil.copytree(nation / "nordland", nation / "tom" / "x")  # not a forum: one level down
    assert same_as_fresh(nation, discovered) == before
    assert discovered == ["all"]
    shutil.copy(nation / "nordland" / FORUM_FILENAME, nation / "tom" / FORUM_FILENAME)
    grown = same_as_fresh(nation, discovered)
    assert grown != before and discovered == ["all"]
    assert any(d["file"].startswith("tom/") for d in grown[1]["diagnostics"])
    same_as_fresh(nation, discovered)
    assert discovered == []


def test_a_lone_partnership_sees_its_forum_file_go(
        forum: Any, cache_dir: Path, clock: Clock, discovered: list[str]) -> None:
    path = forum()
    salten = path / "partnerskap/salten"
    before = validate_json(salten)
    (path / FORUM_FILENAME).unlink()
    assert same_as_fresh(salten, discovered) != before
    same_as_fresh(salten, discovered)
    assert discovered == []


def test_no_warm_record_where_a_link_could_change_unseen(
        forum: Any, cache_dir: Path, clock: Clock, discovered: list[str]) -> None:
    path = forum()
    os.symlink("../salten/behov.yaml", path / "partnerskap/lofoten/behov.yaml.lenke")
    (path / "partnerskap/lofoten/behov.yaml").unlink()
    os.rename(path / "partnerskap/lofoten/behov.yaml.lenke",
              path / "partnerskap/lofoten/behov.yaml")
    validate_json(path)
    assert not (cache_dir / "v1" / "warm").exists()
    same_as_fresh(path, discovered)
    assert discovered == ["all"]


def test_a_damaged_warm_record_means_discovery(
        forum: Any, cache_dir: Path, clock: Clock, discovered: list[str]) -> None:
    path = forum()
    validate_json(path)
    (entry,) = (cache_dir / "v1" / "warm").iterdir()
    raw = entry.read_bytes()
    for damaged in (raw[:-7], raw[:40] + raw[41:] + b"x", b"", raw[:40] + b"\xff" * 100):
        entry.write_bytes(damaged)
        break_tiltak(path)
        assert same_as_fresh(path, discovered)[0] == 1
        assert discovered[:1] == ["all"]
        (path / TILTAK).write_text(
            (path / TILTAK).read_text(encoding="utf-8").replace("egenandel: 15_000",
                                                                "egenandel: 150_000", 1),
            encoding="utf-8")


def test_racy_folders_are_not_trusted(
        forum: Any, cache_dir: Path, clock: Clock, discovered: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "RACY_NS", 10 * 60 * 10**9)  # a very coarse clock
    path = forum()
    clock.offset = 0
    validate_json(path)  # every folder changed "just now"
    discovered.clear()
    validate_json(path)
    assert discovered == ["all"]
    clock.offset = HOUR_NS
    validate_json(path)  # the record was written too soon after: discovered again
    discovered.clear()
    validate_json(path)
    assert discovered == []


def test_a_cached_result_keeps_the_fixes(forum: Any, cache_dir: Path, units: list[str]) -> None:
    """The editor's quick fixes come with the diagnostics, also when those come from the cache."""
    path = forum()
    tiltak = path / TILTAK
    text = tiltak.read_text(encoding="utf-8")
    tiltak.write_text(text.replace("tilskudd_eier: 700_000", 'tilskudd_eier: "700 000 kr"', 1)
                      .replace("    ordning: komsip", "    ordning: komsipp", 1), encoding="utf-8")
    fresh = engine.validate([path], cache=cache_module.open_cache(True, cache_dir))
    cached = engine.validate([path], cache=cache_module.open_cache(True, cache_dir))
    assert len(units) == 1  # the second answer came from the cache
    fixes = {(d.code, d.fix.text) for d in fresh.diagnostics if d.fix is not None}
    assert fixes == {("K103", "700000"), ("K103", "komsip")}
    assert cached.diagnostics == fresh.diagnostics


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_each_unit_is_told_as_soon_as_it_is_done(
        tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, jobs: str) -> None:
    """`on_unit` (the language server's) hears every unit once, with what the report holds."""
    monkeypatch.setattr(units_module, "PARALLEL_MIN_FILES", 1)
    nation = tmp_path / "nasjon"
    for name in ("nordland", "vestland-fyo"):
        shutil.copytree(EXAMPLES / name, nation / name)
    break_tiltak(nation / "nordland")
    with (nation / "vestland-fyo" / FORUM_FILENAME).open("a", encoding="utf-8") as forum_file:
        forum_file.write("ukjent_noekkel: 1\n")
    for run in ("fresh", "cached"):
        told: list[tuple[list[Any], dict[str, Path]]] = []

        def tell(found: list[Any], sources: Any, told: list[Any] = told) -> None:
            told.append((found, dict(sources)))

        report = engine.validate([nation], cache=cache_module.open_cache(True, cache_dir),
                                 on_unit=tell, jobs=int(jobs))
        assert len(told) == 2, run
        key = Diagnostic.sort_key
        assert sorted((d for found, _ in told for d in found), key=key) == report.diagnostics, run
        for found, sources in told:
            assert found and all(d.file in sources for d in found), run


# --- one file changed: only its partnership's rules run again, the pack grows by a record ----

K409_FROM = ("    type: skolebasert\n    prioriteringer:\n      - P2\n    maalgrupper:\n"
             "      - laerere\n      - ledere\n    deltakere:\n      enheter:\n"
             "        - gs-vestmyra")
K409_TO = K409_FROM.replace("skolebasert", "koordinering")


@pytest.fixture
def partnership_rule_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the partnership each run of a partnership rule (K409) looked at."""
    import dataclasses

    import kompetanse_cli.rules as rules_module

    RULES = rules_module.RULES
    seen: list[str] = []
    position = next(i for i, r in enumerate(RULES) if r.code == "K409")
    rule = RULES[position]
    assert rule.scope == "partnerskap" and rule.check is not None
    original = rule.check

    def spy(partnership: Any) -> Any:
        seen.append(partnership.slug)
        return original(partnership)

    monkeypatch.setattr(rules_module, "RULES", (*RULES[:position], dataclasses.replace(
        rule, check=spy), *RULES[position + 1:]))
    return seen


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_reruns_its_partnerships_rules_and_every_forum_rule(
        forum: Any, cache_dir: Path, clock: Clock, partnership_rule_runs: list[str]) -> None:
    path = forum()
    validate_json(path)
    assert sorted(partnership_rule_runs) == ["helgeland", "lofoten", "salten"]
    partnership_rule_runs.clear()
    break_tiltak(path)  # K401 is a forum rule: its answer changes with Salten's file
    broken = validate_json(path)
    assert partnership_rule_runs == ["salten"]
    assert [d["code"] for d in broken[1]["diagnostics"]] == ["K401"]
    assert broken == validate_json(path, "--no-cache")
    partnership_rule_runs.clear()
    edit(path / "partnerskap/lofoten/tiltak.yaml", "egenandel: 30_000", "egenandel: 3_000")
    later = validate_json(path)  # Salten's findings of the partnership rules from the cache
    assert partnership_rule_runs == ["lofoten"]
    assert later == validate_json(path, "--no-cache")


def test_kept_findings_of_a_partnership_follow_the_forums_settings(
        forum: Any, cache_dir: Path, clock: Clock, partnership_rule_runs: list[str]) -> None:
    path = forum()
    edit(path / TILTAK, K409_FROM, K409_TO)
    first = validate_json(path)
    assert {(d["code"], d["severity"]) for d in first[1]["diagnostics"]} == {("K409", "error")}
    partnership_rule_runs.clear()
    with (path / "partnerskap/lofoten/behov.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# endret\n")
    assert validate_json(path) == first
    assert partnership_rule_runs == ["lofoten"]  # Salten's K409 kept, as it was found
    edit(path / FORUM_FILENAME, "  K409:\n    alvor: feil\n", "  K409:\n    alvor: advarsel\n")
    milder = validate_json(path)
    assert milder == validate_json(path, "--no-cache")
    assert {(d["code"], d["severity"]) for d in milder[1]["diagnostics"]} == {
        ("K409", "warning")}


def test_a_changed_file_is_appended_to_the_pack_and_the_pack_is_compacted(
        forum: Any, cache_dir: Path, clock: Clock) -> None:
    path = forum()
    validate_json(path)
    (pack,) = (cache_dir / "v1" / "packs").iterdir()
    size, inode = pack.stat().st_size, pack.stat().st_ino
    original = (path / TILTAK).read_text(encoding="utf-8")
    for round_ in range(40):
        with (path / TILTAK).open("a", encoding="utf-8") as handle:
            handle.write(f"# endret {round_}\n")
        assert validate_json(path) == validate_json(path, "--no-cache")
        if round_ == 0:  # one file and one partnership's findings added, in place
            assert pack.stat().st_ino == inode and pack.stat().st_size > size
    # stale records are dropped when they outnumber the live ones: the pack stays bounded
    assert pack.stat().st_size < 3 * size
    (path / TILTAK).write_text(original, encoding="utf-8")
    assert validate_json(path)[0] == 0


def test_a_pack_cut_off_or_damaged_keeps_what_came_before(
        forum: Any, cache_dir: Path, clock: Clock, units: list[str]) -> None:
    from kompetanse_cli.pipeline.cache import Cache

    path = forum()
    validate_json(path)
    (pack,) = (cache_dir / "v1" / "packs").iterdir()
    raw = pack.read_bytes()
    cache = Cache(cache_dir)
    whole = cache.get_pack(pack.stem)
    assert len(whole) >= 15
    pack.write_bytes(raw[:-5])  # the last record cut off
    assert len(cache.get_pack(pack.stem)) == len(whole) - 1
    middle = len(raw) // 2
    pack.write_bytes(raw[:middle] + bytes([raw[middle] ^ 1]) + raw[middle + 1:])
    assert 0 < len(cache.get_pack(pack.stem)) < len(whole)
    pack.write_bytes(b"\0" * 40)
    assert cache.get_pack(pack.stem) == {}
    for damaged in (raw[:-5], raw[:middle] + bytes([raw[middle] ^ 1]) + raw[middle + 1:]):
        pack.write_bytes(damaged)
        break_tiltak(path)
        assert validate_json(path) == validate_json(path, "--no-cache")
        edit(path / TILTAK, "egenandel: 15_000", "egenandel: 150_000")
        assert validate_json(path) == validate_json(path, "--no-cache")


def test_a_racily_clean_file_is_hashed_again_without_discovering_its_unit(
        forum: Any, cache_dir: Path, clock: Clock, reads: list[str], units: list[str],
        discovered: list[str]) -> None:
    path = forum()
    first = validate_json(path)

    def make_racy(wrong_digest: bool = False) -> None:  # as if written in the files' own tick
        for entry in (cache_dir / "v1" / "stats").glob("*.json"):
            payload = json.loads(entry.read_bytes())
            payload["stamp"] = 0
            if wrong_digest:
                payload["files"][TILTAK][5] = "0" * 40
            entry.write_text(json.dumps(payload), encoding="utf-8")

    make_racy()
    reads.clear()
    discovered.clear()
    assert validate_json(path) == first
    assert len(reads) == 15 and discovered == [] and len(units) == 1
    reads.clear()
    assert validate_json(path) == first and reads == []  # stored again: trusted now
    make_racy(wrong_digest=True)  # the same stat, other bytes than when it was hashed
    reads.clear()
    assert validate_json(path) == first
    # not answered from the record: its unit discovered and its files hashed as usual
    assert discovered == [path.name] and TILTAK.split("/", 1)[1] in reads


def test_a_checked_file_without_findings_is_kept_as_its_data() -> None:
    """The pack keeps a clean file's plain data, not its models, and checks it again when read
    back; a file with findings is kept whole, with its diagnostics."""
    import pickle

    from kompetanse_cli.domain.planfiles import TILTAK as TILTAK_KIND
    from kompetanse_cli.pipeline.load import load_bytes
    from kompetanse_cli.pipeline.schema import check_file

    raw = (EXAMPLES / "nordland" / TILTAK).read_bytes()
    clean = check_file(TILTAK_KIND, load_bytes(TILTAK, raw))
    assert not clean.diagnostics and clean.items
    kept = pickle.dumps(clean, protocol=pickle.HIGHEST_PROTOCOL)
    assert b"kompetanse_cli.domain.models" not in kept  # no model is pickled
    again = pickle.loads(kept)
    assert again.kind is clean.kind and again.loaded.data == clean.loaded.data
    assert again.items == clean.items and again.model == clean.model
    assert again.broken_ids == clean.broken_ids and again.complete

    broken = check_file(TILTAK_KIND, load_bytes(TILTAK, raw.replace(
        b"egenandel: 120_000", b"egenandel: femten tusen", 1)))
    assert broken.diagnostics
    again = pickle.loads(pickle.dumps(broken, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.diagnostics == broken.diagnostics and again.items == broken.items
    assert again.broken_ids == broken.broken_ids


def test_kept_data_that_no_longer_checks_clean_is_not_used() -> None:
    import pickle

    from kompetanse_cli.domain.planfiles import TILTAK as TILTAK_KIND
    from kompetanse_cli.pipeline.load import load_bytes
    from kompetanse_cli.pipeline.schema import check_file

    clean = check_file(TILTAK_KIND, load_bytes(TILTAK, (EXAMPLES / "nordland" / TILTAK).read_bytes()))
    clean.loaded.data["tiltak"][0]["budsjett"] = "ingen"  # as if the pack held other data
    with pytest.raises(ValueError, match="no longer checks clean"):
        pickle.loads(pickle.dumps(clean))


def test_a_file_is_read_whole_up_to_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              ) -> None:
    monkeypatch.setattr(cache_module, "MAX_BYTES_FOR_CACHE", 200_000)
    for size in (0, 1, 65_536, 65_537, 150_000, 200_000, 200_001, 500_000):
        path = tmp_path / f"{size}.yaml"
        content = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
        path.write_bytes(content)
        raw, st = cache_module._read_regular(path)
        if size <= 200_000:
            assert raw == content and st.st_size == size
        else:
            assert (raw, st) == (None, None)
    assert cache_module._read_regular(tmp_path) == (None, None)  # a folder
    assert cache_module._read_regular(tmp_path / "borte.yaml") == (None, None)


def test_new_files_are_read_as_they_are_checked_and_their_result_is_kept(
        forum: Any, cache_dir: Path, clock: Clock, reads: list[str], units: list[str]) -> None:
    path = forum()
    validate_json(path)
    shutil.copytree(path / "partnerskap/salten", path / "partnerskap/bodoe")
    break_tiltak(path)
    edit(path / "partnerskap/bodoe/tiltak.yaml", "egenandel: 150_000", "egenandel: 15_000")
    reads.clear()
    units.clear()
    # K401 sums the owners' egenandel over both partnerships: a forum rule over the new files
    found = validate_json(path)
    assert {"bodoe/tiltak.yaml", "bodoe/partnerskap.yaml"} <= set(reads) and len(units) == 1
    assert found == validate_json(path, "--no-cache")
    files = {d["file"] for d in found[1]["diagnostics"] if d["code"] == "K401"}
    assert files == {"partnerskap/bodoe/tiltak.yaml"}
    units.clear()
    assert validate_json(path) == found and units == []  # kept under the hashes of what was read


def test_a_changed_file_leaves_the_warm_record_as_it_is(
        forum: Any, cache_dir: Path, clock: Clock, units: list[str]) -> None:
    path = forum()
    validate_json(path)
    [record] = (cache_dir / f"v{cache_module.FORMAT}" / "warm").iterdir()
    kept = record.read_bytes()
    break_tiltak(path)
    units.clear()
    broken = validate_json(path)
    assert [d["code"] for d in broken[1]["diagnostics"]] == ["K401"] and len(units) == 1
    assert record.read_bytes() == kept  # the same units, folders and files: not written again
    units.clear()
    assert validate_json(path) == broken and units == []


def test_a_record_of_megabytes_is_written_as_it_is_pickled_and_reads_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kompetanse_cli.pipeline.cache import Cache, _RecordSink

    large = {"tiltak": [{"id": f"T{i}", "beskrivelse": f"{i:0200}"} for i in range(8000)]}
    streamed: list[int] = []
    original = _RecordSink.write

    def spy(self: _RecordSink, data: bytes) -> None:
        original(self, data)
        if self.parts is None:
            streamed.append(len(data))

    monkeypatch.setattr(_RecordSink, "write", spy)
    cache = Cache(tmp_path)
    files = {"small": [1, 2], "large": large, "after": "tekst"}
    cache.put_pack("k", files)
    assert streamed  # the large record went to the file as it was pickled
    assert cache.get_pack("k") == files
    assert cache.pack_records["k"] == 3
    raw = next((tmp_path / "v1" / "packs").iterdir()).read_bytes()
    assert len(raw) > 1_000_000


def test_a_unit_read_afresh_writes_its_pack_as_it_goes_and_puts_it_in_place_when_done(
        forum: Any, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold unit's checked files go to a new pack as they are checked (not held until the
    end); the pack appears under its name only once the unit is done."""
    from kompetanse_cli.pipeline.cache import Cache
    from kompetanse_cli.pipeline.runner import RuleRun

    path = forum()
    packs = cache_dir / "v1" / "packs"
    seen: list[tuple[list[str], int]] = []
    original = RuleRun.forum

    def forum_rules(self: RuleRun, ctx: Any) -> Any:
        temporary = [p for p in packs.iterdir() if p.name.endswith(".tmp")]
        records = sum(1 for p in temporary for _ in cache_module._records(p.read_bytes()))
        seen.append(([p.name for p in packs.iterdir() if p.suffix == ".pickle"], records))
        return original(self, ctx)

    monkeypatch.setattr(RuleRun, "forum", forum_rules)
    report = engine.validate([path], cache=Cache(cache_dir), jobs=1)
    files = report.files
    (named, records), = seen
    assert named == []  # not in place before the unit is done
    # the header and every partnership file, written before the forum rules ran
    assert records >= files
    (pack,) = packs.iterdir()
    assert pack.suffix == ".pickle"
    assert len(Cache(cache_dir).get_pack(pack.stem)) >= files - 1


def test_a_unit_that_fails_halfway_leaves_no_pack_behind(
        forum: Any, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kompetanse_cli.pipeline.cache import Cache
    from kompetanse_cli.pipeline.runner import RuleRun

    path = forum()

    def broken(self: RuleRun, ctx: Any) -> Any:
        raise RuntimeError("stopped")

    with monkeypatch.context() as patched:
        patched.setattr(RuleRun, "forum", broken)
        with pytest.raises(RuntimeError):
            engine.validate([path], cache=Cache(cache_dir), jobs=1)
    packs = cache_dir / "v1" / "packs"
    assert not packs.exists() or list(packs.iterdir()) == []
    assert validate_json(path) == validate_json(path, "--no-cache")
    assert [p.suffix for p in packs.iterdir()] == [".pickle"]


def test_files_only_partnership_rules_read_are_not_checked_again_where_nothing_changed(
        forum: Any, cache_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """With one tiltak.yaml changed, the other partnerships' findings come from the cache, and
    their behov.yaml and prioriteringer.yaml (which no forum rule reads) stay unchecked."""
    import kompetanse_cli.pipeline.schema as schema
    from kompetanse_cli.pipeline.cache import Cache

    path = forum()
    engine.validate([path], cache=Cache(cache_dir), jobs=1)
    checked_again: list[str] = []
    original = schema.Later.checked

    def spy(self: schema.Later) -> Any:
        if self._real is None:
            checked_again.append(self.rel)
        return original(self)

    monkeypatch.setattr(schema.Later, "checked", spy)
    break_tiltak(path)
    report = engine.validate([path], cache=Cache(cache_dir), jobs=1)
    changed = TILTAK.split("/")[1]
    others = [rel for rel in checked_again if f"/{changed}/" not in rel]
    assert any(rel.endswith("/tiltak.yaml") for rel in others)  # the forum rules read them
    assert not [rel for rel in others if rel.endswith(("/behov.yaml", "/prioriteringer.yaml"))]
    plain = engine.validate([path], jobs=1)
    assert report.diagnostics == plain.diagnostics and report.diagnostics


@pytest.fixture
def two_forums(tmp_path: Path, cache_dir: Path, clock: Clock) -> Path:
    """A folder of two forums, validated once with the cache (its warm record is written)."""
    from kompetanse_cli.pipeline.cache import Cache

    folder = tmp_path / "fylkene"
    for name in ("nordland", "vestland-fyo"):
        shutil.copytree(EXAMPLES / name, folder / name)
    engine.validate([folder], cache=Cache(cache_dir), jobs=1)
    return folder


def before_each_unit(monkeypatch: pytest.MonkeyPatch,
                     action: Callable[[Any, bool], None]) -> None:
    """`action(job, in_a_second_process)` before each unit is validated, in whichever process
    validates it."""
    parent = os.getpid()
    original = units_module._run

    def run(job: Any, *args: Any) -> Any:
        action(job, os.getpid() != parent)
        return original(job, *args)

    monkeypatch.setattr(units_module, "_run", run)


def where_units_ran(monkeypatch: pytest.MonkeyPatch, marks: Path) -> None:
    """Writes «child FORUM» or «parent FORUM» to `marks` for each unit validated."""

    def mark(job: Any, in_child: bool) -> None:
        with marks.open("a", encoding="utf-8") as out:
            out.write(f"{'child' if in_child else 'parent'} {job.layout.folder.name}\n")

    before_each_unit(monkeypatch, mark)


def test_a_changed_forum_is_validated_in_a_second_process_while_the_others_are_answered(
        two_forums: Path, tmp_path: Path, cache_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from kompetanse_cli.pipeline.cache import Cache

    marks = tmp_path / "validated-in"
    where_units_ran(monkeypatch, marks)
    break_tiltak(two_forums / "nordland")
    report = engine.validate([two_forums], cache=Cache(cache_dir), jobs=2)
    assert marks.read_text(encoding="utf-8").splitlines() == ["child nordland"]
    plain = engine.validate([two_forums], jobs=1)
    assert report.diagnostics == plain.diagnostics and report.files == plain.files
    assert any(d.code == "K401" for d in report.diagnostics)
    # what the second process learnt is in the cache: the next run reads nothing
    marks.unlink()
    assert engine.validate([two_forums], cache=Cache(cache_dir), jobs=2).diagnostics == \
        plain.diagnostics
    assert not marks.exists()


def test_a_second_process_that_fails_leaves_the_unit_to_this_one(
        two_forums: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kompetanse_cli.pipeline.cache import Cache

    def fail_in_the_child(job: Any, in_child: bool) -> None:
        if in_child:
            raise MemoryError

    before_each_unit(monkeypatch, fail_in_the_child)
    break_tiltak(two_forums / "nordland")
    report = engine.validate([two_forums], cache=Cache(cache_dir), jobs=2)
    assert report.diagnostics == engine.validate([two_forums], jobs=1).diagnostics
    assert any(d.code == "K401" for d in report.diagnostics)


def test_ctrl_c_while_the_second_process_validates_stops_it_at_once(
        two_forums: Path, tmp_path: Path, cache_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import signal
    import time

    from kompetanse_cli.pipeline.cache import Cache

    child = tmp_path / "child.pid"

    def slow_in_the_child(job: Any, in_child: bool) -> None:
        if in_child:
            child.write_text(str(os.getpid()), encoding="utf-8")
            time.sleep(60)

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    before_each_unit(monkeypatch, slow_in_the_child)
    break_tiltak(two_forums / "nordland")
    before = signal.signal(signal.SIGALRM, interrupt)
    started = time.monotonic()
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        with pytest.raises(KeyboardInterrupt):
            engine.validate([two_forums], cache=Cache(cache_dir), jobs=2)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
    assert time.monotonic() - started < 20
    with pytest.raises(ProcessLookupError):  # ended and waited for, not left behind
        os.kill(int(child.read_text(encoding="utf-8")), 0)


@pytest.mark.parametrize(("jobs", "where"), [(None, "child"), (1, "parent")])
def test_a_busy_machine_still_validates_a_changed_unit_in_the_second_process(
        two_forums: Path, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
        jobs: int | None, where: str) -> None:
    """The second process does the unit's work instead of this one, so the load of the machine
    does not keep it from starting; KOMP_JOBS=1 does."""
    from kompetanse_cli.pipeline.cache import Cache

    monkeypatch.setattr(os, "getloadavg", lambda: (6.0, 6.0, 6.0))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    marks = tmp_path / "validated-in"
    where_units_ran(monkeypatch, marks)
    break_tiltak(two_forums / "nordland")
    report = engine.validate([two_forums], cache=Cache(cache_dir), jobs=jobs)
    assert marks.read_text(encoding="utf-8").splitlines() == [f"{where} nordland"]
    assert any(d.code == "K401" for d in report.diagnostics)


def test_a_temporary_file_left_by_a_killed_write_is_removed_an_hour_later(
        forum: Any, cache_dir: Path) -> None:
    import time

    from kompetanse_cli.pipeline.cache import Cache

    packs = cache_dir / "v1" / "packs"
    packs.mkdir(parents=True)
    stale, fresh = packs / ".gammel.pickle.abc.tmp", packs / ".ny.pickle.def.tmp"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    engine.validate([forum()], cache=Cache(cache_dir), jobs=1)  # writes a pack
    assert not stale.exists()
    assert fresh.exists()  # perhaps another run's write in progress
