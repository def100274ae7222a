"""The forum as it stood at a vedtak's `grunnlag`: the git commit its innstilling was made from.

The planning files at that commit are read from git without checking anything out (as `komp
diff` reads a revision) and checked by the same pipeline (discover → load → schema), so the
decided measures and amounts are compared exactly as `komp validate` sees today's. A commit's
content never changes, so what was read is kept for the rest of the process; a failure (no
git, no repository, a commit that is not there) is not kept, and says why in Norwegian.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.context import ForumContext

if TYPE_CHECKING:
    from .gitrevs import Repo


@dataclass(frozen=True)
class Grunnlag:
    """The forum at a commit (`ctx`), or why it could not be read (`feil`)."""

    rev: str
    commit: str | None = None
    ctx: ForumContext | None = None
    feil: str | None = None
    hint: str | None = None


_READ: dict[tuple[str, str], Grunnlag] = {}
_COMMIT_ID = re.compile(r"[0-9a-fA-F]{4,64}")
_GIT_FOLDER: dict[str, str] = {}


@contextmanager
def git_folder_for(folder: Path, real: Path) -> Iterator[None]:
    """While a version read from git lies in `folder` (a temporary copy, as `komp diff` makes
    one), its grunnlag is read from the repository of `real`, where that version came from."""
    key = os.path.realpath(folder)
    _GIT_FOLDER[key] = str(real)
    try:
        yield
    finally:
        _GIT_FOLDER.pop(key, None)


def read_grunnlag(folder: str, rev: str) -> Grunnlag:
    """The forum in `folder` as it stood at the commit `rev` of the repository it lies in."""
    from .gitrevs import GitError, files_at, find_repo

    rev = rev.strip()
    folder = _GIT_FOLDER.get(os.path.realpath(folder), folder)
    key = (os.path.realpath(folder), rev)
    found = _READ.get(key)
    if found is not None:
        return found
    try:
        repo = find_repo(Path(folder))
    except GitError as exc:
        return Grunnlag(rev, feil=str(exc).split(";")[0],
                        hint="K313 sammenligner med versjonen i git: legg forumet i et git-repo "
                             "med commiten innstillingen ble laget fra, eller ta bort «grunnlag»")
    if not _COMMIT_ID.fullmatch(rev):  # a branch, a tag or HEAD moves; a commit never does
        return Grunnlag(rev, feil=f"«{rev}» er ikke en commit-id",
                        hint="skriv commit-id-en (sifre og bokstavene a–f) slik den står nederst i "
                             "innstillingen, ikke et navn som HEAD, main eller en tagg: de kan "
                             "flytte seg til en annen commit")
    commit = _resolve(repo, rev)
    if commit is None:
        return Grunnlag(rev, feil=f"commiten «{rev}» finnes ikke i git-repoet",
                        hint="sjekk commit-id-en nederst i innstillingen; i en grunn kopi (shallow "
                             "clone) må hele historikken hentes (`git fetch --unshallow`, eller "
                             "`fetch-depth: 0` i GitHub Actions)")
    try:
        files = files_at(repo, commit)
    except GitError as exc:
        return Grunnlag(rev, commit, feil=str(exc), hint="sjekk git-repoet med `git fsck`")
    if not files:
        result = Grunnlag(rev, commit, feil=f"forumet fantes ikke i commiten «{rev}»",
                          hint="«grunnlag» skal være commiten innstillingen ble laget fra")
    else:
        ctx, broken = _checked(files, repo.forum.name)
        if broken:
            shown = ", ".join(broken[:3]) + (f" og {len(broken) - 3} til" if len(broken) > 3 else "")
            result = Grunnlag(rev, commit, feil=f"planfilene i commiten «{rev}» har feil ({shown})",
                              hint="«grunnlag» skal være commiten innstillingen ble laget fra, og "
                                   "komp lager ikke innstillingen av planfiler med feil; sjekk "
                                   "commit-id-en nederst i innstillingen")
        else:
            result = Grunnlag(rev, commit, ctx=ctx)
    _READ[key] = result
    return result


def _resolve(repo: Repo, rev: str) -> str | None:
    from .gitrevs import GitError, resolve

    if not rev or rev.startswith("-") or any(c.isspace() for c in rev):
        return None
    try:
        commit = resolve(repo, rev)
    except GitError:
        return None
    if commit.startswith(rev.lower()):
        return commit
    return _commit_by_id(repo, rev)


def _commit_by_id(repo: Repo, rev: str) -> str | None:
    """The one commit whose id begins with `rev`: git takes a branch or tag of that name first,
    and such a name can point anywhere."""
    from .gitrevs import GitError, _git

    try:
        found = _git(["rev-parse", f"--disambiguate={rev.lower()}"], repo.root)
        if found.returncode != 0 or not found.stdout.strip():
            return None
        kinds = _git(["cat-file", "--batch-check"], repo.root, stdin=found.stdout)
    except GitError:
        return None
    commits = [line.split()[0].decode("ascii") for line in kinds.stdout.splitlines()
               if line.split()[1:2] == [b"commit"]]
    return commits[0] if len(commits) == 1 else None


def _checked(files: dict[str, bytes], name: str) -> tuple[ForumContext | None, list[str]]:
    """The schema-checked models of one version's planning files (no rules run), and the files
    that have errors in reading or in the schema (their models are missing or incomplete)."""
    import tempfile

    from ..diagnostics import Severity, UsageError
    from .check import check_layout
    from .discover import discover

    with tempfile.TemporaryDirectory(prefix="komp-grunnlag-") as tmp:
        root = Path(tmp) / (name or "forum")
        for rel, content in files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        try:
            layouts = discover(root)
        except UsageError:
            return None, []
        if len(layouts) != 1:
            return None, []
        # the models only: no position is asked of them
        ctx, diagnostics, _ = check_layout(layouts[0])
        broken = sorted({d.file for d in diagnostics if d.severity is Severity.ERROR})
        return ctx, broken
