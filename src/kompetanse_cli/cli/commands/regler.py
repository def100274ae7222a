"""`komp regler`: the rules listed or one explained, with a forum's own settings when asked."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ...diagnostics import UsageError
from ..errors import EXIT_INVALID, EXIT_OK
from ..settings import Options


def regler(options: Options, kode: str | None, *, markdown: bool = False, kilder: bool = False,
           forum: Path | None = None, maalform: str = "nb") -> int:
    from ...rules import RULES_BY_CODE
    from ...rules.docs import markdown as rules_markdown
    from ...rules.docs import rule_list, rule_text

    if markdown:
        if kode is not None or forum is not None:
            raise UsageError("--markdown skriver alle reglene og tar ingen regelkode eller --forum")
        sys.stdout.write(rules_markdown(maalform=maalform))
        return EXIT_OK
    settings = None
    if forum is not None:
        settings = _forum_regler(options, forum, maalform)
        if settings is None:
            return EXIT_INVALID
    if kode is None:
        sys.stdout.write(rule_list(sources=kilder, maalform=maalform, forum=settings))
        return EXIT_OK
    rule = RULES_BY_CODE.get(kode.strip().upper())
    if rule is None:
        raise UsageError(f"ukjent regelkode «{kode}»; `komp regler` viser alle reglene")
    sys.stdout.write(rule_text(rule, maalform, settings))
    return EXIT_OK


def _forum_regler(options: Options, path: Path, maalform: str) -> Any:
    """The forum's settings for `komp regler --forum`; a usage error for a bad path, and None
    (after forum.yaml's diagnostics) when the folder has no valid forum.yaml."""
    from ...reporters import report_text
    from ...rules.docs import forum_regler, read_forum

    model, rel, report = read_forum(path)
    if model is None:
        if report is None:
            raise UsageError(f"«{path}» har ingen forum.yaml; --forum trenger en forummappe")
        report_text(report, sys.stdout, colour=options.settings.colour)
        return None
    return forum_regler(model, rel, maalform)
