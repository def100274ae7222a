"""`komp init`: commented starting files for a forum or a partnership that validate at once.

The files teach the format by example: every key of the format appears once, with a
Norwegian comment, and the placeholder content satisfies the schemes' rules (required forum
roles, egenandel, a UH partner, ...), so `komp validate` reports nothing until the user edits.
The files are templates in `init/maler/` (commented YAML with a few Jinja2 values and
conditions); this module only works out the values and writes the result.

Schemas for editors: each file starts with a `yaml-language-server` modeline that points, by a
relative path, at `.komp/schemas/` in the forum folder (a lone partnership: in its own folder).
`komp init` writes the five JSON Schemas there when they are missing, so completion works in
VS Code (with the YAML extension) in any copy of the repository, on- or offline; `komp schema
--ut .komp/schemas` refreshes them after an upgrade of komp.

Nothing is ever overwritten: if any file the scaffold would write exists, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import stat
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import jinja2

from ..domain.fieldtypes import fylker, kommuner
from ..domain.models import ORDNINGER
from ..domain.regelverk import for_ordning

SCHEMA_DIR = Path(".komp") / "schemas"
CACHE_DIR = ".komp-cache/"
GITIGNORE_LINES = (
    "# komps hurtigbuffer når den legges i forumet, f.eks. i CI med KOMP_CACHE_DIR=.komp-cache",
    "# (ellers ligger den i brukerens cache-mappe); den skal ikke i git",
    CACHE_DIR,
)

# Placeholder organisation numbers: valid (mod 11), to be replaced with the real ones.
_ORGNR = ("910000004", "910000012", "910000020", "910000039", "910000047", "910000055",
          "910000063", "910000071", "910000098", "910000101", "910000128", "910000136")

_ROLE_TEXT = {
    "statsforvalter": "Statsforvalteren",
    "offentlig_eier": "Kommune (offentlig eier)",
    "privat_eier": "Privat barnehage- eller skoleeier",
    "barnehagemyndighet": "Kommunen som barnehagemyndighet",
    "uh": "Universitet eller høyskole",
    "ks": "KS",
    "pbl": "Private Barnehagers Landsforbund (PBL)",
    "laererorganisasjon": "Utdanningsforbundet",
    "arbeidsgiverorganisasjon": "Arbeidsgiverorganisasjon (f.eks. NHO)",
    "arbeidstakerorganisasjon": "Arbeidstakerorganisasjon (f.eks. LO)",
    "yrkesopplaeringsnemnd": "Yrkesopplæringsnemnda",
    "privat_vgs": "Privat videregående skole",
    "kompetansetilbyder": "Kompetansetilbyder (f.eks. en fagskole)",
    "fylkeskommune": "Fylkeskommunen",
}


class ScaffoldError(Exception):
    """The scaffold cannot be written (exit 2); nothing has been written."""


@dataclass
class Scaffold:
    """The files one `komp init` would write: path → text, plus lines to add to .gitignore."""

    files: dict[Path, str] = field(default_factory=dict)
    gitignore: Path | None = None
    schema_dir: Path | None = None


def _modeline(path: Path, schema_dir: Path | str, kind: str) -> str:
    if isinstance(schema_dir, str):  # a URL prefix taken from the forum's own modeline
        return f"# yaml-language-server: $schema={schema_dir}{kind}.schema.json\n"
    rel = os.path.relpath(schema_dir / f"{kind}.schema.json", path.parent).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={rel}\n"


_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")


def _forum_schemas(forum_dir: Path) -> Path | str | None:
    """Where the forum's own modeline points for its schemas: a folder, a URL prefix, or None."""
    try:
        head = (forum_dir / "forum.yaml").read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return None
    for line in head.splitlines()[:5]:
        match = _MODELINE.match(line.strip())
        if match is None:
            continue
        target = match.group(1)
        if not target.endswith("forum.schema.json"):
            return None
        prefix = target[: -len("forum.schema.json")]
        if "://" in target:
            return prefix
        folder = (forum_dir / (prefix or ".")).resolve()
        return folder if folder.is_dir() else None
    return None


def _check_ordninger(ordninger: list[str]) -> list[str]:
    out: list[str] = []
    for ordning in ordninger:
        value = ordning.strip().lower()
        if value not in ORDNINGER:
            raise ScaffoldError(f"ukjent ordning «{ordning}»; velg blant {', '.join(ORDNINGER)}")
        if value not in out:
            out.append(value)
    if "dekom_fyo" in out and len(out) > 1:
        raise ScaffoldError("dekom_fyo kan ikke kombineres med andre ordninger i samme forum "
                            "(et FYO-forum har egne medlemmer og egen plan)")
    return out


