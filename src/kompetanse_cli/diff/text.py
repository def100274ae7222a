"""`komp diff`: the differences as text for a terminal, and the wording the Markdown shares."""

from __future__ import annotations

from typing import Any

from ..inert import visible
from .compare import money_path
from .versions import whole_number

SEVERITY = {"error": "feil", "warning": "advarsel", "info": "info"}


def kr(value: int) -> str:
    from ..formatting import kroner

    return kroner(value)


def signed(value: int) -> str:
    """+50 000 kr / −100 000 kr (with a real minus sign)."""
    return ("+" if value >= 0 else "−") + kr(abs(value))


def _value(field_name: str, value: Any) -> str:
    if value is None:
        return "–"
    if money_path(tuple(field_name.split("."))) and whole_number(value):
        return kr(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "(tom)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and not whole_number(value):
        return f"«{value}»" if field_name.split(".")[0] in ("tittel", "beskrivelse",
                                                            "samiske_perspektiver") else value
    return str(value)


def _field_label(name: str) -> str:
    return name.replace(".", " ")


def change_text(change: dict[str, Any]) -> str:
    name = change["field"]
    text = f"{_field_label(name)}: {_value(name, change['from'])} → {_value(name, change['to'])}"
    if "difference" in change:
        text += f" ({signed(change['difference'])})"
    return text


def measure_title(m: dict[str, Any]) -> str:
    title = f" «{m['title']}»" if m.get("title") else ""
    scheme = f" ({m['scheme']})" if m.get("scheme") else ""
    return f"{m['partnership']}/{m['id']}{title}{scheme}"


def budget_text(m: dict[str, Any]) -> str:
    parts = []
    from ..pipeline.aggregate import requested_as_written

    for year in m["budget"]:
        parts.append(f"{year['year']}: {kr(requested_as_written(year))}")
    return ("; søkt " + ", ".join(parts)) if parts else ""


def recipient(row: dict[str, Any]) -> str:
    if row["orgnr"] is None:
        return str(row["name"])
    return f"{row['name']} ({row['orgnr']})" if row.get("name") else str(row["orgnr"])


def _money_line(label: str, row: dict[str, Any]) -> str:
    return (f"{label} {row['year']}: {kr(row['from'])} → {kr(row['to'])} "
            f"({signed(row['difference'])})")


def where(d: dict[str, Any]) -> str:
    where = d["file"] or "(forum)"
    return f"{where}:{d['line']}" if d["line"] else where


def revision_label(side: dict[str, Any]) -> str:
    commit = f" ({side['commit'][:10]})" if side.get("commit") else ""
    return f"{side['revision']}{commit}"


def text(result: dict[str, Any]) -> str:
    """The differences for a terminal."""
    head = (f"Endringer i planen ({result['forum']}) fra {revision_label(result['from'])} "
            f"til {revision_label(result['to'])}")
    if not result["changed"]:
        return visible(f"Ingen endringer i planen ({result['forum']}) fra "
                       f"{revision_label(result['from'])} til {revision_label(result['to'])}.") + "\n"
    lines = [head, ""]
    measures = result["measures"]
    if measures["added"]:
        lines.append(f"Nye tiltak ({len(measures['added'])}):")
        lines += [f"  + {measure_title(m)}{budget_text(m)}" for m in measures["added"]]
    if measures["removed"]:
        lines.append(f"Fjernede tiltak ({len(measures['removed'])}):")
        lines += [f"  - {measure_title(m)}{budget_text(m)}" for m in measures["removed"]]
    if measures["changed"]:
        lines.append(f"Endrede tiltak ({len(measures['changed'])}):")
        for m in measures["changed"]:
            lines.append(f"  ~ {measure_title(m)}")
            lines += [f"      {change_text(c)}" for c in m["changes"]]
    money = result["money"]
    if money["by_scheme"]:
        lines += ["", "Innstilt per ordning:"]
        lines += [f"  {_money_line(r['scheme'], r)}" for r in money["by_scheme"]]
    if money["by_recipient"]:
        lines += ["", "Innstilt per mottaker:"]
        lines += [f"  {_money_line(recipient(r), r)}" for r in money["by_recipient"]]
    if result["frames"]:
        lines += ["", "Rammer:"]
        lines += [f"  {_money_line(r['scheme'], r)}" for r in result["frames"]]
    lines += _cycle_text(result)
    found = result["diagnostics"]
    if found["appeared"]:
        lines += ["", f"Nye funn fra komp validate ({len(found['appeared'])}):"]
        lines += [f"  {where(d)}: {SEVERITY[d['severity']]} {d['code']} {d['message']}"
                  for d in found["appeared"]]
    if found["fixed"]:
        lines += ["", f"Rettet ({len(found['fixed'])}):"]
        lines += [f"  {where(d)}: {SEVERITY[d['severity']]} {d['code']} {d['message']}"
                  for d in found["fixed"]]
    # Each entry is one line: a line break or control character in a value is shown escaped.
    return "\n".join(visible(line) for line in lines) + "\n"


def _vedtak_title(v: dict[str, Any]) -> str:
    forum = f"{v['forum']}: " if v.get("forum") else ""
    parts = [f"{forum}vedtak for {v['year']}"]
    if v.get("date"):
        parts.append(f"datert {v['date']}")
    if v.get("case_number"):
        parts.append(f"sak {v['case_number']}")
    if v.get("as_recommended"):
        parts.append("som innstilt")
    return ", ".join(parts)


def _report_title(r: dict[str, Any]) -> str:
    measures = ", ".join(f"{m['id']} {m['status']}" if m.get("status") else str(m["id"])
                         for m in r["measures"])
    return f"rapport fra {r['partnership']} for {r['year']}" + (f" ({measures})" if measures else "")


def _cycle_text(result: dict[str, Any]) -> list[str]:
    """Vedtak and reports: added, removed and changed, and the money they move."""
    lines: list[str] = []
    for key, heading, title in CYCLE:
        part = result.get(key) or {}
        if not any(part.values()):
            continue
        lines += ["", f"{heading}:"]
        lines += [f"  + {title(v)}" for v in part["added"]]
        lines += [f"  - {title(v)}" for v in part["removed"]]
        for v in part["changed"]:
            lines.append(f"  ~ {title(v)}")
            lines += [f"      {change_text(c)}" for c in v["changes"]]
    for key, heading in CYCLE_MONEY:
        if result.get(key):
            lines += ["", f"{heading}:"]
            lines += [f"  {_money_line(recipient(r), r)}" for r in result[key]]
    return lines


CYCLE = (("vedtak", "Vedtak", _vedtak_title), ("reports", "Rapporter", _report_title))
CYCLE_MONEY = (("decided_by_recipient", "Tildelt per mottaker (vedtak)"),
                ("used_by_recipient", "Brukt per mottaker (rapporter)"))
