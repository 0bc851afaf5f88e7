"""kg.loadpipe: a file, then lines made while it is read, through a named pipe; a reader that
stops, a reader that never comes and a writer that fails end the block without hanging, and a
stream that ended early is never taken for a whole one."""

from __future__ import annotations

import os
import threading

import pytest

from kg import loadpipe

pytestmark = pytest.mark.skipif(not loadpipe.pipes(), reason="no named pipes on this system")


def _read_all(stream: str) -> bytes:
    with open(stream, "rb") as pipe:
        return pipe.read()


def test_the_reader_gets_the_file_a_line_break_and_then_the_batches(tmp_path):
    data = tmp_path / "data.nt"
    body = b"<http://example.org/a> <http://example.org/p> <http://example.org/b> ." + b"x" * 300_000  # > a pipe's buffer
    data.write_bytes(body)
    made = threading.Event()

    def then() -> list[bytes]:
        made.wait(5)  # the reader waits while the lines are made
        return [b"first\n", b"", b"second\n"]

    with loadpipe.piped(data, then) as stream:
        threading.Timer(0.05, made.set).start()
        got = _read_all(stream)
        folder = os.path.dirname(stream)
    assert got == body + b"\nfirst\nsecond\n"
    assert not os.path.exists(folder)  # the pipe is removed with its folder


def test_a_reader_that_stops_early_ends_the_block_without_an_error(tmp_path):
    data = tmp_path / "data.nt"
    data.write_bytes(b"y" * 2_000_000)
    asked = []
    with loadpipe.piped(data, lambda: asked.append(1) or [b"more\n"]) as stream, open(stream, "rb") as pipe:
        assert pipe.read(10) == b"y" * 10  # then closed: the writer's next write finds no reader
    assert asked == []  # it stopped before the file's end: the lines were never asked for


def test_a_reader_that_never_opens_the_pipe_ends_the_block(tmp_path):
    data = tmp_path / "data.nt"
    data.write_bytes(b"z\n")
    with loadpipe.piped(data, lambda: [b"more\n"]):
        pass  # the bulk loader failed before it opened its input


def test_the_writers_error_is_raised_when_the_block_ends(tmp_path):
    data = tmp_path / "data.nt"
    data.write_bytes(b"<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n")

    def then() -> list[bytes]:
        raise RuntimeError("the keys could not be made")

    with pytest.raises(RuntimeError, match="could not be made"), loadpipe.piped(data, then) as stream:
        assert _read_all(stream) == data.read_bytes() + b"\n"  # the stream ends early, then the error


def test_a_missing_file_is_raised_when_the_block_ends(tmp_path):
    with pytest.raises(FileNotFoundError), loadpipe.piped(tmp_path / "gone.nt", list) as stream:
        assert _read_all(stream) == b""
