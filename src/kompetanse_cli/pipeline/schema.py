"""The schema layer (K1xx): plain data from the loader to models, or located diagnostics.

Pydantic errors are turned into diagnostics by their `type` and `loc`, never by message text.
One mistake gives one diagnostic: a misspelt required key is reported once, as an unknown key
whose hint names the key that is missing.
"""

from __future__ import annotations

import copyreg
import marshal
import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic, Fix, Severity, Span
from ..domain.fieldtypes import closest, shown
from ..domain.planfiles import Checked, FileKind, KeyPath
from ..rules.k0_lesing import k004_dokumentform as k004
from ..rules.k1_skjema import k101_ukjent_noekkel as k101
from ..rules.k1_skjema import k102_mangler_noekkel as k102
from ..rules.k1_skjema import k103_feil_verdi as k103
from ..rules.k1_skjema import k120_orgnr as k120
from ..rules.k1_skjema import k121_kommunenummer as k121
from .load import LoadedFile, SourceMap

LIST_BUDGET = 200

# The rule that words each mistake the field types find, by the mistake's error type.
_FIELD_RULES = {kind: rule for rule in (k103, k120, k121) for kind in rule.FIELD_MESSAGES}


def _reduce_checked(checked: Checked) -> tuple[Any, tuple[Any, ...]]:
    # The cache keeps checked files. A file without findings is kept as its plain data and
    # checked again when read back: pickling its models took four times as long as
    # pickling the data, and validating the data again costs about what unpickling them did.
    # The data goes in as one marshal string: the pickler's memo of every dict, list and
    # string was five times the size of the pickle (30 MB for a 16 MB file), marshal keeps
    # no memo for objects nothing else refers to, takes half the time, and gives the keys back
    # interned, one string each across the files read back.
    loaded = checked.loaded
    if (not checked.diagnostics and not loaded.diagnostics and not checked.broken_ids
            and checked.complete and not checked.overflow and loaded.data is not None):
        return (_checked_again, (checked.kind, loaded.path, loaded.packed()))
    return (Checked, (checked.kind, loaded, checked.diagnostics, checked.model, checked.items,
                      checked.broken_ids, checked.complete, checked.overflow))


def _checked_again(kind: FileKind, rel: str, data: bytes) -> Checked:
    """A file without findings, checked again from its data (see `_reduce_checked`)."""
    checked = _check_file(kind, LoadedFile(rel, marshal.loads(data), SourceMap(), []))
    if checked.diagnostics or not checked.complete:  # not what was kept: a damaged entry
        raise ValueError(f"{rel}: the kept data no longer checks clean")
    return checked


copyreg.pickle(Checked, _reduce_checked)


class Later(Checked):
    """A file without findings read back from the cache (see `_reduce_checked`), checked again
    from its data only when its models, data or source are first asked for: a partnership whose
    findings are cached needs its behov.yaml and prioriteringer.yaml never (the forum rules do
    not read them). What a clean file has without checking (no diagnostics, complete) it has
    at once."""

    def __init__(self, kind: FileKind, rel: str, data: bytes) -> None:  # not the dataclass's
        self.kind = kind
        self.diagnostics = []
        self.broken_ids = set()
        self.complete = True
        self.overflow = 0
        self.rel = rel
        self.reader: Any = None
        """Where the source map reads the file's bytes from, once the file is checked."""
        self._data: bytes = data
        self._real: Checked | None = None

    def checked(self) -> Checked:
        real = self._real
        if real is None:
            real = self._real = _checked_again(self.kind, self.rel, self._data)
            if self.reader is not None:
                real.loaded.source_map = SourceMap.deferred(self.reader)
            real.loaded.pack_as(self._data)  # seldom read again, once its models are built
            self._data = b""
        return real

    @property
    def loaded(self) -> LoadedFile:  # type: ignore[override]
        return self.checked().loaded

    @property
    def model(self) -> BaseModel | None:  # type: ignore[override]
        return self.checked().model

    @property
    def items(self) -> list[tuple[int, Any]]:  # type: ignore[override]
        return self.checked().items

    @property
    def path(self) -> str:
        return self.rel

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        if self._real is not None:
            return _reduce_checked(self._real)
        return (_checked_again, (self.kind, self.rel, self._data))


