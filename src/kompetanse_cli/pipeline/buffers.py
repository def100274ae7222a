"""An editor's unsaved buffers as the pipeline's files (the language server)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic
from . import load

if TYPE_CHECKING:
    from ..domain.planfiles import Checked


class BufferChecker:
    """Checks the files of a unit from given contents where there are some, else from disk.

    An editor's unsaved buffers come in `overrides` (by the paths discovery gives). Each file's checked
    result is kept with the bytes it came from, so a later run reads and checks again only the
    files whose contents changed; a file on disk is read again only when its size or time of
    change differ. The checked results are shared between runs, which is safe because rules
    only read them.
    """

    def __init__(self) -> None:
        self.overrides: dict[Path, bytes] = {}
        self.rule_memo: dict[str, tuple[list[Any], list[Diagnostic]]] = {}
        self._checked: dict[Path, tuple[bytes, Checked]] = {}
        self._disk: dict[Path, bytes] = {}

    def contents(self, path: Path) -> bytes | None:
        """What `path` holds now: its buffer, else its bytes on disk (None when unreadable).

        Bytes read from disk are kept until `reread` says the disk may have changed.
        """
        if path in self.overrides:
            return self.overrides[path]
        known = self._disk.get(path)
        if known is not None:
            return known
        try:
            if path.stat().st_size > load.MAX_BYTES:
                return None
            raw = path.read_bytes()
        except OSError:
            return None
        self._disk[path] = raw
        return raw

    def reread(self) -> None:
        """Files on disk may have changed (a save, a file created or deleted): read them again."""
        self._disk.clear()

    def check(self, kind: Any, rel: str, path: str | Path) -> Checked:
        from .schema import check_file

        path = Path(path)
        raw = self.contents(path)
        if raw is None:  # unreadable or too large: the disk reader says which
            return check_file(kind, load.read_file(rel, path))
        key = path
        known = self._checked.get(key)
        if known is not None and known[0] == raw and known[1].kind is kind \
                and known[1].loaded.path == rel:
            return known[1]
        checked = check_file(kind, load.load_bytes(rel, raw))
        self._checked[key] = (raw, checked)
        return checked

    def forget(self, keep: Iterable[Path]) -> None:
        """Drop what is kept for files not in `keep` (files deleted or left)."""
        wanted = set(keep) | set(self.overrides)
        for store in (self._checked, self._disk):
            for key in [k for k in store if k not in wanted]:
                del store[key]
