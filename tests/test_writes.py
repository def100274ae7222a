"""Where komp writes: `-o` never replaces an input of the run or something that is not a
regular file; devices and pipes are written in place; fmt writes through symlinks."""

from __future__ import annotations

import os
import select
import stat
import threading
from pathlib import Path

import pytest

from conftest import ForumFactory, run_komp


@pytest.mark.parametrize("target", [
    "forum.yaml", "partnerskap/salten/tiltak.yaml", "partnerskap/../forum.yaml"])
def test_output_onto_an_input_file_is_refused(forum: ForumFactory, target: str) -> None:
    folder = forum("nordland")
    path = folder / target
    before = path.read_bytes()
    result = run_komp("innstilling", folder, "-o", path)
    assert result.code == 2
    assert "leser" in result.err and "Traceback" not in result.err
    assert path.read_bytes() == before


def test_output_onto_a_link_to_an_input_file_is_refused(forum: ForumFactory, tmp_path: Path) -> None:
    folder = forum("nordland")
    link = tmp_path / "ut.md"
    link.symlink_to(folder / "forum.yaml")
    before = (folder / "forum.yaml").read_bytes()
    result = run_komp("plan", folder, "-o", link)
    assert result.code == 2
    assert (folder / "forum.yaml").read_bytes() == before


def test_output_to_a_pipe_is_written_in_place(forum: ForumFactory, tmp_path: Path) -> None:
    folder = forum("nordland")
    fifo = tmp_path / "ut.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    chunks: list[bytes] = []
    done = threading.Event()

    def drain() -> None:
        while not done.is_set():
            ready, _, _ = select.select([reader], [], [], 0.05)
            if ready:
                chunk = os.read(reader, 65536)
                if chunk:
                    chunks.append(chunk)

    thread = threading.Thread(target=drain)
    thread.start()
    try:
        result = run_komp("innstilling", folder, "-o", fifo)
    finally:
        done.set()
        thread.join()
    while True:  # what was still in the pipe
        try:
            chunk = os.read(reader, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(reader)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the pipe was replaced by a regular file"
    assert b"".join(chunks).decode("utf-8").startswith("# ")


def test_output_to_a_socket_is_refused(forum: ForumFactory, tmp_path: Path) -> None:
    import socket

    folder = forum("nordland")
    short = Path("/tmp") / f"komp-{os.getpid()}.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(short))
        result = run_komp("innstilling", folder, "-o", short)
        assert result.code == 2
        assert stat.S_ISSOCK(os.lstat(short).st_mode)
    finally:
        server.close()
        short.unlink(missing_ok=True)


def test_output_through_a_symlink_writes_the_target(forum: ForumFactory, tmp_path: Path) -> None:
    folder = forum("nordland")
    real = tmp_path / "dokumenter" / "innstilling.md"
    real.parent.mkdir()
    real.write_text("gammel\n", encoding="utf-8")
    link = tmp_path / "siste.md"
    link.symlink_to(real)
    assert run_komp("innstilling", folder, "-o", link).code == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("# ")


def test_fmt_writes_through_a_symlinked_planning_file(forum: ForumFactory) -> None:
    folder = forum("nordland")
    salten = folder / "partnerskap" / "salten"
    shared = folder / "felles"
    shared.mkdir()
    (salten / "behov.yaml").rename(shared / "behov.yaml")
    (salten / "behov.yaml").symlink_to(Path("..") / ".." / "felles" / "behov.yaml")
    text = (shared / "behov.yaml").read_text(encoding="utf-8")
    (shared / "behov.yaml").write_text(text.replace("    tittel: Leseopplæring på mellomtrinnet",
                                                        '    tittel: "Leseopplæring på mellomtrinnet"', 1),
                                       encoding="utf-8")
    result = run_komp("fmt", salten / "behov.yaml")
    assert result.code == 0, result.err
    assert (salten / "behov.yaml").is_symlink()
    assert (shared / "behov.yaml").read_text(encoding="utf-8") == text
