"""What kg's self-contained HTML pages share (network view, map, timeline).

* Data goes into a page only as JSON inside a ``<script>`` element, written by
  :func:`script_json` (``<``, ``>``, ``&``, U+2028 and U+2029 escaped); the page's script
  puts text on screen with ``textContent`` and builds links with ``createElement``, so no
  text from the data is ever parsed as markup or run.
* The time rule is not re-derived in JavaScript: each statement carries its four derived
  dates (kg:certainFrom, kg:certainUntil, kg:possibleFrom, kg:possibleUntil, ISO text, which
  compares as the dates do) and :func:`js_common`'s ``kgCertainty`` compares the day with them
  in the order :func:`kg.timespan.certainty` does.
* Names are matched on keys made by :func:`kg.names.normalise` and :func:`kg.names.skeleton`
  in Python; the page normalises only what is typed, with a port of those two functions
  (tests/test_maps.py checks the port against Python on every name in the bundled graph).
* :func:`require_offline` refuses a page with a ``src``/``href`` attribute to another host.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from .timespan import IN_FORCE, NOT_IN_FORCE, POSSIBLY, Bounds, bounds_record

__all__ = [
    "STYLE_COMMON",
    "bounds_json",
    "external_references",
    "js_common",
    "name_keys",
    "open_bounds",
    "page",
    "require_offline",
    "script_json",
    "sources_json",
]

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_WEB_URL = re.compile(r"https?://[^\s<>\"']+\Z", re.IGNORECASE)


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no '</script>', no markup, no U+2028."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_ESCAPES[m.group()], text)


def bounds_json(span: Bounds) -> dict[str, str]:
    """The four derived dates as ISO text (unbounded sides as 0001-01-01 and 9999-12-31)."""
    return {"certainFrom": span.certain_from.isoformat(), "certainUntil": span.certain_until.isoformat(),
            "possibleFrom": span.possible_from.isoformat(), "possibleUntil": span.possible_until.isoformat()}


def open_bounds(span: Bounds) -> dict[str, str | None]:
    """The four derived dates as ISO text, an unbounded side (and the certain span of a
    statement never certainly in force) as None (kg.timespan.bounds_record): for the exports
    other tools read, where the RDF's 0001-01-01 and 9999-12-31 would be taken for real days."""
    record = bounds_record(span) or {}
    return {"certainFrom": record.get("certain_from"), "certainUntil": record.get("certain_until"),
            "possibleFrom": record.get("possible_from"), "possibleUntil": record.get("possible_until")}


def sources_json(names: list[str], urls: list[str | None]) -> list[dict[str, str | None]]:
    """Each source as ``{"name", "url"}``; a URL that is not plain http(s) is left out (no
    ``javascript:`` link can come from the data)."""
    out = []
    for name, url in zip(names, list(urls) + [None] * (len(names) - len(urls)), strict=False):
        out.append({"name": name, "url": url if url and _WEB_URL.match(url) else None})
    return out


def name_keys(names: list[str]) -> dict[str, list[str]]:
    """The keys a resource answers to in a find box: every name normalised, and skeletons."""
    from .names import normalise, skeleton

    keys = sorted({k for k in (normalise(n) for n in names) if k})
    return {"keys": keys, "skeletons": sorted({skeleton(k) for k in keys})}


