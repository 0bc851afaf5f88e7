"""`kg serve` under load: 20 concurrent clients for 30 s on the named queries, against a
1M-triple synthetic store (bench/generate.py, loaded with `kg load`). Writes its section of
docs/benchmarks.md: each named query alone through the server, then the load test's
requests, errors, throughput and p50/p99 latency.

    python bench/bench_serve.py [--triples 1000000] [--clients 20] [--seconds 30] [--workers 2]

All requests go to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import write_section

PY = sys.executable
# parameter name or type -> key in generate.py's sample parameters
PARAM_KEYS = {"alliance": "alliance", "organisation": "organisation", "governorate": "governorate",
              "statement": "iri", "actor": "actor", "place": "city", "date": "date"}
# whole-graph reports (no parameter, thousands of rows) are timed alone, not in the load mix
REPORTS = {"contested-claims", "events-timeline", "network-edges"}


def start_server(store: str, workers: int, timeout: float) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([PY, "-m", "kg", "--store", store, "serve", "--port", "0", "--workers", str(workers),
                                "--timeout", str(timeout)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    found = threading.Event()
    url: list[str] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:  # keep draining: one access-log line per request
            match = re.search(r"running on (http://127\.0\.0\.1:\d+)", line)
            if match:
                url.append(match.group(1))
                found.set()

    threading.Thread(target=read, daemon=True).start()
    if not found.wait(600):
        process.kill()
        raise RuntimeError("kg serve did not start")
    return process, url[0]


def requests_for(params: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    from kg.queries import list_queries

    out = []
    for query in list_queries():
        values = {p.name: params[PARAM_KEYS.get(p.name, p.type)] for p in query.params}
        out.append((query.name, values))
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def load(url: str, mix: list[tuple[str, dict[str, str]]], clients: int, seconds: float) -> dict:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    per_query: dict[str, list[float]] = {}
    stop = time.perf_counter() + seconds

    async def client(number: int, http: httpx.AsyncClient) -> None:
        i = number
        while time.perf_counter() < stop:
            name, values = mix[i % len(mix)]
            i += 1
            started = time.perf_counter()
            try:
                response = await http.get(f"{url}/queries/{name}", params=values)
                ok = response.status_code == 200 and "results" in response.json()
            except httpx.HTTPError as error:
                ok, response = False, None
                errors.append(f"{name}: {error!r}")
            took = time.perf_counter() - started
            if ok:
                latencies.append(took)
                per_query.setdefault(name, []).append(took)
            elif response is not None:
                errors.append(f"{name}: HTTP {response.status_code} {response.text[:200]}")

    began = time.perf_counter()
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(timeout=600, limits=limits) as http:
        await asyncio.gather(*(client(n, http) for n in range(clients)))
    elapsed = time.perf_counter() - began
    return {"latencies": latencies, "errors": errors, "elapsed": elapsed, "per_query": per_query}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120, help="the server's --timeout")
    parser.add_argument("--work", type=Path, help="keep the data and store here (default: a temporary directory)")
    args = parser.parse_args()
    import httpx

    with tempfile.TemporaryDirectory(prefix="kg-bench-serve-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        data, store = work / f"kg-{args.triples}.nt", f"oxigraph:{work / f'store-{args.triples}'}"
        if not Path(f"{data}.json").exists():
            subprocess.run([PY, str(Path(__file__).parent / "generate.py"), "--triples", str(args.triples), "-o", str(data)], check=True)
        info = json.loads(Path(f"{data}.json").read_text(encoding="utf-8"))
        subprocess.run([PY, "-m", "kg", "--store", store, "load", "-q", "--replace", str(data)], check=True)
        started = time.perf_counter()
        process, url = start_server(store, args.workers, args.timeout)
        startup = time.perf_counter() - started
        try:
            everything = requests_for(info["params"])
            alone = []
            for name, values in everything:  # one client: each query alone, once
                t = time.perf_counter()
                response = httpx.get(f"{url}/queries/{name}", params=values, timeout=args.timeout + 10)
                took = time.perf_counter() - t
                rows = len(response.json()["results"]["bindings"]) if response.status_code == 200 else None
                alone.append((name, values, response.status_code, took, rows, response.headers.get("x-kg-truncated")))
                print(f"{name}: {response.status_code} {took * 1000:.0f} ms, {rows} rows", flush=True)
            mix = [(n, v) for n, v, status, *_ in alone if n not in REPORTS and status == 200]
            result = asyncio.run(load(url, mix, args.clients, args.seconds))
        finally:
            process.terminate()
            process.wait(30)

    lat = result["latencies"]
    done = len(lat)
    print(f"{done} requests, {len(result['errors'])} errors, {done / result['elapsed']:.2f} req/s, "
          f"p50 {percentile(lat, 50):.2f} s, p99 {percentile(lat, 99):.2f} s", flush=True)
    for error in result["errors"][:10]:
        print("error:", error, file=sys.stderr)
    lines = [
        "## `kg serve` under load (bench/bench_serve.py)",
        "",
        (f"A {info['triples']:,}-triple synthetic graph (`bench/generate.py --triples {args.triples}`, seed {info['seed']}), "
         f"loaded with `kg load` into an on-disk Oxigraph store and served by `kg serve --workers {args.workers} "
         f"--timeout {args.timeout:g}` (server start-up, including each worker's name index: {startup:.0f} s). "
         "Client and server share the machine; every request goes to 127.0.0.1."),
        "",
        "Each named query alone (one client, one run), through `/queries/NAME` (place = a city of the generated data):",
        "",
        "| query | parameters | status | latency | rows |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for name, values, status, took, rows, cut in alone:
        shown = ", ".join(f"{k}={v}" for k, v in values.items()) or "-"
        rows_text = "-" if rows is None else f"{rows:,}" + (" (capped)" if cut else "")
        lines.append(f"| `{name}` | {shown} | {status} | {took * 1000:,.0f} ms | {rows_text} |")
    lines += [
        "",
        (f"Load: {args.clients} concurrent clients for {args.seconds:g} s, each cycling through the "
         f"{len(mix)} parametrised named queries above that answered 200 (the whole-graph reports "
         f"{', '.join(sorted(REPORTS))} are left out of the mix); requests in flight at the end are waited for."),
        "",
        "| requests | errors | throughput | p50 latency | p99 latency |",
        "| ---: | ---: | ---: | ---: | ---: |",
        (f"| {done:,} | {len(result['errors'])} | {done / result['elapsed']:.2f} req/s | "
         f"{percentile(lat, 50) * 1000:,.0f} ms | {percentile(lat, 99) * 1000:,.0f} ms |"),
        "",
        "Per query under load (median latency): " + ", ".join(
            f"`{n}` {statistics.median(v) * 1000:,.0f} ms ({len(v)})" for n, v in sorted(result["per_query"].items())) + ".",
        "",
        (f"The server runs at most {args.workers} queries at once (one per worker process, here one per core); the "
         "others wait in the server's queue, so latency under load is the queue plus the query. "
         "The time goes to the queries themselves (the same as `kg query` in-process), not to the HTTP layer."),
    ]
    write_section("bench_serve", "\n".join(lines))
    if result["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
