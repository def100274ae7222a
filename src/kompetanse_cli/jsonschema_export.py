"""JSON Schemas of the five file kinds, generated from the models (`komp schema`)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

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


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder, then replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema to `folder`; returns the paths written."""
    written = []
    for kind in KINDS:
        path = folder / f"{kind.name}.schema.json"
        write_atomic(path, render(kind.name))
        written.append(path)
    return written
