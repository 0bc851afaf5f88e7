"""Whole-graph reads on stores loaded by `kg load` (bench/bench_load.py leaves them in its
workdir): `actors-in-governorate` sorted and streamed, `network-edges` read complete, and the
whole network exported as GEXF, each by this kg and by a baseline kg (another checkout's
virtual environment) in turn, every run a process of its own.

    python bench/bench_read.py --baseline /tmp/wt-base/.venv/bin/python [--sizes 1000000,10000000]
        [--workdir /tmp/kg-bench-load] [--repeat 3]

A store directory is only read (each generation is opened read-only). The parameters are the
generated graph's (`kg-SIZE.nt.json`, bench/generate.py). Writes the section "bench_read" of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import byte_compile_kg, write_section

# each measure in a child process; prints a JSON object of seconds (and counts)
GOVERNORATE = """
import json, sys, time
from dataclasses import replace
from kg.queries import get_query, run
from kg.sparqltext import without_order
from kg.store import open_graph
graph = open_graph(sys.argv[1])
query = get_query("actors-in-governorate")
params = {"governorate": sys.argv[2]}
list(run(graph, query, params))  # the name resolved and the store's caches warm, as in a server
times = []
for _ in range(5):
    started = time.perf_counter()
    rows = len(list(run(graph, query, params)))
    times.append(time.perf_counter() - started)
firsts, alls = [], []
for _ in range(5):
    started = time.perf_counter()
    stream = iter(run(graph, replace(query, text=without_order(query.text)), params))
    next(stream)
    firsts.append(time.perf_counter() - started)
    sum(1 for _ in stream)
    alls.append(time.perf_counter() - started)
