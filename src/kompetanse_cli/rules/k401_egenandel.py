"""DeKom: egenandel under 30 % av tilskuddet til eier.

Hva: for hvert DeKom-tiltak og hvert budsjettår må `egenandel` være minst 30 % av
`tilskudd_eier` (rundet opp til hele kroner). Er både `tilskudd_eier` og `egenandel` fordelt per
orgnr, gjelder kravet hver eier for seg (en eier som mangler i `egenandel`, har 0 kr). Satsen og
grunnlaget er data i komp (data/regelverk.toml). Regelen ser på partnerskapets eget budsjett,
ikke på forumets justeringer.

Hvorfor: «krav til alle skoleeiere om å bidra med en egenandel på 30 prosent av det statlige
tilskuddet» (Statsforvalteren i Innlandet, Møre og Romsdal, Oslo og Viken). Egenandelen kan gis
som kontanter eller helt eller delvis som lønn og frikjøp. At grunnlaget er eiernes tilskudd og
ikke UH-delen, er antatt («av tilskuddet som de tildeles»).

Bestått:
    ordning: dekom
    budsjett:
      2027: {tilskudd_eier: 600_000, tilskudd_uh: 300_000, egenandel: 180_000}

Feiler:
    ordning: dekom
    budsjett:
      2027: {tilskudd_eier: 600_000, tilskudd_uh: 300_000, egenandel: 150_000}
"""

from __future__ import annotations

from collections.abc import Iterator

from ..aggregate import total
from ..context import Finding, PartnershipContext
from ..diagnostics import Severity
from ..formatting import kroner
from ..loader import Path
from ..regelverk import for_ordning
from ._felles import has_key, in_own_schemes, orgnr_key

CODE = "K401"
SEVERITY = Severity.ERROR
TITLE = "egenandel under 30 % av tilskudd_eier"
SOURCE = ("Statsforvalteren i Innlandet, Møre og Romsdal, Oslo og Viken: «krav til alle skoleeiere "
          "om å bidra med en egenandel på 30 prosent av det statlige tilskuddet» "
          "(FOR-2021-01-26-230)")
SCHEMES = ("dekom",)
SCOPE = "partnerskap"


def required(rate: int, amount: int) -> int:
    """`rate` % of `amount`, rounded up to whole kroner (integer arithmetic)."""
    return -(-rate * amount // 100)


def check(ctx: PartnershipContext) -> Iterator[Finding]:
    checked = ctx.files.get("tiltak")
    for index, tiltak in in_own_schemes(ctx, "tiltak"):
        for aar, budsjett in sorted(tiltak.budsjett.items()):
            spec = for_ordning(tiltak.ordning, aar).egenandel.get(tiltak.ordning)
            if spec is None:
                continue
            rate, basis = spec.prosent.verdi, spec.grunnlag.verdi
            base_amount = getattr(budsjett, basis)
            egenandel = budsjett.egenandel
            path: Path = ("tiltak", index, "budsjett", aar, "egenandel")
            written = has_key(checked, path)
            if not written:
                path = ("tiltak", index, "budsjett", aar)
            if isinstance(base_amount, dict) and isinstance(egenandel, dict):
                for orgnr, amount in base_amount.items():
                    need = required(rate, amount)
                    own = egenandel.get(orgnr, 0)
                    if own < need:
                        at = (*path, orgnr_key(checked, path, orgnr)) \
                            if orgnr in egenandel else path
                        yield Finding(
                            checked, at,
                            f"egenandel for {aar} fra {orgnr} er {kroner(own)}, under {rate} % av "
                            f"{basis} til samme eier {kroner(amount)} (minst {kroner(need)})",
                            f"øk egenandelen for {orgnr} til minst {kroner(need)}, eller reduser "
                            f"{basis} for {orgnr}",
                            at_key=orgnr not in egenandel,
                        )
                continue
            amount, own = total(base_amount), total(egenandel)
            need = required(rate, amount)
            if own < need:
                yield Finding(
                    checked, path,
                    f"egenandel for {aar} er {kroner(own)}, under {rate} % av {basis} "
                    f"{kroner(amount)} (minst {kroner(need)})",
                    f"øk egenandel til minst {kroner(need)}, eller reduser {basis}",
                    at_key=not written,
                )
