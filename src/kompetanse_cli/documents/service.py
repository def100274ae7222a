"""From a forum folder to a finished document: validate, load, build the view-model, render.

The CLI calls `prepare` and then one of the `render_*` functions; problems the user can fix come
back as `DocumentError` (exit 1) or `UsageError` (exit 2) with a Norwegian message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Report, Severity, UsageError
from ..domain.context import ForumContext
from ..pipeline import validate_with_contexts
from ..pipeline.discover import ForumLayout, discover
from ..rules.k1_skjema import k102_mangler_noekkel as k102
from .diagrams import Diagram
from .formats import Rendered
from .gitinfo import GitInfo, describe
from .markdown import Md
from .tree import Meta
from .viewmodel.common import Status


class DocumentError(Exception):
    """The document cannot be made from these files (exit 1); the message says why, in Norwegian.

    `diagnostic` is set when the reason is a place in a file (it is then reported like every
    other finding, with position, code and hint).
    """

    def __init__(self, message: str, diagnostic: Diagnostic | None = None) -> None:
        super().__init__(message)
        self.diagnostic = diagnostic


@dataclass
class Prepared:
    """A validated and loaded forum, ready to become documents."""

    folder: Path
    layout: ForumLayout
    ctx: ForumContext
    report: Report
    status: Status
    compiled: Path | None = None
    """Where compiled templates are kept between runs (in the cache), or None."""
    git: GitInfo | None = None
    """The commit the files are at, for the documents' footer (None: left out)."""

    @property
    def errors(self) -> int:
        return self.report.count(Severity.ERROR)


def forum_layout(path: Path) -> ForumLayout:
    """The one forum at `path` (UsageError when the path is not a forum folder)."""
    layouts = discover(path)
    if len(layouts) != 1 or layouts[0].partnerships_only or layouts[0].forum_file is None:
        raise UsageError(
            f"«{path}» er ikke en forummappe: dokumentene lages for ett forum, så pek på mappen "
            "med forum.yaml")
    return layouts[0]


def prepare(path: Path, *, use_cache: bool = True, cache_dir: Path | None = None,
            git: bool = False) -> Prepared:
    """Validate the forum at `path` and load its models (also when it has errors), in one
    reading; unchanged files come from the cache (in `cache_dir`, default the user's) as
    models. With `git`, the documents' footer names the commit the files are at."""
    from ..pipeline.cache import open_cache

    layout = forum_layout(path)
    cache = open_cache(use_cache, cache_dir)
    report, contexts = validate_with_contexts([path], cache=cache)
    ctx = contexts[0]
    error_files = sorted({d.file for d in report.diagnostics if d.severity is Severity.ERROR})
    forum = ctx.forum
    status = Status(
        utkast=forum is None or forum.beslutning is None,
        feil=report.count(Severity.ERROR), advarsler=report.count(Severity.WARNING),
        feilfiler=tuple(error_files))
    folder = layout.forum_file.parent if layout.forum_file is not None else path
    compiled = cache.root / "maler" if cache is not None else None
    return Prepared(folder, layout, ctx, report, status, compiled,
                    describe(folder) if git else None)


def _require_forum(prepared: Prepared) -> None:
    if prepared.ctx.forum is None:
        raise DocumentError(
            "komp: forum.yaml har feil (se over), så dokumentet kan ikke lages, heller ikke som "
            "utkast; rett feilene i forum.yaml først")


def _diagram_function(diagrams: Mapping[str, Diagram], target: str,
                      with_mermaid: bool) -> Callable[..., Md]:
    """`diagram(name, tabell=true)` for the templates: a chart in the chosen target."""
    from jinja2.exceptions import TemplateRuntimeError

    from .diagrams import markdown_table, mermaid
    from .tree import DIAGRAM_INFO

    def diagram(name: str, tabell: bool = True) -> Md:
        chart = diagrams.get(name)
        if chart is None:
            known = ", ".join(f"«{n}»" for n in diagrams) or "ingen"
            raise TemplateRuntimeError(f"ukjent diagram «{name}» (dette dokumentet har {known})")
        if not chart.kategorier:
            return Md("")
        if target == "doc":
            return Md(f"```{DIAGRAM_INFO}\n{name}\n```")
        if with_mermaid:
            return mermaid(chart)
        return markdown_table(chart) if tabell else Md("")
    return diagram


