"""Writing files atomically: a temporary file in the same folder, then os.replace.

Readers (an editor, git, another komp) see the old file or the new one, never half of either;
a failure leaves the old file as it was and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

_OS_FEIL: dict[int, str] = {
    errno.EACCES: "ingen tilgang",
    errno.EPERM: "ingen tilgang",
    errno.ENOENT: "finnes ikke",
    errno.EISDIR: "er en mappe",
    errno.ENOTDIR: "er ikke en mappe",
    errno.ELOOP: "for mange symbolske lenker",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "diskkvoten er brukt opp",
    errno.EROFS: "skrivebeskyttet filsystem",
    errno.EIO: "lesefeil på disken",
    errno.EMFILE: "for mange åpne filer",
    errno.ENFILE: "for mange åpne filer i systemet",
    errno.EBUSY: "er i bruk",
    errno.ETXTBSY: "er i bruk av et kjørende program",
    errno.EEXIST: "finnes allerede",
    errno.EXDEV: "på et annet filsystem",
    errno.ENOTEMPTY: "mappen er ikke tom",
    errno.EFBIG: "filen er for stor",
    errno.ENOMEM: "ikke nok minne",
    errno.ENXIO: "enheten finnes ikke",
    errno.ENODEV: "enheten finnes ikke",
    errno.EAGAIN: "ikke tilgjengelig akkurat nå",
    errno.EINVAL: "ugyldig operasjon for denne filen",
    errno.ESTALE: "nettverksfilen er ikke lenger tilgjengelig",
}


def os_feil_tekst(exc: OSError) -> str:
    """A short Norwegian text for an error from the operating system, chosen by its errno (the
    system's own text is English): «ingen tilgang», «finnes ikke», … or «systemfeil ENAME»."""
    code = exc.errno
    if code is None:
        return "systemfeil"
    return _OS_FEIL.get(code) or f"systemfeil {errno.errorcode.get(code, str(code))}"


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: str | bytes, mode: int | None = None, *,
                 durable: bool = True) -> None:
    """Write `data` (text as UTF-8, line ends as given) to `path`, replacing it in one step.

    The file gets `mode`, else the old file's permissions, else the usual ones for a new file
    (0666 less the umask) rather than mkstemp's private 0600. `durable` syncs the data to disk
    before the rename (documents, planning files); the cache skips that.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    write_atomic_with(path, lambda handle: handle.write(raw), mode, durable=durable)


def write_atomic_with(path: Path, write: Callable[[BinaryIO], object], mode: int | None = None,
                      *, durable: bool = True) -> None:
    """Like `write_atomic`, with the content written by `write` to the open temporary file
    (for content too large to hold in memory at once)."""
    writer = AtomicWriter(path, mode, durable=durable)
    try:
        write(writer.stream)
        writer.commit()
    except BaseException:
        writer.discard()
        raise


class AtomicWriter:
    """A file written piece by piece to a temporary file beside it, then put in place in one
    step by `commit` (or removed by `discard`): for content made while other work goes on."""

    def __init__(self, path: Path, mode: int | None = None, *, durable: bool = True) -> None:
        folder = path.parent if str(path.parent) else Path(".")
        folder.mkdir(parents=True, exist_ok=True)
        if mode is None:
            try:
                mode = stat.S_IMODE(path.stat().st_mode)
            except OSError:
                mode = _default_mode()
        self.path, self.mode, self.durable = path, mode, durable
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        self.stream: BinaryIO = os.fdopen(fd, "wb")

    def commit(self) -> None:
        try:
            if self.durable:
                self.stream.flush()
                os.fsync(self.stream.fileno())
            self.stream.close()
            os.chmod(self.tmp, self.mode)
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.stream.close()
        Path(self.tmp).unlink(missing_ok=True)


def _missing_folders(folder: Path) -> list[Path]:
    """The folders from the first existing ancestor down to `folder` that do not exist yet."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and not current.is_symlink():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    if not current.is_dir():
        raise NotADirectoryError(20, "finnes og er ikke en mappe", str(current))
    return list(reversed(missing))


def write_all_atomic(items: list[tuple[Path, bytes, int]]) -> None:
    """Write every (path, data, mode) or none of them.

    Each file's data goes to a temporary file beside it first; only when every one is on disk
    are they renamed into place. If anything fails, the files replaced so far get their old
    content back, new files and the folders made for them are removed, and the error is raised.
    """
    made: list[Path] = []
    staged: list[tuple[str, Path]] = []
    replaced: list[tuple[Path, bytes | None, int | None]] = []
    try:
        for path, _, _ in items:
            folder = path.parent if str(path.parent) else Path(".")
            for missing in _missing_folders(folder):
                missing.mkdir()
                made.append(missing)
        for path, data, mode in items:
            folder = path.parent if str(path.parent) else Path(".")
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, mode)
        for tmp, path in staged:
            old: bytes | None = None
            old_mode: int | None = None
            if path.is_file():
                old, old_mode = path.read_bytes(), stat.S_IMODE(path.stat().st_mode)
            os.replace(tmp, path)
            replaced.append((path, old, old_mode))
    except BaseException:
        for path, old, old_mode in reversed(replaced):
            with contextlib.suppress(OSError):
                if old is None:
                    path.unlink(missing_ok=True)
                else:
                    write_atomic(path, old, old_mode)
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


class OutputRefused(Exception):
    """`-o` names something komp must not write: an input of the run, a folder, a socket."""


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_output(path: Path, inputs: Iterable[Path] = ()) -> bool:
    """Whether `path` may take a document: raises OutputRefused when not.

    Returns True when it is a device or a pipe (`/dev/null`, `/dev/stdout`, a FIFO), which is
    written in place; False for a regular file or a new one, which is written atomically.
    """
    try:
        info = path.stat()  # through links: what the document would land in
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise OutputRefused(f"«{path}» kan ikke brukes ({os_feil_tekst(exc)})") from None
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return True
    if stat.S_ISDIR(info.st_mode):
        raise OutputRefused(f"«{path}» er en mappe; -o må være en fil")
    if not stat.S_ISREG(info.st_mode):
        raise OutputRefused(f"«{path}» er ikke en vanlig fil (men f.eks. en socket eller en "
                            "blokkenhet); komp skriver ikke dit")
    for source in inputs:
        try:
            if _same_file(info, source.stat()):
                raise OutputRefused(
                    f"«{path}» er en av filene komp leser ({source}); velg en annen fil for "
                    "dokumentet")
        except OSError:
            continue
    return False


def write_output(path: Path, data: str | bytes, inputs: Iterable[Path] = ()) -> None:
    """Write a document to `path` after `check_output`: a device or pipe in place, a regular
    file atomically, through any symlink (the link stays a link)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if check_output(path, inputs):
        with open(path, "wb") as handle:
            handle.write(raw)
        return
    write_atomic(real_path(path), raw)


def real_path(path: Path) -> Path:
    """The file a path names once symlinks are followed, so that a write replaces the file
    and leaves the link a link; `path` itself when it is not a link."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path
