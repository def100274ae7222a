"""`komp lsp`: the language server over stdio, one handler per feature (pygls).

The server keeps the open buffers and asks the engine for the diagnostics of the unit an edit
touches, exactly as `komp validate` computes them; every other answer comes from the session
(`lsp_session.py`) and from komp's own modules (rule documentation, schemas, `komp fmt`).
Only `komp lsp` imports this module: pygls and lsprotocol stay out of every other command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..diagnostics import Diagnostic, Severity, Span
from .session import (
    FILENAMES,
    Occurrence,
    Prefetch,
    Session,
    Spot,
    Unit,
    compose,
    describe,
    enum_at,
    field_doc,
    mapping_items,
    occurrences,
    properties_at,
    spot_at,
    symbol_in,
    walk,
)

SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error,
            Severity.WARNING: types.DiagnosticSeverity.Warning,
            Severity.INFO: types.DiagnosticSeverity.Information}


class KompServer(LanguageServer):
    """The language server with komp's session."""

    def __init__(self) -> None:
        super().__init__("komp", __version__)
        self.session = Session()
        self.prefetch: Prefetch | None = None


server = KompServer()


# --- paths, positions ----------------------------------------------------------------------------


def _path(uri: str) -> Path | None:
    fs = to_fs_path(uri)
    return Path(fs).resolve() if fs else None


def _uri(path: Path) -> str:
    return from_fs_path(str(path)) or path.as_uri()


def _kind(path: Path) -> str | None:
    return path.name[:-5] if path.name in FILENAMES else None


def _plan_file(uri: str) -> Path | None:
    """The planning file (forum.yaml, tiltak.yaml, …) at `uri`; None for any other document."""
    path = _path(uri)
    return path if path is not None and _kind(path) is not None else None


def _utf16(line: str, column: int) -> int:
    """A column in code points as the protocol counts it, in UTF-16 code units."""
    return column + sum(1 for ch in line[:column] if ord(ch) > 0xFFFF)


def _codepoints(line: str, character: int) -> int:
    units = 0
    for index, ch in enumerate(line):
        if units >= character:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(line)


def _position(lines: list[str], line0: int, col0: int) -> types.Position:
    text = lines[line0] if 0 <= line0 < len(lines) else ""
    return types.Position(line=max(line0, 0), character=_utf16(text, max(col0, 0)))


def _node_range(lines: list[str], node: Any) -> types.Range:
    return types.Range(start=_position(lines, node.start_mark.line, node.start_mark.column),
                       end=_position(lines, node.end_mark.line, node.end_mark.column))


def _lines(session: Session, path: Path) -> list[str]:
    return (session.text(path) or "").splitlines()


def _range(lines: list[str], span: Span | None) -> types.Range:
    """A 1-based span counted in code points as the protocol's 0-based UTF-16 range."""
    if span is None:
        return types.Range(start=types.Position(line=0, character=0),
                           end=types.Position(line=0, character=0))
    return types.Range(start=_position(lines, span.line - 1, span.column - 1),
                       end=_position(lines, span.end_line - 1, span.end_column - 1))


def _diagnostic(lines: list[str], diagnostic: Diagnostic) -> types.Diagnostic:
    data: dict[str, Any] = {"message": diagnostic.message, "hint": diagnostic.hint,
                            "source": diagnostic.source, "file": diagnostic.file}
    fix = diagnostic.fix
    if fix is not None and fix.span is not None:  # comes back with the code action request
        where = _range(lines, fix.span)
        if fix.span.end_column == 1 and fix.span.end_line > fix.span.line:
            # a block scalar (`|`, `>`) ends after its last line break: keep the break
            last = fix.span.end_line - 2
            where.end = _position(lines, last, len(lines[last]) if last < len(lines) else 0)
        data["fix"] = {"title": fix.title, "newText": fix.text,
                       "range": {"start": {"line": where.start.line, "character": where.start.character},
                                 "end": {"line": where.end.line, "character": where.end.character}}}
    return types.Diagnostic(
        range=_range(lines, diagnostic.span), severity=SEVERITY[diagnostic.severity],
        code=diagnostic.code, source="komp", message=f"{diagnostic.message}\nhint: {diagnostic.hint}",
        data=data,
    )


# --- diagnostics -------------------------------------------------------------------------------


