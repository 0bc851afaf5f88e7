"""Benchmark the network view (render() time and browser time-to-stable, 500 and 2,000 nodes)
and the map (time-to-interactive with 2,000 places, against the network view in the same run).

    python bench/bench_views.py               # measure, write a section of docs/benchmarks.md
    python bench/bench_views.py --screenshot  # also redraw docs/view.png, map.png, timeline.png

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

from kg.maps import render_map
from kg.network import RELATIONS
from kg.timespan import bounds
from kg.views import CHROMIUM_ARGS, render

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
            bounds=bounds(start, end),
            relation=relation,
            start=start,
            end=end,
            span=f"{start} – {end or ''}",
            claimant=None if rng.random() < 0.7 else "Someone",
            sources=[f"Source {rng.randrange(50)}, {start}"],
            statement=statement,
        )
    return network


def synthetic_places(places: int, seed: int = 1) -> nx.MultiDiGraph:
    """``places`` places at random points in Syria's extent, 40 holders, about two control
    statements a place (the second taking over the first's place, half of them open)."""
    rng = random.Random(seed)
    network = nx.MultiDiGraph()
    holders = [f"https://example.org/holder/{n}" for n in range(40)]
    for holder in holders:
        network.add_node(holder, label=f"Armed group {holder.rsplit('/', 1)[1]}", kind="armed group")
    for number in range(places):
        iri = f"https://example.org/place/{number}"
        network.add_node(iri, label=f"Town {number}", kind="city", latitude=round(rng.uniform(32.5, 37.2), 4),
                         longitude=round(rng.uniform(35.8, 42.2), 4))
        change = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(2500))
        first, second = rng.sample(holders, 2)
        for holder, start, end in ((first, None, change), (second, change, None)):
            statement = f"https://example.org/statement/{number}-{holder.rsplit('/', 1)[1]}"
            network.add_edge(holder, iri, key=statement, relation="controls", statement=statement,
                             bounds=bounds(start, end, attested=change), span=f"{start or '?'} – {end or ''}",
                             claimant=None, sources=[f"Source {rng.randrange(50)}"], source_urls=[None])
    return network


def measure_map(places: int, network_nodes: int, runs: int) -> dict[str, float]:
    """Time-to-interactive of the map with ``places`` places and, in the same run, of the
    network view with ``network_nodes`` nodes: medians of ``runs`` page loads each."""
    manager, browser = _browser()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            map_path, view_path = Path(tmp) / "map.html", Path(tmp) / "view.html"
            map_path.write_text(render_map(synthetic_places(places), title="synthetic"), encoding="utf-8")
            view_path.write_text(render(synthetic_network(network_nodes), title="synthetic"), encoding="utf-8")
            times: dict[str, list[float]] = {"map": [], "view": []}
            for _ in range(runs):
                for name, path, ready in (("map", map_path, "kgMap"), ("view", view_path, "kgView")):
                    page = _open(browser, path, ready=ready)
                    times[name].append(page.evaluate(f"{ready}.readyAt") / 1000)
                    page.close()
            result = {"places": places, "nodes": network_nodes, "map_s": statistics.median(times["map"]),
                      "view_s": statistics.median(times["view"]), "map_mb": map_path.stat().st_size / 1e6}
            print(result, flush=True)
            return result
    finally:
        browser.close()
        manager.stop()


def _browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    manager = sync_playwright().start()
    return manager, manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def _open(browser, path: Path, viewport=(1280, 800), ready: str = "kgView"):
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
    page.wait_for_function(f"window.{ready} && window.{ready}.ready", timeout=180_000)
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


def screenshot(out: Path = ROOT / "docs" / "view.png") -> list[Path]:
    """The bundled graph as the network view, the map (on 2015-03-28) and the timeline of
    Idlib and Jaish al-Fath (narrowed to March-April 2015) draw it."""
    import kg

    db = kg.open("memory")
    shots = [(db.view().html, out, "kgView", None),
             (db.map(at="2015-03-28").html, out.with_name("map.png"), "kgMap", None),
             (db.timeline(["Idlib", "Jaish al-Fath"]).html, out.with_name("timeline.png"), "kgTimeline",
              "kgTimeline.setRange('2015-03-01', '2015-05-01')")]
    manager, browser = _browser()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for page_html, target, ready, then in shots:
                path = Path(tmp) / target.with_suffix(".html").name
                path.write_text(page_html, encoding="utf-8")
                page = _open(browser, path, viewport=(1200, 760), ready=ready)
                if then:
                    page.evaluate(then)
                page.screenshot(path=str(target), full_page=ready == "kgTimeline")
                page.close()
    finally:
        browser.close()
        manager.stop()
    return [target for _, target, _, _ in shots] + [query_screenshot(out.with_name("query.png"))]