def external_references(page_html: str) -> list[str]:
    """src/href attributes of the page's tags that point to another host."""
    from html.parser import HTMLParser

    found: list[str] = []

    class _Refs(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            for name, value in attrs:
                if name in ("src", "href") and value and re.match(r"\s*(https?:)?//", value, re.IGNORECASE):
                    found.append(f"<{tag} {name}={value}>")

    _Refs().feed(page_html)
    return found


def require_offline(page_html: str) -> str:
    external = external_references(page_html)
    if external:
        raise RuntimeError(f"the page still refers to external resources: {external}")
    return page_html


def _normalise_tables() -> str:
    from .namerules import _ARABIC_FOLD, _ARTICLES  # the same tables as kg.namerules.normalise

    fold = {chr(k): ("" if v is None else v) for k, v in _ARABIC_FOLD.items()}
    return f"var KG_FOLD = {script_json(fold)}, KG_ARTICLES = {script_json(sorted(_ARTICLES))};"


STYLE_COMMON = """
  body { font-family: system-ui, "DejaVu Sans", sans-serif; margin: 0 12px; color: #111; }
  #kg-header h1 { font-size: 22px; margin: 10px 0 2px; }
  #kg-header p { margin: 0 0 6px; color: #444; font-size: 14px; }
  .kg-controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; font-size: 14px; margin: 4px 0; }
  .kg-tip { font-size: 13px; max-width: 36em; white-space: normal; }
  .kg-tip div { margin: 1px 0; }
  .kg-tip .kg-tip-head { font-weight: bold; }
  #kg-info { font-size: 13px; min-height: 1.2em; color: #222; }
  #kg-float { position: fixed; display: none; background: #fffff4; border: 1px solid #999;
              padding: 5px 7px; box-shadow: 2px 2px 6px rgba(0,0,0,.25); z-index: 10; pointer-events: none; }
"""


def js_common() -> str:
    """The script every page shares (time rule, name normalisation, tooltips), as a <script>."""
    return (
        "<script>\n"
        f"var KG_IN_FORCE = {json.dumps(IN_FORCE)}, KG_POSSIBLY = {json.dumps(POSSIBLY)}, "
        f"KG_NOT_IN_FORCE = {json.dumps(NOT_IN_FORCE)};\n"
        + _normalise_tables()
        + r"""
/* The rule of kg.timespan.certainty, on the four dates the build derived (ISO text). */
function kgCertainty(b, day) {
  if (b.certainFrom <= day && day < b.certainUntil) { return KG_IN_FORCE; }
  if (b.possibleFrom <= day && day < b.possibleUntil) { return KG_POSSIBLY; }
  return KG_NOT_IN_FORCE;
}
/* A port of kg.names.normalise and kg.names.skeleton, for what is typed in a find box (the skeleton
   leaves out kg.namerules.CONNECTIVES, "of" and "in"; tests/test_maps.py compares the two). */
var KG_APOSTROPHES = /[\u2019'`\u02bf\u02be\u2018\u00b4]/g;
var KG_SEPARATORS = /[\s\-\u2010\u2011\u2013\u2014_.,;:/()"\u201c\u201d]+/u;
function kgNormalise(text) {
  text = String(text).normalize("NFKD").replace(/\p{M}/gu, "");
  text = Array.from(text).map(function (c) {
    return Object.prototype.hasOwnProperty.call(KG_FOLD, c) ? KG_FOLD[c] : c;
  }).join("").toLowerCase().replace(KG_APOSTROPHES, "");
  var words = [];
  text.split(KG_SEPARATORS).forEach(function (word) {
    if (!word || KG_ARTICLES.indexOf(word) >= 0) { return; }
    if (word.indexOf("\u0627\u0644") === 0 && Array.from(word).length > 3) { word = word.slice(2); }
    words.push(word);
  });
  return words.join(" ");
}
function kgSkeleton(key) {
  if (!key) { return ""; }
  return key.split(" ").filter(function (word) { return word !== "of" && word !== "in"; }).map(function (word) {
    if (/^[\x00-\x7f]*$/.test(word)) { word = word.replace(/[aeiouyh]/g, "") || word; }
    return word.replace(/(.)\1+/gu, "$1");
  }).join(" ");
}
/* The first entry (in the given order) answering to the text: a name equal to it, then a
   spelling variant (skeleton), then a name starting with it, then one containing it. */
function kgFind(entries, text) {
  var key = kgNormalise(text), skel = kgSkeleton(key);
  if (!key) { return null; }
  var tiers = [
    function (e) { return e.keys.indexOf(key) >= 0; },
    function (e) { return e.skeletons.indexOf(skel) >= 0; },
    function (e) { return e.keys.some(function (k) { return k.indexOf(key) === 0; }); },
    function (e) { return e.keys.some(function (k) { return k.indexOf(key) >= 0; }); },
    function (e) { return e.skeletons.some(function (k) { return k.indexOf(skel) >= 0; }); }
  ];
  for (var t = 0; t < tiers.length; t++) {
    var hit = entries.filter(tiers[t])[0];
    if (hit) { return hit; }
  }
  return null;
}
/* A tooltip as DOM nodes: a heading, lines of text, and the sources, each a link when it
   has an http(s) URL. Nothing here is parsed as markup. */
function kgTip(head, lines, sources) {
  var box = document.createElement("div");
  box.className = "kg-tip";
  function line(text, cls) {
    var div = document.createElement("div");
    if (cls) { div.className = cls; }
    div.textContent = text;
    box.appendChild(div);
    return div;
  }
  if (head) { line(head, "kg-tip-head"); }
  lines.forEach(function (text) { if (text) { line(text); } });
  if (sources && sources.length) {
    var div = line("sources: ", "kg-tip-sources");
    sources.forEach(function (s, i) {
      if (i) { div.appendChild(document.createTextNode("; ")); }
      if (s.url && /^https?:\/\//i.test(s.url)) {
        var a = document.createElement("a");
        a.href = s.url; a.target = "_blank"; a.rel = "noopener noreferrer";
        a.textContent = s.name;
        div.appendChild(a);
      } else {
        div.appendChild(document.createTextNode(s.name));
      }
    });
  }
  return box;
}
function kgFloat(content, event) {
  var box = document.getElementById("kg-float");
  box.textContent = "";
  if (!content) { box.style.display = "none"; return; }
  box.appendChild(content);
  box.style.display = "block";
  var x = Math.min(event.clientX + 14, window.innerWidth - box.offsetWidth - 4);
  var y = Math.min(event.clientY + 14, window.innerHeight - box.offsetHeight - 4);
  box.style.left = Math.max(0, x) + "px"; box.style.top = Math.max(0, y) + "px";
}
function kgInfo(content) {
  var box = document.getElementById("kg-info");
  box.textContent = "";
  if (content) { box.appendChild(content); }
}
function kgAddDays(day, n) {
  var d = new Date(day + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
function kgDayNumber(day) { return Math.round(Date.parse(day + "T00:00:00Z") / 86400000); }
</script>
"""
    )



def page(*, title: str, heading: str, subtitle: str, style: str, body: str, data: dict[str, Any],
         script: str) -> str:
    """A whole self-contained page: escaped title and heading, the data as ``var NAME = JSON``
    and the common script, then the page's own; refused if it refers to another host."""
    esc = html.escape
    variables = "".join(f"var {name} = {script_json(value)};\n" for name, value in data.items())
    text = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE_COMMON}{style}</style>\n</head>\n<body>\n"
        f'<div id="kg-header"><h1>{esc(heading)}</h1><p>{esc(subtitle)}</p></div>\n'
        f"{body}\n"
        '<div id="kg-float" role="tooltip"></div>\n'
        f"<script>\n{variables}</script>\n{js_common()}<script>\n{script}\n</script>\n</body>\n</html>\n"
    )
    return require_offline(text)
