"""Output for people (tables that fit the terminal) and machines (JSON, CSV, TSV, RDF).

Tables are drawn by rich at the terminal's width (``$COLUMNS`` first, else the terminal's),
wrapping cells between words: a word is cut only when the longest words of every column cannot
fit side by side. When stdout is not a terminal (a pipe, a file) and ``$COLUMNS`` is unset, a
table never wraps: each row is one line, however long, with a line break in a cell shown as a
space, so that ``grep`` and ``sort`` see whole rows.

SPARQL results in JSON follow the W3C SPARQL 1.1 Query Results JSON format; CSV follows the
W3C SPARQL 1.1 CSV format (plain values), TSV its TSV format (RDF terms in Turtle syntax),
exactly: a value that starts with ``=`` stays so. ``spreadsheet_safe`` (``kg query
--spreadsheet-safe``) gives up that exactness for files opened in a spreadsheet: a value a
spreadsheet would run as a formula gets a leading quote (kg.spreadsheet).
Every query form answers in every format: ASK as a boolean (``true``/``false`` in a table,
``{"head": {}, "boolean": ...}`` in JSON, a ``boolean`` column in CSV/TSV); CONSTRUCT and
DESCRIBE as their triples (a subject/predicate/object table, CSV and TSV with those columns,
JSON-LD for json, and Turtle or N-Triples with ``turtle``/``nt``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .queries import rows as result_rows

if TYPE_CHECKING:  # the SPARQL writers get rdflib results; the tables need no rdflib (kg ties)
    from rdflib.query import Result

__all__ = [
    "DEFAULT_WIDTH",
    "GRAPH_FORMATS",
    "STREAM_FORMATS",
    "rows_csv",
    "sparql_answer",
    "sparql_csv",
    "sparql_json",
    "sparql_table",
    "sparql_tsv",
    "table",
    "terminal_width",
    "write_stream",
]

DEFAULT_WIDTH = 80
GAP = 2  # spaces between columns


def terminal_width() -> int | None:
    """Columns to draw in: $COLUMNS, else the terminal's width; None when stdout is not a
    terminal (a pipe, a file): then nothing wraps."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        if not sys.stdout.isatty():
            return None
        return os.get_terminal_size(sys.stdout.fileno()).columns or DEFAULT_WIDTH
    except (OSError, ValueError, AttributeError):
        return DEFAULT_WIDTH


def _widths(cells: list[list[str]], budget: int) -> list[int]:
    """Column widths that fit ``budget``: each column as wide as its longest line if they all
    fit; else the widest columns give way first, never below their longest word; only when
    the longest words cannot fit side by side are words cut (widest first)."""
    from rich.cells import cell_len

    count = len(cells[0])
    natural, minimum = [1] * count, [1] * count
    for row in cells:
        for i, cell in enumerate(row):
            for line in cell.splitlines() or [""]:
                natural[i] = max(natural[i], cell_len(line))
                for word in line.split():
                    minimum[i] = max(minimum[i], cell_len(word))
    widths = list(natural)
    excess = sum(widths) - budget
    while excess > 0:  # shrink the widest column that can still give way, towards its longest word
        shrinkable = [i for i in range(count) if widths[i] > minimum[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: (widths[i], -i))
        others = [widths[i] for i in shrinkable if i != widest]
        step = max(1, min(excess, widths[widest] - max(minimum[widest], max(others, default=0))))
        widths[widest] -= step
        excess -= step
    while excess > 0 and max(widths) > 4:  # the words themselves do not fit: cut the widest
        widest = widths.index(max(widths))
        widths[widest] -= 1
        excess -= 1
    return widths


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], width: int | None = None) -> str:
    """An aligned text table (header, a rule, the rows) that fits ``width`` columns (default:
    :func:`terminal_width`); cells wrap between words. Without a width (stdout is not a
    terminal) every row is one line: columns as wide as their widest cell, line breaks and
    other control characters in a cell shown as spaces."""
    width = width or terminal_width()
    cells = [list(headers)] + [[("" if c is None else str(c)) for c in row] for row in rows]
    if width is None:
        import re

        cells = [[re.sub(r"[\x00-\x1f\x7f]+", " ", cell) for cell in row] for row in cells]
        widths = _widths(cells, sys.maxsize)
    else:
        widths = _widths(cells, max(len(headers), width - GAP * (len(headers) - 1)))
    plain = _plain_table(cells, widths)
    return plain if plain is not None else _rich_table(cells, widths)


