"""kg's named queries on Virtuoso 7 (Debian `virtuoso-opensource`), raw pyoxigraph and kg's
default store, on one synthetic graph (1M triples by default), as issue 5 asks ("each named
query at 1M <= 2x Virtuoso").

    python bench/bench_virtuoso.py [--triples 1000000] [--workdir /tmp/kg-virt] [--cap 60]
                                   [--repeat 5] [--json out.json] [--no-write]
    python bench/bench_virtuoso.py --from-json out.json [--note "..."]   # rewrite the section only

Needs `apt-get install virtuoso-opensource` (see docs/virtuoso.md). The script runs its own
Virtuoso instance through bench/virtuoso_server.py (which tests/test_virtuoso.py uses too): a
fresh database in WORKDIR/virtuoso, its own virtuoso.ini with the SQL and HTTP ports bound to
127.0.0.1 only (free ports picked at start), the silent row and time caps lifted, the dba
password replaced by a random one that is never written down, started with `virtuoso-t
+foreground` and stopped by its pid. The Debian service is not used.

Steps: generate WORKDIR/kg-1m.nt with bench/generate.py (unless it is there), bulk-load it into
Virtuoso (ld_dir + rdf_loader_run + checkpoint, graph urn:kg), into a raw pyoxigraph on-disk
store (Store.bulk_load) and into kg's default store (`kg load`); then for each named query
(parameters from the generated .json, chosen as bench/bench_scale.py does) one warm-up and the
median of 5 runs on each of:

  - kg's default store: kg.store.open_graph("oxigraph:...") + kg.queries.run;
  - raw pyoxigraph: Store.query on the text kg sends (kg.sparqltext.bind_values, terms resolved once
    by kg's name index);
  - Virtuoso through kg's remote store: kg.store.open_graph("http://127.0.0.1:PORT/sparql?
    default-graph-uri=urn:kg") + kg.queries.run (HTTP POST, JSON results, parsed by rdflib).

Every row is read. The answers are compared: row counts, and the rows as multisets of lexical
values. Writes the section "bench_virtuoso" of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import PARAM_KEYS  # importing bench_scale runs nothing
from common import write_section
from virtuoso_server import GRAPH, Virtuoso, VirtuosoMissing, tools

PY = sys.executable


# --- timing ---------------------------------------------------------------------------------


class Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout()


def measure(run: Callable[[], list], cap: float, repeat: int) -> dict[str, Any]:
    """One warm-up, then the median of ``repeat`` runs; each run stopped after ``cap`` seconds
    (a stopped or over-cap warm-up skips the timed runs). The rows of the warm-up are kept."""
    signal.signal(signal.SIGALRM, _alarm)

    def once() -> tuple[float, list]:
        signal.setitimer(signal.ITIMER_REAL, cap)
        try:
            start = time.perf_counter()
            rows = run()
            return time.perf_counter() - start, rows
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    try:
        warm, rows = once()
    except Timeout:
        return {"median": None, "warmup": None, "rows": None, "error": f"over {cap:.0f} s"}
    except Exception as error:  # noqa: BLE001 - report the store's error in the table
        return {"median": None, "warmup": None, "rows": None, "error": f"{type(error).__name__}: {str(error)[:300]}"}
    if warm > cap:
        return {"median": None, "warmup": warm, "rows": rows, "error": f"over {cap:.0f} s"}
    times = []
    try:
        for _ in range(repeat):
            times.append(once()[0])
    except Timeout:
        return {"median": None, "warmup": warm, "rows": rows, "error": f"a run over {cap:.0f} s"}
    return {"median": statistics.median(times), "warmup": warm, "rows": rows, "times": times}


def _lex(term: Any) -> str:
    """A term's lexical value (pyoxigraph terms print as N-Triples; rdflib terms as their value)."""
    if term is None:
        return ""
    if type(term).__module__.startswith("pyoxigraph"):
        return "_:" if type(term).__name__ == "BlankNode" else term.value
    return "_:" if type(term).__name__ == "BNode" else str(term)


def lexical(row: Any) -> tuple:
    return tuple(_lex(v) for v in row)


def compare(answers: dict[str, list | None]) -> str:
    """'same' or what differs between the stores' rows (counts, then multisets of values)."""
    present = {k: v for k, v in answers.items() if v is not None}
    if len(present) < 2:
        return "not compared"
    counts = {k: len(v) for k, v in present.items()}
    if len(set(counts.values())) > 1:
        return "rows: " + ", ".join(f"{k} {n}" for k, n in counts.items())
    bags = {k: collections.Counter(map(lexical, v)) for k, v in present.items()}
    first = next(iter(bags))
    differ = [k for k in bags if bags[k] != bags[first]]
    if not differ:
        return "same"
    notes = []
    for k in differ:
        only_first = bags[first] - bags[k]
        only_k = bags[k] - bags[first]
        example = next(iter(only_first), None), next(iter(only_k), None)
        notes.append(f"{k} values differ from {first} in {sum(only_k.values())} rows (e.g. {example[0]} vs {example[1]})")
    return "same counts; " + "; ".join(notes)


