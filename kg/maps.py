"""Places on a map: their coordinates, who held them when, as GeoJSON and as one offline page.

The page draws the places at their WGS84 coordinates (an equirectangular projection, x
scaled by the cosine of the middle latitude) over the Natural Earth country outlines shipped
in ``kg/data/`` (:func:`kg.resources.basemap_file`): no tiles, nothing fetched. Each place is
coloured by who holds it on the day the slider shows: filled when the control statement is
in force that day, hatched with a dashed outline when it is only possibly in force, hollow
when no statement says. The page decides with the statement's four derived dates
(kg.pages ``kgCertainty``), the same comparison as :func:`kg.timespan.certainty`. Holders
take their colour from :mod:`kg.palette`; areas (:data:`AREA_KINDS`) are drawn as their
outline or a dashed ring; zoom, pan, labels and the scale bar are the page's (:mod:`kg.mappage`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from .mappage import BODY, KM_PER_UNIT, SCRIPT, STYLE
from .pages import bounds_json, page, sources_json
from .palette import colours_for
from .timespan import EARLIEST, IN_FORCE, LATEST, POSSIBLY

if TYPE_CHECKING:
    from collections.abc import Iterable

    import networkx as nx

__all__ = ["AREA_KINDS", "MAX_PLACES", "Place", "basemap_paths", "control_network", "geojson", "map_view", "places", "render_map"]

MAX_PLACES = 5000
# places drawn as areas (their outline, else a dashed ring), not as a town's dot
AREA_KINDS = frozenset({"country", "governorate"})
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
    from .reader import named_rows

    found: dict[str, dict[str, Any]] = {}
    for row in named_rows(graph, "places"):  # on an on-disk store without rdflib terms (kg.reader)
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


_COORDINATES = """PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?place ?latE6 ?longE6 WHERE {
  ?place geo:lat ?lat ; geo:long ?long .
  BIND (xsd:integer(ROUND(?lat * 1000000)) AS ?latE6)
  BIND (xsd:integer(ROUND(?long * 1000000)) AS ?longE6)
}"""


def coordinate_rows(graph: Graph) -> list[Any]:
    """Every place's coordinates as :func:`network_coordinates` reads them (a query of its own:
    kg.wholenetwork runs it in a thread while it reads the edge table)."""
    from .reader import rows_of_text

    return list(rows_of_text(graph, _COORDINATES))


def network_coordinates(graph: Graph, nodes: Any, rows: Iterable[Any] | None = None) -> dict[str, tuple[float, float]]:
    """The latitude and longitude :func:`places` gives each of ``nodes`` (a network's: each has
    a kg: class and an English label, as network-edges asks of them) that is a place, read
    without joining every place's classes and labels (minutes at 10M triples): only the
    coordinates (``rows``: :func:`coordinate_rows`, read already). A node with more than one
    latitude or longitude (which of them the places query gives first is the store's choice),
    or one that is not a number, is left to :func:`places` itself."""
    from .reader import rows_of_text

    found: dict[str, tuple[float, float]] = {}
    for row in rows if rows is not None else rows_of_text(graph, _COORDINATES):
        place = str(row[0])
        if place not in nodes:
            continue
        if row[1] is None or row[2] is None or place in found:
            return {p.iri: (p.lat, p.lon) for p in places(graph) if p.iri in nodes}
        found[place] = (int(row[1]) / 1e6, int(row[2]) / 1e6)
    return found


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
    allow), the ``controller`` (the holder, as ``kg control`` names it), status, claimant and
    sources; and one feature with a null controller for
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
                    **where, "controller": hold["holder"], "controller_iri": hold["holderIri"], "start": start, "end": end,
                    "certainty": certainty, "span": hold["span"],
                    "status": f"claimed by {hold['claimant']}" if hold["claimant"] else "reported",
                    "claimant": hold["claimant"], "end_claimant": hold["endClaimant"],
                    "sources": "; ".join(s["name"] for s in hold["sources"]) or None,
                    "source_urls": " ".join(s["url"] for s in hold["sources"] if s["url"]) or None,
                    "statement": hold["statement"]}))
        if not holds:
            features.append(_feature(place, {**where, "controller": None, "controller_iri": None, "start": None, "end": None,
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


def basemap_paths(project: Any) -> list[dict[str, str]]:
    """The basemap's countries as SVG paths ``{"name", "kind", "d"}``, each point through
    ``project(lon, lat) -> (x, y)`` (the map view and the query page draw them)."""
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
        shapes.append({"name": feature["properties"]["name"], "kind": "country", "d": "".join(parts)})
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
    basemap = basemap_paths(project)
    outlines = {shape["name"] for shape in basemap if shape.get("kind") == "country"}
    rows: list[dict[str, Any]] = []
    holders: dict[str, str] = {}  # iri -> label
    days: set[str] = set()
    certain_ends: list[Any] = []
    for iri, data in sorted(located, key=lambda item: (str(item[1].get("label", item[0])), item[0])):
        holds = _holds(network, iri)
        for hold in holds:
            holders.setdefault(hold["holderIri"], hold["holder"])
            b = hold["bounds"]
            days.update(d for d in b.values() if d not in _UNBOUNDED)
            if b["certainFrom"] < b["certainUntil"]:
                certain_ends.append(dt.date.fromisoformat(b["certainUntil"]) - dt.timedelta(days=1))
        x, y = project(float(data["longitude"]), float(data["latitude"]))
        via = [{"via": network.nodes[c].get("label", c), "holds": _holds(network, c)} for c in _containers(network, iri)]
        label, kind = str(data.get("label", iri)), str(data.get("kind", "other"))
        shape = ("outline" if label in outlines else "ring") if kind in AREA_KINDS else "point"
        rows.append({"id": iri, "label": label, "kind": kind, "shape": shape,
                     "outline": label if shape == "outline" else None,
                     "lat": float(data["latitude"]), "lon": float(data["longitude"]),
                     "x": round(x, 5), "y": round(y, 5), "holds": holds,
                     "containers": [c for c in via if c["holds"]]})
    colours = colours_for(holders)
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
                 "labels": len(rows) <= 300, "first": low.isoformat(), "last": high.isoformat(),
                 "start": start.isoformat()},
        "basemap": basemap,
    }
    counts = f"{len(rows)} place{'s' * (len(rows) != 1)}, {len(holders)} holder{'s' * (len(holders) != 1)}"
    return page(title=f"{title} ({counts})", heading=title,
                subtitle=f"{counts} · filled: held (in force) on the day shown; hatched, dashed outline: "
                         "possibly held (the sources allow it, they do not say); hollow: no statement says. "
                         "Hover a place for its holder, span, claimant and sources; click to keep it below. "
                         "Scroll or use + and − to zoom, drag to pan.",
                style=STYLE, body=BODY, data={"KG_MAP": data, "KG_KM_PER_UNIT": KM_PER_UNIT}, script=SCRIPT)


def map_view(graph: Graph, at: dt.date | None = None) -> tuple[str, nx.MultiDiGraph]:
    """The map page and the network it draws (places and every control statement)."""
    network = control_network(graph)
    title = "Control of places" + (f", as of {at.isoformat()}" if at else "")
    return render_map(network, title=title, at=at), network
