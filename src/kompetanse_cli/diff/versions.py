"""`komp diff`: reading the two versions of a forum (a revision from git, or the work tree) into
what is compared: measures, money, frames, vedtak, reports and the diagnostics of `komp validate`.

A revision's contents stay in memory: discovery sees the files' names in a temporary folder of
empty files (`names_folder`), and the pipeline reads each file's bytes from memory, as the
language server reads an editor's buffers. A file the same in both versions is checked once, and
its partnership's rules run once. The work tree is read where it stands.
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
from ..pipeline.gitrevs import Repo, files_at, resolve

WORK_TREE = "arbeidskopien"


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
        self.written: set[str] = set()
        """The names whose content is on disk (too large to give from memory)."""
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
                self.written.add(rel)
            else:
                if rel in self.written:  # too large in the version before: empty again
                    target.write_bytes(b"")
                    self.written.discard(rel)
                overrides[target] = content
        self.written &= self.present
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
def names_folder(name: str) -> Iterator[_Names]:
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
            if not isinstance(year, dict) or not whole_number(year.get("aar")):
                continue
            entries = {str(t["id"]): t for t in year.get("tiltak") or ()
                       if isinstance(t, dict) and isinstance(t.get("id"), (str, int))} \
                if isinstance(year.get("tiltak"), list) else {}
            version.reports.setdefault((prefix + partnership.slug, year["aar"]),
                                       {"dato": year.get("dato"), "tiltak": entries})
    for vedtak in raw_list(ctx.forum_file, "vedtak"):
        if isinstance(vedtak, dict) and whole_number(vedtak.get("aar")):
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


def whole_number(value: Any) -> bool:
    """An integer as YAML read it (a year, kroner), not true or false."""
    return isinstance(value, int) and not isinstance(value, bool)