# --- the benchmark --------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kg-virt"))
    parser.add_argument("--data", type=Path, help="N-Triples file from bench/generate.py (default: WORKDIR/kg-1m.nt or kg-N.nt)")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds before a query run is stopped")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/benchmarks.md")
    parser.add_argument("--from-json", type=Path, help="only rewrite the section from an earlier --json file")
    parser.add_argument("--note", default="", help="a sentence added to the section (e.g. what else ran)")
    args = parser.parse_args()
    if args.from_json:
        body = report(json.loads(args.from_json.read_text(encoding="utf-8")), args)
        print(body)
        if not args.no_write:
            write_section("bench_virtuoso", body)
        return

    import pyoxigraph as ox

    from kg import queries as kq
    from kg import store
    from kg.names import index_for
    from kg.sparqltext import bind_values

    try:
        tools()  # before generating or loading anything
    except VirtuosoMissing as error:
        raise SystemExit(str(error)) from None

    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    label = "1m" if args.triples == 1_000_000 else str(args.triples)
    data = (args.data or work / f"kg-{label}.nt").resolve()
    if not (data.exists() and Path(f"{data}.json").exists()):
        subprocess.run([PY, str(Path(__file__).parent / "generate.py"), "--triples", str(args.triples), "-o", str(data)], check=True)
    info = json.loads(Path(f"{data}.json").read_text(encoding="utf-8"))
    params = info["params"]
    result: dict[str, Any] = {"data": str(data), "triples_generated": info["triples"], "params": params}

    # raw pyoxigraph: its own on-disk store, bulk-loaded from the file
    raw_dir = work / "raw-oxigraph"
    shutil.rmtree(raw_dir, ignore_errors=True)
    started = time.perf_counter()
    raw = ox.Store(str(raw_dir))
    raw.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    raw.flush()
    result["load_raw"] = time.perf_counter() - started
    result["triples_raw"] = len(raw)
    print(f"pyoxigraph bulk load: {result['load_raw']:.1f} s, {result['triples_raw']} triples", flush=True)

    # kg's default store, loaded by `kg load`
    location = work / "store"
    started = time.perf_counter()
    subprocess.run([PY, "-m", "kg", "--store", f"oxigraph:{location}", "load", "-q", "--replace", str(data)], check=True)
    result["load_kg"] = time.perf_counter() - started
    print(f"kg load: {result['load_kg']:.1f} s", flush=True)

    virtuoso = Virtuoso(work, data.parent)  # its ld_dir may read the data's directory only
    try:
        result["virtuoso_start"] = virtuoso.start()
        result["virtuoso_listening"] = virtuoso.listening()
        if any(not a.startswith("127.0.0.1:") for a in result["virtuoso_listening"]):
            raise RuntimeError(f"virtuoso listens beyond loopback: {result['virtuoso_listening']}")
        print(f"virtuoso up in {result['virtuoso_start']:.1f} s on {result['virtuoso_listening']}", flush=True)
        result["load_virtuoso"] = virtuoso.bulk_load(data)
        result["triples_virtuoso"] = virtuoso.count()
        print(f"virtuoso bulk load: {result['load_virtuoso']:.1f} s, {result['triples_virtuoso']} triples in {GRAPH}", flush=True)
        url = virtuoso.store_url(GRAPH)
        result["url"] = url

        default = store.open_graph(f"oxigraph:{location}")
        remote = store.open_graph(url)
        started = time.perf_counter()
        index_for(default)
        result["index_default"] = time.perf_counter() - started
        started = time.perf_counter()
        index_for(remote)
        result["index_virtuoso"] = time.perf_counter() - started
        print(f"name index: default {result['index_default']:.1f} s, virtuoso {result['index_virtuoso']:.1f} s", flush=True)

        result["queries"] = {}
        for query in kq.list_queries():
            values = {p.name: params[PARAM_KEYS.get(p.name, p.type)] for p in query.params}
            from rdflib.term import Variable

            bindings = {Variable(p.name): kq.bind_value(default, p, values[p.name]) for p in query.params}
            text = bind_values(query.text, bindings) if bindings else query.text
            entry: dict[str, Any] = {"values": values}
            entry["default"] = measure(lambda q=query, v=values: kq.rows(kq.run(default, q, v)), args.cap, args.repeat)
            entry["raw"] = measure(lambda t=text: list(raw.query(t)), args.cap, args.repeat)
            entry["virtuoso"] = measure(lambda q=query, v=values: kq.rows(kq.run(remote, q, v)), args.cap, args.repeat)
            answers = {k: entry[k]["rows"] for k in ("default", "raw", "virtuoso")}
            entry["agree"] = compare({k: v for k, v in answers.items()})
            entry["agree_default_virtuoso"] = compare({k: answers[k] for k in ("default", "virtuoso")})
            for k in ("default", "raw", "virtuoso"):
                rows = entry[k].pop("rows")
                entry[k]["count"] = None if rows is None else len(rows)
            result["queries"][query.name] = entry
            cells = " ".join(f"{k} {fmt(entry[k])}" for k in ("default", "raw", "virtuoso"))
            print(f"  {query.name}: {cells}; {entry['agree']}", flush=True)
    finally:
        virtuoso.stop()
    result["virtuoso_stopped"] = virtuoso.process is not None and virtuoso.process.poll() is not None

    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    body = report(result, args)
    print(body)
    if not args.no_write:
        write_section("bench_virtuoso", body)