def _refresh(ls: KompServer, path: Path, version: int | None = None) -> None:
    """Validate the unit of `path` and publish what changed (always for `path` itself)."""
    unit = ls.session.unit_for(path)
    if unit is None:
        return
    ls.session.validate(unit)
    by_file = unit.diagnostics_by_file()
    by_file.setdefault(path, ())
    order = [path, *(p for p in by_file if p != path)]
    for file in order:
        found = by_file[file]
        if file != path and unit.published.get(file, ()) == found:
            continue
        unit.published[file] = found
        lines = _lines(ls.session, file)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=_uri(file), version=version if file == path else None,
            diagnostics=[_diagnostic(lines, d) for d in found]))
    for file in [f for f in unit.published if f not in by_file]:
        del unit.published[file]
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=_uri(file), diagnostics=[]))


@server.feature(types.INITIALIZED)
def initialized(ls: KompServer, params: types.InitializedParams) -> None:
    """Validate the workspace's forums at once, so the editor lists every file's problems."""
    import time

    started = time.perf_counter()
    folders = [Path(p).resolve() for p in (to_fs_path(f.uri) for f in ls.workspace.folders.values()) if p]
    if not folders and ls.workspace.root_path:
        folders = [Path(ls.workspace.root_path).resolve()]

    def publish(found: dict[Path, tuple[Diagnostic, ...]]) -> None:
        for path, diagnostics in found.items():
            lines = _lines(ls.session, path)
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=_uri(path), diagnostics=[_diagnostic(lines, d) for d in diagnostics]))

    files = ls.session.check_workspace(folders, publish, ls.prefetch)
    ls.prefetch = None
    ls.window_log_message(types.LogMessageParams(
        type=types.MessageType.Info,
        message=f"komp: kontrollerte {files} {'fil' if files == 1 else 'filer'} på "
                f"{time.perf_counter() - started:.2f} s".replace(".", ",")))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: KompServer, params: types.DidOpenTextDocumentParams) -> None:
    path = _plan_file(params.text_document.uri)
    if path is None:
        return
    ls.session.buffers[path] = params.text_document.text
    _refresh(ls, path, params.text_document.version)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: KompServer, params: types.DidChangeTextDocumentParams) -> None:
    path = _plan_file(params.text_document.uri)
    if path is None:
        return
    document = ls.workspace.get_text_document(params.text_document.uri)
    ls.session.buffers[path] = document.source
    _refresh(ls, path, params.text_document.version)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: KompServer, params: types.DidSaveTextDocumentParams) -> None:
    path = _plan_file(params.text_document.uri)
    if path is None:
        return
    ls.session.rediscover()
    _refresh(ls, path)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: KompServer, params: types.DidCloseTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    if path is None or path not in ls.session.buffers:
        return
    del ls.session.buffers[path]  # the file on disk counts again
    ls.session.rediscover()
    _refresh(ls, path)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: KompServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.session.rediscover()
    done: set[int] = set()
    for path in list(ls.session.buffers):  # each unit with an open buffer, once
        unit = ls.session.unit_for(path)
        if unit is not None and id(unit) not in done:
            done.add(id(unit))
            _refresh(ls, path)


# --- hover -------------------------------------------------------------------------------------


def _inside(span: Any, line0: int, col0: int) -> bool:
    if span is None:
        return False
    return (span.line - 1, span.column - 1) <= (line0, col0) <= (span.end_line - 1, span.end_column - 1)


def _rule_hover(diagnostic: Diagnostic) -> str:
    from ..rules import RULES_BY_CODE

    rule = RULES_BY_CODE.get(diagnostic.code)
    lines = [f"**{diagnostic.code}** {diagnostic.message}", "", f"hint: {diagnostic.hint}"]
    if rule is not None:
        from ..rules.docs import parse_doc

        doc = parse_doc(rule.doc)
        lines += ["", f"*{rule.title}*"]
        for head in ("Hva:", "Hvorfor:"):
            if doc.sections.get(head):
                lines += ["", f"{head} {' '.join(doc.sections[head].split())}"]
    lines += ["", f"Kilde: {diagnostic.source}", "", f"Mer: `komp regler {diagnostic.code}`"]
    return "\n".join(lines)


