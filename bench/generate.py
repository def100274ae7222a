"""A deterministic national corpus of forums, in komp's file format, for benchmarks.

    python bench/generate.py OUT [--fylker 15] [--partnerskap 30] [--seed 1] [--tiltak-mb MB]

writes OUT/<fylke-slug>/forum.yaml and OUT/<fylke-slug>/partnerskap/<slug>/*.yaml: one forum per
county (dekom and rekom, as most counties run them), each with the given number of partnerships.
Kommune numbers are real (src/kompetanse_cli/data/kommuner-2024.csv), every orgnr has a valid
mod-11 check digit, and the files validate clean with `komp validate`: required forum roles,
30 % egenandel, UH partner, target groups per scheme, coordination under 10 %, frames that cover
what is asked for, Sami perspectives where the owners are in the Sami administrative area.
The files are in `komp fmt`'s canonical layout (keys in the models'
order), as a forum that runs `komp fmt` keeps them. The same arguments always give
byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KOMMUNER_CSV = ROOT / "src" / "kompetanse_cli" / "data" / "kommuner-2024.csv"
SAMI_COUNTIES = ("18", "50", "55", "56")
AAR = 2027
YEARS = (AAR, AAR + 1)

_THEMES_DEKOM = (
    ("Lesing i alle fag", "lesing som grunnleggende ferdighet i alle fag på mellomtrinnet"),
    ("Regning i alle fag", "regning som grunnleggende ferdighet også utenfor matematikkfaget"),
    ("Klasseledelse og læringsmiljø", "klasseledelse, relasjoner og et trygt læringsmiljø"),
    ("Vurdering for læring", "underveisvurdering og elevenes medvirkning i egen læring"),
    ("Inkluderende praksis", "tilpasset opplæring i fellesskapet og mindre spesialundervisning"),
    ("Profesjonsfellesskap", "lærende profesjonsfellesskap og kollegaveiledning"),
    ("Digital kompetanse", "profesjonsfaglig digital kompetanse i undervisningen"),
    ("Dybdelæring i naturfag", "utforskende arbeidsmåter og dybdelæring i naturfag"),
)
_THEMES_REKOM = (
    ("Språkmiljø for de yngste", "lek og samspill som fremmer språkutvikling hos de yngste"),
    ("Pedagogisk ledelse", "pedagogiske lederes rolle som veiledere for de andre ansatte"),
    ("Barns medvirkning", "barns medvirkning i hverdagen og i planleggingen"),
    ("Flerspråklige barn", "språkarbeid med barn som har et annet morsmål"),
    ("Trygt og godt barnehagemiljø", "forebygging av utenforskap og krenkelser i barnegruppen"),
)
_FIRST = ("Ingrid", "Ole", "Kari", "Lars", "Marit", "Per", "Anne", "Jon", "Hilde", "Geir",
          "Silje", "Tor", "Randi", "Eirik", "Liv", "Knut", "Siri", "Arne", "Tone", "Bjørn")
_LAST = ("Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
         "Jensen", "Karlsen", "Berg", "Haugen", "Strand", "Eriksen", "Solberg", "Bakken")
_UH = ("Nord universitet", "Universitetet i Agder", "NTNU", "Høgskulen på Vestlandet",
       "OsloMet", "Universitetet i Stavanger", "UiT Norges arktiske universitet",
       "Universitetet i Sørøst-Norge", "Høgskolen i Innlandet", "Høgskolen i Østfold")


def slug(text: str) -> str:
    folded = (text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def _orgnr(rng: random.Random, used: set[str]) -> str:
    """A fresh nine-digit organisation number with a valid mod-11 check digit."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        digits = [rng.choice((8, 9))] + [rng.randrange(10) for _ in range(7)]
        remainder = 11 - sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if remainder == 10:
            continue
        number = "".join(map(str, digits)) + str(0 if remainder == 11 else remainder)
        if number not in used:
            used.add(number)
            return number


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _money(amount: int) -> str:
    return f"{amount:_}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _read_kommuner() -> tuple[dict[str, list[tuple[str, str]]], dict[str, str]]:
    by_county: dict[str, list[tuple[str, str]]] = {}
    names: dict[str, str] = {}
    with KOMMUNER_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_county.setdefault(row["fylkesnummer"], []).append((row["kommunenummer"], row["navn"]))
            names[row["fylkesnummer"]] = row["fylke"]
    return by_county, names


