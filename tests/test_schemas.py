"""The committed JSON Schemas equal what `komp schema` writes, and accept the examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import EXAMPLES, ROOT, run_komp
from kompetanse_cli.pipeline.load import load_bytes

KINDS = ("forum", "partnerskap", "behov", "prioriteringer", "tiltak", "rapport")


def test_komp_schema_writes_exactly_the_committed_schemas(tmp_path: Path) -> None:
    result = run_komp("schema", "--ut", tmp_path)
    assert result.code == 0
    for kind in KINDS:
        written = (tmp_path / f"{kind}.schema.json").read_text(encoding="utf-8")
        committed = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert written == committed, f"schemas/{kind}.schema.json er utdatert: kjør `komp schema --ut schemas`"


def _as_json(value: Any) -> Any:
    """YAML data as JSON sees it: mapping keys are strings."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value


@pytest.mark.parametrize("path", sorted(EXAMPLES.rglob("*.yaml")), ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_the_exported_schema_accepts_each_example_file(path: Path) -> None:
    schema = json.loads((ROOT / "schemas" / f"{path.stem}.schema.json").read_text(encoding="utf-8"))
    data = load_bytes(path.name, path.read_bytes()).data
    jsonschema.Draft202012Validator(schema).validate(_as_json(data))


def test_the_exported_schema_rejects_an_unknown_key_and_a_money_string() -> None:
    schema = json.loads((ROOT / "schemas" / "tiltak.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    data = _as_json(load_bytes("t", (EXAMPLES / "nordland/partnerskap/salten/tiltak.yaml").read_bytes()).data)
    data["tiltak"][0]["maalgruppe"] = ["laerere"]
    assert not validator.is_valid(data)
    del data["tiltak"][0]["maalgruppe"]
    first_year = next(iter(data["tiltak"][0]["budsjett"]))
    data["tiltak"][0]["budsjett"][first_year]["tilskudd_eier"] = "1 250 000 kr"
    assert not validator.is_valid(data)


def test_schemas_carry_norwegian_descriptions() -> None:
    schema = json.loads((ROOT / "schemas" / "tiltak.schema.json").read_text(encoding="utf-8"))
    props = schema["$defs"]["Tiltak"]["properties"]
    assert "målgruppe" in props["maalgrupper"]["description"].lower()


def test_an_amount_with_underscores_is_accepted_as_text_and_a_quoted_number_is_not() -> None:
    # YAML 1.2 (the editors' YAML language server) reads 1_250_000 as text; komp reads a number.
    schema = json.loads((ROOT / "schemas" / "tiltak.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    data = _as_json(load_bytes("t", (EXAMPLES / "nordland/partnerskap/salten/tiltak.yaml").read_bytes()).data)
    year = data["tiltak"][0]["budsjett"][next(iter(data["tiltak"][0]["budsjett"]))]
    for accepted in ("1_250_000", 1250000):
        year["tilskudd_eier"] = accepted
        assert validator.is_valid(data), accepted
    for refused in ("1250000", "1 250 000", "-1_000", "1__000", "_1000", -5):
        year["tilskudd_eier"] = refused
        assert not validator.is_valid(data), refused


def test_schemas_carry_norwegian_titles_and_examples() -> None:
    schema = json.loads((ROOT / "schemas" / "tiltak.schema.json").read_text(encoding="utf-8"))
    budget = schema["$defs"]["Budsjettaar"]
    assert budget["title"] == "Budsjett for ett år"
    assert budget["properties"]["tilskudd_uh"]["title"] == "Tilskudd til UH eller tilbyder"
    assert budget["properties"]["tilskudd_uh"]["examples"][0] == 700000
    assert schema["$defs"]["Tiltak"]["properties"]["maalgrupper"]["title"] == "Målgrupper"


def test_komp_schema_without_ut_writes_where_komp_init_puts_them(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_komp("schema")
    assert result.code == 0
    assert sorted(p.name for p in (tmp_path / ".komp" / "schemas").iterdir()) == sorted(
        f"{kind}.schema.json" for kind in KINDS)
    assert not (tmp_path / "schemas").exists()  # nothing dropped into a forum repository's root
