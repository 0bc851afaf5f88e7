"""Spans over time: control of places and ties of actors as one offline Gantt-style page.

Each statement is a row; its bar is drawn from its four derived dates (kg:certainFrom,
kg:certainUntil, kg:possibleFrom, kg:possibleUntil): solid where it is in force, hatched and
faded where it is only possibly in force, clipped with an open end where a side is unbounded.
A lineage step (renamed to, split from, merged into, succeeded by) happens once: it is a
diamond on its day (by when it certainly happened), with a whisker back to the first day it
may have happened. Events are points (hollow when the source gives only a latest date). Bars
take their actor's colour from :mod:`kg.palette` (the holder for control; the other actor,
else the subject, for ties), the same as on the map, with a legend. The axis starts and ends
on year (or, for a short range, month) boundaries. The date range can be narrowed in the
page (From/To), which redraws the axis.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from .pages import bounds_json, page, sources_json
from .palette import colours_for
from .queries import local_name
from .timespan import EARLIEST, LATEST
from .vocabulary import RELATIONS

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["axis_range", "render_timeline", "timeline_view"]

_UNBOUNDED = {EARLIEST.isoformat(), LATEST.isoformat()}
_LINEAGE = {r.word for r in RELATIONS if r.kind == "LineageStatement"}


def _row(network: nx.MultiDiGraph, source: str, target: str, data: dict[str, Any], label: str, other: str,
         subject: str | None = None) -> dict[str, Any]:
    """A statement's row, coloured by ``other`` when it is an actor, else by ``subject``."""
    from .vocabulary import ACTOR_KINDS

    actor = other if network.nodes[other].get("kind") in ACTOR_KINDS or subject is None else subject
    return {"label": label, "other": network.nodes[other].get("label", other), "relation": data["relation"],
            "actor": actor, "actorLabel": network.nodes[actor].get("label", actor),
            "step": data["relation"] in _LINEAGE,
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
                rows.append(_row(network, source, target, data, f"{data['relation']} {network.nodes[target]['label']}",
                                 target, iri))
        for source, target, data in network.in_edges(iri, data=True):
            rows.append(_row(network, source, target, data, f"← {network.nodes[source]['label']} {data['relation']}",
                             source, iri))
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


def axis_range(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """The axis for days ``first``..``last``: from the 1 January before ``first`` to the
    1 January after ``last``; when that spans less than three years, from the first of the
    month before ``first`` to the first of the month after the month after ``last``."""
    low, high = dt.date((first - dt.timedelta(days=1)).year, 1, 1), dt.date(last.year + 1, 1, 1)
    if high.year - low.year >= 3:
        return low, high
    before = first.replace(day=1) - dt.timedelta(days=1)
    after = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return before.replace(day=1), (after + dt.timedelta(days=32)).replace(day=1)


def render_timeline(groups: list[dict[str, Any]], *, title: str) -> str:
    """The page for ``groups`` (each a title, rows of statements with their four dates, and
    events)."""
    days = sorted({d for g in groups for r in g["rows"] for d in r["bounds"].values() if d not in _UNBOUNDED}
                  | {d for g in groups for e in g["events"] for d in (e["start"], e["end"]) if d})
    if days:
        first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    else:
        first = last = dt.date.today()
    actors = {r["actor"]: r["actorLabel"] for g in groups for r in g["rows"]}
    data = {"groups": groups, "range": [d.isoformat() for d in axis_range(first, last)],
            "colours": colours_for(actors)}
    count = sum(len(g["rows"]) for g in groups)
    events = sum(len(g["events"]) for g in groups)
    subtitle = (f"{count} statement{'s' * (count != 1)}, {events} event{'s' * (events != 1)} · solid: in force "
                "(the sources say it held); hatched, faded: possibly in force (the bounds allow it); an open end "
                "runs off the axis; ◆ a lineage step on the day by which it happened (its whisker: since when it "
                "may have); ● event, ○ event dated only by a latest day. Hover for sources; click to keep.")
    return page(title=f"{title} ({count} statements)", heading=title, subtitle=subtitle, style=_STYLE,
                body=_BODY, data={"KG_TIMELINE": data}, script=_SCRIPT)


_STYLE = """
  #kg-timeline { display: block; width: 100%; }
  .kg-group { font-weight: bold; font-size: 14px; }
  .kg-row-label { font-size: 12px; fill: #222; }
  .kg-axis { font-size: 11px; fill: #444; }
  .kg-grid { stroke: #e3e3e3; }
  .kg-possible { opacity: 0.55; }
  rect.kg-bar, circle.kg-event, path.kg-step { cursor: pointer; }
  #kg-legend { font-size: 13px; margin: 3px 0; }
  #kg-legend > div { margin: 2px 0; }
  .kg-key { display: inline-flex; align-items: center; gap: 3px; margin-right: 12px; }
  .kg-swatch { display: inline-block; width: 14px; height: 10px; }
  .kg-hatched { background: repeating-linear-gradient(45deg, #777 0 2px, #fff 2px 4px); border: 1px dashed #777; }
"""

_BODY = """
<div class="kg-controls">
  <label for="kg-from">From</label><input type="date" id="kg-from">
  <label for="kg-to">To</label><input type="date" id="kg-to">
  <button type="button" id="kg-zoom">Show</button><button type="button" id="kg-fit">All dates</button>
</div>
<div id="kg-legend"><div id="kg-legend-actors"><b>Actors</b> </div>
<div><b>Marks</b> <span class="kg-key"><span class="kg-swatch" style="background:#777"></span>in force</span>
<span class="kg-key"><span class="kg-swatch kg-hatched"></span>possibly in force</span>
<span class="kg-key">&#9670; lineage step (renamed, split, merged, succeeded), on the day by which it happened</span>
<span class="kg-key">&#9679; event</span><span class="kg-key">&#9675; event dated only by a latest day</span></div></div>
<svg id="kg-timeline" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="timeline"></svg>
<div id="kg-info" role="status"></div>
"""

_SCRIPT = r"""
(function () {
  var T = KG_TIMELINE, NS = "http://www.w3.org/2000/svg", svg = document.getElementById("kg-timeline");
  var view = window.kgTimeline = {ready: false, readyAt: null, range: T.range.slice()};
  var LEFT = 330, ROW = 22, HEAD = 26, AXIS = 28, KG_UNBOUNDED = {"0001-01-01": true, "9999-12-31": true};
  var legend = document.getElementById("kg-legend-actors");
  Object.keys(T.colours).sort(function (a, b) {
    var p = T.colours[a].label, q = T.colours[b].label; return p < q ? -1 : p > q ? 1 : 0;
  }).forEach(function (actor) {
    var key = document.createElement("span"), swatch = document.createElement("span");
    key.className = "kg-key"; key.setAttribute("data-iri", actor); key.setAttribute("data-colour", T.colours[actor].colour);
    swatch.style.cssText = "display:inline-block;width:14px;height:10px;background:" + T.colours[actor].colour;
    key.appendChild(swatch); key.appendChild(document.createTextNode(T.colours[actor].label));
    legend.appendChild(key);
  });
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
    } else {  /* the first of each month and the 8th, 15th and 22nd */
      for (var t2 = lo; t2 <= hi; t2++) {
        var day = new Date(t2 * 86400000), n = day.getUTCDate();
        if (n === 1 || (span <= 60 && (n === 8 || n === 15 || n === 22))) { out.push([t2, day.toISOString().slice(0, n === 1 ? 7 : 10)]); }
      }
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
    Object.keys(T.colours).forEach(function (actor) {
      var id = "kg-hatch-" + (i++), p = el("pattern", {id: id, patternUnits: "userSpaceOnUse", width: 6, height: 6,
                                                       patternTransform: "rotate(45)"}, defs);
      el("rect", {width: 6, height: 6, fill: "#ffffff"}, p);
      el("rect", {width: 3, height: 6, fill: T.colours[actor].colour}, p);
      hatch[actor] = "url(#" + id + ")";
    });
    var y = AXIS, grid = el("g", {}, svg), body = el("g", {}, svg);
    function bar(g, r, row, from, until, part) {
      if (!(from < until) || kgDayNumber(until) <= lo || kgDayNumber(from) > hi) { return; }
      var left = x(from), right = x(until);
      var colour = T.colours[r.actor].colour;
      var rect = el("rect", {x: left, y: row + 4, width: Math.max(1, right - left), height: ROW - 8,
        "class": "kg-bar kg-" + part, fill: part === "certain" ? colour : hatch[r.actor],
        stroke: colour, "stroke-dasharray": part === "certain" ? "none" : "3 2", "data-actor": r.actor,
        "data-statement": r.statement, "data-part": part, "data-from": from, "data-until": until}, body);
      hover(rect, function () { return rowTip(g, r); });
    }
    function step(g, r, row) {  /* a lineage step: a diamond on the day by which it happened */
      var b = r.bounds, sure = !KG_UNBOUNDED[b.certainFrom], day = sure ? b.certainFrom : b.possibleFrom;
      var n = kgDayNumber(day), colour = T.colours[r.actor].colour, mid = row + ROW / 2;
      if (KG_UNBOUNDED[day] || n < lo || n > hi) { return; }
      if (sure && !KG_UNBOUNDED[b.possibleFrom] && b.possibleFrom < b.certainFrom) {
        el("line", {x1: x(b.possibleFrom), x2: x(day), y1: mid, y2: mid, stroke: colour, "stroke-width": 2,
                    "class": "kg-whisker", "data-statement": r.statement}, body);
      }
      var cx = x(day), s = 6;
      var mark = el("path", {d: "M" + cx + " " + (mid - s) + "L" + (cx + s) + " " + mid + "L" + cx + " " + (mid + s) +
                                "L" + (cx - s) + " " + mid + "Z", "class": "kg-step", fill: sure ? colour : "#ffffff",
                             stroke: colour, "stroke-width": 1.5, "data-actor": r.actor, "data-statement": r.statement,
                             "data-day": day}, body);
      hover(mark, function () { return rowTip(g, r); });
    }
    T.groups.forEach(function (g) {
      el("text", {x: 4, y: y + 18, "class": "kg-group"}, body).textContent = g.title + (g.what === "control" ? " — control" : " — ties");
      y += HEAD;
      g.rows.forEach(function (r) {
        el("text", {x: 14, y: y + 15, "class": "kg-row-label"}, body).textContent = r.label;
        var b = r.bounds;
        if (r.step) {
          step(g, r, y);
        } else if (b.certainFrom < b.certainUntil) {
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
      el("line", {x1: tx, x2: tx, y1: AXIS - 4, y2: y, "class": "kg-grid",
                  "data-day": new Date(t[0] * 86400000).toISOString().slice(0, 10)}, grid);
      if (tx + 7 * t[1].length < width) {  /* no label cut off at the right edge */
        el("text", {x: tx + 2, y: AXIS - 10, "class": "kg-axis", "data-day": new Date(t[0] * 86400000).toISOString().slice(0, 10)},
           grid).textContent = t[1];
      }
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
