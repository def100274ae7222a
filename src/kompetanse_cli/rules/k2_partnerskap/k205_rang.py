"""Prioriteringenes rang er ikke unik, eller ikke 1 til n.

Hva: prioriteringene i et partnerskap rangeres 1, 2, 3 … n uten hull og uten at to har samme
rang (1 er høyest).

Hvorfor: forumet skal vite hva partnerskapet prioriterer høyest når rammen ikke rekker til alt;
to prioriteringer med samme rang gir ingen rekkefølge (Udirs mandat: forumet prioriterer tiltak
ut fra partnerskapenes prioriteringer).

Bestått:
    - {id: P1, rang: 1}   # … med tittel og behov
    - {id: P2, rang: 2}

Feiler:
    - {id: P1, rang: 1}
    - {id: P2, rang: 1}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext, raw_list

CODE = "K205"
SEVERITY = Severity.ERROR
TITLE = "rang som ikke er unik eller ikke 1 til n"
SOURCE = "Udir: Mandat for samarbeidsforum (prioritering av tiltak)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    checked = ctx.files.get("prioriteringer")
    if not ctx.readable("prioriteringer"):
        return
    total = len(raw_list(checked, "prioriteringer"))
    seen: dict[int, str] = {}
    for index, prio in ctx.prioriteringer():
        if prio.rang in seen:
            yield Finding(
                checked, ("prioriteringer", index, "rang"),
                f"rang {prio.rang} er allerede brukt av {seen[prio.rang]}",
                f"gi hver prioritering sin egen rang fra 1 til {total}",
            )
            continue
        seen[prio.rang] = prio.id
        if prio.rang > total:
            yield Finding(
                checked, ("prioriteringer", index, "rang"),
                f"rang {prio.rang}, men partnerskapet har bare {total} prioriteringer",
                f"ranger prioriteringene 1 til {total} uten hull",
            )
