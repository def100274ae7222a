"""`komp fmt` over files: which planning files the paths name, each one formatted (and written
atomically when asked), and the cache's memory of files already in canonical layout.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, UsageError
from ..domain.planfiles import KIND_BY_FILENAME, FileKind
from ..files import os_feil_tekst, real_path, write_atomic
from ..pipeline.discover import discover, escapes, link_diagnostic, roots_for
from ..pipeline.load import load_bytes
from ..rules.k0_lesing import k001_yaml_syntaks as k001
from ..rules.k0_lesing import k003_ikke_utf8 as k003
from .text import FormatError, format_text

if TYPE_CHECKING:
    from ..pipeline.cache import Cache


@dataclass
class Outcome:
    """What fmt found for one file: its new text (None when unchanged) or the problems."""

    path: Path
    shown: str
    original: str = ""
    formatted: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: bool = False

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted != self.original

    def diff(self) -> str:
        if not self.changed:
            return ""
        assert self.formatted is not None
        return "".join(difflib.unified_diff(
            self.original.splitlines(keepends=True), self.formatted.splitlines(keepends=True),
            f"a/{self.shown}", f"b/{self.shown}"))


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return str(path)


def _unit_folder(path: Path) -> Path:
    """The folder a planning file belongs to: its forum for …/partnerskap/<slug>/<file>."""
    folder = path.parent
    return folder.parent.parent if folder.parent.name == "partnerskap" else folder


def collect(paths: Sequence[Path], unreadable: list[Outcome] | None = None,
            ) -> tuple[list[tuple[FileKind, Path]], list[Path]]:
    """The planning files the paths name, and the files given that are not planning files.

    Folders and files that cannot be read (K00x from discovery) are added to `unreadable`.
    """
    found: list[tuple[FileKind, Path]] = []
    skipped: list[Path] = []
    seen: set[Path] = set()

    def add(kind: FileKind, path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append((kind, path))

    for path in paths:
        if not path.exists():
            raise UsageError(f"finner ikke «{path}»")
        if path.is_file():
            kind = KIND_BY_FILENAME.get(path.name)
            if kind is None:
                skipped.append(path)
            elif escapes(path, roots_for(_unit_folder(path))):  # K006: never read or written
                shown = _shown(path)
                if unreadable is not None:
                    unreadable.append(Outcome(path, shown,
                                              diagnostics=[link_diagnostic(shown, path)]))
            else:
                add(kind, path)
            continue
        for layout in discover(path):
            for _, file in layout.files():
                add(KIND_BY_FILENAME[file.name], file)
            for problem in layout.diagnostics:
                if unreadable is not None and problem.code.startswith("K00"):
                    shown = _shown(layout.base / problem.file)
                    unreadable.append(Outcome(layout.base / problem.file, shown, diagnostics=[
                        dataclasses.replace(problem, file=shown)]))
    return found, skipped


def format_file(kind: FileKind, path: Path, *, write: bool,
                verdicts: Verdicts | None = None) -> Outcome:
    """Format one file; with `write`, replace it atomically when its layout changes. With
    `verdicts`, a file whose bytes are known to be canonical is neither parsed nor checked."""
    shown = _shown(path)
    outcome = Outcome(path, shown)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        outcome.diagnostics.append(k003.unreadable(shown, os_feil_tekst(exc)))
        return outcome
    verdict = verdicts.key(kind, raw) if verdicts is not None else ""
    if verdicts is not None and verdict in verdicts.known:
        outcome.original = outcome.formatted = raw.decode("utf-8")  # UTF-8 when it was learnt
        return outcome
    loaded = load_bytes(shown, raw, tree=True)
    if loaded.diagnostics:  # K0xx: the file must be fixed by hand first
        outcome.diagnostics.extend(loaded.diagnostics)
        return outcome
    text = raw.decode("utf-8-sig")
    outcome.original = raw.decode("utf-8")
    from .canonical import already_canonical

    if text == outcome.original and already_canonical(kind, text, loaded.source_map.root):
        outcome.formatted = outcome.original  # certainly unchanged: no round trip needed
        if verdicts is not None:
            verdicts.learnt.append(verdict)
        return outcome
    try:
        outcome.formatted = format_text(kind, text, shown)
    except FormatError as exc:
        outcome.diagnostics.append(k001.not_formatted(shown, exc.span, exc.message, exc.detail))
        return outcome
    if verdicts is not None and text == outcome.original and not outcome.changed:
        verdicts.learnt.append(verdict)
    if write and outcome.changed:
        try:
            mode = path.stat().st_mode
            if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
                why = "filen er skrivebeskyttet"
            else:
                write_atomic(real_path(path), outcome.formatted, stat.S_IMODE(mode))
                outcome.written = True
        except OSError as exc:
            why = os_feil_tekst(exc)
        if not outcome.written:
            outcome.diagnostics.append(k003.unwritable(shown, why))
    return outcome


MAX_VERDICTS = 200_000


class Verdicts:
    """Which files' bytes are known to be in canonical layout, as the cache remembers them.

    A verdict is keyed on the file's kind and its exact bytes, under the cache's environment
    key (komp's version and code): other bytes, or another komp, are a miss and are checked."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.name = _hash_key(cache.env, "fmt")
        stored = cache.get_record(self.name)
        self.known: set[str] = set(stored) if isinstance(stored, list) else set()
        self.learnt: list[str] = []

    @staticmethod
    def key(kind: FileKind, raw: bytes) -> str:
        return _hash_key(kind.name, raw)

    def save(self) -> None:
        if not self.learnt:
            return
        kept = [k for k in self.known if isinstance(k, str)] + self.learnt
        self.cache.put_record(self.name, kept[-MAX_VERDICTS:])


def _hash_key(*parts: str | bytes) -> str:
    from ..pipeline.cache import _hash

    return _hash(*parts)


def run(paths: Iterable[Path], *, write: bool, cache: Cache | None = None,
        jobs: int | None = None) -> tuple[list[Outcome], list[Path]]:
    """Format every planning file the paths name (raises UsageError for bad paths); with a
    `cache`, files known to be canonical are not checked again. `jobs`: how many processes a
    large run that writes nothing may use (None: komp decides, as for validation)."""
    unreadable: list[Outcome] = []
    files, skipped = collect(list(paths), unreadable)
    verdicts = Verdicts(cache) if cache is not None else None
    from ..pipeline.units import processes_for

    # Only a run that writes nothing is split: a worker stopped by Ctrl-C in the middle of an
    # atomic write would leave its temporary file behind.
    chunks = -(-len(files) // CHUNK)
    processes = 1 if write else processes_for(chunks, len(files), jobs)
    if processes > 1:
        outcomes = _in_parallel(files, verdicts, processes)
    else:
        outcomes = [format_file(kind, path, write=write, verdicts=verdicts)
                    for kind, path in files]
    if verdicts is not None:
        verdicts.save()
    return unreadable + outcomes, skipped


# --- two processes for large runs ----------------------------------------------------------

CHUNK = 64  # files per piece of work a worker takes
_SHARED: tuple[list[tuple[FileKind, Path]], Verdicts | None] | None = None  # forked


def _work(start: int) -> tuple[list[Outcome], list[str]]:
    """One chunk of files, checked in a worker: the outcomes (an unchanged file's text left
    out, since nothing reads it) and the verdicts learnt, for the parent to keep."""
    assert _SHARED is not None
    files, verdicts = _SHARED
    if verdicts is not None:
        verdicts.learnt = []
    outcomes = []
    for kind, path in files[start:start + CHUNK]:
        outcome = format_file(kind, path, write=False, verdicts=verdicts)
        if not outcome.changed and outcome.formatted is not None:
            outcome.original = outcome.formatted = ""
        outcomes.append(outcome)
    return outcomes, verdicts.learnt if verdicts is not None else []


def _in_parallel(files: list[tuple[FileKind, Path]], verdicts: Verdicts | None,
                 processes: int) -> list[Outcome]:
    """Check the files' layout in `processes` forked workers; the outcomes in file order."""
    global _SHARED
    import multiprocessing

    from ..pipeline.units import ignore_interrupt
    from . import canonical, roundtrip  # noqa: F401  # imported once, before the fork

    _SHARED = (files, verdicts)
    outcomes: list[Outcome] = []
    try:
        with multiprocessing.get_context("fork").Pool(processes,
                                                      initializer=ignore_interrupt) as pool:
            for done, learnt in pool.imap(_work, range(0, len(files), CHUNK)):
                outcomes.extend(done)
                if verdicts is not None:
                    verdicts.learnt.extend(learnt)
    finally:
        _SHARED = None
    return outcomes
