"""Writing files atomically: a temporary file in the same folder, then os.replace.

Readers (an editor, git, another komp) see the old file or the new one, never half of either;
a failure leaves the old file as it was and no temporary file behind.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


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
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    if mode is None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            mode = _default_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
