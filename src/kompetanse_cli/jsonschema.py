"""JSON Schemas of the five file kinds, generated from the models (`komp schema`), with the rule
codes under `regler:` titled by their rules: for editors (`komp init`, the language server)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .domain.planfiles import KINDS
from .files import write_atomic

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


# Titles editors show for a key (pydantic would make «Tilskudd Uh» of `tilskudd_uh`).
TITLES = {
    "aar": "År", "andel_fylkeskommune": "Fylkeskommunens andel (%)", "antall": "Antall personer",
    "avslaatt": "Avslått", "bakgrunn": "Bakgrunn", "begrunnelse": "Begrunnelse",
    "behov": "Behov", "behovsmelding": "Frist for behovsmelding", "beloep": "Beløp",
    "beskrivelse": "Beskrivelse", "beslutning": "Forumets beslutning", "budsjett": "Budsjett per år",
    "dato": "Dato", "deltakere": "Deltakere", "dialog_med_uh": "Vurdert i dialog med UH",
    "dobbelt_formaal": "Dobbelt formål", "egenandel": "Egenandel",
    "egenandel_form": "Form på egenandelen", "egenfinansiering": "Fylkeskommunens egenfinansiering",
    "eier": "Eier", "eiere": "Eiere", "enheter": "Enheter", "epost": "E-post",
    "evaluering": "Evaluering", "fokusomraader": "Fokusområder",
    "fordelingsprinsipper": "Prinsipper for fordeling", "form": "Form", "fra": "Fra år",
    "frister": "Frister", "fylke": "Fylkesnummer", "fylkeskommune": "Fylkeskommunen",
    "grunnlag": "Grunnlag", "id": "Id", "innstilling": "Frist for innstilling",
    "justeringer": "Forumets justeringer", "kommunenummer": "Kommunenummer",
    "koordinator": "Koordinator", "maalgrupper": "Målgrupper", "medlem": "Medlem",
    "medlemmer": "Medlemmer", "mottaker": "Mottaker av tilskuddet til eier", "navn": "Navn",
    "ordning": "Ordning", "ordninger": "Ordninger", "organisasjon": "Organisasjon",
    "organisering": "Organisering", "orgnr": "Organisasjonsnummer",
    "partnere": "Partnere (UH eller tilbydere)",
    "periode": "Periode", "plan": "Langsiktig plan", "prioriteringer": "Prioriteringer",
    "rammer": "Rammer per ordning og år", "rang": "Rang", "rapportering": "Frist for rapportering",
    "rolle": "Rolle", "samiske_perspektiver": "Samiske perspektiver",
    "sekretariat": "Sekretariat", "stemme": "Stemme", "stemmer": "Stemmer", "til": "Til år",
    "tilbydere": "Kompetansetilbydere", "tilskudd_eier": "Tilskudd til eier",
    "tilskudd_uh": "Tilskudd til UH eller tilbyder", "tiltak": "Tiltak", "tittel": "Tittel",
    "type": "Type", "uh": "Universitet eller høyskole", "vurdert_av": "Vurdert av",
    "studiepoeng": "Studiepoeng", "vedtak": "Vedtak", "saksnummer": "Saksnummer",
    "ubrukte_midler": "Ubrukte midler", "regler": "Forumets regelinnstillinger",
    "alvor": "Alvor", "andel": "Toleranse i prosentpoeng",
    "sats_per_deltaker": "Fast sats per deltaker og år",
}
# Titles of the parts of a file (the models), by class name.
MODEL_TITLES = {
    "Behov": "Behov", "Beslutning": "Beslutning", "Budsjettaar": "Budsjett for ett år",
    "Deltakere": "Deltakere", "Egenfinansiering": "Egenfinansiering", "Eier": "Eier",
    "Enhet": "Enhet", "Fokusomraade": "Fokusområde", "Frister": "Frister",
    "Justering": "Justering", "Kontakt": "Kontaktperson", "Medlem": "Medlem",
    "Organisasjon": "Organisasjon", "Periode": "Periode", "Plan": "Langsiktig plan",
    "Prioritering": "Prioritering", "Stemme": "Stemme", "Tilbyder": "Kompetansetilbyder",
    "Tiltak": "Tiltak", "Vedtak": "Vedtak", "Tildeling": "Tildeling", "Rapport": "Rapport",
    "RapportAar": "Rapport for ett år", "RapportTiltak": "Rapport for ett tiltak",
    "Regelinnstilling": "Forumets vurdering av en regel", "Regler": "Forumets regelinnstillinger",
}
# Examples of free text and ids, by key, where the type alone cannot give a good one.
EXAMPLES = {
    "navn": ["Kompetanseregion Salten"], "tittel": ["Språkmiljø i barnehagen"],
    "beskrivelse": ["Barnehagebasert kompetanseutvikling om språk og lek, med UH i personalmøtene."],
    "begrunnelse": ["Kartleggingen viser at språkarbeidet er svakest i de minste barnehagene."],
    "sekretariat": ["Statsforvalteren i Nordland"], "epost": ["koordinator@bodo.kommune.no"],
    "tiltak": ["salten/T2"], "organisasjon": ["Bodø kommune"],
}
_MODEL_EXAMPLES = {
    ("Forum", "navn"): ["Samarbeidsforum i Nordland"], ("Medlem", "navn"): ["Kari Nordmann"],
    ("Kontakt", "navn"): ["Kari Nordmann"], ("Organisasjon", "navn"): ["Nord universitet"],
    ("Eier", "navn"): ["Bodø kommune"], ("Enhet", "navn"): ["Hunstad barnehage"],
    ("Tilbyder", "navn"): ["Opplæringskontoret for bygg"], ("Fokusomraade", "navn"): ["Språk og lesing"],
}
_ID_EXAMPLES = {"Behov": ["B1"], "Prioritering": ["P1"], "Tiltak": ["T1"], "Enhet": ["bh-hunstad"]}


def schema_for(kind_name: str) -> dict[str, Any]:
    """The JSON Schema of one file kind, with Norwegian titles, descriptions and examples."""
    kind = next(k for k in KINDS if k.name == kind_name)
    body = kind.model.model_json_schema(mode="validation")
    for name, definition in body.get("$defs", {}).items():
        _norwegian(definition, name)
        if name == "Regler":
            _rule_titles(definition)
        elif name.startswith("Regelinnstilling") and name != "Regelinnstilling":
            definition["title"] = f"Forumets vurdering av {name.removeprefix('Regelinnstilling')}"
    _norwegian(body, kind.model.__name__)
    return {"$schema": SCHEMA_DIALECT, "$id": f"{kind.name}.schema.json",
            **body, "title": f"{kind.filename} (komp)"}


def field_title(key: str) -> str:
    """A key's title: from `TITLES`, else the key with its Norwegian letters written out."""
    if key in TITLES:
        return TITLES[key]
    text = key.replace("_", " ")
    for ascii_form, letter in (("aa", "å"), ("oe", "ø"), ("ae", "æ")):
        text = text.replace(ascii_form, letter)
    return text[:1].upper() + text[1:]


