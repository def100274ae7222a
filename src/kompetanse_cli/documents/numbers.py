"""Numbers and dates the Norwegian way, for the rendered documents (Babel, CLDR data).

Babel separates thousands with a no-break space (U+00A0) for both nb and nn; the documents keep
it, and also put one before `kr` and `%`, so that an amount never breaks over two lines in a
table or a word processor. Diagnostics use `kompetanse_cli.formatting` (plain spaces, no Babel
import on the validation path).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

NBSP = "\u00a0"
LOCALES = {"nb": "nb_NO", "nn": "nn_NO"}


@cache
def _locale(maalform: str) -> Locale:
    # Parsed once: Babel parses a locale name again on every call otherwise.
    return Locale.parse(LOCALES[maalform])


@cache
def tall(value: int, maalform: str = "nb") -> str:
    """1250000 → "1 250 000" (no-break spaces)."""
    return format_decimal(value, format="#,##0", locale=_locale(maalform))


def kroner(value: int, maalform: str = "nb") -> str:
    """1250000 → "1 250 000 kr" (no-break spaces)."""
    return f"{tall(value, maalform)}{NBSP}kr"


def kroner_endring(value: int, maalform: str = "nb") -> str:
    """50000 → "+50 000 kr", -100000 → "−100 000 kr" (a minus sign, not a hyphen)."""
    sign = "+" if value > 0 else "\u2212" if value < 0 else ""
    return f"{sign}{kroner(abs(value), maalform)}"


def prosent(value: float, maalform: str = "nb") -> str:
    """92.46 → "92,5 %": one decimal at most, decimal comma, no-break space before %."""
    text = format_decimal(round(value, 1), format="#,##0.#", locale=_locale(maalform))
    return f"{text}{NBSP}%"


def dato(value: dt.date, maalform: str = "nb") -> str:
    """2027-03-10 → "10. mars 2027"."""
    return format_date(value, "d. MMMM y", locale=_locale(maalform))
