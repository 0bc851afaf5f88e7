"""kg on Virtuoso 7 (Debian `virtuoso-opensource`): every named query, and `kg ties`, `kg
control` and `kg path`, through kg's remote store against a private Virtuoso, give the same
answers as kg's default on-disk store. Two data sets: the bundled graph (`kg export`), and a
synthetic graph from bench/generate.py (about SYNTHETIC_TRIPLES triples, loaded with `kg load`
on kg's side), each bulk-loaded into its own Virtuoso graph.

The server is bench/virtuoso_server.py's (also the benchmark's): a fresh database in a temp
directory, its own ini, loopback ports, a new dba password, the row and time caps that would
cut answers silently lifted; started once for this module and stopped by its pid. Without
virtuoso-t the module skips, except in CI (`CI` set), where it fails.

Answers compare term by term (IRIs, literals with their language and datatype, xsd:string
and plain literals alike) and in order: first the rows as a multiset, then their order."""

from __future__ import annotations

import collections
import json
import shutil
import sys

import pytest
from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef

from kg.cli import cli
from kg.queries import list_queries, run
from kg.store import open_graph

from .conftest import EMPTY_ON_BUNDLED, REPO, need_tool, plain_json, sample_params

sys.path.insert(0, str(REPO / "bench"))
from bench_scale import PARAM_KEYS  # bench/ is not a package: imported by path
from generate import generate
from virtuoso_server import Virtuoso

BUNDLED, SYNTHETIC = "urn:kg:bundled", "urn:kg:synthetic"
# Every named query but those in EMPTY_ON_SYNTHETIC answers rows on these. (50,000 triples of
# seed 4 are as good and quicker, but there Virtuoso 7.2 answers one `ties` row without the
# statement's end: docs/scaling.md, "Virtuoso"; not worked around yet.)
SYNTHETIC_TRIPLES, SYNTHETIC_SEED = 100_000, 1
EMPTY_ON_SYNTHETIC = {"lineage", "control-containers", "same-coalition"}  # the generator writes none of these
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
QUERIES = {query.name: query for query in list_queries()}


@pytest.fixture(scope="module")
def tools() -> None:
    """Skip (fail in CI) before any data is made when Virtuoso is not installed."""
    need_tool("virtuoso-t")
    need_tool("isql-vt")


@pytest.fixture(scope="module")
def data(tools, tmp_path_factory, disk_store) -> dict:
    """The two data sets as N-Triples files (Virtuoso's ld_dir reads this directory only) and
    as kg's default stores: the bundled graph exported from the session's on-disk store, the
    synthetic one generated, loaded into a new on-disk store with `kg load` and exported from it."""
    folder = tmp_path_factory.mktemp("virtuoso-data")
    bundled = folder / "bundled.nt"
    result = CliRunner().invoke(cli, ["--store", disk_store, "export", "--format", "nt", "-o", str(bundled)])
    assert result.exit_code == 0, result.output
    generated = tmp_path_factory.mktemp("generated") / "synthetic.nt"
    with generated.open("w", encoding="utf-8") as out:
        info = generate(SYNTHETIC_TRIPLES, out, seed=SYNTHETIC_SEED)
    synthetic_store = f"oxigraph:{tmp_path_factory.mktemp('synthetic-store') / 'kg'}"
    result = CliRunner().invoke(cli, ["--store", synthetic_store, "load", "-q", str(generated)])
    assert result.exit_code == 0, result.output
    # what kg's store holds after the load (with what kg load derives: the name keys), for Virtuoso
    synthetic = folder / "synthetic.nt"
    result = CliRunner().invoke(cli, ["--store", synthetic_store, "export", "--format", "nt", "-o", str(synthetic)])
    assert result.exit_code == 0, result.output
    return {"folder": folder, "bundled": bundled, "synthetic": synthetic, "synthetic_store": synthetic_store,
            "params": info["params"]}


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory, data):
    """A private Virtuoso holding both data sets (graphs BUNDLED and SYNTHETIC); stopped by its
    pid at the end and its database removed."""
    work = tmp_path_factory.mktemp("virtuoso")
    server = Virtuoso(work, data["folder"], buffers=20000)  # 160 MB of pages: plenty for the data here
    server.start()
    try:
        server.bulk_load(data["bundled"], BUNDLED)
        server.bulk_load(data["synthetic"], SYNTHETIC)
        yield server
    finally:
        server.stop()
        assert server.process is not None and server.process.poll() is not None, "virtuoso-t is still running"
        shutil.rmtree(server.db, ignore_errors=True)


@pytest.fixture(scope="module")
def stores(virtuoso, data, disk_store) -> dict:
    """For each data set: (kg's default store, the same data on Virtuoso) as kg store locations."""
    return {"bundled": (disk_store, virtuoso.store_url(BUNDLED)),
            "synthetic": (data["synthetic_store"], virtuoso.store_url(SYNTHETIC))}


@pytest.fixture(scope="module")
def graphs(stores) -> dict:
    return {name: (open_graph(default), open_graph(remote)) for name, (default, remote) in stores.items()}


