"""Which commit a document was rendered from, for its footer (nothing when git is absent)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GitInfo:
    commit: str
    endret: bool


def describe(folder: Path) -> GitInfo | None:
    """The short commit of HEAD and whether `folder` has uncommitted changes, or None."""
    git = shutil.which("git")
    if git is None:
        return None
    folder = folder.resolve()
    try:
        head = subprocess.run(
            [git, "rev-parse", "--short", "HEAD"], cwd=folder, capture_output=True, text=True,
            timeout=10, check=False)
        if head.returncode != 0 or not head.stdout.strip():
            return None
        status = subprocess.run(
            [git, "status", "--porcelain", "--", "."], cwd=folder, capture_output=True,
            text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return GitInfo(head.stdout.strip(), bool(status.stdout.strip()))
