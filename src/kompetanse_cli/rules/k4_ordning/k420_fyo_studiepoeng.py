"""DeKom FYO: et tiltak som gir studiepoeng.

Hva: et tiltak i `dekom_fyo` med `studiepoeng` over 0 gir en advarsel. Ordningen finansierer
etterutdanning uten studiepoeng; videreutdanning med studiepoeng har egne ordninger.

Hvorfor: DeKom FYO finansierer etterutdanning uten studiepoeng, ikke videreutdanning med
studiepoeng (udir.no, «Desentralisert ordning for kompetanseutvikling innen yrkesfag» (2019);
Agder og Vestfold fylkeskommune sier det samme). Et forum som vurderer et tiltak annerledes, kan
si det med begrunnelse i `regler:` i forum.yaml.

Bestått:
    tiltak:
      - id: T1
        ordning: dekom_fyo
        # ingen studiepoeng

Feiler:
    tiltak:
      - id: T1
        ordning: dekom_fyo
        studiepoeng: 15
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, PartnershipContext
from .._felles import in_own_schemes

CODE = "K420"
SEVERITY = Severity.WARNING
TITLE = "FYO-tiltak som gir studiepoeng"
SOURCE = ("udir.no, «Desentralisert ordning for kompetanseutvikling innen yrkesfag» (2019): "
          "etterutdanning uten studiepoeng; Agder og Vestfold fylkeskommune")
SCHEMES = ("dekom_fyo",)
SCOPE = "partnerskap"


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    checked = ctx.files.get("tiltak")
    for index, tiltak in in_own_schemes(ctx, "tiltak"):
        if tiltak.ordning == "dekom_fyo" and tiltak.studiepoeng:
            yield Finding(
                checked, ("tiltak", index, "studiepoeng"),
                f"tiltaket {tiltak.id} ({tiltak.tittel}) gir {tiltak.studiepoeng} studiepoeng, "
                "men DeKom FYO finansierer etterutdanning uten studiepoeng",
                "legg opp tiltaket uten studiepoeng, eller finansier studiepoengdelen på annen "
                "måte (f.eks. videreutdanningsordningene)",
            )
