"""User text made visible and inert before komp prints it.

A value in a planning file, or a folder name, may hold control characters: ESC sequences that
clear a terminal or fake a result, a carriage return that overwrites a line, a line break that
starts a CI workflow command (`::error::`) or a Markdown heading, bidirectional overrides that
reorder what a reader sees. komp shows each such character as an escape (`\\x1b`, `\\r`,
`\\u202e`), so the reader sees what the file holds and nothing acts on it.
"""

from __future__ import annotations

import re

# C0 controls (tab and line feed included: one value never spans lines), DEL, C1 controls, the
# Unicode line and paragraph separators, and the bidirectional embeddings, overrides and isolates.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character written as an escape; other text as it is."""
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text


# What a CI log reader takes as a command when a line starts with it: GitHub Actions (`::`),
# Azure Pipelines (`##vso[`, `##[`).
_COMMAND_START = re.compile(r"::|##")


def line_start(text: str) -> str:
    """A line komp prints that starts with user text (a path): never a CI workflow command.

    A path that starts with `::` or `##` gets `./` in front, which names the same file.
    """
    return "./" + text if _COMMAND_START.match(text) else text
