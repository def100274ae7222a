"""Shared helpers: run komp in-process, and build forums from the bundled examples."""

from __future__ import annotations

import ctypes
import io
import json
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
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


def assert_from_their_rules(diagnostics: list[dict[str, Any]]) -> None:
    """Each diagnostic (as in JSON) has a rule's code and that rule's source, as `komp regler`
    shows it."""
    from kompetanse_cli.rules import RULES_BY_CODE

    for d in diagnostics:
        rule = RULES_BY_CODE.get(d["code"])
        assert rule is not None, f"{d['code']} is no rule's code: {d['message']}"
        assert d["source"] == rule.source, f"{d['code']} ({d['message']}): {d['source']!r}"


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


_CAP_DAC = (1 << 1) | (1 << 2)  # CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH: root reads any file


@contextmanager
def _without_dac_capabilities() -> Iterator[None]:
    """Root's file permission checks, as for anyone else, in this thread (Linux only). The
    capabilities stay permitted, so they come back afterwards; when they cannot be dropped,
    nothing changes and the caller sees that the file can still be read."""
    if sys.platform != "linux" or os.geteuid() != 0:
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        yield
        return
    saved = data[0].effective
    data[0].effective &= ~_CAP_DAC
    dropped = libc.capset(ctypes.byref(header), data) == 0
    try:
        yield
    finally:
        if dropped:
            data[0].effective = saved
            libc.capset(ctypes.byref(header), data)


@contextmanager
def unreadable(path: Path) -> Iterator[None]:
    """`path` without read permission, really: opening it fails with PermissionError, also when
    the tests run as root. Skips the test only where no such file can be made."""
    mode = path.stat().st_mode
    path.chmod(0)
    try:
        with _without_dac_capabilities():
            try:
                path.open("rb").close()
            except PermissionError:
                yield
                return
            pytest.skip("her kan en fil ikke gjøres uleselig: chmod 000 stopper ikke lesingen, "
                        "og prosessen kan ikke legge fra seg CAP_DAC_OVERRIDE")
    finally:
        path.chmod(mode)


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
