"""The value types of planning files, with validators that explain themselves in Norwegian.

Each validator raises `PydanticCustomError` whose type names the mistake (`komp_orgnr_kontrollsiffer`)
and whose context carries its facts (the value as shown, the fix); the rule module that owns the
mistake (K103, K120 or K121) words the message and hint from them.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import re
from functools import cache
from importlib import resources
from typing import Annotated, Any

from pydantic import PlainValidator
from pydantic import WithJsonSchema as _WithJsonSchema
from pydantic_core import PydanticCustomError


class WithJsonSchema(_WithJsonSchema):
    """pydantic's WithJsonSchema, handing out a copy of its schema each time.

    pydantic 2.7 writes a field's default into the very dict it is given, so every later schema
    with the same type carried that default; newer versions copy it themselves.
    """

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> Any:
        return copy.deepcopy(super().__get_pydantic_json_schema__(core_schema, handler))

MIN_YEAR, MAX_YEAR = 2000, 2100


def fail(kind: str, fix: str | None = None, **facts: Any) -> PydanticCustomError:
    """An error pydantic carries to the schema step unchanged: the mistake `kind` and its facts.

    `fix`: the text to write in place of the value, when there is exactly one right one.
    """
    context: dict[str, Any] = dict(facts)
    if fix is not None:
        context["fix"] = fix
    return PydanticCustomError(kind, kind, context)


def shown(value: Any) -> str:
    """A value as the user wrote it, shortened."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "tom verdi"
    elif isinstance(value, dict):
        text = "en mapping"
    elif isinstance(value, list):
        text = "en liste"
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


# --- money ---------------------------------------------------------------------------------

_MONEY_TEXT = re.compile(r"^\s*(?:kr\.?|nok)?\s*([0-9][0-9 \u00a0\u202f._,]*)\s*(?:kr\.?|kroner|nok|,-)?\s*$",
                         re.IGNORECASE)


def _money_reading(value: Any) -> tuple[str, int | None, str | None]:
    """How a value that is not whole kroner reads: as a whole float (`desimaler`), a float with
    a fraction (`broek`), text of exact kroner (`tekst`), text with øre (`oere`) or nothing
    (`ukjent`); the kroner it reads as, and the fix if sure."""
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        whole = int(value)
        if value == whole:
            return "desimaler", whole, str(whole)
        return "broek", round(value), None
    if isinstance(value, str):
        match = _MONEY_TEXT.match(value)
        read, exact = _written_kroner(match.group(1)) if match else (None, False)
        if read is not None and exact:
            return "tekst", read, str(read)
        if read is not None:  # øre: whole kroner are the user's choice, not a sure fix
            return "oere", read, None
    return "ukjent", None, None


# Digits in groups of three after the first one to three, with one kind of separator throughout.
_GROUPED = re.compile(r"[0-9]{1,3}(?P<sep>[ \u00a0\u202f._])[0-9]{3}(?:(?P=sep)[0-9]{3})*")


def _written_kroner(number: str) -> tuple[int | None, bool]:
    """The kroner a number written as text stands for, and whether that is exact.

    Only a reading with one meaning counts: «1 250 000», «1.250.000» and «1250000,00» are
    1250000, and «700 000,50» is 700000 kroner and some øre (not exact). «1,250,000», «12.50»
    or «1.5» can be read in more than one way (Norwegian or English separators), so they give
    nothing rather than a wrong amount.
    """
    whole, _, decimals = number.strip().partition(",")
    whole = whole.strip()
    if "," in decimals or not (decimals.strip() in ("", "-") or decimals.strip().isdigit()):
        return None, False
    if not (whole.isdigit() or _GROUPED.fullmatch(whole)):
        return None, False
    digits = re.sub(r"[ \u00a0\u202f._]", "", whole)
    if len(digits) > 15:
        return None, False
    return int(digits), decimals.strip() in ("", "-") or not decimals.strip("0")


