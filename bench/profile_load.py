"""Where one `kg load` spends its time: a timeline of its steps, each with the thread it runs in.

    python bench/profile_load.py FILE.nt [--store /tmp/kg-profile-load]

Loads FILE (with ``--replace``) into a new on-disk store through kg.load, as `kg load` does, with
each step of the derivations wrapped to print when it starts and ends (seconds since the start)
and the thread that runs it: the second reading that feeds kg.loaded (``feed``: for N-Triples
``Seen.feed_ntriples``, its plain lines in C), the name keys
(``key_triples``), the name index (``save_index``), the edge table's rows and file (``rows_of``,
``write_rows``), the bulk load of the name keys (``write_key_triples``, in the bulk loader's
thread) and, where the data lacks them, the derivations read from the store; at the end, the CPU
time of the main thread (the reading and the derivations) and of the whole process. It writes nothing
to docs/benchmarks.md: bench/bench_load.py gives the ratios; this says where the time goes.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

T0 = time.perf_counter()


def log(message: str) -> None:
    print(f"{time.perf_counter() - T0:8.2f} s  [{threading.current_thread().name}] {message}", flush=True)


def timed(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        log(f"start {name}")
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            log(f"end {name} ({time.perf_counter() - started:.2f} s)")

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--store", type=Path, default=Path("/tmp/kg-profile-load"))
    args = parser.parse_args()

    from kg import edgerows, edges, load, loaded, loadnames

    for module, names in ((loadnames, ("key_triples", "save_index", "write_key_triples")),
                          (edges, ("write_rows", "write")), (edgerows, ("rows_of",)),
                          (load, ("_check_dates", "_derive_spans", "_derive_within"))):
        for name in names:
            setattr(module, name, timed(getattr(module, name), name))
    if args.file.suffix in (".nt", ".ntriples"):  # feed() reads only the lines the C module does not take
        loaded.Seen.feed_ntriples = timed(loaded.Seen.feed_ntriples, "feed")  # type: ignore[method-assign]
    else:
        loaded.Seen.feed = timed(loaded.Seen.feed, "feed")  # type: ignore[method-assign]

    shutil.rmtree(args.store, ignore_errors=True)
    result = load.load([args.file], f"oxigraph:{args.store}", replace=True)
    log(f"done: {result.triples:,} triples in the store; CPU: this thread {time.thread_time():.1f} s, "
        f"the process {time.process_time():.1f} s")


if __name__ == "__main__":
    main()
