"""The `komp` command line: converts arguments, calls one core function, returns an exit code.

Only typer is imported at start-up; each command imports what it needs when it runs, so that
`komp --version` and `komp --help` stay instant.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="komp",
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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"komp {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Vis versjonen og avslutt.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Vis full feilmelding ved interne feil.")]
    = False,
) -> None:
    _State.debug = debug


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def _split_codes(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


@app.command()
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(  # noqa: UP045  # typer needs Optional
        help="Forummapper, partnerskapsmapper eller en mappe med flere forum (standard: .).",
        show_default=False)] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Utdataformat.")] = Format.text,  # noqa: A002
    strict: Annotated[bool, typer.Option("--strict", help="La advarsler gi exit-status 1.")] = False,
    velg: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--velg", help="Bare disse reglene (kode eller prefiks, f.eks. K4 eller K401).")] = None,
    ignorer: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--ignorer", help="Hopp over disse reglene (kode eller prefiks).")] = None,
) -> None:
    """Valider planfilene i et forum eller et partnerskap."""
    from .diagnostics import Severity
    from .engine import Selection, validate as run
    from .project import UsageError
    from .reporters import REPORTER_BY_NAME

    try:
        report = run(paths or [Path(".")], Selection(_split_codes(velg), _split_codes(ignorer)))
    except UsageError as exc:
        typer.echo(f"komp: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    REPORTER_BY_NAME[format.value](report, sys.stdout)
    failed = report.count(Severity.ERROR) or (strict and report.count(Severity.WARNING))
    raise typer.Exit(EXIT_INVALID if failed else EXIT_OK)


@app.command()
def schema(
    ut: Annotated[Path, typer.Option("--ut", help="Mappen skjemaene skrives til.")] = Path("schemas"),
) -> None:
    """Skriv JSON Schema for de fem filtypene (for editorer som VS Code)."""
    from .jsonschema_export import write_schemas

    for path in write_schemas(ut):
        typer.echo(f"skrev {path}")


@app.command()
def regler(
    kode: Annotated[Optional[str], typer.Argument(  # noqa: UP045  # typer needs Optional
        help="Regelkoden som skal forklares, f.eks. K401 (uten kode: alle reglene).",
        show_default=False)] = None,
    markdown: Annotated[bool, typer.Option(
        "--markdown", help="Skriv hele regelreferansen som Markdown (innholdet i docs/regler.md).")]
    = False,
) -> None:
    """Vis reglene (kode, alvor, ordninger, tittel), eller forklar én regel med kilde."""
    from .ruledocs import markdown as rules_markdown
    from .ruledocs import rule_list, rule_text
    from .rules import RULES_BY_CODE

    if markdown:
        if kode is not None:
            typer.echo("komp: --markdown skriver alle reglene og tar ingen regelkode", err=True)
            raise typer.Exit(EXIT_USAGE)
        sys.stdout.write(rules_markdown())
        return
    if kode is None:
        sys.stdout.write(rule_list())
        return
    rule = RULES_BY_CODE.get(kode.strip().upper())
    if rule is None:
        typer.echo(f"komp: ukjent regelkode «{kode}»; `komp regler` viser alle reglene",
                   err=True)
        raise typer.Exit(EXIT_USAGE)
    sys.stdout.write(rule_text(rule))


def main(argv: list[str] | None = None) -> int:
    """Run komp; returns the exit status instead of raising, for tests and the console script."""
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="komp", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_INVALID)
    except KeyboardInterrupt:
        typer.echo("avbrutt", err=True)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the one error boundary: anything else is a bug in komp
        if _State.debug or "--debug" in (argv if argv is not None else sys.argv):
            import traceback

            traceback.print_exc()
        typer.echo(
            f"komp: intern feil ({type(exc).__name__}: {exc}). Dette er en feil i komp, ikke i "
            "filene dine: meld den gjerne fra, med kommandoen du kjørte (kjør med --debug for "
            "detaljer).", err=True)
        return EXIT_INTERNAL
    return EXIT_OK


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
