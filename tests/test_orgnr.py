"""komp's check of an organisation number agrees with python-stdnum's, which it imports only for
what is not nine plain digits with the right check digit."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic_core import PydanticCustomError
from stdnum.exceptions import ValidationError
from stdnum.no import orgnr as stdnum_orgnr

from kompetanse_cli.domain import fieldtypes
from kompetanse_cli.rules.k1_skjema import k120_orgnr as k120


def _stdnum(text: str) -> str | None:
    try:
        return str(stdnum_orgnr.validate(text))
    except ValidationError:
        return None


def _komp(text: str) -> str | None:
    fieldtypes._VALID_ORGNR.clear()  # the check itself, not what it remembered
    try:
        return fieldtypes.orgnr(text)
    except PydanticCustomError:
        return None


NUMBERS = [f"{(n * 7_919_993) % 1_000_000_000:09d}" for n in range(25_000)]
ODD = ["974760673", "974 760 673", " 974760673", "974760674", "97476067", "9747606730",
       "٩٧٤٧٦٠٦٧٣", "97476067x", "000000000", "", "974-760-673"]


def test_every_number_gets_stdnums_answer() -> None:
    answers = [(text, _komp(text)) for text in NUMBERS + ODD]
    assert answers == [(text, _stdnum(text)) for text in NUMBERS + ODD]
    assert sum(a is not None for _, a in answers) > 1_000  # valid ones among them
    assert sum(a is None for _, a in answers) > 1_000


def test_a_wrong_check_digit_is_named() -> None:
    with pytest.raises(PydanticCustomError) as caught:
        _komp_strict("974760674")
    message, _ = k120.FIELD_MESSAGES[caught.value.type](caught.value.context or {})
    assert "feil kontrollsiffer" in message


def _komp_strict(text: str) -> str:
    fieldtypes._VALID_ORGNR.clear()
    return fieldtypes.orgnr(text)


def test_valid_plain_digits_do_not_import_stdnum() -> None:
    code = ("import sys; from kompetanse_cli.domain.fieldtypes import orgnr; "
            "orgnr('974760673'); orgnr(974760673); print('stdnum' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
