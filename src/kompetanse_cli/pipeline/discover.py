"""Finding the planning files: a forum folder, a partnership folder, or a folder of forums."""

from __future__ import annotations

import os
import stat
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..diagnostics import Diagnostic, UsageError

if TYPE_CHECKING:
    from ..domain.planfiles import FileKind

# Discovery must stay light (no pydantic, no YAML parser): a warm `komp validate` answers from
# the cache after discovering and hashing the files. schema.py asserts these names match its kinds.
FORUM_FILENAME = "forum.yaml"
PARTNERSHIP_FILENAMES = ("partnerskap.yaml", "behov.yaml", "prioriteringer.yaml", "tiltak.yaml")
OPTIONAL_PARTNERSHIP_FILENAMES = ("rapport.yaml",)
"""Files a partnership may have; none is missing before its time (K503 says when it is due)."""
KNOWN_PARTNERSHIP_FILENAMES = PARTNERSHIP_FILENAMES + OPTIONAL_PARTNERSHIP_FILENAMES
_PARTNERSHIP_NAMES = frozenset(KNOWN_PARTNERSHIP_FILENAMES)


class FileStat(NamedTuple):
    """What the cache keeps of a file's or folder's stat: the parts that change when its content
    or identity does. A whole `os.stat_result` holds some twenty numbers: for the 18 000 files
    and 4 500 folders of a large national run they took more memory than any forum."""

    st_size: int
    st_mtime_ns: int
    st_ctime_ns: int
    st_ino: int
    st_dev: int


Stat = FileStat | os.stat_result