def check_file(kind: FileKind, loaded: LoadedFile) -> Checked:
    """Validate one loaded file against its kind's model.

    Afterwards the file's source map lets go of its node tree, if it has one (positions for
    the rules' findings are worked out again from the bytes).
    """
    checked = _check_file(kind, loaded)
    loaded.source_map.release()
    return checked


def _check_file(kind: FileKind, loaded: LoadedFile) -> Checked:
    checked = Checked(kind, loaded, list(loaded.diagnostics))
    data = loaded.data
    rel = loaded.path
    if data is None:
        checked.complete = False
        if loaded.ok:  # a document that is only `~`, `null` or `---`
            checked.diagnostics.append(k004.empty_document(
                rel, loaded.source_map.locate(()), kind.filename, kind.list_key))
        return checked
    if not isinstance(data, dict):
        checked.complete = False
        checked.diagnostics.append(k004.not_a_mapping(
            rel, loaded.source_map.locate(()), kind.filename, kind.list_key, shown(data)))
        return checked
    if kind.list_key is None:
        try:
            checked.model = kind.model.model_validate(data)
        except ValidationError as exc:
            checked.diagnostics.extend(errors_to_diagnostics(rel, loaded, kind.model, (), exc))
        return checked
    return _check_list_file(checked, data)


def _invisible(key: str) -> tuple[str, list[str]]:
    """`key` with the characters that show as nothing or as a plain space (zero-width and other
    format characters such as the soft hyphen, controls, other spaces) written as <U+XXXX>,
    and those characters."""
    if key.isascii() and key.isprintable():
        return key, []
    import unicodedata

    hidden: list[str] = []
    shown: list[str] = []
    for ch in key:
        if ch != " " and unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp"):
            hidden.append(ch)
            shown.append(f"<U+{ord(ch):04X}>")
        else:
            shown.append(ch)
    return "".join(shown), list(dict.fromkeys(hidden))


def _without(key: str, hidden: list[str]) -> str:
    return "".join(ch for ch in key if ch not in hidden) if hidden else key


def _check_list_file(checked: Checked, data: dict[Any, Any]) -> Checked:
    kind, loaded, rel = checked.kind, checked.loaded, checked.loaded.path
    assert kind.list_key is not None
    assert kind.item_model is not None
    list_key = kind.list_key
    for key in data:
        if key != list_key:
            shown_key, hidden = _invisible(str(key))
            guess = closest(_without(str(key), hidden), (list_key,))
            present = bool(guess) and list_key in data  # renaming it would write the key twice
            span = loaded.source_map.locate((key,), key=True)
            checked.diagnostics.append(k101.unknown_top_key(
                rel, span, shown_key, hidden, kind.filename, list_key, guess, present,
                _fix(f"Bytt til «{list_key}»", list_key, span) if guess and not present else None))
    if list_key not in data:
        checked.complete = False
        if not any(closest(str(key), (list_key,)) for key in data):
            checked.diagnostics.append(k004.missing_list_key(
                rel, loaded.source_map.locate(()), kind.filename, list_key))
        return checked
    entries = data[list_key]
    if entries is None:
        return checked
    if not isinstance(entries, list):
        checked.complete = False
        checked.diagnostics.append(k103.not_a_list(
            rel, loaded.source_map.locate((list_key,)), list_key, shown(entries)))
        return checked
    validate = kind.item_model.model_validate
    for index, entry in enumerate(entries):
        try:
            checked.items.append((index, validate(entry)))
        except ValidationError as exc:
            if isinstance(entry, dict) and isinstance(entry.get("id"), (str, int)):
                checked.broken_ids.add(str(entry["id"]))
            found = errors_to_diagnostics(rel, loaded, kind.item_model, (list_key, index), exc,
                                          locate=len(checked.diagnostics) < LIST_BUDGET)
            if len(checked.diagnostics) < LIST_BUDGET:
                checked.diagnostics.extend(found)
            else:
                checked.overflow += len(found)
    return checked


# --- pydantic errors to diagnostics ----------------------------------------------------------

