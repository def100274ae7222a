"""`komp diff`: what changed in a forum's plan between two git revisions, in domain terms.

Both versions are read from git without checking anything out (pipeline/gitrevs.py) and run
through the project's own pipeline (discover → check_layout → rules), so that measures, money
and diagnostics are compared exactly as `komp validate` and the documents see them:

- versions.py reads each version (a revision, or the work tree) into what is compared;
- findings.py tells which diagnostics appeared and which were fixed;
- compare.py compares measures, money, frames, vedtak and reports (the JSON output);
- text.py and markdown.py present the comparison for a terminal and for a merge request.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..pipeline.gitrevs import GitError, Repo, files_at, find_repo, is_revision, resolve
from .compare import compare
from .markdown import markdown
from .text import text
from .versions import Version, load_version, names_folder, version_at, work_tree

__all__ = ["DiffError", "GitError", "Repo", "Version", "compare", "diff", "files_at", "find_repo",
           "is_revision", "load_version", "markdown", "resolve", "text"]


class DiffError(Exception):
    """A folder that cannot be compared: a partnership without its forum, or no forum in
    either version (exit 2, as a GitError)."""


def forum_folder_of(path: Path) -> Path:
    """The forum folder to compare for `path`: itself, or the forum a partnership lies in.

    A partnership is compared as part of its forum (the money and the frames are the forum's);
    a partnership folder with no forum around it is refused.
    """
    from ..pipeline.discover import FORUM_FILENAME, PARTNERSHIP_FILENAMES

    folder = Path(os.path.abspath(path))
    if (folder / FORUM_FILENAME).is_file() or (folder / "partnerskap").is_dir():
        return path
    if folder.parent.name == "partnerskap":
        return folder.parent.parent
    if any((folder / name).is_file() for name in PARTNERSHIP_FILENAMES):
        raise DiffError(
            f"«{path}» er en partnerskapsmappe uten et forum rundt seg (forum.yaml og "
            "partnerskap/<navn>/); komp diff sammenligner et helt forum, så pek på forummappen")
    return path


def diff(forum: Path, rev: str, rev2: str | None) -> dict[str, Any]:
    """Compare the forum at `rev` with `rev2` (None: the work tree); a partnership folder
    means the forum it lies in."""
    forum = forum_folder_of(forum)
    repo = find_repo(forum)
    with names_folder(repo.forum.name) as names:
        old = version_at(repo, rev, names)
        new = version_at(repo, rev2, names) if rev2 is not None else work_tree(repo)
    if not old.present and not new.present:
        raise DiffError(f"finner ingen forum i «{forum}», verken i {old.label} eller i "
                        f"{new.label}")
    result = compare(old, new)
    result["forum"] = repo.prefix or "."
    return result