def _check_fylke(fylke: str) -> str:
    value = fylke.strip().zfill(2)
    known = fylker()
    if value not in known:
        raise ScaffoldError(f"ukjent fylkesnummer «{fylke}»; bruk ett av "
                            + ", ".join(f"{k} ({v})" for k, v in sorted(known.items())))
    return value


def _q(text: str) -> str:
    """Text as a YAML scalar: plain when safe, else double-quoted."""
    from ..pipeline.load import resolve_plain

    plain_ok = (text and text == text.strip() and isinstance(resolve_plain(text), str)
                and text.isprintable()
                and not any(ch in text for ch in ":#\"'{}[],&*!|>%@`")
                and not text.startswith(("-", "?")))
    if plain_ok:
        return text
    return '"' + "".join(_escaped(ch) for ch in text) + '"'


def _escaped(ch: str) -> str:
    """One character inside a double-quoted YAML scalar: line breaks and other characters that
    are not printable are escaped, so that the value reads back exactly as given."""
    if ch in '"\\':
        return "\\" + ch
    if ch.isprintable():
        return ch
    if ch in "\n\t":
        return "\\n" if ch == "\n" else "\\t"
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _render(name: str, **values: object) -> str:
    """The template init/maler/<name>.yaml.j2 filled in with `values`."""
    return _templates().get_template(f"{name}.yaml.j2").render(**values)


@functools.cache
def _templates() -> jinja2.Environment:
    """The scaffolds' templates (package data): commented YAML with a few Jinja2 values and
    conditions; a line with only a tag leaves no trace in the file."""
    folder = files(__package__) / "maler"
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: folder.joinpath(name).read_text("utf-8")),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters["q"] = _q
    env.filters["amount"] = lambda value, indent: _amount(value, " " * indent)
    return env


def _kommune_in(fylke: str) -> tuple[str, str]:
    """A municipality in the county, for the placeholder owner (so K306 stays quiet)."""
    for number, (name, county) in sorted(kommuner().items()):
        if county == fylke:
            return number, name
    return "0301", "Oslo"


def _folder_free(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"«{folder}» finnes og er ikke en mappe")


def _refuse_existing(scaffold: Scaffold) -> None:
    existing = [path for path in scaffold.files if path.exists() or path.is_symlink()]
    if existing:
        names = ", ".join(f"«{p}»" for p in existing)
        raise ScaffoldError(
            f"{names} finnes allerede; komp init skriver aldri over filer, og har ikke skrevet "
            "noe. Flytt eller slett filen, eller velg en annen mappe")


def _check_folders(paths: list[Path]) -> None:
    """Every folder the scaffold writes into exists as a folder or can be made: else nothing is
    written (a file where a folder must go, a folder komp may not write in)."""
    seen: set[Path] = set()
    for path in paths:
        current = path.parent
        while current not in seen and not current.exists() and not current.is_symlink() \
                and current.parent != current:
            seen.add(current)
            current = current.parent
        if current in seen:
            continue
        seen.add(current)
        if not current.is_dir():
            raise ScaffoldError(f"«{current}» finnes og er ikke en mappe; komp init har ikke "
                                "skrevet noe. Flytt filen, eller velg en annen mappe")
        if not os.access(current, os.W_OK | os.X_OK):
            raise ScaffoldError(f"komp har ikke lov til å skrive i «{current}»; komp init har "
                                "ikke skrevet noe")


def _gitignore_bytes(path: Path) -> bytes | None:
    """The new .gitignore (the old one's bytes as they are, plus komp's lines), or None when
    nothing is missing. Bytes, because git reads .gitignore in any encoding."""
    try:
        old = path.read_bytes() if path.exists() or path.is_symlink() else b""
    except OSError as exc:
        from ..files import os_feil_tekst
        raise ScaffoldError(f"kan ikke lese «{path}» ({os_feil_tekst(exc)}); komp init har "
                            "ikke skrevet noe") from None
    present = {line.strip() for line in old.splitlines()}
    wanted = [line.encode("utf-8") for line in GITIGNORE_LINES]
    missing = [line for line in wanted if line not in present]
    if CACHE_DIR.encode() in present or b".komp-cache" in present:
        missing = []
    if not missing:
        return None
    joint = b"\n" if old and not old.endswith(b"\n") else b""
    return old + joint + b"\n".join(missing) + b"\n"


