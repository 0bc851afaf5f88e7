"""``-`` as a file argument: standard input or output.

Every command that reads or writes a file takes ``-`` for standard input or output (``kg import
-``, ``kg load - --format nt``, ``kg query -``, ``kg export -o -``). Only the argument ``-``
itself means that: a file that happens to be called ``-`` is reached as ``./-``, and never read or
written in place of standard input or output.

Readers that need a file (they read it twice, find a line again for an error, hash it) get
standard input spooled into a private temporary directory, as a file whose name is
:data:`STDIN_NAME`, so every message names ``<stdin>`` with its line or row.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["DASH", "STDIN_NAME", "is_dash", "is_spooled", "no_file", "spooled", "write_output"]

DASH = "-"
STDIN_NAME = "<stdin>"


def is_dash(value: object) -> bool:
    """Whether a command-line value is the argument ``-`` itself (a ``str``, as given; a
    ``Path`` is never one: ``Path("./-")`` prints as ``-``)."""
    return isinstance(value, str) and value == DASH


def is_spooled(path: Path) -> bool:
    """Whether ``path`` is standard input spooled by :func:`spooled` (messages name it ``<stdin>``)."""
    return path.name == STDIN_NAME and path.parent.name.startswith(_PREFIX)


_PREFIX = "kg-stdin-"


def no_file(path: Path) -> str:
    """Why ``path`` cannot be read as a file: it does not exist, or it is a device, a pipe or a
    folder (``/dev/zero`` was said to be missing)."""
    return "not a regular file (a device, a pipe or a folder)" if path.exists() else "no such file"


_CHUNK = 1 << 20
_FREE_RESERVE = 256 * 1024 * 1024  # bytes a spool leaves free on its disk


@contextmanager
def spooled(stream: IO[bytes], name: str = STDIN_NAME) -> Iterator[Path]:
    """``stream`` copied into a file called ``name`` in a private temporary directory, removed
    afterwards, also when the process is stopped with SIGTERM (as with Ctrl-C), and by the next
    spool when it was killed. Every input kg spools is text: a NUL byte stops the copy at once
    (``kg load - < /dev/zero`` had filled the disk), and so does a disk about to fill."""
    from .errors import InputError, ParseError

    _sweep()
    with _interrupted_by_sigterm(), tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-") as folder:
        path = Path(folder) / name
        lines = 0
        with path.open("wb") as out:
            while chunk := stream.read(_CHUNK):
                nul = chunk.find(b"\x00")
                if nul >= 0:
                    raise ParseError(name, lines + chunk.count(b"\n", 0, nul) + 1, None,
                                     "a NUL byte (0x00): RDF, CSV and report text never holds one raw; is this a "
                                     "binary or damaged stream?")
                lines += chunk.count(b"\n")
                out.write(chunk)
                if shutil.disk_usage(folder).free < _FREE_RESERVE:
                    raise InputError(f"{name}: standard input is about to fill the disk of {tempfile.gettempdir()} "
                                     f"({out.tell():,} bytes read): give the file's path instead of -")
        yield path


@contextmanager
def _interrupted_by_sigterm() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt while the block runs (in the main thread), so that what
    the block made is cleaned up as after Ctrl-C; elsewhere nothing changes."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(number: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {number}")

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _sweep() -> None:
    """Remove the spools of kg processes that are gone (killed before they could: SIGKILL)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*-*"):
        pid = folder.name[len(_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # another user's process, alive
            continue


def write_output(data: bytes, output: str | Path) -> None:
    """Write ``data`` to the file ``output``, or to standard output when it is ``-``."""
    if is_dash(output):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        Path(output).write_bytes(data)
