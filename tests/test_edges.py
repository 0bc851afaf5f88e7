"""The edge table (kg.edges): every writer of an on-disk generation writes it, and it holds the
rows of the SPARQL report network-edges, in the report's order; the named query, the network
views and a generation without a table read the same rows."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import kg
from kg import edgerows, edges
from kg.prefixes import PREFIXES
from kg.queries import get_query
from kg.store import manifest, parse_location

REPO = Path(__file__).resolve().parent.parent


def _generation(location: str) -> tuple[Path, str]:
    path = parse_location(location).path
    assert path is not None
    info = manifest(path)
    assert info is not None
    return path, info["generation"]


def _report(location: str) -> list[tuple]:
    """network-edges as Oxigraph answers it on the live generation, sorted by its ORDER BY."""
    path, generation = _generation(location)
    store = ox.Store.read_only(str(path / generation))
    return [tuple(edgerows.cell_of(t) for t in row) for row in store.query(get_query("network-edges").text, prefixes=PREFIXES)]


def _table(location: str) -> list[tuple]:
    path, generation = _generation(location)
    table = edges.edges_file(path, generation)
    assert edges.available(table), "the generation has no edge table"
    return list(edges.read(table))


def _same(location: str) -> None:
    report = _report(location)
    assert report, "the report has rows to compare"
    assert _table(location) == report


def test_variables_are_the_reports():
    text = get_query("network-edges").text
    select = text[text.index("SELECT"):text.index("WHERE")]
    assert tuple(re.findall(r"\?(\w+)", select)) == edgerows.VARIABLES


def test_build_writes_the_report(article_store):
    _same(article_store)


def test_bundled_build_writes_the_report(disk_store):
    _same(disk_store)


def test_import_and_add_write_the_report(article_copy):
    api = kg.open(article_copy)
    assert api.import_csv(REPO / "examples" / "idlib-control-changes.csv").change.written
    _same(article_copy)
    done = api.add("Jaish al-Fath", "controls", "Jisr al-Shughur", start="2015-04-25",
                   source_url="https://example.org/test-only/edges/add", source_title="TEST: a town changes hands",
                   source_publisher="Example News (TEST)")
    assert done.change.written
    _same(article_copy)


@pytest.fixture
def exported(article_store, tmp_path) -> Path:
    """The article's graph as N-Triples (with spans, keys and kg:within, as kg export writes it)."""
    path = tmp_path / "kg.nt"
    path.write_bytes(kg.open(article_store).export("nt"))
    return path


def test_load_writes_the_report(exported, tmp_path):
    location = f"oxigraph:{tmp_path / 'loaded'}"
    kg.open(location).load([exported], replace=True)  # from the triples read
    _same(location)
    assert _table(location) == _report(location)


def test_load_without_derived_data_writes_the_report(exported, tmp_path):
    """Data without spans, kg:within and name keys: derived, and the table made from the store."""
    bare = tmp_path / "bare.nt"
    derived = re.compile(r"^\S+ <https://w3id.org/armed-groups-kg/ontology#(certainFrom|certainUntil|possibleFrom|"
                         r"possibleUntil|within|nameKey|nameSkeleton)> ")
    bare.write_text("".join(line for line in exported.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not derived.match(line)), encoding="utf-8")
    location = f"oxigraph:{tmp_path / 'bare'}"
    kg.open(location).load([bare], replace=True)
    _same(location)
    full = f"oxigraph:{tmp_path / 'full'}"
    kg.open(full).load([exported], replace=True)
    assert _table(location) == _table(full)
    # what the full data carries is what the load derives for the bare data: none is skipped wrongly
    # (the same graph: a bulk load gives each file's blank nodes ids of their own)
    assert isomorphic(_triples(location), _triples(full))


def _triples(location: str) -> Graph:
    path, generation = _generation(location)
    dump = ox.Store.read_only(str(path / generation)).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    assert dump is not None
    return Graph().parse(data=dump.decode("utf-8"), format="nt")


_BLANK_SOURCE = """\
<kg:CooperationStatement> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <kg:Statement> .
<T:group-a{n}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <kg:ArmedGroup> .
<T:group-a{n}> <http://www.w3.org/2004/02/skos/core#prefLabel> "TEST group A{n}"@en .
<T:group-b{n}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <kg:ArmedGroup> .
<T:group-b{n}> <http://www.w3.org/2004/02/skos/core#prefLabel> "TEST group B{n}"@en .
<T:st{n}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <kg:CooperationStatement> .
<T:st{n}> <kg:actor> <T:group-a{n}> .
<T:st{n}> <kg:object> <T:group-b{n}> .
<T:st{n}> <kg:start> "2015-0{n}-01"^^<http://www.w3.org/2001/XMLSchema#date> .
<T:st{n}> <kg:certainFrom> "2015-0{n}-01"^^<http://www.w3.org/2001/XMLSchema#date> .
<T:st{n}> <kg:certainUntil> "2015-0{n}-01"^^<http://www.w3.org/2001/XMLSchema#date> .
<T:st{n}> <kg:possibleFrom> "2015-0{n}-01"^^<http://www.w3.org/2001/XMLSchema#date> .
<T:st{n}> <kg:possibleUntil> "2015-0{n}-01"^^<http://www.w3.org/2001/XMLSchema#date> .
<T:st{n}> <http://www.w3.org/ns/prov#wasDerivedFrom> _:source .
_:source <kg:usedAs> "TEST source {n}" .
_:source <https://schema.org/url> <T:source-{n}> .
"""


