"""DeKom/ReKom/KomSIP: tiltak for individuell videreutdanning.

Hva: et tiltak i `dekom`, `rekom` eller `komsip` kan ikke ha `type: individuell_videreutdanning`.

Hvorfor: midlene er ikke til individuell videreutdanning, men til kollektiv, barnehage- og
skolebasert kompetanseutvikling som involverer flest mulig ansatte (Statsforvalteren i
Innlandet). Individuell videreutdanning har egne ordninger (Kompetanse for kvalitet).

Bestått:
    ordning: dekom
    type: skolebasert

Feiler:
    ordning: dekom
    type: individuell_videreutdanning
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext
from ...domain.regelverk import for_ordning
from .._felles import in_own_schemes

CODE = "K402"
SEVERITY = Severity.ERROR
TITLE = "tiltak for individuell videreutdanning"
SOURCE = ("Statsforvalteren i Innlandet: midlene er ikke til individuell videreutdanning, men til "
          "kollektiv kompetanseutvikling (FOR-2021-01-26-230)")
SCHEMES = ("dekom", "rekom", "komsip")
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    checked = ctx.files.get("tiltak")
    for index, tiltak in in_own_schemes(ctx, "tiltak"):
        reg = for_ordning(tiltak.ordning, tiltak.periode.fra)
        if tiltak.type in reg.ikke_tillatte_typer.verdi:
            yield Finding(
                checked, ("tiltak", index, "type"),
                f"tiltaket {tiltak.id} er av typen {tiltak.type}, som {tiltak.ordning} ikke "
                "gir tilskudd til",
                "gjør tiltaket kollektivt (f.eks. `skolebasert`, `barnehagebasert` eller "
                "`nettverk`), eller søk videreutdanning gjennom Udirs egne ordninger",
            )
