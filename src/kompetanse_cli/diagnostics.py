"""Diagnostics: the findings komp reports as small immutable values, the report of a run, which
rules a run selects, and the error for a folder or option komp cannot use."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any


class Severity(str, Enum):  # noqa: UP042  # pickled in the cache and compared as text
    """How serious a finding is; the value is the machine name used in JSON."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def norsk(self) -> str:
        return _NORSK[self]


_NORSK = {Severity.ERROR: "feil", Severity.WARNING: "advarsel", Severity.INFO: "info"}


@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based region of a file: start line/column and end line/column."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that removes the problem: `text` in place of what `span` covers.

    Filled by the checks that know the one right replacement (the key a misspelt key was
    meant to be, an amount written as text, the smallest egenandel that holds). A rule's
    finding gives it without `span`: the engine then puts it where the finding points.
    """

    title: str
    text: str
    span: Span | None = None


REPORT_KEYS = ("file", "path", "line", "column", "end_line", "end_column", "severity", "code",
               "message", "hint", "source")
"""A diagnostic's keys in the JSON report (`format_version` 1), in their order."""
RECORD_KEYS = ("file", "line", "column", "end_line", "end_column", "severity", "code", "message",
               "hint", "source", "detail", "fix")
"""All a diagnostic holds, as the cache keeps it and `Diagnostic.from_json` reads it back."""
_SPAN_KEYS = ("line", "column", "end_line", "end_column")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one place, with what to do about it."""

    file: str
    span: Span | None
    severity: Severity
    code: str
    message: str
    hint: str
    source: str
    detail: str = ""  # the underlying library's own words (libyaml, ruamel), shown under --debug
    fix: Fix | None = None  # for the editor's quick fix; no output format shows it

    def sort_key(self) -> tuple[str, int, int, str, str]:
        if self.span is None:
            return (self.file, 0, 0, self.code, self.message)
        return (self.file, self.span.line, self.span.column, self.code, self.message)

    def to_json(self, keys: Sequence[str] = REPORT_KEYS, *, path: str | None = None,
                ) -> dict[str, Any]:
        """The diagnostic as JSON: the values of `keys`, in that order (by default those of the
        JSON report); `path` is the report's `path`, the file as seen from the current folder.
        The keys: REPORT_KEYS, and `detail` and `fix` (see RECORD_KEYS)."""
        fix = self.fix
        values: dict[str, Any] = {
            "file": self.file, "path": path, **_span_json(self.span),
            "severity": self.severity.value, "code": self.code, "message": self.message,
            "hint": self.hint, "source": self.source, "detail": self.detail,
            "fix": None if fix is None else {"title": fix.title, "text": fix.text,
                                             **_span_json(fix.span)},
        }
        return {key: values[key] for key in keys}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Diagnostic:
        """The diagnostic `to_json(RECORD_KEYS)` wrote."""
        fix = data["fix"]
        return cls(data["file"], _span_from(data), Severity(data["severity"]), data["code"],
                   data["message"], data["hint"], data["source"], data["detail"],
                   None if fix is None else Fix(fix["title"], fix["text"], _span_from(fix)))


def _span_json(span: Span | None) -> dict[str, int | None]:
    if span is None:
        return dict.fromkeys(_SPAN_KEYS)
    return {"line": span.line, "column": span.column, "end_line": span.end_line,
            "end_column": span.end_column}


def _span_from(data: Mapping[str, Any]) -> Span | None:
    if data["line"] is None:
        return None
    return Span(data["line"], data["column"], data["end_line"], data["end_column"])


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as the user opens it from where they stand, with «/» (as ruff prints them).

    Relative to the current folder when the file lies under it, otherwise absolute: a path
    printed this way opens from the terminal or editor the command was run in.
    """
    try:
        here = os.getcwd()
    except OSError:  # the folder the command was started in is gone: only absolute paths open
        return os.path.normpath(os.fspath(path))
    absolute = os.path.normpath(os.path.join(here, path))
    if absolute == here:
        return "."
    prefix = here if here.endswith(os.sep) else here + os.sep
    if absolute.startswith(prefix):
        return absolute[len(prefix):].replace(os.sep, "/")
    return absolute.replace(os.sep, "/") if os.sep != "/" else absolute


