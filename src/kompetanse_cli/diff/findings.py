"""`komp diff`: the diagnostics of `komp validate` that appeared or were fixed between two
versions. A finding is the same in both when its code, file and message are: its line may move
with the lines around it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..diagnostics import Diagnostic

DIAGNOSTIC_KEYS = ("file", "line", "severity", "code", "message")


def _identity(d: Diagnostic) -> tuple[str, str, str]:
    return (d.code, d.file, d.message)


def compare_findings(old: Sequence[Diagnostic], new: Sequence[Diagnostic]
                     ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The findings of `new` that `old` does not have (appeared), and those of `old` that
    `new` does not have (fixed), each as JSON in its version's order."""
    old_keys = {_identity(d) for d in old}
    new_keys = {_identity(d) for d in new}
    appeared = [d.to_json(DIAGNOSTIC_KEYS) for d in new if _identity(d) not in old_keys]
    fixed = [d.to_json(DIAGNOSTIC_KEYS) for d in old if _identity(d) not in new_keys]
    return appeared, fixed