def file_stat(st: os.stat_result) -> FileStat:
    return FileStat(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def rediscover(how: tuple[str, str, str]) -> ForumLayout:
    """One unit discovered again as `ForumLayout.how` says (raises OSError when it is gone)."""
    kind, folder, base = how
    if kind == "forum":
        return _forum(Path(folder), Path(base))
    if kind == "lone":
        return _lone_partnership(Path(folder))
    raise OSError(f"unknown unit kind {kind!r}")


_STAT = struct.Struct("<QqqQQ")  # a FileStat in 40 bytes: size, the two times, inode, device


class PartnershipLayout:
    """One partnership folder: its slug and the path of each of its files that exists.

    Kept small, as a national run holds thousands: the folder as text, the names of its files,
    and their stats packed in one bytes object; `files` and `texts` are made when asked for.
    """

    __slots__ = ("_folder", "_names", "_stats", "slug")

    def __init__(self, slug: str, folder: Path | str, files: dict[str, Path] | None = None,
                 stats: dict[str, FileStat] | None = None) -> None:
        self.slug = slug
        self._folder = os.fspath(folder)
        self._names: tuple[str, ...] = _shared(tuple(files or ()))
        stats = stats or {}
        self._stats = b"".join(
            b"\x01" + _STAT.pack(*stats[name]) if name in stats else b"\x00"
            for name in self._names)

    @property
    def folder(self) -> Path:
        return Path(self._folder)

    @property
    def folder_text(self) -> str:
        return self._folder

    @property
    def files(self) -> dict[str, Path]:
        """Each file's path by its name (a new dict on each call)."""
        folder = Path(self._folder)
        return {name: _child(folder, name) for name in self._names}

    def texts(self) -> list[tuple[str, str, FileStat | None]]:
        """Each file's name, its path as text and the stat discovery took of it (or None)."""
        out: list[tuple[str, str, FileStat | None]] = []
        folder, raw, at = self._folder, self._stats, 0
        for name in self._names:
            st = None
            if raw[at]:
                st = FileStat(*_STAT.unpack_from(raw, at + 1))
                at += 1 + _STAT.size
            else:
                at += 1
            out.append((name, os.path.join(folder, name), st))
        return out

    def __repr__(self) -> str:
        return f"PartnershipLayout({self.slug!r}, {self._folder!r}, {list(self._names)!r})"


_NAMES: dict[tuple[str, ...], tuple[str, ...]] = {}


def _shared(names: tuple[str, ...]) -> tuple[str, ...]:
    """One tuple for each set of file names (nearly every partnership has the same four)."""
    return _NAMES.setdefault(names, names) if len(_NAMES) < 64 else names


@dataclass
class ForumLayout:
    """A forum (or a lone partnership, with or without its forum) to validate as one unit.

    `base` is the folder paths are shown relative to; `folder` is the unit's own folder (the
    forum folder, or the one partnership's), which tells units apart; `forum_file` is None when
    no forum.yaml belongs to the unit; `partnerships_only` is set when one partnership was
    asked for.
    """

    base: Path
    forum_file: Path | None
    partnerships: list[PartnershipLayout]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    partnerships_only: bool = False
    folder: Path = Path(".")
    forum_stat: FileStat | None = None
    # The real folders a symlink in the unit may point into (K006): the folder given, and the
    # git work tree it lies in.
    roots: tuple[str, ...] = ()
    watched: list[tuple[str, FileStat]] = field(default_factory=list)
    """Every folder whose listing shaped the unit, with the stat taken before it was listed: a
    name added, removed or renamed in a folder changes its times (the cache's warm record)."""
    found_in: list[tuple[str, FileStat]] = field(default_factory=list)
    """The folders listed to find the unit among others (a folder of forums and its folders)."""
    unwatched: bool = False
    """Discovery met something that folder stats cannot vouch for (a symbolic link, whose target
    can change without any watched folder changing; a folder it could not list): the warm
    record is not kept."""
    how: tuple[str, str, str] = ("", "", "")
    """How to discover this unit again on its own: ("forum", folder, base) or ("lone", folder,
    "")."""

    def rel(self, path: Path | str) -> str:
        # Discovered paths are built by joining onto the base, so the relative path is usually
        # a plain suffix; os.path.relpath (two abspath calls) was 3 % of a national run.
        text, base = str(path), str(self.base)
        if base not in ("", ".") and text.startswith(base) and text[len(base):len(base) + 1] == os.sep \
                and ".." not in text[len(base):].split(os.sep):
            rel = text[len(base) + 1:].replace(os.sep, "/")
        else:
            rel = os.path.relpath(path, self.base).replace(os.sep, "/")
        return rel if rel.isascii() else shown_name(rel)  # printable, whatever the bytes

    def paths(self) -> list[Path]:
        """Every file of the unit: forum.yaml first, then each partnership's files."""
        out = [self.forum_file] if self.forum_file is not None else []
        for partnership in self.partnerships:
            out.extend(partnership.files.values())
        return out

    def listed(self) -> list[tuple[str, str, FileStat | None]]:
        """Every file of the unit as `paths` orders them: its shown path, its path as text and
        the stat discovery took of it (None when it took none)."""
        out: list[tuple[str, str, FileStat | None]] = []
        if self.forum_file is not None:
            out.append((self.rel(self.forum_file), str(self.forum_file), self.forum_stat))
        for partnership in self.partnerships:
            out.extend((rel, path, st) for _, rel, path, st in self.listed_in(partnership))
        return out

    def listed_in(self, partnership: PartnershipLayout,
                  ) -> list[tuple[str, str, str, FileStat | None]]:
        """Each file of one partnership: its name, its shown path, its path as text and the
        stat discovery took of it (or None)."""
        prefix = self.rel(partnership.folder_text)  # one `rel` per folder, not per file
        prefix = "" if prefix == "." else prefix + "/"
        return [(name, prefix + shown_name(name), path, st)
                for name, path, st in partnership.texts()]

    def files(self) -> list[tuple[FileKind | None, Path]]:
        from ..domain.planfiles import FORUM

        out: list[tuple[FileKind | None, Path]] = []
        if self.forum_file is not None:
            out.append((FORUM, self.forum_file))
        for partnership in self.partnerships:
            out.extend((None, path) for path in partnership.files.values())
        return out


def roots_for(path: Path) -> tuple[str, ...]:
    """The real folders that links under `path` may point into: `path` itself (a file: its
    folder) and the git work tree around it."""
    real = os.path.realpath(path)
    if not os.path.isdir(real):
        real = os.path.dirname(real)
    roots = [real]
    current = real
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            if current not in roots:
                roots.append(current)
            break
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return tuple(roots)


def escapes(path: Path, roots: tuple[str, ...]) -> bool:
    """Whether `path` is a symlink whose target lies outside every root (never read: K006)."""
    try:
        if not path.is_symlink():
            return False
    except OSError:
        return False
    real = os.path.realpath(path)
    return not any(real == root or real.startswith(root.rstrip(os.sep) + os.sep)
                   for root in roots)


def link_diagnostic(rel: str, path: Path) -> Diagnostic:
    """K006 for a link out of the forum: where it is and where it points, never what it holds."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    from ..rules.k0_lesing import k006_lenke_utenfor as k006

    return k006.diagnostic(rel, shown_name(path.name), shown_name(target))


def _outside(path: Path, layout: ForumLayout) -> bool:
    """K006: a link out of the unit's roots is reported and never followed."""
    if not layout.unwatched and os.path.islink(path):
        layout.unwatched = True
    if escapes(path, layout.roots):
        layout.diagnostics.append(link_diagnostic(layout.rel(path), path))
        return True
    return False


def _is_forum(folder: Path) -> bool:
    return (folder / FORUM_FILENAME).is_file() or (folder / "partnerskap").is_dir()


def _is_partnership(folder: Path) -> bool:
    return any((folder / name).is_file() for name in KNOWN_PARTNERSHIP_FILENAMES)


def shown_name(name: str) -> str:
    """A file or folder name as it can be printed: bytes that are not UTF-8 as `\\xNN`."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")


def _not_utf8(name: str) -> bool:
    return shown_name(name) != name


def discover(path: Path) -> list[ForumLayout]:
    """The units to validate for one PATH argument (a file means the folder it lies in)."""
    try:
        if not path.exists():
            raise UsageError(f"finner ikke «{shown_name(str(path))}»")
        if not path.is_dir() and not path.is_file():
            raise UsageError(
                f"«{shown_name(str(path))}» er verken en mappe eller en vanlig fil; pek på en "
                "forummappe eller en partnerskapsmappe")
        folder = path.parent if path.is_file() else path
        # What the folder is (a forum, a partnership, a folder of forums) depends on its names:
        # its stat, before they are looked at, tells the warm record when to look again.
        watched = [_watch(folder)]
        links = os.path.islink(path)
        roots = roots_for(folder)
        if _is_forum(folder):
            layout = _forum(folder, base=path if path.is_dir() else folder, roots=roots)
        elif _is_partnership(folder):
            layout = _lone_partnership(folder, roots)
        else:
            layout = None
        if layout is not None:
            layout.found_in = watched
            layout.unwatched = layout.unwatched or links
            return [layout]
        forums: list[Path] = []
        with os.scandir(folder) as scan:
            children = sorted((entry.name, entry.is_symlink()) for entry in scan)
        for name, is_link in children:
            child = _child(folder, name)
            if name.startswith(".") or not child.is_dir():
                continue
            watched.append(_watch(child))  # before looking into it
            links = links or is_link
            if _is_forum(child):
                forums.append(child)
    except OSError as exc:
        from ..files import os_feil_tekst
        raise UsageError(f"kan ikke lese «{shown_name(str(path))}» ({os_feil_tekst(exc)})") \
            from None
    if forums:
        layouts = [_forum(child, base=folder, roots=roots) for child in forums]
        for layout in layouts:  # a forum added to the folder, or a folder made a forum
            layout.found_in = watched
            layout.unwatched = layout.unwatched or links
        return layouts
    raise UsageError(
        f"«{shown_name(str(path))}» er verken en forummappe (med forum.yaml) eller en "
        "partnerskapsmappe (med partnerskap.yaml)")


def _watch(folder: Path) -> tuple[str, FileStat]:
    """A folder's stat, taken before it is listed (for the warm record)."""
    return str(folder), file_stat(os.stat(folder))


class _Entry(NamedTuple):
    """One entry of a folder as listed: its name, its kind, and its stat when asked for."""

    name: str
    is_dir: bool
    is_file: bool
    stat: FileStat | None
    is_link: bool = False


_SCAN_FD = os.scandir in os.supports_fd and os.stat in os.supports_dir_fd
_NO_NAMES: frozenset[str] = frozenset()


def _entries(folder: Path, layout: ForumLayout, wanted: frozenset[str] = _NO_NAMES,
             ) -> list[_Entry] | None:
    """The entries of `folder` sorted by name, or None (with a diagnostic) when it cannot be
    read; the regular files named in `wanted` with their stat (kept for the cache's stat index).

    Listed through a descriptor of the folder where the platform allows it, so that each stat
    looks up one name instead of walking the whole path again; a national run has thousands.
    """
    try:
        if not _SCAN_FD:
            layout.watched.append(_watch(folder))
            with os.scandir(folder) as scan:
                found = sorted((_entry(e, wanted) for e in scan), key=_name)
        else:
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                layout.watched.append((str(folder), file_stat(os.fstat(fd))))
                with os.scandir(fd) as scan:  # entries that stat through `fd`: used before closing
                    found = sorted((_entry(e, wanted) for e in scan), key=_name)
            finally:
                os.close(fd)
        if not layout.unwatched and any(entry.is_link for entry in found):
            layout.unwatched = True
        return found
    except OSError as exc:
        from ..files import os_feil_tekst
        from ..rules.k0_lesing import k003_ikke_utf8 as k003

        layout.unwatched = True
        layout.diagnostics.append(k003.unreadable_folder(
            layout.rel(folder), shown_name(folder.name), os_feil_tekst(exc)))
        return None


def _name(entry: _Entry) -> str:
    return entry.name


def _entry(entry: os.DirEntry[str], wanted: frozenset[str]) -> _Entry:
    try:
        is_dir = entry.is_dir()
    except OSError:
        is_dir = False
    try:
        is_file = not is_dir and entry.is_file()
    except OSError:
        is_file = False
    st = None
    if is_file and entry.name in wanted:
        try:
            st = file_stat(entry.stat())
        except OSError:
            st = None
    try:
        is_link = entry.is_symlink()  # from the listing itself on Linux: no extra system call
    except OSError:
        is_link = False
    return _Entry(entry.name, is_dir, is_file, st, is_link)


# `folder / name` parses `name` again for separators; a listed name has none, and pathlib's own
# child constructor (used by its iterdir and glob) costs a seventh as much: a third of
# discovering a national corpus. Where this Python has no such method, `/` it is.
_CHILD = getattr(Path, "_make_child_relpath", None)


def _child(folder: Path, name: str) -> Path:
    """`folder / name` for a name from a directory listing."""
    if _CHILD is not None:
        child = _CHILD(folder, name)
        if isinstance(child, Path):
            return child
    return folder / name


def _forum(folder: Path, base: Path, roots: tuple[str, ...] = ()) -> ForumLayout:
    watched = [_watch(folder)]
    forum_file = folder / FORUM_FILENAME
    try:
        forum_stat: os.stat_result | None = os.stat(forum_file)
    except (OSError, ValueError):
        forum_stat = None
    irregular = forum_stat is not None and not stat.S_ISREG(forum_stat.st_mode)
    if irregular:
        forum_stat = None
    layout = ForumLayout(base, forum_file if forum_stat is not None else None, [], folder=folder,
                         forum_stat=file_stat(forum_stat) if forum_stat is not None else None,
                         roots=roots or roots_for(folder),
                         watched=watched, how=("forum", str(folder), str(base)))
    if _outside(forum_file, layout):
        layout.forum_file = layout.forum_stat = None
    elif irregular:
        layout.diagnostics.append(_not_regular(layout, forum_file, forum_file.is_dir()))
    elif layout.forum_file is None:
        from ..rules.k1_skjema import k102_mangler_noekkel as k102

        layout.diagnostics.append(k102.missing_forum_file(layout.rel(forum_file)))
    for name in KNOWN_PARTNERSHIP_FILENAMES:
        if (folder / name).exists():
            layout.diagnostics.append(_misplaced(layout, folder / name))
    root = folder / "partnerskap"
    if root.is_dir() and not _outside(root, layout):
        for entry in _entries(root, layout) or ():
            if entry.name.startswith("."):
                continue
            child = _child(root, entry.name)
            if entry.is_link and _outside(child, layout):
                continue
            if not entry.is_dir:
                if entry.name.lower().endswith((".yaml", ".yml")):
                    layout.diagnostics.append(_misplaced(layout, root / entry.name))
                continue
            if _not_utf8(entry.name):
                from ..rules.k0_lesing import k003_ikke_utf8 as k003

                layout.diagnostics.append(
                    k003.folder_name_not_utf8(layout.rel(child), shown_name(entry.name)))
                continue
            partnership = _partnership(child, layout)
            if partnership is not None:
                layout.partnerships.append(partnership)
    return layout


def _lone_partnership(folder: Path, roots: tuple[str, ...] = ()) -> ForumLayout:
    # The folder above the partnerships: a forum.yaml may appear there.
    watched = [_watch(folder.parent.parent)] if folder.parent.name == "partnerskap" else []
    above = folder.parent.parent / FORUM_FILENAME
    forum_file = above if folder.parent.name == "partnerskap" and above.is_file() else None
    roots = roots or roots_for(folder)
    if forum_file is not None:  # the forum the partnership belongs to is its own, too
        roots = (*roots, *roots_for(folder.parent.parent))
    layout = ForumLayout(folder, forum_file, [], partnerships_only=True, folder=folder,
                         roots=roots, watched=watched, how=("lone", str(folder), ""))
    if forum_file is not None and _outside(forum_file, layout):
        layout.forum_file = None
    partnership = _partnership(folder, layout)
    if partnership is not None:
        layout.partnerships.append(partnership)
    return layout


def _partnership(folder: Path, layout: ForumLayout) -> PartnershipLayout | None:
    entries = _entries(folder, layout, _PARTNERSHIP_NAMES)
    if entries is None:
        return None
    yaml_entries = [entry for entry in entries if entry.name in _PARTNERSHIP_NAMES
                    or (not entry.is_dir and entry.name.lower().endswith((".yaml", ".yml")))]
    if not yaml_entries:
        from ..rules.k1_skjema import k130_planfil_paa_feil_sted as k130

        layout.diagnostics.append(
            k130.no_planning_files(layout.rel(folder), shown_name(folder.name)))
        return None
    files: dict[str, Path] = {}
    stats: dict[str, FileStat] = {}
    meant: set[str] = set()
    for entry in yaml_entries:
        path = _child(folder, entry.name)
        if entry.is_link and _outside(path, layout):
            if entry.name in PARTNERSHIP_FILENAMES:
                meant.add(entry.name)
            continue
        if not entry.is_file:
            layout.diagnostics.append(_not_regular(layout, path, entry.is_dir))
            if entry.name in KNOWN_PARTNERSHIP_FILENAMES:
                meant.add(entry.name)
            continue
        if entry.name in KNOWN_PARTNERSHIP_FILENAMES:
            files[entry.name] = path
            if entry.stat is not None:
                stats[entry.name] = entry.stat
            continue
        from ..domain.fieldtypes import closest
        from ..rules.k1_skjema import k101_ukjent_noekkel as k101

        stem = entry.name.rsplit(".", 1)[0]
        stem_match = closest(stem.lower(), tuple(n[:-5] for n in KNOWN_PARTNERSHIP_FILENAMES))
        if stem_match:
            meant.add(f"{stem_match}.yaml")
        layout.diagnostics.append(k101.unknown_file(
            layout.rel(path), shown_name(entry.name), shown_name(folder.name),
            f"{stem_match}.yaml" if stem_match else None, KNOWN_PARTNERSHIP_FILENAMES))
    for name in PARTNERSHIP_FILENAMES:
        if name not in files and name not in meant:
            from ..rules.k1_skjema import k102_mangler_noekkel as k102

            layout.diagnostics.append(k102.missing_file(layout.rel(folder / name), folder.name, name))
    return PartnershipLayout(folder.name, folder, files, stats)


def _not_regular(layout: ForumLayout, path: Path, is_dir: bool) -> Diagnostic:
    """K003 for a planning file's name that is a folder, a pipe, a device or a broken link."""
    from ..rules.k0_lesing import k003_ikke_utf8 as k003

    return k003.not_regular(layout.rel(path), shown_name(path.name), is_dir)


def _misplaced(layout: ForumLayout, path: Path) -> Diagnostic:
    """K130: a planning file where komp does not read one."""
    from ..rules.k1_skjema import k130_planfil_paa_feil_sted as k130

    where = "forummappen" if path.parent == layout.folder else "partnerskap/"
    return k130.misplaced(layout.rel(path), shown_name(path.name), where)
