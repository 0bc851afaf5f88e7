"""The query page of ``kg serve`` (``GET /`` in a browser): a SPARQL editor and the named
queries, whose answers are drawn as a table, a map, a network or a timeline.

The page is one HTML document with its script (``kg/data/querypage.js``) and its data inlined:
nothing is fetched but the answers from the server itself. The data are JSON in
``<script type="application/json">`` elements, written by :func:`kg.pages.script_json`
(``<``, ``>``, ``&`` escaped); the script puts every value from an answer on screen with
``textContent`` or ``setAttribute``, never as markup.

What the script does with an answer (SPARQL JSON of a SELECT):

* It looks at the columns and their values: coordinates (a latitude and a longitude column,
  ``lat``/``latE6``/``placeLatitude``..., or WKT ``POINT(lon lat)`` literals) make a map;
  two IRI columns (each with an optional ``xLabel`` column, and an optional relation column:
  ``kind``, ``relation``, ``predicate``, ``role``...) make a network; a date column (``start``,
  else any date, and optionally an ``end``) makes a timeline; every answer is a table.
* It chooses one automatically (a map first, then a network with a relation column and labels
  on both ends, then a timeline, then any network, then the table) and offers a button for
  each other view that fits.
* Colours follow :mod:`kg.palette`: the script carries its fixed colours and a port of
  :func:`kg.palette.actor_colour` (SHA-256 of the IRI), checked against Python by a test.
"""

from __future__ import annotations

import functools
import html
from typing import Any

from .pages import require_offline, script_json
from .palette import COLOURS, FIXED

__all__ = ["query_page"]

_STYLE = """
body { font: 15px/1.4 system-ui, "DejaVu Sans", sans-serif; margin: 1.5em auto; max-width: 80em; padding: 0 1em; }
textarea { width: 100%; height: 14em; font: 13px monospace; box-sizing: border-box; }
pre { background: #f4f4f4; padding: .5em; overflow: auto; max-height: 30em; }
table { border-collapse: collapse; font-size: 13px; } td, th { border: 1px solid #ccc; padding: 2px 6px; text-align: left; }
li { margin: .3em 0; } .desc { color: #555; } #named input { width: 14em; }
#kg-views { margin: .4em 0; } #kg-views button { margin-right: .3em; }
#kg-views button[aria-pressed="true"] { font-weight: bold; background: #dde8f4; }
#kg-legend { font-size: 13px; margin: .3em 0; }
.kg-key { display: inline-flex; align-items: center; gap: 3px; margin-right: 12px; white-space: nowrap; }
.kg-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 6px; }
#kg-note { color: #555; font-size: 13px; }
svg.kg-drawing { width: 100%; height: 560px; border: 1px solid #bbb; display: block; }
svg.kg-map { background: #dfeaf3; }
.kg-country { fill: #f4f1ea; stroke: #9a9a9a; stroke-width: 1; vector-effect: non-scaling-stroke; }
.kg-label { font-size: 12px; paint-order: stroke; stroke: #fff; stroke-width: 3px; fill: #222; pointer-events: none; }
.kg-edge { stroke: #888; stroke-width: 1.4; fill: none; }
.kg-edge-label { font-size: 10px; fill: #555; paint-order: stroke; stroke: #fff; stroke-width: 3px; pointer-events: none; }
.kg-axis { stroke: #999; } .kg-tick { font-size: 11px; fill: #444; }
"""

_BODY = """
<h1>kg: SPARQL endpoint (read-only)</h1>
<p>Endpoint: <code>sparql</code> (GET or POST, SPARQL 1.1 Protocol). Named queries: <code>queries/NAME?param=value</code>;
ties: <code>ties/NAME?at=YYYY-MM-DD</code>; control: <code>control/PLACE?at=YYYY-MM-DD</code>.
Limits: __LIMITS__.</p>
<form id="form"><textarea id="query" spellcheck="false">SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }</textarea>
<p><label>Answer as <select id="accept">
<option value="application/sparql-results+json">SPARQL JSON (table, map, network, timeline)</option>
<option value="application/sparql-results+xml">SPARQL XML</option>
<option value="text/csv">CSV</option><option value="text/tab-separated-values">TSV</option>
<option value="text/turtle">Turtle (CONSTRUCT/DESCRIBE)</option>
<option value="application/n-triples">N-Triples (CONSTRUCT/DESCRIBE)</option>
<option value="application/ld+json">JSON-LD (CONSTRUCT/DESCRIBE)</option>
</select></label> <button type="submit">Run</button> <span id="status" role="status"></span></p></form>
<div id="kg-views" role="toolbar" aria-label="draw the answer as"></div>
<div id="kg-legend"></div>
<div id="out"></div>
<p id="kg-note"></p>
<h2>Named queries</h2><ul id="named"></ul>
"""


def _script() -> str:
    from importlib.resources import files

    return files("kg").joinpath("data").joinpath("querypage.js").read_text(encoding="utf-8")


@functools.cache
def _data() -> str:
    from .maps import basemap_paths

    basemap = basemap_paths(lambda lon, lat: (lon, -lat))  # x = longitude, y = -latitude; the page scales x
    return script_json({"palette": {"fixed": FIXED, "colours": list(COLOURS)}, "basemap": basemap})


def query_page(queries: list[dict[str, Any]], limits: str) -> str:
    """The whole page: ``queries`` (name, description, text, params) listed with a form each,
    ``limits`` said in the introduction."""
    body = _BODY.replace("__LIMITS__", html.escape(limits))
    text = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>{_STYLE}</style></head><body>{body}"
        f'<script type="application/json" id="queries">{script_json(queries)}</script>\n'
        f'<script type="application/json" id="kg-data">{_data()}</script>\n'
        f"<script>\n{_script()}</script></body></html>\n"
    )
    return require_offline(text)