def test_load_of_blank_node_sources_writes_the_report(tmp_path):
    """Two files name different sources with the same blank node label: one node each in the
    store (a bulk load keeps each file's blank nodes apart), so each statement has its own."""
    files = []
    for n in (1, 2):
        path = tmp_path / f"part{n}.nt"
        path.write_text(_BLANK_SOURCE.replace("{n}", str(n)).replace("kg:", "https://w3id.org/armed-groups-kg/ontology#")
                        .replace("T:", "https://example.org/test-only/edges/"), encoding="utf-8")
        files.append(path)
    location = f"oxigraph:{tmp_path / 'blank'}"
    kg.open(location).load(files, replace=True)
    _same(location)
    assert len({row[edgerows.VARIABLES.index("sourceName")] for row in _table(location)}) == 2


def test_load_onto_data_writes_the_report(article_copy, tmp_path):
    """A load onto a store's data: a second source for a statement, a new English label."""
    extra = tmp_path / "extra.ttl"
    statement = _report(article_copy)[0][0][1:]
    extra.write_text(f"""@prefix kg: <https://w3id.org/armed-groups-kg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<{statement}> prov:wasDerivedFrom <https://example.org/test-only/edges/src> .
<https://example.org/test-only/edges/src> kg:usedAs "TEST: a second source" .
""", encoding="utf-8")
    before = len(_report(article_copy))
    kg.open(article_copy).load([extra])
    _same(article_copy)
    assert len(_table(article_copy)) == before + 1


def test_named_query_reads_the_table(article_store):
    """kg query network-edges (kg.queries.run) on an on-disk store reads the table: the same
    rdflib terms, in the same order, as the store's SPARQL answer."""
    from kg.namespaces import query_prefixes
    from kg.queries import run
    from kg.store import open_graph

    graph = open_graph(article_store)
    query = get_query("network-edges")
    assert edges.table_of(graph) is not None
    from_table = [tuple(row) for row in run(graph, query)]
    from_sparql = [tuple(row) for row in graph.query(query.text, initNs=query_prefixes(graph))]
    assert from_table == from_sparql
    answer = kg.open(article_store).query("network-edges")
    assert answer.variables == list(edgerows.VARIABLES) and len(answer.rows) == len(from_sparql)


def test_named_query_from_the_table_writes_the_reports_text(article_store):
    """Written out (CSV, TSV, JSON, a table), read again, or as bindings: what the SPARQL answer gives."""
    from kg.namespaces import query_prefixes
    from kg.output import sparql_answer
    from kg.queries import run
    from kg.store import open_graph

    graph = open_graph(article_store)
    query = get_query("network-edges")
    for fmt in ("csv", "tsv", "json", "table"):
        from_table, from_sparql = run(graph, query), graph.query(query.text, initNs=query_prefixes(graph))
        assert sparql_answer(from_table, fmt) == sparql_answer(from_sparql, fmt)
    result = run(graph, query)
    first = next(iter(result))
    assert first.statement == first["statement"] == first[0]
    assert [tuple(r) for r in result] == [tuple(r) for r in result]  # read twice: the same rows
    assert result.bindings == graph.query(query.text, initNs=query_prefixes(graph)).bindings


