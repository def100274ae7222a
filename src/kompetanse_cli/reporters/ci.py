"""Reports for CI systems: GitLab Code Quality, SARIF 2.1.0 and JUnit XML.

Each writes one document to the stream it is given. Paths are as seen from the current folder
(where a CI job stands: the repository root). User text is escaped by the format's own writer
(json, ElementTree); what a format cannot carry at all (lone surrogates, XML's forbidden
control characters) is first made visible as an escape, so no file content can break the
document.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import TYPE_CHECKING, Any, TextIO

from .. import __version__
from ..diagnostics import Diagnostic, Severity
from ..inert import visible

if TYPE_CHECKING:
    from ..diagnostics import Report

_SURROGATE = "[\ud800-\udfff]"
# XML 1.0 allows tab, newline, carriage return and the ranges below; everything else is shown
# as a visible escape (\x1b, \ufffe).
_NOT_XML = "[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
# Compiled when first used (by `re`'s own cache): these wide classes took 10 ms, and the text
# report of a warm run, which imports this module, never needs them.


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_text(text: str) -> str:
    """Text JSON can carry as UTF-8: a lone surrogate becomes a visible escape."""
    return re.sub(_SURROGATE, _escape_char, text)


def xml_text(text: str) -> str:
    """Text XML 1.0 can carry: forbidden characters become visible escapes."""
    return re.sub(_NOT_XML, _escape_char, text)


def _dump(payload: Any, stream: TextIO) -> None:
    json.dump(payload, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _where(report: Report, diagnostic: Diagnostic) -> str:
    return json_text(visible(report.shown(diagnostic.file)))


def _said(diagnostic: Diagnostic) -> tuple[str, str]:
    """The message and hint with control characters as escapes (`\\r`, `\\n`, `\\x1b`): a
    report shown on a CI page or printed in a job log then holds no line break or terminal
    control that came from a planning file."""
    return visible(diagnostic.message), visible(diagnostic.hint)


def fingerprints(report: Report) -> list[str]:
    """A stable identity per diagnostic: code, file, message, and which repeat it is.

    Line numbers are left out, so a finding keeps its fingerprint when lines are added above
    it; two identical findings in one file differ by their order.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for d in report.diagnostics:
        key = (d.code, report.shown(d.file), d.message)
        seen[key] += 1
        text = "\0".join((*key, str(seen[key])))
        out.append(hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    return out


# --- GitLab Code Quality (Code Climate JSON) -----------------------------------------------

_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def report_gitlab(report: Report, stream: TextIO) -> None:
    """The Code Quality report GitLab shows in a merge request (`artifacts: reports:
    codequality`): a JSON array of Code Climate issues."""
    issues = []
    for d, fingerprint in zip(report.diagnostics, fingerprints(report), strict=True):
        begin = d.span.line if d.span is not None else 1
        end = d.span.end_line if d.span is not None else begin
        message, hint = _said(d)
        issues.append({
            "type": "issue",
            "check_name": d.code,
            "description": json_text(f"{d.code} {message}"),
            "content": {"body": json_text(f"hint: {hint}\n\nkilde: {d.source}")},
            "categories": ["Bug Risk"],
            "severity": _GITLAB_SEVERITY[d.severity],
            "fingerprint": fingerprint,
            "location": {"path": _where(report, d), "lines": {"begin": begin, "end": end}},
        })
    _dump(issues, stream)


# --- SARIF 2.1.0 ---------------------------------------------------------------------------

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    """A path as a SARIF artifact URI: relative stays relative, absolute becomes file://."""
    from urllib.parse import quote

    if path.startswith("/"):
        return "file://" + quote(path)
    if re.match(r"^[A-Za-z]:/", path):  # Windows drive
        return "file:///" + quote(path, safe="/:")
    return quote(path)


def _sarif_rules() -> list[dict[str, Any]]:
    from ..rules import RULES
    from ..rules.docs import parse_doc, rule_text

    rules = []
    for rule in RULES:
        doc = parse_doc(rule.doc)
        rules.append({
            "id": rule.code,
            "name": rule.code,
            "shortDescription": {"text": rule.title},
            "fullDescription": {"text": doc.summary or rule.title},
            "help": {"text": rule_text(rule)},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            "properties": {"source": rule.source, "schemes": list(rule.schemes)},
        })
    return rules


def report_sarif(report: Report, stream: TextIO) -> None:
    """A SARIF 2.1.0 log (GitHub code scanning and other SARIF viewers), with komp's rule
    catalogue as the tool's rules."""
    rules = _sarif_rules()
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    results = []
    for d, fingerprint in zip(report.diagnostics, fingerprints(report), strict=True):
        location: dict[str, Any] = {
            "artifactLocation": {"uri": _uri(json_text(report.shown(d.file)))}}
        if d.span is not None:
            location["region"] = {"startLine": d.span.line, "startColumn": d.span.column,
                                  "endLine": d.span.end_line, "endColumn": d.span.end_column}
        # Each result carries its own level: a forum's `regler:` may change a rule's severity,
        # and GitHub code scanning (like other SARIF viewers) shows a result's level over its
        # rule's defaultConfiguration, which stays the national default (forums may differ).
        result: dict[str, Any] = {
            "ruleId": d.code,
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": json_text("{}\nhint: {}".format(*_said(d)))},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"komp/v1": fingerprint},
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        results.append(result)
    _dump({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "komp", "version": __version__,
                                "semanticVersion": __version__, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }, stream)


# --- JUnit XML -----------------------------------------------------------------------------

def report_junit(report: Report, stream: TextIO) -> None:
    """JUnit XML: a test suite per file, a test case per finding (an error is a failure,
    warnings and notes pass with their text), and one passing case for a file without
    findings."""
    import xml.etree.ElementTree as ET

    by_file: dict[str, list[Diagnostic]] = {}
    for rel in report.sources:
        by_file.setdefault(rel, [])
    for d in report.diagnostics:
        by_file.setdefault(d.file, []).append(d)
    root = ET.Element("testsuites", name="komp validate")
    total = failures = 0
    for rel, found in by_file.items():
        shown = xml_text(visible(report.shown(rel)))
        suite = ET.SubElement(root, "testsuite", name=shown)
        suite_failures = 0
        cases: list[Diagnostic | None] = list(found) or [None]
        for item in cases:
            if item is None:
                ET.SubElement(suite, "testcase", name="ingen funn", classname=shown)
                continue
            d = item
            where = f"{d.span.line}:{d.span.column}" if d.span is not None else ""
            case = ET.SubElement(suite, "testcase", classname=shown,
                                 name=xml_text(f"{d.code} {shown}:{where}".rstrip(":")))
            if d.span is not None:
                case.set("file", shown)
                case.set("line", str(d.span.line))
            message, hint = _said(d)
            text = xml_text(f"{shown}{':' + where if where else ''}: {d.severity.norsk} {d.code} "
                            f"{message}\nhint: {hint}\nkilde: {d.source}")
            if d.severity is Severity.ERROR:
                failure = ET.SubElement(case, "failure", type=d.code,
                                        message=xml_text(f"{d.code} {message}"))
                failure.text = text
                suite_failures += 1
            else:
                ET.SubElement(case, "system-out").text = text
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(suite_failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total += len(cases)
        failures += suite_failures
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
