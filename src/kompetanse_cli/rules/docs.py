"""The rules' documentation as text for `komp regler` and as Markdown for docs/regler.md.

docs/regler.md is generated: `komp regler --markdown > docs/regler.md` rewrites it, and a test
fails when it has drifted from the rule modules' docstrings. The nynorsk texts (titles, summaries,
«Kva» and «Kvifor») are data in data/regler-nn.toml; the examples come from the docstrings.
With a forum, the catalogue shows the forum's own settings (`regler:` in forum.yaml).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Severity
from . import ALL_SCHEMES, RULES, Rule

if TYPE_CHECKING:
    from ..diagnostics import Report
    from ..domain.lokale_regler import Innstilling
    from ..domain.models import Forum

SECTIONS = ("Hva:", "Hvorfor:", "Bestått:", "Feiler:")
EXAMPLE_SECTIONS = ("Bestått:", "Feiler:")
REGENERATE = "komp regler --markdown > docs/regler.md"


@dataclass(frozen=True)
class RuleDoc:
    """A rule's docstring split into its summary line and its sections, in order."""

    summary: str
    sections: dict[str, str]


def parse_doc(doc: str) -> RuleDoc:
    """Split a rule docstring: first line, then the sections Hva/Hvorfor/Bestått/Feiler."""
    lines = textwrap.dedent(doc).strip("\n").splitlines()
    summary = lines[0].strip() if lines else ""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines[1:]:
        head = next((s for s in SECTIONS if line.startswith(s)), None)
        if head is not None:
            current = sections.setdefault(head, [])
            rest = line[len(head):].strip()
            if rest:
                current.append(rest)
        elif current is not None:
            current.append(line)
    return RuleDoc(summary, {k: textwrap.dedent("\n".join(v)).strip("\n")
                             for k, v in sections.items()})


@dataclass(frozen=True)
class NynorskDoc:
    """A rule's texts in nynorsk."""

    tittel: str
    samandrag: str
    kva: str
    kvifor: str


NN_FILE = "data/regler-nn.toml"


@cache
def nynorsk() -> dict[str, NynorskDoc]:
    """The nynorsk texts of the rules, by code (data/regler-nn.toml)."""
    import tomllib
    from importlib import resources

    text = resources.files("kompetanse_cli").joinpath(NN_FILE).read_text("utf-8")
    return {code: NynorskDoc(entry["tittel"], entry["samandrag"], entry["kva"].strip(),
                             entry["kvifor"].strip())
            for code, entry in tomllib.loads(text).items() if isinstance(entry, dict)}


_SEVERITY_WORDS = {"nb": {Severity.ERROR: "feil", Severity.WARNING: "advarsel",
                          Severity.INFO: "info"},
                   "nn": {Severity.ERROR: "feil", Severity.WARNING: "åtvaring",
                          Severity.INFO: "info"}}
_WORDS = {
    "nb": {"kode": "kode", "alvor": "alvor", "ordninger": "ordninger", "regel": "regel",
           "kilde": "kilde", "Ordninger": "Ordninger", "Kilde": "Kilde", "alle": "alle",
           "av": "av", "egne": "Forumets egne vurderinger (`regler:` i {fil}):",
           "begrunnelse": "Begrunnelse", "forumet": "Forumet"},
    "nn": {"kode": "kode", "alvor": "alvor", "ordninger": "ordningar", "regel": "regel",
           "kilde": "kjelde", "Ordninger": "Ordningar", "Kilde": "Kjelde", "alle": "alle",
           "av": "av", "egne": "Vurderingane til forumet sjølv (`regler:` i {fil}):",
           "begrunnelse": "Grunngiving", "forumet": "Forumet"},
}


def severity_name(rule: Rule, maalform: str = "nb") -> str:
    return _SEVERITY_WORDS[maalform][rule.severity]


def title(rule: Rule, maalform: str = "nb") -> str:
    """The rule's title in `maalform` (the bokmål title where nynorsk has none)."""
    if maalform == "nn":
        found = nynorsk().get(rule.code)
        if found is not None:
            return found.tittel
    return rule.title


@dataclass(frozen=True)
class ForumRegler:
    """A forum's own settings as the catalogue shows them: by code, with what each does."""

    fil: str
    settings: dict[str, tuple[Innstilling, str]]
    """Code → (the setting, what it does in words)."""

    def severity(self, rule: Rule, maalform: str = "nb") -> str:
        """The severity the rule has in this forum, marked `*` when the forum changed it."""
        found = self.settings.get(rule.code)
        alvor = found[0].alvor if found is not None and found[0].avvist is None else None
        if alvor is None:
            return severity_name(rule, maalform)
        word = _WORDS[maalform]["av"] if alvor == "av" else {
            "feil": "feil", "advarsel": _SEVERITY_WORDS[maalform][Severity.WARNING],
            "info": "info"}[alvor]
        return word + ("*" if word != severity_name(rule, maalform) else "")