def test_network_from_the_table_is_the_reports(article_store, article_memory_graph):
    """statement_graph from the table equals the one from the SPARQL report (memory store)."""
    from kg.network import statement_graph
    from kg.store import open_graph

    def shape(net):
        return (sorted(net.nodes(data=True)), sorted((u, v, k, repr(sorted(d.items())))
                                                     for u, v, k, d in net.edges(keys=True, data=True)))

    graph = open_graph(article_store)
    assert edges.table_of(graph) is not None
    assert shape(statement_graph(graph)) == shape(statement_graph(article_memory_graph))
    nodes = {n for n in statement_graph(article_memory_graph).nodes}
    some = set(sorted(nodes)[: len(nodes) // 2])
    assert shape(statement_graph(graph, nodes=some)) == shape(statement_graph(article_memory_graph, nodes=some))


def test_a_generation_without_a_table_gets_it_when_read(article_copy):
    """A store written by an older kg (no edge table this kg reads, or one of an older format):
    the table is written from the store when it is first read, the report's rows."""
    import sqlite3

    from kg.namespaces import query_prefixes
    from kg.queries import run
    from kg.store import open_graph

    path, generation = _generation(article_copy)
    table = edges.edges_file(path, generation)
    report = _report(article_copy)
    table.unlink()
    older = path / f"{generation}.edges.sqlite"  # format 1's name: an older kg's, left to it
    older.write_bytes(b"")
    graph = open_graph(article_copy)
    assert edges.table_of(graph) == table
    assert list(edges.read(table)) == report and older.read_bytes() == b""
    query = get_query("network-edges")
    assert [tuple(r) for r in run(graph, query)] == [tuple(r) for r in graph.query(query.text,
                                                                                    initNs=query_prefixes(graph))]
    with sqlite3.connect(table) as db:  # a table of another format under this name: written again
        db.execute("UPDATE meta SET version = 1")
    db.close()
    assert not edges.available(table)
    assert edges.table_of(open_graph(article_copy)) == table and list(edges.read(table)) == report


def test_blocks_and_actors_read_back(article_store, tmp_path, monkeypatch):
    """Rows across many blocks (the last shorter): read whole, a block of
    columns at a time, and for some actors, the rows as written, in their order."""
    rows = _report(article_store)
    monkeypatch.setattr(edges, "BLOCK", 3)
    assert len(rows) > 3 * edges.BLOCK and len(rows) % edges.BLOCK
    table = tmp_path / "t.sqlite"
    assert edges.write_rows(table, rows) == len(rows)
    assert edges.available(table)
    assert list(edges.read(table)) == rows
    made: list = []
    batches = list(edges.read_columns(table, lambda cell: made.append(cell) or ("made", cell)))
    assert len(made) == len({c for row in rows for c in row} - {None}), "each distinct cell made once"
    assert [tuple(None if t is None else t[1] for t in row) for b in batches for row in zip(*b)] == rows
    actor = edgerows.VARIABLES.index("actor")
    actors = sorted({row[actor][1:] for row in rows})
    some = set(actors[::3]) | {"https://example.org/test-only/edges/none"}
    assert list(edges.read(table, some)) == [row for row in rows if row[actor][1:] in some]
    assert list(edges.read(table, [])) == []


def _attributes(term) -> tuple:
    return (type(term), str(term), getattr(term, "_language", None), getattr(term, "_datatype", None),
            repr(getattr(term, "_value", None)), getattr(term, "_ill_typed", None), hash(term))


_XSD = "http://www.w3.org/2001/XMLSchema#"
_ODD_CELLS = [f'"{_XSD}date{edgerows.SEP}{day}' for day in ("2015-02-30", "2015-4-1", "0999-12-31", "2015-01-01Z",
                                                          "+2015-01-01", "-0044-03-15", "2015-01-01 ", "٢٠١٥-01-01")] + [
    f'"{_XSD}string{edgerows.SEP}', f'"{_XSD}string{edgerows.SEP}plain text', f"@EN-gb{edgerows.SEP}Town",
    f"@en{edgerows.SEP}", f'"{_XSD}integer{edgerows.SEP}007', f'"{_XSD}gYear{edgerows.SEP}2015', "_b0", "<https://example.org/x"]


def test_table_terms_are_rdflibs(disk_store):
    """Each cell of the table (and odd ones: days that are none, other datatypes) is made the
    term rdflib's own constructors make of it, down to its value and ill-typedness; read in
    batches, the rows are the SPARQL answer's."""
    from rdflib import BNode, Literal, URIRef

    from kg.namespaces import query_prefixes
    from kg.queries import run
    from kg.store import open_graph

    def rdflib_term(cell):  # as oxrdflib makes the store's terms
        if cell[0] == "<":
            return URIRef(cell[1:])
        if cell[0] == "_":
            return BNode(cell[1:])
        tag, value = cell[1:].split(edgerows.SEP, 1)
        return Literal(value, lang=tag) if cell[0] == "@" else Literal(value, datatype=URIRef(tag))

    graph = open_graph(disk_store)
    table = edges.table_of(graph)
    assert table is not None
    cells = {c for row in edges.read(table) for c in row if c is not None}
    assert any(c.startswith(f'"{_XSD}date') for c in cells) and any(c.startswith("@") for c in cells)
    make = edges.rdflib_terms()
    for cell in sorted(cells) + _ODD_CELLS:
        assert _attributes(make(cell)) == _attributes(rdflib_term(cell)), cell
    query = get_query("network-edges")
    rows = [tuple(row) for row in run(graph, query)]
    assert len(rows) > 64, "more than the first batch"
    assert rows == [tuple(row) for row in graph.query(query.text, initNs=query_prefixes(graph))]