def write(scaffold: Scaffold) -> list[Path]:
    """Write the scaffold: everything is checked first, then every file is written or none is.

    Returns what was written; raises ScaffoldError (nothing written) or OSError (nothing
    written: what was written before the failure has been taken back).
    """
    _refuse_existing(scaffold)
    from ..files import write_all_atomic

    items: list[tuple[Path, bytes, int]] = []
    if scaffold.schema_dir is not None:
        from ..domain.planfiles import KINDS
        from ..jsonschema import render

        for kind in KINDS:
            target = scaffold.schema_dir / f"{kind.name}.schema.json"
            if not target.exists():
                items.append((target, render(kind.name).encode("utf-8"), 0o644))
    for path, text in scaffold.files.items():
        items.append((path, text.encode("utf-8"), 0o644))
    if scaffold.gitignore is not None:
        if scaffold.gitignore.exists() and not scaffold.gitignore.is_file():
            raise ScaffoldError(f"«{scaffold.gitignore}» finnes og er ikke en fil; komp init har "
                                "ikke skrevet noe")
        data = _gitignore_bytes(scaffold.gitignore)
        if data is not None:
            mode = stat.S_IMODE(scaffold.gitignore.stat().st_mode) if scaffold.gitignore.exists() \
                else 0o644
            items.append((scaffold.gitignore, data, mode))
    _check_folders([path for path, _, _ in items])
    write_all_atomic(items)
    return [path for path, _, _ in items]


# --- forum -----------------------------------------------------------------------------------


def _check_aar(aar: int | None) -> int | None:
    """--aar as given, when the files made for it can hold it (the plan runs three years on)."""
    from ..domain.fieldtypes import MAX_YEAR, MIN_YEAR

    if aar is not None and not MIN_YEAR <= aar <= MAX_YEAR - 3:
        shown = str(aar) if len(str(aar)) <= 12 else str(aar)[:12] + "…"
        raise ScaffoldError(f"--aar må være et årstall mellom {MIN_YEAR} og {MAX_YEAR - 3} "
                            f"(fikk {shown}; planperioden i filene varer tre år til)")
    return aar


def forum_scaffold(folder: Path, *, navn: str | None, fylke: str | None, ordninger: list[str],
                   aar: int | None = None, partnership: str | None = "eksempel") -> Scaffold:
    """The files of a new forum in `folder`, with one example partnership unless None."""
    _folder_free(folder)
    ordninger = _check_ordninger(ordninger or ["dekom"])
    fylke = _check_fylke(fylke or "03")
    aar = _check_aar(aar) or dt.date.today().year + 1
    county = fylker()[fylke]
    fyo = ordninger == ["dekom_fyo"]
    navn = navn or (f"Samarbeidsforum for fag- og yrkesopplæringen i {county}" if fyo else
                    f"Samarbeidsforum for lokal kompetanseutvikling i {county}")
    schema_dir = folder / SCHEMA_DIR
    scaffold = Scaffold(gitignore=folder / ".gitignore", schema_dir=schema_dir)
    forum_file = folder / "forum.yaml"
    scaffold.files[forum_file] = _modeline(forum_file, schema_dir, "forum") + _forum_text(
        navn, fylke, county, ordninger, aar)
    if partnership:
        _partnership_files(scaffold, folder / "partnerskap" / partnership, schema_dir,
                           navn=None, fylke=fylke, ordninger=ordninger, aar=aar)
    return scaffold


def _forum_text(navn: str, fylke: str, county: str, ordninger: list[str], aar: int) -> str:
    fyo = ordninger == ["dekom_fyo"]
    roles = for_ordning(ordninger[0], aar).required_roles(ordninger)
    members = [] if fyo else ["statsforvalter"]
    members += [r for r in roles if r not in members]
    if fyo and "fylkeskommune" not in members:
        members.insert(0, "fylkeskommune")
    return _render(
        "forum", navn=navn, fylke=fylke, county=county, ordninger=ordninger, aar=aar, fyo=fyo,
        fylkeskommune_orgnr=_ORGNR[0], roles=roles, first_focus=FIRST_FOCUS,
        members=[{"rolle": role, "orgnr": _ORGNR[(index + 1) % len(_ORGNR)],
                  "organisasjon": _ROLE_TEXT.get(role, role)}
                 for index, role in enumerate(members, start=1)])


# --- partnership -----------------------------------------------------------------------------


def _forum_of(folder: Path) -> Path | None:
    """The forum folder a partnership folder lies in (…/<forum>/partnerskap/<slug>), if any."""
    if folder.parent.name == "partnerskap" and (folder.parent.parent / "forum.yaml").is_file():
        return folder.parent.parent
    return None


FIRST_FOCUS = "Første fokusområde"  # the forum scaffold's one focus area


