"""En henvisning til noe som ikke finnes i partnerskapet.

Hva: en prioritering viser til et behov, et tiltak til en prioritering, en enhet eller en
partner, en enhet eller et behov til en eier, eller `mottaker` til en eier, som ikke finnes i
partnerskapets filer; eller et tiltak nevner under `fokusomraader` et fokusområde som ikke står
i forumets plan (`plan.fokusomraader` i forum.yaml; uten `plan` sjekkes ikke navnene).

Hvorfor: sammenhengen behov → prioritering → tiltak er det forumet bygger innstillingen på
(Udirs mandat for samarbeidsforum); en brutt henvisning betyr at et tiltak ikke kan spores til
et lokalt vurdert behov, eller at penger ikke har noen mottaker.

Bestått:
    prioriteringer:
      - id: P1
        behov: [B1]     # B1 står i behov.yaml

Feiler:
    prioriteringer:
      - id: P1
        behov: [B9]     # ingen B9 i behov.yaml
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext, PartnershipContext
from ...domain.fieldtypes import closest
from ...domain.planfiles import Checked, KeyPath

CODE = "K202"
SEVERITY = Severity.ERROR
TITLE = "henvisning til noe som ikke finnes"
SOURCE = "Udir: Mandat for samarbeidsforum (behov, prioritering og tiltak henger sammen)"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "partnerskap"


def _missing(checked: Checked | None, path: KeyPath, value: str, known: set[str], what: str,
             where: str) -> Finding:
    guess = closest(value, sorted(known)) if known else None
    if guess:
        hint = f"mente du «{guess}»? Ellers legg til {what} i {where}"
    elif known:
        hint = f"kjente verdier: {', '.join(sorted(known))}; eller legg til {what} i {where}"
    else:
        hint = f"legg til {what} i {where}"
    return Finding(checked, path, f"{what} «{value}» finnes ikke i {where}", hint)


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    behov_file = ctx.files.get("behov")
    prio_file = ctx.files.get("prioriteringer")
    tiltak_file = ctx.files.get("tiltak")
    partner_file = ctx.partnerskap_file

    if ctx.readable("behov") and prio_file is not None and behov_file is not None:
        known = behov_file.known_ids()
        for index, prio in ctx.prioriteringer():
            for i, ref in enumerate(prio.behov):
                if ref not in known:
                    yield _missing(prio_file, ("prioriteringer", index, "behov", i), ref, known,
                                   "behovet", "behov.yaml")

    if ctx.readable("prioriteringer") and tiltak_file is not None and prio_file is not None:
        known = prio_file.known_ids()
        for index, tiltak in ctx.tiltak():
            for i, ref in enumerate(tiltak.prioriteringer):
                if ref not in known:
                    yield _missing(tiltak_file, ("tiltak", index, "prioriteringer", i), ref, known,
                                   "prioriteringen", "prioriteringer.yaml")

    if not ctx.owners_readable():
        return
    units, owners, partners = ctx.unit_ids(), ctx.owner_orgnrs(), ctx.partner_orgnrs()
    owners_known = ctx.orgnrs_valid("eiere")
    partners_known = ctx.orgnrs_valid("uh", "tilbydere")
    for index, tiltak in ctx.tiltak():
        if tiltak.deltakere is not None:
            for i, ref in enumerate(tiltak.deltakere.enheter):
                if ref not in units:
                    yield _missing(tiltak_file, ("tiltak", index, "deltakere", "enheter", i), ref,
                                   units, "enheten", "partnerskap.yaml (enheter)")
        for i, ref in enumerate(tiltak.partnere):
            if partners_known and ref not in partners:
                yield _missing(tiltak_file, ("tiltak", index, "partnere", i), ref, partners,
                               "partneren", "partnerskap.yaml (uh eller tilbydere)")
    for index, behov in ctx.behov():
        for i, ref in enumerate(behov.enheter):
            if ref not in units:
                yield _missing(behov_file, ("behov", index, "enheter", i), ref, units,
                               "enheten", "partnerskap.yaml (enheter)")
        if owners_known and behov.eier is not None and behov.eier not in owners:
            yield _missing(behov_file, ("behov", index, "eier"), behov.eier, owners,
                           "eieren", "partnerskap.yaml (eiere)")
    partnerskap = ctx.partnerskap
    if partnerskap is None or not owners_known:
        return
    for index, enhet in enumerate(partnerskap.enheter):
        if enhet.eier is not None and enhet.eier not in owners:
            yield _missing(partner_file, ("enheter", index, "eier"), enhet.eier, owners,
                           "eieren", "eiere")
    if partnerskap.mottaker is not None and partnerskap.mottaker not in owners:
        yield _missing(partner_file, ("mottaker",), partnerskap.mottaker, owners,
                       "mottakeren", "eiere")


def check_forum(ctx: ForumContext) -> Iterator[Finding]:
    """A measure's `fokusomraader` must name focus areas of the forum's plan."""
    forum = ctx.forum
    if forum is None or forum.plan is None:  # no plan yet: nothing to check the names against
        return
    known = {f.navn.strip() for f in (forum.plan.fokusomraader or ())}
    for partnership in ctx.partnerships:
        tiltak_file = partnership.files.get("tiltak")
        for index, tiltak in partnership.tiltak():
            for i, name in enumerate(tiltak.fokusomraader or ()):
                if name.strip() not in known:
                    yield _missing(tiltak_file, ("tiltak", index, "fokusomraader", i), name,
                                   known, "fokusområdet", "forum.yaml (plan.fokusomraader)")
