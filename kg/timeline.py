"""Spans over time: control of places and ties of actors as one offline Gantt-style page.

Each statement is a row; its bar is drawn from its four derived dates (kg:certainFrom,
kg:certainUntil, kg:possibleFrom, kg:possibleUntil): solid where it is in force, hatched and
faded where it is only possibly in force, clipped with an open end where a side is unbounded.
Events are points (hollow when the source gives only a latest date). The date range can be
narrowed in the page (From/To), which redraws the axis.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from .pages import bounds_json, page, sources_json
from .queries import local_name
from .timespan import EARLIEST, LATEST

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["timeline_view"]

_PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
            "#bcbd22", "#7f7f7f"]
_UNBOUNDED = {EARLIEST.isoformat(), LATEST.isoformat()}


def _row(network: nx.MultiDiGraph, source: str, target: str, data: dict[str, Any], label: str, other: str) -> dict[str, Any]:
    return {"label": label, "other": network.nodes[other].get("label", other), "relation": data["relation"],
            "span": data.get("span", ""), "bounds": bounds_json(data["bounds"]),
            "claimant": data.get("claimant"), "endClaimant": data.get("end_claimant"),
            "sources": sources_json(list(data.get("sources", [])), list(data.get("source_urls", []))),
            "statement": data["statement"]}


def _events(graph: Graph, query: str, param: str, iri: str) -> list[dict[str, Any]]:
    from .queries import select

    found: dict[str, dict[str, Any]] = {}
    for row in select(graph, query, {param: iri}):
        event = found.setdefault(str(row.event), {
            "label": str(row.eventLabel), "type": local_name(row.type), "event": str(row.event),
            "start": None if row.start is None else str(row.start),
            "end": None if row.end is None else str(row.end),
            "endBound": None if row.endBound is None else local_name(row.endBound),
            "place": None if row.placeLabel is None else str(row.placeLabel),
            "claimant": None if row.claimantLabel is None else str(row.claimantLabel), "sources": []})
        if str(row.sourceName) not in [s["name"] for s in event["sources"]]:
            event["sources"].append({"name": str(row.sourceName), "url": None})
    return [e for e in found.values() if e["start"] or e["end"]]


def _place_group(graph: Graph, network: nx.MultiDiGraph, iri: str, label: str, inside: bool) -> dict[str, Any]:
    from .queries import select

    statements: dict[str, str] = {}
    if inside:  # the place and the places in it
        for row in select(graph, "control-history", {"place": iri}):
            statements.setdefault(str(row.statement), str(row.whereLabel))
    rows = []
    for source, target, data in network.edges(data=True):
        if data["relation"] != "controls":
            continue
        if data["statement"] in statements or (not inside and target == iri):
            where = network.nodes[target].get("label", target)
            prefix = "" if target == iri else f"{where}: "
            rows.append(_row(network, source, target, data, f"{prefix}held by {network.nodes[source]['label']}", source))
    rows.sort(key=lambda r: (r["label"].split(":")[0] if ":" in r["label"] else "", r["bounds"]["possibleFrom"],
                             r["bounds"]["certainFrom"], r["label"]))
    return {"id": iri, "title": label, "what": "control", "rows": rows,
            "events": _events(graph, "place-events", "place", iri) if inside else []}


def _actor_group(graph: Graph, network: nx.MultiDiGraph, iri: str, label: str, controls: bool) -> dict[str, Any]:
    rows = []
    if iri in network:
        for source, target, data in network.out_edges(iri, data=True):
            if controls or data["relation"] != "controls":
                rows.append(_row(network, source, target, data, f"{data['relation']} {network.nodes[target]['label']}", target))
        for source, target, data in network.in_edges(iri, data=True):
            rows.append(_row(network, source, target, data, f"← {network.nodes[source]['label']} {data['relation']}", source))
    rows.sort(key=lambda r: (r["bounds"]["possibleFrom"], r["bounds"]["certainFrom"], r["label"]))
    return {"id": iri, "title": label, "what": "ties", "rows": rows,
            "events": _events(graph, "actor-events", "actor", iri)}


def timeline_view(graph: Graph, names: list[str] | None = None) -> tuple[str, nx.MultiDiGraph]:
    """The timeline page and the network of the statements it draws. Each name (any name or
    alias) is a place (its control spans and those of the places in it, and its events) or an
    actor (its ties and events); with no names, every place's control and every actor's other
    ties."""
    import networkx as nx

    from .names import ACTOR_KINDS, PLACE_KINDS, index_for
    from .network import statement_graph

    network = statement_graph(graph)
    index = index_for(graph)
    groups = []
    if names:
        for name in names:
            entry = index.resolve(name)
            if entry.kind in PLACE_KINDS:
                groups.append(_place_group(graph, network, str(entry.iri), entry.label, inside=True))
            else:
                groups.append(_actor_group(graph, network, str(entry.iri), entry.label, controls=True))
        title = "Timeline of " + ", ".join(g["title"] for g in groups)
    else:
        held = sorted({t for _, t, d in network.edges(data=True) if d["relation"] == "controls"},
                      key=lambda n: network.nodes[n]["label"])
        groups = [_place_group(graph, network, n, network.nodes[n]["label"], inside=False) for n in held]
        actors = sorted((n for n, d in network.nodes(data=True) if d.get("kind") in ACTOR_KINDS),
                        key=lambda n: network.nodes[n]["label"])
        groups += [g for g in (_actor_group(graph, network, n, network.nodes[n]["label"], controls=False)
                               for n in actors) if g["rows"]]
        title = "Timeline of control and ties"
    drawn = {r["statement"] for g in groups for r in g["rows"]}
    shown = nx.MultiDiGraph(network.edge_subgraph([(u, v, k) for u, v, k, d in network.edges(keys=True, data=True)
                                                   if d["statement"] in drawn]))
    return render_timeline(groups, title=title), shown


def render_timeline(groups: list[dict[str, Any]], *, title: str) -> str:
    """The page for ``groups`` (each a title, rows of statements with their four dates, and
    events)."""
    days = sorted({d for g in groups for r in g["rows"] for d in r["bounds"].values() if d not in _UNBOUNDED}
                  | {d for g in groups for e in g["events"] for d in (e["start"], e["end"]) if d})
    if days:
        first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    else:
        first = last = dt.date.today()
    margin = max(dt.timedelta(days=30), (last - first) * 0.04)
    others = sorted({r["other"] for g in groups for r in g["rows"]})
    data = {"groups": groups, "range": [(first - margin).isoformat(), (last + margin).isoformat()],
            "colours": {o: _PALETTE[i % len(_PALETTE)] for i, o in enumerate(others)}}
    count = sum(len(g["rows"]) for g in groups)
    events = sum(len(g["events"]) for g in groups)
    subtitle = (f"{count} statement{'s' * (count != 1)}, {events} event{'s' * (events != 1)} · solid: in force "
                "(the sources say it held); hatched, faded: possibly in force (the bounds allow it); an open end "
                "runs off the axis; ● event, ○ event dated only by a latest day. Hover for sources; click to keep.")
    return page(title=f"{title} ({count} statements)", heading=title, subtitle=subtitle, style=_STYLE,
                body=_BODY, data={"KG_TIMELINE": data}, script=_SCRIPT)


_STYLE = """
  #kg-timeline { display: block; width: 100%; }
  .kg-group { font-weight: bold; font-size: 14px; }
  .kg-row-label { font-size: 12px; fill: #222; }
  .kg-axis { font-size: 11px; fill: #444; }
  .kg-grid { stroke: #e3e3e3; }
  .kg-possible { opacity: 0.55; }
  rect.kg-bar, circle.kg-event { cursor: pointer; }
"""

_BODY = """
<div class="kg-controls">
  <label for="kg-from">From</label><input type="date" id="kg-from">
  <label for="kg-to">To</label><input type="date" id="kg-to">
  <button type="button" id="kg-zoom">Show</button><button type="button" id="kg-fit">All dates</button>
</div>
<svg id="kg-timeline" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="timeline"></svg>
<div id="kg-info" role="status"></div>
"""

_SCRIPT = r"""
(function () {
  var T = KG_TIMELINE, NS = "http://www.w3.org/2000/svg", svg = document.getElementById("kg-timeline");
  var view = window.kgTimeline = {ready: false, readyAt: null, range: T.range.slice()};
  var LEFT = 330, ROW = 22, HEAD = 26, AXIS = 28;
  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function hover(node, make) {
    node.addEventListener("mousemove", function (e) { kgFloat(make(), e); });
    node.addEventListener("mouseleave", function (e) { kgFloat(null, e); });
    node.addEventListener("click", function () { kgInfo(make()); });
  }
  function rowTip(g, r) {
    return kgTip(g.title + ": " + r.label, ["when: " + r.span,
      r.claimant ? "claimed by: " + r.claimant : "", r.endClaimant ? "end claimed by: " + r.endClaimant : "",
      "statement: " + r.statement], r.sources);
  }
  function eventTip(e) {
    var when = e.start ? (e.end && e.end !== e.start ? e.start + " – " + e.end : e.start)
                       : (e.endBound === "NotAfter" ? "by " + e.end : "until " + e.end);
    return kgTip(e.label, [e.type + ", " + when, e.place ? "at: " + e.place : "",
                           e.claimant ? "claimed by: " + e.claimant : ""], e.sources);
  }
  function ticks(lo, hi) {
    var span = hi - lo, out = [], d = new Date(lo * 86400000);
    if (span > 1500) {
      for (var y = d.getUTCFullYear(); ; y++) {
        var t = Date.UTC(y, 0, 1) / 86400000;
        if (t > hi) { break; } if (t >= lo) { out.push([t, String(y)]); }
      }
    } else if (span > 120) {
      var step = Math.max(1, Math.ceil(span / 30 / 12));
      for (var m = d.getUTCFullYear() * 12 + d.getUTCMonth(); ; m += step) {
        var tm = Date.UTC(Math.floor(m / 12), m % 12, 1) / 86400000;
        if (tm > hi) { break; }
        if (tm >= lo) { out.push([tm, new Date(tm * 86400000).toISOString().slice(0, 7)]); }
      }
    } else {
      var every = Math.max(1, Math.ceil(span / 12));
      for (var t2 = lo; t2 <= hi; t2 += every) { out.push([t2, new Date(t2 * 86400000).toISOString().slice(0, 10)]); }
    }
    return out;
  }
  function draw() {
    svg.textContent = "";
    var width = Math.max(700, svg.clientWidth || document.body.clientWidth - 24);
    var lo = kgDayNumber(view.range[0]), hi = kgDayNumber(view.range[1]), scale = (width - LEFT - 10) / (hi - lo);
    function x(day) {
      var n = kgDayNumber(day);
      return LEFT + (Math.min(Math.max(n, lo), hi) - lo) * scale;
    }
    var defs = el("defs", {}, svg), hatch = {}, i = 0;
    Object.keys(T.colours).forEach(function (other) {
      var id = "kg-hatch-" + (i++), p = el("pattern", {id: id, patternUnits: "userSpaceOnUse", width: 6, height: 6,
                                                       patternTransform: "rotate(45)"}, defs);
      el("rect", {width: 6, height: 6, fill: "#ffffff"}, p);
      el("rect", {width: 3, height: 6, fill: T.colours[other]}, p);
      hatch[other] = "url(#" + id + ")";
    });
    var y = AXIS, grid = el("g", {}, svg), body = el("g", {}, svg);
    function bar(g, r, row, from, until, part) {
      if (!(from < until) || kgDayNumber(until) <= lo || kgDayNumber(from) > hi) { return; }
      var left = x(from), right = x(until);
      var rect = el("rect", {x: left, y: row + 4, width: Math.max(1, right - left), height: ROW - 8,
        "class": "kg-bar kg-" + part, fill: part === "certain" ? T.colours[r.other] : hatch[r.other],
        stroke: T.colours[r.other], "stroke-dasharray": part === "certain" ? "none" : "3 2",
        "data-statement": r.statement, "data-part": part, "data-from": from, "data-until": until}, body);
      hover(rect, function () { return rowTip(g, r); });
    }
    T.groups.forEach(function (g) {
      el("text", {x: 4, y: y + 18, "class": "kg-group"}, body).textContent = g.title + (g.what === "control" ? " — control" : " — ties");
      y += HEAD;
      g.rows.forEach(function (r) {
        el("text", {x: 14, y: y + 15, "class": "kg-row-label"}, body).textContent = r.label;
        var b = r.bounds;
        if (b.certainFrom < b.certainUntil) {
          bar(g, r, y, b.possibleFrom, b.certainFrom, "possible");
          bar(g, r, y, b.certainFrom, b.certainUntil, "certain");
          bar(g, r, y, b.certainUntil, b.possibleUntil, "possible");
        } else {
          bar(g, r, y, b.possibleFrom, b.possibleUntil, "possible");
        }
        y += ROW;
      });
      if (g.events.length) {
        el("text", {x: 14, y: y + 15, "class": "kg-row-label"}, body).textContent = "events";
        g.events.forEach(function (e) {
          var day = e.start || e.end, n = kgDayNumber(day);
          if (n < lo || n > hi) { return; }
          if (e.start && e.end && e.end > e.start) {
            el("line", {x1: x(e.start), x2: x(e.end), y1: y + ROW / 2, y2: y + ROW / 2, stroke: "#333", "stroke-width": 2}, body);
          }
          var dot = el("circle", {cx: x(day), cy: y + ROW / 2, r: 5, "class": "kg-event", "data-event": e.event,
            fill: e.start ? "#333333" : "#ffffff", stroke: "#333333", "stroke-width": 1.5}, body);
          hover(dot, function () { return eventTip(e); });
        });
        y += ROW;
      }
      y += 6;
    });
    ticks(lo, hi).forEach(function (t) {
      var tx = LEFT + (t[0] - lo) * scale;
      el("line", {x1: tx, x2: tx, y1: AXIS - 4, y2: y, "class": "kg-grid"}, grid);
      el("text", {x: tx + 2, y: AXIS - 10, "class": "kg-axis"}, grid).textContent = t[1];
    });
    svg.setAttribute("height", y + 10);
    document.getElementById("kg-from").value = view.range[0];
    document.getElementById("kg-to").value = view.range[1];
  }
  view.setRange = function (from, to) { view.range = [from, to]; draw(); };
  document.getElementById("kg-zoom").addEventListener("click", function () {
    var from = document.getElementById("kg-from").value, to = document.getElementById("kg-to").value;
    if (from && to && from < to) { view.setRange(from, to); }
  });
  document.getElementById("kg-fit").addEventListener("click", function () { view.setRange(T.range[0], T.range[1]); });
  window.addEventListener("resize", draw);
  draw();
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { view.ready = true; view.readyAt = performance.now(); });
  });
})();
"""
