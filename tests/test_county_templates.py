"""A county's own templates (--maler) run with bounded time and memory, whatever they do:
even filters that run in C (format, center, join) cannot take the machine."""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_komp

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="resource limits on Linux")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("body", [
    "{{ '%0999999999d'|format(1) }}",
    "{{ 'x'|center(2000000000) }}",
    "{{ range(100000)|map('string')|join('x' * 900000) }}",
    "{{ '{:>999999999}'.format(1) }}",
], ids=["format", "center", "join", "str-format"])
def test_a_county_template_cannot_use_up_memory(tmp_path: Path, body: str) -> None:
    (tmp_path / "plan.md.j2").write_text(body + "\n", "utf-8")
    before, start = _peak_mb(), time.monotonic()
    result = run_komp("plan", EXAMPLES / "nordland", "--maler", tmp_path)
    elapsed, grown = time.monotonic() - start, _peak_mb() - before
    assert result.code == 1, result.err
    assert "malen" in result.err and "intern feil" not in result.err
    assert "Traceback" not in result.err
    assert grown < 300, f"komp itself grew by {grown:.0f} MB"
    assert elapsed < 15


def test_a_county_template_that_loops_is_stopped_in_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kompetanse_cli.documents.render as render_module

    monkeypatch.setattr(render_module, "MAX_SECONDS", 1)
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    (tmp_path / "plan.md.j2").write_text(loop + "\n", "utf-8")
    start = time.monotonic()
    result = run_komp("plan", EXAMPLES / "nordland", "--maler", tmp_path)
    assert result.code == 1
    assert "sekunder" in result.err and "intern feil" not in result.err
    assert time.monotonic() - start < 6


def test_a_good_county_template_still_renders(tmp_path: Path) -> None:
    (tmp_path / "plan.md.j2").write_text("# {{ d.forum.navn }}\n", "utf-8")
    result = run_komp("plan", EXAMPLES / "nordland", "--maler", tmp_path)
    assert result.code == 0, result.err
    assert result.out == "# Samarbeidsforum for lokal kompetanseutvikling i Nordland\n"
