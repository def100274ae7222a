"""What each position of a planning file holds, read from the models' annotations, and which
texts need quotes to stay texts: what the rewriting (`roundtrip`), the safety check (`verify`)
and the fast check (`canonical`) all go by.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from pydantic.functional_validators import PlainValidator

from ..domain import fieldtypes
from ..pipeline.load import resolve_plain

DIGITS = re.compile(r"(?:0|[1-9][0-9]*)\Z")
AMBIGUOUS = re.compile(
    r"[-+]?\.?[0-9][0-9_.:eE+-]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|~|null|Null|NULL"
    r"|true|True|TRUE|false|False|FALSE|=|<<\Z")


def needs_quotes(text: str) -> bool:
    """Whether `text` must be quoted to stay text: the project's loader would read it as
    something else, or other YAML readers (YAML 1.1 ones, editors) could: `03` and `no` stay
    text everywhere."""
    return bool(AMBIGUOUS.fullmatch(text)) or not isinstance(resolve_plain(text), str)


def _validator(annotation: Any) -> Any:
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in typing.get_args(annotation)[1:]:
            if isinstance(meta, PlainValidator):
                return meta.func
    return None


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def field_annotation(model: type[BaseModel], name: str) -> Any:
    info = model.model_fields[name]
    if info.metadata:
        return typing.Annotated[(info.annotation, *info.metadata)]
    return info.annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    annotation = _strip_optional(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def is_number(annotation: Any) -> bool:
    """Years and amounts: digit-only text there becomes an integer."""
    return _validator(_strip_optional(annotation)) in (fieldtypes.year, fieldtypes.kroner,
                                                       fieldtypes.kroner_or_split)


def children_of(annotation: Any) -> tuple[type[BaseModel] | None, Any, Any]:
    """(model, key annotation, value annotation) for the mapping at `annotation`."""
    annotation = _strip_optional(annotation)
    model = _model(annotation)
    if model is not None:
        return model, None, None
    if _validator(annotation) is fieldtypes.kroner_or_split:
        return None, None, fieldtypes.Kroner
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is dict:
        key, value = typing.get_args(annotation)
        return None, key, value
    return None, None, None


def item_of(annotation: Any) -> Any:
    annotation = _strip_optional(annotation)
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0]
    return None


def as_int(value: Any) -> Any:
    """Digit-only text as an integer when that is lossless; anything else unchanged."""
    if type(value) is str and DIGITS.match(value):
        return int(value)
    return value


def as_written(value: Any, annotation: Any) -> Any:
    """`value` as the canonical layout writes it: digit-only text as an integer where
    `annotation` is a number."""
    return as_int(value) if is_number(annotation) else value


def entries(mapping: Mapping[Any, Any], annotation: Any) -> list[tuple[Any, Any, Any, Any]]:
    """Each entry of the mapping at `annotation` as the canonical layout writes it: (key, the
    key as written, the value as written, the value's annotation). A number key written as
    digit-only text becomes the integer unless that integer is a key already."""
    model, key_annotation, value_annotation = children_of(annotation)
    number_keys = key_annotation is not None and is_number(key_annotation)
    out: list[tuple[Any, Any, Any, Any]] = []
    written: set[Any] = set()
    for key, value in mapping.items():
        if model is not None:
            child = field_annotation(model, key) if key in model.model_fields else None
        else:
            child = value_annotation
        new_key = key
        if number_keys:
            candidate = as_int(key)
            if candidate not in mapping and candidate not in written:
                new_key = candidate
        written.add(new_key)
        out.append((key, new_key, as_written(value, child), child))
    return out