def forum_regler(forum: Forum, fil: str = "forum.yaml", maalform: str = "nb") -> ForumRegler:
    """The forum's settings with their descriptions, for the catalogue."""
    from ..domain.lokale_regler import describe, national_parameters
    from . import RULES_BY_CODE
    from .innstillinger import settings

    out: dict[str, tuple[Innstilling, str]] = {}
    for setting in settings(forum):
        rule = RULES_BY_CODE.get(setting.kode)
        if rule is None:
            continue
        out[setting.kode] = (setting, describe(setting, rule.severity,
                                               national_parameters(forum, setting.kode),
                                               maalform))
    return ForumRegler(fil, out)


def read_forum(path: Path) -> tuple[Forum | None, str, Report | None]:
    """The forum of a folder for the catalogue: its model (None when forum.yaml has errors),
    the path of forum.yaml as shown, and a report of forum.yaml's diagnostics when it has
    errors; (None, "", None) when the folder has no forum.yaml.

    Raises UsageError for a path that is not a forum or partnership folder."""
    from ..diagnostics import Report
    from ..domain.planfiles import FORUM
    from ..pipeline.discover import discover
    from ..pipeline.load import read_file
    from ..pipeline.schema import check_file

    layouts = discover(path)
    if not (path / "forum.yaml").is_file() and not (path / "partnerskap.yaml").is_file():
        from ..diagnostics import UsageError

        raise UsageError(f"«{path}» er verken en forummappe (med forum.yaml) eller en "
                         "partnerskapsmappe (med partnerskap.yaml)")
    layout = layouts[0]
    if layout.forum_file is None:
        return None, "", None
    rel = layout.rel(layout.forum_file)
    checked = check_file(FORUM, read_file(rel, layout.forum_file))
    if checked.model is not None and not any(d.severity is Severity.ERROR
                                             for d in checked.diagnostics):
        return checked.model, rel, None  # type: ignore[return-value]
    report = Report(files=1, base=layout.base, sources={rel: layout.forum_file})
    report.diagnostics = sorted(checked.diagnostics, key=lambda d: d.sort_key())
    report.totals.update(d.severity for d in report.diagnostics)
    return None, rel, report


def schemes_text(rule: Rule) -> str:
    """`alle` when a rule applies to every scheme, else the schemes separated by commas."""
    if set(rule.schemes) >= set(ALL_SCHEMES):
        return "alle"
    return ", ".join(rule.schemes)


def rule_list(rules: tuple[Rule, ...] = RULES, *, sources: bool = False, maalform: str = "nb",
              forum: ForumRegler | None = None) -> str:
    """One line per rule: code, severity, schemes and title, in aligned columns; with `sources`,
    each rule's source on an indented line under it. With a forum, the severity is the forum's
    (marked `*` where it changed it), and its settings follow the table."""
    words = _WORDS[maalform]

    def schemes(rule: Rule) -> str:
        text = schemes_text(rule)
        return words["alle"] if text == "alle" else text

    rows = [(r.code, forum.severity(r, maalform) if forum is not None
             else severity_name(r, maalform), schemes(r), title(r, maalform)) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    header = (words["kode"], words["alvor"], words["ordninger"], words["regel"])
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=False)]
    out = []
    for index, row in enumerate((header, *rows)):
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3]))
                   + "  " + row[3])
        if sources and index > 0:
            out.append(f"{' ' * (widths[0] + 2)}{words['kilde']}: {rules[index - 1].source}")
    if forum is not None and forum.settings:
        out += ["", words["egne"].format(fil=forum.fil)]
        for code, (setting, text) in forum.settings.items():
            out.append(f"  {code}: {text}. {words['begrunnelse']}: {_one_line(setting.begrunnelse)}")
            if setting.avvist is not None:
                out.append(f"        K419: {setting.avvist}")
    return "\n".join(out) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def rule_text(rule: Rule, maalform: str = "nb", forum: ForumRegler | None = None) -> str:
    """A rule explained in the terminal: heading, severity, schemes, source and documentation,
    and the forum's own setting of it, if it has one."""
    words = _WORDS[maalform]
    head = (f"{rule.code} ({severity_name(rule, maalform)}): {title(rule, maalform)}\n"
            f"{words['Ordninger']}: {schemes_text(rule)}\n"
            f"{words['Kilde']}: {rule.source}\n")
    found = forum.settings.get(rule.code) if forum is not None else None
    if found is not None:
        setting, text = found
        head += (f"{words['forumet']} ({forum.fil if forum is not None else ''}): {text}. "
                 f"{words['begrunnelse']}: {_one_line(setting.begrunnelse)}\n")
        if setting.avvist is not None:
            head += f"  K419: {setting.avvist}\n"
    return f"{head}\n{_body(rule, maalform)}\n"


