"""A forum's settings of rules (`regler:` in forum.yaml) against the rules themselves: which are
refused because they would lower a rule the forum may not lower (K419 reports them), and the
severities and parameters that hold. What a forum may write is `domain.lokale_regler`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..diagnostics import Severity
from ..domain.lokale_regler import (
    LOCKED_PREFIXES,
    PARAMETRE,
    SELF,
    Innstilling,
    mandatory,
    severity_name,
)

if TYPE_CHECKING:
    from ..domain.models import Forum

_RANK = {"av": 0, "info": 1, "advarsel": 2, "feil": 3}
_SEVERITY = {"feil": Severity.ERROR, "advarsel": Severity.WARNING, "info": Severity.INFO}


def settings(forum: Forum | None) -> list[Innstilling]:
    """The forum's settings in code order, each with why it is refused, if it is."""
    if forum is None or forum.regler is None:
        return []
    out = []
    for kode, setting in _entries(forum):
        parametre = {p.navn: getattr(setting, p.navn) for p in PARAMETRE.get(kode, ())
                     if getattr(setting, p.navn, None) is not None}
        out.append(Innstilling(kode, setting.alvor, setting.begrunnelse, parametre,
                               _refusal(forum, kode, setting.alvor)))
    return out


def _entries(forum: Forum) -> Iterator[tuple[str, Any]]:
    regler = forum.regler
    for kode in sorted(regler.model_fields_set if regler is not None else ()):
        setting = getattr(regler, kode, None)
        if setting is not None:
            yield kode, setting


def _refusal(forum: Forum, kode: str, alvor: str | None) -> str | None:
    """Why the forum may not give `kode` the severity `alvor`, or None when it may."""
    if alvor is None:
        return None
    from . import RULES_BY_CODE

    rule = RULES_BY_CODE.get(kode)
    if rule is None or _RANK[alvor] >= _RANK[severity_name(rule.severity)]:
        return None
    if kode.startswith(LOCKED_PREFIXES):
        return "reglene for lesing og filenes format (K0xx og K1xx) gjelder alle forum"
    if kode == SELF:
        return "K419 passer på at de obligatoriske reglene holdes"
    regulation = mandatory(forum).get(kode)
    if regulation is not None:
        return f"retningslinjene ({regulation}) gjør {kode} til et krav"
    return None


def parameters(forum: Forum | None) -> dict[str, dict[str, Any]]:
    """The parameters the forum sets, by rule code and name (refused settings included: a
    parameter is never refused)."""
    return {s.kode: dict(s.parametre) for s in settings(forum) if s.parametre}


def severities(forum: Forum | None) -> dict[str, Severity | None]:
    """The severity each rule the forum sets gets (None: turned off), where it is allowed."""
    out: dict[str, Severity | None] = {}
    for setting in settings(forum):
        if setting.alvor is not None and setting.avvist is None:
            out[setting.kode] = _SEVERITY.get(setting.alvor)
    return out
