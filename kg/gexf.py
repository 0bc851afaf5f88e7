"""A network as GEXF 1.2 (draft), written line by line.

networkx's ``write_gexf`` builds the whole document as an ElementTree first (a tree of a few
million elements for the whole network at 10M triples), indents it, then serialises it: most of
the time of ``kg export --format gexf``. This writer gives the same document, read back by
``networkx.read_gexf`` as the same graph (tests/test_gexf.py): the same attribute titles and
types (declared before the nodes, as networkx declares them: in the order first met, nodes
first), each node's ``label`` and ``viz:position``, each edge numbered in order with its key as
the attribute ``networkx_key``, ``start``/``end`` on the element with the graph then dynamic,
booleans as ``true``/``false`` and infinite floats as ``INF``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

__all__ = ["EDGE_OWN", "NODE_OWN", "SPECIAL", "declare", "escape", "head", "value_text", "write"]

_NS = "http://www.gexf.net/1.2draft"
_VIZ = "http://www.gexf.net/1.2draft/viz"
# a value's type as networkx declares it (kg's exports hold these)
_TYPES = {bool: "boolean", int: "long", float: "double", str: "string", list: "string", dict: "string"}
# on the element itself, as networkx writes them (the rest are attvalues)
NODE_OWN = ("label", "start", "end", "viz")
EDGE_OWN = ("label", "weight", "type", "start", "end")


SPECIAL = re.compile('[&<>"\n\r\t]')


def escape(text: str) -> str:
    """``text`` as an XML attribute value in double quotes (as ElementTree escapes it)."""
    if SPECIAL.search(text) is None:  # most text: one scan
        return text
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\n" in text or "\r" in text or "\t" in text:
        text = text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")
    return text


def value_text(value: Any) -> str:
    if type(value) is str:  # most values
        return escape(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, float):
        text = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}.get(text, text)
    return escape(text)


def declare(found: dict[str, tuple[str, str]], data: dict[str, Any], own: tuple[str, ...]) -> None:
    if found.keys() >= data.keys():  # every key declared (or own): the usual case, a set comparison
        return
    for key, value in data.items():
        if key in own:
            continue
        if key not in found:
            kind = _TYPES.get(type(value))
            if kind is None:
                raise TypeError(f"attribute value type is not allowed: {type(value)}")
            found[key] = (str(len(found)), kind)


def write(nodes: Iterable[tuple[Any, dict[str, Any]]], edges: Iterable[tuple[Any, Any, Any, dict[str, Any]]],
          out: IO[bytes], directed: bool = True) -> None:
    """Write the network of ``nodes`` (node, data) and ``edges`` (source, target, key, data)
    to ``out`` as GEXF 1.2. Both are read twice (once for the attributes they hold)."""
    # the element's own keys count as declared (never declared: declare leaves them out)
    node_attributes: dict[str, tuple[str, str]] = dict.fromkeys(NODE_OWN, ("", ""))
    edge_attributes: dict[str, tuple[str, str]] = dict.fromkeys(EDGE_OWN, ("", ""))
    timeformat = None
    for _, data in nodes:
        declare(node_attributes, data, NODE_OWN)
        timeformat = timeformat or _timeformat(data)
    for _, _, key, data in edges:
        if "networkx_key" in data:
            declare(edge_attributes, {**data, "networkx_key": key}, EDGE_OWN)
        else:  # the key after the data's own attributes, as networkx adds it (not copying the data)
            declare(edge_attributes, data, EDGE_OWN)
            if "networkx_key" not in edge_attributes:
                declare(edge_attributes, {"networkx_key": key}, EDGE_OWN)
        timeformat = timeformat or _timeformat(data)
    node_attributes = {k: v for k, v in node_attributes.items() if k not in NODE_OWN}
    edge_attributes = {k: v for k, v in edge_attributes.items() if k not in EDGE_OWN}
    document, node_attributes, edge_attributes = head(node_attributes, edge_attributes, timeformat, directed)
    write_text = out.write

    def put(text: str) -> None:
        write_text(text.encode("utf-8"))

    put(document)
    put("    <nodes>\n")
    _put_batched(put, _nodes(nodes, node_attributes))
    put("    </nodes>\n    <edges>\n")
    _put_batched(put, _edges(edges, edge_attributes))
    put("    </edges>\n  </graph>\n</gexf>\n")


def head(node_attributes: dict[str, tuple[str, str]], edge_attributes: dict[str, tuple[str, str]],
         timeformat: str | None, directed: bool = True) -> tuple[str, dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """The document up to its nodes, for the attributes declared (``declare``: each title's
    (number, type), in the order first met, the element's own left out) and the graph's
    ``timeformat`` (None: a static graph); and the attributes numbered as networkx numbers
    them, across both classes, node attributes first."""
    node_attributes = {k: (str(i), kind) for i, (k, (_, kind)) in enumerate(node_attributes.items())}
    edge_attributes = {k: (str(i + len(node_attributes)), kind) for i, (k, (_, kind)) in enumerate(edge_attributes.items())}
    parts = ["<?xml version='1.0' encoding='utf-8'?>\n",
             (f'<gexf xmlns:viz="{_VIZ}" xmlns="{_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              f'xsi:schemaLocation="{_NS} {_NS}/gexf.xsd" version="1.2">\n'),
             f'  <meta lastmodifieddate="{dt.date.today().isoformat()}">\n    <creator>kg</creator>\n  </meta>\n']
    mode = f'mode="dynamic" name="" timeformat="{timeformat}"' if timeformat else 'mode="static" name=""'
    parts.append(f'  <graph defaultedgetype="{"directed" if directed else "undirected"}" {mode}>\n')
    for kind, attributes in (("edge", edge_attributes), ("node", node_attributes)):
        if attributes:
            parts.append(f'    <attributes mode="static" class="{kind}">\n')
            parts.extend(f'      <attribute id="{i}" title="{escape(k)}" type="{t}" />\n' for k, (i, t) in attributes.items())
            parts.append("    </attributes>\n")
    return "".join(parts), node_attributes, edge_attributes


def _put_batched(put: Callable[[str], Any], texts: Iterable[str], size: int = 4096) -> None:
    """Write ``texts`` a few thousand at a time (one call of ``put`` for each batch)."""
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= size:
            put("".join(batch))
            batch.clear()
    put("".join(batch))


def _timeformat(data: dict[str, Any]) -> str | None:
    for key in ("start", "end"):
        value = data.get(key)
        if value is not None:
            return "date" if isinstance(value, str) else "double" if isinstance(value, float) else "long"
    return None


def _attvalues(data: dict[str, Any], heads: dict[str, str], own: tuple[str, ...], last: str = "") -> str:
    """``heads``: each attribute's ``<attvalue for="N" value="``; ``last``: an attvalue after the data's."""
    values = [heads[k] + value_text(v) + '" />\n' for k, v in data.items() if k not in own]
    if last:
        values.append(last)
    return "        <attvalues>\n" + "".join(values) + "        </attvalues>\n" if values else ""


def _heads(attributes: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {k: f'          <attvalue for="{i}" value="' for k, (i, _) in attributes.items()}


def _times(data: dict[str, Any]) -> str:
    return "".join(f' {k}="{escape(str(data[k]))}"' for k in ("start", "end") if data.get(k) is not None)


def _nodes(nodes: Iterable[tuple[Any, dict[str, Any]]], attributes: dict[str, tuple[str, str]]) -> Iterator[str]:
    heads = _heads(attributes)
    for node, data in nodes:
        label = escape(str(data.get("label", node)))
        head = f'      <node id="{escape(str(node))}" label="{label}"{_times(data)}'
        viz = data.get("viz") or {}
        position = viz.get("position")
        inner = (f'        <viz:position x="{position.get("x")}" y="{position.get("y")}" z="{position.get("z")}" />\n'
                 if position is not None else "")
        inner += _attvalues(data, heads, NODE_OWN)
        yield f"{head}>\n{inner}      </node>\n" if inner else f"{head} />\n"


def _edges(edges: Iterable[tuple[Any, Any, Any, dict[str, Any]]],
           attributes: dict[str, tuple[str, str]]) -> Iterator[str]:
    heads = _heads(attributes)
    for number, (source, target, key, data) in enumerate(edges):
        own = "".join(f' {k}="{escape(str(data[k]))}"' for k in ("label", "weight", "type") if k in data)
        head = f'      <edge source="{escape(str(source))}" target="{escape(str(target))}" id="{number}"{own}{_times(data)}'
        if "networkx_key" in data:
            inner = _attvalues({**data, "networkx_key": key}, heads, EDGE_OWN)
        else:  # the same, without copying the data
            inner = _attvalues(data, heads, EDGE_OWN, f'{heads["networkx_key"]}{value_text(key)}" />\n')
        yield f"{head}>\n{inner}      </edge>\n" if inner else f"{head} />\n"
