"""`komp diff`: what changed in a forum's plan between two git revisions, in domain terms.

Both versions are read from git without checking anything out (pipeline/gitrevs.py) and run
through the project's own pipeline (discover → check_layout → rules), so that measures, money
and diagnostics are compared exactly as `komp validate` and the documents see them. The
contents stay in memory: discovery sees the files' names in a temporary folder of empty files,
and the pipeline reads each file's bytes from memory, as the language server reads an editor's
buffers. A file the same in both versions is checked once, and its partnership's rules run
once. The work tree is read where it stands.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..inert import visible
from ..pipeline.gitrevs import GitError, Repo, files_at, find_repo, is_revision, resolve

__all__ = ["DiffError", "GitError", "Repo", "diff", "files_at", "find_repo", "is_revision",
           "markdown", "resolve", "text"]

FORMAT_VERSION = 1
WORK_TREE = "arbeidskopien"
_MONEY_KEYS = frozenset(("tilskudd_eier", "tilskudd_uh", "egenandel", "beloep"))


class DiffError(Exception):
    """A folder that cannot be compared: a partnership without its forum, or no forum in
    either version (exit 2, as a GitError)."""


# --- one version of the forum ----------------------------------------------------------------


@dataclass
class Version:
    """One version of the forum as the pipeline sees it."""

    label: str
    commit: str | None
    measures: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    scheme_money: dict[tuple[str, int], int] = field(default_factory=dict)
    recipient_money: dict[tuple[str, int], int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    frames: dict[tuple[str, int], int] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    present: bool = False
    reports: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    """rapport.yaml per (partnership, year): `dato` and the measures by id, as written."""
    vedtak: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    """forum.yaml's vedtak per (forum prefix, year), `tildelinger` by ordning and orgnr."""
    decided_money: dict[tuple[str, int], int] = field(default_factory=dict)
    used_money: dict[tuple[str, int], int] = field(default_factory=dict)


class _Names:
    """A temporary folder whose files have the names of a version's files and no content.

    Showing the next version creates and removes only the names that differ. Each file's bytes
    go to the pipeline from memory (`checker`), which also keeps what it checked: a file with the
    same name and bytes in the next version is not checked again.
    """

    def __init__(self, tmp: Path, name: str) -> None:
        from ..pipeline.buffers import BufferChecker

        self.folder = tmp / (name or "forum")
        self.folder.mkdir()
        self.present: set[str] = set()
        self.checker = BufferChecker()

    def show(self, files: dict[str, bytes]) -> Path:
        from ..pipeline.load import MAX_BYTES

        for rel in self.present - files.keys():
            (self.folder / rel).unlink()
        # a folder left empty (a partnership or a forum gone) is gone too, as from git
        for folder in sorted({p for rel in self.present - files.keys()
                              for p in (self.folder / rel).parents
                              if p.is_relative_to(self.folder) and p != self.folder},
                             key=lambda p: -len(p.parts)):
            if not any(folder.iterdir()):
                folder.rmdir()
        for rel in files.keys() - self.present:
            target = self.folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.touch()
        self.present = set(files)
        overrides: dict[Path, bytes] = {}
        for rel, content in files.items():
            target = self.folder / rel
            if len(content) > MAX_BYTES:  # on disk, so that the pipeline says it is too large
                target.write_bytes(content)
                self.present.discard(rel)  # written: made again next time
            else:
                overrides[target] = content
        self.checker.overrides = overrides
        return self.folder


def _names_base() -> str | None:
    """Where to make the folder of names: the user's TMPDIR if set, else a memory file system
    where Linux has one (creating a thousand names on a busy disk took a second), else the
    system's temporary folder."""
    if os.environ.get("TMPDIR"):
        return None
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


@contextmanager
def _names(name: str) -> Iterator[_Names]:
    with tempfile.TemporaryDirectory(prefix="komp-diff-", dir=_names_base()) as tmp:
        yield _Names(Path(tmp), name)


