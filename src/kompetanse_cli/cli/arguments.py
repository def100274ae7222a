"""Argument values as the commands take them: lists of rule codes, dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..diagnostics import UsageError


def split_codes(values: Iterable[str] | None) -> list[str]:
    """`--velg K4,K501 --velg K2` as ["K4", "K501", "K2"]."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def parse_date(option: str, value: str | None) -> dt.date | None:
    """`--dato ÅÅÅÅ-MM-DD` as a date; anything else is a usage error."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        shown = "".join(ch if ch.isprintable() else "?" for ch in value[:40])
        raise UsageError(f"{option}: «{shown}» er ikke en dato; skriv den som ÅÅÅÅ-MM-DD, "
                         "f.eks. 2027-01-15") from None