def _spot(ls: KompServer, path: Path, position: types.Position) -> tuple[Spot | None, list[str]]:
    text = ls.session.text(path) or ""
    lines = text.splitlines()
    line = lines[position.line] if position.line < len(lines) else ""
    return spot_at(compose(text), position.line, _codepoints(line, position.character)), lines


def _definitions(ls: KompServer, unit: Unit, path: Path, what: str, ident: str) -> list[Occurrence]:
    return [o for o in occurrences(ls.session, unit, path)
            if o.definition and o.what == what and o.ident == ident]


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: KompServer, params: types.HoverParams) -> types.Hover | None:
    path = _path(params.text_document.uri)
    kind = _kind(path) if path is not None else None
    if path is None or kind is None:
        return None
    unit = ls.session.unit_for(path)
    parts: list[str] = []
    lines = _lines(ls.session, path)
    line = lines[params.position.line] if params.position.line < len(lines) else ""
    col0 = _codepoints(line, params.position.character)
    if unit is not None and unit.report is not None:
        for diagnostic in unit.diagnostics_by_file().get(path, ()):
            if _inside(diagnostic.span, params.position.line, col0):
                parts.append(_rule_hover(diagnostic))
    spot, lines = _spot(ls, path, params.position)
    if spot is not None:
        found = symbol_in(unit, path, kind, spot) if unit is not None else None
        if found is not None and unit is not None:
            what, ident, is_definition = found
            targets = _definitions(ls, unit, path, what, ident)
            if targets:
                parts.append(describe(ls.session, targets[0], unit.layout.base))
            elif not is_definition:
                parts.append(f"**{ident}** finnes ikke i partnerskapet")
        if spot.is_key:
            doc = field_doc(kind, spot.path)
            if doc:
                parts.append(doc)
    if not parts:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                    value="\n\n---\n\n".join(parts)))


# --- definition and references -------------------------------------------------------------


def _location(ls: KompServer, occurrence: Occurrence) -> types.Location:
    lines = _lines(ls.session, occurrence.path)
    return types.Location(uri=_uri(occurrence.path), range=_node_range(lines, occurrence.spot.node))


def _symbol_here(ls: KompServer, uri: str, position: types.Position,
                 ) -> tuple[Unit, Path, tuple[str, str, bool]] | None:
    path = _path(uri)
    kind = _kind(path) if path is not None else None
    if path is None or kind is None:
        return None
    unit = ls.session.unit_for(path)
    spot, _ = _spot(ls, path, position)
    if unit is None or spot is None:
        return None
    found = symbol_in(unit, path, kind, spot)
    return (unit, path, found) if found is not None else None


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: KompServer, params: types.DefinitionParams) -> list[types.Location] | None:
    here = _symbol_here(ls, params.text_document.uri, params.position)
    if here is None:
        return None
    unit, path, (what, ident, _) = here
    return [_location(ls, o) for o in _definitions(ls, unit, path, what, ident)] or None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def references(ls: KompServer, params: types.ReferenceParams) -> list[types.Location] | None:
    here = _symbol_here(ls, params.text_document.uri, params.position)
    if here is None:
        return None
    unit, path, (what, ident, _) = here
    return [_location(ls, o) for o in occurrences(ls.session, unit, path)
            if o.what == what and o.ident == ident
            and (params.context.include_declaration or not o.definition)]


# --- document symbols ----------------------------------------------------------------------------

_LISTS = {"behov": "behov", "prioriteringer": "prioriteringer", "tiltak": "tiltak", "rapport": "rapport"}


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbols(ls: KompServer, params: types.DocumentSymbolParams,
                     ) -> list[types.DocumentSymbol] | None:
    path = _path(params.text_document.uri)
    kind = _kind(path) if path is not None else None
    if path is None or kind is None:
        return None
    text = ls.session.text(path) or ""
    lines = text.splitlines()
    root = compose(text)
    out: list[types.DocumentSymbol] = []
    lists = [_LISTS[kind]] if kind in _LISTS else (
        ["eiere", "enheter", "uh", "tilbydere"] if kind == "partnerskap" else ["medlemmer"])
    for list_key in lists:
        for key, value in mapping_items(root, ()):
            if getattr(key, "value", None) != list_key or not hasattr(value, "value") \
                    or not isinstance(value.value, list):
                continue
            for item in value.value:
                fields: dict[Any, Any] = {}
                if isinstance(item, yaml.MappingNode):
                    fields = {k.value: v for k, v in item.value if isinstance(k, yaml.ScalarNode)}
                ident = fields.get("id") or fields.get("orgnr") or fields.get("aar")
                title = fields.get("tittel") or fields.get("navn")
                name = " ".join(str(n.value) for n in (ident, title)
                                if n is not None and isinstance(n.value, str)) or list_key
                selection = ident if ident is not None else item
                out.append(types.DocumentSymbol(
                    name=name, detail=list_key, kind=types.SymbolKind.Object,
                    range=_node_range(lines, item), selection_range=_node_range(lines, selection)))
    return out


