"""Et partnerskap i en ordning forumet ikke behandler.

Hva: hver ordning i `ordninger` i partnerskap.yaml må også stå i `ordninger` i forum.yaml.

Hvorfor: partnerskapene melder behov og tiltak til samarbeidsforumet i fylket, og forumet gir
innstilling bare for ordningene det behandler (retningslinjene, FOR-2021-01-26-229 og -230; Udirs
mandat for samarbeidsforum). Et FYO-forum og et forum for barnehage og grunnopplæring er to
forskjellige forum.

Bestått:
    # forum.yaml: ordninger: [dekom, rekom, komsip]
    # partnerskap.yaml:
    ordninger: [dekom, rekom]

Feiler:
    # forum.yaml: ordninger: [dekom, rekom, komsip]
    # partnerskap.yaml:
    ordninger: [dekom, dekom_fyo]
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from .._felles import listing

CODE = "K301"
SEVERITY = Severity.ERROR
TITLE = "partnerskap i en ordning forumet ikke behandler"
SOURCE = ("Retningslinjer for tilskuddsordning for lokal kompetanseutvikling (FOR-2021-01-26-229 "
          "og FOR-2021-01-26-230); Udir: Mandat for samarbeidsforum")
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None:
        return
    handled = list(forum.ordninger)
    for partnership in ctx.partnerships:
        partnerskap = partnership.partnerskap
        if partnerskap is None:
            continue
        for index, ordning in enumerate(partnerskap.ordninger):
            if ordning not in handled:
                yield Finding(
                    partnership.partnerskap_file, ("ordninger", index),
                    f"partnerskapet er med i {ordning}, men forumet behandler bare "
                    f"{listing(handled)}",
                    f"ta {ordning} ut av `ordninger` i partnerskap.yaml, eller meld tiltakene til "
                    f"forumet som behandler {ordning}",
                )
