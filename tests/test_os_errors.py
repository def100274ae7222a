"""Errors from the operating system are told in Norwegian, never in its own English text."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ForumFactory, run_komp
from kompetanse_cli.files import os_feil_tekst


def _raised(action: Callable[[], object]) -> OSError:
    try:
        action()
    except OSError as exc:
        return exc
    raise AssertionError("ingen OSError")


def test_real_errors_get_norwegian_texts(tmp_path: Path) -> None:
    plain = tmp_path / "fil.yaml"
    plain.write_text("a: 1\n", encoding="utf-8")
    loop = tmp_path / "løkke"
    loop.symlink_to(loop)
    cases: dict[str, Callable[[], object]] = {
        "finnes ikke": lambda: (tmp_path / "borte.yaml").read_bytes(),
        "er en mappe": lambda: tmp_path.read_bytes(),
        "er ikke en mappe": lambda: (plain / "under.yaml").read_bytes(),
        "for mange symbolske lenker": lambda: loop.read_bytes(),
        "navnet er for langt": lambda: (tmp_path / ("x" * 300)).read_bytes(),
    }
    for expected, action in cases.items():
        exc = _raised(action)
        assert os_feil_tekst(exc) == expected, (exc, expected)


@pytest.mark.parametrize(("code", "expected"), [
    (errno.EACCES, "ingen tilgang"), (errno.EPERM, "ingen tilgang"),
    (errno.ENOSPC, "disken er full"), (errno.EROFS, "skrivebeskyttet filsystem"),
    (errno.EIO, "lesefeil på disken"), (errno.EXDEV, "på et annet filsystem"),
    (errno.ENOSYS, "systemfeil ENOSYS")])
def test_errno_decides_the_text_not_the_english_one(code: int, expected: str) -> None:
    assert os_feil_tekst(OSError(code, "Some English text")) == expected


def test_an_error_without_errno_is_still_norwegian() -> None:
    assert os_feil_tekst(OSError("Something broke")) == "systemfeil"


def test_output_through_a_symlink_loop_is_refused_in_norwegian(
        forum: ForumFactory, tmp_path: Path) -> None:
    folder = forum("nordland")
    loop = tmp_path / "ut.md"
    loop.symlink_to(loop)
    result = run_komp("plan", folder, "-o", loop)
    assert result.code == 2
    assert "for mange symbolske lenker" in result.err and "Too many" not in result.err
