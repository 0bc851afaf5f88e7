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

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["DASH", "STDIN_NAME", "is_dash", "is_spooled", "spooled", "write_output"]

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


@contextmanager
def spooled(stream: IO[bytes], name: str = STDIN_NAME) -> Iterator[Path]:
    """``stream`` copied into a file called ``name`` in a private temporary directory, removed
    afterwards."""
    with tempfile.TemporaryDirectory(prefix=_PREFIX) as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            shutil.copyfileobj(stream, out)
        yield path


def write_output(data: bytes, output: str | Path) -> None:
    """Write ``data`` to the file ``output``, or to standard output when it is ``-``."""
    if is_dash(output):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        Path(output).write_bytes(data)
