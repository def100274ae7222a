"""One file's text in canonical layout: what ruamel cannot read as written is prepared (tabs
after colons, comments inside flow mappings, document markers), ruamel rewrites it, and the
result is refused unless it keeps every value and every comment.
"""

from __future__ import annotations

import io
import re

from ..diagnostics import Span
from ..domain.planfiles import FileKind
from ..pipeline.load import load_bytes, protect_separators
from .roundtrip import align_comments, new_yaml, normalise
from .verify import comments_of, expected, same_data, scan


class FormatError(Exception):
    """The file could not be put in canonical layout (it stays as it is); `span` is where, when
    a place in the file is the reason. `message` is Norwegian; `detail` is the underlying
    library's own words, if any (shown under --debug)."""

    def __init__(self, message: str, span: Span | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.span = span
        self.detail = detail


def _tabs_after_colons(text: str) -> str:
    """`key:<TAB>value` as `key: value`: YAML allows a tab there, ruamel does not.

    The tokens say where each «:» ends, so a tab inside a value or a comment is never touched.
    """
    if "\t" not in text:
        return text
    import yaml

    try:
        marks = [(t.end_mark.line, t.end_mark.column) for t in yaml.scan(text, Loader=yaml.CSafeLoader)
                 if isinstance(t, yaml.ValueToken)]
    except yaml.YAMLError:
        return text
    lines = text.split("\n")
    for line, column in reversed(marks):
        row = lines[line]
        end = column
        while end < len(row) and row[end] in " \t":
            end += 1
        if "\t" in row[column:end]:
            lines[line] = row[:column] + " " + row[end:] if end < len(row) else row[:column]
    return "\n".join(lines)


def _lift_flow_comments(text: str) -> str:
    """Comments inside a flow mapping (`{id: B1,  # c`), moved to their own lines above the
    line where the outermost flow collection starts.

    ruamel drops such comments (it keeps those of flow sequences); once fmt writes the mapping
    in block style, above it is where the comment still says what it said.
    """
    import yaml

    spans, tokens = scan(text)
    if not spans or not any(isinstance(t, yaml.FlowMappingStartToken) for t in tokens):
        return text
    regions: list[tuple[int, int, bool, int]] = []  # start, end, is a mapping, outermost start
    stack: list[tuple[int, bool]] = []
    for token in tokens:
        if isinstance(token, (yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)):
            stack.append((token.start_mark.index,
                          isinstance(token, yaml.FlowMappingStartToken)))
        elif isinstance(token, (yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)) and stack:
            begin, mapping = stack.pop()
            outer = stack[0][0] if stack else begin
            regions.append((begin, token.end_mark.index, mapping, outer))
    lifted: list[tuple[int, int, int]] = []  # comment start, end, outermost start
    for start, end in spans:
        inside = [r for r in regions if r[0] < start < r[1]]
        if inside:
            innermost = max(inside, key=lambda r: r[0])
            if innermost[2]:
                lifted.append((start, end, innermost[3]))
    if not lifted:
        return text
    above: dict[int, list[str]] = {}
    for start, end, outer in lifted:
        above.setdefault(text.count("\n", 0, outer), []).append(text[start:end].rstrip())
    for start, end, _ in sorted(lifted, reverse=True):
        cut = start
        while cut > 0 and text[cut - 1] in " \t":
            cut -= 1
        text = text[:cut] + text[end:]
    lines = text.split("\n")
    for number in sorted(above, reverse=True):
        line = lines[number]
        pad = " " * (len(line) - len(line.lstrip(" ")))
        lines[number:number] = [pad + comment for comment in above[number]]
    return "\n".join(lines)


_DOCUMENT_START = re.compile(r"---[ \t]*(?:#[^\n]*)?\n")
_DOCUMENT_END = re.compile(r"^\.\.\.[ \t]*(?:#[^\n]*)?(?:\n|\Z)", flags=re.MULTILINE)


def _split_document(text: str) -> tuple[str, str, str]:
    """(header, body, footer): the comments, directives and «---» before the document, the
    document, and the «...» end marker with what follows it, so that ruamel (which drops
    them) only sees the document and the rest is put back as it was written."""
    header = ""
    position = 0
    while position < len(text):
        end = text.find("\n", position)
        line = text[position:] if end < 0 else text[position:end + 1]
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or line.startswith("%"):
            position += len(line)
            continue
        if _DOCUMENT_START.fullmatch(line):
            header, text = text[:position + len(line)], text[position + len(line):]
        break
    footer = ""
    match = _DOCUMENT_END.search(text)
    if match is not None:
        text, footer = text[:match.start()], text[match.start():]
        if footer and not footer.endswith("\n"):
            footer += "\n"
    return header, text, footer


def format_text(kind: FileKind, text: str, rel: str = "") -> str:
    """`text` in canonical layout (raises FormatError when that would change a value or lose
    a comment).

    ruamel's output is not always a fixed point of ruamel (blank lines after deeply nested flow
    sequences move on a second pass), so formatting repeats until the text stops changing; a
    result that does not settle is refused rather than written. Line ends come out as the
    file's first one (CRLF or LF), the same throughout.
    """
    # U+0085, U+2028 and U+2029 are text in YAML 1.2, but ruamel (like libyaml) breaks lines
    # at them: they are swapped for private-use characters while formatting.
    text, restore = protect_separators(text)
    first = re.search(r"\r?\n", text)
    newline = "\r\n" if first is not None and first.group() == "\r\n" else "\n"
    plain = text.replace("\r\n", "\n")
    header, body, footer = _split_document(plain)
    body = _lift_flow_comments(_tabs_after_colons(body))
    try:
        result = _format_once(kind, body, rel)
    except FormatError as exc:  # positions in the body are positions in the file after the header
        if exc.span is not None and header:
            lines = header.count("\n")
            exc.span = Span(exc.span.line + lines, exc.span.column, exc.span.end_line + lines,
                            exc.span.end_column)
        raise
    # Formatting is a function of the text: a text it leaves as it is, is a fixed point.
    for _ in range(3 if result != body else 0):
        again = _format_once(kind, result, rel)
        if again == result:
            break
        result = again
    else:
        if result != body:
            raise FormatError("filen kan ikke formateres til en stabil form, så den er latt være")
    if not body.strip() and not result.strip():
        result = body
    whole = header + result + footer
    before, after = comments_of(plain), comments_of(whole)
    if sorted(before) != sorted(after):
        lost = [c for c in before if c not in after] or before
        raise FormatError(
            f"formateringen ville ha flyttet eller fjernet kommentaren «{lost[0]}», så filen er "
            "latt være")
    loaded = load_bytes(rel, plain.encode("utf-8"))
    again_loaded = load_bytes(rel, whole.encode("utf-8"))
    if again_loaded.diagnostics or not same_data(expected(loaded.data, kind.model),
                                                 again_loaded.data):
        raise FormatError("formateringen ville ha endret en verdi i filen, så den er latt være")
    if restore is not None:
        whole = whole.translate(restore)
    return whole.replace("\n", newline) if newline != "\n" else whole


def _format_once(kind: FileKind, text: str, rel: str) -> str:
    loaded = load_bytes(rel, text.encode("utf-8"))
    if loaded.diagnostics:
        raise FormatError(loaded.diagnostics[0].message, detail=loaded.diagnostics[0].detail)
    yaml = new_yaml()
    try:
        tree = yaml.load(text)
        normalise(tree, kind.model)
        out = io.StringIO()
        yaml.dump(tree, out)
    except Exception as exc:  # ruamel refuses a few things the project's loader reads
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [""])[0]
        span = None
        if mark is not None and isinstance(getattr(mark, "line", None), int):
            span = Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 2)
        raise FormatError("filen kan ikke formateres automatisk: ruamel.yaml, som komp fmt "
                          "skriver filene med, leser den ikke her", span,
                          f"ruamel.yaml: {type(exc).__name__}: {problem}") from None
    result = align_comments(out.getvalue())
    again = load_bytes(rel, result.encode("utf-8"))
    if again.diagnostics or not same_data(expected(loaded.data, kind.model), again.data):
        raise FormatError("formateringen ville ha endret en verdi i filen, så den er latt være")
    return result
