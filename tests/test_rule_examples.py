"""The «Bestått» and «Feiler» examples in every rule's documentation (`komp regler KODE`,
docs/regler.md) are run: each is put into a copy of an example forum where it belongs, and
komp must then report the rule's code for «Feiler» and not for «Bestått».

An example is a fragment of one planning file. PLACES says where it goes: the file, and the
mapping in it (the file's top, or a list entry by its `id`) that the fragment's keys are
merged into; a list of entries with `id` (or, as the forum's members, with `navn`) merges entry
by entry (an id given twice is a second entry), any other value (and a mapping by year, such as
a budget or a scheme's frames) replaces what was there, a line `...` stands for what is left as
it was, and a comment `# ingen KEY` removes the key. A comment `# forum.yaml: KEY: VALUE` (or
another planning file of the partnership) sets that file's KEY too, as the example's context;
after `# forum.yaml:` alone, the comment lines indented under it are the YAML to set.

A few comments say what is around the fragment: `# lagret som ENCODING` saves the file in that
encoding, `# komp kjøres med --dato DATE` checks the deadlines against that date, and for a
place with `git`, the copied forum is first committed to a new git repository, and the example's
`3f2a9c1` stands for that commit. The reading rules' examples are text (`text`): appended to the
file, put in place of it, a path the file is copied to (`copy`), or `PATH -> TARGET`, a
symbolic link (`link`; a relative TARGET that does not exist gets the file PATH was). Rules whose
examples cannot be shown this way are in PROSE with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES
from kompetanse_cli.diagnostics import Selection
from kompetanse_cli.pipeline import validate
from kompetanse_cli.rules import RULES, RULES_BY_CODE
from kompetanse_cli.rules.docs import parse_doc
from test_rule_cases import _git


@dataclass(frozen=True)
class Place:
    file: str
    """The planning file, relative to the forum."""
    path: tuple[str | int, ...] = ()
    """Keys from the file's top to the mapping the fragment goes into; a str `T2` after a
    list's key picks the entry with that id, an int the entry at that position."""
    base: str = "nordland"
    alone: str | None = None
    """The id of the only measure the forum keeps (the others would give the code too)."""
    text: str | None = None
    """For the reading rules, the example as text: `append` it to the file, `replace` the file
    with it, `copy` the file to the path it gives, or make the `link` it gives."""
    git: bool = False
    """The forum as copied is a commit of a new git repository, which `3f2a9c1` stands for."""


SALTEN = "partnerskap/salten"
BERGEN = "partnerskap/bergen-nordhordland"
FYO = "vestland-fyo"

