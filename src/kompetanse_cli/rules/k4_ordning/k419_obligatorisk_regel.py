"""Forumet gjør en obligatorisk regel mildere eller slår den av.

Hva: i `regler:` i forum.yaml kan forumet gi en regel et annet alvor (`feil`, `advarsel`,
`info` eller `av`), med en `begrunnelse`. En feil som retningslinjene gjør til et krav, kan ikke
gjøres til advarsel eller info eller slås av: hvilke koder det gjelder, står per forskrift i
data/regelverk.toml (`obligatoriske.koder`, antatt). Det samme gjelder reglene for lesing og
filenes format (K0xx og K1xx) og K419 selv. En slik innstilling er en feil, og den brukes ikke:
regelen beholder sitt alvor. Å gjøre en regel strengere (en advarsel til feil) går alltid.

Hvorfor: forumet kan vurdere en nasjonal advarsel annerledes, men ikke sette til side det
retningslinjene krever, for eksempel egenandelen i DeKom eller partnerskapet med UH
(FOR-2021-01-26-230 og FOR-2021-01-26-229; Udirs mandater for samarbeidsforumene).

Bestått:
    regler:
      K406:
        alvor: info
        begrunnelse: Behovene drøftes med UH i regionmøtene, ikke per behov.

Feiler:
    regler:
      K403:
        alvor: av
        begrunnelse: Noen tiltak gjennomføres uten UH.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ..innstillinger import settings

CODE = "K419"
SEVERITY = Severity.ERROR
TITLE = "forumet gjør en obligatorisk regel mildere"
SOURCE = ("FOR-2021-01-26-230 og FOR-2021-01-26-229, Udirs mandater for samarbeidsforumene "
          "(hvilke regler som er obligatoriske, er antatt)")
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"

_WORDS = {"av": "slå av", "info": "gjøre til info", "advarsel": "gjøre til advarsel"}


def check(ctx: ForumContext) -> Iterator[Finding]:
    for setting in settings(ctx.forum):
        if setting.avvist is None or setting.alvor is None:
            continue
        yield Finding(
            ctx.forum_file, ("regler", setting.kode, "alvor"),
            f"forumet kan ikke {_WORDS[setting.alvor]} {setting.kode}: {setting.avvist}; "
            "regelen gjelder med sitt vanlige alvor",
            f"fjern «alvor: {setting.alvor}» under {setting.kode} i «regler:» (se "
            f"`komp regler {setting.kode}`)",
        )