def innstilling_document(prepared: Prepared, aar: int | None, maalform: str, maler: Path | None,
                         *, target: str = "md", with_mermaid: bool = False) -> Rendered:
    """The innstilling (DeKom FYO: the disponeringsplan), for the writer of `target`: "md" for
    Markdown itself, "doc" for the writers that read the tree (charts as references)."""
    from .diagrams import innstilling_diagrams
    from .render import render
    from .viewmodel.innstilling import build_innstilling

    _require_forum(prepared)
    forum = prepared.ctx.forum
    assert forum is not None
    model = build_innstilling(prepared.ctx, aar or forum.aar, maalform, status=prepared.status,
                              git=prepared.git)
    if not model.tiltak:
        years = sorted({year for partnership in prepared.ctx.partnerships
                        for _, tiltak in partnership.tiltak() for year in tiltak.budsjett})
        raise DocumentError(
            f"komp: ingen tiltak har budsjett for {model.aar}, så det er ingenting å innstille "
            "for det året; " + (f"år med tiltak: {', '.join(map(str, years))}" if years else
                               "ingen tiltak har budsjett ennå"))
    diagrams = innstilling_diagrams(model)
    name = "disponeringsplan.md.j2" if model.fyo else "innstilling.md.j2"
    text = render(name, model, maalform, maler, compiled=prepared.compiled,
                  extra={"diagram": _diagram_function(diagrams, target, with_mermaid)})
    meta = Meta(f"{forum.navn} – {model.aar}", forum.sekretariat or forum.navn, maalform,
                model.status.utkast)
    return Rendered(text, meta, diagrams)


def render_innstilling(prepared: Prepared, aar: int | None, maalform: str,
                       maler: Path | None) -> str:
    """The innstilling (DeKom FYO: the disponeringsplan) as Markdown."""
    return innstilling_document(prepared, aar, maalform, maler).markdown


def plan_document(prepared: Prepared, maalform: str, maler: Path | None, *,
                  target: str = "md", with_mermaid: bool = False) -> Rendered:
    """The long-term plan (DeKom FYO: the kompetanseutviklingsplan) for `target` (see
    `innstilling_document`)."""
    from .diagrams import plan_diagrams
    from .render import render
    from .viewmodel.plan import build_plan

    _require_forum(prepared)
    forum = prepared.ctx.forum
    assert forum is not None
    if forum.plan is None:
        forum_file = prepared.ctx.forum_file
        assert forum_file is not None
        raise DocumentError("komp: lager ikke planen", k102.no_plan(
            forum_file.loaded.path, forum_file.loaded.source_map.locate(())))
    model = build_plan(prepared.ctx, maalform, status=prepared.status,
                       git=prepared.git)
    diagrams = plan_diagrams(model)
    name = "kompetanseutviklingsplan.md.j2" if model.fyo else "plan.md.j2"
    text = render(name, model, maalform, maler, compiled=prepared.compiled,
                  extra={"diagram": _diagram_function(diagrams, target, with_mermaid)})
    meta = Meta(f"{forum.navn} – {model.fra}–{model.til}", forum.sekretariat or forum.navn,
                maalform, model.status.utkast)
    return Rendered(text, meta, diagrams)


def render_plan(prepared: Prepared, maalform: str, maler: Path | None) -> str:
    """The long-term plan (DeKom FYO: the kompetanseutviklingsplan) as Markdown."""
    return plan_document(prepared, maalform, maler).markdown


def rapport_document(prepared: Prepared, aar: int | None, dato: dt.date | None, maalform: str,
                     maler: Path | None, *, target: str = "md",
                     with_mermaid: bool = False) -> Rendered:
    """Statsforvalteren's roll-up of the owners' reports for `aar` (default: the year before
    the forum's `aar`) as it stands on `dato` (default: today), for `target` (see
    `innstilling_document`)."""
    from .render import render
    from .viewmodel.rapport import build_rapport

    _require_forum(prepared)
    forum = prepared.ctx.forum
    assert forum is not None
    model = build_rapport(prepared.ctx, aar or forum.aar - 1, dato or dt.date.today(), maalform,
                          git=prepared.git, feil=prepared.status.feil,
                          feilfiler=prepared.status.feilfiler)
    if not model.tiltak and not model.per_mottaker:
        years = sorted({year for partnership in prepared.ctx.partnerships
                        for _, tiltak in partnership.tiltak() for year in tiltak.budsjett})
        raise DocumentError(
            f"komp: ingen tiltak har tilskudd for {model.aar}, og ingen har rapportert for det "
            "året, så det er ikke noe å gjøre opp; " +
            (f"år med tiltak: {', '.join(map(str, years))}" if years else
             "ingen tiltak har budsjett ennå"))
    text = render("rapport.md.j2", model, maalform, maler, compiled=prepared.compiled,
                  extra={"diagram": _diagram_function({}, target, with_mermaid)})
    meta = Meta(f"{forum.navn} – {aar or forum.aar - 1}", forum.sekretariat or forum.navn,
                maalform, False)
    return Rendered(text, meta)


def render_rapport(prepared: Prepared, aar: int | None, dato: dt.date | None, maalform: str,
                   maler: Path | None) -> str:
    """Statsforvalteren's roll-up of the owners' reports as Markdown."""
    return rapport_document(prepared, aar, dato, maalform, maler).markdown
