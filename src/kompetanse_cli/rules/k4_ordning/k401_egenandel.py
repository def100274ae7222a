"""DeKom: egenandel under 30 % av tilskuddet eieren får.

Hva: hver eier i DeKom må bidra med en egenandel på minst 30 % av `tilskudd_eier` (rundet opp
til hele kroner), regnet per eier og år over alle eierens DeKom-tiltak, på beløpene forumet
innstiller på: partnerskapets søknad slik forumets `justeringer` endrer den (et avslått tiltak
teller ikke). Er både `tilskudd_eier` og `egenandel` fordelt per orgnr, teller hver eier for seg
(en eier som mangler i `egenandel`, har 0 kr); ellers teller tiltaket for mottakeren
(`mottaker`, eller den ene eieren). Har Statsforvalteren fattet vedtak for året med egne
`tildelinger`, gjelder det vedtaket gir: hver mottakers tildelte beløp fordelt på tiltakene
dens etter det innstilte. Under `som_innstilt: true` er det det innstilte, og har vedtaket et
`grunnlag` git kan lese, det som var innstilt i filene ved den commiten. Er eierens sum for
året under kravet, er det en feil; er ett tiltak under 30 % mens eierens sum holder, er det en
merknad (info). Uten forum.yaml gjelder søknaden. Satsen og grunnlaget er data i komp
(data/regelverk.toml).

Hvorfor: «krav til alle skoleeiere om å bidra med en egenandel på 30 prosent av det statlige
tilskuddet» (Statsforvalteren i Innlandet, Møre og Romsdal, Oslo og Viken); egenandelen er «av
tilskuddet som de tildeles», altså det eieren får etter forumets innstilling, og etter
Statsforvalterens vedtak når det finnes. Den kan gis som
kontanter eller helt eller delvis som lønn og frikjøp. At grunnlaget er eiernes tilskudd og ikke
UH-delen, og at kravet gjelder eierens sum for året, er antatt av ordlyden.

Bestått:
    ordning: dekom
    budsjett:
      2027: {tilskudd_eier: 600_000, tilskudd_uh: 300_000, egenandel: 180_000}

Feiler:
    ordning: dekom
    budsjett:
      2027: {tilskudd_eier: 600_000, tilskudd_uh: 300_000, egenandel: 150_000}
    # eller: justeringer i forum.yaml hever tilskudd_eier til 700 000 kr uten mer egenandel
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Fix, Severity
from ...domain.context import Finding, ForumContext
from ...domain.planfiles import Checked, KeyPath
from ...formatting import kroner
from ...pipeline.aggregate import (
    EgenandelDel,
    EgenandelEier,
    egenandel_by_owner,
    required_share,
    vedtak_by_year,
)
from .._felles import has_key, raw_at

CODE = "K401"
SEVERITY = Severity.ERROR
TITLE = "egenandel under 30 % av tilskudd_eier"
SOURCE = ("Statsforvalteren i Innlandet, Møre og Romsdal, Oslo og Viken: «krav til alle skoleeiere "
          "om å bidra med en egenandel på 30 prosent av det statlige tilskuddet» "
          "(FOR-2021-01-26-230)")
SCHEMES = ("dekom",)
SCOPE = "forum"
WITHOUT_FORUM = True


def required(rate: int, amount: int) -> int:
    """`rate` % of `amount`, rounded up to whole kroner (integer arithmetic)."""
    return required_share(rate, amount)


def _where(ctx: ForumContext, part: EgenandelDel) -> tuple[Checked | None, KeyPath, bool]:
    files = {p.slug: p.files.get("tiltak") for p in ctx.partnerships}
    checked = files.get(part.partnerskap)
    path: KeyPath = ("tiltak", part.index, "budsjett", part.aar, "egenandel")
    if not has_key(checked, path):
        return checked, ("tiltak", part.index, "budsjett", part.aar), True
    if part.orgnr_key is not None:
        return checked, (*path, part.orgnr_key), False
    return checked, path, False


def _or_else(ctx: ForumContext, account: EgenandelEier) -> str:
    """What else than more egenandel can mend it: the vedtak's own `tildelinger`, or the amounts
    the forum recommends; a vedtak as recommended at its `grunnlag` is settled, so only the
    egenandel can change."""
    if not account.vedtatt:
        return f", eller reduser {account.grunnlag_navn} (i tiltak.yaml eller i forumets justeringer)"
    found = vedtak_by_year(ctx).get(account.aar)
    if found is not None and found[1].tildelinger is not None:
        return f", eller rett tildelingen i vedtaket for {account.aar} i forum.yaml"
    return (f"; tildelt er det som var innstilt ved grunnlaget for vedtaket for {account.aar}, "
            "så det er egenandelen som må økes")


def _who(account: EgenandelEier) -> str:
    return "" if account.eier.startswith("<") else f" fra {account.eier}"


def check(ctx: ForumContext) -> Iterator[Finding]:
    for account in egenandel_by_owner(ctx):
        rate, basis, aar = account.prosent, account.grunnlag_navn, account.aar
        if not account.oppfylt:
            part = next((d for d in account.deler
                         if d.egenandel < required_share(rate, d.grunnlag)), account.deler[0])
            checked, path, at_key = _where(ctx, part)
            over = (f", summert over {len(account.deler)} DeKom-tiltak"
                    if len(account.deler) > 1 else "")
            enough = account.nok_for(part)
            written = None if at_key else raw_at(checked, path)
            fix = (Fix(f"Sett egenandelen til minstebeløpet {enough}", str(enough))
                   if isinstance(written, int) and not isinstance(written, bool) else None)
            yield Finding(
                checked, path,
                f"egenandel for {aar}{_who(account)} er {kroner(account.egenandel)}, under "
                f"{rate} % av {'tildelt' if account.vedtatt else 'innstilt'} {basis} "
                f"{kroner(account.grunnlag)} (minst {kroner(account.krav)}{over})",
                f"øk egenandelen her til minst {kroner(enough)} (eierens sum for "
                f"{aar} må bli minst {kroner(account.krav)})" + _or_else(ctx, account),
                at_key=at_key,
                fix=fix,
            )
            continue
        if len(account.deler) < 2:
            continue
        for part in account.deler:
            need = required_share(rate, part.grunnlag)
            if part.egenandel >= need:
                continue
            checked, path, at_key = _where(ctx, part)
            yield Finding(
                checked, path,
                f"egenandel for {aar}{_who(account)} i {part.partnerskap}/{part.tiltak} er "
                f"{kroner(part.egenandel)}, under {rate} % av {basis} {kroner(part.grunnlag)}; "
                f"eierens sum for året holder ({kroner(account.egenandel)} av minst "
                f"{kroner(account.krav)})",
                "ingen endring trengs; kravet gjelder eierens sum for året",
                at_key=at_key,
                severity=Severity.INFO,
            )
