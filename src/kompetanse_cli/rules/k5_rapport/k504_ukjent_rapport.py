"""Rapporten gjelder et ukjent tiltak, eller et år uten tilskudd.

Hva: hvert tiltak i `rapport.yaml` må finnes i partnerskapets `tiltak.yaml` (samme `id`), og
tiltaket må ha fått tilskudd det året rapporten gjelder: et budsjett for året som forumet ikke
har avslått eller satt til 0 under `justeringer`.

Hvorfor: eierne rapporterer om bruken av midlene de har fått (Statsforvalteren i Oslo og
Viken); en rapport om noe som ikke fikk midler, er som regel en feilskrevet id eller feil år.

Bestått:
    # tiltak.yaml har T2 med budsjett for 2026
    rapport:
      - aar: 2026
        tiltak:
          - {id: T2, status: gjennomfoert}

Feiler:
    rapport:
      - aar: 2026
        tiltak:
          - {id: T9, status: gjennomfoert}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Severity
from ...domain.context import Finding, ForumContext, raw_list
from ...pipeline.aggregate import granted_by_measure, recommended_by_measure

CODE = "K504"
SEVERITY = Severity.ERROR
TITLE = "rapport om ukjent tiltak eller år uten tilskudd"
SOURCE = "Statsforvalteren i Oslo og Viken: eierne rapporterer om bruken av midlene de har fått"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")
SCOPE = "forum"


def check(ctx: ForumContext) -> Iterator[Finding]:
    by_measure = recommended_by_measure(ctx)
    granted: dict[int, dict[tuple[str, str], int]] = {}
    for partnership in ctx.partnerships:
        checked = partnership.files.get("rapport")
        tiltak_file = partnership.files.get("tiltak")
        if checked is None or tiltak_file is None or not tiltak_file.complete:
            continue
        known = tiltak_file.known_ids()
        valid = {t.id for _, t in partnership.tiltak()}
        written = [str(e.get("id")) for e in raw_list(tiltak_file, "tiltak") if isinstance(e, dict)]
        duplicated = len(written) != len(set(written))  # K201: the id meant may be a twin
        for index, rapport in partnership.rapport():
            for t_index, entry in enumerate(rapport.tiltak):
                path = ("rapport", index, "tiltak", t_index, "id")
                if entry.id not in known:
                    if duplicated:
                        continue
                    yield Finding(
                        checked, path,
                        f"rapporten for {rapport.aar} gjelder tiltaket «{entry.id}», som ikke "
                        f"finnes i partnerskap/{partnership.slug}/tiltak.yaml",
                        "bruk id-en tiltaket har i tiltak.yaml (f.eks. T1)",
                    )
                    continue
                if entry.id not in valid:
                    continue  # the measure has errors of its own
                row = by_measure.get((partnership.slug, entry.id), {}).get(rapport.aar)
                if rapport.aar not in granted:
                    granted[rapport.aar] = granted_by_measure(ctx, rapport.aar)
                if granted[rapport.aar].get((partnership.slug, entry.id), 0) == 0:
                    why = "har ikke budsjett" if row is None else "fikk ikke tilskudd"
                    yield Finding(
                        checked, path,
                        f"tiltaket {entry.id} {why} for {rapport.aar}, men er med i rapporten "
                        f"for det året",
                        "sjekk året (`aar`) i rapporten; et tiltak uten tilskudd det året skal "
                        "ikke rapporteres",
                    )