def _rich_table(cells: list[list[str]], widths: list[int]) -> str:
    """The table drawn by rich (it wraps cells between words)."""
    from rich.box import Box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    headers = cells[0]
    # no edges; a dashed rule under the header; the column divider is a space (plus 1 of padding)
    box = Box("    \n    \n -  \n    \n    \n    \n    \n    \n")
    drawn = Table(box=box, show_edge=False, pad_edge=False, padding=(0, GAP - 1, 0, 0), header_style=None)
    for header, column_width in zip(headers, widths):
        drawn.add_column(Text(header), width=column_width, overflow="fold")
    for row in cells[1:]:
        drawn.add_row(*(Text(cell) for cell in row))
    out = io.StringIO()
    console = Console(file=out, width=sum(widths) + GAP * len(widths), color_system=None, no_color=True,
                      force_terminal=False, highlight=False, markup=False, emoji=False, legacy_windows=False)
    console.print(drawn)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines())


def _plain_table(cells: list[list[str]], widths: list[int]) -> str | None:
    """The table :func:`table` draws with rich, drawn without importing rich's console (a third
    of a cold `kg ties`): cells wrap between words with rich's own line breaker
    (``rich._wrap.divide_line``) and are padded to their column; None for a cell holding a
    character rich may draw differently (a line break, a tab, another control character)."""
    import re

    from rich._wrap import divide_line
    from rich.cells import cell_len, set_cell_size

    if any(c < " " or c == "\x7f" for row in cells for cell in row for c in cell):
        return None

    def wrap(cell: str, width: int) -> list[str]:
        breaks = divide_line(cell, width, fold=True)
        lines = []
        for a, b in zip([0, *breaks], [*breaks, len(cell)]):
            line = cell[a:b]
            if len(line) > width:  # rich's rstrip_end: trailing blanks beyond the width go
                blanks = re.search(r"\s+$", line)
                if blanks is not None:
                    line = line[: len(line) - min(len(blanks.group(0)), len(line) - width)]
            lines.append(set_cell_size(line, width) if cell_len(line) > width else line)
        return lines

    last = len(widths) - 1
    pads = [w + (GAP - 1 if i < last else 0) for i, w in enumerate(widths)]

    def draw(row: list[str], bottom: bool = False) -> list[str]:  # rich puts the header at the bottom
        wrapped = [wrap(cell, width) for cell, width in zip(row, widths)]
        height = max(len(lines) for lines in wrapped)
        if bottom:
            wrapped = [[""] * (height - len(lines)) + lines for lines in wrapped]
        return [" ".join(
                    (lines[i] if i < len(lines) else "") + " " * (pad - cell_len(lines[i] if i < len(lines) else ""))
                    for lines, pad in zip(wrapped, pads)).rstrip()
                for i in range(height)]

    rule = " ".join("-" * pad for pad in pads)
    out = draw(cells[0], bottom=True) + [rule]
    for row in cells[1:]:
        out += draw(row)
    return "\n".join(out)


def rows_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]], delimiter: str = ",",
             spreadsheet_safe: bool = False) -> str:
    from .spreadsheet import neutralise

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        cells = ["" if c is None else c for c in row]
        writer.writerow([neutralise(c) if isinstance(c, str) else c for c in cells] if spreadsheet_safe else cells)
    return out.getvalue()


def _term_json(term: Any) -> dict[str, str]:
    from rdflib import BNode, Literal, URIRef

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


# --- CONSTRUCT and DESCRIBE: the triples, in a stable order ------------------------------------

