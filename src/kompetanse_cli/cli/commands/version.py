"""`komp --version`: komp's version and the versions of the rule data it carries."""

from __future__ import annotations

from pathlib import Path

from ... import __version__
from ..errors import EXIT_OK, echo


def version_text() -> str:
    """komp's version and the versions of the rule data it carries.

    Read straight from the data files (tomllib and a directory listing), so that `komp --version`
    stays instant: neither pydantic nor the rules are imported.
    """
    import tomllib

    data = Path(__file__).resolve().parents[2] / "data"
    lines = [f"komp {__version__}"]
    try:
        rules = tomllib.loads((data / "regelverk.toml").read_text(encoding="utf-8"))
        regulations = [f"{rid} ({', '.join(table.get('ordninger', ()))})"
                       for rid, table in rules.get("regelverk", {}).items()]
        lines.append(f"regelverk: {'; '.join(regulations)}")
    except (OSError, ValueError):
        lines.append("regelverk: (finner ikke regelverk.toml)")
    for prefix, label in (("kommuner-", "kommuneliste"),
                          ("samisk-forvaltningsomraade-", "samisk forvaltningsområde")):
        years = sorted(p.name[len(prefix):-4] for p in data.glob(f"{prefix}*.csv"))
        lines.append(f"{label}: {', '.join(years) or '(mangler)'}")
    return "\n".join(lines)


def version() -> int:
    echo(version_text())
    return EXIT_OK