def model_at(root: type[BaseModel], loc: KeyPath) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc` below `root`, if there is one."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if not isinstance(part, str) or part not in current.model_fields:
                return None
            current = current.model_fields[part].annotation
        elif typing.get_origin(current) in (list, dict):
            current = typing.get_args(current)[-1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional and Annotated around a field's type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def errors_to_diagnostics(
    rel: str, loaded: LoadedFile, root: type[BaseModel], prefix: KeyPath, exc: ValidationError,
    *, locate: bool = True,
) -> list[Diagnostic]:
    """One diagnostic per mistake, at the most useful position (none when not `locate`)."""
    errors = exc.errors(include_url=False, include_input=True)
    missing_by_parent: dict[KeyPath, set[str]] = {}
    for error in errors:
        if error["type"] == "missing":
            loc = tuple(error["loc"])
            missing_by_parent.setdefault(loc[:-1], set()).add(str(loc[-1]))
    consumed: set[tuple[KeyPath, str]] = set()
    out: list[Diagnostic] = []
    source_map = loaded.source_map if locate else SourceMap()
    for error in errors:
        loc = tuple(error["loc"])
        kind = error["type"]
        path = prefix + loc
        if kind == "extra_forbidden":
            parent = loc[:-1]
            model = model_at(root, parent)
            known = tuple(model.model_fields) if model else ()
            shown_key, hidden = _invisible(str(loc[-1]))
            guess = closest(_without(str(loc[-1]), hidden), known)
            if guess and guess in missing_by_parent.get(parent, set()):
                consumed.add((parent, guess))
            present = guess is not None and _has_key(loaded.data, prefix + parent, guess)
            span = source_map.locate(path, key=True)
            out.append(k101.unknown_key(
                rel, span, shown_key, hidden, guess, present, known,
                model is not None and model.__name__ == "Regler",
                _fix(f"Bytt til «{guess}»", guess, span) if guess and not present else None))
    for error in errors:
        loc = tuple(error["loc"])
        kind = error["type"]
        path = prefix + loc
        if kind == "extra_forbidden":
            continue
        if kind == "missing":
            parent, name = loc[:-1], str(loc[-1])
            if (parent, name) in consumed:
                continue
            out.append(k102.missing_key(rel, source_map.locate(prefix + parent), name,
                                        _describe(parent), _field_help(root, parent, name)))
            continue
        key_error = bool(loc) and loc[-1] == "[key]"
        if key_error:
            path = prefix + loc[:-1]
        span = source_map.locate(path, key=key_error)
        ctx = error.get("ctx") or {}
        field_name = next((str(p) for p in reversed(loc) if isinstance(p, str) and p != "[key]"), "")
        label = f"«{field_name}»: " if field_name else ""
        rule = _FIELD_RULES.get(kind)
        if rule is not None:
            message, hint = rule.FIELD_MESSAGES[kind](ctx)
            fix = ctx.get("fix")
            out.append(Diagnostic(rel, span, Severity.ERROR, rule.CODE,
                                  f"{label}{message}", hint, rule.SOURCE,
                                  fix=_fix(_fix_title(str(fix)), str(fix), span)
                                  if fix is not None else None))
            continue
        out.append(k103.wrong_value(rel, span, label, kind, shown(error.get("input"))))
    return out


def _has_key(data: Any, path: KeyPath, key: str) -> bool:
    """Whether the mapping at `path` in a file's data has `key` written in it."""
    for step in path:
        found = (isinstance(data, dict) and step in data) or (
            isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data))
        if not found:
            return False
        data = data[step]
    return isinstance(data, dict) and key in data


def _fix(title: str, text: str, span: Span | None) -> Fix | None:
    """A fix at `span`, when the diagnostic has a place (none beyond the list budget)."""
    return Fix(title, text, span) if span is not None else None


def _fix_title(text: str) -> str:
    return f"Skriv {text}" if text.isdigit() else f"Bytt til «{text}»"


def _describe(parent: KeyPath) -> str:
    names = [p for p in parent if isinstance(p, str)]
    return f" under «{names[-1]}»" if names else ""


def _field_help(root: type[BaseModel], parent: KeyPath, name: str) -> str:
    model = model_at(root, parent)
    if model is None or name not in model.model_fields:
        return ""
    description = model.model_fields[name].description
    return f" ({description[0].lower()}{description[1:].rstrip('.')})" if description else ""
