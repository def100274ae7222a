"""The safety check: that formatting changed nothing but the layout, the same values of the same
types (with years and amounts as integers, as the rewriting writes them) and the same comments.
"""

from __future__ import annotations

import re
from typing import Any

from .positions import as_written, entries, item_of


def expected(data: Any, annotation: Any) -> Any:
    """The project loader's data with the numbers as the canonical layout writes them."""
    if isinstance(data, dict):
        return {new_key: expected(value, child)
                for _, new_key, value, child in entries(data, annotation)}
    if isinstance(data, list):
        item = item_of(annotation)
        return [expected(as_written(v, item), item) for v in data]
    return data


def same_data(a: Any, b: Any) -> bool:
    """Equal values of equal types (so 1, 1.0 and True differ), key order ignored."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return bool(a == b)


def scan(text: str) -> tuple[list[tuple[int, int]], list[Any]]:
    """The (start, end) of every comment in `text`, and the YAML tokens around them.

    The YAML scanner finds every token (scalars, quoted or block, tags, anchors, indicators);
    a «#» outside all of them that starts a line or follows a blank starts a comment.
    """
    import yaml

    masked = list(text)
    tokens: list[Any] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            tokens.append(token)
            for index in range(token.start_mark.index, token.end_mark.index):
                if masked[index] != "\n":
                    masked[index] = " "
    except yaml.YAMLError:
        pass  # the loader has already accepted the text; a scanner quirk only masks less
    flat = "".join(masked)
    spans = [(match.start(), match.end()) for match in
             re.finditer(r"(?:^|(?<=[ \t]))#[^\n]*", flat, flags=re.MULTILINE)]
    return spans, tokens


def comments_of(text: str) -> list[str]:
    """Every comment in `text` (from «#» to the end of its line, trailing blanks dropped), in
    order: what the safety check compares before and after formatting."""
    return [text[start:end].rstrip(" \t\r") for start, end in scan(text)[0]]