PLACES: dict[str, Place] = {
    "K001": Place(f"{SALTEN}/behov.yaml", text="append"),
    "K002": Place(f"{SALTEN}/tiltak.yaml", text="append"),
    "K003": Place(f"{SALTEN}/partnerskap.yaml"),
    "K004": Place(f"{SALTEN}/tiltak.yaml", text="replace"),
    "K005": Place(f"{SALTEN}/tiltak.yaml", text="append"),
    "K006": Place(f"{SALTEN}/behov.yaml", text="link"),
    "K101": Place(f"{SALTEN}/tiltak.yaml", ("tiltak", "T2")),
    "K102": Place(f"{SALTEN}/partnerskap.yaml", ("eiere",)),
    "K103": Place(f"{SALTEN}/tiltak.yaml", ("tiltak", "T2", "budsjett", 2027)),
    "K120": Place(f"{SALTEN}/partnerskap.yaml", ("eiere", 0)),
    "K121": Place(f"{SALTEN}/partnerskap.yaml", ("eiere", 0)),
    "K130": Place(f"{SALTEN}/tiltak.yaml", text="copy"),
    "K201": Place(f"{SALTEN}/tiltak.yaml"),
    "K202": Place(f"{SALTEN}/prioriteringer.yaml"),
    "K203": Place("partnerskap/helgeland/tiltak.yaml", ("tiltak", "T3")),
    "K204": Place(f"{SALTEN}/tiltak.yaml", ("tiltak", "T3")),
    "K205": Place(f"{SALTEN}/prioriteringer.yaml", ("prioriteringer",)),
    "K206": Place(f"{SALTEN}/prioriteringer.yaml"),
    "K207": Place(f"{SALTEN}/partnerskap.yaml"),
    "K301": Place(f"{SALTEN}/partnerskap.yaml"),
    "K302": Place("forum.yaml"),
    "K303": Place("forum.yaml"),
    "K304": Place("forum.yaml"),
    "K305": Place("forum.yaml"),
    "K306": Place(f"{SALTEN}/partnerskap.yaml", ("eiere", 0)),
    "K307": Place("forum.yaml"),
    "K308": Place("forum.yaml"),
    "K309": Place("forum.yaml"),
    "K310": Place("forum.yaml"),
    "K311": Place("forum.yaml"),
    "K312": Place("forum.yaml"),
    "K313": Place(f"{SALTEN}/tiltak.yaml", ("tiltak", "T2", "budsjett", 2027), git=True),
    "K314": Place("forum.yaml"),
    "K401": Place(f"{SALTEN}/tiltak.yaml", ("tiltak", "T3")),
    "K402": Place(f"{SALTEN}/tiltak.yaml", ("tiltak", "T3")),
    "K403": Place(f"{SALTEN}/tiltak.yaml", ("tiltak", "T3")),
    "K404": Place(f"{SALTEN}/tiltak.yaml", ("tiltak", "T3")),
    "K405": Place(f"{SALTEN}/behov.yaml", ("behov", "B1")),
    "K406": Place(f"{SALTEN}/behov.yaml", ("behov", "B3")),
    "K407": Place(f"{SALTEN}/tiltak.yaml", ("tiltak", "T4")),
    "K408": Place(f"{SALTEN}/tiltak.yaml", ("tiltak", "T1")),
    "K409": Place("partnerskap/helgeland/tiltak.yaml", ("tiltak", "T5")),
    "K410": Place(f"{SALTEN}/partnerskap.yaml"),
    "K411": Place(f"{SALTEN}/partnerskap.yaml"),
    "K412": Place("forum.yaml", base=FYO),
    "K413": Place(f"{SALTEN}/tiltak.yaml", ("tiltak", "T3")),
    "K414": Place(f"{SALTEN}/tiltak.yaml"),
    "K416": Place("forum.yaml", base=FYO),
    "K415": Place(f"{BERGEN}/tiltak.yaml", ("tiltak", "T1"), base=FYO, alone="T1"),
    "K417": Place("partnerskap/sogn-og-fjordane/tiltak.yaml", ("tiltak", "T2"), base=FYO),
    "K418": Place("forum.yaml", base=FYO),
    "K419": Place("forum.yaml"),
    "K420": Place(f"{BERGEN}/tiltak.yaml", base=FYO),
    "K421": Place(f"{BERGEN}/tiltak.yaml", base=FYO, alone="T1"),
    "K501": Place(f"{SALTEN}/rapport.yaml"),
    "K502": Place(f"{SALTEN}/rapport.yaml"),
    "K503": Place(f"{SALTEN}/rapport.yaml"),
    "K504": Place(f"{SALTEN}/rapport.yaml"),
    "K505": Place(f"{SALTEN}/rapport.yaml"),
    "K506": Place(f"{SALTEN}/rapport.yaml"),
}

PROSE: dict[str, str] = {}

_DELETE = "__komp_slett__"


def _fragment(text: str) -> Any:
    """An example as YAML: `...` lines dropped, `# ingen KEY` as a key to remove."""
    lines = []
    for line in text.splitlines():
        if line.strip() == "...":
            continue
        gone = re.fullmatch(r"(\s*)# ingen ([a-z_0-9]+)\b.*", line)
        lines.append(f"{gone.group(1)}{gone.group(2)}: {_DELETE}" if gone else line)
    return yaml.safe_load("\n".join(lines))


def _merge(target: Any, fragment: Any, under: object = None) -> Any:
    years = isinstance(fragment, dict) and fragment and all(
        isinstance(k, int) for k in fragment)  # a budget or frames: as the example gives them
    if isinstance(target, dict) and isinstance(fragment, dict) and not years:
        out = dict(target)
        for key, value in fragment.items():
            if value == _DELETE:
                out.pop(key, None)
            else:
                out[key] = _merge(out.get(key), value, key)
        return out
    named = "navn" if under == "medlemmer" else "id"
    if isinstance(target, list) and isinstance(fragment, list) and fragment \
            and all(isinstance(e, dict) and named in e for e in fragment):
        by_id = {e.get(named): i for i, e in enumerate(target) if isinstance(e, dict)}
        out_list = list(target)
        seen: set[object] = set()
        for entry in fragment:
            index = by_id.get(entry[named])
            if index is None or entry[named] in seen:  # new, or the same id again: one more
                out_list.append(entry)
            else:
                out_list[index] = _merge(out_list[index], entry)
            seen.add(entry[named])
        return out_list
    if years:
        return {k: v for k, v in fragment.items() if v != _DELETE}
    return fragment


