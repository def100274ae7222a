"""Filen er ikke UTF-8-tekst.

Hva: planfiler skal være lagret som UTF-8 (med eller uten BOM). Regel K003 sier hvilken byte
som ikke er gyldig, og om den trolig er Windows-1252 (for eksempel «ø» lagret fra et eldre
Windows-program), eller om filen inneholder kontrolltegn som ikke hører hjemme i tekst.

Hvorfor: æ, ø og å skal se like ut for alle som leser filen, i editoren, på git-tjeneren og i
innstillingen.

Bestått:
    navn: Kompetanseregion Sør-Helgeland   (lagret som UTF-8)

Feiler:
    navn: Kompetanseregion Sør-Helgeland   (lagret som Windows-1252)
"""

from __future__ import annotations

from ...diagnostics import Severity

CODE = "K003"
SEVERITY = Severity.ERROR
TITLE = "filen er ikke UTF-8-tekst"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