def query_screenshot(target: Path) -> Path:
    """The query page of a real `kg serve` (on a fresh store of the bundled graph) drawing the
    named query network-edges as a network: the toolbar, legend and drawing."""
    import re
    import subprocess
    import threading

    from kg.build import build

    manager, browser = _browser()
    with tempfile.TemporaryDirectory() as tmp:
        store = f"oxigraph:{tmp}/kg"
        build(store)
        server = subprocess.Popen([sys.executable, "-m", "kg", "--store", store, "serve", "--port", "0", "--workers", "1",
                                   "--reserve", "0"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        found: list[str] = []
        started = threading.Event()

        def read() -> None:
            assert server.stderr is not None
            for line in server.stderr:
                match = re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", line)
                if match:
                    found.append(match.group(1))
                    started.set()

        threading.Thread(target=read, daemon=True).start()
        try:
            if not started.wait(120):
                raise RuntimeError("kg serve did not start")
            url = found[0]
            page = browser.new_page(viewport={"width": 1200, "height": 760})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url + "/")
                       else route.abort())
            page.goto(url + "/")
            page.wait_for_function("window.kgQuery && kgQuery.ready", timeout=60_000)
            page.click('form[data-query="network-edges"] button:has-text("run")')
            page.wait_for_function("kgQuery.answers > 0 && kgQuery.view === 'network'", timeout=60_000)
            top = page.evaluate("document.getElementById('form').getBoundingClientRect().bottom + scrollY - 40")
            bottom = page.evaluate("document.querySelector('#out svg').getBoundingClientRect().bottom + scrollY + 30")
            page.screenshot(path=str(target), full_page=True, clip={"x": 0, "y": top, "width": 1200, "height": bottom - top})
            page.close()
        finally:
            server.terminate()
            server.wait(10)
            browser.close()
            manager.stop()
    return target


def write_results(results: list[dict[str, float]], runs: int, browser_runs: int,
                  maps: dict[str, float] | None = None) -> None:
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
    if maps:
        lines += [
            "",
            "## Map view (`kg.maps`, bench/bench_views.py)",
            "",
            (f"Time-to-interactive: median of {maps['runs']:.0f} page loads each, from navigation start until "
             "the page has drawn its basemap and places, coloured for the slider's day, and can take input "
             "(`kgMap.readyAt`; for the network view `kgView.readyAt`, as above). Synthetic places at random "
             "points in Syria's extent, 40 holders, two control statements a place; the network view of "
             "the same size measured in the same run, alternating page loads."),
            "",
            "| map: places | page size | map time-to-interactive | network view: nodes | network time-to-stable | ratio (network / map) |",
            "|---:|---:|---:|---:|---:|---:|",
            (f"| {maps['places']:,.0f} | {maps['map_mb']:.1f} MB | {maps['map_s']:.2f} s | {maps['nodes']:,.0f} | "
            f"{maps['view_s']:.2f} s | {maps['view_s'] / maps['map_s']:.1f}x |"),
        ]
    write_section("bench_views", "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--runs", type=int, default=7, help="render() calls per size")
    parser.add_argument("--browser-runs", type=int, default=3, help="page loads per size")
    parser.add_argument("--screenshot", action="store_true",
                        help="also redraw docs/view.png, docs/map.png, docs/timeline.png and docs/query.png")
    parser.add_argument("--places", type=int, default=2000, help="places on the measured map")
    args = parser.parse_args()
    if args.screenshot:
        print("wrote", screenshot())
    results = measure(args.sizes, args.runs, args.browser_runs)
    maps = dict(measure_map(args.places, args.places, args.browser_runs), runs=args.browser_runs)
    write_results(results, args.runs, args.browser_runs, maps)
    print("wrote", ROOT / "docs" / "benchmarks.md")


if __name__ == "__main__":
    main()
