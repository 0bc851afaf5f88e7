"""Output for people (aligned tables that fit 80 columns) and machines (JSON, CSV, TSV).

SPARQL results in JSON follow the W3C SPARQL 1.1 Query Results JSON format; CSV follows the
W3C SPARQL 1.1 CSV format (plain values), TSV its TSV format (RDF terms in Turtle syntax).
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Sequence
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result

from .queries import rows as result_rows

__all__ = ["WIDTH", "rows_csv", "sparql_csv", "sparql_json", "sparql_table", "sparql_tsv", "table"]

WIDTH = 80


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], width: int = WIDTH) -> str:
    """An aligned text table; cells wrap so that the whole table fits ``width`` columns."""
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], max((len(line) for line in cell.splitlines()), default=0))
    gap = 2
    budget = width - gap * (len(headers) - 1)
    while sum(widths) > budget and max(widths) > 8:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    lines = []

    def emit(row: Sequence[str]) -> None:
        wrapped = [textwrap.wrap(cell, w, break_long_words=True) or [""] for cell, w in zip(row, widths)]
        for i in range(max(len(w) for w in wrapped)):
            parts = [(w[i] if i < len(w) else "").ljust(widths[j]) for j, w in enumerate(wrapped)]
            lines.append((" " * gap).join(parts).rstrip())

    emit(list(headers))
    lines.append((" " * gap).join("-" * w for w in widths))
    for row in cells:
        emit(row)
    return "\n".join(lines)


def rows_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    return out.getvalue()


def _term_json(term: Any) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def sparql_json(result: Result) -> str:
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}, ensure_ascii=False, indent=2)
    names = [str(v) for v in result.vars or []]
    bindings = []
    for row in result_rows(result):
        bindings.append({n: _term_json(row[i]) for i, n in enumerate(names) if row[i] is not None})
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=2)


def _plain(term: Any) -> str:
    return "" if term is None else str(term)


def sparql_csv(result: Result) -> str:
    if result.type == "ASK":
        return rows_csv(["boolean"], [[str(bool(result.askAnswer)).lower()]])
    names = [str(v) for v in result.vars or []]
    return rows_csv(names, [[_plain(t) for t in row] for row in result_rows(result)])


def sparql_tsv(result: Result) -> str:
    if result.type == "ASK":
        return "?boolean\n" + str(bool(result.askAnswer)).lower() + "\n"
    names = [str(v) for v in result.vars or []]
    lines = ["\t".join("?" + n for n in names)]
    for row in result_rows(result):
        lines.append("\t".join("" if t is None else t.n3() for t in row))
    return "\n".join(lines) + "\n"


def _short(term: Any, namespaces: dict[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, ns in namespaces.items():
            if str(term).startswith(ns):
                return f"{prefix}:{str(term)[len(ns):]}"
    return str(term)


def sparql_table(result: Result, namespaces: dict[str, str]) -> str:
    if result.type == "ASK":
        return "true" if result.askAnswer else "false"
    names = [str(v) for v in result.vars or []]
    cells = [[_short(t, namespaces) for t in row] for row in result_rows(result)]
    return table(names, cells) + f"\n({len(cells)} row{'s' if len(cells) != 1 else ''})"
