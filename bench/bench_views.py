"""Benchmark the network view: render() time and browser time-to-stable, 500 and 2,000 nodes.

    python bench/bench_views.py               # measure, write a section of docs/benchmarks.md
    python bench/bench_views.py --screenshot  # also redraw docs/view.png (the bundled graph)

The synthetic networks have the attributes kg.network.statement_graph gives (label, kind;
relation, start, end, span, claimant, sources, statement), about 1.5 edges a node. The
browser is Debian's chromium, headless, with every non-file request blocked. Time-to-stable
is from navigation start until the layout has stabilised and been drawn (kgView.readyAt).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kg.network import RELATIONS
from kg.views import CHROMIUM_ARGS, render, view

ACTORS = [
    "alliance",
    "armed group",
    "armed group",
    "armed group",
    "state forces",
    "transnational organisation",
    "person",
]
PLACES = ["city", "city", "governorate", "country", "military base", "military airport"]


def synthetic_network(nodes: int, seed: int = 1) -> nx.MultiDiGraph:
    """A random statement network of ``nodes`` nodes (two thirds actors), 1.5 edges a node."""
    rng = random.Random(seed)
    network = nx.MultiDiGraph()
    actors, places = [], []
    for number in range(nodes):
        iri = f"https://example.org/node/{number}"
        place = number % 3 == 2
        kind = rng.choice(PLACES if place else ACTORS)
        (places if place else actors).append(iri)
        network.add_node(iri, label=f"{kind.title()} {number}", kind=kind)
    relations = list(RELATIONS)
    for number in range(int(nodes * 1.5)):
        relation = rng.choice(relations)
        source = rng.choice(actors)
        target = rng.choice(places if relation == "controls" else actors)
        start = dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(3000))
        end = start + dt.timedelta(days=rng.randrange(30, 900)) if rng.random() < 0.5 else None
        statement = f"https://example.org/statement/{number}"
        network.add_edge(
            source,
            target,
            key=statement,
            relation=relation,
            start=start,
            end=end,
            span=f"{start} – {end or ''}",
            claimant=None if rng.random() < 0.7 else "Someone",
            sources=[f"Source {rng.randrange(50)}, {start}"],
            statement=statement,
        )
    return network


def _browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    manager = sync_playwright().start()
    return manager, manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def _open(browser, path: Path, viewport=(1280, 800)):
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    blocked: list[str] = []

    def block(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", block)
    page.goto(path.as_uri())
    page.wait_for_function("window.kgView && window.kgView.ready", timeout=180_000)
    if blocked:
        raise RuntimeError(f"the page tried to reach: {blocked}")
    return page


def measure(sizes: list[int], runs: int, browser_runs: int) -> list[dict[str, float]]:
    manager, browser = _browser()
    results = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for size in sizes:
                network = synthetic_network(size)
                times, page_html = [], ""
                for _ in range(runs):
                    start = time.perf_counter()
                    page_html = render(network, title=f"synthetic {size}")
                    times.append(time.perf_counter() - start)
                path = Path(tmp) / f"view-{size}.html"
                path.write_text(page_html, encoding="utf-8")
                stable = []
                for _ in range(browser_runs):
                    page = _open(browser, path)
                    stable.append(page.evaluate("kgView.readyAt") / 1000)
                    page.close()
                results.append(
                    {
                        "nodes": size,
                        "edges": network.number_of_edges(),
                        "render_s": statistics.median(times),
                        "stable_s": statistics.median(stable),
                        "html_mb": len(page_html.encode()) / 1e6,
                    }
                )
                print(results[-1], flush=True)
    finally:
        browser.close()
        manager.stop()
    return results


def screenshot(out: Path = ROOT / "docs" / "view.png") -> Path:
    """The bundled graph, all of it, as the view draws it."""
    from kg import open_graph

    page_html, _ = view(open_graph("memory"))
    manager, browser = _browser()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "view.html"
            path.write_text(page_html, encoding="utf-8")
            page = _open(browser, path, viewport=(1200, 760))
            page.screenshot(path=str(out))
    finally:
        browser.close()
        manager.stop()
    return out


def write_results(results: list[dict[str, float]], runs: int, browser_runs: int) -> None:
    """Write the section "bench_views" of docs/benchmarks.md (bench/common.py)."""
    import importlib.metadata as md

    from common import write_section

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    lines = [
        "## Network view (`kg.views`, bench/bench_views.py)",
        "",
        (
            f"pyvis {md.version('pyvis')}, networkx {md.version('networkx')}, playwright "
            f"{md.version('playwright')}, {chromium} headless. Synthetic statement networks "
            f"(1.5 edges a node). render: median of {runs} calls to `kg.views.render`. "
            f"Time-to-stable: median of {browser_runs} page loads, from navigation start until the "
            "bounded layout has stabilised, physics is off and the picture is drawn."
        ),
        "",
        "| nodes | edges | render() | page size | browser time-to-stable |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['nodes']:,} | {r['edges']:,} | {r['render_s'] * 1000:.0f} ms | "
            f"{r['html_mb']:.1f} MB | {r['stable_s']:.2f} s |"
        )
    write_section("bench_views", "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--runs", type=int, default=7, help="render() calls per size")
    parser.add_argument("--browser-runs", type=int, default=3, help="page loads per size")
    parser.add_argument("--screenshot", action="store_true", help="also redraw docs/view.png")
    args = parser.parse_args()
    if args.screenshot:
        print("wrote", screenshot())
    results = measure(args.sizes, args.runs, args.browser_runs)
    write_results(results, args.runs, args.browser_runs)
    print("wrote", ROOT / "docs" / "benchmarks.md")


if __name__ == "__main__":
    main()
