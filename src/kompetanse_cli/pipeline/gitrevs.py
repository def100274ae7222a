"""Earlier revisions read from git: the repository a folder lies in, a revision's commit id,
and a forum's planning files at a commit, without checking anything out (`git ls-tree` and `git
cat-file --batch` in the repository). `komp diff` compares two revisions read this way, and a
vedtak's `grunnlag` (pipeline/grunnlag.py) is read this way.

git runs as a child with the user's environment, without asking for a password
(GIT_TERMINAL_PROMPT=0) and in English (LC_ALL=C).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class GitError(Exception):
    """Not a git repository, git missing, or an unknown revision."""


def _git(args: list[str], cwd: Path, *,
         stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise GitError("fant ikke programmet git; installer git for å bruke komp diff")
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run([git, *args], cwd=cwd, input=stdin, capture_output=True,
                              timeout=120, check=False, env=env)
    except OSError as exc:
        from ..files import os_feil_tekst
        raise GitError(f"git kunne ikke kjøres ({os_feil_tekst(exc)})") from None
    except subprocess.TimeoutExpired:
        raise GitError("git brukte mer enn 120 sekunder og ble stoppet") from None
    except subprocess.SubprocessError:
        raise GitError("git kunne ikke kjøres") from None


@dataclass(frozen=True)
class Repo:
    """The repository a forum lies in, and the forum's folder relative to its root."""

    root: Path
    prefix: str  # POSIX path of the forum folder below root; "" for the root itself
    forum: Path


def find_repo(forum: Path) -> Repo:
    """The git repository around `forum` (raises GitError outside one)."""
    forum_abs = Path(os.path.realpath(forum))
    start = forum_abs
    while not start.is_dir() and start != start.parent:  # a forum deleted from the work tree
        start = start.parent
    done = _git(["rev-parse", "--show-toplevel"], start)
    if done.returncode != 0:
        raise GitError(f"«{forum}» ligger ikke i et git-repo; komp diff sammenligner versjoner "
                        "fra git (kjør `git init` og lag en commit først)")
    root = Path(os.path.realpath(done.stdout.decode("utf-8", "replace").strip()))
    try:
        rel = forum_abs.relative_to(root)
    except ValueError:
        raise GitError(f"«{forum}» ligger utenfor git-repoet i «{root}»") from None
    prefix = rel.as_posix()
    return Repo(root, "" if prefix == "." else prefix, forum_abs)


def resolve(repo: Repo, rev: str) -> str:
    """The full commit id of `rev` (raises GitError for an unknown revision)."""
    if not rev or rev.startswith("-"):
        raise GitError(f"ukjent revisjon «{rev}»")
    done = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                repo.root)
    if done.returncode != 0:
        shallow = _git(["rev-parse", "--is-shallow-repository"], repo.root)
        if shallow.returncode == 0 and shallow.stdout.strip() == b"true":
            raise GitError(f"ukjent revisjon «{rev}»: git-repoet er en grunn kopi (shallow "
                            "clone) uten den eldre historikken; hent den med `git fetch "
                            "--unshallow` (i GitHub Actions: `fetch-depth: 0`)")
        raise GitError(f"ukjent revisjon «{rev}» i git-repoet; se `git log --oneline` for "
                        "commitene (f.eks. HEAD, HEAD~1, main eller en commit-id)")
    return done.stdout.decode().strip()


def is_revision(repo: Repo, rev: str) -> bool:
    try:
        resolve(repo, rev)
    except GitError:
        return False
    return True


def _planning_path(rel: str) -> bool:
    """forum.yaml and the YAML files of partnerskap/<slug>/ (unknown ones too, as validate sees)."""
    parts = PurePosixPath(rel).parts
    if parts == ("forum.yaml",):
        return True
    return (len(parts) == 3 and parts[0] == "partnerskap" and not parts[1].startswith(".")
            and parts[2].lower().endswith((".yaml", ".yml")))


def _forum_of(rel: str) -> str | None:
    """For a folder of forums: the forum folder `rel` lies in, if it is one of its planning files."""
    forum, _, inner = rel.partition("/")
    if not inner or forum.startswith(".") or not _planning_path(inner):
        return None
    return forum


def files_at(repo: Repo, commit: str) -> dict[str, bytes]:
    """The forum's planning files at `commit`: path relative to the forum → content."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if repo.prefix:
        args += ["--", repo.prefix + "/"]
    done = _git(args, repo.root)
    if done.returncode != 0:
        raise GitError(f"git ls-tree feilet: {done.stderr.decode('utf-8', 'replace').strip()}")
    wanted: list[tuple[str, str]] = []
    nested: list[tuple[str, str]] = []  # the planning files of forums one folder down
    for entry in done.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        _mode, kind, sha = meta.decode().split()
        path = raw_path.decode("utf-8", "surrogateescape")
        if kind != "blob":
            continue
        rel = path[len(repo.prefix) + 1:] if repo.prefix else path
        if _planning_path(rel):
            wanted.append((rel, sha))
        elif _forum_of(rel) is not None:
            nested.append((rel, sha))
    if not wanted:  # not a forum itself: a folder of forums (a national repository), as validate
        wanted = nested
    if not wanted:
        return {}
    batch = _git(["cat-file", "--batch"], repo.root,
                 stdin="".join(f"{sha}\n" for _, sha in wanted).encode())
    if batch.returncode != 0:
        raise GitError(f"git cat-file feilet: {batch.stderr.decode('utf-8', 'replace').strip()}")
    out: dict[str, bytes] = {}
    data = batch.stdout
    pos = 0
    for rel, _ in wanted:
        header_end = data.index(b"\n", pos)
        size = int(data[pos:header_end].split()[2])
        start = header_end + 1
        out[rel] = data[start:start + size]
        pos = start + size + 1
    return out