# Bounds that no real plan reaches: a typo of many zeros is caught here, and every sum stays
# within what the documents can print.
MAX_KRONER = 100_000_000_000
MAX_ANTALL = 1_000_000
MAX_RANG = 10_000


def kroner(value: Any) -> int:
    """Whole kroner: a non-negative YAML integer."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise fail("komp_money_negative", value=value)
        if value > MAX_KRONER:
            raise fail("komp_money_too_large", value=value)
        return value
    reading, read, fix = _money_reading(value)
    raise fail("komp_money", fix, shown=shown(value), reading=reading, kroner=read)


def kroner_or_split(value: Any) -> int | dict[str, int]:
    """An amount, or a map orgnr → amount that splits it between organisations."""
    if isinstance(value, dict):
        result: dict[str, int] = {}
        for key, amount in value.items():
            result[orgnr(key)] = kroner(amount)
        return result
    return kroner(value)


# YAML 1.2 (and so the editors' YAML language server) reads `1_250_000` as text, while komp
# reads it as the integer it plainly is: the schema accepts that text form too, and only it
# (a quoted "1250000" or "1 250 000 kr" is refused by both).
UNDERSCORE_INTEGER = r"^[1-9][0-9]*(_[0-9]+)+$"


def integer_schema(minimum: int, maximum: int, description: str, examples: list[Any],
                   ) -> dict[str, Any]:
    """The JSON Schema of an integer that may also be written with `_` between digit groups."""
    return {"anyOf": [{"type": "integer", "minimum": minimum, "maximum": maximum},
                      {"type": "string", "pattern": UNDERSCORE_INTEGER}],
            "description": description, "examples": examples}


_MONEY_SCHEMA = integer_schema(0, MAX_KRONER,
                               "Hele kroner som heltall, f.eks. 1250000 eller 1_250_000.",
                               [1250000, "1_250_000"])
Kroner = Annotated[int, PlainValidator(kroner), WithJsonSchema(_MONEY_SCHEMA)]
KronerEllerFordeling = Annotated[
    int | dict[str, int],
    PlainValidator(kroner_or_split),
    WithJsonSchema({
        "anyOf": [
            _MONEY_SCHEMA,
            {"type": "object", "title": "Fordeling per organisasjon",
             "description": "Fordeling: organisasjonsnummer → hele kroner.",
             "propertyNames": {"pattern": "^[0-9]{9}$"},
             "additionalProperties": _MONEY_SCHEMA},
        ],
        "examples": [700000, "700_000", {"974760673": 400000, "964982953": 300000}],
    }),
]


# --- identifiers ---------------------------------------------------------------------------


# Valid orgnr as written → compacted. The same few numbers recur in every file (owners, units,
# partners, recipients), and stdnum's check costs more than the rest of the field's validation:
# remembering the valid ones took a ninth off validating the national benchmark corpus.
_VALID_ORGNR: dict[str, str] = {}


def orgnr_is_valid(text: str) -> bool:
    """True when `text` is a valid organisation number (remembered, like `orgnr`)."""
    if text in _VALID_ORGNR:
        return True
    try:
        orgnr(text)
    except PydanticCustomError:
        return False
    return True


def orgnr(value: Any) -> str:
    """A Norwegian organisation number (9 digits with a mod-11 check digit), compacted."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise fail("komp_orgnr_type", shown=shown(value))
    text = str(value)
    known = _VALID_ORGNR.get(text)
    if known is not None:
        return known
    if len(text) == 9 and text.isascii() and text.isdigit() and _mod11(text) == 0:
        # nine plain digits with the right check digit: valid, as stdnum says, without
        # importing it (its import alone takes about 30 ms, a tenth of a small cold run)
        compact = text
    else:
        compact = _stdnum_orgnr(value, text)
    if len(_VALID_ORGNR) >= 100_000:
        _VALID_ORGNR.clear()
    _VALID_ORGNR[text] = compact
    return compact


