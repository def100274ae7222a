"""One document, a writer per format: Markdown, HTML, PDF and Word.

A document kind (innstilling, plan, and any later one) renders its templates into a `Rendered`:
the Markdown, the metadata every format needs (title, running header, author, målform, whether
it is a draft) and the charts of its view-model. `write` hands that to the writer of the chosen
format; every writer except Markdown reads the same tree (`tree.parse`), so texts and numbers
come from one place in all of them. `choose` picks the format from `--format` or the extension
of `-o`. The tree and its metadata (`tree.Document`, `tree.Meta`) live in `tree`, which the
writers read; this module calls the writers and none of them imports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .diagrams import Diagram
from .tree import Document, Meta, parse

FORMATS = ("md", "html", "pdf", "docx")
EXTENSIONS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf",
              ".docx": "docx"}
BINARY = frozenset({"pdf", "docx"})


class FormatError(ValueError):
    """The format cannot be chosen (a usage error, exit 2); the message is Norwegian."""


def choose(fmt: str | None, ut: Path | None) -> str:
    """The format: `--format` when given, else the extension of `-o`, else Markdown."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise FormatError(f"ukjent format «{fmt}»; velg ett av {', '.join(FORMATS)}")
        return fmt
    if ut is None:
        return "md"
    chosen = EXTENSIONS.get(ut.suffix.lower())
    if chosen is None and _stream(ut):
        return "md"  # a pipe or a device (/dev/stdout): its name says nothing about a format
    if chosen is None and ut.suffix.lower() in (".xlsx", ".csv"):
        raise FormatError(
            f"dokumentet kan ikke lages som «{ut.suffix}»; utbetalingslisten som regneark lages "
            f"med `komp utbetaling FORUM -o {ut.name}`")
    if chosen is None:
        known = ", ".join(sorted(EXTENSIONS))
        raise FormatError(
            f"vet ikke hvilket format «{ut.name}» skal ha; gi filen en av endelsene {known}, "
            "eller velg med --format md|html|pdf|docx")
    return chosen


def _stream(path: Path) -> bool:
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


@dataclass(frozen=True)
class Rendered:
    """A document kind's templates, rendered: input to every writer."""

    markdown: str
    meta: Meta
    diagrams: Mapping[str, Diagram] = field(default_factory=dict)


def document(rendered: Rendered) -> Document:
    return Document(rendered.meta, parse(rendered.markdown), rendered.diagrams)


def write(fmt: str, rendered: Rendered) -> str | bytes:
    """The document in format `fmt`: text for md and html, bytes for pdf and docx."""
    if fmt == "md":
        return rendered.markdown
    doc = document(rendered)
    if fmt == "html":
        from .html import write_html

        return write_html(doc)
    if fmt == "pdf":
        from .pdf import write_pdf

        return write_pdf(doc)
    if fmt == "docx":
        from .word import write_docx

        return write_docx(doc)
    raise FormatError(f"ukjent format «{fmt}»")
