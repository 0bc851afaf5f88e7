"""networkx -> one self-contained HTML page (pyvis / vis-network), and exports for Gephi.

The page makes no network request: vis-network's script and style are inlined by pyvis
(``cdn_resources="in_line"``) and the Bootstrap links pyvis adds anyway are removed. Data
text never runs as markup:

* the nodes and edges are JSON written by :func:`_script_json` (``<``, ``>``, ``&`` and the
  JS line separators escaped), not pyvis's ``add_node``/``add_edge`` (quadratic, and a
  tooltip containing "href" makes pyvis 0.3.2 switch to an ``innerHTML`` popup);
* tooltips are plain strings, which vis-network shows with ``innerText``;
* the heading, legend and controls are ours, built with :func:`html.escape`; pyvis's
  heading and select/filter menus (not escaped in 0.3.2) are not used.

The layout is vis-network's Barnes-Hut physics from a fixed seed, run for a bounded number
of iterations and then switched off, so the same data gives the same picture.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from .errors import InputError, NameNotFound
from .network import RELATIONS
from .networkpage import PREPARE, SCRIPT, STYLE
from .pages import (
    bounds_json,
    js_common,
    name_keys,
    open_bounds,
    require_offline,
    script_json,
    sources_json,
)
from .tabular import cell_text
from .timespan import EARLIEST, LATEST
from .vocabulary import KIND_STYLES
from .vocabulary import RELATIONS as VOCABULARY

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["CHROMIUM_ARGS", "KIND_STYLES", "MAX_NODES", "RELATION_STYLES", "export_network", "render", "view"]

MAX_NODES = 2000

# Flags for opening the pages in headless Chromium on a machine with a closed network
# (used by the browser tests and bench/bench_views.py).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# kind -> (colour, vis shape, legend glyph, is a place)
# relation -> (colour, dashes: False or a dash pattern, width); kinds and relations are drawn as
# kg.vocabulary says
RELATION_STYLES: dict[str, tuple[str, bool | list[int], int]] = {
    r.word: (r.colour, list(r.dashes) if isinstance(r.dashes, tuple) else False, r.width) for r in VOCABULARY
}
# an edge only possibly in force on the day drawn: faint and dotted, "(possibly)" in its label
POSSIBLY_STYLE: dict[str, Any] = {"opacity": 0.45, "dashes": [2, 6]}

_EXTERNAL_TAG = re.compile(
    r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>"
    r"|<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>",
    re.IGNORECASE,
)
_UNBOUNDED = {EARLIEST.isoformat(), LATEST.isoformat()}

def _vis_data(network: nx.MultiDiGraph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """vis-network node and edge records, in a stable order; tooltips are plain text."""
    degree = dict(network.degree())
    nodes = []
    for iri in sorted(network.nodes):
        data = network.nodes[iri]
        kind = data.get("kind", "other")
        colour, shape, _, place = KIND_STYLES.get(kind, KIND_STYLES["other"])
        label = str(data.get("label", iri))
        names = [str(n) for n in data.get("names") or []] or [label]
        nodes.append(
            {
                "id": iri,
                "label": label,
                "kind": kind,
                "actor": not place,
                "tip": [f"{kind} · {iri}", "also: " + "; ".join(n for n in names if n != label)
                        if len(names) > 1 else ""],
                **name_keys(names + [label]),
                "shape": shape,
                "size": 22 + min(degree[iri], 12) * 2 + (8 if kind == "alliance" else 0),
                "color": {
                    "background": colour,
                    "border": "#444444" if place else "#222222",
                    "highlight": {"background": colour, "border": "#000000"},
                },
                "borderWidth": 2,
                "shapeProperties": {"borderDashes": [4, 3] if place else False},
                "font": {
                    "size": 30,
                    "strokeWidth": 6,
                    "strokeColor": "#ffffff",
                    "color": "#555555" if place else "#111111",
                },
            }
        )
    edges = []
    edge_list = sorted(network.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    seen: dict[frozenset[str], int] = {}
    for number, (source, target, key, data) in enumerate(edge_list):
        relation = data.get("relation", "")
        colour, dashes, width = RELATION_STYLES.get(relation, ("#888888", False, 1))
        pair = frozenset((source, target))
        parallel = seen[pair] = seen.get(pair, -1) + 1  # fan out repeated pairs
        head = (f"{network.nodes[source].get('label', source)} {relation} "
                f"{network.nodes[target].get('label', target)}")
        lines = [f"when: {data['span']}" if data.get("span") else ""]
        if data.get("claimant"):
            lines.append(f"claimed by: {data['claimant']}")
        if data.get("end_claimant"):
            lines.append(f"end claimed by: {data['end_claimant']}")
        lines.append(f"statement: {data.get('statement', key)}")
        bounds = data.get("bounds")
        edges.append(
            {
                "id": f"e{number}",
                "from": source,
                "to": target,
                "relation": relation,
                "span": str(data.get("span") or ""),
                "bounds": bounds_json(bounds) if bounds is not None else None,
                "label": relation,
                "tip": [head, *lines],
                "sources": sources_json([str(x) for x in data.get("sources") or []],
                                        list(data.get("source_urls") or [])),
                "colour": colour,
                "baseDashes": dashes,
                "color": {"color": colour, "highlight": "#000000", "hover": colour},
                "dashes": dashes,
                "width": width,
                "arrows": {"to": {"enabled": RELATIONS.get(relation, False), "scaleFactor": 0.8}},
                # horizontal, never rotated along the edge: placed by the page's placeEdgeLabels
                "font": {"size": 18, "align": "horizontal", "color": "#444444", "strokeWidth": 4, "multi": False},
                "smooth": {
                    "enabled": True,
                    "type": "curvedCW" if parallel % 2 else "curvedCCW",
                    "roundness": 0.08 + 0.12 * parallel,
                },
            }
        )
    return nodes, edges


def _options(node_count: int) -> dict[str, Any]:
    iterations = 1000 if node_count <= 200 else max(150, 200_000 // node_count)
    return {
        "layout": {"randomSeed": 42, "improvedLayout": node_count <= 200},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -8000,
                "springLength": 190,
                "springConstant": 0.03,
                "avoidOverlap": 0.3,
            },
            "stabilization": {"enabled": True, "iterations": iterations, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": node_count > 500},
        "edges": {"selectionWidth": 2},
    }


def _legend(network: nx.MultiDiGraph) -> str:
    kinds = sorted(
        {d.get("kind", "other") for _, d in network.nodes(data=True)},
        key=lambda k: (KIND_STYLES.get(k, KIND_STYLES["other"])[3], k),
    )
    relations = [
        r
        for r in RELATION_STYLES
        if any(d.get("relation") == r for _, _, d in network.edges(data=True))
    ]
    esc = html.escape
    kind_items = []
    for kind in kinds:
        colour, _, glyph, place = KIND_STYLES.get(kind, KIND_STYLES["other"])
        kind_items.append(
            '<label class="kg-item">'
            f'<input type="checkbox" class="kg-kind" value="{esc(kind)}" checked>'
            f'<span class="kg-glyph" style="color:{colour}">{glyph}</span>{esc(kind)}'
            f"{' (place)' if place else ''}</label>"
        )
    relation_items = []
    for relation in relations:
        colour, dashes, width = RELATION_STYLES[relation]
        dash = " ".join(str(d) for d in dashes) if isinstance(dashes, list) else "none"
        arrow = f'<path d="M30 1 L38 6 L30 11 z" fill="{colour}"/>' if RELATIONS[relation] else ""
        relation_items.append(
            '<label class="kg-item">'
            f'<input type="checkbox" class="kg-relation" value="{esc(relation)}" checked>'
            f'<svg width="40" height="12" aria-hidden="true"><line x1="1" y1="6" x2="34" y2="6" '
            f'stroke="{colour}" stroke-width="{width}" stroke-dasharray="{dash}"/>{arrow}</svg>'
            f"{esc(relation)}</label>"
        )
    return (
        '<div id="kg-legend">'
        f"<div><b>Kinds</b> {''.join(kind_items)}</div>"
        f"<div><b>Relations</b> {''.join(relation_items)}"
        '<span class="kg-note">arrows point from the actor to the object</span></div>'
        "</div>"
    )


def _time(edges: list[dict[str, Any]], at: dt.date | None) -> dict[str, Any]:
    """The slider's range (a month either side of the dated changes), its change days and
    the day it starts on."""
    changes = sorted({d for e in edges if e["bounds"] for d in e["bounds"].values() if d not in _UNBOUNDED})
    days = [dt.date.fromisoformat(d) for d in changes] + ([at] if at else []) or [dt.date.today()]
    start = at or max(days)
    return {"first": (min(days) - dt.timedelta(days=30)).isoformat(),
            "last": (max(days) + dt.timedelta(days=30)).isoformat(),
            "changes": changes, "start": start.isoformat(), "all": at is None}


def _too_large(what: str) -> InputError:
    return InputError(f"{what}; a view draws at most {MAX_NODES:,}. "
                      "Draw part of it with --focus NAME --depth N (or narrow it with --at DATE).")


def render(network: nx.MultiDiGraph, *, title: str, subtitle: str = "", at: dt.date | None = None) -> str:
    """One self-contained HTML page drawing ``network`` (nodes and edges as from
    :func:`kg.network.statement_graph`; a node's ``names`` feed the find box). The time
    slider starts on ``at`` (else on "all dates"). Raises InputError above MAX_NODES nodes."""
    count, edge_count = network.number_of_nodes(), network.number_of_edges()
    if count > MAX_NODES:
        raise _too_large(f"the network has {count:,} nodes")
    from pyvis.network import Network  # type: ignore[import-untyped]

    nodes, edges = _vis_data(network)
    net = Network(
        height="calc(100vh - 200px)",
        width="100%",
        directed=False,
        cdn_resources="in_line",
        heading="",
    )
    net.options = _options(count)  # nodes and edges go in below, as escaped JSON
    page = net.generate_html()

    counts = f"{count} node{'s' * (count != 1)}, {edge_count} edge{'s' * (edge_count != 1)}"
    esc = html.escape
    head = f"<title>{esc(title)} ({esc(counts)})</title>{STYLE}"
    body = (
        '<div id="kg-header">'
        f"<h1>{esc(title)}</h1>"
        f"<p>{esc(subtitle + ' · ' if subtitle else '')}{esc(counts)} · "
        "hover for dates and sources; drag to pan, scroll to zoom</p></div>"
        '<form id="kg-find"><div class="kg-controls" id="kg-controls">'
        '<label for="kg-find-input">Find a node</label>'
        '<input id="kg-find-input" list="kg-names" autocomplete="off" '
        'placeholder="any name, alias or Arabic name">'
        '<datalist id="kg-names"></datalist><button type="submit">Find</button>'
        '<span id="kg-find-status" role="status"></span></div></form>'
        '<div class="kg-controls"><label><input type="checkbox" id="kg-all"> all dates</label>'
        '<label for="kg-day">Day</label><input type="range" id="kg-day" step="1">'
        '<output id="kg-day-text" for="kg-day"></output>'
        '<button type="button" id="kg-prev">&#9664; change</button>'
        '<button type="button" id="kg-next">change &#9654;</button></div>'
        f"{_legend(network)}"
        '<div id="kg-info" role="status"></div>'
    )
    data = (
        f"{js_common()}<script>var KG_NODES = {script_json(nodes)}; "
        f"var KG_EDGES = {script_json(edges)}; var KG_TIME = {script_json(_time(edges, at))};</script>"
        + PREPARE % (json.dumps(POSSIBLY_STYLE["dashes"]), json.dumps(POSSIBLY_STYLE["opacity"]))
    )
    replacements = [
        ("<html>", '<!DOCTYPE html>\n<html lang="en">'),
        ("<head>", f"<head>{head}"),
        ("<body>", f"<body>{body}{data}"),
        ("nodes = new vis.DataSet([]);", "nodes = new vis.DataSet(KG_NODES);"),
        ("edges = new vis.DataSet([]);", "edges = new vis.DataSet(KG_EDGES);"),
        ("</body>", f"{SCRIPT}</body>"),
    ]
    for old, new in replacements:
        if page.count(old) != 1:  # pyvis's template changed: fail loudly, never half-render
            raise RuntimeError(f"unexpected pyvis template: {old!r} found {page.count(old)} times")
        page = page.replace(old, new)
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    page = _EXTERNAL_TAG.sub("", page)
    return require_offline(page)


def _relations(relations: set[str] | None) -> set[str] | None:
    if relations is None:
        return None
    unknown = sorted(set(relations) - set(RELATIONS))
    if unknown:
        raise InputError(
            f"unknown relation(s): {', '.join(unknown)}; valid relations: {', '.join(RELATIONS)}"
        )
    return set(relations)


def view(
    graph: Graph,
    *,
    focus: str | None = None,
    depth: int = 2,
    at: dt.date | None = None,
    relations: set[str] | None = None,
    places: bool = True,
) -> tuple[str, nx.MultiDiGraph]:
    """The alliance network view: (HTML page, the networkx graph it draws).

    ``focus`` (any name or alias of an actor, or else of a place) keeps what lies within
    ``depth`` hops of it; ``at`` keeps the statements in force on that day."""
    from .names import ACTOR_KINDS, index_for
    from .network import NetworkTooLarge, around, ego_graph, statement_graph

    wanted = _relations(relations)
    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}")
    names = index_for(graph)
    entry = None
    if focus is not None:
        try:
            entry = names.resolve(focus, ACTOR_KINDS)
        except NameNotFound:
            entry = names.resolve(focus)
    # around a focus, only the statements near it are read (kg.network.around), not the graph
    near = None if entry is None else around(graph, [str(entry.iri)], depth)
    try:  # the whole network is refused as soon as it is known to be too large to draw
        network = statement_graph(graph, at=at, relations=wanted, places=places, nodes=near,
                                  max_nodes=MAX_NODES if entry is None else None)
    except NetworkTooLarge as error:
        raise _too_large(str(error)) from None
    for node, data in network.nodes(data=True):
        data["names"] = names.names_of(node)
    title = "Alliance network"
    if entry is not None:
        iri = str(entry.iri)
        network = ego_graph(network, iri, depth)
        if iri not in network:  # no ties in force: show the focus alone rather than nothing
            network.add_node(iri, label=entry.label, kind=entry.kind, names=names.names_of(iri))
        title += f" around {entry.label} (depth {depth})"
    details = [f"as of {at.isoformat()}" if at else "all dates"]
    if wanted is not None:
        details.append("relations: " + ", ".join(r for r in RELATIONS if r in wanted))
    if not places:
        details.append("places left out")
    title += f", {details[0]}"
    return render(network, title=title, subtitle="; ".join(details[1:]), at=at), network


def export_network(network: nx.MultiDiGraph, fmt: str) -> bytes:
    """``network`` as GraphML or GEXF 1.2 (for Gephi): dates and lists become text; a missing
    value (no end, no claimant) is left out rather than written empty; places keep
    ``latitude``/``longitude`` (and in GEXF a ``viz:position``, x = longitude, y = latitude).
    Every edge carries its four derived dates where they are bounded (an open side is left
    out, never written as 0001-01-01 or 9999-12-31); in GEXF its ``start``/``end`` (Gephi's
    timeline, inclusive days) are its possible span, written only where it is bounded, and
    kg's own start and end are the attributes ``from`` and ``until``."""
    if fmt not in ("graphml", "gexf"):
        raise InputError(f"unknown network format {fmt!r}; use one of: graphml, gexf")
    nodes: list[tuple[Any, dict[str, Any]]] = []
    for node, data in network.nodes(data=True):
        attrs: dict[str, Any] = {k: _plain(v) for k, v in data.items() if v is not None and k != "names"}
        if fmt == "gexf" and data.get("latitude") is not None:
            attrs["viz"] = {"position": {"x": float(data["longitude"]), "y": float(data["latitude"]), "z": 0.0}}
        nodes.append((node, attrs))
    links: list[tuple[Any, Any, str, dict[str, Any]]] = []
    names = _GEXF_NAMES if fmt == "gexf" else {}  # GEXF's start/end are its own: kg's are from/until
    for source, target, key, data in network.edges(keys=True, data=True):
        attrs = {names.get(k, k): v if type(v) in _PLAIN else _plain(v) for k, v in data.items()
                 if v is not None and k not in _NOT_EXPORTED}
        bounds = data.get("bounds")
        if fmt == "gexf":  # GEXF's start/end are its own (inclusive) time interval: the possible span
            if bounds is not None and bounds.possible_from != EARLIEST:
                attrs["start"] = bounds.possible_from.isoformat()
            if bounds is not None and bounds.possible_until != LATEST:
                attrs["end"] = (bounds.possible_until - dt.timedelta(days=1)).isoformat()
        if bounds is not None:  # an open side (or no certain span) is left out, never 0001-01-01 / 9999-12-31
            attrs.update({k: v for k, v in open_bounds(bounds).items() if v is not None})
        links.append((source, target, str(key), attrs))
    buffer = io.BytesIO()
    if fmt == "gexf":  # written line by line (kg.gexf): networkx's writer builds the whole tree first
        from .gexf import write

        write(nodes, links, buffer)
        return buffer.getvalue()
    import networkx as nx

    out = nx.MultiDiGraph()
    out.add_nodes_from(nodes)
    out.add_edges_from(links)
    nx.write_graphml(out, buffer)
    return buffer.getvalue()


# edge data the export leaves out: the derived dates are written as such, the rest is for answers on a day
_NOT_EXPORTED = {"bounds", "start_precision", "start_bound", "end_precision", "end_bound", "reason"}
_GEXF_NAMES = {"start": "from", "end": "until"}
_PLAIN = {bool, int, float, str}  # values written as they are (the exact types: a subclass goes through _plain)


def _plain(value: Any) -> str | int | float | bool:
    if isinstance(value, (bool, int, float, str)):
        return value
    return cell_text(value)