def fmt(m: dict[str, Any]) -> str:
    if m.get("median") is not None:
        return f"{m['median'] * 1000:.1f}"
    return m.get("error", "n/a")


def ratio(a: dict[str, Any], b: dict[str, Any]) -> str:
    if a.get("median") and b.get("median"):
        return f"{a['median'] / b['median']:.2f}x"
    return "n/a"


def report(r: dict[str, Any], args: argparse.Namespace) -> str:
    version = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True, check=False)
    vline = next((line.strip() for line in (version.stdout + version.stderr).splitlines() if "Version" in line), "Virtuoso 7")
    lines = [
        "## kg on Virtuoso (bench/bench_virtuoso.py)",
        "",
        (f"One synthetic graph from `bench/generate.py` ({r['triples_generated']:,} triples written, seed 1). "
        "*kg default* is kg's default store (rdflib over oxrdflib, on-disk Oxigraph loaded with `kg load`, "
        "run through `kg.queries.run`); *raw pyoxigraph* is `pyoxigraph.Store.query` on its own on-disk store "
        "bulk-loaded from the same file, given the text kg sends (parameters in a VALUES block); *Virtuoso* is "
        f"{vline} (Debian `virtuoso-opensource`, its own database and ini, loopback only, graph `{GRAPH}` "
        "bulk-loaded with `ld_dir` + `rdf_loader_run`) through kg's remote store "
        "(`/sparql?default-graph-uri=urn:kg`, HTTP POST, JSON results parsed by rdflib, `kg.queries.run`). "
        f"Latencies in ms: median of {args.repeat} runs after one warm-up, every row read; ratios from the same run. "
        "Parameters as in bench_scale.py; names resolved by kg's name index (built beforehand: "
        f"{r['index_default']:.1f} s on the default store, {r['index_virtuoso']:.1f} s over HTTP from Virtuoso)."),
        "",
        "| query | rows | kg default store | raw pyoxigraph | Virtuoso (kg remote store) | kg / raw | kg / Virtuoso | answers |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, e in r["queries"].items():
        counts = {e[k]["count"] for k in ("default", "raw", "virtuoso")}
        rows = str(e["default"]["count"]) if len(counts) == 1 else "/".join(str(e[k]["count"]) for k in ("default", "raw", "virtuoso"))
        lines.append(f"| {name} | {rows} | {fmt(e['default'])} | {fmt(e['raw'])} | {fmt(e['virtuoso'])} "
                     f"| {ratio(e['default'], e['raw'])} | {ratio(e['default'], e['virtuoso'])} | {e['agree']} |")
    lines += [
        "",
        "| load | seconds | triples in the store |",
        "| --- | --- | --- |",
        f"| Virtuoso bulk load (`ld_dir` + `rdf_loader_run` + `checkpoint`) | {r['load_virtuoso']:.1f} | {r['triples_virtuoso']:,} |",
        f"| pyoxigraph `Store.bulk_load` (on disk) | {r['load_raw']:.1f} | {r['triples_raw']:,} |",
        f"| `kg load` (whole command) | {r['load_kg']:.1f} | |",
        "",
        (f"Virtuoso started in {r['virtuoso_start']:.1f} s (fresh database), listening on "
        f"{', '.join(r['virtuoso_listening'])} only."),
    ]
    wrong = [name for name, e in r["queries"].items() if e["agree"] != "same"]
    if wrong:
        lines += ["", (f"Answers differ on {', '.join(wrong)}: kg's default store and raw pyoxigraph agree, Virtuoso "
                  "returns fewer rows without an error (a Virtuoso 7.2.5 bug, narrowed down in docs/virtuoso.md), "
                  "so its latency and the kg / Virtuoso ratio there compare different work.")]
    if args.note:
        lines += ["", args.note]
    return "\n".join(lines)


if __name__ == "__main__":
    os.environ.pop("KG_UPDATE_URL", None)
    main()