def load_version(folder: Path | None, label: str, commit: str | None,
                 checker: Any = None) -> Version:
    """Measures, money, frames and diagnostics of the forum in `folder` (None: no forum); with
    a `checker` (a BufferChecker), the files' contents come from it."""
    version = Version(label, commit)
    if folder is None:
        return version
    version.present = True
    from ..pipeline.aggregate import (
        add_up,
        recommended_by_recipient_year,
        recommended_by_scheme_year,
    )
    from ..pipeline.check import check_layout
    from ..pipeline.discover import discover

    layouts = discover(folder)
    several = len(layouts) > 1  # a folder of forums: partnerships and schemes named per forum
    contexts: list[Any] = []
    if checker is None:
        from ..pipeline import validate_with_contexts

        # One reading gives both the diagnostics and the models (reading twice was half the time).
        report, contexts = validate_with_contexts([folder])
        version.diagnostics = list(report.diagnostics)
        if len(contexts) != len(layouts):
            contexts = [check_layout(layout)[0] for layout in layouts]
    else:
        from ..pipeline import validate_unit

        found: list[Diagnostic] = []
        for layout in layouts:
            unit_report, ctx = validate_unit(layout, checker)
            found.extend(unit_report.diagnostics)
            contexts.append(ctx)
        version.diagnostics = sorted(dict.fromkeys(found), key=Diagnostic.sort_key)
    for layout, ctx in zip(layouts, contexts, strict=True):
        prefix = f"{layout.folder.name}/" if several else ""
        _collect(version, ctx, prefix)
        for (ordning, aar), beloep in recommended_by_scheme_year(ctx).items():
            version.scheme_money[(prefix + ordning, aar)] = beloep
        # the grant recipients (in DeKom FYO the county, which buys from the providers); an
        # organisation in several forums of the folder gets what they give it together
        named, unnamed = recommended_by_recipient_year(ctx)
        version.recipient_money = add_up([version.recipient_money, named, {
            (f"?{prefix}{slug}", aar): beloep for (slug, aar), beloep in unnamed.items()}])
    return version


def _collect(version: Version, ctx: Any, prefix: str = "") -> None:
    from ..domain.context import raw_list
    from ..pipeline.aggregate import add_up, decided_by_recipient_year, used_by_recipient_year

    for partnership in ctx.partnerships:
        for year in raw_list(partnership.files.get("rapport"), "rapport"):
            if not isinstance(year, dict) or not _number(year.get("aar")):
                continue
            entries = {str(t["id"]): t for t in year.get("tiltak") or ()
                       if isinstance(t, dict) and isinstance(t.get("id"), (str, int))} \
                if isinstance(year.get("tiltak"), list) else {}
            version.reports.setdefault((prefix + partnership.slug, year["aar"]),
                                       {"dato": year.get("dato"), "tiltak": entries})
    for vedtak in raw_list(ctx.forum_file, "vedtak"):
        if isinstance(vedtak, dict) and _number(vedtak.get("aar")):
            version.vedtak.setdefault((prefix, vedtak["aar"]), _vedtak_entry(vedtak))
    # an organisation in several forums of the folder gets what they decide and use together
    version.decided_money = add_up([version.decided_money, decided_by_recipient_year(ctx)])
    version.used_money = add_up([version.used_money, used_by_recipient_year(ctx)])
    for partnership in ctx.partnerships:
        for entry in raw_list(partnership.files.get("tiltak"), "tiltak"):
            if isinstance(entry, dict) and isinstance(entry.get("id"), (str, int)):
                version.measures.setdefault((prefix + partnership.slug, str(entry["id"])), entry)
        for key in ("eiere", "uh", "tilbydere"):
            for org in raw_list(partnership.partnerskap_file, key):
                if isinstance(org, dict) and org.get("orgnr") is not None:
                    version.names.setdefault(str(org["orgnr"]), str(org.get("navn", "")))
    forum = ctx.forum
    if forum is not None:
        for ordning, years in (forum.rammer or {}).items():
            for aar, beloep in years.items():
                version.frames[(prefix + ordning, aar)] = beloep
        if forum.fylkeskommune is not None:
            version.names.setdefault(forum.fylkeskommune.orgnr, forum.fylkeskommune.navn)


