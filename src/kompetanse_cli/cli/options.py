"""The arguments and options several commands share, declared once for typer."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .norsk import choice, integer


class Format(StrEnum):
    """`komp validate --format`: one per reporter (reporters.REPORTER_BY_NAME)."""

    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"
    junit = "junit"


class Maalform(StrEnum):
    nb = "nb"
    nn = "nn"


class DocFormat(StrEnum):  # str() is the value, as typer 0.15 converts by it
    md = "md"
    html = "html"
    pdf = "pdf"
    docx = "docx"


class OversiktFormat(StrEnum):  # str() is the value, as typer 0.15 converts by it
    text = "text"
    json = "json"
    csv = "csv"


class InitKind(StrEnum):  # str() is the value, as typer 0.15 converts by it
    forum = "forum"
    partnerskap = "partnerskap"
    rapport = "rapport"


class DiffFormat(StrEnum):  # str() is the value, as typer 0.15 converts by it
    text = "text"
    markdown = "markdown"
    json = "json"


NoCacheOpt = Annotated[bool, typer.Option(
    "--no-cache", help="Ikke bruk eller skriv hurtigbufferen (KOMP_CACHE_DIR).")]
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
DocFormatOpt = Annotated[Optional[DocFormat], typer.Option(
    "--format", "-f", metavar="md|html|pdf|docx", parser=choice(DocFormat),
    help="md, html, pdf eller docx (standard: etter endelsen på -o, ellers md).",
    show_default=False)]
MermaidOpt = Annotated[bool, typer.Option(
    "--mermaid", help="Diagrammer som mermaid i Markdown (standard: tabeller).")]
AllocationYearOpt = Annotated[Optional[int], typer.Option(  # typer needs Optional
    "--aar", metavar="ÅR", parser=integer,
    help="Tildelingsåret (standard: `aar` i forum.yaml).", show_default=False)]