def _body(rule: Rule, maalform: str) -> str:
    """The documentation under the heading: the docstring, or its nynorsk texts with the
    docstring's examples."""
    nn = nynorsk().get(rule.code) if maalform == "nn" else None
    if nn is None:
        return rule.doc
    doc = parse_doc(rule.doc)
    parts = [nn.samandrag, "", f"Kva: {nn.kva}", "", f"Kvifor: {nn.kvifor}"]
    for head, shown in (("Bestått:", "Bestått:"), ("Feiler:", "Feilar:")):
        if head in doc.sections:
            parts += ["", shown, textwrap.indent(doc.sections[head], "    ")]
    return "\n".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _section_markdown(head: str, body: str, shown: str | None = None) -> list[str]:
    shown = shown or head
    if head in EXAMPLE_SECTIONS:
        return [f"**{shown}**", "", "```yaml", body, "```", ""]
    return [f"**{shown}** {body}", ""]


def markdown(rules: tuple[Rule, ...] = RULES, maalform: str = "nb") -> str:
    """The whole rule reference as Markdown (the content of docs/regler.md; with `maalform`
    nn, the same in nynorsk)."""
    nn = maalform == "nn"
    words = _WORDS[maalform]
    regenerate = REGENERATE.replace("--markdown", "--markdown --maalform nn").replace(
        "regler.md", "regler-nn.md") if nn else REGENERATE
    intro = (
        "Kvar regel har ein fast kode. Alvor: **feil** gir exit-status 1, **åtvaring** berre med "
        "`--strict`. Parametrane i ordningane (30 % eigendel, målgrupper, påkravde roller, "
        "høgst tre år, 10 % koordinering, det samiske forvaltingsområdet) er data i "
        "`src/kompetanse_cli/data/regelverk.toml`, per forskrift. Eit forum kan gi ein regel eit "
        "anna alvor eller eigne parametrar i `regler:` i forum.yaml (K419)."
    ) if nn else (
        "Hver regel har en fast kode. Alvor: **feil** gir exit-status 1, **advarsel** bare med "
        "`--strict`. Ordningenes parametre (30 % egenandel, målgrupper, påkrevde roller, "
        "høyst tre år, 10 % koordinering, det samiske forvaltningsområdet) er data i "
        "`src/kompetanse_cli/data/regelverk.toml`, per forskrift. Et forum kan gi en regel et "
        "annet alvor eller egne parametre i `regler:` i forum.yaml (K419)."
    )
    out = [
        "# Reglane i komp" if nn else "# Reglene i komp",
        "",
        (f"<!-- Laga frå dokumentasjonen av reglane med `{regenerate}`. Ikkje rediger for hand. -->"
         if nn else
         f"<!-- Generert fra reglenes dokumentasjon med `{regenerate}`. Ikke rediger for hånd. -->"),
        "",
        intro,
        "",
        f"| kode | alvor | {words['ordninger']} | regel |",
        "| --- | --- | --- | --- |",
    ]
    for rule in rules:
        out.append(f"| [{rule.code}](#{rule.code.lower()}) | {severity_name(rule, maalform)} | "
                   f"{_cell(schemes_text(rule))} | {_cell(title(rule, maalform))} |")
    out.append("")
    for rule in rules:
        doc = parse_doc(rule.doc)
        found = nynorsk().get(rule.code) if nn else None
        summary = found.samandrag if found is not None else doc.summary
        out += [
            f"## {rule.code}",
            "",
            f"**{title(rule, maalform)}** ({severity_name(rule, maalform)}). {summary}",
            "",
            f"- {words['Ordninger']}: {schemes_text(rule)}",
            f"- {words['Kilde']}: {rule.source}",
            "",
        ]
        sections = dict(doc.sections)
        shown = {head: head for head in SECTIONS}
        if found is not None:
            sections["Hva:"], sections["Hvorfor:"] = found.kva, found.kvifor
            shown = {"Hva:": "Kva:", "Hvorfor:": "Kvifor:", "Bestått:": "Bestått:",
                     "Feiler:": "Feilar:"}
        for head in SECTIONS:
            if head in sections:
                out += _section_markdown(head, sections[head], shown[head])
    return "\n".join(out).rstrip("\n") + "\n"
