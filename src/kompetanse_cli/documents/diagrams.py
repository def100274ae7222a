"""Charts komp draws itself: bar charts as SVG (HTML, PDF; a picture of it in Word), a table or a
mermaid chart in Markdown.

A `Diagram` is built from the view-model's own numbers (every krone already summed there, from
aggregate.py); the drawing only scales bars. Templates place a chart with
`{{ diagram("rammer") }}`; `tabell=false` says the same numbers already stand in a table right
above it, so Markdown shows no second table.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import numbers
from .markdown import Md, inline

if TYPE_CHECKING:
    from .viewmodel.innstilling import Innstilling
    from .viewmodel.plan import PlanDokument

COLOURS = ("#8c9aa8", "#1f4e79", "#c55a11")
"""Series colours: grey for the frame, dark blue for the recommendation, orange for a third."""

WORDS = {
    "nb": {"ramme": "Ramme", "innstilt": "Innstilt", "planlagt": "Planlagt i tiltakene",
           "rammer": "Innstilt mot ramme per ordning {aar}",
           "planrammer": "Ramme og planlagt per ordning og år",
           "partnerskap": "Innstilt per partnerskap {aar}",
           "mottakere": "Innstilt per tilskuddsmottaker {aar}",
           "fordeling": "Fylkeskommunen og de øvrige aktørene {aar}",
           "etter_planen": "Etter planen", "ingen": "ingen ramme", "diagram": "Diagram"},
    "nn": {"ramme": "Ramme", "innstilt": "Innstilt", "planlagt": "Planlagt i tiltaka",
           "rammer": "Innstilt mot ramme per ordning {aar}",
           "planrammer": "Ramme og planlagt per ordning og år",
           "partnerskap": "Innstilt per partnarskap {aar}",
           "mottakere": "Innstilt per tilskotsmottakar {aar}",
           "fordeling": "Fylkeskommunen og dei andre aktørane {aar}",
           "etter_planen": "Etter planen", "ingen": "inga ramme", "diagram": "Diagram"},
}


@dataclass(frozen=True)
class Serie:
    navn: str
    verdier: tuple[int | None, ...]
    """One per category; None where there is no value (no frame)."""


@dataclass(frozen=True)
class Diagram:
    tittel: str
    kategori: str
    """The heading of the category column in a table ("Ordning", "Partnerskap")."""
    kategorier: tuple[str, ...]
    serier: tuple[Serie, ...]
    maalform: str

    def verdi(self, value: int | None) -> str:
        return "–" if value is None else numbers.kroner(value, self.maalform)

    @property
    def beskrivelse(self) -> str:
        """The chart in words (alt text; what a screen reader reads)."""
        parts = []
        for i, kategori in enumerate(self.kategorier):
            values = ", ".join(f"{s.navn.lower()} {self.verdi(s.verdier[i])}" for s in self.serier)
            parts.append(f"{kategori}: {values}")
        return f"{self.tittel}. " + "; ".join(parts) + "."


def markdown_table(d: Diagram) -> Md:
    """The chart's numbers as a GFM table under its title."""
    head = "| " + " | ".join([inline(d.kategori), *(inline(s.navn) for s in d.serier)]) + " |"
    rule = "| --- |" + " ---: |" * len(d.serier)
    rows = ["| " + " | ".join([inline(k), *(d.verdi(s.verdier[i]) for s in d.serier)]) + " |"
            for i, k in enumerate(d.kategorier)]
    return Md("\n".join([f"**{inline(d.tittel)}**", "", head, rule, *rows]))


def _mermaid_text(text: str) -> str:
    return " ".join(text.replace('"', "'").split())


def mermaid(d: Diagram) -> Md:
    """The chart as a mermaid xychart (shown by git hosts, raw text elsewhere)."""
    lines = ["```mermaid", "xychart-beta", f'    title "{_mermaid_text(d.tittel)}"',
             "    x-axis [" + ", ".join(f'"{_mermaid_text(k)}"' for k in d.kategorier) + "]",
             '    y-axis "kr"']
    lines += ["    bar [" + ", ".join(str(v or 0) for v in s.verdier) + "]" for s in d.serier]
    lines.append("```")
    return Md("\n".join(lines))


# --- SVG --------------------------------------------------------------------------------------

WIDTH = 640
FONT = "Libertinus Serif, Georgia, serif"
BAR, GAP, LABEL, ROW_GAP = 13, 3, 16, 10
VALUE_SPACE = 120


def _colour(d: Diagram, index: int) -> str:
    """Grey for the frame, blue for what is recommended: a lone series is blue."""
    if len(d.serier) == 1:
        return COLOURS[1]
    return COLOURS[index % len(COLOURS)]


