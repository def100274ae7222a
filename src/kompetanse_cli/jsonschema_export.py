"""JSON Schemas of the five file kinds, generated from the models (`komp schema`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .files import write_atomic
from .schema import KINDS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind_name: str) -> dict[str, Any]:
    """The JSON Schema of one file kind, with Norwegian descriptions."""
    kind = next(k for k in KINDS if k.name == kind_name)
    body = kind.model.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, "$id": f"{kind.name}.schema.json",
            "title": kind.filename, **body}


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
