"""The write lock of an on-disk store: one writer at a time, readers never wait.

Every command that writes a generation (kg build, load, import, add, the dataset importers,
the first-use build of the bundled data) holds the lock from the moment it reads the live
generation it builds on until ``CURRENT`` has switched to the new one, so a second writer
builds on the first one's result instead of silently replacing it. The lock is
``fcntl.flock`` on the file ``kg-write.lock`` in the store directory: the operating system
releases it when the holder exits, kill -9 included, so a crashed writer never leaves the
store locked. The holder writes its pid, command and start time into the file, for the
waiter's message.

A second writer waits, saying once on stderr for whom, up to ``$KG_LOCK_TIMEOUT`` seconds
(default 600; 0: do not wait), then fails with StoreBusy (exit 4) naming the holder. The lock
is re-entrant within a process: a write that calls another write (an import's ``apply``,
then ``store.write``) takes it once.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError, StoreBusy

__all__ = ["DEFAULT_TIMEOUT", "LOCK_FILE", "holder", "lock_timeout", "write_lock"]

LOCK_FILE = "kg-write.lock"
DEFAULT_TIMEOUT = 600.0
_POLL = 0.05  # seconds between tries while waiting

_guard = threading.Lock()
_threads: dict[str, threading.RLock] = {}  # one per store: threads of one process take turns
_depth: dict[str, int] = {}  # how many times this process holds the store's lock


def lock_timeout() -> float:
    """Seconds a writer waits for the lock: ``$KG_LOCK_TIMEOUT``, else DEFAULT_TIMEOUT."""
    text = os.environ.get("KG_LOCK_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also refuses nan
        raise InputError(f"KG_LOCK_TIMEOUT must be a number of seconds (0 or more), not {text!r}")
    return value


def _command() -> str:
    args = list(sys.argv) or ["python"]
    name = Path(args[0]).name
    return " ".join([name, *args[1:]])[:300]


def holder(store_dir: Path) -> dict | None:
    """What the lock file says of the writer that holds (or last held) the lock."""
    try:
        text = (store_dir / LOCK_FILE).read_text(encoding="utf-8")
        data = json.loads(text) if text.strip() else None
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _describe(info: dict | None) -> str:
    if not info:
        return "another process"
    return f"process {info.get('pid')} ({info.get('command')}, started {info.get('started')})"


@contextmanager
def write_lock(store_dir: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the write lock of the on-disk store at ``store_dir`` (created if missing) for the
    block. Waits up to ``timeout`` seconds (default: ``lock_timeout()``) for another writer,
    saying so once on stderr; then raises StoreBusy naming the holder."""
    import fcntl

    store_dir = Path(store_dir)
    if store_dir.exists() and not store_dir.is_dir():
        raise InputError(f"store location {store_dir} is a file, not a directory")
    key = str(store_dir.resolve())
    wait = lock_timeout() if timeout is None else timeout
    deadline = time.monotonic() + wait
    with _guard:
        mine = _threads.setdefault(key, threading.RLock())
    if not (mine.acquire(timeout=min(wait, threading.TIMEOUT_MAX)) if wait > 0 else mine.acquire(blocking=False)):
        raise StoreBusy(f"the store at {store_dir} is being written by another thread of this process; "
                        f"waited {wait:g} s (KG_LOCK_TIMEOUT)")
    try:
        if _depth.get(key, 0):
            _depth[key] += 1
            try:
                yield
            finally:
                _depth[key] -= 1
            return
        store_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(store_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            said = False
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    who = _describe(holder(store_dir))
                    if time.monotonic() >= deadline:
                        raise StoreBusy(f"the store at {store_dir} is locked by {who}, which is writing to it; "
                                        f"gave up after {wait:g} s (set KG_LOCK_TIMEOUT to wait longer); "
                                        "nothing was written") from None
                    if not said:
                        print(f"waiting for the store's write lock: {store_dir} is being written by {who} "
                              f"(up to {wait:g} s, KG_LOCK_TIMEOUT)", file=sys.stderr, flush=True)
                        said = True
                    time.sleep(_POLL)
            info = {"pid": os.getpid(), "command": _command(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
            _depth[key] = 1
            try:
                yield
            finally:
                _depth[key] = 0
                os.ftruncate(fd, 0)  # no stale holder for the next waiter to name
        finally:
            os.close(fd)  # closing releases the flock
    finally:
        mine.release()