def _alone(forum: Path, place: Place) -> None:
    """Every measure of the forum but the placed one removed."""
    for path in forum.glob("partnerskap/*/tiltak.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        keep = place.alone if path == forum / place.file else None
        data["tiltak"] = [t for t in data["tiltak"] if t.get("id") == keep]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


_CONTEXT = re.compile(r"# ((?:forum|partnerskap|behov|prioriteringer|tiltak)\.yaml):(?: (.*))?")


def _context(forum: Path, place: Place, example: str) -> None:
    """The example's `# <file>: KEY: VALUE` comments (or `# <file>:` and the YAML in the comment
    lines indented under it), set in those files."""
    lines = example.splitlines()
    for number, line in enumerate(lines):
        found = _CONTEXT.fullmatch(line.strip())
        if found is None:
            continue
        text = found.group(2)
        if text is None:
            block = []
            for below in lines[number + 1:]:
                inner = re.fullmatch(r"\s*#(  .*)", below)
                if inner is None:
                    break
                block.append(inner.group(1))
            text = textwrap.dedent("\n".join(block))
        try:
            fragment = yaml.safe_load(text)
        except yaml.YAMLError:
            continue  # words, not YAML
        if not isinstance(fragment, dict):
            continue
        name = found.group(1)
        path = forum / name if name == "forum.yaml" else (forum / place.file).parent / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_merge(data, fragment), allow_unicode=True,
                                       sort_keys=False), encoding="utf-8")


def _apply(forum: Path, place: Place, example: str) -> None:
    path = forum / place.file
    if place.alone:
        _alone(forum, place)
    if place.git:
        example = example.replace("3f2a9c1", _commit(forum))
    if place.text is None:
        _context(forum, place, example)
    if place.text in ("copy", "link"):
        _place_file(forum, place, example)
        return
    if place.text is not None:
        lines = [line for line in example.splitlines() if line.strip() != "..."]
        before = path.read_text(encoding="utf-8") if place.text == "append" else ""
        path.write_text(before + "\n".join(lines) + "\n", encoding="utf-8")
        return
    fragment = _fragment(example)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    node = data
    parents: list[tuple[Any, Any]] = []
    for step in place.path:
        key: str | int
        if isinstance(node, list):
            key = step if isinstance(step, int) else next(
                i for i, e in enumerate(node) if isinstance(e, dict) and e.get("id") == step)
        else:
            key = step
        parents.append((node, key))
        node = node[key]
    merged = _merge(node, fragment)
    if parents:
        parent, key = parents[-1]
        parent[key] = merged
    else:
        data = merged
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    saved_as = re.search(r"# lagret som (\S+)", example)
    path.write_bytes(text.encode(saved_as.group(1) if saved_as else "utf-8"))


def _commit(forum: Path) -> str:
    """The forum, as it is, committed to a new git repository: the commit's id."""
    _git(forum, "init", "-q")
    _git(forum, "add", "-A")
    _git(forum, "commit", "-q", "-m", "innstillingen")
    return _git(forum, "rev-parse", "HEAD").strip()


def _place_file(forum: Path, place: Place, example: str) -> None:
    """The place's file copied to the example's path, or the example's link made."""
    for line in example.splitlines():
        found = re.fullmatch(r"(\S+)(?: -> (\S+))?(?:\s{2,}.*)?", line.strip())
        if found is None:
            continue
        path, target = forum / found.group(1), found.group(2)
        if place.text == "copy":
            if path != forum / place.file:
                shutil.copyfile(forum / place.file, path)
            continue
        assert target is not None, line
        if not target.startswith("/") and not (path.parent / target).exists():
            (path.parent / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, path.parent / target)
        path.unlink(missing_ok=True)
        path.symlink_to(target)


def _codes(forum: Path, example: str) -> set[str]:
    dato = re.search(r"--dato (\d{4}-\d\d-\d\d)", example)
    selection = Selection(infos=True, dato=dt.date.fromisoformat(dato.group(1)) if dato else None)
    return {d.code for d in validate([forum], selection).diagnostics}


@pytest.mark.parametrize("code", [rule.code for rule in RULES])
def test_every_rule_example_is_placed_or_named_as_prose(code: str) -> None:
    doc = parse_doc(RULES_BY_CODE[code].doc)
    assert "Bestått:" in doc.sections and "Feiler:" in doc.sections, code
    assert (code in PLACES) != (code in PROSE), code


@pytest.mark.parametrize(("code", "section"), [
    (code, section) for code in sorted(PLACES) for section in ("Bestått:", "Feiler:")])
def test_rule_example_gives_the_rules_code_only_when_it_fails(
        code: str, section: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    place = PLACES[code]
    if place.git:
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    forum = tmp_path / place.base
    shutil.copytree(EXAMPLES / place.base, forum)
    example = parse_doc(RULES_BY_CODE[code].doc).sections[section]
    _apply(forum, place, example)
    found = _codes(forum, example)
    if section == "Feiler:":
        assert code in found, found
    else:
        assert code not in found, found
