"""`komp diff`: the differences as Markdown, for a merge-request description."""

from __future__ import annotations

from typing import Any

from ..inert import visible
from .text import (
    CYCLE,
    CYCLE_MONEY,
    SEVERITY,
    budget_text,
    change_text,
    kr,
    measure_title,
    recipient,
    revision_label,
    signed,
    where,
)


def _cycle_markdown(result: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for key, heading, title in CYCLE:
        part = result.get(key) or {}
        if not any(part.values()):
            continue
        out += [f"#### {heading}", ""]
        out += [f"- ➕ {_md(title(v))}" for v in part["added"]]
        out += [f"- ➖ {_md(title(v))}" for v in part["removed"]]
        for v in part["changed"]:
            out.append(f"- **{_md(title(v))}**")
            out += [f"  - {_md(change_text(c))}" for c in v["changes"]]
        out.append("")
    for key, heading in CYCLE_MONEY:
        rows = result.get(key) or []
        if not rows:
            continue
        out += [f"#### {heading}", "", "| Mottaker | År | Før | Etter | Endring |",
                "| --- | ---: | ---: | ---: | ---: |"]
        out += [f"| {_md(recipient(r))} | {r['year']} | {kr(r['from'])} | {kr(r['to'])} | "
                f"{signed(r['difference'])} |" for r in rows]
        out.append("")
    return out


def _md(value: str) -> str:
    """Text safe inside a Markdown table cell or list item (control characters escaped, so
    that a carriage return cannot start a heading)."""
    out = visible(value).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "*_`[]":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")


def markdown(result: dict[str, Any]) -> str:
    """The differences as Markdown, for a merge-request description."""
    title = (f"### Endringer i planen fra `{visible(revision_label(result['from']))}` til "
             f"`{visible(revision_label(result['to']))}`")
    if not result["changed"]:
        return f"{title}\n\nIngen endringer i planen.\n"
    out = [title, ""]
    measures = result["measures"]
    for key, heading, sign in (("added", "Nye tiltak", "➕"), ("removed", "Fjernede tiltak", "➖")):
        if measures[key]:
            out += [f"#### {heading}", ""]
            out += [f"- {sign} {_md(measure_title(m) + budget_text(m))}" for m in measures[key]]
            out.append("")
    if measures["changed"]:
        out += ["#### Endrede tiltak", ""]
        for m in measures["changed"]:
            out.append(f"- **{_md(measure_title(m))}**")
            out += [f"  - {_md(change_text(c))}" for c in m["changes"]]
        out.append("")
    money = result["money"]
    tables = (("Innstilt per ordning", "Ordning", money["by_scheme"], lambda r: r["scheme"]),
              ("Innstilt per mottaker", "Mottaker", money["by_recipient"], recipient),
              ("Rammer", "Ordning", result["frames"], lambda r: r["scheme"]))
    for heading, column, rows, label in tables:
        if not rows:
            continue
        out += [f"#### {heading}", "", f"| {column} | År | Før | Etter | Endring |",
                "| --- | ---: | ---: | ---: | ---: |"]
        out += [f"| {_md(str(label(r)))} | {r['year']} | {kr(r['from'])} | {kr(r['to'])} | "
                f"{signed(r['difference'])} |" for r in rows]
        out.append("")
    out += _cycle_markdown(result)
    found = result["diagnostics"]
    for key, heading in (("appeared", "Nye funn fra `komp validate`"), ("fixed", "Rettet")):
        if found[key]:
            out += [f"#### {heading}", ""]
            out += [f"- `{visible(where(d)).replace('`', '')}` {SEVERITY[d['severity']]} {d['code']}: "
                    f"{_md(d['message'])}" for d in found[key]]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