print(json.dumps({"sorted": sorted(times)[2], "first": sorted(firsts)[2], "streamed": sorted(alls)[2], "rows": rows}))
"""
EDGES = """
import json, sys, time
from kg.queries import get_query, run
from kg.store import open_graph
graph = open_graph(sys.argv[1])
started = time.perf_counter()
answer = iter(run(graph, get_query("network-edges")))
next(answer)
first = time.perf_counter() - started
rows = 1 + sum(1 for _ in answer)
print(json.dumps({"first": first, "all": time.perf_counter() - started, "rows": rows}))
"""
GEXF = """
import json, sys, time
started, cpu = time.perf_counter(), time.process_time()
from kg.api import KG
data = KG(sys.argv[1]).export("gexf")
print(json.dumps({"export": time.perf_counter() - started, "cpu": time.process_time() - cpu, "bytes": len(data)}))
"""


TIMEOUT = 900  # seconds a measure may take; a slower one is reported as such


def child(python: str, code: str, *args: str) -> dict[str, Any]:
    try:
        # -P: not the current directory first on the path (a checkout's kg/ would shadow the baseline's)
        done = subprocess.run([python, "-P", "-c", code, *args], capture_output=True, text=True, timeout=TIMEOUT,
                              check=False)
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    if done.returncode:
        raise RuntimeError(f"{python} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_size(size: int, work: Path, baseline: str, repeat: int) -> list[dict[str, Any]]:
    store = f"oxigraph:{work / f'store-{size}'}"
    info = json.loads((work / f"kg-{size}.nt.json").read_text())
    manifest = json.loads(next((work / f"store-{size}").glob("gen-*.json")).read_text())
    triples = manifest.get("triples") or info["triples"]
    measures = [("actors-in-governorate", GOVERNORATE, (store, info["params"]["governorate"])),
                ("network-edges", EDGES, (store,)),
                ("GEXF export", GEXF, (store,))]
    out = []
    for name, code, args in measures:
        ours: list[dict[str, Any]] = []
        theirs: list[dict[str, Any]] = []
        for _ in range(repeat):  # alternating, so that both see the same machine
            ours.append(child(sys.executable, code, *args))
            theirs.append(child(baseline, code, *args))
            print(f"{size} {name}: this {ours[-1]}, baseline {theirs[-1]}", flush=True)
        out.append({"size": size, "triples": triples, "name": name, "ours": ours, "theirs": theirs})
    which = "import kg, sys; print(kg.__file__)"
    for python in (sys.executable, baseline):  # each kg from its own checkout
        print(python, subprocess.run([python, "-P", "-c", which], check=True, capture_output=True, text=True).stdout.strip())
    return out


def _median(runs: list[dict[str, Any]], key: str) -> float | None:
    """The median of ``key`` over the runs; None when any run was stopped (TIMEOUT)."""
    return None if any("timeout" in r for r in runs) else statistics.median(r[key] for r in runs)


def _time(seconds: float | None) -> str:
    if seconds is None:
        return f"over {TIMEOUT} s (stopped)"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def report(results: list[dict[str, Any]], baseline_name: str) -> str:
    lines = [
        "## Whole-graph reads (bench/bench_read.py)",
        "",
        ("On the stores bench/bench_load.py loads (`kg load`, synthetic graphs from `bench/generate.py`, seed 1), "
         "opened read-only. Each measure is a process of its own, this kg and the baseline in turn (*runs* each, "
         "medians); the ratio is this kg / the baseline, from the same run. *actors-in-governorate*: the "
         "named query for the generated graph's governorate through `kg.queries.run` after one warm-up run, median "
         "of 5 in the process, sorted (the whole answer) and streamed (`kg query --stream`: the ORDER BY dropped; "
         "its first row and every row). *network-edges*: the named query's first row and every row (the edge "
         "table, kg.edges). *GEXF export*: `KG.export(\"gexf\")` (`kg export --format gexf`), from importing kg to "
         "the document in memory: the whole network, its places' coordinates and the writing (and the CPU time the "
         "process took for it, less sensitive to other jobs on the machine). The answers are the "
         "same rows and the same graph either way (tests/test_governorate.py, tests/test_edges.py, "
         "tests/test_gexf.py)."),
        "",
        "| triples | runs | measure | rows | this kg | baseline | ratio |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        ours, theirs = r["ours"], r["theirs"]
        if r["name"] == "actors-in-governorate":
            keys = [("sorted", "sorted"), ("streamed, first row", "first"), ("streamed, every row", "streamed")]
        elif r["name"] == "network-edges":
            keys = [("first row", "first"), ("every row", "all")]
        else:
            keys = [("export", "export"), ("export, CPU time", "cpu")]
        done = next((run for run in ours + theirs if "timeout" not in run), {})
        count = f"{done['rows']:,}" if "rows" in done else f"{done['bytes'] / 2**20:.0f} MiB" if done else "?"
        for label, key in keys:
            mine, base = _median(ours, key), _median(theirs, key)
            ratio = f"{mine / base:.2f}" if mine is not None and base is not None else "under " + (
                f"{mine / TIMEOUT:.2f}" if mine is not None else "?")
            lines.append(f"| {r['triples']:,} | {len(ours)} | {r['name']}, {label} | {count} | {_time(mine)} | {_time(base)} | "
                         f"{ratio} |")
    lines += ["", (f"Baseline: {baseline_name}, in its own virtual environment. Load average at the end of the run "
                   f"(other jobs on the machine): {os.getloadavg()[0]:.1f}.")]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", required=True, help="the python of the baseline kg's virtual environment")
    parser.add_argument("--baseline-name", default="kg at commit 7f926c2")
    parser.add_argument("--sizes", default="1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repeat-large", type=int, default=1, help="runs of each at 10M triples and more")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kg-bench-load"))
    parser.add_argument("--no-write", action="store_true", help="print the section, leave docs/benchmarks.md")
    args = parser.parse_args()
    byte_compile_kg()
    results = [r for s in args.sizes.split(",") for r in bench_size(
        int(s), args.workdir, args.baseline, args.repeat if int(s) < 10_000_000 else args.repeat_large)]
    body = report(results, args.baseline_name)
    print(body)
    if not args.no_write:
        write_section("bench_read", body)


if __name__ == "__main__":
    main()
