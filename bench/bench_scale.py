"""kg at scale: load time and peak memory, each named query's latency, and `kg ties` as a cold
command, on synthetic graphs of 100k, 1M and 10M triples (bench/generate.py), for

  - kg's default store: rdflib over oxrdflib, on-disk Oxigraph (loaded with `kg load`);
  - raw pyoxigraph on the same store (the floor);
  - the Oxigraph server over HTTP, through kg's remote store (same data, a hard-linked copy);
  - rdflib's in-memory store (the baseline a user would otherwise pick; capped, skipped at 10M).

    python bench/bench_scale.py [--sizes 100000,1000000] [--cap 20] [--workdir /tmp/kg-bench]

Query parameters are names and dates from the generated data (a well-connected group, the
busiest alliance, a governorate, ...), resolved to IRIs once; latencies are for running the
query and reading every row. Writes the section "bench_scale" of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import byte_compile_kg, write_section

PY = sys.executable
# a place query looks up one city (control-at, control-history, place-events); actors-in-governorate
# asks for a whole governorate (its answer grows with the graph: thousands of rows at 10M)
PARAM_KEYS = {"alliance": "alliance", "organisation": "organisation", "governorate": "governorate",
              "statement": "iri", "actor": "actor", "place": "city", "date": "date"}
LOOKUP_TARGET_MS = 50  # the target for every parametrised named query at 10M


def timed_child(cmd: list[str], timeout: float | None = None) -> tuple[float, int, str]:
    """Run ``cmd``; wall seconds, peak RSS in MiB (of that child alone), stdout."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise
    seconds = time.perf_counter() - start
    # communicate() already reaped the child; its rusage is the max over reaped children so far,
    # so measure each child first in a fresh process group (see peak_rss below)
    if child.returncode:
        raise RuntimeError(f"{cmd} failed: {err[-2000:]}")
    return seconds, 0, out


def peak_rss(cmd: list[str], timeout: float) -> tuple[float, float, str]:
    """Wall seconds and peak RSS (MiB) of ``cmd``, measured by a wrapper process of its own."""
    wrapper = (
        "import resource, subprocess, sys, time, json;"
        "t = time.perf_counter(); r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "s = time.perf_counter() - t;"
        "print(json.dumps([r.returncode, s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, r.stdout[-500:], r.stderr[-2000:]]))"
    )
    done = subprocess.run([PY, "-c", wrapper, *cmd], capture_output=True, check=False, text=True, timeout=timeout)
    code, seconds, mib, out, err = json.loads(done.stdout)
    if code:
        raise RuntimeError(f"{cmd} failed: {err}")
    return seconds, mib, out


def median_run(run: Callable[[], object], budget: float = 2.0, repeat: int = 5) -> float:
    first = time.perf_counter()
    run()
    elapsed = time.perf_counter() - first
    if elapsed > budget:
        return elapsed
    times = [elapsed]
    for _ in range(repeat - 1):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(data: Path) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("oxigraph") or str(Path(PY).parent / "oxigraph")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
            return process, f"{base}/query"
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("oxigraph server did not start")


