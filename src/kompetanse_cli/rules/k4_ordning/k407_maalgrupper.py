"""En målgruppe tiltakets ordning ikke dekker.

Hva: hver verdi i `maalgrupper` på et tiltak må være tillatt i tiltakets `ordning`:

- `dekom`: `laerere`, `ledere`, `andre_ansatte`, `ppt`, `andre`
- `rekom`: `barnehagelaerere`, `ledere`, `andre_ansatte`, `ppt`, `andre`
- `komsip`: `laerere`, `barnehagelaerere`, `ledere`, `andre_ansatte`, `ppt`, `eiere`, `andre`
- `dekom_fyo`: `yrkesfaglaerere`, `instruktoerer`, `faglige_ledere`, `proevenemndsmedlemmer`,
  `andre`

Listene er data i komp (data/regelverk.toml), per forskrift.

Hvorfor: ReKom og DeKom er for lærere, ledere, andre ansatte og andre rundt barna og elevene som
bidrar til kvaliteten (f.eks. PPT); KomSIP også for eiere, PPT og andre tverrfaglige tjenester;
FYO for yrkesfaglærere, instruktører, faglige ledere og prøvenemndsmedlemmer (udir.no).

Bestått:
    ordning: rekom
    maalgrupper: [barnehagelaerere, andre_ansatte]

Feiler:
    ordning: rekom
    maalgrupper: [laerere]
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext
from ...domain.regelverk import for_ordning
from .._felles import in_own_schemes

CODE = "K407"
SEVERITY = Severity.ERROR
TITLE = "målgruppe utenfor ordningen"
SOURCE = "udir.no: målgruppene for ReKom, DeKom, KomSIP og DeKom FYO"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    checked = ctx.files.get("tiltak")
    for index, tiltak in in_own_schemes(ctx, "tiltak"):
        allowed = for_ordning(tiltak.ordning, tiltak.periode.fra).maalgrupper.get(tiltak.ordning)
        if allowed is None:
            continue
        for j, gruppe in enumerate(tiltak.maalgrupper):
            if gruppe not in allowed.verdi:
                yield Finding(
                    checked, ("tiltak", index, "maalgrupper", j),
                    f"målgruppen {gruppe} er ikke med i {tiltak.ordning}",
                    f"bruk en av {', '.join(allowed.verdi)}, eller flytt tiltaket til en ordning "
                    f"som dekker {gruppe}",
                )
