"""The validation cache: results and checked files, keyed on content, komp's code and the rules.

Two levels, both keyed so that a stale entry can never be found, only missed:

- a unit's **result** (the diagnostics of one forum or partnership, as JSON), under a key made of
  every file's content hash, the unit's layout, the rule selection and the environment key
  (komp's version, a hash of the package's own source and data files, Python and the versions of
  pydantic, PyYAML and stdnum). When nothing changed, `komp validate` prints this result without
  importing pydantic, the YAML parser or the rules.
- a unit's **pack** (a pickle of each checked file, by file key = content hash, kind, path and
  environment; a file without findings as its plain data, checked again when read back): when
  some files changed, only those are read again, and the rules that span files run again on the
  cached models of the rest.

A third kind of entry makes a run where nothing changed cheap: a unit's **stat index** holds, for
each file, the `stat` it had when it was read (size, modification and change times in
nanoseconds, inode, device) with its content hash, as git's index does. A file whose stat is the
same as then is taken to have the same content, so it is neither read nor hashed; any other file
is read and hashed. A file changed twice within one tick of the file system's clock can keep its
size and times, so an entry is trusted only when the file's times lie at least RACY_NS before
the moment the entry was written ("racily clean" entries are hashed again, as git does). The
hash, not the stat, remains the key of every result and every checked file.

Entries are written atomically (temporary file, then rename); an entry that cannot be read, is
truncated or corrupt, counts as a miss. Nothing here decides what is valid: on a miss the
engine does the full work.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .. import __version__
from ..diagnostics import RECORD_KEYS, Diagnostic, Severity
from ..files import AtomicWriter, write_atomic, write_atomic_with

if TYPE_CHECKING:
    from ..diagnostics import Selection
    from ..domain.context import ForumContext, PartnershipContext
    from ..domain.planfiles import Checked
    from ..rules import Rule
    from .discover import ForumLayout, Stat

FORMAT = 1  # bump when the layout of the cache changes
_PACKAGE = Path(__file__).resolve().parents[1]
_CODE_SUFFIXES = (".py", ".toml", ".csv")
_DEPENDENCIES = ("pydantic", "pyyaml", "python_stdnum", "python-stdnum", "kompetanse_cli",
                 "kompetanse-cli")
MAX_RESULTS = 2000  # entries kept before the oldest half is pruned
MAX_PACKS = 500
MAX_STATS = 500
STALE_TEMPORARY_NS = 3600 * 10**9  # a temporary file this old was left by a killed write
# A file modified less than this before its stat index entry was written is hashed again next
# time: more than the coarsest timestamps in use (FAT: 2 s; ext3, HFS+: 1 s; the kernel's clock
# for file times runs a few milliseconds behind the one komp reads).
RACY_NS = 2_000_000_000


def _hash(*parts: bytes | str) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def default_dir() -> Path:
    """The user's cache directory for komp (where the cache lies unless told otherwise)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("komp"))


def _write_atomic(path: Path, data: bytes) -> None:
    write_atomic(path, data, durable=False)  # a lost cache entry is only a miss


