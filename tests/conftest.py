"""Shared helpers: run komp in-process, and build forums from the bundled examples."""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest

from kompetanse_cli.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"


class ForumFactory(Protocol):
    """The `forum` fixture: `forum()` or `forum("vestland-fyo")` copies an example forum."""

    def __call__(self, name: str = ...) -> Path: ...


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run_komp(*args: str | Path) -> Result:
    """Run `komp ARGS` in this process and capture what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return Result(code, out.getvalue(), err.getvalue())


def diagnostics_of(path: Path, *extra: str) -> list[dict[str, Any]]:
    result = run_komp("validate", path, "--format", "json", *extra)
    assert result.code in (0, 1), result.err
    diagnostics: list[dict[str, Any]] = result.json()["diagnostics"]
    return diagnostics


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the user's own cache: each test gets an empty one of its own."""
    monkeypatch.setenv("KOMP_CACHE_DIR", str(tmp_path_factory.mktemp("komp-cache")))


@pytest.fixture
def forum(tmp_path: Path) -> ForumFactory:
    """A factory: a writable copy of one example forum."""

    def copy(name: str = "nordland") -> Path:
        target = tmp_path / name
        shutil.copytree(EXAMPLES / name, target)
        return target

    return copy
