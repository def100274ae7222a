"""The planning files as the steps after reading see them: the five kinds of file (name, file
name, model), a key path inside one, and a file after the schema step (`Checked`), which the
rules read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..diagnostics import Diagnostic
from .models import (
    Behov,
    BehovFil,
    Forum,
    Partnerskap,
    Prioritering,
    PrioriteringerFil,
    RapportAar,
    RapportFil,
    Tiltak,
    TiltakFil,
)

if TYPE_CHECKING:
    from ..pipeline.load import LoadedFile

KeyPath = tuple[Any, ...]
"""Where a value stands in a file's data: its keys and list indexes from the top."""


@dataclass(frozen=True)
class FileKind:
    """One of the five kinds of planning file."""

    name: str
    filename: str
    model: type[BaseModel]
    list_key: str | None = None
    item_model: type[BaseModel] | None = None

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # Pickled by name (the cache stores checked files): one object per kind, as in the module.
        return (_kind_named, (self.name,))


def _kind_named(name: str) -> FileKind:
    return KIND_BY_NAME[name]


FORUM = FileKind("forum", "forum.yaml", Forum)
PARTNERSKAP = FileKind("partnerskap", "partnerskap.yaml", Partnerskap)
BEHOV = FileKind("behov", "behov.yaml", BehovFil, "behov", Behov)
PRIORITERINGER = FileKind("prioriteringer", "prioriteringer.yaml", PrioriteringerFil,
                          "prioriteringer", Prioritering)
TILTAK = FileKind("tiltak", "tiltak.yaml", TiltakFil, "tiltak", Tiltak)
RAPPORT = FileKind("rapport", "rapport.yaml", RapportFil, "rapport", RapportAar)
KINDS: tuple[FileKind, ...] = (FORUM, PARTNERSKAP, BEHOV, PRIORITERINGER, TILTAK, RAPPORT)
PARTNERSHIP_KINDS: tuple[FileKind, ...] = (PARTNERSKAP, BEHOV, PRIORITERINGER, TILTAK)
"""The partnership's required files (rapport.yaml is optional)."""
KIND_BY_FILENAME = {kind.filename: kind for kind in KINDS}
KIND_BY_NAME = {kind.name: kind for kind in KINDS}


@dataclass
class Checked:
    """A file after the schema layer.

    `model` is the whole file's model (forum, partnerskap) when valid. For list files, `items`
    holds each valid entry with its index, and `broken_ids` the ids of entries that failed, so
    that references to them are not reported a second time. `complete` is False when the file
    could not be read at all: rules that need its content then stay silent. How the cache
    pickles one is `pipeline.schema`'s (through copyreg).
    """

    kind: FileKind
    loaded: LoadedFile
    diagnostics: list[Diagnostic] = field(default_factory=list)
    model: BaseModel | None = None
    items: list[tuple[int, Any]] = field(default_factory=list)
    broken_ids: set[str] = field(default_factory=set)
    complete: bool = True
    overflow: int = 0

    @property
    def path(self) -> str:
        """The file's shown path."""
        return self.loaded.path

    def known_ids(self) -> set[str]:
        """Every id this list file names, valid or not."""
        return {item.id for _, item in self.items} | self.broken_ids
