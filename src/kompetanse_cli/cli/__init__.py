"""The `komp` command line: converts arguments, calls one core function, returns an exit code.

Only typer is imported at start-up; each command imports what it needs when it runs, so that
`komp --version` and `komp --help` stay instant.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .. import __version__
from .norsk import App, Group, choice, integer
from .settings import Settings

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

app = App(
    name="komp",
    cls=Group,
    help="Planlegging av tilskudd til lokal kompetanseutvikling (DeKom, ReKom, KomSIP, DeKom FYO): "
         "validerer planfilene, og lager innstilling og langsiktig plan.",
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _State:
    debug = False
    no_cache = False
    settings = Settings()


def version_text() -> str:
    """komp's version and the versions of the rule data it carries.

    Read straight from the data files (tomllib and a directory listing), so that `komp --version`
    stays instant: neither pydantic nor the rules are imported.
    """
    import tomllib

    data = Path(__file__).resolve().parents[1] / "data"
    lines = [f"komp {__version__}"]
    try:
        rules = tomllib.loads((data / "regelverk.toml").read_text(encoding="utf-8"))
        regulations = [f"{rid} ({', '.join(table.get('ordninger', ()))})"
                       for rid, table in rules.get("regelverk", {}).items()]
        lines.append(f"regelverk: {'; '.join(regulations)}")
    except (OSError, ValueError):
        lines.append("regelverk: (finner ikke regelverk.toml)")
    for prefix, label in (("kommuner-", "kommuneliste"),
                          ("samisk-forvaltningsomraade-", "samisk forvaltningsområde")):
        years = sorted(p.name[len(prefix):-4] for p in data.glob(f"{prefix}*.csv"))
        lines.append(f"{label}: {', '.join(years) or '(mangler)'}")
    return "\n".join(lines)


def _version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Vis versjonen og avslutt.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Vis full feilmelding ved interne feil.")]
    = False,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Ikke bruk eller skriv hurtigbufferen (KOMP_CACHE_DIR).")] = False,
) -> None:
    _State.debug = debug
    _State.no_cache = no_cache


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"
    junit = "junit"


def _visible(text: str) -> str:
    """User text (paths, names) for the terminal: control characters shown as escapes."""
    from ..inert import visible

    return visible(text)


def _split_codes(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


@app.command()
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(  # typer needs Optional
        metavar="MAPPE",
        help="Forummapper, partnerskapsmapper eller en mappe med flere forum (standard: .).",
        show_default=False)] = None,
    format: Annotated[Format, typer.Option(
        "--format", "-f", metavar="FORMAT", parser=choice(Format),
        help="Utdataformat: text (for deg), json (for skript), github (merknader i GitHub "
             "Actions), gitlab (Code Quality), sarif (SARIF 2.1.0) eller junit (JUnit XML).")]
    = Format.text,
    strict: Annotated[bool, typer.Option("--strict", help="La advarsler gi exit-status 1.")] = False,
    velg: Annotated[Optional[list[str]], typer.Option(
        "--velg", metavar="KODER",
        help="Bare disse reglene (kode eller prefiks, f.eks. K4 eller K401); lesefeil (K00x) "
             "vises alltid.")] = None,
    ignorer: Annotated[Optional[list[str]], typer.Option(
        "--ignorer", metavar="KODER", help="Hopp over disse reglene (kode eller prefiks).")] = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Ikke bruk eller skriv hurtigbufferen (KOMP_CACHE_DIR).")] = False,
    merknader: Annotated[bool, typer.Option(
        "--merknader", help="Vis også merknader (info), f.eks. K418 ufordelt ramme.")] = False,
    dato: Annotated[Optional[str], typer.Option(
        "--dato", metavar="ÅÅÅÅ-MM-DD",
        help="Datoen fristene sjekkes mot, f.eks. rapporteringsfristen (standard: i dag).")] = None,
) -> None:
    """Valider planfilene i et forum eller et partnerskap.

    Eksempler:

    \b
      komp validate
      komp validate planer/nordland --strict
      komp validate . --format gitlab > gl-code-quality-report.json
    """
    raise typer.Exit(_validate(paths or [Path(".")], format.value, strict, velg or [],
                               ignorer or [], no_cache or _State.no_cache, merknader,
                               _date_option(dato)))


def _date_option(value: str | None) -> dt.date | None:
    """`--dato ÅÅÅÅ-MM-DD` as a date; anything else is a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        shown = "".join(ch if ch.isprintable() else "?" for ch in value[:40])
        typer.echo(f"komp: --dato: «{shown}» er ikke en dato; skriv den som ÅÅÅÅ-MM-DD, "
                   "f.eks. 2027-01-15", err=True)
        raise typer.Exit(EXIT_USAGE) from None


