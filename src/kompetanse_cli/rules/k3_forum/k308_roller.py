"""En påkrevd rolle mangler blant forumets medlemmer.

Hva: `medlemmer` i forum.yaml må ha minst ett medlem med hver påkrevde `rolle`:

- forum for `dekom`, `rekom` og/eller `komsip`: `offentlig_eier`, `privat_eier`, `uh`, `ks`,
  `pbl` og `laererorganisasjon`, og med `rekom` også `barnehagemyndighet`;
- forum for `dekom_fyo`: `arbeidsgiverorganisasjon`, `arbeidstakerorganisasjon`,
  `laererorganisasjon`, `yrkesopplaeringsnemnd`, `privat_vgs` og `kompetansetilbyder`.

Rollene er data i komp (data/regelverk.toml), per forskrift.

Hvorfor: forumet skal ha med offentlige og private barnehage- og skoleeiere, UH i regionen,
KS, PBL og arbeidstakerorganisasjonene for lærerne, og for ReKom kommunen som lokal
barnehagemyndighet (Udir, «Mandat for samarbeidsforum»). FYO-forumet skal ha arbeidslivet med
partene, lærerorganisasjonene, yrkesopplæringsnemnda, private videregående skoler godkjent etter
friskoleloven § 2-1 og relevante kompetansetilbydere (Udirs FYO-mandat).

Bestått:
    medlemmer:
      - {navn: Linda Eriksen, rolle: pbl}
      # … og ett medlem med hver av de andre påkrevde rollene

Feiler:
    medlemmer:
      - {navn: Linda Eriksen, rolle: ks}   # hun var den eneste med rolle: pbl
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from .._felles import listing, regelverk_for_forum

CODE = "K308"
SEVERITY = Severity.ERROR
TITLE = "påkrevd rolle mangler i forumet"
SOURCE = "Udir: «Mandat for samarbeidsforum» og mandatet for FYO-forumet (sammensetning)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None:
        return
    if "dekom_fyo" in forum.ordninger and len(set(forum.ordninger)) > 1:
        return  # K302 reports the mixed forum; which roles it needs is then unclear
    required: list[str] = []
    for reg in regelverk_for_forum(forum.ordninger, forum.aar):
        ordninger = [o for o in forum.ordninger if o in reg.ordninger]
        required.extend(r for r in reg.required_roles(ordninger) if r not in required)
    present = {m.rolle for m in forum.medlemmer}
    missing = [role for role in required if role not in present]
    if not missing:
        return
    noun = "rollen" if len(missing) == 1 else "rollene"
    yield Finding(
        ctx.forum_file, ("medlemmer",),
        f"forumet mangler medlem med {noun} {listing(missing)}",
        "legg til " + ("et medlem" if len(missing) == 1 else "ett medlem for hver") +
        f" under `medlemmer` med «rolle: {missing[0]}»" +
        (" osv." if len(missing) > 1 else "") + " og navn og organisasjon",
        at_key=True,
    )
