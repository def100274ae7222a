"""En YAML-konstruksjon som planfiler aldri trenger.

Hva: tagger (`!!python/object`, `!include`, `!!binary`), ankere og aliaser (`&a`, `*a`),
sammensatte nøkler, nøsting dypere enn 64 nivåer og filer over 16 MB avvises.

Hvorfor: slike konstruksjoner gjør ikke planene bedre, men kan brukes til å få et verktøy til å
kjøre kode, henge eller bruke opp minnet (en «billion laughs»-fil). komp leser ingenting av dem.

Bestått:
    beskrivelse: Teksten står i filen.

Feiler:
    beskrivelse: !include beskrivelse.md
"""

from __future__ import annotations

from ...diagnostics import Severity

CODE = "K005"
SEVERITY = Severity.ERROR
TITLE = "en YAML-konstruksjon planfiler aldri trenger"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
