"""Places on a map: their coordinates, who held them when, as GeoJSON and as one offline page.

The page draws the places at their WGS84 coordinates (an equirectangular projection, x
scaled by the cosine of the middle latitude) over the Natural Earth country outlines shipped
in ``kg/data/`` (:func:`kg.resources.basemap_file`): no tiles, nothing fetched. Each place is
coloured by who holds it on the day the slider shows: filled when the control statement is
in force that day, hatched with a dashed outline when it is only possibly in force, hollow
when no statement says. The page decides with the statement's four derived dates
(kg.pages ``kgCertainty``), the same comparison as :func:`kg.timespan.certainty`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from .pages import bounds_json, page, sources_json
from .timespan import EARLIEST, IN_FORCE, LATEST, POSSIBLY

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["MAX_PLACES", "PALETTE", "Place", "control_network", "geojson", "map_view", "places", "render_map"]

MAX_PLACES = 5000
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"]
# Syria's extent (lon, lat): the map shows at least this much
_REGION = (35.5, 32.2, 42.5, 37.4)
_UNBOUNDED = {EARLIEST.isoformat(), LATEST.isoformat()}


@dataclass(frozen=True)
class Place:
    iri: str
    label: str
    kind: str
    lat: float
    lon: float
    within: tuple[str, ...] = ()


def places(graph: Graph) -> list[Place]:
    """Every place with coordinates (the named query ``places``)."""
    from .names import KINDS
    from .queries import select

    found: dict[str, dict[str, Any]] = {}
    for row in select(graph, "places"):
        entry = found.setdefault(str(row.place), {"label": str(row.placeLabel), "types": set(), "within": set(),
                                                  "lat": int(row.latE6) / 1e6, "lon": int(row.longE6) / 1e6})
        entry["types"].add(str(row.type).rsplit("#", 1)[-1])
        if row.within is not None:
            entry["within"].add(str(row.within))
    result = []
    for iri, e in found.items():
        kind = next((name for local, name in KINDS.items() if local in e["types"]), "other")
        result.append(Place(iri, e["label"], kind, e["lat"], e["lon"], tuple(sorted(e["within"]))))
    return sorted(result, key=lambda p: (p.label, p.iri))


def control_network(graph: Graph) -> nx.MultiDiGraph:
    """Every control statement (all dates) as an edge holder -> place, and every place with
    coordinates as a node with ``latitude`` and ``longitude``."""
    from .network import statement_graph

    network = statement_graph(graph, relations={"controls"})
    for place in places(graph):
        if place.iri not in network:
            network.add_node(place.iri, label=place.label, kind=place.kind)
        network.nodes[place.iri].update(latitude=place.lat, longitude=place.lon, within=place.within)
    return network


def _containers(network: nx.MultiDiGraph, place: str) -> list[str]:
    """The places that contain ``place``, nearest first, up its kg:locatedIn chain."""
    chain: list[str] = []
    frontier = list(network.nodes[place].get("within", ()))
    while frontier:
        node = frontier.pop(0)
        if node in chain or node == place or node not in network:
            continue
        chain.append(node)
        frontier += list(network.nodes[node].get("within", ()))
    return chain


def _hold(network: nx.MultiDiGraph, holder: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "holder": network.nodes[holder].get("label", holder),
        "holderIri": holder,
        "span": data.get("span", ""),
        "bounds": bounds_json(data["bounds"]),
        "claimant": data.get("claimant"),
        "endClaimant": data.get("end_claimant"),
        "sources": sources_json(list(data.get("sources", [])), list(data.get("source_urls", []))),
        "statement": data.get("statement", ""),
    }


def _holds(network: nx.MultiDiGraph, place: str) -> list[dict[str, Any]]:
    holds = [_hold(network, holder, data) for holder, _, data in network.in_edges(place, data=True)
             if data.get("relation") == "controls"]
    return sorted(holds, key=lambda h: (h["bounds"]["possibleFrom"], h["bounds"]["certainFrom"], h["holder"]))


def geojson(graph: Graph) -> dict[str, Any]:
    """The places as a GeoJSON FeatureCollection (RFC 7946: [longitude, latitude]) for GIS
    tools (QGIS's temporal controller, GeoPandas): one Point feature for each part of each
    control span, with flat properties only (docs/views.md, "GeoJSON"): ``start`` and ``end``
    (ISO days, ``end`` the first day no longer held; null where open), ``certainty`` ("in
    force" for the part the sources fix, "possibly in force" for the parts the bounds only
    allow), the holder, status, claimant and sources; and one feature with a null holder for
    each place no statement says anyone held."""
    network = control_network(graph)
    features = []
    for place in places(graph):
        where = {"place": place.label, "place_iri": place.iri, "kind": place.kind,
                 "located_in": " ".join(place.within) or None}
        holds = _holds(network, place.iri)
        for hold in holds:
            for start, end, certainty in _parts(hold["bounds"]):
                features.append(_feature(place, {
                    **where, "holder": hold["holder"], "holder_iri": hold["holderIri"], "start": start, "end": end,
                    "certainty": certainty, "span": hold["span"],
                    "status": f"claimed by {hold['claimant']}" if hold["claimant"] else "reported",
                    "claimant": hold["claimant"], "end_claimant": hold["endClaimant"],
                    "sources": "; ".join(s["name"] for s in hold["sources"]) or None,
                    "source_urls": " ".join(s["url"] for s in hold["sources"] if s["url"]) or None,
                    "statement": hold["statement"]}))
        if not holds:
            features.append(_feature(place, {**where, "holder": None, "holder_iri": None, "start": None, "end": None,
                                             "certainty": None, "span": None, "status": None, "claimant": None,
                                             "end_claimant": None, "sources": None, "source_urls": None,
                                             "statement": None}))
    return {"type": "FeatureCollection", "features": features}


def _feature(place: Place, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": properties}


def _parts(bounds: dict[str, str]) -> list[tuple[str | None, str | None, str]]:
    """A span's parts as (start, end, certainty), in order: possibly in force before the
    certain part, in force during it, possibly after it; an open side as None."""
    def day(text: str) -> str | None:
        return None if text in (EARLIEST.isoformat(), LATEST.isoformat()) else text

    pf, pu = bounds["possibleFrom"], bounds["possibleUntil"]
    cf, cu = bounds["certainFrom"], bounds["certainUntil"]
    if cf >= cu:  # never certainly in force
        return [(day(pf), day(pu), POSSIBLY)]
    parts = [(day(pf), day(cf), POSSIBLY)] if pf < cf else []
    parts.append((day(cf), day(cu), IN_FORCE))
    if cu < pu:
        parts.append((day(cu), day(pu), POSSIBLY))
    return parts


def _basemap(project: Any) -> list[dict[str, str]]:
    from .resources import basemap_file

    shapes = []
    for feature in json.loads(basemap_file().read_text(encoding="utf-8"))["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        parts = []
        for polygon in polygons:
            for ring in polygon:
                points = [project(lon, lat) for lon, lat in ring]
                parts.append("M" + "L".join(f"{x:.3f},{y:.3f}" for x, y in points) + "Z")
        shapes.append({"name": feature["properties"]["name"], "d": "".join(parts)})
    return shapes


def render_map(network: nx.MultiDiGraph, *, title: str, at: dt.date | None = None) -> str:
    """The map page for ``network`` (place nodes with ``latitude``/``longitude``; control
    edges as :func:`control_network` gives them). The slider starts on ``at``, else on the
    last day on which some control statement is in force."""
    from .errors import InputError

    located = [(n, d) for n, d in network.nodes(data=True) if d.get("latitude") is not None]
    if len(located) > MAX_PLACES:
        raise InputError(f"the map has {len(located)} places; it draws at most {MAX_PLACES}")
    lons = [float(d["longitude"]) for _, d in located] + [_REGION[0], _REGION[2]]
    lats = [float(d["latitude"]) for _, d in located] + [_REGION[1], _REGION[3]]
    scale = math.cos(math.radians((min(lats) + max(lats)) / 2))

    def project(lon: float, lat: float) -> tuple[float, float]:
        return lon * scale, -lat

    pad = 0.3
    left, top = project(min(lons) - pad, max(lats) + pad)
    right, bottom = project(max(lons) + pad, min(lats) - pad)
    rows: list[dict[str, Any]] = []
    holders: dict[str, str] = {}
    days: set[str] = set()
    certain_ends: list[Any] = []
    for iri, data in sorted(located, key=lambda item: (str(item[1].get("label", item[0])), item[0])):
        holds = _holds(network, iri)
        for hold in holds:
            holders.setdefault(hold["holder"], hold["holderIri"])
            b = hold["bounds"]
            days.update(d for d in b.values() if d not in _UNBOUNDED)
            if b["certainFrom"] < b["certainUntil"]:
                certain_ends.append(dt.date.fromisoformat(b["certainUntil"]) - dt.timedelta(days=1))
        x, y = project(float(data["longitude"]), float(data["latitude"]))
        via = [{"via": network.nodes[c].get("label", c), "holds": _holds(network, c)} for c in _containers(network, iri)]
        rows.append({"id": iri, "label": str(data.get("label", iri)), "kind": data.get("kind", "other"),
                     "lat": float(data["latitude"]), "lon": float(data["longitude"]),
                     "x": round(x, 5), "y": round(y, 5), "holds": holds,
                     "containers": [c for c in via if c["holds"]]})
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(sorted(holders))}
    changes = sorted(days)
    first = dt.date.fromisoformat(changes[0]) if changes else dt.date.today()
    last = dt.date.fromisoformat(changes[-1]) if changes else dt.date.today()
    start = at or (max(certain_ends) if certain_ends else last)
    low, high = min(first, start) - dt.timedelta(days=30), max(last, start) + dt.timedelta(days=30)
    width = right - left
    data = {
        "places": rows,
        "colours": colours,
        "changes": changes,
        "view": {"box": [round(left, 4), round(top, 4), round(width, 4), round(bottom - top, 4)],
                 "radius": round(width / 120, 5), "font": round(width / 70, 5),
                 "labels": len(rows) <= 300, "first": low.isoformat(), "last": high.isoformat(),
                 "start": start.isoformat()},
        "basemap": _basemap(project),
    }
    counts = f"{len(rows)} place{'s' * (len(rows) != 1)}, {len(holders)} holder{'s' * (len(holders) != 1)}"
    return page(title=f"{title} ({counts})", heading=title,
                subtitle=f"{counts} · filled: held (in force) on the day shown; hatched, dashed outline: "
                         "possibly held (the sources allow it, they do not say); hollow: no statement says. "
                         "Hover a place for its holder, span, claimant and sources; click to keep it below.",
                style=_MAP_STYLE, body=_MAP_BODY, data={"KG_MAP": data}, script=_MAP_SCRIPT)


def map_view(graph: Graph, at: dt.date | None = None) -> tuple[str, nx.MultiDiGraph]:
    """The map page and the network it draws (places and every control statement)."""
    network = control_network(graph)
    title = "Control of places" + (f", as of {at.isoformat()}" if at else "")
    return render_map(network, title=title, at=at), network


_MAP_STYLE = """
  #kg-map { width: 100%; height: calc(100vh - 200px); min-height: 360px; border: 1px solid #bbb;
            background: #dfeaf3; display: block; }
  .kg-country { fill: #f4f1ea; stroke: #9a9a9a; vector-effect: non-scaling-stroke; stroke-width: 1; }
  .kg-country[data-name="Syria"] { fill: #fbf8ef; stroke: #555; }
  .kg-place { cursor: pointer; vector-effect: non-scaling-stroke; stroke-width: 2; }
  .kg-label { paint-order: stroke; stroke: #fff; stroke-width: 3px; fill: #222;
              vector-effect: non-scaling-stroke; pointer-events: none; }
  #kg-day { width: 28em; }
  #kg-legend { font-size: 13px; margin: 3px 0; }
  .kg-key { display: inline-flex; align-items: center; gap: 3px; margin-right: 12px; }
"""

_MAP_BODY = """
<div class="kg-controls">
  <label for="kg-day">Day</label>
  <input type="range" id="kg-day" step="1">
  <output id="kg-day-text" for="kg-day"></output>
  <button type="button" id="kg-prev">&#9664; change</button>
  <button type="button" id="kg-next">change &#9654;</button>
  <button type="button" id="kg-play">play</button>
</div>
<div id="kg-legend"></div>
<svg id="kg-map" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="map of places">
  <defs id="kg-defs"></defs><g id="kg-base"></g><g id="kg-places"></g>
</svg>
<div id="kg-info" role="status"></div>
"""

_MAP_SCRIPT = r"""
(function () {
  var M = KG_MAP, NS = "http://www.w3.org/2000/svg", v = M.view;
  var svg = document.getElementById("kg-map"), slider = document.getElementById("kg-day");
  var map = window.kgMap = {ready: false, readyAt: null, day: null, places: {}};
  svg.setAttribute("viewBox", v.box.join(" "));
  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  M.basemap.forEach(function (c) {
    el("path", {d: c.d, "class": "kg-country", "data-name": c.name}, document.getElementById("kg-base"));
  });
  var defs = document.getElementById("kg-defs"), legend = document.getElementById("kg-legend"), n = 0;
  var hatch = {};
  Object.keys(M.colours).sort().forEach(function (holder) {
    var colour = M.colours[holder], id = "kg-hatch-" + (n++), size = v.radius * 0.7;
    var p = el("pattern", {id: id, patternUnits: "userSpaceOnUse", width: size, height: size,
                           patternTransform: "rotate(45)"}, defs);
    el("rect", {width: size, height: size, fill: "#ffffff"}, p);
    el("rect", {width: size / 2, height: size, fill: colour}, p);
    hatch[holder] = "url(#" + id + ")";
    var key = document.createElement("span");
    key.className = "kg-key";
    var swatch = document.createElement("span");
    swatch.style.cssText = "display:inline-block;width:12px;height:12px;border-radius:6px;background:" + colour;
    key.appendChild(swatch);
    key.appendChild(document.createTextNode(holder));
    legend.appendChild(key);
  });
  var layer = document.getElementById("kg-places");
  M.places.forEach(function (p) {
    var g = el("g", {"data-id": p.id}, layer);
    var dot = el("circle", {cx: p.x, cy: p.y, r: v.radius, "class": "kg-place"}, g);
    var label = null;
    if (v.labels) {
      label = el("text", {x: p.x + v.radius * 1.3, y: p.y + v.font * 0.35, "font-size": v.font, "class": "kg-label"}, g);
      label.textContent = p.label;
    }
    map.places[p.id] = {data: p, dot: dot, label: label};
    dot.addEventListener("mousemove", function (e) { kgFloat(tip(p), e); });
    dot.addEventListener("mouseleave", function (e) { kgFloat(null, e); });
    dot.addEventListener("click", function () { kgInfo(tip(p)); });
  });
  function on(p, day) {
    return p.holds.map(function (h) { return {hold: h, certainty: kgCertainty(h.bounds, day)}; })
                  .filter(function (s) { return s.certainty !== KG_NOT_IN_FORCE; });
  }
  function tip(p) {
    var lines = [p.kind + " · " + p.lat + ", " + p.lon], sources = [], held = on(p, map.day);
    if (!held.length) { lines.push(map.day + ": no statement says who held it"); }
    held.forEach(function (s) {
      lines.push(map.day + ": held by " + s.hold.holder + " (" + s.certainty + ")");
      lines.push("when: " + s.hold.span);
      if (s.hold.claimant) { lines.push("claimed by: " + s.hold.claimant); }
      if (s.hold.endClaimant) { lines.push("end claimed by: " + s.hold.endClaimant); }
      sources = sources.concat(s.hold.sources);
    });
    p.containers.forEach(function (c) {  /* who held it by holding a place that contains it: never its own holder */
      on({holds: c.holds}, map.day).forEach(function (s) {
        lines.push(map.day + ": via " + c.via + ": " + s.hold.holder + " (" + s.certainty + ")");
      });
    });
    p.holds.forEach(function (h) { lines.push("history: " + h.holder + ", " + h.span); });
    return kgTip(p.label, lines, sources);
  }
  map.state = function (id, day) {
    return on(map.places[id].data, day || map.day).map(function (s) {
      return {holder: s.hold.holder, certainty: s.certainty, statement: s.hold.statement};
    });
  };
  map.via = function (id, day) {  /* the holders of the places that contain it, on the day */
    var found = [];
    map.places[id].data.containers.forEach(function (c) {
      on({holds: c.holds}, day || map.day).forEach(function (s) {
        found.push({via: c.via, holder: s.hold.holder, certainty: s.certainty, statement: s.hold.statement});
      });
    });
    return found;
  };
  map.tip = function (id) { return tip(map.places[id].data); };
  map.setDay = function (day) {
    map.day = day;
    slider.value = kgDayNumber(day) - kgDayNumber(v.first);
    document.getElementById("kg-day-text").textContent = day;
    Object.keys(map.places).forEach(function (id) {
      var shown = map.places[id], held = on(shown.data, day);
      var sure = held.filter(function (s) { return s.certainty === KG_IN_FORCE; });
      var top = sure[0] || held[0], dot = shown.dot;
      if (!top) {
        dot.setAttribute("fill", "#ffffff"); dot.setAttribute("stroke", "#888888");
        dot.setAttribute("stroke-dasharray", "none");
      } else if (top.certainty === KG_IN_FORCE) {
        dot.setAttribute("fill", M.colours[top.hold.holder]);
        dot.setAttribute("stroke", sure.length > 1 ? "#000000" : "#333333");
        dot.setAttribute("stroke-dasharray", "none");
      } else {
        dot.setAttribute("fill", hatch[top.hold.holder]);
        dot.setAttribute("stroke", M.colours[top.hold.holder]);
        dot.setAttribute("stroke-dasharray", "3 2");
      }
      dot.setAttribute("data-holder", top ? top.hold.holder : "");
      dot.setAttribute("data-certainty", top ? top.certainty : KG_NOT_IN_FORCE);
    });
  };
  slider.min = 0;
  slider.max = kgDayNumber(v.last) - kgDayNumber(v.first);
  slider.addEventListener("input", function () { map.setDay(kgAddDays(v.first, Number(slider.value))); });
  function jump(step) {
    var list = M.changes.filter(function (d) { return step > 0 ? d > map.day : d < map.day; });
    if (list.length) { map.setDay(step > 0 ? list[0] : list[list.length - 1]); }
  }
  document.getElementById("kg-prev").addEventListener("click", function () { jump(-1); });
  document.getElementById("kg-next").addEventListener("click", function () { jump(1); });
  var timer = null;
  document.getElementById("kg-play").addEventListener("click", function () {
    if (timer) { clearInterval(timer); timer = null; return; }
    if (M.changes.length) { map.setDay(kgAddDays(M.changes[0], -1)); }
    timer = setInterval(function () {
      var before = map.day; jump(1);
      if (map.day === before) { clearInterval(timer); timer = null; }
    }, 800);
  });
  function placeLabels() {  /* greedy: each label right, left, above or below its dot, the first that is free */
    var taken = Object.keys(map.places).map(function (id) { return map.places[id].dot.getBBox(); });
    function hits(a) {
      return taken.some(function (b) {
        return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      });
    }
    Object.keys(map.places).forEach(function (id) {
      var shown = map.places[id], p = shown.data, label = shown.label, r = v.radius;
      if (!label) { return; }
      var box = label.getBBox(), w = box.width, h = box.height;
      var spots = [[p.x + r * 1.3, p.y + h * 0.3], [p.x - r * 1.3 - w, p.y + h * 0.3],
                   [p.x - w / 2, p.y - r * 1.3], [p.x - w / 2, p.y + r * 1.3 + h * 0.8]];
      var spot = spots.filter(function (s) { return !hits({x: s[0], y: s[1] - h * 0.8, width: w, height: h}); })[0] || spots[0];
      label.setAttribute("x", spot[0]); label.setAttribute("y", spot[1]);
      taken.push({x: spot[0], y: spot[1] - h * 0.8, width: w, height: h});
    });
  }
  placeLabels();
  map.setDay(v.start);
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { map.ready = true; map.readyAt = performance.now(); });
  });
})();
"""