def _validate(paths: list[Path], format_name: str, strict: bool, velg: list[str],
              ignorer: list[str], no_cache: bool, merknader: bool = False,
              dato: dt.date | None = None) -> int:
    """The validate command, shared by typer and the fast path in `main`; the exit status."""
    # Light imports only: with an unchanged forum the answer comes from the cache, and this
    # command then never imports pydantic, the YAML parser or the rules.
    from ..diagnostics import Selection, Severity, UsageError
    from ..pipeline import validate as run
    from ..pipeline.cache import open_cache
    from ..reporters import REPORTER_BY_NAME

    settings = _State.settings
    try:
        report = run(paths, Selection(_split_codes(velg), _split_codes(ignorer), merknader, dato),
                     cache=open_cache(not no_cache, settings.cache_dir), jobs=settings.jobs)
    except UsageError as exc:
        typer.echo(f"komp: {_visible(str(exc))}", err=True)
        return EXIT_USAGE
    if format_name == "text":
        from ..reporters import report_text

        report_text(report, sys.stdout, colour=settings.colour, detail=_State.debug)
    else:
        REPORTER_BY_NAME[format_name](report, sys.stdout)
    failed = report.count(Severity.ERROR) or (strict and report.count(Severity.WARNING))
    return EXIT_INVALID if failed else EXIT_OK


_FORMATS = frozenset(f.value for f in Format)


def _fast(args: list[str]) -> int | None:
    """`komp --version` and plain `komp validate …` without building the typer command tree.

    This typer converts every parameter through a pydantic TypeAdapter, so merely parsing the
    arguments of `validate` imported pydantic (40 ms) and built adapters: more than the whole
    answer costs when it comes from the cache. Only the plainest forms are taken here; anything
    else (help, unknown or abbreviated options, a bad --format, `--`, an argument starting
    with «-») returns None and goes through typer, which then reports it as before.
    """
    if args == ["--version"]:
        typer.echo(version_text())
        return EXIT_OK
    if args in (["lsp"], ["lsp", "--stdio"]):  # started by an editor: every bit of start-up counts
        import gc

        from ..lsp.session import Prefetch

        # The workspace is checked in a child meanwhile (see Prefetch); the protocol library
        # then builds its many classes without the collector looking at them.
        settings = _State.settings
        prefetch = Prefetch.start(settings.cache_dir, settings.jobs) \
            if settings.lsp_prefetch else None
        gc.disable()
        from ..lsp.server import serve

        serve(prefetch, settings.cache_dir, settings.jobs)
        return EXIT_OK
    debug = no_cache = False
    rest = list(args)
    while rest and rest[0] in ("--debug", "--no-cache"):
        debug, no_cache = debug or rest[0] == "--debug", no_cache or rest[0] == "--no-cache"
        rest.pop(0)
    if not rest or rest[0] != "validate":
        return None
    paths: list[Path] = []
    format_name, strict, merknader = "text", False, False
    velg: list[str] = []
    ignorer: list[str] = []
    items = rest[1:]
    index = 0
    while index < len(items):
        item = items[index]
        if item == "" or (item.startswith("-") and item not in (
                "--format", "-f", "--strict", "--velg", "--ignorer", "--no-cache", "--merknader")
                and not item.startswith(("--format=", "--velg=", "--ignorer="))):
            return None
        name, value = item, None
        if item.startswith("--") and "=" in item:
            name, value = item.split("=", 1)
        if name in ("--format", "-f", "--velg", "--ignorer"):
            if value is None:
                if index + 1 >= len(items) or items[index + 1].startswith("-"):
                    return None
                index += 1
                value = items[index]
            if name in ("--format", "-f"):
                if value not in _FORMATS:
                    return None
                format_name = value
            else:
                (velg if name == "--velg" else ignorer).append(value)
        elif name == "--strict":
            strict = True
        elif name == "--merknader":
            merknader = True
        elif name == "--no-cache":
            no_cache = True
        else:
            paths.append(Path(item))
        index += 1
    _State.debug, _State.no_cache = debug, no_cache
    return _validate(paths or [Path(".")], format_name, strict, velg, ignorer, no_cache,
                     merknader)


