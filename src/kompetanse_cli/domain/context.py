"""What rules see: checked files of a partnership or a forum, and the findings they return.

Rules never touch the YAML library: they read models and raw data and name key paths; the engine
turns those into positions with each file's source map.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Fix, Severity
from .models import Behov, Forum, Partnerskap, Prioritering, RapportAar, Tiltak
from .planfiles import Checked, KeyPath


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule's finding: which file, which key path, what is wrong and what to do."""

    file: Checked | None
    path: KeyPath
    message: str
    hint: str
    at_key: bool = False
    severity: Severity | None = None
    """Lower than the rule's own for this finding (K401: one measure short, the owner not)."""
    fix: Fix | None = None
    """The text to write in place of what `path` points at, when the rule knows the one fix."""


def normalise_orgnr(value: Any) -> str:
    """An orgnr as written, reduced to its digits, for matching references."""
    text = value if type(value) is str else str(value)
    if text.isdigit():  # the usual case: nothing to take out
        return text
    return "".join(ch for ch in text if ch.isdigit())


def raw_list(checked: Checked | None, *keys: str) -> list[Any]:
    """The raw list at `keys` of a file's data, or [] when absent or not a list."""
    if checked is None:
        return []
    data: Any = checked.loaded.data
    for key in keys:
        if not isinstance(data, dict):
            return []
        data = data.get(key)
    return data if isinstance(data, list) else []


@dataclass
class PartnershipContext:
    """One partnership's four files after the schema layer."""

    slug: str
    files: dict[str, Checked | None] = field(default_factory=dict)
    parametre: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The forum's own parameters of rules (`regler:` in forum.yaml), by code and name."""

    def parameter(self, code: str, name: str, ordning: str, aar: int | None) -> Any:
        """A rule's parameter: the forum's, else the regulation's for the scheme and year."""
        own = self.parametre.get(code, {}).get(name)
        if own is not None:
            return own
        from .regelverk import for_ordning

        found = for_ordning(ordning, aar).parameter(code, name)
        return found.verdi if found is not None else None

    @property
    def partnerskap_file(self) -> Checked | None:
        return self.files.get("partnerskap")

    @property
    def partnerskap(self) -> Partnerskap | None:
        checked = self.partnerskap_file
        return checked.model if checked is not None else None  # type: ignore[return-value]

    def readable(self, kind: str) -> bool:
        """True when the file exists and its list could be read (entries may still be broken)."""
        checked = self.files.get(kind)
        return checked is not None and checked.complete

    def fully_valid(self, kind: str) -> bool:
        """True when the file was read and every entry in it is valid."""
        checked = self.files.get(kind)
        return checked is not None and checked.complete and not checked.broken_ids and all(
            d.code not in ("K101", "K102", "K103", "K120", "K121") for d in checked.diagnostics)

    def entries(self, kind: str) -> Iterator[tuple[int, Any]]:
        checked = self.files.get(kind)
        return iter(checked.items) if checked is not None else iter(())

    def behov(self) -> Iterator[tuple[int, Behov]]:
        return self.entries("behov")

    def prioriteringer(self) -> Iterator[tuple[int, Prioritering]]:
        return self.entries("prioriteringer")

    def tiltak(self) -> Iterator[tuple[int, Tiltak]]:
        return self.entries("tiltak")

    def rapport(self) -> Iterator[tuple[int, RapportAar]]:
        """The valid years of rapport.yaml (none when the partnership has not reported)."""
        return self.entries("rapport")

    def orgnrs_valid(self, *keys: str) -> bool:
        """True when every orgnr in these lists of partnerskap.yaml is valid, so that a
        reference that matches none of them is a mistake of its own and not a follow-on."""
        from .fieldtypes import orgnr_is_valid

        return all(isinstance(e, dict) and orgnr_is_valid(str(e.get("orgnr")))
                   for key in keys for e in raw_list(self.partnerskap_file, key))

    def owner_orgnrs(self) -> set[str]:
        """Orgnr of every owner written in partnerskap.yaml, valid or not."""
        return {normalise_orgnr(e.get("orgnr")) for e in raw_list(self.partnerskap_file, "eiere")
                if isinstance(e, dict)}

    def unit_ids(self) -> set[str]:
        """Id of every unit written in partnerskap.yaml, valid or not."""
        return {str(e.get("id")) for e in raw_list(self.partnerskap_file, "enheter")
                if isinstance(e, dict)}

    def partner_orgnrs(self) -> set[str]:
        """Orgnr of every UH partner and provider written in partnerskap.yaml."""
        return {normalise_orgnr(e.get("orgnr"))
                for key in ("uh", "tilbydere")
                for e in raw_list(self.partnerskap_file, key) if isinstance(e, dict)}

    def owners_readable(self) -> bool:
        return self.readable("partnerskap")


@dataclass
class ForumContext:
    """A forum file (if any) and its partnerships."""

    forum_file: Checked | None
    partnerships: list[PartnershipContext]
    partnerships_only: bool = False
    dato: dt.date | None = None
    """The date deadlines are checked against (K503); None means today."""
    folder: str | None = None
    """The forum's folder on disk (absolute), where K313 finds the git repository."""
    volatile: bool = False
    """Set by a rule whose finding depends on more than the files (K313 could not read git):
    the unit's result is then not kept in the cache."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """What the aggregation worked out once for several rules (its checked files never change
    once the context is built)."""

    @property
    def today(self) -> dt.date:
        return self.dato or dt.date.today()

    @property
    def forum(self) -> Forum | None:
        return self.forum_file.model if self.forum_file is not None else None  # type: ignore[return-value]