def _forum_focus(forum_dir: Path) -> str | None:
    """The first focus area of an existing forum's plan, as far as it can be read."""
    from ..pipeline.load import load_bytes

    try:
        data = load_bytes("forum.yaml", (forum_dir / "forum.yaml").read_bytes()).data
    except OSError:
        return None
    plan = data.get("plan") if isinstance(data, dict) else None
    areas = plan.get("fokusomraader") if isinstance(plan, dict) else None
    first = areas[0] if isinstance(areas, list) and areas else None
    name = first.get("navn") if isinstance(first, dict) else None
    return name.strip() if isinstance(name, str) and name.strip() else None


def _forum_facts(forum_dir: Path) -> tuple[str | None, list[str], int | None]:
    """fylke, ordninger and aar of an existing forum.yaml, as far as they can be read."""
    from ..pipeline.load import load_bytes

    try:
        data = load_bytes("forum.yaml", (forum_dir / "forum.yaml").read_bytes()).data
    except OSError:
        return None, [], None
    if not isinstance(data, dict):
        return None, [], None
    fylke = data.get("fylke") if isinstance(data.get("fylke"), str) else None
    raw = data.get("ordninger")
    ordninger = [o for o in raw if isinstance(o, str) and o in ORDNINGER] if isinstance(
        raw, list) else []
    aar = data.get("aar") if isinstance(data.get("aar"), int) else None
    return fylke, ordninger, aar


def partnership_scaffold(folder: Path, *, navn: str | None, fylke: str | None,
                         ordninger: list[str], aar: int | None = None) -> Scaffold:
    """The files of a new partnership in `folder` (inside a forum's partnerskap/ or alone)."""
    _folder_free(folder)
    forum_dir = _forum_of(folder)
    forum_fylke, forum_ordninger, forum_aar = (
        _forum_facts(forum_dir) if forum_dir is not None else (None, [], None))
    if ordninger:
        ordninger = _check_ordninger(ordninger)
        outside = [o for o in ordninger if forum_ordninger and o not in forum_ordninger]
        if outside:
            raise ScaffoldError(f"forumet behandler ikke {', '.join(outside)} (forum.yaml har "
                                f"{', '.join(forum_ordninger)})")
    else:
        ordninger = forum_ordninger or ["dekom"]
    fylke = _check_fylke(fylke or forum_fylke or "03")
    aar = _check_aar(aar) or forum_aar or dt.date.today().year + 1
    scaffold = Scaffold()
    schema_dir: Path | str | None = _forum_schemas(forum_dir) if forum_dir is not None else None
    if schema_dir is None:
        schema_dir = (forum_dir if forum_dir is not None else folder) / SCHEMA_DIR
    if isinstance(schema_dir, Path):
        scaffold.schema_dir = schema_dir
    _partnership_files(scaffold, folder, schema_dir, navn=navn, fylke=fylke, ordninger=ordninger,
                       aar=aar, fokus=_forum_focus(forum_dir) if forum_dir is not None else None)
    return scaffold


def _partnership_files(scaffold: Scaffold, folder: Path, schema_dir: Path | str, *, navn: str | None,
                       fylke: str, ordninger: list[str], aar: int,
                       fokus: str | None = FIRST_FOCUS) -> None:
    fyo = ordninger == ["dekom_fyo"]
    slug = folder.name
    navn = navn or f"Partnerskap {slug}"
    kommunenummer, kommune = _kommune_in(fylke)
    county = fylker()[fylke]
    owner = _ORGNR[0] if fyo else _ORGNR[2]  # in FYO the county itself, as in forum.yaml
    partner = _ORGNR[4]
    main = ordninger[0]
    texts = {
        "partnerskap": _partnership_text(navn, ordninger, fyo, owner, partner, kommunenummer,
                                         kommune, county),
        "behov": _behov_text(main, fyo),
        "prioriteringer": _prioriteringer_text(),
        "tiltak": _tiltak_text(main, fyo, partner, aar, fokus),
    }
    for kind, text in texts.items():
        path = folder / f"{kind}.yaml"
        scaffold.files[path] = _modeline(path, schema_dir, kind) + text


def _partnership_text(navn: str, ordninger: list[str], fyo: bool, owner: str, partner: str,
                      kommunenummer: str, kommune: str, county: str) -> str:
    return _render("partnerskap", navn=navn, ordninger=ordninger, fyo=fyo, owner=owner,
                   partner=partner, kommunenummer=kommunenummer, kommune=kommune, county=county)


def _behov_text(ordning: str, fyo: bool) -> str:
    unit = "vgs-eksempel" if fyo else {"rekom": "bh-eksempel"}.get(ordning, "gs-eksempel")
    return _render("behov", ordning=ordning, unit=unit, fyo=fyo,
                   dato=f"{dt.date.today().year}-11-15")


