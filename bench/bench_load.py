"""`kg load` against pyoxigraph's raw `bulk_load` of the same file, and `network-edges` as kg
answers it (from the generation's edge table, kg.edges), on synthetic graphs (bench/generate.py).

    python bench/bench_load.py [--sizes 1000000,10000000] [--workdir /tmp/kg-bench-load]
                               [--baseline /path/to/another/kg/checkout]

Each size: `kg load --replace` (a process of its own) and the raw bulk_load (a process of its
own) alternate, `--repeat` times each, and with ``--baseline`` the same `kg load` run from
another checkout of kg (run in its directory, which `python -m` puts first on the path; the
same Python and packages);
then the named query network-edges through kg
(`kg.queries.run` on the default store) once: the first row and every row. Writes the
section "bench_load" of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import write_section

PY = sys.executable
RAW = ("import pyoxigraph as ox, sys; s = ox.Store(sys.argv[1]); "
       "s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_TRIPLES); s.flush()")


def timed(cmd: list[str], baseline: Path | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user and system, every thread) of a command in a process of its
    own; with ``baseline``, run in that checkout (its directory the working directory, which
    ``python -m`` puts first on the path, and on PYTHONPATH)."""
    import os

    env = None if baseline is None else {**os.environ, "PYTHONPATH": str(baseline)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env, cwd=baseline)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench_size(size: int, work: Path, repeat: int, baseline: Path | None = None) -> dict[str, Any]:
    import json

    from kg.queries import get_query, run
    from kg.store import manifest, open_graph

    work.mkdir(parents=True, exist_ok=True)
    data = work / f"kg-{size}.nt"
    if not (data.exists() and Path(f"{data}.json").exists()):
        subprocess.run([PY, str(Path(__file__).parent / "generate.py"), "--triples", str(size), "-o", str(data)],
                       check=True)
    store, raw = work / f"store-{size}", work / f"raw-{size}"
    loads: list[tuple[float, float]] = []
    raws: list[tuple[float, float]] = []
    olds: list[tuple[float, float]] = []
    for _ in range(repeat):  # alternating, so that all see the same machine
        if baseline is not None:
            shutil.rmtree(store, ignore_errors=True)
            olds.append(timed([PY, "-m", "kg", "--store", f"oxigraph:{store}", "load", "-q", "--replace", str(data)],
                              baseline))
            print(f"{size}: baseline kg load {olds[-1][0]:.1f} s ({olds[-1][1]:.1f} s CPU)", flush=True)
        shutil.rmtree(store, ignore_errors=True)
        loads.append(timed([PY, "-m", "kg", "--store", f"oxigraph:{store}", "load", "-q", "--replace", str(data)]))
        shutil.rmtree(raw, ignore_errors=True)
        raws.append(timed([PY, "-c", RAW, str(raw), str(data)]))
        shutil.rmtree(raw, ignore_errors=True)
        print(f"{size}: kg load {loads[-1][0]:.1f} s ({loads[-1][1]:.1f} s CPU), raw {raws[-1][0]:.1f} s "
              f"({raws[-1][1]:.1f} s CPU)", flush=True)
    graph = open_graph(f"oxigraph:{store}")
    started = time.perf_counter()
    answer = iter(run(graph, get_query("network-edges")))
    next(answer)
    first = time.perf_counter() - started
    rows = 1 + sum(1 for _ in answer)
    total = time.perf_counter() - started
    print(f"{size}: network-edges first row {first:.3f} s, {rows} rows in {total:.1f} s", flush=True)
    info = manifest(store) or {}
    return {"size": size, "triples": info.get("triples") or json.loads(Path(f"{data}.json").read_text())["triples"],
            "load": statistics.median(w for w, _ in loads), "raw": statistics.median(w for w, _ in raws),
            "load_cpu": statistics.median(c for _, c in loads), "raw_cpu": statistics.median(c for _, c in raws),
            "runs": repeat, "old": statistics.median(w for w, _ in olds) if olds else None,
            "old_ratio": statistics.median(n[0] / o[0] for n, o in zip(loads, olds)) if olds else None,
            "first": first, "rows": rows, "total": total}


def report(results: list[dict[str, Any]], baseline: str | None = None) -> str:
    old = baseline is not None
    lines = [
        "## `kg load` and `network-edges` (bench/bench_load.py)",
        "",
        ("Synthetic graphs from `bench/generate.py` (seed 1). *kg load*: `kg load -q --replace FILE` into a new "
         "on-disk store, the whole command (it checks dates, derives what the data lacks, writes the name keys, "
         "the name index and the edge table); *raw*: pyoxigraph's `Store.bulk_load` of the same file into a new "
         "store, in a process of its own; the two alternate, medians of the runs given. *network-edges*: the "
         "named query through kg (`kg query network-edges`, `KG.query`), read from the generation's edge table "
         "(kg.edges), one run, every row read; the rows and their order are the SPARQL report's "
         "(tests/test_edges.py). *CPU*: the process's user and system time, every thread (median): "
         "more than the wall time where it ran on both cores."
         + (" *baseline*: the same `kg load` run from another checkout of kg, in turn with the others; its ratio is "
            "this kg / the baseline, run by run (median)." if old else "")),
        "",
        ("| triples | runs | `kg load` | raw `bulk_load` | ratio | `kg load` CPU | raw CPU | network-edges rows | "
         "first row | every row |" + (" baseline `kg load` | ratio to the baseline |" if old else "")),
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" + (" ---: | ---: |" if old else ""),
    ]
    for r in results:
        lines.append(f"| {r['triples']:,} | {r['runs']} | {r['load']:.1f} s | {r['raw']:.1f} s | "
                     f"{r['load'] / r['raw']:.2f}x | {r['load_cpu']:.1f} s | {r['raw_cpu']:.1f} s | {r['rows']:,} | "
                     f"{r['first'] * 1000:.0f} ms | {r['total']:.1f} s |"
                     + (f" {r['old']:.1f} s | {r['old_ratio']:.2f} |" if old else ""))
    if old:
        lines += ["", f"Baseline: {baseline}."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kg-bench-load"))
    parser.add_argument("--baseline", type=Path, help="another checkout of kg, its `kg load` timed in turn")
    parser.add_argument("--no-write", action="store_true", help="print the section, leave docs/benchmarks.md")
    args = parser.parse_args()
    results = [bench_size(int(s), args.workdir, args.repeat, args.baseline) for s in args.sizes.split(",")]
    named = None
    if args.baseline is not None:
        commit = subprocess.run(["git", "-C", str(args.baseline), "rev-parse", "--short", "HEAD"], text=True,
                                capture_output=True, check=False).stdout.strip()
        named = f"kg at commit {commit or args.baseline} (run in its directory and with it on PYTHONPATH, the same Python and packages)"
    body = report(results, named)
    print(body)
    if not args.no_write:
        write_section("bench_load", body)


if __name__ == "__main__":
    main()