class UsageError(Exception):
    """The user pointed komp at something that is not a forum or partnership (exit 2).

    `command` names the command whose message it is, shown as `komp init: …`; without it the
    message reads `komp: …`.
    """

    def __init__(self, message: str, *, command: str | None = None) -> None:
        super().__init__(message)
        self.command = command


class Sources(dict[str, Path]):
    """Each file's path by its shown path; a path may be stored as text and becomes a Path when
    first asked for (a warm national run knows 18,000 files and shows none of them)."""

    def __getitem__(self, key: str) -> Path:
        value: Path | str = super().__getitem__(key)
        if isinstance(value, str):
            value = Path(value)
            super().__setitem__(key, value)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def values(self) -> Any:
        return [self[key] for key in self]

    def items(self) -> Any:
        return [(key, self[key]) for key in self]

    def add_text(self, paths: Iterable[tuple[str, str]]) -> None:
        """Add (shown path, path as text) pairs without making Paths of them."""
        super().update(paths)  # type: ignore[arg-type]


@dataclass
class Report:
    """All diagnostics of one run, the number of files read, and how many were left out."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    omitted: dict[str, int] = field(default_factory=dict)
    totals: Counter[Severity] = field(default_factory=Counter)
    sources: dict[str, Path] = field(default_factory=Sources)
    base: Path = field(default_factory=lambda: Path("."))
    _shown: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def count(self, severity: Severity) -> int:
        """How many diagnostics of `severity` were found, shown or left out."""
        return self.totals[severity]

    def shown(self, rel: str) -> str:
        """The path of a diagnostic's file (relative to `base`) as seen from the current folder.

        A finding about the whole forum (no file) is shown as the folder validated.
        """
        found = self._shown.get(rel)
        if found is None:
            source = self.sources.get(rel)
            found = display_path(source if source is not None else self.base / rel)
            self._shown[rel] = found
        return found


# Reading errors (K00x: not YAML, not UTF-8, not the expected document, a link never read):
# a file with one has not been checked at all, so no selection may hide them.
ALWAYS_REPORTED = "K00"


@dataclass
class Selection:
    """Which rules to run: codes or prefixes (`K4`) to select and to ignore.

    Reading errors (K00x) are reported whatever is selected or ignored.
    """

    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    infos: bool = False
    """Also report information (severity info): off by default, so that a run at every commit
    shows only what needs fixing; the documents show the same facts."""
    dato: dt.date | None = None
    """The date deadlines are checked against (`--dato`); None means today."""

    def wants(self, code: str) -> bool:
        if code.startswith(ALWAYS_REPORTED):
            return True
        if self.select and not any(code.startswith(p.upper()) for p in self.select):
            return False
        return not any(code.startswith(p.upper()) for p in self.ignore)

    def check(self, codes: Sequence[str]) -> None:
        """Raise UsageError for a code or prefix that names none of `codes`, with the closest."""
        for option, values in (("--velg", self.select), ("--ignorer", self.ignore)):
            for value in values:
                wanted = value.strip().upper()
                if wanted and any(code.startswith(wanted) for code in codes):
                    continue
                raise UsageError(f"ukjent regelkode «{value}» for {option}"
                                 + _closest_codes(wanted, codes)
                                 + "; `komp regler` viser alle reglene")


def _closest_codes(wanted: str, codes: Sequence[str]) -> str:
    import difflib

    # The letter O for the digit 0 and I or l for 1 are the usual slips.
    digits = wanted[:1] + wanted[1:].translate(str.maketrans("OIL", "011"))
    if digits != wanted and any(code.startswith(digits) for code in codes):
        return f" (mente du {digits}?)"
    candidates = sorted({code[:len(wanted)] for code in codes}) if len(wanted) < 4 else codes
    close = difflib.get_close_matches(wanted, candidates, n=3, cutoff=0.5)
    if not close:
        return ""
    shown = close[0] if len(close) == 1 else ", ".join(close[:-1]) + " eller " + close[-1]
    return f" (mente du {shown}?)"