def bindings_for(graph: Any, params: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Each named query's parameters, resolved once to RDF terms on kg's default store."""
    from rdflib.term import Variable

    from kg.queries import bind_value, list_queries

    out = {}
    for query in list_queries():
        values = {p.name: params[PARAM_KEYS.get(p.name, p.type)] for p in query.params}
        out[query.name] = {"text": query.text, "bindings": {Variable(p.name): bind_value(graph, p, values[p.name]) for p in query.params}}
    return out


class Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout()


def time_queries(run_one: Callable[[str, dict], int], queries: dict[str, dict], cap: float | None = None) -> dict[str, tuple[float | None, int]]:
    results: dict[str, tuple[float | None, int]] = {}
    for name, q in queries.items():
        rows = 0

        def once(q: dict = q) -> None:
            nonlocal rows
            rows = run_one(q["text"], q["bindings"])

        if cap:
            signal.signal(signal.SIGALRM, _alarm)
            signal.alarm(int(cap))
        try:
            results[name] = (median_run(once, budget=min(2.0, cap or 2.0)), rows)
        except Timeout:
            results[name] = (None, -1)
        finally:
            if cap:
                signal.alarm(0)
    return results


def bench_size(size: int, work: Path, cap: float, repeat: int, memory_max: int) -> dict[str, Any]:
    import pyoxigraph as ox

    from kg import store
    from kg.sparqltext import bind_values, without_order

    work.mkdir(parents=True, exist_ok=True)
    data = work / f"kg-{size}.nt"
    if not (data.exists() and Path(f"{data}.json").exists()):
        subprocess.run([PY, str(Path(__file__).parent / "generate.py"), "--triples", str(size), "-o", str(data)], check=True)
    info = json.loads(Path(f"{data}.json").read_text(encoding="utf-8"))
    result: dict[str, Any] = {"size": size, "triples": info["triples"], "file_mb": data.stat().st_size / 2**20}
    location = work / f"store-{size}"
    shutil.rmtree(location, ignore_errors=True)
    seconds, mib, _ = peak_rss([PY, "-m", "kg", "--store", f"oxigraph:{location}", "load", "-q", "--replace", str(data)], timeout=3600)
    result["load"] = {"default": (seconds, mib)}
    # the floor, in the same run: pyoxigraph's bulk_load of the same file into a new store, a process of its own
    floor = work / f"raw-{size}"
    shutil.rmtree(floor, ignore_errors=True)
    raw_load = ("import pyoxigraph as ox, sys; s = ox.Store(sys.argv[1]); "
                "s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_TRIPLES); s.flush()")
    result["load"]["raw"] = peak_rss([PY, "-c", raw_load, str(floor), str(data)], timeout=3600)[:2]
    shutil.rmtree(floor, ignore_errors=True)
    generation = location / store.manifest(location)["generation"]  # type: ignore[index]
    result["disk_mb"] = sum(f.stat().st_size for f in generation.rglob("*") if f.is_file()) / 2**20
    print(f"{size}: loaded in {seconds:.1f} s, {mib:.0f} MiB", flush=True)

    # kg ties, cold, a new process each run
    actor = info["params"]["actor"]
    cold = [timed_child([PY, "-m", "kg", "--store", f"oxigraph:{location}", "ties", actor])[0] for _ in range(repeat)]
    result["ties_cold"] = statistics.median(cold)
    python_alone = statistics.median(timed_child([PY, "-c", "pass"])[0] for _ in range(3))
    result["python"] = python_alone
    print(f"  kg ties cold {result['ties_cold'] * 1000:.0f} ms", flush=True)

    graph = store.open_graph(f"oxigraph:{location}")
    started = time.perf_counter()
    queries = bindings_for(graph, info["params"])
    result["name_index"] = time.perf_counter() - started

    def via_rdflib(g: Any) -> Callable[[str, dict], int]:
        return lambda text, bindings: len(list(g.query(text, initBindings=bindings)))

    result["default"] = time_queries(via_rdflib(graph), queries)
    raw = ox.Store.read_only(str(generation))

    def via_pyoxigraph(text: str, bindings: dict) -> int:  # the same VALUES-first text kg sends
        return sum(1 for _ in raw.query(bind_values(text, bindings) if bindings else text))

    result["raw"] = time_queries(via_pyoxigraph, queries)
    # network-edges as kg's named query answers it (kg query, the API): from the edge table
    from kg.queries import get_query, run

    edge_query = get_query("network-edges")
    started = time.perf_counter()
    answer = iter(run(graph, edge_query))
    next(answer)
    first = time.perf_counter() - started
    rows = 1 + sum(1 for _ in answer)
    result["edges_named"] = (time.perf_counter() - started, first, rows)
    result["first_row"] = {}
    for name, q in queries.items():  # the whole-graph reports streamed (kg query --stream): the first row
        if not q["bindings"]:
            started = time.perf_counter()
            next(iter(raw.query(without_order(q["text"]))), None)
            result["first_row"][name] = time.perf_counter() - started
    print("  default and raw done", flush=True)

    # the Oxigraph server over HTTP, on a hard-linked copy of the same generation
    server_data = work / f"server-{size}"
    shutil.rmtree(server_data, ignore_errors=True)
    raw.backup(str(server_data))
    process, url = start_server(server_data)
    try:
        remote = store.open_graph(url)
        result["server"] = time_queries(via_rdflib(remote), queries)
        cold = [timed_child([PY, "-m", "kg", "--store", url, "ties", actor])[0] for _ in range(repeat)]
        result["ties_cold_server"] = statistics.median(cold)
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(server_data, ignore_errors=True)
    print("  server done", flush=True)

    if size <= memory_max:
        result["memory"] = memory_baseline(data, queries, cap)
        print("  memory done", flush=True)
    return result


def memory_baseline(data: Path, queries: dict[str, dict], cap: float) -> dict[str, Any]:
    """rdflib's in-memory store in a child process: load time, peak memory, capped queries."""
    script = f"""
import json, pickle, resource, sys, time
sys.path.insert(0, {str(Path(__file__).parent)!r})
from bench_scale import time_queries
from rdflib import Graph
t = time.perf_counter(); g = Graph(); g.parse({str(data)!r}, format="nt"); load = time.perf_counter() - t
mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
queries = pickle.loads(sys.stdin.buffer.read())
res = time_queries(lambda text, b: len(list(g.query(text, initBindings=b))), queries, cap={cap})
print(json.dumps({{"load": [load, mib], "queries": res}}))
"""
    import pickle

    try:
        done = subprocess.run([PY, "-c", script], input=pickle.dumps(queries), capture_output=True, check=False,
                              timeout=cap * (len(queries) + 1) + 600)
    except subprocess.TimeoutExpired:
        return {"load": None, "queries": {}}
    if done.returncode:
        return {"load": None, "queries": {}, "error": done.stderr.decode()[-500:]}
    return json.loads(done.stdout)


def report(results: list[dict[str, Any]], cap: float) -> str:
    lines = [
        "## kg at scale (bench/bench_scale.py)",
        "",
        ("Synthetic graphs from `bench/generate.py` (seed 1). *default* is kg's default store (rdflib "
        "over oxrdflib on an on-disk Oxigraph store, loaded with `kg load`); *raw* is pyoxigraph on "
        "the same store directory (the floor); *server* is the Oxigraph server on 127.0.0.1 through "
        "kg's remote store (HTTP, JSON results); *memory* is rdflib's in-memory store (each query "
        f"stopped after {cap:.0f} s; not run where the cell says so). Query latencies are medians of 5 runs (one run when a run takes over 2 s), "
        "parameters resolved to IRIs beforehand, every row read; a place is one city, a governorate a whole governorate "
        "(its answer grows with the graph). Ratios are default / raw and default / server, measured in the same run."),
        "",
        "### Load and `kg ties` cold",
        "",
        "| triples | N-Triples | `kg load` (default) | raw `bulk_load` | `kg load` / raw | peak RSS | store on disk | rdflib memory load | its peak RSS | `kg ties` cold, default | `kg ties` cold, server | name index build |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        mem = r.get("memory", {}).get("load") if r.get("memory") else None
        mem_text = (f"{mem[0]:.1f} s", f"{mem[1]:.0f} MiB") if mem else ("not run", "")
        lines.append(
            f"| {r['triples']:,} | {r['file_mb']:.0f} MiB | {r['load']['default'][0]:.1f} s | {r['load']['raw'][0]:.1f} s "
            f"| {r['load']['default'][0] / r['load']['raw'][0]:.2f}x | {r['load']['default'][1]:.0f} MiB "
            f"| {r['disk_mb']:.0f} MiB | {mem_text[0]} | {mem_text[1]} | {r['ties_cold'] * 1000:.0f} ms "
            f"| {r['ties_cold_server'] * 1000:.0f} ms | {r['name_index'] * 1000:.0f} ms |"
        )
    lines.append(f"\nA bare `python -c pass` takes {results[0]['python'] * 1000:.0f} ms here. *raw `bulk_load`*: "
                 "pyoxigraph's `Store.bulk_load` of the same file into a new on-disk store (its own process), "
                 "in the same run; `kg load` also checks dates, derives what the data lacks, writes the name "
                 "keys, the name index and the edge table.")
    lines += ["", "### `network-edges` as kg answers it (the edge table)", "",
              ("The named query through kg (`kg query network-edges`, `KG.query`, `kg.queries.run` on the "
              "default store): read from the generation's edge table (kg.edges), the same rows in the same "
              "order as the SPARQL report timed in the tables below. One run; every row read."), "",
              "| triples | rows | first row | every row |", "| --- | --- | --- | --- |"]
    for r in results:
        total, first, rows = r["edges_named"]
        lines.append(f"| {r['triples']:,} | {rows:,} | {first * 1000:.0f} ms | {total:.2f} s |")
    for r in results:
        lines += ["", f"### Named queries at {r['triples']:,} triples (ms; rows)", "",
                  "| query | rows | default | raw pyoxigraph | default / raw | server | default / server | memory |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for name, (default, rows) in r["default"].items():
            raw = r["raw"][name][0]
            server = r["server"][name][0]
            memory = r.get("memory", {}).get("queries", {}).get(name) if r.get("memory") else None
            mem_text = "not run" if memory is None else (f"> {cap * 1000:.0f}" if memory[0] is None else f"{memory[0] * 1000:.1f}")
            lines.append(f"| {name} | {rows} | {default * 1000:.1f} | {raw * 1000:.1f} | {default / raw:.2f}x "
                         f"| {server * 1000:.1f} | {default / server:.2f}x | {mem_text} |")
        first = r.get("first_row") or {}
        if first:
            lines += ["", "Whole-graph reports (no parameters), streamed (`kg query NAME --stream`: the ORDER BY "
                      "dropped), raw pyoxigraph, time until the first row: "
                      + "; ".join(f"`{n}` {s:.2f} s" for n, s in sorted(first.items()))
                      + ". Sorted, as the table above runs them, the first row comes when the whole answer does."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--cap", type=float, default=20.0, help="seconds before an in-memory rdflib query is stopped")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each cold command")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kg-bench"))
    parser.add_argument("--memory-max", type=int, default=1_000_000, help="largest size to run rdflib's memory store on")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args()
    byte_compile_kg()  # the cold commands run as after a pip install
    results = [bench_size(int(s), args.workdir, args.cap, args.repeat, args.memory_max) for s in args.sizes.split(",")]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    body = report(results, args.cap)
    print(body)
    write_section("bench_scale", body)


if __name__ == "__main__":
    os.environ.pop("KG_UPDATE_URL", None)
    main()
