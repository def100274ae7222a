"""Samme id brukes to ganger i partnerskapet.

Hva: hvert behov, hver prioritering, hvert tiltak og hver enhet har en id som er unik i sin
liste i partnerskapet. I rapport.yaml står hvert år én gang, og hvert tiltak én gang i årets
rapport. Den andre forekomsten rapporteres.

Hvorfor: prioriteringer, tiltak og forumets justeringer viser til id-ene; en id som står to
ganger gjør det uklart hva som menes, og kan gi dobbelt utbetaling i innstillingen. Et tiltak som
står to ganger i årets rapport, ville telle dobbelt i det som er brukt.

Bestått:
    tiltak:
      - id: T1
        ...
      - id: T2

Feiler:
    tiltak:
      - id: T1
        ...
      - id: T1
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext, raw_list

CODE = "K201"
SEVERITY = Severity.ERROR
TITLE = "samme id to ganger"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "partnerskap"

_LISTS = (("partnerskap", "enheter", "enheten"), ("behov", "behov", "behovet"),
          ("prioriteringer", "prioriteringer", "prioriteringen"), ("tiltak", "tiltak", "tiltaket"))


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    for kind, key, noun in _LISTS:
        checked = ctx.files.get(kind)
        first: dict[str, int] = {}
        for index, entry in enumerate(raw_list(checked, key)):
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), (str, int)):
                continue
            ident = str(entry["id"])
            if ident in first:
                yield Finding(
                    checked, (key, index, "id"),
                    f"id «{ident}» er brukt før i {key} (element {first[ident] + 1}); "
                    f"{noun} må ha en unik id",
                    f"gi {noun} en ny id, for eksempel «{_next_free(ident, first)}»",
                )
            else:
                first[ident] = index
    yield from _report(ctx)


def _report(ctx: PartnershipContext) -> Iterator[Finding]:
    """rapport.yaml: each year once, and each measure once in a year's report."""
    checked = ctx.files.get("rapport")
    years: dict[int, int] = {}
    for index, entry in enumerate(raw_list(checked, "rapport")):
        if not isinstance(entry, dict):
            continue
        aar = entry.get("aar")
        if isinstance(aar, int) and not isinstance(aar, bool):
            if aar in years:
                yield Finding(
                    checked, ("rapport", index, "aar"),
                    f"året {aar} har en rapport før i rapport (element {years[aar] + 1}); "
                    "hvert år rapporteres én gang",
                    f"slå rapportene for {aar} sammen til én, eller rett året",
                )
            else:
                years[aar] = index
        measures = entry.get("tiltak")
        if not isinstance(measures, list):
            continue
        first: dict[str, int] = {}
        for t_index, measure in enumerate(measures):
            if not isinstance(measure, dict) or not isinstance(measure.get("id"), (str, int)):
                continue
            ident = str(measure["id"])
            if ident in first:
                yield Finding(
                    checked, ("rapport", index, "tiltak", t_index, "id"),
                    f"tiltaket «{ident}» er rapportert før for {aar} (element {first[ident] + 1}); "
                    "hvert tiltak rapporteres én gang per år",
                    f"slå rapportene for «{ident}» sammen til én",
                )
            else:
                first[ident] = t_index


def _next_free(ident: str, taken: dict[str, int]) -> str:
    stem = ident.rstrip("0123456789")
    number = 1
    while f"{stem}{number}" in taken:
        number += 1
    return f"{stem}{number}"