def _stdnum_orgnr(value: Any, text: str) -> str:
    """stdnum's compacted orgnr of `text`, or the located error."""
    from stdnum.exceptions import ValidationError
    from stdnum.no import orgnr as stdnum_orgnr

    try:
        return str(stdnum_orgnr.validate(text))
    except ValidationError:
        compact = re.sub(r"[\s.-]", "", text)
        if compact.isdigit() and len(compact) == 9:
            raise fail("komp_orgnr_kontrollsiffer", text=text) from None
        raise fail("komp_orgnr", shown=shown(value)) from None


def _mod11(digits: str) -> int:
    """The remainder of an orgnr's weighted digit sum (0 when the check digit is right), as
    `stdnum.no.orgnr.checksum` computes it."""
    return sum(w * int(d) for w, d in zip((3, 2, 7, 6, 5, 4, 3, 2, 1), digits, strict=True)) % 11


Orgnr = Annotated[str, PlainValidator(orgnr),
                  WithJsonSchema({"type": ["string", "integer"], "pattern": "^[0-9]{9}$",
                                  "description": "Organisasjonsnummer, ni sifre.",
                                  "examples": ["974760673"]})]


@cache
def kommuner() -> dict[str, tuple[str, str]]:
    """The 2024 municipalities: kommunenummer → (name, fylkesnummer)."""
    text = resources.files("kompetanse_cli").joinpath("data/kommuner-2024.csv").read_text("utf-8")
    return {row["kommunenummer"]: (row["navn"], row["fylkesnummer"])
            for row in csv.DictReader(text.splitlines())}


@cache
def fylker() -> dict[str, str]:
    """The 2024 counties: fylkesnummer → name."""
    text = resources.files("kompetanse_cli").joinpath("data/kommuner-2024.csv").read_text("utf-8")
    return {row["fylkesnummer"]: row["fylke"] for row in csv.DictReader(text.splitlines())}


def kommunenummer(value: Any) -> str:
    """A 2024 kommunenummer, as four digits."""
    if isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 9999:
        text = f"{value:04d}"
    elif isinstance(value, str) and value.strip().isdigit():
        text = value.strip()
    else:
        raise fail("komp_kommunenummer_type", shown=shown(value))
    if len(text) != 4:
        raise fail("komp_kommunenummer_length", text=text)
    if text not in kommuner():
        raise fail("komp_kommunenummer", text=text)
    return text


Kommunenummer = Annotated[str, PlainValidator(kommunenummer),
                          WithJsonSchema({"type": "string", "pattern": "^[0-9]{4}$",
                                          "description": "Kommunenummer, fire sifre (2024).",
                                          "examples": ["1804"]})]


def fylkesnummer(value: Any) -> str:
    """A 2024 fylkesnummer, as two digits."""
    if isinstance(value, int) and not isinstance(value, bool) and 10 <= value <= 99:
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        text = ""
    if text not in fylker():
        raise fail("komp_fylkesnummer", shown=shown(value), known=sorted(fylker().items()))
    return text


Fylkesnummer = Annotated[str, PlainValidator(fylkesnummer),
                         WithJsonSchema({"type": "string", "pattern": "^[0-9]{2}$",
                                         "description": "Fylkesnummer, to sifre (2024).",
                                         "examples": ["18"]})]


# --- numbers, years, dates, text -------------------------------------------------------------


def year(value: Any) -> int:
    """A year, written as a YAML integer."""
    if isinstance(value, int) and not isinstance(value, bool) and MIN_YEAR <= value <= MAX_YEAR:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        raise fail("komp_year_text", value.strip(), value=value)
    raise fail("komp_year", shown=shown(value), minimum=MIN_YEAR, maximum=MAX_YEAR)


Aar = Annotated[int, PlainValidator(year),
                WithJsonSchema({"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR,
                                "examples": [2027]})]


