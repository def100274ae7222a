"""The rules' documentation as text for `komp regler` and as Markdown for docs/regler.md.

docs/regler.md is generated: `komp regler --markdown > docs/regler.md` rewrites it, and a test
fails when it has drifted from the rule modules' docstrings.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from . import ALL_SCHEMES, RULES, Rule

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


def severity_name(rule: Rule) -> str:
    return rule.severity.norsk


def schemes_text(rule: Rule) -> str:
    """`alle` when a rule applies to every scheme, else the schemes separated by commas."""
    if set(rule.schemes) >= set(ALL_SCHEMES):
        return "alle"
    return ", ".join(rule.schemes)


def rule_list(rules: tuple[Rule, ...] = RULES, *, sources: bool = False) -> str:
    """One line per rule: code, severity, schemes and title, in aligned columns; with `sources`,
    each rule's source on an indented line under it."""
    rows = [(r.code, severity_name(r), schemes_text(r), r.title) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    header = ("kode", "alvor", "ordninger", "regel")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=False)]
    out = []
    for index, row in enumerate((header, *rows)):
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3]))
                   + "  " + row[3])
        if sources and index > 0:
            out.append(f"{' ' * (widths[0] + 2)}kilde: {rules[index - 1].source}")
    return "\n".join(out) + "\n"


def rule_text(rule: Rule) -> str:
    """A rule explained in the terminal: heading, severity, schemes, source and documentation."""
    return (
        f"{rule.code} ({severity_name(rule)}): {rule.title}\n"
        f"Ordninger: {schemes_text(rule)}\n"
        f"Kilde: {rule.source}\n\n"
        f"{rule.doc}\n"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _section_markdown(head: str, body: str) -> list[str]:
    if head in EXAMPLE_SECTIONS:
        return [f"**{head}**", "", "```yaml", body, "```", ""]
    return [f"**{head}** {body}", ""]


def markdown(rules: tuple[Rule, ...] = RULES) -> str:
    """The whole rule reference as Markdown (the content of docs/regler.md)."""
    out = [
        "# Reglene i komp",
        "",
        f"<!-- Generert fra reglenes dokumentasjon med `{REGENERATE}`. Ikke rediger for hånd. -->",
        "",
        "Hver regel har en fast kode. Alvor: **feil** gir exit-status 1, **advarsel** bare med "
        "`--strict`. Ordningenes parametre (30 % egenandel, målgrupper, påkrevde roller, "
        "høyst tre år, 10 % koordinering, det samiske forvaltningsområdet) er data i "
        "`src/kompetanse_cli/data/regelverk.toml`, per forskrift.",
        "",
        "| kode | alvor | ordninger | regel |",
        "| --- | --- | --- | --- |",
    ]
    for rule in rules:
        out.append(f"| [{rule.code}](#{rule.code.lower()}) | {severity_name(rule)} | "
                   f"{_cell(schemes_text(rule))} | {_cell(rule.title)} |")
    out.append("")
    for rule in rules:
        doc = parse_doc(rule.doc)
        out += [
            f"## {rule.code}",
            "",
            f"**{rule.title}** ({severity_name(rule)}). {doc.summary}",
            "",
            f"- Ordninger: {schemes_text(rule)}",
            f"- Kilde: {rule.source}",
            "",
        ]
        for head in SECTIONS:
            if head in doc.sections:
                out += _section_markdown(head, doc.sections[head])
    return "\n".join(out).rstrip("\n") + "\n"
