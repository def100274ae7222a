"""Et vedtatt år av et tiltak er endret etter vedtaket.

Hva: et vedtak i forum.yaml med `grunnlag` (commiten innstillingen ble laget fra, slik den står
nederst i dokumentet) viser hva som ble vedtatt: hvert tiltak som hadde tilskudd i vedtaksåret
i den versjonen, med beløpene for det året og for årene etter (en videreføring). komp leser
planfilene ved den commiten fra git og sammenligner med dagens filer: et vedtatt års tilskudd
(til eier og UH, per mottaker, etter forumets `justeringer`) som er endret eller tatt bort, gir
denne advarselen. Et senere år som ennå ikke har et eget vedtak, kan forumet endre med en
`justeringer`-oppføring med begrunnelse (eierne blir spurt om behovet for år 2 og år 3); da er
endringen forumets, og den gir ingen advarsel. Uten `grunnlag` står dagens filer for det som ble
vedtatt, og regelen kan ikke sjekke noe. Finnes ikke git, repoet eller commiten, eller har
planfilene i commiten feil (av slike filer lages ingen innstilling), sier regelen fra; det samme
gjør den når `grunnlag` er et navn som HEAD, en gren eller en tagg i stedet for en commit-id, for
et navn kan flytte seg til en annen commit.

Hvorfor: tiltak varer 1–3 år med et beløp per år, og et tiltak som er vedtatt for flere år,
binder de senere årenes rammer (Statsforvalteren i Oslo og Viken); et vedtatt beløp endres ikke
i tiltak.yaml i det stille.

Bestått:
    # forum.yaml:
    #   vedtak:
    #     - {aar: 2026, dato: 2026-04-14, saksnummer: 2026/1873, som_innstilt: true,
    #        grunnlag: "3f2a9c1"}
    # salten/tiltak.yaml, tiltaket T2, budsjettet for 2027 (som i commit 3f2a9c1):
    tilskudd_uh: 300_000

Feiler:
    # forum.yaml:
    #   vedtak:
    #     - {aar: 2026, dato: 2026-04-14, saksnummer: 2026/1873, som_innstilt: true,
    #        grunnlag: "3f2a9c1"}
    # salten/tiltak.yaml, tiltaket T2, budsjettet for 2027 (300_000 i commit 3f2a9c1):
    tilskudd_uh: 350_000
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext
from ...domain.models import Vedtak
from ...domain.planfiles import KeyPath
from ...formatting import kroner
from ...pipeline.aggregate import (
    ShareKey,
    TiltakAar,
    justeringer_by_target,
    shares_by_measure_year,
    total,
    vedtak_by_year,
)
from .._felles import has_key

CODE = "K313"
SEVERITY = Severity.WARNING
TITLE = "vedtatt år endret"
SOURCE = ("Statsforvalteren i Oslo og Viken: tiltak for inntil tre år med beløp per år; at et "
          "vedtatt beløp ikke endres uten nytt vedtak eller forumets justering, er antatt")
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"

Decided = tuple[int, Vedtak, TiltakAar, dict[ShareKey, int]]
"""Index in forum.vedtak, the vedtak, and the measure-year as it stood at its grunnlag."""


def _amounts(row: TiltakAar) -> str:
    eier, uh = total(row.anbefalt_eier), total(row.anbefalt_uh)
    return f"{kroner(eier + uh)} (eier {kroner(eier)}, UH {kroner(uh)})"


def check(ctx: ForumContext) -> Iterator[Finding]:
    forum = ctx.forum
    if forum is None or ctx.folder is None:
        return
    from ...pipeline.grunnlag import read_grunnlag

    with_basis = sorted(((v.aar, i, v) for i, v in enumerate(forum.vedtak or ())
                         if v.grunnlag), key=lambda t: (t[0], t[1]))
    decided: dict[tuple[str, str, int], Decided] = {}
    for aar, index, vedtak in with_basis:
        assert vedtak.grunnlag is not None
        basis = read_grunnlag(ctx.folder, vedtak.grunnlag)
        if basis.ctx is None:
            ctx.volatile = True  # git, the repository or the commit may be there next time
            yield Finding(
                ctx.forum_file, ("vedtak", index, "grunnlag"),
                f"grunnlaget for vedtaket for {aar} kan ikke leses: {basis.feil}; derfor kan "
                "komp ikke sjekke om de vedtatte beløpene er endret",
                basis.hint or "")
            continue
        then = shares_by_measure_year(basis.ctx)
        granted = {(slug, ident) for (slug, ident, year), (row, _) in then.items()
                   if year == aar and row.anbefalt > 0}
        for (slug, ident, year), (row, shares) in then.items():
            if year >= aar and (slug, ident) in granted:
                decided[(slug, ident, year)] = (index, vedtak, row, shares)
    if not decided:
        return
    yield from _compare(ctx, decided)


def _compare(ctx: ForumContext, decided: dict[tuple[str, str, int], Decided]
             ) -> Iterator[Finding]:
    forum = ctx.forum
    assert forum is not None
    now = shares_by_measure_year(ctx)
    years_with_vedtak = set(vedtak_by_year(ctx))
    changes = justeringer_by_target(ctx)
    measures = {(p.slug, t.id): (p, i) for p in ctx.partnerships for i, t in p.tiltak()}
    unreadable = {p.slug for p in ctx.partnerships
                  if not p.readable("tiltak") or p.files.get("tiltak") is None}
    broken = {(p.slug, ident) for p in ctx.partnerships
              for ident in getattr(p.files.get("tiltak"), "broken_ids", ())}
    gone: set[tuple[str, str]] = set()
    for (slug, ident, year), (index, vedtak, row, shares) in sorted(decided.items()):
        ref = f"{slug}/{ident}"
        # not the saksnummer: `komp diff` knows a finding by its message, and a new saksnummer
        # changes nothing of what was decided
        when = f"i vedtaket for {vedtak.aar} (grunnlag {vedtak.grunnlag})"
        if (slug, ident) not in measures:
            if slug in unreadable or (slug, ident) in broken or (slug, ident) in gone:
                continue  # the file's own errors are reported; one finding per measure
            gone.add((slug, ident))
            yield Finding(
                ctx.forum_file, ("vedtak", index, "grunnlag"),
                f"{ref} ble vedtatt {when}, men står ikke lenger i partnerskap/{slug}/tiltak.yaml",
                "legg tiltaket tilbake med de vedtatte beløpene, eller meld det som avlyst i "
                "rapport.yaml; et vedtatt tiltak tas ikke bort fra planfilene")
            continue
        partnership, position = measures[(slug, ident)]
        current = now.get((slug, ident, year))
        if current is not None and current[1] == shares:
            continue
        change = changes.get((slug, ident, year))
        if current is not None and change is not None and year not in years_with_vedtak:
            continue  # the forum changes a later year itself, with its reason
        checked = partnership.files.get("tiltak")
        if current is None:
            yield Finding(
                checked, ("tiltak", position, "budsjett"),
                f"{ref} ble vedtatt med {_amounts(row)} for {year} {when}, men har ikke lenger "
                f"budsjett for {year}",
                f"legg {year} tilbake under `budsjett` med de vedtatte beløpene", at_key=True)
            continue
        same_total = current[0].anbefalt == row.anbefalt
        what = (f"nå står det {_amounts(current[0])}" if not same_total else
                "nå står det samme beløp, men fordelt på andre mottakere")
        hint = (f"sett beløpene for {year} tilbake til de vedtatte; et år med eget vedtak endres "
                "bare med et nytt vedtak" if year in years_with_vedtak else
                f"sett beløpene for {year} tilbake til de vedtatte, eller la forumet endre dem med "
                f"en oppføring under `justeringer` i forum.yaml (tiltak: {ref}, aar: {year}, med "
                "begrunnelse)")
        at_key = False
        path: KeyPath
        if change is not None:
            file, path = ctx.forum_file, ("justeringer", change[0])
        else:
            file, path = checked, ("tiltak", position, "budsjett", year)
            roles = [rolle for rolle in ("eier", "uh")
                     if _of_role(shares, rolle) != _of_role(current[1], rolle)]
            if len(roles) == 1 and has_key(checked, (*path, f"tilskudd_{roles[0]}")):
                path = (*path, f"tilskudd_{roles[0]}")
            elif has_key(checked, path):
                at_key = True
            else:
                path = ("tiltak", position, "budsjett")
        yield Finding(file, path, f"{ref} ble vedtatt med {_amounts(row)} for {year} {when}; "
                                  f"{what}", hint, at_key=at_key)


def _of_role(shares: dict[ShareKey, int], rolle: str) -> dict[ShareKey, int]:
    return {key: beloep for key, beloep in shares.items() if key[1] == rolle}
