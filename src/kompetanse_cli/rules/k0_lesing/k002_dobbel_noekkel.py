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

from ...diagnostics import Severity

CODE = "K002"
SEVERITY = Severity.ERROR
TITLE = "en nøkkel står to ganger i samme mapping"
SOURCE = "YAML 1.2 (yaml.org/spec/1.2.2), kapittel 3.2.1.1"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
