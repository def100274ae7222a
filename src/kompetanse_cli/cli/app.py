"""The typer app: komp's commands, their arguments and their help, each calling its command in
cli/commands/; and `run_app`, which parses the arguments and runs the command chosen.

Only typer is imported at start-up; each command imports what it needs when it runs, so that
`komp --help` stays instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .arguments import parse_date
from .errors import EXIT_OK, echo
from .norsk import App, Group, choice, integer
from .options import (
    AllocationYearOpt,
    DiffFormat,
    DocFormat,
    DocFormatOpt,
    Format,
    ForumArg,
    InitKind,
    Maalform,
    MaalformOpt,
    MalerOpt,
    MermaidOpt,
    NoCacheOpt,
    OversiktFormat,
    UtkastOpt,
    UtOpt,
)
from .settings import Options

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


def run_app(args: list[str], options: Options) -> int:
    """Parse `args` with the command tree and run the command; its exit status."""
    from .norsk import localize

    command = localize(typer.main.get_command(app))
    if not args:  # bare `komp`: the help, as `komp -h` prints it
        args = ["--help"]
    code = command.main(args=args, prog_name="komp", standalone_mode=False, obj=options)
    return code if isinstance(code, int) else EXIT_OK


def _version(value: bool) -> None:
    if value:
        from .commands.version import version_text

        echo(version_text())
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Vis versjonen og avslutt.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Vis full feilmelding ved interne feil.")]
    = False,
    no_cache: NoCacheOpt = False,
) -> None:
    options: Options = ctx.obj
    options.debug, options.no_cache = debug, no_cache


@app.command("validate")
def _validate(
    ctx: typer.Context,
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
    no_cache: NoCacheOpt = False,
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
    from .commands.validate import validate

    raise typer.Exit(validate(ctx.obj, paths or [], format.value, strict=strict,
                              velg=velg or [], ignorer=ignorer or [], merknader=merknader,
                              dato=parse_date("--dato", dato), no_cache=no_cache))


@app.command("schema")
def _schema(
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
    from .commands.schema import schema

    raise typer.Exit(schema(ut))


@app.command("regler")
def _regler(
    ctx: typer.Context,
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
    from .commands.regler import regler

    raise typer.Exit(regler(ctx.obj, kode, markdown=markdown, kilder=kilder, forum=forum,
                            maalform=maalform.value))


@app.command("fmt")
def _fmt(
    ctx: typer.Context,
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
    from .commands.fmt import fmt

    raise typer.Exit(fmt(ctx.obj, paths or [], check=check, diff=diff))


def _document(ctx: typer.Context, kind: str, forum: Path, aar: int | None, maalform: Maalform,
              ut: Path | None, maler: Path | None, utkast: bool, format: DocFormat | None,
              mermaid: bool = False, dato: str | None = None) -> None:
    """`komp innstilling`, `komp plan` and `komp rapport`: the same options, one command."""
    from .commands.documents import document

    raise typer.Exit(document(ctx.obj, kind, forum, aar=aar, maalform=maalform.value, ut=ut,
                              maler=maler, utkast=utkast,
                              fmt=format.value if format else None, mermaid=mermaid,
                              dato=parse_date("--dato", dato)))


@app.command("innstilling")
def _innstilling(
    ctx: typer.Context,
    forum: ForumArg,
    aar: AllocationYearOpt = None,
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
    _document(ctx, "innstilling", forum, aar, maalform, ut, maler, utkast, format, mermaid)


@app.command("rapport")
def _rapport(
    ctx: typer.Context,
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
    _document(ctx, "rapport", forum, aar, maalform, ut, maler, utkast, format, dato=dato)


@app.command("plan")
def _plan(
    ctx: typer.Context,
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
    _document(ctx, "plan", forum, aar, maalform, ut, maler, utkast, format, mermaid)


@app.command("oversikt")
def _oversikt(
    ctx: typer.Context,
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
    from .commands.oversikt import oversikt

    raise typer.Exit(oversikt(ctx.obj, forum, aar=aar, fmt=format.value))


@app.command("utbetaling")
def _utbetaling(
    ctx: typer.Context,
    forum: ForumArg,
    aar: AllocationYearOpt = None,
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
    from .commands.utbetaling import utbetaling

    raise typer.Exit(utbetaling(ctx.obj, forum, aar=aar, ut=ut))


@app.command("init")
def _init(
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
    from .commands.init import init

    raise typer.Exit(init(kind.value, mappe, navn=navn, fylke=fylke, ordning=ordning or [],
                          aar=aar, uten_eksempel=uten_eksempel))


@app.command("lsp")
def _lsp(
    ctx: typer.Context,
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
    from .commands.lsp import lsp

    raise typer.Exit(lsp(ctx.obj))


@app.command("diff")
def _diff(
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
    from .commands.diff import diff

    raise typer.Exit(diff(args, format_name=format.value, exit_code=exit_code))
