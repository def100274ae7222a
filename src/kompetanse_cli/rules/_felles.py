"""Small helpers shared by the forum and scheme rules (K3xx, K4xx)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..domain.context import ForumContext, PartnershipContext, normalise_orgnr
from ..domain.models import Forum, Plan
from ..domain.planfiles import Checked, KeyPath
from ..domain.regelverk import Regelverk, Verdi, for_ordning
from ..pipeline.aggregate import RapportRad


def raw_at(checked: Checked | None, path: KeyPath) -> Any:
    """The raw value at `path` in a file's data, or None when any step is missing."""
    if checked is None:
        return None
    data: Any = checked.loaded.data
    for key in path:
        found = (isinstance(data, dict) and key in data) or (
            isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data))
        if not found:
            return None
        data = data[key]
    return data


def has_key(checked: Checked | None, path: KeyPath) -> bool:
    """True when the mapping at path[:-1] has the key path[-1] written in the file."""
    parent = raw_at(checked, path[:-1])
    return isinstance(parent, dict) and path[-1] in parent


def orgnr_key(checked: Checked | None, path: KeyPath, orgnr: str) -> Any:
    """The key as written in the file for `orgnr` in the mapping at `path` (for positions)."""
    mapping = raw_at(checked, path)
    if isinstance(mapping, dict):
        for key in mapping:
            if normalise_orgnr(key) == orgnr:
                return key
    return orgnr


def regelverk_for_forum(ordninger: list[str] | tuple[str, ...], aar: int | None
                        ) -> list[Regelverk]:
    """The regulations governing a forum's schemes, each once, in scheme order."""
    out: list[Regelverk] = []
    for ordning in ordninger:
        reg = for_ordning(ordning, aar)
        if reg not in out:
            out.append(reg)
    return out


def listing(items: list[str] | tuple[str, ...], last: str = "og") -> str:
    """`a, b og c`."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def in_own_schemes(ctx: PartnershipContext, kind: str) -> Iterator[tuple[int, Any]]:
    """Valid entries of `kind` (behov or tiltak) whose scheme is one of the partnership's.

    An entry in another scheme is reported by K203; checking it against that scheme's rules too
    would pile follow-on errors on one mistake.
    """
    partnerskap = ctx.partnerskap
    allowed = set(partnerskap.ordninger) if partnerskap is not None else None
    for index, entry in ctx.entries(kind):
        if allowed is None or entry.ordning in allowed:
            yield index, entry


def parameter(forum: Forum | None, code: str, name: str, ordning: str,
              aar: int | None) -> Verdi[Any] | None:
    """A rule's parameter: the forum's own value under `regler:` in forum.yaml, if it sets one,
    else the regulation's (data/regelverk.toml); None when neither has it."""
    from .innstillinger import settings

    for setting in settings(forum):
        if setting.kode == code and name in setting.parametre:
            return Verdi(setting.parametre[name], "forum",
                         f"forum.yaml, regler.{code}: {setting.begrunnelse}")
    return for_ordning(ordning, aar).parameter(code, name)


def names_by_orgnr(ctx: ForumContext) -> dict[str, str]:
    """Names of owners, UH partners, providers and the county authority, by orgnr."""
    out: dict[str, str] = {}
    forum = ctx.forum
    if forum is not None and forum.fylkeskommune is not None:
        out[normalise_orgnr(forum.fylkeskommune.orgnr)] = forum.fylkeskommune.navn
    for partnership in ctx.partnerships:
        p = partnership.partnerskap
        if p is None:
            continue
        pairs = [(e.orgnr, e.navn) for e in p.eiere] + [(u.orgnr, u.navn) for u in p.uh] + [
            (t.orgnr, t.navn) for t in p.tilbydere]
        for orgnr, navn in pairs:
            out.setdefault(normalise_orgnr(orgnr), navn)
    return out


def named(names: dict[str, str], orgnr: str | None) -> str:
    """`Bodø kommune (972418013)`, or the orgnr alone when the files do not name it."""
    if orgnr is None:
        return "mottakeren"
    return f"{names[orgnr]} ({orgnr})" if orgnr in names else orgnr


def fyo_plan(ctx: ForumContext) -> tuple[Forum, Plan] | None:
    """A DeKom FYO forum and its kompetanseutviklingsplan (`plan` in forum.yaml); None when
    the forum has no valid forum.yaml, no `plan` or not `dekom_fyo` among its schemes."""
    forum = ctx.forum
    if forum is None or forum.plan is None or "dekom_fyo" not in forum.ordninger:
        return None
    return forum, forum.plan


def report_entry(ctx: ForumContext, row: RapportRad, key: str) -> tuple[Checked | None, KeyPath]:
    """Where `key` of one measure's report stands: its partnership's rapport.yaml as checked
    (None when it has none) and the key path in it."""
    checked = next((p.files.get("rapport") for p in ctx.partnerships
                    if p.slug == row.partnerskap), None)
    return checked, ("rapport", row.index, "tiltak", row.tiltak_index, key)
