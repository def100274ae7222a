"""`komp diff`: what changed in the plan between two git revisions."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ...diagnostics import UsageError
from ..errors import EXIT_INVALID, EXIT_OK


def diff(args: Sequence[str], *, format_name: str = "text", exit_code: bool = False) -> int:
    """Compare REV [REV2] [FORUM] in `format_name` (text, markdown or json); with `exit_code`,
    1 when something changed."""
    import json

    from ...diff import DiffError, GitError, find_repo, is_revision, markdown, text
    from ...diff import diff as compare

    if len(args) > 3:
        raise UsageError("for mange argumenter; bruk REV [REV2] [FORUM]", command="diff")
    rev, rev2, forum = args[0], None, Path(".")
    try:
        if len(args) == 3:
            rev2, forum = args[1], Path(args[2])
        elif len(args) == 2:
            # REV2 or FORUM: a revision unless it is an existing folder or no revision at all.
            second = Path(args[1])
            try:
                revision = not second.is_dir() and is_revision(find_repo(Path(".")), args[1])
            except GitError:  # here is no repository: the argument is the forum
                revision = False
            if revision:
                rev2 = args[1]
            else:
                forum = second
        result = compare(forum, rev, rev2)
    except (DiffError, GitError) as exc:
        raise UsageError(str(exc), command="diff") from None
    if format_name == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    elif format_name == "markdown":
        sys.stdout.write(markdown(result))
    else:
        sys.stdout.write(text(result))
    return EXIT_INVALID if exit_code and result["changed"] else EXIT_OK