# --- completion ----------------------------------------------------------------------------------

PROBE = "komp_probe_"


def _probe(text: str, line0: int, replacement: str) -> Any:
    lines = text.split("\n")
    if line0 >= len(lines):
        lines += [""] * (line0 - len(lines) + 1)
    lines[line0] = replacement
    return compose("\n".join(lines))


def _probe_path(root: Any) -> tuple[tuple[Any, ...], bool] | None:
    for spot in walk(root):
        if spot.value == PROBE:
            return spot.path, spot.is_key
    return None


def _ids(ls: KompServer, unit: Unit | None, path: Path, what: str) -> list[tuple[str, str]]:
    if unit is None:
        return []
    out: dict[str, str] = {}
    for occurrence in occurrences(ls.session, unit, path):
        if occurrence.definition and occurrence.what == what and occurrence.ident not in out:
            text = ls.session.text(occurrence.path) or ""
            parent = _node(compose(text), occurrence.spot.path[:-1])
            out[occurrence.ident] = parent
    return list(out.items())


def _node(root: Any, path: tuple[Any, ...]) -> str:
    from .session import node_at

    node = node_at(root, path)
    if not isinstance(node, yaml.MappingNode):
        return ""
    values = {getattr(k, "value", None): v for k, v in node.value}
    title = values.get("tittel") or values.get("navn")
    return str(title.value) if title is not None and isinstance(title.value, str) else ""


_REFERENCED = {"prioriteringer": "prioritering", "behov": "behov", "enheter": "enhet",
               "partnere": "orgnr", "eier": "orgnr", "mottaker": "orgnr"}


def _reference_kind(kind: str, path: tuple[Any, ...]) -> str | None:
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return None
    last = names[-1]
    if kind == "tiltak" and last == "prioriteringer" and len(names) >= 2:
        return "prioritering"
    if kind == "prioriteringer" and last == "behov" and len(names) >= 2:
        return "behov"
    if kind == "tiltak" and len(names) >= 2 and names[-2:] == ["deltakere", "enheter"]:
        return "enhet"
    if kind == "behov" and last in ("enheter", "eier") and len(names) >= 2:
        return _REFERENCED[last]
    if kind == "tiltak" and last == "partnere":
        return "orgnr"
    if kind == "partnerskap" and (last == "mottaker" or (last == "eier" and names[0] == "enheter")):
        return "orgnr"
    if kind == "forum" and names[0] == "justeringer" and last == "tiltak":
        return "tiltak"
    if kind == "forum" and names[0] == "beslutning" and last == "medlem":
        return "medlem"
    if kind == "tiltak" and last == "fokusomraader" and len(names) >= 2:
        return "fokusomraade"
    return None


@server.feature(types.TEXT_DOCUMENT_COMPLETION,
                types.CompletionOptions(trigger_characters=[" ", ":", "-", "["]))
