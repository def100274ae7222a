"""Reporters: a validation report as text (for people), JSON (for scripts), GitHub annotations
or the CI formats of ci_reports.

Each reporter writes to the stream it is given, so tests compare exact strings.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..diagnostics import Diagnostic, Report, Severity
from ..inert import line_start, visible
from .ci import report_gitlab, report_junit, report_sarif

FORMAT_VERSION = 1

_COLOURS = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[1;33m", Severity.INFO: "\033[1;36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def use_colour(stream: TextIO) -> bool:
    """Colours only on a terminal (unless the caller says otherwise)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class _Lines:
    """The lines of the files that have diagnostics, read once each."""

    def __init__(self, sources: dict[str, Path]) -> None:
        self.sources = sources
        self.cache: dict[str, list[str]] = {}

    def get(self, rel: str, line: int) -> str | None:
        if rel not in self.cache:
            path = self.sources.get(rel)
            try:
                raw = path.read_bytes() if path is not None else b""
            except OSError:
                raw = b""
            if len(raw) > 64 * 1024 * 1024:
                raw = b""
            # Lines as YAML counts them (LF, CR LF, CR), not str.splitlines (U+2028 and more).
            text = raw.decode("utf-8", errors="replace")
            self.cache[rel] = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        lines = self.cache[rel]
        return lines[line - 1] if 0 < line <= len(lines) else None


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def report_text(report: Report, stream: TextIO, *, colour: bool | None = None,
                detail: bool = False) -> None:
    """Diagnostics grouped by file, each with its line and a marker under the problem; with
    `detail` (komp --debug), also the underlying library's own words where there are any."""
    colour = use_colour(stream) if colour is None else colour

    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    lines = _Lines(report.sources)
    current: str | None = None
    for diagnostic in report.diagnostics:
        if current is not None and diagnostic.file != current:
            _write_omitted(report, current, stream, paint)
            stream.write("\n")
        current = diagnostic.file
        _write_one(diagnostic, report.shown(diagnostic.file), lines, stream, paint, detail)
    if current is not None:
        _write_omitted(report, current, stream, paint)
        stream.write("\n")
    errors, warnings, infos = (report.count(s) for s in Severity)
    files = _plural(report.files, "fil", "filer")
    if errors or warnings or infos:
        parts = [_plural(errors, "feil", "feil")]
        parts.append(_plural(warnings, "advarsel", "advarsler"))
        if infos:
            parts.append(_plural(infos, "merknad", "merknader"))
        summary = f"Fant {', '.join(parts)} i {files}."
        stream.write(paint(_COLOURS[Severity.ERROR] if errors else _BOLD, summary) + "\n")
    else:
        stream.write(paint(_BOLD, f"Ingen feil i {files}.") + "\n")


def _unpainted(code: str, text: str) -> str:
    return text


def describe(diagnostic: Diagnostic, where: str | None = None, *, excerpt: str = "",
             paint: Callable[[str, str], str] = _unpainted, detail: bool = False) -> str:
    """One diagnostic as text, as every command shows it: `file:line:column: feil CODE message`,
    then `excerpt` (the lines that show the place, if any) and the hint. `where` is the file as
    the user opens it (by default the diagnostic's own); `paint` colours the parts. With
    `detail` (komp --debug), also the underlying library's own words where there are any."""
    # Every piece of user text (path, message, hint) is shown with its control characters
    # escaped, and a path never starts a CI workflow command.
    span = diagnostic.span
    where = line_start(visible(diagnostic.file if where is None else where))
    if span is not None:
        where = f"{where}:{span.line}:{span.column}"
    severity = paint(_COLOURS[diagnostic.severity], diagnostic.severity.norsk)
    text = (f"{paint(_BOLD, where)}: {severity} {paint(_BOLD, diagnostic.code)} "
            f"{visible(diagnostic.message)}\n{excerpt}"
            f"  {paint(_BOLD, 'hint:')} {visible(diagnostic.hint)}\n")
    if detail and diagnostic.detail:
        text += f"  {paint(_DIM, 'detalj:')} {diagnostic.detail}\n"
    return text


def _write_one(diagnostic: Diagnostic, where: str, lines: _Lines, stream: TextIO,
               paint: Callable[[str, str], str], detail: bool) -> None:
    stream.write(describe(diagnostic, where, excerpt=_excerpt(diagnostic, lines, paint),
                          paint=paint, detail=detail))


def _excerpt(diagnostic: Diagnostic, lines: _Lines, paint: Callable[[str, str], str]) -> str:
    """The diagnostic's line with a marker under the problem (the excerpt escaped too)."""
    span = diagnostic.span
    text = lines.get(diagnostic.file, span.line) if span is not None else None
    if span is None or text is None:
        return ""
    number = str(span.line)
    pad = " " * len(number)
    raw = text.expandtabs(1)
    if len(raw) > 200:
        raw = raw[:200] + "…"
    first = min(span.column - 1, len(raw))
    if span.end_line == span.line and span.end_column > span.column:
        last = span.end_column - 1
    else:
        last = max(len(raw.rstrip()), first + 1)
    last = max(first + 1, min(last, len(raw)))
    # Columns count the file's characters; the marker counts those of the escaped line.
    shown = visible(raw)
    start = len(visible(raw[:first]))
    width = max(1, len(visible(raw[first:last])))
    marker = paint(_COLOURS[diagnostic.severity], "^" * width)
    return (f" {pad} {paint(_DIM, '|')}\n"
            f" {paint(_DIM, number)} {paint(_DIM, '|')} {shown}\n"
            f" {pad} {paint(_DIM, '|')} {' ' * start}{marker}\n")


def _write_omitted(report: Report, rel: str, stream: TextIO,
                   paint: Callable[[str, str], str]) -> None:
    omitted = report.omitted.get(rel)
    if omitted:
        stream.write(paint(_BOLD, f"… og {omitted} flere funn i {visible(report.shown(rel))} vises ikke") +
                     " (rett opp dem over og kjør på nytt)\n")


def report_json(report: Report, stream: TextIO) -> None:
    """The versioned JSON form, for scripts (keys in English, `format_version` 1).

    `file` is relative to the folder validated, as it always was; `path` (added in 0.2.0, so
    the version stays 1) is the same file as seen from the current folder, as the other
    formats print it.
    """
    payload = {
        "format_version": FORMAT_VERSION,
        "diagnostics": [d.to_json(path=report.shown(d.file)) for d in report.diagnostics],
        "summary": {
            "files": report.files,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
            "omitted": sum(report.omitted.values()),
        },
    }
    json.dump(payload, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def report_github(report: Report, stream: TextIO) -> None:
    """GitHub Actions workflow commands, with paths as seen from the working directory."""
    for d in report.diagnostics:
        props = [f"file={_escape_property(visible(report.shown(d.file)))}"]
        if d.span is not None:
            props += [f"line={d.span.line}", f"col={d.span.column}",
                      f"endLine={d.span.end_line}", f"endColumn={d.span.end_column}"]
        props.append(f"title={_escape_property(d.code)}")
        message = _escape_data(f"{visible(d.message)}\nhint: {visible(d.hint)}")
        stream.write(f"::{_GITHUB_LEVEL[d.severity]} {','.join(props)}::{message}\n")
    for rel, omitted in report.omitted.items():
        where = visible(report.shown(rel))
        stream.write(f"::notice::{_escape_data(f'{omitted} flere funn i {where} vises ikke')}\n")


REPORTER_BY_NAME: dict[str, Callable[[Report, TextIO], None]] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
    "gitlab": report_gitlab,
    "sarif": report_sarif,
    "junit": report_junit,
}
