"""En nøkkel står to ganger i samme mapping.

Hva: samme nøkkel er skrevet to ganger på samme nivå, for eksempel to `egenandel:` i ett
budsjettår.

Hvorfor: YAML-spesifikasjonen krever unike nøkler. Mange verktøy beholder i stillhet bare den
siste verdien, så et beløp kan forsvinne uten at noen merker det.

Bestått:
    2027:
      tilskudd_eier: 400000
      egenandel: 120000

Feiler:
    2027:
      tilskudd_eier: 400000
      tilskudd_eier: 450000
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, Severity, Span

CODE = "K002"
SEVERITY = Severity.ERROR
TITLE = "en nøkkel står to ganger i samme mapping"
SOURCE = "YAML 1.2 (yaml.org/spec/1.2.2), kapittel 3.2.1.1"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")


def diagnostic(file: str, span: Span, key: str, first_line: int) -> Diagnostic:
    """K002 at the second `key` of a mapping, whose first stands on `first_line`."""
    return Diagnostic(
        file, span, SEVERITY, CODE,
        f"nøkkelen «{key}» står to ganger i samme mapping (første gang på linje {first_line})",
        "slå de to sammen eller fjern den ene; YAML beholder ellers bare én av dem", SOURCE,
    )