def count(value: Any) -> int:
    """A whole number, 0 or more."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ANTALL:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_ANTALL:
        raise fail("komp_count_too_many", value=value, maximum=MAX_ANTALL)
    raise fail("komp_count", shown=shown(value))


Antall = Annotated[int, PlainValidator(count),
                   WithJsonSchema(integer_schema(0, MAX_ANTALL, "Et helt tall, 0 eller mer.", [25]))]


def rank(value: Any) -> int:
    """A rank, 1 or more."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_RANG:
        return value
    raise fail("komp_rank", shown=shown(value))


Rang = Annotated[int, PlainValidator(rank),
                 WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_RANG,
                                 "examples": [1]})]


def percent(value: Any) -> float:
    """A share in percent, 0 to 100."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100:
        return value
    raise fail("komp_percent", shown=shown(value))


Prosent = Annotated[float, PlainValidator(percent),
                    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100})]


def date(value: Any) -> dt.date:
    """A calendar date written as YYYY-MM-DD."""
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise fail("komp_date_invalid", value=value) from None
    return _bad_date(value)


def _bad_date(value: Any) -> dt.date:
    raise fail("komp_date", shown=shown(value))


Dato = Annotated[dt.date, PlainValidator(date),
                 WithJsonSchema({"type": "string", "format": "date",
                                 "examples": ["2027-03-15"]})]


def flag(value: Any) -> bool:
    """true or false."""
    if isinstance(value, bool):
        return value
    word = (value if isinstance(value, str)
            and value.lower() in ("ja", "nei", "yes", "no", "on", "off", "j", "n") else None)
    raise fail("komp_flag", shown=shown(value), word=word)


JaNei = Annotated[bool, PlainValidator(flag), WithJsonSchema({"type": "boolean"})]


def text(value: Any) -> str:
    """Free text; a number written without quotes is taken as its text."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise fail("komp_text", shown=shown(value))


Tekst = Annotated[str, PlainValidator(text), WithJsonSchema({"type": "string"})]


def filled_text(value: Any) -> str:
    """Text that says something: an empty or blank one is as good as none."""
    written = text(value)
    if not written.strip():
        raise fail("komp_text_empty")
    return written


UtfyltTekst = Annotated[str, PlainValidator(filled_text),
                        WithJsonSchema({"type": "string", "minLength": 1})]


def commit(value: Any) -> str:
    """A git commit id, as the documents' footer prints it (`3f2c1ab`).

    A short id of digits only is read by YAML as a number and kept as its digits; one of
    digits around an `e` (`12e4567`) is read as a floating-point number whose digits are lost,
    so it must be quoted. Spaces around it (`"3f2c1ab "`, copied with the footer) are not part
    of it.
    """
    if isinstance(value, float):
        raise fail("komp_commit_number", shown=shown(value))
    return text(value).strip()


Commit = Annotated[str, PlainValidator(commit), WithJsonSchema({"type": "string"})]


def identifier(value: Any) -> str:
    """A short id such as B1, P2, T3 or bh-hunstad."""
    if isinstance(value, str) and value.strip() and len(value) <= 64:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise fail("komp_id", shown=shown(value))


Id = Annotated[str, PlainValidator(identifier),
               WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 64,
                               "examples": ["T1"]})]


def closest(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """The candidate the user most likely meant: æ/ø/å spelt out, then by similarity."""
    import difflib

    folded = (word.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
              .replace("-", "_").replace(" ", "_"))
    if folded in candidates:
        return folded
    lowered = {c.lower(): c for c in candidates}  # rule codes are upper case: `k416` is K416
    match = difflib.get_close_matches(folded, list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def choice(*allowed: str) -> Any:
    """A text that must be one of `allowed` (a key of the format, such as a scheme)."""
    options = tuple(allowed)

    def validate(value: Any) -> str:
        if isinstance(value, str) and value in options:
            return value
        guess = closest(value, options) if isinstance(value, str) else None
        raise fail("komp_choice", guess, shown=shown(value), guess=guess, allowed=options)

    return Annotated[str, PlainValidator(validate), WithJsonSchema({"enum": list(options)})]
