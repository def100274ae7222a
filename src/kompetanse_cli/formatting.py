"""Numbers the Norwegian way, for messages and documents: `1 250 000 kr`, `30 %`."""

from __future__ import annotations


def tall(value: int) -> str:
    """A whole number with a space as thousands separator: 1250000 → "1 250 000"."""
    return f"{value:,}".replace(",", " ")


def kroner(value: int) -> str:
    """An amount in whole kroner: 1250000 → "1 250 000 kr"."""
    return f"{tall(value)} kr"


def prosent(value: float) -> str:
    """A percentage with a decimal comma when needed: 10 → "10 %", 12.5 → "12,5 %"."""
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} %"
