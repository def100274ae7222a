"""The warm record: which units a run found, so that the next run need not discover them again.

A run of `komp validate` with the cache keeps, per working folder and path arguments, a record of
what discovery found: every folder whose listing shaped the units (with the stat taken before it
was listed), and per unit how to discover it again, the parts of its layout that enter its
result key, its files (shown path and path) and the key of its stat index. The next run stats
the folders: when none changed (a name added, removed or renamed in a folder changes its times),
the units are what they were, and each unit's files are checked against its stat index as
discovery would have them. A unit whose files all match gets its result key from their hashes
in the index and its diagnostics from the stored result, without a listing, a read or an
import of the pipeline. A unit with a changed file is discovered again on its own and validated
as usual; a changed folder, a symbolic link, a folder that could not be listed, or a damaged
record sends the whole run through discovery, as without the record.

Racy folders are handled as racy files are (cache.RACY_NS): the record's stamp is taken before
anything was listed, and a folder whose times lie within RACY_NS of it is not trusted.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import cache as cache_module

if TYPE_CHECKING:
    from ..diagnostics import Selection
    from .cache import Cache
    from .discover import ForumLayout, Stat
    from .units import Outcome

FORMAT = 1


def _folder_entry(st: Stat) -> list[int]:
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _unchanged(folders: dict[str, list[int]], limit: int) -> bool:
    """Whether every folder has the stat it had, and had it since before `limit` (not racy)."""
    for path, entry in folders.items():
        st = os.stat(path)
        mtime, ctime, ino, dev = entry
        if (mtime != st.st_mtime_ns or ctime != st.st_ctime_ns or ino != st.st_ino
                or dev != st.st_dev or mtime >= limit or ctime >= limit):
            return False
    return True


class Unit:
    """One unit as the record knows it."""

    __slots__ = ("base", "files", "folders", "how", "parts", "stats_key")

    def __init__(self, how: Sequence[str], base: str, stats_key: str, parts: list[str],
                 files: list[tuple[str, str]], folders: dict[str, list[int]]) -> None:
        self.how = (str(how[0]), str(how[1]), str(how[2]))
        self.base = base
        self.stats_key = stats_key
        self.parts = parts
        self.files = files  # (shown path, path), in the unit's file order
        self.folders = folders  # its own folders: when one changed, it is discovered again


class Record:
    """The warm record of one working folder and path arguments."""

    def __init__(self, cache: Cache, paths: Sequence[Path], stamp: int) -> None:
        self.cache = cache
        self.stamp = stamp  # this run's start: before anything is listed or stat'ed
        try:
            here = os.getcwd()
        except OSError:  # the working folder was removed: only absolute paths can be found
            here = ""
        self.key = cache_module._hash(cache.env, "warm", str(FORMAT), here,
                                      *(os.fspath(p) for p in paths))
        self.base = ""
        self.folders: dict[str, list[int]] = {}
        self.units: list[Unit] = []
        self.limit = 0
        self.changed = True  # whether to write the record at the end of the run

    def load(self) -> bool:
        """Read the record; False when there is none, it is damaged, or a folder changed."""
        payload = self.cache.get_record(self.key)
        if payload is None:
            return False
        try:
            stamp, base, folders, units = payload
            self.limit = int(stamp) - cache_module.RACY_NS
            if not _unchanged(folders, self.limit):
                return False
            self.units = [Unit(how, str(unit_base), str(stats_key), [str(p) for p in parts],
                               [(str(rel), str(path)) for rel, path in files],
                               {str(p): list(e) for p, e in unit_folders.items()})
                          for how, unit_base, stats_key, parts, files, unit_folders in units]
            self.folders = {str(path): list(entry) for path, entry in folders.items()}
            self.base = str(base)
        except Exception:  # a folder gone, or a record of another shape: discover as usual
            self.units, self.folders = [], {}
            return False
        self.changed = False
        return True

    def answer(self, position: int, selection: Selection) -> Outcome | None:
        """The stored result of a unit whose files all match its stat index, else None.

        A file whose stat matches but that changed too close to when the index was written
        (racily clean) is read and hashed here: when its bytes are the ones in the index, the
        unit is still answered, and the index is stored again with this run's stamp so that
        the next run trusts the file's stat."""
        unit = self.units[position]
        try:
            if not _unchanged(unit.folders, self.limit):
                return None
        except (OSError, ValueError, TypeError):
            return None
        index = self.cache.get_stats(unit.stats_key)
        digests: list[tuple[str, str]] = []
        rehashed = False
        for rel, path in unit.files:
            try:
                st = os.stat(path)
            except OSError:
                return None
            digest = index.digest(rel, st)
            if digest is None:
                digest = self._rehash(index, rel, path, st)
                if digest is None:
                    return None
                rehashed = True
            digests.append((rel, digest))
        found = self.cache.get_result(cache_module.result_key(self.cache, unit.parts, digests,
                                                               selection))
        if found is not None and rehashed:
            from .cache import StatIndex

            self.cache.put_stats(unit.stats_key, StatIndex(index.files, self.stamp))
        return found

    def _rehash(self, index: Any, rel: str, path: str, st: os.stat_result) -> str | None:
        """The hash of a racily clean file whose bytes are still those of its index entry."""
        from .cache import Cache, _read_regular, stat_entry

        entry = index.files.get(rel)
        if type(entry) is not list or len(entry) != 6 or entry[:5] != stat_entry(st, "")[:5]:
            return None  # not racy: changed
        raw, read_st = _read_regular(Path(path))
        if raw is None or read_st is None or stat_entry(read_st, "")[:5] != entry[:5]:
            return None
        digest = Cache.digest(raw)
        return digest if digest == entry[5] else None

    def rediscover(self, position: int) -> ForumLayout | None:
        """The unit discovered again on its own (None when that fails: discover everything)."""
        from .discover import rediscover

        unit = self.units[position]
        try:
            layout = rediscover(unit.how)
        except (OSError, ValueError):
            return None
        layout.base = Path(unit.base)
        return layout

    def keep(self, position: int | None, layout: ForumLayout, stats_key: str,
             parts: list[str], listed: Sequence[tuple[str, str | Path, Any]]) -> bool:
        """Put a freshly discovered unit in the record (at `position`, or at the end); False
        when discovery met something the record cannot vouch for."""
        if layout.unwatched or not layout.how[0]:
            return False
        unit = Unit(layout.how, str(layout.base), stats_key, parts,
                    [(rel, os.fspath(path)) for rel, path, _ in listed],
                    {path: _folder_entry(st) for path, st in layout.watched})
        if position is None:
            self.units.append(unit)
            for path, st in layout.found_in:
                self.folders[path] = _folder_entry(st)
        elif self._same(self.units[position], unit):
            return True  # a file's content changed, not the unit: the record stays as it is
        else:
            self.units[position] = unit
        self.changed = True
        return True

    def _same(self, known: Unit, unit: Unit) -> bool:
        """Whether a unit discovered again is the one the record has, with folders the record's
        stamp can vouch for (a racy folder is trusted only once the record is written again)."""
        limit = self.limit
        return (known.how == unit.how and known.base == unit.base
                and known.stats_key == unit.stats_key and known.parts == unit.parts
                and known.files == unit.files and known.folders == unit.folders
                and all(e[0] < limit and e[1] < limit for e in unit.folders.values()))

    def save(self, base: Path) -> None:
        if not self.changed:
            return
        # the files as the tuples they are (marshal keeps them): no second list per file
        units = [[list(u.how), u.base, u.stats_key, u.parts, u.files, u.folders]
                 for u in self.units]
        self.cache.put_record(self.key, [self.stamp, str(base), self.folders, units])