def _term(term):
    """A term as plain values: IRIs, and literals with language and datatype (xsd:string as
    plain: RDF 1.1 makes them one literal, and stores differ in spelling it out)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("IRI", str(term))
    if isinstance(term, BNode):
        return ("blank node",)
    assert isinstance(term, Literal), term
    datatype = None if term.datatype is None or str(term.datatype) == XSD_STRING else str(term.datatype)
    return ("literal", str(term), term.language, datatype)


def _answers(graph, query, params) -> list[tuple]:
    return [tuple(_term(t) for t in row) for row in run(graph, query, params)]


def _assert_same(name: str, default: list[tuple], virtuoso: list[tuple]) -> None:
    """The same rows (as a multiset), then in the same order; the message says which differ."""
    want, got = collections.Counter(default), collections.Counter(virtuoso)
    missing, extra = list((want - got).elements()), list((got - want).elements())
    assert not missing and not extra, (
        f"{name}: Virtuoso answers {len(virtuoso)} rows, kg's default store {len(default)}; "
        f"{len(missing)} missing on Virtuoso (e.g. {missing[:2]}), {len(extra)} extra (e.g. {extra[:2]})")
    first = next(i for i, (a, b) in enumerate(zip(default, virtuoso)) if a != b) if default != virtuoso else None
    assert default == virtuoso, (
        f"{name}: the same {len(default)} rows in another order (first difference at row {first}: "
        f"{default[first]} on kg's default store, {virtuoso[first]} on Virtuoso); the ORDER BY leaves ties")


# --- the server itself -----------------------------------------------------------------------


def test_virtuoso_listens_on_loopback_only(virtuoso):
    addresses = virtuoso.listening()
    assert sorted(addresses) == sorted([f"127.0.0.1:{virtuoso.sql_port}", f"127.0.0.1:{virtuoso.http_port}"])


def test_virtuoso_holds_the_same_triples_as_kgs_stores(virtuoso, graphs):
    assert virtuoso.count(BUNDLED) == len(graphs["bundled"][0]) > 1000
    assert virtuoso.count(SYNTHETIC) == len(graphs["synthetic"][0]) > SYNTHETIC_TRIPLES * 0.9


def test_long_answers_are_not_cut(graphs):
    """Virtuoso's default ResultSetMaxRows (10000) would cut this silently."""
    rows = list(graphs["synthetic"][1].query("SELECT ?s ?o WHERE { ?s ?p ?o } LIMIT 25000"))
    assert len(rows) == 25000


# --- the query library -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_query_on_the_bundled_graph(graphs, name):
    query = QUERIES[name]
    params = sample_params(query)
    default, remote = graphs["bundled"]
    expected = _answers(default, query, params)
    if name not in EMPTY_ON_BUNDLED:
        assert expected, f"{name} returned no rows on the sample parameters"
    _assert_same(f"{name} {params}", expected, _answers(remote, query, params))


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_query_on_the_synthetic_graph(graphs, data, name):
    """Parameters picked from the generated data as bench/bench_scale.py picks them (the
    generator writes no lineage statements: `lineage` compares empty answers here)."""
    query = QUERIES[name]
    params = {p.name: data["params"][PARAM_KEYS.get(p.name, p.type)] for p in query.params}
    default, remote = graphs["synthetic"]
    expected = _answers(default, query, params)
    if name not in EMPTY_ON_SYNTHETIC:
        assert expected, f"{name} returned no rows on the generated parameters"
    _assert_same(f"{name} {params}", expected, _answers(remote, query, params))


# --- commands --------------------------------------------------------------------------------


BUNDLED_COMMANDS = [
    ["ties", "Jaish al-Fath"],
    ["ties", "al-Nusra", "--at", "2015-04-01"],
    ["control", "Idlib", "--at", "2015-03-28"],
    ["control", "Idlib Governorate"],
    ["control", "Idlib Governorate", "--at", "2015-03-28"],
    ["path", "Ahrar al-Sham", "al-Qaeda"],
    ["path", "Ahrar al-Sham", "al-Qaeda", "--at", "2015-04-01"],
    ["path", "Hayat Tahrir al-Sham", "al-Nusra Front", "--lineage"],
]
SYNTHETIC_COMMANDS = [
    ["ties", "{actor}"],
    ["ties", "{actor}", "--at", "{date}"],
    ["control", "{city}"],
    ["control", "{governorate}", "--at", "{date}"],
    ["path", "{actor}", "{organisation}"],
]


def _same_command_output(stores, which: str, args: list[str]) -> None:
    default, remote = stores[which]
    runner = CliRunner()
    here = runner.invoke(cli, ["--store", default, *args, "--format", "json"], catch_exceptions=False)
    there = runner.invoke(cli, ["--store", remote, *args, "--format", "json"], catch_exceptions=False)
    assert here.exit_code == 0, here.output
    assert there.exit_code == 0, there.output
    assert plain_json(json.loads(there.output)) == plain_json(json.loads(here.output)), f"kg {' '.join(args)} differs on Virtuoso"


@pytest.mark.parametrize("args", BUNDLED_COMMANDS, ids=lambda a: " ".join(a))
def test_commands_on_the_bundled_graph(stores, args):
    _same_command_output(stores, "bundled", args)


@pytest.mark.parametrize("args", SYNTHETIC_COMMANDS, ids=lambda a: " ".join(a))
def test_commands_on_the_synthetic_graph(stores, data, args):
    _same_command_output(stores, "synthetic", [a.format(**data["params"]) for a in args])