def _prune(folder: Path, keep: int) -> None:
    """Drop the oldest half of the entries once there are more than `keep`, and temporary files
    an hour old (a write that was killed before it could clean up)."""
    try:
        entries = []
        for entry in os.scandir(folder):
            if not entry.is_file():
                continue
            if not entry.name.startswith("."):
                entries.append(entry)
            elif entry.name.endswith(".tmp") and \
                    entry.stat().st_mtime_ns < time.time_ns() - STALE_TEMPORARY_NS:
                os.unlink(entry.path)
        if len(entries) <= keep:
            return
        entries.sort(key=lambda e: e.stat().st_mtime_ns)
        for entry in entries[: len(entries) - keep // 2]:
            os.unlink(entry.path)
    except OSError:
        pass


def code_key(folder: Path | None) -> str:
    """A hash of komp's own source and data files (the rules and the regulation data).

    Computing it reads some sixty files; the result is remembered in the cache under a hash of
    their names, sizes and modification times, so a run only stats them. A change that keeps
    size and time (a rare edit within the same clock tick) is caught by the version key only;
    developers can clear the cache or run with --no-cache.
    """
    stats: list[str] = []
    files: list[tuple[str, str]] = []
    for root, dirs, names in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(names):
            if name.endswith(_CODE_SUFFIXES):
                path = os.path.join(root, name)
                rel = os.path.relpath(path, _PACKAGE)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                stats.append(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}")
                files.append((rel, path))
    meta = _hash(str(FORMAT), *stats)
    remembered = folder / f"v{FORMAT}" / "code" / meta if folder is not None else None
    if remembered is not None:
        try:
            text = remembered.read_text("ascii")
            if len(text) == 40:
                return text
        except (OSError, UnicodeDecodeError):
            pass
    parts: list[bytes | str] = []
    for rel, path in files:
        try:
            with open(path, "rb") as stream:
                parts += [rel, stream.read()]
        except OSError:
            parts += [rel, b"\0unreadable"]
    key = _hash(*parts)
    if remembered is not None:
        try:
            _write_atomic(remembered, key.encode("ascii"))
            _prune(remembered.parent, 100)
        except OSError:
            pass
    return key


def _dependencies() -> list[str]:
    """Names of the installed distributions komp's results depend on (they carry versions)."""
    found: list[str] = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found += sorted(n for n in names
                        if n.endswith(".dist-info") and n.lower().startswith(_DEPENDENCIES))
    return found


class Cache:
    """One cache directory; every method is safe to call when the directory is unusable."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.root = folder / f"v{FORMAT}"
        self.pack_records: dict[str, int] = {}  # records in each pack read (stale ones too)
        self.env = _hash(str(FORMAT), __version__, code_key(folder), sys.version,
                         *_dependencies())

    # --- keys -----------------------------------------------------------------------------

    @staticmethod
    def digest(raw: bytes) -> str:
        return hashlib.blake2b(raw, digest_size=20).hexdigest()

    def unit_key(self, layout_parts: Sequence[str], files: Iterable[tuple[str, str]],
                 select: Sequence[str], ignore: Sequence[str]) -> str:
        # One JSON text (unambiguous, and built in C) hashed at once: a national forum has
        # thousands of files, and hashing each part on its own was most of a warm run's key.
        text = json.dumps([self.env, list(select), list(ignore), list(layout_parts),
                           list(files)], ensure_ascii=False)
        return _hash("unit", text)

    def file_key(self, kind: str, rel: str, digest: str) -> str:
        return _hash(self.env, kind, rel, digest)

    def pack_key(self, location: Sequence[str]) -> str:
        return _hash(self.env, *location)

    def stats_key(self, location: Sequence[str]) -> str:
        return _hash(self.env, "stats", *location)

    # --- stat index ---------------------------------------------------------------------

    def get_stats(self, key: str) -> StatIndex:
        """The unit's stat index from its last run (empty when there is none or it is damaged)."""
        try:
            payload = json.loads((self.root / "stats" / f"{key}.json").read_bytes())
            if payload.get("key") != key:
                return StatIndex()
            stamp = payload["stamp"]
            files = payload["files"]
            if type(stamp) is not int or not isinstance(files, dict):
                return StatIndex()
            return StatIndex(files, stamp)
        except Exception:  # a missing, truncated or foreign entry is a miss
            return StatIndex()

    def put_stats(self, key: str, index: StatIndex) -> None:
        payload = {"key": key, "stamp": index.stamp, "files": index.files}
        folder = self.root / "stats"
        try:
            _write_atomic(folder / f"{key}.json", json.dumps(payload).encode("ascii"))
            _prune(folder, MAX_STATS)
        except (OSError, ValueError):
            pass

    # --- warm records (warm.py) ----------------------------------------------------------

    def get_record(self, key: str) -> Any:
        """A warm record as stored (None when there is none or it is damaged)."""
        import marshal

        try:
            raw = (self.root / "warm" / f"{key}.marshal").read_bytes()
            # marshal is not made for damaged input: only bytes komp wrote reach it
            if raw[:40].decode("ascii") != self.digest(raw[40:]):
                return None
            payload = marshal.loads(raw[40:])
            if not isinstance(payload, list) or len(payload) != 2 or payload[0] != key:
                return None
            return payload[1]
        except Exception:  # missing, truncated, foreign: a miss
            return None

    def put_record(self, key: str, record: Any) -> None:
        import marshal

        folder = self.root / "warm"
        try:
            raw = marshal.dumps([key, record])
            digest = self.digest(raw).encode("ascii")

            def write(stream: BinaryIO) -> None:  # not joined first: a national record is MBs
                stream.write(digest)
                stream.write(raw)

            write_atomic_with(folder / f"{key}.marshal", write, durable=False)
            _prune(folder, MAX_STATS)
        except (OSError, ValueError):
            pass

    # --- unit results -------------------------------------------------------------------

    def get_result(self, key: str) -> tuple[list[Diagnostic], int, dict[str, int]] | None:
        try:
            payload = json.loads((self.root / "results" / f"{key}.json").read_bytes())
            if payload.get("key") != key:
                return None
            diagnostics = [Diagnostic.from_json(d) for d in payload["diagnostics"]]
            overflow = {str(k): int(v) for k, v in payload["overflow"].items()}
            return diagnostics, int(payload["files"]), overflow
        except Exception:  # a missing, truncated or foreign entry is a miss, whatever the error
            return None

    def put_result(self, key: str, diagnostics: Sequence[Diagnostic], files: int,
                   overflow: dict[str, int]) -> None:
        payload = {"key": key, "files": files, "overflow": overflow,
                   "diagnostics": [d.to_json(RECORD_KEYS) for d in diagnostics]}
        folder = self.root / "results"
        try:
            _write_atomic(folder / f"{key}.json",
                          json.dumps(payload, ensure_ascii=False).encode("utf-8"))
            _prune(folder, MAX_RESULTS)
        except (OSError, ValueError):  # ValueError: text that is not UTF-8 is never cached
            pass

    # --- packs of checked files --------------------------------------------------------

    def get_pack(self, key: str) -> dict[str, Any]:
        """Checked files by file key from the unit's last runs (empty when there is none).

        A pack is a header and records, each its length, its hash and one pickle; later runs
        append records for what they checked anew. Reading stops at the first record that is
        cut off or damaged (a write that was interrupted): what came before it still counts.
        `pack_records` then says how many records the file held, stale ones too.
        """
        import gc
        import pickle

        self.pack_records[key] = 0
        try:
            raw = (self.root / "packs" / f"{key}.pickle").read_bytes()
        except OSError:
            return {}
        # Unpickling builds many long-lived objects and no cycles: keep the collector out.
        collecting = gc.isenabled()
        gc.disable()
        files: dict[str, Any] = {}
        try:
            records = _records(raw)
            header = pickle.loads(next(records))  # the user's own cache directory
            if not isinstance(header, dict) or header.get("key") != key \
                    or header.get("format") != PACK_FORMAT:
                return {}
            count = 0
            for payload in records:
                file_key, checked = _pack_reader()(io.BytesIO(payload)).load()
                files[file_key] = checked
                count += 1
            self.pack_records[key] = count
            return files
        except Exception:  # a corrupt or foreign pack: what was read before the damage
            return files
        finally:
            gc.freeze()
            if collecting:
                gc.enable()

    def open_pack(self, key: str) -> PackWriter | None:
        """A pack to write record by record as a unit is checked afresh (None when it cannot
        be made: the unit's pack is then written whole at the end, as by `put_pack`)."""
        try:
            return PackWriter(self.root / "packs" / f"{key}.pickle", key)
        except Exception:
            return None

    def put_pack(self, key: str, files: dict[str, Any], append: bool = False) -> None:
        """Store the checked files one pickle after another: pickling a large forum's files in
        one piece held the whole pickle and its memo in memory (twice the forum's models).

        With `append`, the records are added to the pack as it is (a run that checked one file
        anew writes one record, not the whole forum again)."""
        import pickle

        def record(item: tuple[str, Any]) -> bytes:
            payload = item[1] if isinstance(item[1], Pickled) else pickle.dumps(
                item, protocol=pickle.HIGHEST_PROTOCOL)
            return (len(payload).to_bytes(8, "little")
                    + hashlib.blake2b(payload, digest_size=20).digest() + payload)

        path = self.root / "packs" / f"{key}.pickle"
        if append:
            try:
                data = b"".join(record(item) for item in files.items())
                fd = os.open(path, os.O_WRONLY | os.O_APPEND)
                try:
                    os.write(fd, data)  # one write: another reader sees it whole or not at all
                finally:
                    os.close(fd)
                return
            except FileNotFoundError:
                pass  # gone: written afresh with what there is
            except Exception:
                return

        def write(stream: BinaryIO) -> None:
            for item in ({"key": key, "format": PACK_FORMAT}, *files.items()):
                sink = _RecordSink(stream)
                if isinstance(item, tuple) and isinstance(item[1], Pickled):
                    sink.write(item[1])
                else:
                    pickle.dump(item, sink, protocol=pickle.HIGHEST_PROTOCOL)
                sink.close()

        try:
            write_atomic_with(path, write, durable=False)
            _prune(path.parent, MAX_PACKS)
        except Exception:  # a pack that cannot be written is only a slower next run
            pass


PACK_FORMAT = 2


@functools.cache
def _pack_reader() -> type:
    """Reads a pack's record; a file without findings comes back as `schema.Later`, checked
    again only when it is first needed (made when a pack is first read: pickle and the schema
    are not imported before)."""
    import pickle

    from .schema import Later

    class PackReader(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            if module == "kompetanse_cli.pipeline.schema" and name == "_checked_again":
                return Later
            return super().find_class(module, name)

    return PackReader


class PackWriter:
    """A unit's whole pack, written record by record as its files are checked: it is put in
    place by `commit` when the unit is done, so the records are not held until then."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.writer = AtomicWriter(path, durable=False)
        self.broken = False
        self.add_record({"key": key, "format": PACK_FORMAT})

    def add(self, key: str, value: Any) -> None:
        self.add_record((key, value))

    def add_record(self, item: Any) -> None:
        import pickle

        if self.broken:
            return
        try:
            sink = _RecordSink(self.writer.stream)
            pickle.dump(item, sink, protocol=pickle.HIGHEST_PROTOCOL)
            sink.close()
        except Exception:  # a full disk, an object that does not pickle: no pack this time
            self.broken = True

    def commit(self) -> None:
        if self.broken:
            self.discard()
            return
        try:
            self.writer.commit()
            _prune(self.path.parent, MAX_PACKS)
        except Exception:
            pass

    def discard(self) -> None:
        self.writer.discard()


class Pickled(bytes):
    """A pack record's payload, pickled already (the pickle of its key and value): written as
    it is."""

    __slots__ = ()

    @classmethod
    def of(cls, key: str, value: Any) -> Pickled:
        import pickle

        return cls(pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))


class _RecordSink:
    """One record of a pack as it is pickled: the head (length and hash), then the payload.

    A small record is kept until it is complete and written after its head; a large one (a
    file of megabytes) goes to the stream as the pickler writes it, after room for the head,
    which is filled in at the end: pickled whole first, it was held in memory twice."""

    LARGE = 1 << 20

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.hash = hashlib.blake2b(digest_size=20)
        self.size = 0
        self.parts: list[bytes] | None = []
        self.head_at = 0

    def write(self, data: bytes) -> None:
        self.hash.update(data)
        self.size += len(data)
        if self.parts is None:
            self.stream.write(data)
            return
        self.parts.append(data)
        if self.size > self.LARGE:
            self.head_at = self.stream.tell()
            self.stream.write(bytes(28))
            self.stream.writelines(self.parts)
            self.parts = None

    def close(self) -> None:
        head = self.size.to_bytes(8, "little") + self.hash.digest()
        if self.parts is not None:
            self.stream.write(head)
            self.stream.writelines(self.parts)
            return
        end = self.stream.tell()
        self.stream.seek(self.head_at)
        self.stream.write(head)
        self.stream.seek(end)


def _records(raw: bytes) -> Iterator[bytes]:
    """The whole records of a pack, in order, up to the first that is cut off or damaged."""
    position, end = 0, len(raw)
    while position + 28 <= end:
        size = int.from_bytes(raw[position:position + 8], "little")
        start = position + 28
        payload = raw[start:start + size]
        if len(payload) != size or \
                hashlib.blake2b(payload, digest_size=20).digest() != raw[position + 8:start]:
            return
        yield payload
        position = start + size


def stat_entry(st: Stat, digest: str) -> list[Any]:
    """What the stat index keeps of one file: the parts of its stat that change with it, and
    the hash of the content read after that stat was taken."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev, digest]


class StatIndex:
    """One unit's files by shown path → stat entry, and when the entries were written."""

    def __init__(self, files: dict[str, Any] | None = None, stamp: int = 0) -> None:
        self.files: dict[str, Any] = files if files is not None else {}
        self.stamp = stamp

    def digest(self, rel: str, st: Stat) -> str | None:
        """The content hash of `rel` if its stat says it is unchanged and it is not racy."""
        entry = self.files.get(rel)
        if type(entry) is not list or len(entry) != 6:
            return None
        size, mtime, ctime, ino, dev, digest = entry
        if (size != st.st_size or mtime != st.st_mtime_ns or ctime != st.st_ctime_ns
                or ino != st.st_ino or dev != st.st_dev or type(digest) is not str):
            return None
        limit = self.stamp - RACY_NS
        if mtime >= limit or ctime >= limit:  # changed too close to when it was hashed
            return None
        return digest


def open_cache(enabled: bool = True, folder: Path | None = None) -> Cache | None:
    """The cache in `folder` (default: the user's cache directory), or None when it is off."""
    if not enabled:
        return None
    return Cache(folder or default_dir())


def result_key(cache: Cache, parts: Sequence[str], files: Sequence[tuple[str, str]],
               selection: Selection) -> str:
    """The key of a unit's result: its layout, the date, its files' hashes and the selection."""
    # the date is part of the key: a report can fall due overnight (K503)
    day = (selection.dato or dt.date.today()).isoformat()
    return cache.unit_key([*parts, "dato", day], files,
                          [p.upper() for p in selection.select]
                          + (["+info"] if selection.infos else []),
                          [p.upper() for p in selection.ignore])


# --- the files of one unit, as the pipeline reads them through the cache ---------------


class Snapshot:
    """The files of one unit as the cache sees them: each file's stat and content hash.

    Made by a stat of every file (no reading): a file whose stat matches the unit's stat index
    gets its hash from there. `read` then reads and hashes the others, keeping their bytes for
    the run. A file that cannot be read, or is too large, has no hash: the unit's result is then
    never cached. `unstable` is set when a file's content turns out to differ from what its
    stat promised within this run (it was being written): nothing is stored for the unit then.
    """

    def __init__(self, cache: Cache, layout: ForumLayout,
                 listed: Sequence[tuple[str, str | Path, Stat | None]], stamp: int) -> None:
        self.cache = cache
        self.stamp = stamp  # the run's start: before any of the files' stats were taken
        self._parts: list[str] | None = None
        self.location = [os.path.realpath(layout.base),
                         os.path.realpath(layout.folder),
                         str(layout.partnerships_only)]
        self.key = cache.stats_key(self.location)
        self.index = cache.get_stats(self.key)
        self.paths: dict[str, str | Path] = {}
        self.stats: dict[str, Stat] = {}
        self.digests: dict[str, str] = {}
        self.raws: dict[str, bytes] = {}
        self.unread: list[str] = []
        self.pending: set[str] = set()  # to be read when checked
        self.read_any = False
        self.unstable = False
        for rel, path, st in listed:
            self.paths[rel] = path
            if st is None:
                try:
                    st = os.stat(path)
                except OSError:
                    continue  # unreadable: no hash, no cached result
            self.stats[rel] = st
            digest = self.index.digest(rel, st)
            if digest is not None:
                self.digests[rel] = digest
            else:
                self.unread.append(rel)

    @property
    def complete(self) -> bool:
        """Every file has a hash (so the unit's result can be looked up and kept)."""
        return len(self.digests) == len(self.paths) and not self.unread and not self.pending

    def parts(self, layout: ForumLayout) -> list[str]:
        if self._parts is None:
            self._parts = _layout_parts(layout)
        return self._parts

    def result_key(self, layout: ForumLayout, selection: Selection) -> str | None:
        if not self.complete or self.unstable:
            return None
        digests = self.digests  # in the unit's file order, however they were found
        return result_key(self.cache, self.parts(layout),
                          [(rel, digests[rel]) for rel in self.paths], selection)

    def read(self) -> None:
        """Read and hash every file the stat index could not vouch for, when the unit's result
        may be known by content (every such file is in the index, only touched since).

        A file the index does not know (a new file, or a unit never read) makes that
        impossible: the files are then read one at a time as they are checked (`take`), so that
        a forum's bytes are not all held at once."""
        entries = self.index.files
        if any(rel not in entries for rel in self.unread):
            self.pending.update(self.unread)
        else:
            for rel in self.unread:
                self._read(rel)
        self.read_any = self.read_any or bool(self.unread)
        self.unread = []

    def take(self, rel: str) -> None:
        """Read and hash a file left for when it is checked (see `read`)."""
        if rel in self.pending:
            self.pending.discard(rel)
            self._read(rel)

    def _read(self, rel: str) -> None:
        raw, st = _read_regular(self.paths[rel])
        if raw is None or st is None:
            self.stats.pop(rel, None)
            return
        self.raws[rel] = raw
        self.stats[rel] = st
        self.digests[rel] = Cache.digest(raw)

    def bytes_of(self, rel: str) -> bytes | None:
        """The file's bytes: as read in this run, else read now (and checked against its hash)."""
        raw = self.raws.get(rel)
        if raw is not None:
            return raw
        raw = _verified(self.paths[rel], self.digests[rel])
        if raw is None:
            self.unstable = True
        return raw

    def reader(self, rel: str) -> Any:
        """The file's bytes for a deferred source map: from memory, or read when needed."""
        raw = self.raws.get(rel)
        if raw is not None:
            return raw
        path, digest = self.paths[rel], self.digests[rel]
        return lambda: _verified(path, digest)

    def save(self) -> None:
        """Store the stat index when files were read (their entries are new or were racy)."""
        if self.unstable or not self.read_any:
            return
        files = {rel: stat_entry(self.stats[rel], digest) for rel, digest in self.digests.items()
                 if rel in self.stats}
        # Stamped with the run's start, before every stat and read: a file changed after it was
        # read then has newer times than the stamp, even when it changed within the same tick.
        self.cache.put_stats(self.key, StatIndex(files, self.stamp))


def _read_regular(path: str | Path) -> tuple[bytes | None, Any]:
    """The bytes of a regular file of at most MAX_BYTES_FOR_CACHE and the stat taken before
    reading them (of the opened file), or (None, None)."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None, None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES_FOR_CACHE:
            return None, None
        # os.read until the end (no file object: that took half the time of reading)
        chunks = [os.read(fd, st.st_size + 1)]
        total = len(chunks[0])
        while chunks[-1] and total <= MAX_BYTES_FOR_CACHE:
            chunks.append(os.read(fd, min(1 << 16, MAX_BYTES_FOR_CACHE + 1 - total)))
            total += len(chunks[-1])
        if total > MAX_BYTES_FOR_CACHE:
            return None, None
        return chunks[0] if len(chunks) <= 2 else b"".join(chunks), st
    except OSError:
        return None, None
    finally:
        os.close(fd)


def _verified(path: str | Path, digest: str) -> bytes | None:
    """The file's bytes if they still have `digest`, else None."""
    raw, _ = _read_regular(path)
    return raw if raw is not None and Cache.digest(raw) == digest else None


PICKLE_AT_ONCE = 1 << 20  # files up to this size are pickled for the pack when checked


class UnitCache:
    """The files of one unit as hashed for the cache, and their checked results from last time.

    `check` returns a file's checked result from the unit's pack when its content is unchanged
    (with a source map that reads the same bytes only if a rule needs a position), and
    checks it afresh otherwise; `pack` then holds exactly the files of this run. The pack is
    written after the rules ran, which is safe because rules only read checked files.
    """

    def __init__(self, cache: Cache, layout: ForumLayout, snapshot: Snapshot) -> None:
        self.cache = cache
        self.snapshot = snapshot
        self.pack_key = cache.pack_key(snapshot.location)
        self.previous: dict[str, Any] | None = None
        self.pack: dict[str, Any] = {}
        self.changed = False
        self._file_keys: dict[tuple[str, str, str], str] = {}
        self.writer: PackWriter | None = None  # a unit without a pack: written as it is checked

    def _previous(self) -> dict[str, Any]:
        if self.previous is None:
            self.previous = self.cache.get_pack(self.pack_key)
            if not self.previous:
                self.writer = self.cache.open_pack(self.pack_key)
        return self.previous

    def _keep(self, key: str, value: Any) -> None:
        """`value` in this run's pack, pickled now so that the pack does not hold the file's
        models (the unit's context is then the only holder, and lets go of what its forum rules
        do not read): written at once to a new pack, else held as its pickle for `save`."""
        if self.writer is not None:
            self.writer.add(key, value)
            self.pack[key] = None  # written: only its key is held
        else:
            self.pack[key] = Pickled.of(key, value)

    def _file_key(self, kind: str, rel: str, digest: str) -> str:
        """`Cache.file_key`, remembered for the unit: its partnership's findings ask again."""
        known = self._file_keys.get((kind, rel, digest))
        if known is None:
            known = self._file_keys[(kind, rel, digest)] = self.cache.file_key(kind, rel, digest)
        return known

    def check(self, kind: Any, rel: str, path: str | Path) -> Checked:
        """`path` may be text: it is made a Path only for a file read past the cache."""
        from . import load
        from .schema import Later, check_file

        snapshot = self.snapshot
        snapshot.take(rel)
        digest = snapshot.digests.get(rel)
        if digest is None:  # unreadable or too large: no content to key on, so never cached
            self.changed = True
            return check_file(kind, load.read_file(rel, Path(path)))
        key = self._file_key(kind.name, rel, digest)
        checked = self._previous().get(key)
        if checked is not None and getattr(checked, "kind", None) is kind:
            if isinstance(checked, Later):
                checked.reader = snapshot.reader(rel)  # for when it is checked, if ever
            else:
                checked.loaded.source_map = load.SourceMap.deferred(snapshot.reader(rel))
        else:
            raw = snapshot.bytes_of(rel)
            if raw is None:  # changed since its stat: checked as it is now, and not kept
                return check_file(kind, load.read_file(rel, Path(path)))
            checked = check_file(kind, load.load_bytes(rel, raw))
            # The bytes are let go once checked, as for a file from the pack: a position a rule
            # asks for reads them again, checked against their hash (a file changed since makes
            # the unit unstable). A forum's files are then not all held while its rules run.
            snapshot.raws.pop(rel, None)
            checked.loaded.source_map = load.SourceMap.deferred(
                lambda: snapshot.bytes_of(rel))
            self.changed = True
            if len(raw) <= PICKLE_AT_ONCE:  # a larger file is pickled as it is written
                self._keep(key, checked)
                return checked
        self.pack[key] = checked
        return checked

    def save(self) -> None:
        """Store the pack if it changed, then let go of the unit's files and models.

        What was checked anew (files, partnerships' findings) is appended to the pack as it is;
        the whole pack is written again only when there is none, or when it holds more stale
        records than live ones."""
        previous = self.previous
        writer, self.writer = self.writer, None
        if writer is not None:
            if self.snapshot.unstable:
                writer.discard()
            else:
                for key, value in self.pack.items():
                    if value is not None:  # a large file, pickled as it is written
                        writer.add(key, value)
                writer.commit()
        elif self.snapshot.unstable:
            pass
        elif not previous:
            self.cache.put_pack(self.pack_key, self.pack)
        else:
            new = {k: v for k, v in self.pack.items() if k not in previous}
            records = self.cache.pack_records.get(self.pack_key, len(previous))
            if records + len(new) > 2 * len(self.pack):
                self.cache.put_pack(self.pack_key, self.pack)
            elif new:
                self.cache.put_pack(self.pack_key, new, True)
        self.pack, self.previous, self._file_keys = {}, {}, {}
        self.snapshot.raws = {}

    # --- the findings of partnership rules, kept per partnership (run_rules) ---------------

    def findings_key(self, ctx: ForumContext, partnership: PartnershipContext,
                     rules: Sequence[Rule], overrides: dict[str, Severity | None]) -> str | None:
        """The key of a partnership's findings: its files' keys, the rules and the forum's
        settings of them, and the date (None when a file has no content hash)."""
        files = []
        for kind, checked in sorted(partnership.files.items()):
            if checked is None:
                files.append([kind, None])
                continue
            rel = checked.path
            digest = self.snapshot.digests.get(rel)
            if digest is None:
                return None
            files.append([kind, self._file_key(checked.kind.name, rel, digest)])
        text = json.dumps([partnership.slug, files, [rule.code for rule in rules],
                           sorted((code, None if s is None else s.value)
                                  for code, s in overrides.items()),
                           sorted([code, name, value]
                                  for code, values in partnership.parametre.items()
                                  for name, value in values.items()),
                           ctx.today.isoformat()])
        return "findings:" + _hash(self.cache.env, text)

    def findings(self, key: str) -> list[Diagnostic] | None:
        found = self._previous().get(key)
        if isinstance(found, list):
            self.pack[key] = found
            return found
        return None

    def keep_findings(self, key: str, found: list[Diagnostic]) -> None:
        self._keep(key, found)

    def abandon(self) -> None:
        """The unit was not finished: what was written of its pack is removed."""
        if self.writer is not None:
            self.writer.discard()
            self.writer = None

MAX_BYTES_FOR_CACHE = 16 * 1024 * 1024  # loader.MAX_BYTES, without importing the loader


def _layout_parts(layout: ForumLayout) -> list[str]:
    """The parts of a unit's layout that shape its diagnostics, apart from file contents."""
    parts = [str(layout.folder.resolve()), str(layout.partnerships_only),
             layout.rel(layout.forum_file) if layout.forum_file is not None else ""]
    for partnership in layout.partnerships:
        parts += ["partnerskap", partnership.slug, *sorted(partnership.files)]
    parts += [repr(d) for d in layout.diagnostics]
    return parts
