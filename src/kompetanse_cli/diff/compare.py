"""`komp diff`: the differences between two versions, with English keys (the JSON output):
measures field by field, the recommended money per scheme and recipient, frames, vedtak and
reports, the decided and used money per recipient, and the findings."""

from __future__ import annotations

from typing import Any

from .findings import compare_findings
from .versions import Version, whole_number

FORMAT_VERSION = 1
_MONEY_KEYS = frozenset(("tilskudd_eier", "tilskudd_uh", "egenandel", "beloep"))


def _flatten(value: Any, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    if isinstance(value, dict) and value:
        out: dict[tuple[str, ...], Any] = {}
        for key, inner in value.items():
            out.update(_flatten(inner, (*prefix, str(key))))
        return out
    return {prefix: value}


def _field_order(path: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    from ..domain.models import Tiltak

    fields = list(Tiltak.model_fields)
    head = path[0] if path else ""
    return (fields.index(head) if head in fields else len(fields), path)


def _jsonable(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _money(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """A measure's requested money per year, as written (for added and removed measures)."""
    budsjett = entry.get("budsjett")
    out = []
    if isinstance(budsjett, dict):
        for aar, year in budsjett.items():
            if isinstance(year, dict):
                amounts = {k: _jsonable(year[k]) for k in ("tilskudd_eier", "tilskudd_uh",
                                                          "egenandel") if k in year}
                out.append({"year": aar if isinstance(aar, int) else str(aar), **amounts})
    return out


def _measure(key: tuple[str, str], entry: dict[str, Any]) -> dict[str, Any]:
    return {"partnership": key[0], "id": key[1],
            "title": entry.get("tittel") if isinstance(entry.get("tittel"), str) else None,
            "scheme": entry.get("ordning") if isinstance(entry.get("ordning"), str) else None,
            "budget": _money(entry)}


def money_path(path: tuple[str, ...]) -> bool:
    """The field holds kroner: a money key, or a recipient's amount in a vedtak's tildelinger."""
    return bool(path) and (path[-1] in _MONEY_KEYS or (path[0] == "tildelinger" and len(path) == 3))


def _changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    a, b = _flatten(old), _flatten(new)
    out = []
    for path in sorted(set(a) | set(b), key=_field_order):
        before, after = a.get(path), b.get(path)
        if path in a and path in b and type(before) is type(after) and before == after:
            continue
        change: dict[str, Any] = {"field": ".".join(path), "from": _jsonable(before),
                                  "to": _jsonable(after)}
        if money_path(path) and (whole_number(before) or whole_number(after)) and (
                before is None or whole_number(before)) and (after is None or whole_number(after)):
            change["difference"] = (after or 0) - (before or 0)
        out.append(change)
    return out


def _money_rows(old: dict[Any, int], new: dict[Any, int], names: dict[str, str] | None,
                ) -> list[dict[str, Any]]:
    rows = []
    for key in sorted(set(old) | set(new), key=lambda k: (str(k[0]), k[1])):
        before, after = old.get(key, 0), new.get(key, 0)
        if before == after:
            continue
        if names is None:
            row: dict[str, Any] = {"scheme": key[0]}
        else:
            orgnr = key[0]
            unknown = orgnr.startswith("?")
            row = {"orgnr": None if unknown else orgnr,
                   "name": (f"ukjent mottaker i {orgnr[1:]}" if unknown else names.get(orgnr))}
        row.update({"year": key[1], "from": before, "to": after, "difference": after - before})
        rows.append(row)
    return rows


def _report(key: tuple[str, int], entry: dict[str, Any]) -> dict[str, Any]:
    measures = entry.get("tiltak") or {}
    return {"partnership": key[0], "year": key[1],
            "date": str(entry["dato"]) if entry.get("dato") is not None else None,
            "measures": [{"id": ident,
                          "status": m.get("status") if isinstance(m.get("status"), str) else None}
                         for ident, m in measures.items()]}


def _vedtak(key: tuple[str, int], entry: dict[str, Any]) -> dict[str, Any]:
    return {"forum": key[0].rstrip("/") or None, "year": key[1],
            "date": str(entry["dato"]) if entry.get("dato") is not None else None,
            "case_number": str(entry["saksnummer"]) if entry.get("saksnummer") is not None
            else None,
            "as_recommended": entry.get("som_innstilt") is True,
            "basis": str(entry["grunnlag"]) if entry.get("grunnlag") is not None else None}


def _compared(old: dict[Any, dict[str, Any]], new: dict[Any, dict[str, Any]],
              describe: Any) -> dict[str, list[dict[str, Any]]]:
    """Entries added, removed and changed (with their changed fields) between two versions."""
    changed = []
    for key, entry in new.items():
        if key in old:
            fields = _changes(_jsonable(old[key]), _jsonable(entry))
            if fields:
                changed.append({**describe(key, entry), "changes": fields})
    return {"added": [describe(k, e) for k, e in new.items() if k not in old],
            "removed": [describe(k, e) for k, e in old.items() if k not in new],
            "changed": changed}


def compare(old: Version, new: Version) -> dict[str, Any]:
    """The differences between two versions, with English keys (the JSON output)."""
    added = [_measure(k, new.measures[k]) for k in new.measures if k not in old.measures]
    removed = [_measure(k, old.measures[k]) for k in old.measures if k not in new.measures]
    changed = []
    for key, entry in new.measures.items():
        before = old.measures.get(key)
        if before is None:
            continue
        fields = _changes(before, entry)
        if fields:
            changed.append({**_measure(key, entry), "changes": fields})
    names = {**old.names, **new.names}
    appeared, fixed = compare_findings(old.diagnostics, new.diagnostics)
    reports = _compared(old.reports, new.reports, _report)
    vedtak = _compared(old.vedtak, new.vedtak, _vedtak)
    result: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "from": {"revision": old.label, "commit": old.commit},
        "to": {"revision": new.label, "commit": new.commit},
        "measures": {"added": added, "removed": removed, "changed": changed},
        "money": {"by_scheme": _money_rows(old.scheme_money, new.scheme_money, None),
                  "by_recipient": _money_rows(old.recipient_money, new.recipient_money, names)},
        "frames": _money_rows(old.frames, new.frames, None),
        "vedtak": vedtak,
        "decided_by_recipient": _money_rows(old.decided_money, new.decided_money, names),
        "reports": reports,
        "used_by_recipient": _money_rows(old.used_money, new.used_money, names),
        "diagnostics": {"appeared": appeared, "fixed": fixed},
    }
    result["changed"] = bool(added or removed or changed or result["money"]["by_scheme"]
                             or result["money"]["by_recipient"] or result["frames"]
                             or any(vedtak.values()) or any(reports.values())
                             or result["decided_by_recipient"] or result["used_by_recipient"]
                             or appeared or fixed)
    return result