def completion(ls: KompServer, params: types.CompletionParams) -> types.CompletionList | None:
    import re

    path = _path(params.text_document.uri)
    kind = _kind(path) if path is not None else None
    if path is None or kind is None:
        return None
    text = ls.session.text(path) or ""
    lines = text.split("\n")
    line = lines[params.position.line] if params.position.line < len(lines) else ""
    before = line[:_codepoints(line, params.position.character)]
    unit = ls.session.unit_for(path)
    items: list[types.CompletionItem] = []
    key_line = re.fullmatch(r"(\s*)(- )?([\w-]*)", before)
    value_line = re.fullmatch(r"(\s*)(- )?([\w-]+):\s*(\[[^\]]*,\s*|\[\s*)?([\w\"'-]*)", before)
    flow = _flow(before)
    if flow is not None:  # inside a flow mapping: `{tilskudd_eier: 500_000, eg`
        prefix, opener, tail, closers = flow
        flow_key = re.fullmatch(r"(\s*)[\w-]*", tail) if opener == "{" else None
        flow_value = re.fullmatch(r"(\s*(?:[\w-]+:\s*)?)[\w\"'-]*", tail)
        if flow_key:
            probed = _probe(text, params.position.line, f"{prefix}{flow_key.group(1)}{PROBE}: 0{closers}")
            found = _probe_path(probed)
            if found is not None:
                items += _key_items(ls, unit, path, kind, probed, found[0][:-1])
        elif flow_value and (opener == "[" or ":" in tail):
            found = _probe_path(_probe(text, params.position.line,
                                       f"{prefix}{flow_value.group(1)}{PROBE}{closers}"))
            if found is not None:
                items += _values(ls, unit, path, kind, found[0])
    elif key_line:
        indent, dash = key_line.group(1), key_line.group(2) or ""
        probed = _probe(text, params.position.line, f"{indent}{dash}{PROBE}: 0")
        found = _probe_path(probed)
        if found is not None:
            items += _key_items(ls, unit, path, kind, probed, found[0][:-1])
        if dash:
            found = _probe_path(_probe(text, params.position.line, f"{indent}- {PROBE}"))
            if found is not None:
                items += _values(ls, unit, path, kind, found[0])
    elif value_line:
        indent, dash, key, in_list = (value_line.group(1), value_line.group(2) or "",
                                      value_line.group(3), value_line.group(4))
        probe = f"{indent}{dash}{key}: [{PROBE}]" if in_list else f"{indent}{dash}{key}: {PROBE}"
        found = _probe_path(_probe(text, params.position.line, probe))
        if found is not None:
            items += _values(ls, unit, path, kind, found[0])
    return types.CompletionList(is_incomplete=False, items=items)


def _flow(before: str) -> tuple[str, str, str, str] | None:
    """The text before the cursor inside a flow mapping (or a flow list within one), as
    (everything up to the entry being written, the innermost `{` or `[`, that entry so far,
    the brackets that close what is open); None outside one, in a quote or a comment."""
    stack: list[list[Any]] = []
    quote = ""
    for index, ch in enumerate(before):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and (index == 0 or before[index - 1] in " {[,:"):
            quote = ch
        elif ch == "#" and (index == 0 or before[index - 1] in " \t"):
            return None
        elif ch in "{[":
            stack.append([ch, index])
        elif ch in "}]":
            if stack:
                stack.pop()
        elif ch == "," and stack:
            stack[-1][1] = index
    if quote or not any(opener == "{" for opener, _ in stack):
        return None
    opener, at = stack[-1]
    closers = "".join("}" if o == "{" else "]" for o, _ in reversed(stack))
    return before[:at + 1], str(opener), before[at + 1:], closers


def _key_items(ls: KompServer, unit: Unit | None, path: Path, kind: str, probed: Any,
               parent: tuple[Any, ...]) -> list[types.CompletionItem]:
    """The keys a mapping at `parent` may still get (and the years or organisations that are
    keys there)."""
    items: list[types.CompletionItem] = []
    present = {getattr(k, "value", None) for k, _ in mapping_items(probed, parent)}
    for name, prop in properties_at(kind, parent).items():
        if name in present:
            continue
        items.append(types.CompletionItem(
            label=name, kind=types.CompletionItemKind.Property, detail=prop.get("title"),
            documentation=prop.get("description"), insert_text=f"{name}: "))
    items += _budget_years(probed, kind, parent, present)
    if kind == "tiltak" and len(parent) == 5 and parent[2] == "budsjett" \
            and parent[4] in ("tilskudd_eier", "tilskudd_uh", "egenandel"):
        # an amount split per organisation: the partnership's organisations as keys
        items += [types.CompletionItem(
            label=f'"{ident}"', filter_text=ident, kind=types.CompletionItemKind.Reference,
            detail=title or None, insert_text=f'"{ident}": ')
            for ident, title in _ids(ls, unit, path, "orgnr") if ident not in present]
    return items


