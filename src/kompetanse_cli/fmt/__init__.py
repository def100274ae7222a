"""`komp fmt`: one canonical layout for planning files, keeping every comment and every value.

The canonical layout: keys in the order of the models' fields (the order the file format
documents), unknown keys after the known ones in their original order; two spaces of
indentation, with the «- » of a sequence indented two spaces under its key; block style; quotes
only where a value would otherwise read as something else (then double quotes); years and
amounts as integers when the file has them as digit-only text (`"2027":` → `2027:`,
`"700000"` → `700000`).

ruamel.yaml's round-trip mode does the rewriting, so comments stay. The project's own loader
reads each file first (a file it cannot read is reported and left alone) and reads the result
again: a rewrite that would change any value is refused rather than written.

By job: `files` (the files the paths name, each formatted and written, the cache's memory),
`text` (one text from start to end), `roundtrip` (ruamel's set-up and the layout made on its
tree), `verify` (the same values and comments before and after), `canonical` (a text already
canonical, told without ruamel), `positions` (what each position holds, from the models).
"""

from .files import Outcome, collect, format_file, run
from .text import FormatError, format_text
from .verify import comments_of, same_data

__all__ = ["FormatError", "Outcome", "collect", "comments_of", "format_file", "format_text",
           "run", "same_data"]