def _sami_kommuner() -> set[str]:
    path = KOMMUNER_CSV.parent / "samisk-forvaltningsomraade-2024.csv"
    with path.open(encoding="utf-8") as handle:
        return {row["kommunenummer"] for row in csv.DictReader(handle)}


class _Partnership:
    """One generated partnership, with what the forum needs to know about it."""

    def __init__(self, slug_: str) -> None:
        self.slug = slug_
        self.files: dict[str, str] = {}
        self.asked: dict[tuple[str, int], int] = {}


def _partnership(rng: random.Random, used: set[str], county: str, index: int,
                 kommuner: list[tuple[str, str]], orgnr_of: dict[str, str], uh: tuple[str, str],
                 sami: set[str], tiltak_bytes: int = 0) -> _Partnership:
    start = (index * 3) % len(kommuner)
    owners: list[tuple[str, str, str, str | None]] = []  # name, orgnr, type, kommunenummer
    for k in range(min(3, len(kommuner))):
        nummer, navn = kommuner[(start + k) % len(kommuner)]
        owners.append((f"{navn} kommune", orgnr_of[nummer], "kommune", nummer))
    lead_name = owners[0][0].removesuffix(" kommune")
    private_name = f"{_LAST[index % len(_LAST)]} barnehager AS"
    owners.append((private_name, _orgnr(rng, used), "privat", None))
    name = f"Kompetansenettverk {lead_name} {index + 1}"
    partnership = _Partnership(f"{slug(lead_name)}-{index + 1:02d}")

    units: list[tuple[str, str, str, str]] = []  # id, name, type, owner orgnr
    for navn, orgnr, kind, _ in owners:
        base = slug(navn.removesuffix(" kommune").removesuffix(" barnehager AS"))
        if kind == "kommune":
            units.append((f"gs-{base}-1", f"{navn.removesuffix(' kommune')} skole", "grunnskole", orgnr))
            units.append((f"gs-{base}-2", f"{navn.removesuffix(' kommune')} ungdomsskole",
                          "grunnskole", orgnr))
            units.append((f"bh-{base}", f"{navn.removesuffix(' kommune')} barnehage", "barnehage",
                          orgnr))
        else:
            units.append((f"bh-{base}-privat", f"{navn.removesuffix(' AS')}", "barnehage", orgnr))
    schools = [u for u in units if u[2] == "grunnskole"]
    kindergartens = [u for u in units if u[2] == "barnehage"]
    has_sami = any(nummer in sami for *_, nummer in owners if nummer) or county in SAMI_COUNTIES

    lines = [
        "# yaml-language-server: $schema=../../../../schemas/partnerskap.schema.json",
        "#",
        f"# {name}: generert for ytelsesmålinger (bench/generate.py).",
        "",
        f"navn: {name}",
        "ordninger:",
        "  - dekom",
        "  - rekom",
        "",
        "eiere:",
    ]
    for navn, orgnr, kind, kommunenr in owners:
        lines += [f"  - navn: {navn}", f"    orgnr: {_q(orgnr)}", f"    type: {kind}"]
        if kommunenr:
            lines.append(f"    kommunenummer: {_q(kommunenr)}")
    lines += ["", "enheter:"]
    for uid, navn, kind, eier in units:
        lines += [f"  - id: {uid}", f"    navn: {navn}", f"    type: {kind}", f"    eier: {_q(eier)}"]
    lines += ["", "uh:", f"  - navn: {uh[0]}", f"    orgnr: {_q(uh[1])}", "",
              f"mottaker: {_q(owners[0][1])}  # {owners[0][0]}", "",
              "koordinator:", f"  navn: {_person(rng)}",
              f"  epost: koordinator@{slug(lead_name)}.kommune.no", "",
              "dobbelt_formaal: >-",
              f"  {uh[0]} knytter studenter i lærer- og barnehagelærerutdanningen til",
              "  tiltakene gjennom praksis og bacheloroppgaver."]
    if has_sami:
        lines += ["", "samiske_perspektiver: >-",
                  "  Tiltakene planlegges sammen med samiske foreldre og fagmiljøer, og",
                  "  samisk språk og kultur er en del av innholdet."]
    partnership.files["partnerskap.yaml"] = "\n".join(lines) + "\n"

    # Needs, priorities and measures: four dekom and three rekom needs, one priority per pair.
    themes = ([("dekom", t) for t in rng.sample(_THEMES_DEKOM, 4)]
              + [("rekom", t) for t in rng.sample(_THEMES_REKOM, 3)])
    behov = ["# yaml-language-server: $schema=../../../../schemas/behov.schema.json", "",
             "behov:"]
    for number, (ordning, (tittel, what)) in enumerate(themes, start=1):
        pool = schools if ordning == "dekom" else kindergartens
        unit = pool[number % len(pool)]
        behov += [
            f"  - id: B{number}",
            f"    tittel: {tittel}",
            "    beskrivelse: >-",
            f"      Ståstedsanalysen og samtaler med ansatte viser behov for å styrke {what}.",
            "      Ledere og ansatte har vurdert behovet sammen.",
            f"    ordning: {ordning}",
            "    enheter:",
            f"      - {unit[0]}",
            f"    eier: {_q(unit[3])}",
            f"    grunnlag: {rng.choice(('staastedsanalyse', 'kartlegging', 'tilstandsrapport'))}",
            "    vurdert_av:",
            "      - ansatte",
            "      - ledere",
            f"    dato: {AAR - 1}-{rng.randint(9, 12):02d}-{rng.randint(1, 28):02d}",
            "    dialog_med_uh: true",
            "",
        ]
    partnership.files["behov.yaml"] = "\n".join(behov).rstrip() + "\n"

    groups = [[1, 2], [3, 4], [5, 6], [7]]
    prior = ["# yaml-language-server: $schema=../../../../schemas/prioriteringer.schema.json", "",
             "prioriteringer:"]
    for rang, group in enumerate(groups, start=1):
        prior += [f"  - id: P{rang}", f"    rang: {rang}",
                  f"    tittel: {themes[group[0] - 1][1][0]}", "    behov:"]
        prior += [f"      - B{b}" for b in group]
        prior += ["    begrunnelse: >-",
                  "      Behovet er felles for flere enheter i nettverket og har stor betydning",
                  "      for barnas og elevenes læring.", ""]
    partnership.files["prioriteringer.yaml"] = "\n".join(prior).rstrip() + "\n"

    tiltak = ["# yaml-language-server: $schema=../../../../schemas/tiltak.schema.json", "#",
              "# Beløp er hele kroner per år; tilskudd_eier går til mottaker, tilskudd_uh til UH.",
              "", "tiltak:"]
    total = {aar: 0 for aar in YEARS}
    size = sum(len(line.encode()) + 1 for line in tiltak)
    number = 0
    while number < len(themes) or size < tiltak_bytes - 1200:  # room for the coordination
        number += 1
        theme = (number - 1) % len(themes) + 1
        ordning, (tittel, what) = themes[theme - 1]
        if number > len(themes):  # a larger file: the same themes again, in parts
            tittel = f"{tittel}, del {(number - 1) // len(themes) + 1}"
        first = len(tiltak)
        rang = next(r for r, g in enumerate(groups, start=1) if theme in g)
        pool = schools if ordning == "dekom" else kindergartens
        chosen = [pool[(number + k) % len(pool)] for k in range(min(2, len(pool)))]
        kind = "skolebasert" if ordning == "dekom" else "barnehagebasert"
        groups_ = (("laerere", "ledere") if ordning == "dekom"
                   else ("barnehagelaerere", "andre_ansatte", "ledere"))
        tiltak += [
            f"  - id: T{number}",
            f"    tittel: {tittel}",
            "    beskrivelse: >-",
            f"      {'Skolebasert' if ordning == 'dekom' else 'Barnehagebasert'} "
            f"kompetanseutvikling om {what},",
            f"      med veiledning og samlinger ved {uh[0]}.",
            f"    ordning: {ordning}",
            f"    type: {kind}",
            "    prioriteringer:",
            f"      - P{rang}",
            "    maalgrupper:",
        ]
        tiltak += [f"      - {g}" for g in groups_]
        tiltak += ["    deltakere:", "      enheter:"]
        tiltak += [f"        - {u[0]}" for u in chosen]
        tiltak += [f"      antall: {rng.randint(12, 60)}", "    partnere:", f"      - {_q(uh[1])}",
                   "    periode:", f"      fra: {YEARS[0]}", f"      til: {YEARS[-1]}",
                   "    budsjett:"]
        for aar in YEARS:
            eier_amount = rng.randrange(150, 500) * 1000
            uh_amount = rng.randrange(50, 250) * 1000
            egenandel = -(-eier_amount * 3 // 10) + rng.randrange(0, 5) * 1000
            tiltak += [f"      {aar}:", f"        tilskudd_eier: {_money(eier_amount)}",
                       f"        tilskudd_uh: {_money(uh_amount)}",
                       f"        egenandel: {_money(egenandel)}",
                       f"        egenandel_form: {rng.choice(('arbeidstid', 'kontant', 'blandet'))}"]
            total[aar] += eier_amount + uh_amount
            partnership.asked[(ordning, aar)] = partnership.asked.get((ordning, aar), 0) \
                + eier_amount + uh_amount
        tiltak += ["    fokusomraader:", "      - " + ("Grunnleggende ferdigheter" if theme % 2
                                                      else "Inkluderende fellesskap")]
        tiltak.append("")
        size += sum(len(line.encode()) + 1 for line in tiltak[first:])
    # Coordination: well under 10 % of the partnership's grants each year.
    tiltak += [
        f"  - id: T{number + 1}",
        "    tittel: Koordinering av nettverket",
        "    beskrivelse: >-",
        "      Koordinatoren følger opp tiltakene, samler behovsmeldinger og rapporterer",
        "      til samarbeidsforumet.",
        "    ordning: dekom",
        "    type: koordinering",
        "    prioriteringer:",
    ]
    tiltak += [f"      - P{r}" for r in range(1, len(groups) + 1)]
    tiltak += ["    maalgrupper:", "      - ledere", "    deltakere:", "      enheter:"]
    tiltak += [f"        - {u[0]}" for u in units[:3]]
    tiltak += ["      antall: 4", "    partnere:", f"      - {_q(uh[1])}", "    periode:",
               f"      fra: {YEARS[0]}", f"      til: {YEARS[-1]}", "    budsjett:"]
    for aar in YEARS:
        amount = (total[aar] // 20) // 1000 * 1000  # 5 %
        tiltak += [f"      {aar}:", f"        tilskudd_eier: {_money(amount)}", "        tilskudd_uh: 0",
                   f"        egenandel: {_money(-(-amount * 3 // 10))}",
                   "        egenandel_form: arbeidstid"]
        partnership.asked[("dekom", aar)] += amount
    tiltak += ["    fokusomraader:", "      - Inkluderende fellesskap",
               "      - Grunnleggende ferdigheter"]
    partnership.files["tiltak.yaml"] = "\n".join(tiltak) + "\n"
    return partnership


def _forum(rng: random.Random, used: set[str], county: str, county_name: str,
           partnerships: list[_Partnership], uh: tuple[str, str],
           kommuner: list[tuple[str, str]], orgnr_of: dict[str, str]) -> str:
    asked: dict[tuple[str, int], int] = {}
    for partnership in partnerships:
        for key, amount in partnership.asked.items():
            asked[key] = asked.get(key, 0) + amount
    lines = [
        "# yaml-language-server: $schema=../schemas/forum.schema.json",
        "#",
        f"# Samarbeidsforumet i {county_name}: generert for ytelsesmålinger (bench/generate.py).",
        "",
        f"navn: Samarbeidsforum for lokal kompetanseutvikling i {county_name}",
        f"fylke: {_q(county)}",
        "ordninger:",
        "  - dekom",
        "  - rekom",
        f"aar: {AAR}",
        f"sekretariat: Statsforvalteren i {county_name}",
        "",
        "rammer:",
    ]
    for ordning in ("dekom", "rekom"):
        lines.append(f"  {ordning}:")
        for aar in YEARS:
            frame = -(-asked.get((ordning, aar), 0) * 11 // 10 // 100_000) * 100_000 + 100_000
            lines.append(f"    {aar}: {_money(frame)}")
    first_kommune = kommuner[0]
    members = [
        ("statsforvalter", f"Statsforvalteren i {county_name}", _orgnr(rng, used)),
        ("offentlig_eier", f"{first_kommune[1]} kommune", orgnr_of[first_kommune[0]]),
        ("offentlig_eier", f"{county_name} fylkeskommune", _orgnr(rng, used)),
        ("barnehagemyndighet", f"{kommuner[-1][1]} kommune", orgnr_of[kommuner[-1][0]]),
        ("privat_eier", f"Private skoler i {county_name}", _orgnr(rng, used)),
        ("uh", uh[0], uh[1]),
        ("ks", f"KS {county_name}", _orgnr(rng, used)),
        ("pbl", "Private Barnehagers Landsforbund (PBL)", _orgnr(rng, used)),
        ("laererorganisasjon", f"Utdanningsforbundet {county_name}", _orgnr(rng, used)),
    ]
    lines += ["", "medlemmer:"]
    for rolle, organisasjon, orgnr in members:
        lines += [f"  - navn: {_person(rng)}", f"    rolle: {rolle}",
                  f"    orgnr: {_q(orgnr)}", f"    organisasjon: {organisasjon}"]
    lines += ["", "beslutning:", "  form: konsensus", f"  dato: {AAR}-03-10", "",
              "frister:", f"  behovsmelding: {AAR}-02-01", f"  innstilling: {AAR}-03-15",
              f"  rapportering: {AAR + 1}-01-15", "",
              "plan:", "  periode:", f"    fra: {AAR - 1}", f"    til: {AAR + 2}",
              "  bakgrunn: >-",
              f"    Kommunene i {county_name} samarbeider i kompetansenettverk med {uh[0]}.",
              "  fokusomraader:",
              "    - navn: Inkluderende fellesskap",
              "      beskrivelse: Barnehage, skole og PPT utvikler praksis sammen.",
              "    - navn: Grunnleggende ferdigheter",
              "      beskrivelse: Lesing og regning i alle fag.",
              "  organisering: Statsforvalteren leder sekretariatet.",
              "  fordelingsprinsipper: Midlene fordeles etter antall ansatte i nettverkene.",
              "  evaluering: Eierne rapporterer innen 15. januar året etter.",
              "  samiske_perspektiver: >-",
              "    Forumet sikrer at samiske perspektiver ivaretas i tiltakene."]
    return "\n".join(lines) + "\n"


def generate(out: Path, fylker: int = 15, partnerskap: int = 30, seed: int = 1,
             tiltak_mb: float = 0.0) -> list[Path]:
    """Write the corpus under `out` (emptied first); returns the forum folders.

    With `tiltak_mb`, the first partnership of the first forum has a tiltak.yaml of about that
    many megabytes (the same themes again as more measures), for the memory of one large file.
    """
    by_county, county_names = _read_kommuner()
    sami = _sami_kommuner()
    counties = sorted(by_county)[:fylker]
    if out.exists():
        shutil.rmtree(out)
    rng = random.Random(seed)
    used: set[str] = set()
    orgnr_of = {nummer: _orgnr(rng, used) for county in sorted(by_county)
                for nummer, _ in by_county[county]}
    forums: list[Path] = []
    for position, county in enumerate(counties):
        county_name = county_names[county]
        kommuner = by_county[county]
        uh = (_UH[position % len(_UH)], _orgnr(rng, used))
        partnerships = [_partnership(rng, used, county, index, kommuner, orgnr_of, uh, sami,
                                     int(tiltak_mb * 1e6) if position == index == 0 else 0)
                        for index in range(partnerskap)]
        folder = out / slug(county_name)
        for partnership in partnerships:
            target = folder / "partnerskap" / partnership.slug
            target.mkdir(parents=True, exist_ok=True)
            for name, text in partnership.files.items():
                (target / name).write_text(text, encoding="utf-8")
        (folder / "forum.yaml").write_text(
            _forum(rng, used, county, county_name, partnerships, uh, kommuner, orgnr_of),
            encoding="utf-8")
        forums.append(folder)
    return forums


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--fylker", type=int, default=15, help="counties (1–15)")
    parser.add_argument("--partnerskap", type=int, default=30, help="partnerships per county")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tiltak-mb", type=float, default=0.0, metavar="MB",
                        help="the first partnership's tiltak.yaml of about this size")
    args = parser.parse_args(argv)
    forums = generate(args.out, args.fylker, args.partnerskap, args.seed, args.tiltak_mb)
    files = sum(1 for f in forums for _ in f.rglob("*.yaml"))
    print(f"wrote {len(forums)} forums, {files} files under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