def _vedtak_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A vedtak as written, its `tildelinger` as ordning → orgnr → kroner (so a change to one
    recipient's amount is one field)."""
    out = {k: v for k, v in entry.items() if k != "tildelinger"}
    tildelinger = entry.get("tildelinger")
    if isinstance(tildelinger, list):
        grouped: dict[str, dict[str, Any]] = {}
        for t in tildelinger:
            if isinstance(t, dict):
                per = grouped.setdefault(str(t.get("ordning")), {})
                per[str(t.get("mottaker"))] = t.get("beloep")
        out["tildelinger"] = grouped
    elif tildelinger is not None:
        out["tildelinger"] = tildelinger
    return out


def version_at(repo: Repo, rev: str, names: _Names) -> Version:
    commit = resolve(repo, rev)
    files = files_at(repo, commit)
    if not files:
        return load_version(None, rev, commit)
    from ..pipeline.grunnlag import git_folder_for

    folder = names.show(files)
    # K313 reads a vedtak's grunnlag from the repository the version came from
    with git_folder_for(folder, repo.forum):
        return load_version(folder, rev, commit, names.checker)


def work_tree(repo: Repo) -> Version:
    from ..diagnostics import UsageError

    if not repo.forum.is_dir():
        return load_version(None, WORK_TREE, None)
    try:
        return load_version(repo.forum, WORK_TREE, None)
    except UsageError:  # the folder holds no forum (yet, or any more)
        return load_version(None, WORK_TREE, None)


# --- comparing -------------------------------------------------------------------------------


def _flatten(value: Any, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    if isinstance(value, dict) and value:
        out: dict[tuple[str, ...], Any] = {}
        for key, inner in value.items():
            out.update(_flatten(inner, (*prefix, str(key))))
        return out
    return {prefix: value}


def _field_order(path: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    from ..domain.models import Tiltak

    fields = list(Tiltak.model_fields)
    head = path[0] if path else ""
    return (fields.index(head) if head in fields else len(fields), path)


def _jsonable(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _money(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """A measure's requested money per year, as written (for added and removed measures)."""
    budsjett = entry.get("budsjett")
    out = []
    if isinstance(budsjett, dict):
        for aar, year in budsjett.items():
            if isinstance(year, dict):
                amounts = {k: _jsonable(year[k]) for k in ("tilskudd_eier", "tilskudd_uh",
                                                          "egenandel") if k in year}
                out.append({"year": aar if isinstance(aar, int) else str(aar), **amounts})
    return out


def _measure(key: tuple[str, str], entry: dict[str, Any]) -> dict[str, Any]:
    return {"partnership": key[0], "id": key[1],
            "title": entry.get("tittel") if isinstance(entry.get("tittel"), str) else None,
            "scheme": entry.get("ordning") if isinstance(entry.get("ordning"), str) else None,
            "budget": _money(entry)}


def _number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _money_path(path: tuple[str, ...]) -> bool:
    """The field holds kroner: a money key, or a recipient's amount in a vedtak's tildelinger."""
    return bool(path) and (path[-1] in _MONEY_KEYS or (path[0] == "tildelinger" and len(path) == 3))


def _changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    a, b = _flatten(old), _flatten(new)
    out = []
    for path in sorted(set(a) | set(b), key=_field_order):
        before, after = a.get(path), b.get(path)
        if path in a and path in b and type(before) is type(after) and before == after:
            continue
        change: dict[str, Any] = {"field": ".".join(path), "from": _jsonable(before),
                                  "to": _jsonable(after)}
        if _money_path(path) and (_number(before) or _number(after)) and (
                before is None or _number(before)) and (after is None or _number(after)):
            change["difference"] = (after or 0) - (before or 0)
        out.append(change)
    return out


def _money_rows(old: dict[Any, int], new: dict[Any, int], names: dict[str, str] | None,
                ) -> list[dict[str, Any]]:
    rows = []
    for key in sorted(set(old) | set(new), key=lambda k: (str(k[0]), k[1])):
        before, after = old.get(key, 0), new.get(key, 0)
        if before == after:
            continue
        if names is None:
            row: dict[str, Any] = {"scheme": key[0]}
        else:
            orgnr = key[0]
            unknown = orgnr.startswith("?")
            row = {"orgnr": None if unknown else orgnr,
                   "name": (f"ukjent mottaker i {orgnr[1:]}" if unknown else names.get(orgnr))}
        row.update({"year": key[1], "from": before, "to": after, "difference": after - before})
        rows.append(row)
    return rows


_DIAGNOSTIC_KEYS = ("file", "line", "severity", "code", "message")


def _report(key: tuple[str, int], entry: dict[str, Any]) -> dict[str, Any]:
    measures = entry.get("tiltak") or {}
    return {"partnership": key[0], "year": key[1],
            "date": str(entry["dato"]) if entry.get("dato") is not None else None,
            "measures": [{"id": ident,
                          "status": m.get("status") if isinstance(m.get("status"), str) else None}
                         for ident, m in measures.items()]}


def _vedtak(key: tuple[str, int], entry: dict[str, Any]) -> dict[str, Any]:
    return {"forum": key[0].rstrip("/") or None, "year": key[1],
            "date": str(entry["dato"]) if entry.get("dato") is not None else None,
            "case_number": str(entry["saksnummer"]) if entry.get("saksnummer") is not None
            else None,
            "as_recommended": entry.get("som_innstilt") is True,
            "basis": str(entry["grunnlag"]) if entry.get("grunnlag") is not None else None}


def _compared(old: dict[Any, dict[str, Any]], new: dict[Any, dict[str, Any]],
              describe: Any) -> dict[str, list[dict[str, Any]]]:
    """Entries added, removed and changed (with their changed fields) between two versions."""
    changed = []
    for key, entry in new.items():
        if key in old:
            fields = _changes(_jsonable(old[key]), _jsonable(entry))
            if fields:
                changed.append({**describe(key, entry), "changes": fields})
    return {"added": [describe(k, e) for k, e in new.items() if k not in old],
            "removed": [describe(k, e) for k, e in old.items() if k not in new],
            "changed": changed}


def compare(old: Version, new: Version) -> dict[str, Any]:
    """The differences between two versions, with English keys (the JSON output)."""
    added = [_measure(k, new.measures[k]) for k in new.measures if k not in old.measures]
    removed = [_measure(k, old.measures[k]) for k in old.measures if k not in new.measures]
    changed = []
    for key, entry in new.measures.items():
        before = old.measures.get(key)
        if before is None:
            continue
        fields = _changes(before, entry)
        if fields:
            changed.append({**_measure(key, entry), "changes": fields})
    names = {**old.names, **new.names}
    old_keys = {(d.code, d.file, d.message) for d in old.diagnostics}
    new_keys = {(d.code, d.file, d.message) for d in new.diagnostics}
    appeared = [d.to_json(_DIAGNOSTIC_KEYS) for d in new.diagnostics
                if (d.code, d.file, d.message) not in old_keys]
    fixed = [d.to_json(_DIAGNOSTIC_KEYS) for d in old.diagnostics
             if (d.code, d.file, d.message) not in new_keys]
    reports = _compared(old.reports, new.reports, _report)
    vedtak = _compared(old.vedtak, new.vedtak, _vedtak)
    result: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "from": {"revision": old.label, "commit": old.commit},
        "to": {"revision": new.label, "commit": new.commit},
        "measures": {"added": added, "removed": removed, "changed": changed},
        "money": {"by_scheme": _money_rows(old.scheme_money, new.scheme_money, None),
                  "by_recipient": _money_rows(old.recipient_money, new.recipient_money, names)},
        "frames": _money_rows(old.frames, new.frames, None),
        "vedtak": vedtak,
        "decided_by_recipient": _money_rows(old.decided_money, new.decided_money, names),
        "reports": reports,
        "used_by_recipient": _money_rows(old.used_money, new.used_money, names),
        "diagnostics": {"appeared": appeared, "fixed": fixed},
    }
    result["changed"] = bool(added or removed or changed or result["money"]["by_scheme"]
                             or result["money"]["by_recipient"] or result["frames"]
                             or any(vedtak.values()) or any(reports.values())
                             or result["decided_by_recipient"] or result["used_by_recipient"]
                             or appeared or fixed)
    return result


def forum_folder_of(path: Path) -> Path:
    """The forum folder to compare for `path`: itself, or the forum a partnership lies in.

    A partnership is compared as part of its forum (the money and the frames are the forum's);
    a partnership folder with no forum around it is refused.
    """
    from ..pipeline.discover import FORUM_FILENAME, PARTNERSHIP_FILENAMES

    folder = Path(os.path.abspath(path))
    if (folder / FORUM_FILENAME).is_file() or (folder / "partnerskap").is_dir():
        return path
    if folder.parent.name == "partnerskap":
        return folder.parent.parent
    if any((folder / name).is_file() for name in PARTNERSHIP_FILENAMES):
        raise DiffError(
            f"«{path}» er en partnerskapsmappe uten et forum rundt seg (forum.yaml og "
            "partnerskap/<navn>/); komp diff sammenligner et helt forum, så pek på forummappen")
    return path


def diff(forum: Path, rev: str, rev2: str | None) -> dict[str, Any]:
    """Compare the forum at `rev` with `rev2` (None: the work tree); a partnership folder
    means the forum it lies in."""
    forum = forum_folder_of(forum)
    repo = find_repo(forum)
    with _names(repo.forum.name) as names:
        old = version_at(repo, rev, names)
        new = version_at(repo, rev2, names) if rev2 is not None else work_tree(repo)
    if not old.present and not new.present:
        raise DiffError(f"finner ingen forum i «{forum}», verken i {old.label} eller i "
                        f"{new.label}")
    result = compare(old, new)
    result["forum"] = repo.prefix or "."
    return result


# --- output ----------------------------------------------------------------------------------


def _kr(value: int) -> str:
    from ..formatting import kroner

    return kroner(value)


def signed(value: int) -> str:
    """+50 000 kr / −100 000 kr (with a real minus sign)."""
    return ("+" if value >= 0 else "−") + _kr(abs(value))


def _value(field_name: str, value: Any) -> str:
    if value is None:
        return "–"
    if _money_path(tuple(field_name.split("."))) and _number(value):
        return _kr(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "(tom)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and not _number(value):
        return f"«{value}»" if field_name.split(".")[0] in ("tittel", "beskrivelse",
                                                            "samiske_perspektiver") else value
    return str(value)


def _field_label(name: str) -> str:
    return name.replace(".", " ")


def _change_text(change: dict[str, Any]) -> str:
    name = change["field"]
    text = f"{_field_label(name)}: {_value(name, change['from'])} → {_value(name, change['to'])}"
    if "difference" in change:
        text += f" ({signed(change['difference'])})"
    return text


def _measure_title(m: dict[str, Any]) -> str:
    title = f" «{m['title']}»" if m.get("title") else ""
    scheme = f" ({m['scheme']})" if m.get("scheme") else ""
    return f"{m['partnership']}/{m['id']}{title}{scheme}"


def _budget_text(m: dict[str, Any]) -> str:
    parts = []
    from ..pipeline.aggregate import requested_as_written

    for year in m["budget"]:
        parts.append(f"{year['year']}: {_kr(requested_as_written(year))}")
    return ("; søkt " + ", ".join(parts)) if parts else ""


def _recipient(row: dict[str, Any]) -> str:
    if row["orgnr"] is None:
        return str(row["name"])
    return f"{row['name']} ({row['orgnr']})" if row.get("name") else str(row["orgnr"])


def _money_line(label: str, row: dict[str, Any]) -> str:
    return (f"{label} {row['year']}: {_kr(row['from'])} → {_kr(row['to'])} "
            f"({signed(row['difference'])})")


def _where(d: dict[str, Any]) -> str:
    where = d["file"] or "(forum)"
    return f"{where}:{d['line']}" if d["line"] else where


_SEVERITY = {"error": "feil", "warning": "advarsel", "info": "info"}


def _label(side: dict[str, Any]) -> str:
    commit = f" ({side['commit'][:10]})" if side.get("commit") else ""
    return f"{side['revision']}{commit}"


def text(result: dict[str, Any]) -> str:
    """The differences for a terminal."""
    head = (f"Endringer i planen ({result['forum']}) fra {_label(result['from'])} "
            f"til {_label(result['to'])}")
    if not result["changed"]:
        return visible(f"Ingen endringer i planen ({result['forum']}) fra "
                       f"{_label(result['from'])} til {_label(result['to'])}.") + "\n"
    lines = [head, ""]
    measures = result["measures"]
    if measures["added"]:
        lines.append(f"Nye tiltak ({len(measures['added'])}):")
        lines += [f"  + {_measure_title(m)}{_budget_text(m)}" for m in measures["added"]]
    if measures["removed"]:
        lines.append(f"Fjernede tiltak ({len(measures['removed'])}):")
        lines += [f"  - {_measure_title(m)}{_budget_text(m)}" for m in measures["removed"]]
    if measures["changed"]:
        lines.append(f"Endrede tiltak ({len(measures['changed'])}):")
        for m in measures["changed"]:
            lines.append(f"  ~ {_measure_title(m)}")
            lines += [f"      {_change_text(c)}" for c in m["changes"]]
    money = result["money"]
    if money["by_scheme"]:
        lines += ["", "Innstilt per ordning:"]
        lines += [f"  {_money_line(r['scheme'], r)}" for r in money["by_scheme"]]
    if money["by_recipient"]:
        lines += ["", "Innstilt per mottaker:"]
        lines += [f"  {_money_line(_recipient(r), r)}" for r in money["by_recipient"]]
    if result["frames"]:
        lines += ["", "Rammer:"]
        lines += [f"  {_money_line(r['scheme'], r)}" for r in result["frames"]]
    lines += _cycle_text(result)
    found = result["diagnostics"]
    if found["appeared"]:
        lines += ["", f"Nye funn fra komp validate ({len(found['appeared'])}):"]
        lines += [f"  {_where(d)}: {_SEVERITY[d['severity']]} {d['code']} {d['message']}"
                  for d in found["appeared"]]
    if found["fixed"]:
        lines += ["", f"Rettet ({len(found['fixed'])}):"]
        lines += [f"  {_where(d)}: {_SEVERITY[d['severity']]} {d['code']} {d['message']}"
                  for d in found["fixed"]]
    # Each entry is one line: a line break or control character in a value is shown escaped.
    return "\n".join(visible(line) for line in lines) + "\n"


def _vedtak_title(v: dict[str, Any]) -> str:
    forum = f"{v['forum']}: " if v.get("forum") else ""
    parts = [f"{forum}vedtak for {v['year']}"]
    if v.get("date"):
        parts.append(f"datert {v['date']}")
    if v.get("case_number"):
        parts.append(f"sak {v['case_number']}")
    if v.get("as_recommended"):
        parts.append("som innstilt")
    return ", ".join(parts)


def _report_title(r: dict[str, Any]) -> str:
    measures = ", ".join(f"{m['id']} {m['status']}" if m.get("status") else str(m["id"])
                         for m in r["measures"])
    return f"rapport fra {r['partnership']} for {r['year']}" + (f" ({measures})" if measures else "")


_CYCLE = (("vedtak", "Vedtak", _vedtak_title), ("reports", "Rapporter", _report_title))
_CYCLE_MONEY = (("decided_by_recipient", "Tildelt per mottaker (vedtak)"),
                ("used_by_recipient", "Brukt per mottaker (rapporter)"))


def _cycle_text(result: dict[str, Any]) -> list[str]:
    """Vedtak and reports: added, removed and changed, and the money they move."""
    lines: list[str] = []
    for key, heading, title in _CYCLE:
        part = result.get(key) or {}
        if not any(part.values()):
            continue
        lines += ["", f"{heading}:"]
        lines += [f"  + {title(v)}" for v in part["added"]]
        lines += [f"  - {title(v)}" for v in part["removed"]]
        for v in part["changed"]:
            lines.append(f"  ~ {title(v)}")
            lines += [f"      {_change_text(c)}" for c in v["changes"]]
    for key, heading in _CYCLE_MONEY:
        if result.get(key):
            lines += ["", f"{heading}:"]
            lines += [f"  {_money_line(_recipient(r), r)}" for r in result[key]]
    return lines


def _cycle_markdown(result: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for key, heading, title in _CYCLE:
        part = result.get(key) or {}
        if not any(part.values()):
            continue
        out += [f"#### {heading}", ""]
        out += [f"- ➕ {_md(title(v))}" for v in part["added"]]
        out += [f"- ➖ {_md(title(v))}" for v in part["removed"]]
        for v in part["changed"]:
            out.append(f"- **{_md(title(v))}**")
            out += [f"  - {_md(_change_text(c))}" for c in v["changes"]]
        out.append("")
    for key, heading in _CYCLE_MONEY:
        rows = result.get(key) or []
        if not rows:
            continue
        out += [f"#### {heading}", "", "| Mottaker | År | Før | Etter | Endring |",
                "| --- | ---: | ---: | ---: | ---: |"]
        out += [f"| {_md(_recipient(r))} | {r['year']} | {_kr(r['from'])} | {_kr(r['to'])} | "
                f"{signed(r['difference'])} |" for r in rows]
        out.append("")
    return out


def _md(value: str) -> str:
    """Text safe inside a Markdown table cell or list item (control characters escaped, so
    that a carriage return cannot start a heading)."""
    out = visible(value).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "*_`[]":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")


def markdown(result: dict[str, Any]) -> str:
    """The differences as Markdown, for a merge-request description."""
    title = (f"### Endringer i planen fra `{visible(_label(result['from']))}` til "
             f"`{visible(_label(result['to']))}`")
    if not result["changed"]:
        return f"{title}\n\nIngen endringer i planen.\n"
    out = [title, ""]
    measures = result["measures"]
    for key, heading, sign in (("added", "Nye tiltak", "➕"), ("removed", "Fjernede tiltak", "➖")):
        if measures[key]:
            out += [f"#### {heading}", ""]
            out += [f"- {sign} {_md(_measure_title(m) + _budget_text(m))}" for m in measures[key]]
            out.append("")
    if measures["changed"]:
        out += ["#### Endrede tiltak", ""]
        for m in measures["changed"]:
            out.append(f"- **{_md(_measure_title(m))}**")
            out += [f"  - {_md(_change_text(c))}" for c in m["changes"]]
        out.append("")
    money = result["money"]
    tables = (("Innstilt per ordning", "Ordning", money["by_scheme"], lambda r: r["scheme"]),
              ("Innstilt per mottaker", "Mottaker", money["by_recipient"], _recipient),
              ("Rammer", "Ordning", result["frames"], lambda r: r["scheme"]))
    for heading, column, rows, label in tables:
        if not rows:
            continue
        out += [f"#### {heading}", "", f"| {column} | År | Før | Etter | Endring |",
                "| --- | ---: | ---: | ---: | ---: |"]
        out += [f"| {_md(str(label(r)))} | {r['year']} | {_kr(r['from'])} | {_kr(r['to'])} | "
                f"{signed(r['difference'])} |" for r in rows]
        out.append("")
    out += _cycle_markdown(result)
    found = result["diagnostics"]
    for key, heading in (("appeared", "Nye funn fra `komp validate`"), ("fixed", "Rettet")):
        if found[key]:
            out += [f"#### {heading}", ""]
            out += [f"- `{visible(_where(d)).replace('`', '')}` {_SEVERITY[d['severity']]} {d['code']}: "
                    f"{_md(d['message'])}" for d in found[key]]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