def _prioriteringer_text() -> str:
    return _render("prioriteringer")


_MAALGRUPPER = {"dekom": ("laerere", "ledere"), "rekom": ("barnehagelaerere", "ledere"),
                "komsip": ("laerere", "barnehagelaerere", "ppt", "ledere"),
                "dekom_fyo": ("yrkesfaglaerere", "instruktoerer")}
_TYPE = {"dekom": "skolebasert", "rekom": "barnehagebasert", "komsip": "nettverk",
         "dekom_fyo": "nettverk"}
_UNITS = {"dekom": ("gs-eksempel",), "rekom": ("bh-eksempel",),
          "komsip": ("bh-eksempel", "gs-eksempel", "ppt-eksempel"),
          "dekom_fyo": ("vgs-eksempel", "lb-eksempel")}


def _tiltak_text(ordning: str, fyo: bool, partner: str, aar: int, fokus: str | None) -> str:
    return _render("tiltak", ordning=ordning, type=_TYPE[ordning],
                   maalgrupper=_MAALGRUPPER[ordning], enheter=_UNITS[ordning], fyo=fyo,
                   partner=partner, aar=aar, fokus=fokus)


# --- rapport.yaml ----------------------------------------------------------------------------


def _amount(value: int | dict[str, int], indent: str) -> str:
    """An amount as YAML: `420_000`, or a map orgnr → kroner on the lines below."""
    if isinstance(value, dict):
        return "".join(f"\n{indent}\"{orgnr}\": {beloep:_}" for orgnr, beloep in value.items())
    return f" {value:_}"


def report_scaffold(folder: Path, *, aar: int | None) -> Scaffold:
    """rapport.yaml for a partnership, prefilled with the measures granted money in `aar`
    (default: the year before the forum's `aar`) and their granted amounts."""
    from ..diagnostics import UsageError
    from ..pipeline import validate_with_contexts
    from ..pipeline.aggregate import granted_budget, measure_years

    if not (folder / "tiltak.yaml").is_file():
        raise ScaffoldError(f"«{folder}» er ikke en partnerskapsmappe med tiltak.yaml; pek på "
                            "FORUM/partnerskap/<navn>")
    target = folder / "rapport.yaml"
    if target.exists():
        raise ScaffoldError(f"«{target}» finnes allerede; komp init skriver ikke over den")
    try:
        _, contexts = validate_with_contexts([folder])
    except UsageError as exc:
        raise ScaffoldError(str(exc)) from None
    ctx = contexts[0]
    forum = ctx.forum
    _check_aar(aar)
    year = aar if aar is not None else (forum.aar - 1 if forum is not None
                                        else dt.date.today().year - 1)
    partnership = next((p for p in ctx.partnerships if p.slug == folder.name), None)
    measures = {t.id: t for _, t in partnership.tiltak()} if partnership is not None else {}
    granted = granted_budget(ctx, year)  # decided where the year has a vedtak
    rows = [r for r in measure_years(ctx) if r.aar == year
            and (r.partnerskap, r.tiltak) in granted
            and r.partnerskap == folder.name and r.tiltak in measures]
    if not rows:
        raise ScaffoldError(f"partnerskapet «{folder.name}» har ingen gyldige tiltak med tilskudd "
                            f"for {year}; velg året med --aar")
    forum_dir = _forum_of(folder)
    schema_dir: Path | str | None = _forum_schemas(forum_dir) if forum_dir is not None else None
    scaffold = Scaffold()
    if schema_dir is None:
        schema_dir = (forum_dir if forum_dir is not None else folder) / SCHEMA_DIR
    if isinstance(schema_dir, Path):
        scaffold.schema_dir = schema_dir
    measures_granted = []
    for row in rows:
        key = (row.partnerskap, row.tiltak)
        tiltak = measures[row.tiltak]
        budsjett = tiltak.budsjett.get(year)
        measures_granted.append({
            "id": row.tiltak,
            "tittel": "".join(ch if ch.isprintable() else " " for ch in tiltak.tittel[:60]),
            "tilskudd_eier": granted[key][0], "tilskudd_uh": granted[key][1],
            "egenandel": budsjett.egenandel if budsjett is not None else None,
            "egenandel_form": budsjett.egenandel_form if budsjett is not None else None,
            "antall": tiltak.deltakere.antall if tiltak.deltakere is not None else None,
        })
    text = _modeline(target, schema_dir, "rapport") + _render(
        "rapport", aar=year, dato=dt.date.today().isoformat(), tiltak=measures_granted)
    scaffold.files[target] = text
    return scaffold