def svg(d: Diagram) -> str:
    """A horizontal bar chart: per category its name, then one bar per series with its amount."""
    top = 34 + (18 if len(d.serier) > 1 else 0)
    per_row = LABEL + len(d.serier) * (BAR + GAP) + ROW_GAP
    height = top + per_row * len(d.kategorier) + 4
    largest = max((v for s in d.serier for v in s.verdier if v), default=0)
    span = WIDTH - VALUE_SPACE
    esc = html.escape
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{esc(d.beskrivelse)}" '
           f'font-family="{FONT}" font-size="12">',
           f"<title>{esc(d.beskrivelse)}</title>",
           f'<text x="0" y="16" font-size="14" font-weight="bold">{esc(d.tittel)}</text>']
    if len(d.serier) > 1:
        x = 0
        for index, serie in enumerate(d.serier):
            out.append(f'<rect x="{x}" y="28" width="12" height="12" '
                       f'fill="{_colour(d, index)}"/>')
            out.append(f'<text x="{x + 16}" y="38">{esc(serie.navn)}</text>')
            x += 24 + 7 * len(serie.navn)
    y = top
    for i, kategori in enumerate(d.kategorier):
        out.append(f'<text x="0" y="{y + 12}" font-weight="bold">{esc(kategori)}</text>')
        y += LABEL
        for index, serie in enumerate(d.serier):
            value = serie.verdier[i]
            length = 0 if not value or not largest else max(1, round(span * value / largest))
            colour = _colour(d, index)
            out.append(f'<rect x="0" y="{y}" width="{length}" height="{BAR}" fill="{colour}"/>')
            label = d.verdi(value) if value is not None else WORDS[d.maalform]["ingen"]
            out.append(f'<text x="{length + 6}" y="{y + BAR - 2}">{esc(label)}</text>')
            y += BAR + GAP
        y += ROW_GAP
    out.append("</svg>")
    return "\n".join(out)


# --- from the view-models ---------------------------------------------------------------------

_CATEGORY = {
    "nb": {"ordning": "Ordning", "partnerskap": "Partnerskap", "mottaker": "Mottaker",
           "del": "Del"},
    "nn": {"ordning": "Ordning", "partnerskap": "Partnarskap", "mottaker": "Mottakar",
           "del": "Del"},
}


def innstilling_diagrams(model: Innstilling) -> dict[str, Diagram]:
    """The charts of an innstilling (or disponeringsplan), by the name templates use."""
    m = model.maalform
    w = WORDS[m]
    cat = _CATEGORY[m]
    out = {
        "rammer": Diagram(
            w["rammer"].format(aar=model.aar), cat["ordning"],
            tuple(r.ordning.navn for r in model.per_ordning),
            (Serie(w["ramme"], tuple(r.ramme for r in model.per_ordning)),
             Serie(w["innstilt"], tuple(r.anbefalt for r in model.per_ordning))), m),
        "partnerskap": Diagram(
            w["partnerskap"].format(aar=model.aar), cat["partnerskap"],
            tuple(p.navn for p in model.per_partnerskap),
            (Serie(w["innstilt"], tuple(p.anbefalt for p in model.per_partnerskap)),), m),
        "mottakere": Diagram(
            w["mottakere"].format(aar=model.aar), cat["mottaker"],
            tuple(r.navn for r in model.mottakere),
            (Serie(w["innstilt"], tuple(r.sum for r in model.mottakere)),), m),
    }
    disp = model.disponering
    if disp is not None:
        county = model.forum.fylkeskommune or "Fylkeskommunen"
        others = "De øvrige aktørene" if m == "nb" else "Dei andre aktørane"
        out["fordeling"] = Diagram(
            w["fordeling"].format(aar=model.aar), cat["del"], (county, others),
            (Serie(w["etter_planen"], (disp.planlagt_fylkeskommunen, disp.planlagt_oevrige)),
             Serie(w["innstilt"], (disp.til_fylkeskommunen, disp.til_oevrige))), m)
    return out


def plan_diagrams(model: PlanDokument) -> dict[str, Diagram]:
    """The charts of the long-term plan: frame and planned per scheme and year."""
    m = model.maalform
    w = WORDS[m]
    return {"rammer": Diagram(
        w["planrammer"], _CATEGORY[m]["ordning"],
        tuple(f"{r.ordning.navn} {r.aar}" for r in model.rammer),
        (Serie(w["ramme"], tuple(r.ramme for r in model.rammer)),
         Serie(w["planlagt"], tuple(r.anbefalt for r in model.rammer))), m)}
