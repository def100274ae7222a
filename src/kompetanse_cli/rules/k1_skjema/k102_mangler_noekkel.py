"""En påkrevd nøkkel (eller fil) mangler.

Hva: en nøkkel formatet krever, er ikke skrevet. Diagnosen peker på mappingen som mangler den.
Noen nøkler er påkrevd bare i visse tilfeller: `kommunenummer` for en eier av type `kommune`,
`uh` for partnerskap i dekom, rekom eller komsip, `fylkeskommune` i et forum for dekom_fyo,
`stemmer` når beslutningen er en avstemming, nye beløp eller `avslaatt` i en justering, og
`begrunnelse` for hver regel under `regler:`.
En partnerskapsmappe må ha alle fire filene, og en forummappe må ha forum.yaml.

Hvorfor: innstillingen og kontrollene trenger opplysningen.

Bestått:
    - navn: Bodø kommune
      orgnr: "972418013"
      type: kommune
      kommunenummer: "1804"

Feiler:
    - navn: Bodø kommune
      orgnr: "972418013"
      type: kommune
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...diagnostics import Diagnostic, Severity, Span

if TYPE_CHECKING:
    from ...domain.context import ForumContext
    from ...domain.planfiles import Checked

CODE = "K102"
SEVERITY = Severity.ERROR
TITLE = "påkrevd nøkkel mangler"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")


def missing_forum_file(file: str) -> Diagnostic:
    """K102 for a forum folder without forum.yaml."""
    return Diagnostic(file, None, SEVERITY, CODE, "forummappen mangler forum.yaml",
                      "lag forum.yaml med `komp init forum`, eller pek på en partnerskapsmappe",
                      SOURCE)


def missing_file(file: str, partnership: str, name: str) -> Diagnostic:
    """K102 for a partnership folder without its file `name`."""
    return Diagnostic(file, None, SEVERITY, CODE, f"partnerskapet «{partnership}» mangler {name}",
                      f"lag {name} (se `komp init partnerskap`); en tom liste er lov", SOURCE)


def missing_key(file: str, span: Span | None, name: str, where: str, help_text: str) -> Diagnostic:
    """K102 for the required key `name` missing in the mapping at `span` (`where`, as words)."""
    return Diagnostic(file, span, SEVERITY, CODE, f"påkrevd nøkkel «{name}» mangler{where}",
                      f"legg til «{name}:» med en verdi" + help_text, SOURCE)



def no_plan(file: str, span: Span | None) -> Diagnostic:
    """K102 for `komp plan` on a forum.yaml without `plan`."""
    return Diagnostic(
        file, span, SEVERITY, CODE,
        "forumet har ingen langsiktig plan («plan»), så `komp plan` har ikke noe å lage",
        "legg til «plan:» i forum.yaml med «periode» («fra», «til»), «bakgrunn», "
        "«fokusomraader», «organisering», «fordelingsprinsipper», «evaluering» og "
        "«samiske_perspektiver» (se `komp init forum` for et eksempel)", SOURCE,
    )


_UH_SCHEMES = ("dekom", "rekom", "komsip")


def _missing(checked: Checked, path: tuple[object, ...], message: str, hint: str) -> Diagnostic:
    return Diagnostic(checked.loaded.path, checked.loaded.source_map.locate(path), SEVERITY, CODE,
                      message, hint, SOURCE)


def conditional_requirements(ctx: ForumContext) -> Iterator[Diagnostic]:
    """K102 for keys whose need depends on other values, checked on valid models."""
    from ...domain.models import ARBEIDSLIV_ENHETER

    forum, forum_file = ctx.forum, ctx.forum_file
    if forum is not None and forum_file is not None:
        if "dekom_fyo" in forum.ordninger and forum.fylkeskommune is None:
            yield _missing(forum_file, (), "et forum for dekom_fyo må ha «fylkeskommune»",
                           "legg til «fylkeskommune:» med «navn» og «orgnr» for fylkeskommunen "
                           "som mottar midlene")
        if forum.beslutning is not None and forum.beslutning.form == "avstemming" \
                and not forum.beslutning.stemmer:
            yield _missing(forum_file, ("beslutning",),
                           "beslutningen er en avstemming, men «stemmer» mangler",
                           "før opp hver stemme under «stemmer:» med «medlem» og «stemme»")
        for index, justering in enumerate(forum.justeringer or ()):
            if justering.tilskudd_eier is None and justering.tilskudd_uh is None \
                    and not justering.avslaatt:
                yield _missing(forum_file, ("justeringer", index),
                               f"justeringen av {justering.tiltak} for {justering.aar} sier ikke "
                               "hva som endres",
                               "legg til nytt «tilskudd_eier» og/eller «tilskudd_uh», eller "
                               "«avslaatt: true»")
        for index, vedtak in enumerate(forum.vedtak or ()):
            if not vedtak.som_innstilt and vedtak.tildelinger is None:
                yield _missing(forum_file, ("vedtak", index),
                               f"vedtaket for {vedtak.aar} sier ikke hva som er tildelt",
                               "skriv «som_innstilt: true» når vedtaket følger innstillingen, "
                               "eller før opp «tildelinger» med «mottaker», «ordning» og «beloep»")
    for partnership in ctx.partnerships:
        checked = partnership.partnerskap_file
        model = partnership.partnerskap
        if checked is None or model is None:
            continue
        for index, eier in enumerate(model.eiere):
            if eier.type == "kommune" and eier.kommunenummer is None:
                yield _missing(checked, ("eiere", index),
                               f"eieren {eier.navn} er en kommune, men «kommunenummer» mangler",
                               "legg til «kommunenummer:» med fire sifre i anførselstegn, "
                               "for eksempel \"1804\"")
        for index, enhet in enumerate(model.enheter):
            if enhet.eier is not None:
                continue
            if enhet.type not in ARBEIDSLIV_ENHETER:
                yield _missing(checked, ("enheter", index),
                               f"enheten {enhet.id} ({enhet.navn}) mangler «eier»",
                               "legg til «eier:» med organisasjonsnummeret til en av «eiere»; "
                               "bare lærebedrifter og opplæringskontor deltar uten eier")
            elif enhet.orgnr is None:
                kind = "lærebedrift" if enhet.type == "laerebedrift" else "opplæringskontor"
                yield _missing(checked, ("enheter", index),
                               f"{enhet.navn} er en {kind} uten «eier», og trenger da sitt eget "
                               "«orgnr»",
                               "legg til «orgnr:» med bedriftens organisasjonsnummer (ni sifre, "
                               "i anførselstegn)")
        needs_uh = [o for o in model.ordninger if o in _UH_SCHEMES]
        if needs_uh and not model.uh:
            yield _missing(checked, (),
                           f"partnerskapet er med i {', '.join(needs_uh)}, men har ingen «uh»",
                           "legg til universitetet eller høyskolen under «uh:» med «navn» og "
                           "«orgnr»; ordningene bygger på partnerskap med UH")