def _values(ls: KompServer, unit: Unit | None, path: Path, kind: str, at: tuple[Any, ...],
            ) -> list[types.CompletionItem]:
    items = [types.CompletionItem(label=str(v).lower() if isinstance(v, bool) else str(v),
                                  kind=types.CompletionItemKind.EnumMember)
             for v in enum_at(kind, at)]
    what = _reference_kind(kind, at)
    if what is not None:
        for ident, title in _ids(ls, unit, path, what):
            items.append(types.CompletionItem(
                label=ident if what != "orgnr" else f'"{ident}"', filter_text=ident,
                kind=types.CompletionItemKind.Reference, detail=title or None))
    return items


def _budget_years(root: Any, kind: str, parent: tuple[Any, ...],
                  present: set[Any]) -> list[types.CompletionItem]:
    if kind != "tiltak" or len(parent) != 3 or parent[2] != "budsjett":
        return []
    from .session import node_at

    periode = node_at(root, (*parent[:2], "periode"))
    values: dict[Any, Any] = {}
    if isinstance(periode, yaml.MappingNode):
        values = {getattr(k, "value", None): getattr(v, "value", None) for k, v in periode.value}
    try:
        first, last = int(values.get("fra")), int(values.get("til"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return []
    return [types.CompletionItem(label=str(year), kind=types.CompletionItemKind.Value,
                                 detail="år i tiltakets periode", insert_text=f"{year}:")
            for year in range(first, min(last, first + 10) + 1) if str(year) not in present]


# --- code actions and formatting --------------------------------------------------------------


def _read_range(value: Any) -> types.Range | None:
    """A range as a diagnostic's `data` carries it (plain JSON), or None when it is not one."""
    try:
        start, end = value["start"], value["end"]
        return types.Range(
            start=types.Position(line=int(start["line"]), character=int(start["character"])),
            end=types.Position(line=int(end["line"]), character=int(end["character"])))
    except (KeyError, TypeError, ValueError):
        return None


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
def code_actions(ls: KompServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    path = _plan_file(params.text_document.uri)
    if path is None:
        return None
    out: list[types.CodeAction] = []
    for diagnostic in params.context.diagnostics:
        data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
        fix = data.get("fix")
        if diagnostic.source != "komp" or not isinstance(fix, dict):
            continue
        where = _read_range(fix.get("range"))
        title, new_text = fix.get("title"), fix.get("newText")
        if where is None or not isinstance(title, str) or not isinstance(new_text, str):
            continue  # not what this server sent
        out.append(types.CodeAction(
            title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
            is_preferred=True,
            edit=types.WorkspaceEdit(changes={params.text_document.uri: [
                types.TextEdit(range=where, new_text=new_text)]})))
    return out


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: KompServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
    from ..domain.planfiles import KIND_BY_FILENAME
    from ..fmt import FormatError, format_text

    path = _path(params.text_document.uri)
    if path is None or path.name not in KIND_BY_FILENAME:
        return None
    text = ls.session.text(path) or ""
    try:
        formatted = format_text(KIND_BY_FILENAME[path.name], text, path.name)
    except FormatError as exc:
        ls.window_show_message(types.ShowMessageParams(
            type=types.MessageType.Warning, message=f"komp fmt: {exc}"))
        return None
    if formatted == text:
        return []
    lines = text.split("\n")
    end = types.Position(line=len(lines) - 1, character=_utf16(lines[-1], len(lines[-1])))
    return [types.TextEdit(range=types.Range(start=types.Position(line=0, character=0), end=end),
                           new_text=formatted)]


def serve(prefetch: Prefetch | None = None, cache_dir: Path | None = None,
          jobs: int | None = None) -> None:
    """Run the server on stdin/stdout until the client says exit.

    `prefetch`: the workspace being checked in a child since the server started (see Prefetch);
    `cache_dir` and `jobs`: where the cache lies (None: the user's cache directory) and how many
    processes a large check may use (None: komp decides), as for `komp validate`.
    """
    import gc

    server.prefetch = prefetch
    server.session.cache_dir, server.session.jobs = cache_dir, jobs
    # lsprotocol's many classes would otherwise be scanned again by every full collection
    # while the engine reads a workspace (a third of a cold check of 363 files).
    gc.freeze()
    gc.enable()
    try:
        server.start_io()
    finally:
        if prefetch is not None:
            prefetch.stop()