GRAPH_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}
TRIPLE_COLUMNS = ["subject", "predicate", "object"]


def _is_graph(result: Result) -> bool:
    return result.type in ("CONSTRUCT", "DESCRIBE")


def _triples(result: Result) -> list[tuple[Any, Any, Any]]:
    graph = result.graph
    assert graph is not None
    return sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))


def graph_rdf(result: Result, fmt: str) -> str:
    """A CONSTRUCT/DESCRIBE result as Turtle, N-Triples, JSON-LD or RDF/XML, with the project's
    prefixes (``geo:`` is WGS84)."""
    from rdflib import Graph

    from .namespaces import PREFIXES, bind_prefixes

    graph = bind_prefixes(Graph())
    for triple in _triples(result):
        graph.add(triple)
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=PREFIXES, indent=2)
    return graph.serialize(format=GRAPH_FORMATS[fmt])


def _not_a_graph(result: Result, fmt: str) -> InputError:
    return InputError(f"--format {fmt} is for CONSTRUCT and DESCRIBE results; {result.type} queries "
                      "answer in table, json, csv, tsv or xml")


# --- SPARQL results, every query form ----------------------------------------------------------


def sparql_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON (SELECT, ASK), or JSON-LD (CONSTRUCT, DESCRIBE)."""
    if _is_graph(result):
        return graph_rdf(result, "jsonld")
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}, ensure_ascii=False, indent=2)
    names = [str(v) for v in result.vars or []]
    bindings = []
    for row in result_rows(result):
        bindings.append({n: _term_json(row[i]) for i, n in enumerate(names) if row[i] is not None})
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=2)


def _plain(term: Any) -> str:
    return "" if term is None else str(term)


def sparql_csv(result: Result, spreadsheet_safe: bool = False) -> str:
    """SPARQL 1.1 CSV; ASK as one ``boolean`` column; CONSTRUCT/DESCRIBE as subject,predicate,object.
    ``spreadsheet_safe``: formula-like values neutralised (see the module docstring)."""
    if _is_graph(result):
        return rows_csv(TRIPLE_COLUMNS, [[_plain(t) for t in triple] for triple in _triples(result)],
                        spreadsheet_safe=spreadsheet_safe)
    if result.type == "ASK":
        return rows_csv(["boolean"], [[str(bool(result.askAnswer)).lower()]])
    names = [str(v) for v in result.vars or []]
    return rows_csv(names, [[_plain(t) for t in row] for row in result_rows(result)], spreadsheet_safe=spreadsheet_safe)


def sparql_tsv(result: Result, spreadsheet_safe: bool = False) -> str:
    """SPARQL 1.1 TSV; ASK as ``?boolean``; CONSTRUCT/DESCRIBE as ?subject ?predicate ?object.
    ``spreadsheet_safe``: formula-like values neutralised (see the module docstring)."""
    if result.type == "ASK":
        return "?boolean\n" + str(bool(result.askAnswer)).lower() + "\n"
    if _is_graph(result):
        names, found = TRIPLE_COLUMNS, [list(t) for t in _triples(result)]
    else:
        names, found = [str(v) for v in result.vars or []], [list(row) for row in result_rows(result)]
    lines = [_tsv_header(names)]
    for row in found:
        lines.append(_tsv_row(row, spreadsheet_safe))
    return "\n".join(lines) + "\n"


def _tsv_header(names: Sequence[str]) -> str:
    return "\t".join("?" + n for n in names)


def _tsv_row(row: Sequence[Any], spreadsheet_safe: bool = False) -> str:
    """One SPARQL TSV row: each term in N-Triples syntax, empty where unbound. ``spreadsheet_safe``:
    a term whose value a spreadsheet would run as a formula (it drops the quotes of
    ``"=1+1"``) gets a leading quote."""
    from .spreadsheet import neutralise

    cells = ["" if t is None else t.n3() for t in row]
    if spreadsheet_safe:
        cells = ["'" + cell if t is not None and neutralise(str(t)) != str(t) else cell for cell, t in zip(cells, row)]
    return "\t".join(cells)


def _short(term: Any, namespaces: dict[str, str]) -> str:
    from rdflib import URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, ns in namespaces.items():
            if str(term).startswith(ns):
                return f"{prefix}:{str(term)[len(ns):]}"
    return str(term)


def _count(n: int, what: str) -> str:
    return f"({n} {what}{'s' if n != 1 else ''})"


def sparql_table(result: Result, namespaces: dict[str, str]) -> str:
    """A table for people: SELECT rows, CONSTRUCT/DESCRIBE triples, or ``true``/``false`` for ASK."""
    if result.type == "ASK":
        return "true" if result.askAnswer else "false"
    if _is_graph(result):
        triples = [[_short(t, namespaces) for t in triple] for triple in _triples(result)]
        return table(TRIPLE_COLUMNS, triples) + "\n" + _count(len(triples), "triple")
    names = [str(v) for v in result.vars or []]
    cells = [[_short(t, namespaces) for t in row] for row in result_rows(result)]
    if not names:  # SELECT * over an empty pattern
        return _count(len(cells), "row")
    return table(names, cells) + "\n" + _count(len(cells), "row")


def sparql_answer(result: Result, fmt: str, spreadsheet_safe: bool = False) -> str:
    """A SPARQL result of any form as ``fmt``: table, json, csv, tsv, or (CONSTRUCT and DESCRIBE)
    turtle, nt, jsonld, xml. Raises InputError for an RDF format asked of SELECT or ASK.
    ``spreadsheet_safe``: CSV and TSV values neutralised (see the module docstring)."""
    from .namespaces import PREFIXES

    if fmt == "csv":
        return sparql_csv(result, spreadsheet_safe)
    if fmt == "tsv":
        return sparql_tsv(result, spreadsheet_safe)
    if fmt == "json":
        return sparql_json(result)
    if fmt == "xml" and not _is_graph(result):  # SPARQL 1.1 Query Results XML
        data = result.serialize(format="xml", encoding="utf-8")
        assert data is not None
        return data.decode("utf-8") + "\n"
    if fmt in GRAPH_FORMATS:
        if not _is_graph(result):
            raise _not_a_graph(result, fmt)
        return graph_rdf(result, fmt)
    return sparql_table(result, PREFIXES)


STREAM_FORMATS = ("csv", "tsv", "json")


def write_stream(variables: Sequence[str], rows: Any, fmt: str, out: Any, spreadsheet_safe: bool = False) -> int:
    """Write SELECT rows (tuples of RDF terms) to the text file ``out`` as they come, as
    SPARQL CSV, TSV or JSON results, flushing the first row at once and then every thousand;
    returns the number of rows. A table needs every row for its column widths: not here."""
    if fmt not in STREAM_FORMATS:
        raise InputError(f"streamed rows are written as {', '.join(STREAM_FORMATS)}, not {fmt} "
                         "(a table needs every row first, for its column widths)")
    from .spreadsheet import neutralise

    count = 0
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(variables)
    elif fmt == "tsv":
        out.write(_tsv_header(variables) + "\n")
    else:
        out.write(json.dumps({"head": {"vars": list(variables)}}, ensure_ascii=False)[:-1]
                  + ', "results": {"bindings": [\n')
    for row in rows:
        if fmt == "csv":
            writer.writerow([neutralise(_plain(t)) if spreadsheet_safe else _plain(t) for t in row])
        elif fmt == "tsv":
            out.write(_tsv_row(row, spreadsheet_safe) + "\n")
        else:
            binding = {v: _term_json(t) for v, t in zip(variables, row) if t is not None}
            out.write(("" if count == 0 else ",\n") + json.dumps(binding, ensure_ascii=False))
        count += 1
        if count == 1 or count % 1000 == 0:
            out.flush()
    if fmt == "json":
        out.write("\n]}}\n")
    out.flush()
    return count