def _model_title(name: str) -> str:
    """A model without a title of its own: its class name in words (`RapportAar` → «Rapport år»)."""
    import re

    words = re.findall(r"[A-ZÆØÅ][a-zæøå]*|[a-zæøå]+", name) or [name]
    return field_title("_".join(word.lower() for word in words))


def _norwegian(schema: dict[str, Any], model_name: str | None) -> None:
    """Give a model's schema and its keys Norwegian titles and examples."""
    if model_name is not None:
        schema["title"] = MODEL_TITLES.get(model_name) or _model_title(model_name)
    properties = schema.get("properties", {})
    for key in list(properties):
        properties[key] = prop = _plain_ref(properties[key])
        prop["title"] = field_title(key)
        if key == "id":
            examples = _ID_EXAMPLES.get(model_name or "")
        else:
            examples = _MODEL_EXAMPLES.get((model_name or "", key), EXAMPLES.get(key))
        if examples is not None and "$ref" not in prop and prop.get("type") != "array":
            prop["examples"] = examples


def _rule_titles(schema: dict[str, Any]) -> None:
    """The codes under `regler:` titled with their rules, so that an editor shows what each is."""
    from .rules import RULES_BY_CODE

    for code, prop in schema.get("properties", {}).items():
        rule = RULES_BY_CODE.get(code)
        if rule is not None:
            prop["title"] = f"{code}: {rule.title}"
            prop["description"] = (f"Forumets vurdering av {code} ({rule.title}; "
                                   f"{rule.severity.norsk} som standard): se `komp regler {code}`.")


def _plain_ref(prop: dict[str, Any]) -> dict[str, Any]:
    """`{"allOf": [{"$ref": …}], …}` as `{"$ref": …, …}`, in the same place.

    Older pydantic versions (2.7 among them) wrapped a reference that has a default or a
    description in allOf; newer ones write the reference beside them. Both mean the same; the
    schemas are written one way whichever pydantic is installed.
    """
    wrapped = prop.get("allOf")
    if not (isinstance(wrapped, list) and len(wrapped) == 1 and set(wrapped[0]) == {"$ref"}):
        return prop
    return {("$ref" if k == "allOf" else k): (wrapped[0]["$ref"] if k == "allOf" else v)
            for k, v in prop.items()}


def render(kind_name: str) -> str:
    """The schema as the text written to disk."""
    return json.dumps(schema_for(kind_name), ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema to `folder`; returns the paths written."""
    written = []
    for kind in KINDS:
        path = folder / f"{kind.name}.schema.json"
        write_atomic(path, render(kind.name))
        written.append(path)
    return written
