"""The whole-graph network (`kg.network.statement_graph`: what the unfocused `kg view`, the
map, the timeline and the GraphML/GEXF exports draw from) on on-disk stores, against the
way kg read it before, measured in the same run: network-edges through rdflib (oxrdflib's
terms), sorted by the store. Both must give the same network (checked on every run).

    python bench/bench_network.py STORE_DIR [STORE_DIR ...] [--repeat 3]

STORE_DIR is a kg on-disk store, e.g. one bench/bench_scale.py leaves in its workdir
(/tmp/kg-bench/store-1000000). Writes the section "bench_network" of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import write_section

from kg import network
from kg.queries import select
from kg.store import manifest, open_graph


def _before(graph: Any, nodes: Any) -> Any:
    """network-edges as kg.network read it before: through rdflib, sorted by the store."""
    assert nodes is None
    yield from select(graph, "network-edges")


def _fingerprint(net: Any) -> tuple:
    return (list(net.nodes(data=True)), sorted((u, v, k, repr(sorted(d.items()))) for u, v, k, d in net.edges(keys=True, data=True)))


def measure(location: Path, repeat: int) -> dict[str, Any]:
    graph = open_graph(f"oxigraph:{location}")
    now, before = [], []
    shapes = []
    for _ in range(repeat):  # alternating, so that both see the same machine
        start = time.perf_counter()
        net = network.statement_graph(graph)
        now.append(time.perf_counter() - start)
        shapes.append(_fingerprint(net))
        original = network._edge_rows
        network._edge_rows = _before  # type: ignore[assignment]
        try:
            start = time.perf_counter()
            old = network.statement_graph(graph)
            before.append(time.perf_counter() - start)
        finally:
            network._edge_rows = original  # type: ignore[assignment]
        if _fingerprint(old) != shapes[-1]:
            raise SystemExit(f"{location}: the two ways give different networks")
    info = manifest(location) or {}
    result = {"triples": info.get("triples"), "nodes": net.number_of_nodes(), "edges": net.number_of_edges(),
              "now": statistics.median(now), "before": statistics.median(before)}
    print(f"{location}: {result}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("stores", type=Path, nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = [measure(store, args.repeat) for store in args.stores]
    runs = "One run each" if args.repeat == 1 else f"Medians of {args.repeat} runs"
    lines = [
        "## The whole network (`kg.network.statement_graph`, bench/bench_network.py)",
        "",
        ("What the unfocused `kg view`, the map, the timeline and the GraphML/GEXF exports draw from, "
        "on kg on-disk stores loaded by bench/bench_scale.py. *now*: network-edges read straight "
        "from pyoxigraph, unsorted, the edges ordered by kg; *before*: network-edges through rdflib "
        f"(oxrdflib), sorted by the store. {runs}, the two alternating; "
        "both give the same network (checked every run). Ratio: before / now, same run."),
        "",
        "| triples in the store | nodes | edges | now | before | ratio |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        triples = f"{r['triples']:,}" if r["triples"] else "?"
        lines.append(f"| {triples} | {r['nodes']:,} | {r['edges']:,} | {r['now']:.1f} s | {r['before']:.1f} s "
                     f"| {r['before'] / r['now']:.2f}x |")
    write_section("bench_network", "\n".join(lines))


if __name__ == "__main__":
    main()
