"""Diagnostics: the findings komp reports, as small immutable values."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum


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


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as the user opens it from where they stand, with «/» (as ruff prints them).

    Relative to the current folder when the file lies under it, otherwise absolute: a path
    printed this way opens from the terminal or editor the command was run in.
    """
    absolute = os.path.normpath(os.path.abspath(path))
    here = os.getcwd()
    if absolute == here:
        return "."
    prefix = here if here.endswith(os.sep) else here + os.sep
    if absolute.startswith(prefix):
        return absolute[len(prefix):].replace(os.sep, "/")
    return absolute.replace(os.sep, "/") if os.sep != "/" else absolute
