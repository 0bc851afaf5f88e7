"""A file, then lines made while it loads, given to Oxigraph's bulk loader as one stream
through a named pipe: ``kg load`` writes the name keys of an N-Triples file's labels
(kg.loadnames) in the same bulk load as the file, though they are made only once the file has
been read (kg.loaded).

A second bulk load of the keys cost more than the keys themselves: at 10M triples 29 s of CPU
against 20 s in one load, and RocksDB's compaction of the two loads ran on beside the rest of
the load (docs/scaling.md). The bulk loader reads a Python file object a few kilobytes at a
time, each read taking Python's lock from a busy thread; a named pipe it opens by path is read
in Rust, and the writer here spends its time in system calls, outside the lock.

Where there are no named pipes (Windows), :func:`piped` says so and kg.load loads the keys
apart, as before.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["piped", "pipes"]


def pipes() -> bool:
    """Whether this system has named pipes."""
    return hasattr(os, "mkfifo")


@contextmanager
def piped(path: Path, then: Callable[[], list[bytes]]) -> Iterator[str]:
    """The path of a named pipe that gives the bytes of ``path``, a line break, then the
    batches ``then`` returns (it may wait for them: the reader waits too). Read it once, in the
    block; the writer stops when the reader stops reading (a failed load). The writer's own
    error (the file unreadable, ``then`` failing) is raised when the block ends: the reader
    saw the stream end early, so what it read must not stand."""
    folder = tempfile.mkdtemp(prefix="kg-load-")
    fifo = os.path.join(folder, "stream.nt")
    os.mkfifo(fifo, 0o600)
    stopped = threading.Event()  # the block ended: a writer still waiting for its reader gives up
    failed: list[BaseException] = []

    def write() -> None:
        try:
            fd = _open_writer(fifo, stopped)
            if fd is None:
                return
            try:
                _send_file(fd, path)
                _write_all(fd, b"\n")  # the file's last line may lack its line break
                for batch in then():
                    _write_all(fd, batch)
            except BrokenPipeError:  # the reader stopped: its load failed, and says why
                pass
            finally:
                os.close(fd)
        except BaseException as error:  # noqa: BLE001 - raised in the reader's thread, below
            failed.append(error)

    writer = threading.Thread(target=write, name="kg-load-pipe", daemon=True)
    writer.start()
    try:
        yield fifo
    finally:
        stopped.set()
        writer.join()
        shutil.rmtree(folder, ignore_errors=True)
    if failed:
        raise failed[0]


def _open_writer(fifo: str, stopped: threading.Event) -> int | None:
    """The pipe opened for writing once its reader has opened it (None: the block ended first,
    the reader failed before it read)."""
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # ENXIO until there is a reader
        except OSError as error:
            if error.errno != errno.ENXIO:
                raise
            if stopped.wait(0.002):
                return None
            continue
        os.set_blocking(fd, True)
        return fd


def _send_file(fd: int, path: Path) -> None:
    """Every byte of ``path`` written to ``fd`` (os.sendfile: in the kernel, where it can)."""
    with path.open("rb") as source:
        offset, size = 0, os.fstat(source.fileno()).st_size
        try:
            while offset < size and hasattr(os, "sendfile"):
                sent = os.sendfile(fd, source.fileno(), offset, min(size - offset, 1 << 24))
                if sent == 0:  # the file got shorter: what is left is read below
                    break
                offset += sent
        except OSError as error:
            if error.errno not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSOCK):
                raise
        source.seek(offset)
        while chunk := source.read(1 << 20):
            _write_all(fd, chunk)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