@app.command()
def schema(
    ut: Annotated[Path, typer.Option(
        "--ut", metavar="MAPPE",
        help="Mappen skjemaene skrives til (standard: .komp/schemas, som komp init).",
        show_default=False)]
    = Path(".komp/schemas"),
) -> None:
    """Skriv JSON Schema for planfilene (for editorer som VS Code).

    Ett skjema for hver filtype: forum, partnerskap, behov, prioriteringer, tiltak og rapport.

    Uten --ut skrives de til .komp/schemas/, der komp init legger dem og filene fra komp init
    peker på dem.

    Eksempel:

    \b
      komp schema
    """
    from ..inert import visible
    from ..jsonschema import write_schemas

    shown = visible(str(ut))
    if os.path.lexists(ut) and not ut.is_dir():
        typer.echo(f"komp: kan ikke skrive skjemaene til «{shown}»: den finnes og er ikke en mappe "
                   "(eller er en lenke som ikke virker); velg en mappe, den lages om den ikke "
                   "finnes", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        written = write_schemas(ut)
    except OSError as exc:
        from ..files import os_feil_tekst
        typer.echo(f"komp: kan ikke skrive skjemaene til «{shown}» ({os_feil_tekst(exc)})",
                   err=True)
        raise typer.Exit(EXIT_USAGE) from None
    for path in written:
        typer.echo(f"skrev {path}")


class Maalform(StrEnum):
    nb = "nb"
    nn = "nn"


@app.command("regler")
def regler(
    kode: Annotated[Optional[str], typer.Argument(  # typer needs Optional
        metavar="KODE", help="Regelkoden som skal forklares, f.eks. K401 (uten kode: alle reglene).",
        show_default=False)] = None,
    markdown: Annotated[bool, typer.Option(
        "--markdown", help="Skriv hele regelreferansen som Markdown (innholdet i docs/regler.md).")]
    = False,
    kilder: Annotated[bool, typer.Option(
        "--kilder", help="Vis kilden til hver regel under den i listen.")] = False,
    forum: Annotated[Optional[Path], typer.Option(  # typer needs Optional
        "--forum", metavar="MAPPE", show_default=False,
        help="Vis også forumets egne vurderinger av reglene (`regler:` i forum.yaml).")] = None,
    maalform: Annotated[Maalform, typer.Option(
        "--maalform", metavar="nb|nn", parser=choice(Maalform),
        help="Målform for regeltekstene: nb (bokmål) eller nn (nynorsk).")] = Maalform.nb,
) -> None:
    """Vis reglene (kode, alvor, ordninger, tittel), eller forklar én regel med kilde.

    Med --forum viser listen alvoret reglene har i det forumet, og forumets begrunnelser.

    Eksempler:

    \b
      komp regler
      komp regler K401
      komp regler --forum planer/nordland
      komp regler K416 --maalform nn
      komp regler --markdown > docs/regler.md
    """
    from ..rules import RULES_BY_CODE
    from ..rules.docs import markdown as rules_markdown
    from ..rules.docs import rule_list, rule_text

    if markdown:
        if kode is not None or forum is not None:
            typer.echo("komp: --markdown skriver alle reglene og tar ingen regelkode eller "
                       "--forum", err=True)
            raise typer.Exit(EXIT_USAGE)
        sys.stdout.write(rules_markdown(maalform=maalform.value))
        return
    settings = _forum_regler(forum, maalform.value) if forum is not None else None
    if kode is None:
        sys.stdout.write(rule_list(sources=kilder, maalform=maalform.value, forum=settings))
        return
    rule = RULES_BY_CODE.get(kode.strip().upper())
    if rule is None:
        typer.echo(f"komp: ukjent regelkode «{_visible(kode)}»; `komp regler` viser alle "
                   "reglene", err=True)
        raise typer.Exit(EXIT_USAGE)
    sys.stdout.write(rule_text(rule, maalform.value, settings))


def _forum_regler(path: Path, maalform: str) -> Any:
    """The forum's settings for `komp regler --forum`; exits 2 for a bad path, and 1 (with
    forum.yaml's diagnostics) when the folder has no valid forum.yaml."""
    from ..diagnostics import UsageError
    from ..rules.docs import forum_regler, read_forum

    try:
        model, rel, report = read_forum(path)
    except UsageError as exc:
        typer.echo(f"komp: {_visible(str(exc))}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    if model is None:
        if report is None:
            typer.echo(f"komp: «{_visible(str(path))}» har ingen forum.yaml; --forum trenger en "
                       "forummappe", err=True)
            raise typer.Exit(EXIT_USAGE)
        from ..reporters import report_text

        report_text(report, sys.stdout, colour=_State.settings.colour)
        raise typer.Exit(EXIT_INVALID)
    return forum_regler(model, rel, maalform)


@app.command("fmt")
def fmt_command(
    paths: Annotated[Optional[list[Path]], typer.Argument(  # typer needs Optional
        metavar="STI", help="Planfiler eller mapper (standard: .); i mapper formateres alle planfilene.",
        show_default=False)] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Ikke skriv noe; list filene som ville blitt endret (exit-status 1).")]
    = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Ikke skriv noe; vis endringene som en unified diff (exit-status 1 når "
                       "noe ville blitt endret).")] = False,
) -> None:
    """Skriv planfilene i én fast form: nøkkelrekkefølge, innrykk og anførselstegn.

    Kommentarer og verdier beholdes. En fil som ikke kan leses som YAML, rapporteres og står
    urørt.

    Eksempler:

    \b
      komp fmt
      komp fmt --check
      komp fmt --diff partnerskap/salten/tiltak.yaml
    """
    from ..diagnostics import UsageError
    from ..fmt import describe
    from ..fmt import run as run_fmt
    from ..pipeline.cache import open_cache

    try:
        outcomes, skipped = run_fmt(paths or [Path(".")], write=not (check or diff),
                                    cache=open_cache(not _State.no_cache,
                                                     _State.settings.cache_dir))
    except UsageError as exc:
        typer.echo(f"komp: {_visible(str(exc))}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    for path in skipped:
        typer.echo(f"komp fmt: hopper over {_visible(str(path))}: ikke en planfil (forum.yaml, "
                   "partnerskap.yaml, behov.yaml, prioriteringer.yaml, tiltak.yaml eller "
                   "rapport.yaml)", err=True)
    failed = False
    changed = 0
    for outcome in outcomes:
        for diagnostic in outcome.diagnostics:
            sys.stderr.write(describe(diagnostic))
            if _State.debug and diagnostic.detail:
                sys.stderr.write(f"  detalj: {diagnostic.detail}\n")
            failed = True
        if not outcome.changed:
            continue
        if not (check or diff) and not outcome.written:
            continue  # the write failed (reported above): not formatted
        changed += 1
        if diff:
            sys.stdout.write(outcome.diff())
        elif check:
            typer.echo(f"ville formatert {_visible(outcome.shown)}")
        elif outcome.written:
            typer.echo(f"formaterte {_visible(outcome.shown)}")
    if not diff:
        verb = "ville blitt formatert" if check else "formatert"
        unchanged = sum(1 for o in outcomes if not o.changed and not o.diagnostics)
        broken = sum(1 for o in outcomes if o.diagnostics)
        typer.echo(f"{changed} {'fil' if changed == 1 else 'filer'} {verb}, {unchanged} uendret"
                   + (f", {broken} {'fil' if broken == 1 else 'filer'} kunne ikke formateres"
                      if broken else ""), err=True)
    raise typer.Exit(EXIT_INVALID if failed or ((check or diff) and changed) else EXIT_OK)


ForumArg = Annotated[Path, typer.Argument(metavar="FORUM", help="Forummappen (med forum.yaml).",
                                          show_default=False)]
MaalformOpt = Annotated[Maalform, typer.Option(
    "--maalform", metavar="nb|nn", parser=choice(Maalform),
    help="Målform: nb (bokmål) eller nn (nynorsk).")]
UtOpt = Annotated[Optional[Path], typer.Option(  # typer needs Optional
    "-o", "--ut", metavar="FIL", help="Skriv dokumentet til denne filen (standard: skjermen).",
    show_default=False)]
MalerOpt = Annotated[Optional[Path], typer.Option(
    "--maler", metavar="MAPPE", help="Mappe med egne maler; maler som mangler der, hentes fra komp.",
    show_default=False)]
UtkastOpt = Annotated[bool, typer.Option(
    "--utkast", help="Lag dokumentet selv om planfilene har feil (merket som utkast).")]


class DocFormat(StrEnum):  # str() is the value, as typer 0.15 converts by it
    md = "md"
    html = "html"
    pdf = "pdf"
    docx = "docx"


DocFormatOpt = Annotated[Optional[DocFormat], typer.Option(
    "--format", "-f", metavar="md|html|pdf|docx", parser=choice(DocFormat),
    help="md, html, pdf eller docx (standard: etter endelsen på -o, ellers md).",
    show_default=False)]
MermaidOpt = Annotated[bool, typer.Option(
    "--mermaid", help="Diagrammer som mermaid i Markdown (standard: tabeller).")]


@app.command()
def innstilling(
    forum: ForumArg,
    aar: Annotated[Optional[int], typer.Option(  # typer needs Optional
        "--aar", metavar="ÅR", parser=integer,
        help="Tildelingsåret (standard: `aar` i forum.yaml).", show_default=False)]
    = None,
    maalform: MaalformOpt = Maalform.nb,
    ut: UtOpt = None,
    maler: MalerOpt = None,
    utkast: UtkastOpt = False,
    format: DocFormatOpt = None,
    mermaid: MermaidOpt = False,
) -> None:
    """Lag årets innstilling (DeKom FYO: disponeringsplanen) som Markdown, HTML, PDF eller Word.

    Eksempler:

    \b
      komp innstilling .
      komp innstilling planer/nordland --aar 2027 -o innstilling-2027.md
      komp innstilling planer/nordland -o innstilling.pdf
    """
    from .documents import document

    raise typer.Exit(document("innstilling", forum, aar=aar, maalform=maalform.value, ut=ut,
                              maler=maler, utkast=utkast,
                              fmt=format.value if format else None, mermaid=mermaid))


@app.command()
def rapport(
    forum: ForumArg,
    aar: Annotated[Optional[int], typer.Option(  # typer needs Optional
        "--aar", metavar="ÅR", parser=integer,
        help="Året rapportene gjelder (standard: året før `aar` i forum.yaml).",
        show_default=False)] = None,
    dato: Annotated[Optional[str], typer.Option(
        "--dato", metavar="ÅÅÅÅ-MM-DD",
        help="Datoen oppgjøret gjelder, mot rapporteringsfristen (standard: i dag).")] = None,
    maalform: MaalformOpt = Maalform.nb,
    ut: UtOpt = None,
    maler: MalerOpt = None,
    utkast: UtkastOpt = False,
    format: DocFormatOpt = None,
) -> None:
    """Lag Statsforvalterens oppgjør av eiernes rapporter for et år som Markdown, HTML, PDF
    eller Word.

    Eksempler:

    \b
      komp rapport . --aar 2026
      komp rapport planer/nordland --aar 2026 --dato 2027-01-20 -o rapport-2026.md
      komp rapport planer/nordland --aar 2026 -o rapport-2026.pdf
    """
    from .documents import document

    raise typer.Exit(document("rapport", forum, aar=aar, maalform=maalform.value, ut=ut,
                              maler=maler, utkast=utkast, dato=_date_option(dato),
                              fmt=format.value if format else None))


@app.command()
def plan(
    forum: ForumArg,
    aar: Annotated[Optional[int], typer.Option(  # typer needs Optional
        "--aar", metavar="ÅR", parser=integer,
        help="Godtas som for innstilling; planen gjelder hele planperioden.",
        show_default=False)] = None,
    maalform: MaalformOpt = Maalform.nb,
    ut: UtOpt = None,
    maler: MalerOpt = None,
    utkast: UtkastOpt = False,
    format: DocFormatOpt = None,
    mermaid: MermaidOpt = False,
) -> None:
    """Lag forumets langsiktige plan (DeKom FYO: kompetanseutviklingsplanen) som Markdown, HTML,
    PDF eller Word.

    Eksempler:

    \b
      komp plan .
      komp plan planer/nordland --maalform nn -o plan.md
    """
    from .documents import document

    raise typer.Exit(document("plan", forum, aar=aar, maalform=maalform.value, ut=ut,
                              maler=maler, utkast=utkast,
                              fmt=format.value if format else None, mermaid=mermaid))


class OversiktFormat(StrEnum):  # str() is the value, as typer 0.15 converts by it
    text = "text"
    json = "json"
    csv = "csv"


@app.command()
def oversikt(
    forum: ForumArg,
    aar: Annotated[Optional[int], typer.Option(  # typer needs Optional
        "--aar", metavar="ÅR", parser=integer,
        help="Bare dette året (standard: alle år, og `aar` i forum.yaml for "
        "partnerskap og mottakere).", show_default=False)] = None,
    format: Annotated[OversiktFormat, typer.Option(
        "--format", "-f", metavar="text|json|csv", parser=choice(OversiktFormat),
        help="text (tabeller), json (for skript) eller csv (per ordning og år).")]
    = OversiktFormat.text,
) -> None:
    """Vis pengene i forumet: ramme, søkt og innstilt per ordning, partnerskap og mottaker.

    Eksempel:

    \b
      komp oversikt . --aar 2027
    """
    from .documents import oversikt as show

    raise typer.Exit(show(forum, aar=aar, fmt=format.value))


@app.command()
def utbetaling(
    forum: ForumArg,
    aar: Annotated[Optional[int], typer.Option(  # typer needs Optional
        "--aar", metavar="ÅR", parser=integer,
        help="Tildelingsåret (standard: `aar` i forum.yaml).", show_default=False)]
    = None,
    ut: Annotated[Optional[Path], typer.Option(  # typer needs Optional
        "-o", "--ut", metavar="FIL", help="FIL.xlsx eller FIL.csv (standard: CSV på skjermen).",
        show_default=False)] = None,
) -> None:
    """Lag utbetalingslisten: én rad per mottaker, ordning og år, med summer per ordning.

    Eksempler:

    \b
      komp utbetaling planer/nordland -o utbetaling.xlsx
      komp utbetaling planer/nordland --aar 2027 -o utbetaling.csv
    """
    from .documents import utbetaling as payout

    raise typer.Exit(payout(forum, aar=aar, ut=ut))


class InitKind(StrEnum):  # str() is the value, as typer 0.15 converts by it
    forum = "forum"
    partnerskap = "partnerskap"
    rapport = "rapport"


@app.command("init")
def init_command(
    kind: Annotated[InitKind, typer.Argument(
        metavar="forum|partnerskap|rapport", parser=choice(InitKind),
        help="Hva som skal lages: forum, partnerskap eller rapport (rapport.yaml i et partnerskap).",
        show_default=False)],
    mappe: Annotated[Path, typer.Argument(metavar="MAPPE",
        help="Mappen filene skrives til (lages om den ikke finnes); et partnerskap i et forum: "
             "FORUM/partnerskap/<navn>.", show_default=False)],
    navn: Annotated[Optional[str], typer.Option(  # typer needs Optional
        "--navn", metavar="NAVN", help="Navnet på forumet eller partnerskapet.", show_default=False)] = None,
    fylke: Annotated[Optional[str], typer.Option(
        "--fylke", metavar="NN", help="Fylkesnummer med to sifre, f.eks. 18 (standard: forumets, ellers 03).",
        show_default=False)] = None,
    ordning: Annotated[Optional[list[str]], typer.Option(
        "--ordning", metavar="ORDNING", help="Ordning (dekom, rekom, komsip eller dekom_fyo); kan gjentas "
                          "(standard: forumets ordninger, ellers dekom).",
        show_default=False)] = None,
    aar: Annotated[Optional[int], typer.Option(
        "--aar", metavar="ÅR", parser=integer, help="Tildelingsåret (standard: forumets, ellers neste år).",
        show_default=False)] = None,
    uten_eksempel: Annotated[bool, typer.Option(
        "--uten-eksempel", help="forum: ikke lag eksempelpartnerskapet partnerskap/eksempel.")]
    = False,
) -> None:
    """Lag kommenterte startfiler for et forum eller et partnerskap (de validerer med en gang).

    Skriver aldri over en fil som finnes. Skjemaene for editoren legges i .komp/schemas/.

    Eksempler:

    \b
      komp init forum mitt-forum --fylke 18 --ordning dekom --ordning rekom
      komp init partnerskap mitt-forum/partnerskap/salten --navn "Kompetanseregion Salten"
      komp init rapport mitt-forum/partnerskap/salten --aar 2026
    """
    from ..init.scaffold import ScaffoldError, forum_plan, partnership_plan, report_plan, write

    ordninger = _split_codes(ordning)
    try:
        if kind is InitKind.forum:
            plan = forum_plan(mappe, navn=navn, fylke=fylke, ordninger=ordninger, aar=aar,
                              partnership=None if uten_eksempel else "eksempel")
        elif kind is InitKind.rapport:
            plan = report_plan(mappe, aar=aar)
        else:
            plan = partnership_plan(mappe, navn=navn, fylke=fylke, ordninger=ordninger, aar=aar)
        written = write(plan)
    except ScaffoldError as exc:
        typer.echo(f"komp init: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as exc:
        from ..files import os_feil_tekst
        typer.echo(f"komp init: kan ikke skrive ({os_feil_tekst(exc)}: {exc.filename}); "
                   "ingenting er skrevet", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    for path in written:
        typer.echo(f"skrev {path}")
    typer.echo(f"Sjekk filene med `komp validate {mappe}`; bytt ut eksempelverdiene.", err=True)


class DiffFormat(StrEnum):  # str() is the value, as typer 0.15 converts by it
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command("lsp")
def lsp_command(
    stdio: Annotated[bool, typer.Option(
        "--stdio", help="Snakk over stdin og stdout (standard; valget finnes fordi mange "
        "editorer sender det).")] = True,
) -> None:
    """Start språktjeneren (Language Server Protocol) over stdin og stdout.

    Editoren starter den selv: den gir feil og advarsler fra de samme reglene som
    `komp validate` mens du skriver, og forklaringer, forslag, hopp til definisjon og
    formatering.

    Eksempel:

    \b
      komp lsp --stdio    # slik editoren starter den
    """
    from ..lsp.server import serve

    serve(None, _State.settings.cache_dir, _State.settings.jobs)


@app.command("diff")
def diff_command(
    args: Annotated[list[str], typer.Argument(
        metavar="REV [REV2] [FORUM]",
        help="Revisjonen det sammenlignes fra (f.eks. main, HEAD~1 eller en commit-id), eventuelt "
             "revisjonen det sammenlignes til (standard: arbeidskopien), og forummappen "
             "(standard: .).", show_default=False)],
    format: Annotated[DiffFormat, typer.Option(
        "--format", "-f", metavar="FORMAT", parser=choice(DiffFormat),
        help="text for terminalen, markdown for en merge request, json for skript.")]
    = DiffFormat.text,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit-status 1 når noe er endret (som git diff --exit-code).")]
    = False,
) -> None:
    """Vis hva som er endret i planen mellom to git-versjoner: tiltak, beløp, rammer og funn.

    Eksempler:

    \b
      komp diff main
      komp diff HEAD~1 HEAD planer/nordland --format markdown
    """
    import json

    from ..diff import DiffError, diff, find_repo, is_revision, markdown, text

    if len(args) > 3:
        typer.echo("komp diff: for mange argumenter; bruk REV [REV2] [FORUM]", err=True)
        raise typer.Exit(EXIT_USAGE)
    rev, rev2, forum = args[0], None, Path(".")
    try:
        if len(args) == 3:
            rev2, forum = args[1], Path(args[2])
        elif len(args) == 2:
            # REV2 or FORUM: a revision unless it is an existing folder or no revision at all.
            second = Path(args[1])
            try:
                revision = not second.is_dir() and is_revision(find_repo(Path(".")), args[1])
            except DiffError:  # here is no repository: the argument is the forum
                revision = False
            if revision:
                rev2 = args[1]
            else:
                forum = second
        result = diff(forum, rev, rev2)
    except DiffError as exc:
        typer.echo(f"komp diff: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    if format is DiffFormat.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    elif format is DiffFormat.markdown:
        sys.stdout.write(markdown(result))
    else:
        sys.stdout.write(text(result))
    raise typer.Exit(EXIT_INVALID if exit_code and result["changed"] else EXIT_OK)


def main(argv: list[str] | None = None) -> int:
    """Run komp; returns the exit status instead of raising, for tests and the console script."""
    _State.settings = Settings.read(os.environ)
    try:
        fast = _fast(list(sys.argv[1:] if argv is None else argv))
        if fast is not None:
            return fast
        from .norsk import localize

        command = localize(typer.main.get_command(app))
        args = list(sys.argv[1:] if argv is None else argv)
        if not args:  # bare `komp`: the help, as `komp -h` prints it
            args = ["--help"]
        code = command.main(args=args, prog_name="komp", standalone_mode=False)
        return code if isinstance(code, int) else EXIT_OK
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_INVALID)
    except KeyboardInterrupt:
        typer.echo("avbrutt", err=True)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`komp validate | head`): the report did not get through, so
        # success cannot be claimed. Python's own advice: point stdout at devnull, so that the
        # flush at exit does not fail again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_INVALID
    except Exception as exc:
        if _is_usage_error(exc):
            _show_usage_error(exc, list(sys.argv[1:] if argv is None else argv))
            return EXIT_USAGE
        if type(exc).__name__ == "Abort":
            typer.echo("avbrutt", err=True)
            return EXIT_INVALID
        return _internal_error(exc, argv)


def _internal_error(exc: BaseException, argv: list[str] | None) -> int:
    """The one error boundary: anything not handled elsewhere is a bug in komp."""
    if _State.debug or "--debug" in (argv if argv is not None else sys.argv):
        import traceback

        traceback.print_exception(exc)
    typer.echo(
        f"komp: intern feil ({type(exc).__name__}: {exc}). Dette er en feil i komp, ikke i "
        "filene dine: meld den gjerne fra, med kommandoen du kjørte og `komp --version` (kjør "
        "med --debug for detaljer; se «Melde feil» i README for komp).", err=True)
    return EXIT_INTERNAL


def _is_usage_error(exc: BaseException) -> bool:
    """typer's (click's) usage errors: they carry exit code 2 and a message."""
    return getattr(exc, "exit_code", None) == EXIT_USAGE and hasattr(exc, "format_message")


def _show_usage_error(exc: Any, args: list[str]) -> None:
    """A usage error in Norwegian: the usage line, where to find help, and what is wrong.

    The message is made from the exception's fields (norsk.usage_message); click's own English
    text is shown only under --debug.
    """
    from .norsk import usage_message

    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        typer.echo(f"Se «{ctx.command_path} -h» for hjelp.\n", err=True)
    typer.echo(f"komp: {usage_message(exc, args)}", err=True)
    if _State.debug or "--debug" in args:
        typer.echo(f"  (click: {' '.join(str(exc.format_message()).split())})", err=True)


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
