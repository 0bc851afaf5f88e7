"""The remote store: a real Oxigraph server on 127.0.0.1, loaded through kg, gives the same
answers as the in-memory and the embedded on-disk store; parameters stay RDF terms."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef, Variable

from kg.cli import cli
from kg.errors import InputError, QueryError
from kg.queries import NamedQuery, get_query, list_queries, run
from kg.sparqltext import bind_values, where_group_start
from kg.store import open_graph

from .conftest import ECHO_QUERY, INJECTIONS, need_tool

ID = "https://w3id.org/armed-groups-kg/id/"
SAMPLES = {"actor": "Jaish al-Fath", "name": "Jaish al-Fath", "place": "Idlib Governorate", "date": "2015-03-28",
           "iri": ID + "st-nusra-leads-jaish-al-fath"}


def oxigraph_binary() -> str:
    """The `oxigraph` server from the PyPI package: on PATH, or beside this Python (a venv
    whose bin/ is not on PATH, as in .ci/run)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if not shutil.which("oxigraph") and beside.is_file():
        return str(beside)
    return need_tool("oxigraph")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A factory: each call starts an empty Oxigraph server on a free loopback port and returns
    its (query URL, update URL). Every server is stopped by its pid at the end."""
    binary = oxigraph_binary()
    started: list[subprocess.Popen] = []

    def start() -> tuple[str, str]:
        port = _free_port()
        data = tmp_path_factory.mktemp("oxigraph-server")
        log = (data.parent / f"{data.name}.log").open("wb")
        process = subprocess.Popen(
            [binary, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
            stdout=log, stderr=subprocess.STDOUT,
        )
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the oxigraph server did not start (see {log.name})")
                time.sleep(0.05)
        return f"{base}/query", f"{base}/update"

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def remote_store(oxigraph_server) -> str:
    """A server holding the bundled graph, built into it through `kg build`."""
    query_url, update_url = oxigraph_server()
    result = CliRunner().invoke(cli, ["--store", query_url, "build"], env={"KG_UPDATE_URL": update_url})
    assert result.exit_code == 0, result.output
    assert result.output.startswith("built ") and query_url in result.output
    return query_url


@pytest.fixture(scope="session")
def remote_graph(remote_store):
    return open_graph(remote_store)


def _answers(graph, query, params) -> list[tuple[str | None, ...]]:
    """Rows as strings: Oxigraph's xsd:string literals and rdflib's plain ones compare equal."""
    return [tuple(None if t is None else str(t) for t in row) for row in run(graph, query, params)]


def test_the_whole_query_library_agrees_on_memory_disk_and_remote(memory_graph, disk_graph, remote_graph):
    # the server holds one triple more: the data's version, which kg writes with every write to it
    assert len(remote_graph) == len(disk_graph) + 1 == len(memory_graph) + 1
    for query in list_queries():
        params = {p.name: SAMPLES[p.type] for p in query.params}
        if query.name.startswith("alliance-members"):
            params["alliance"] = "Jaish al-Fath"
        if query.name == "lineage":
            params["actor"] = "al-Nusra Front"
        memory = _answers(memory_graph, query, params)
        assert memory, f"{query.name} returned no rows on the sample parameters"
        assert _answers(disk_graph, query, params) == memory, query.name
        assert _answers(remote_graph, query, params) == memory, query.name


@pytest.mark.parametrize("date,expected,certainty", [("2015-03-28", "Syrian government forces", "in force"),
                                                      ("2015-04-01", "Jaish al-Fath", "possibly in force")])
def test_a_date_parameter_reaches_the_filter_on_the_remote_store(remote_graph, date, expected, certainty):
    rows = _answers(remote_graph, get_query("control-at"), {"place": "Idlib", "date": date})
    # place, date, certainty, where, whereLabel, statement, controller, controllerLabel, ...
    assert [(r[1], r[2], r[4], r[7]) for r in rows] == [(date, certainty, "Idlib", expected)]


def test_rdflibs_own_binding_would_give_other_answers(remote_store):
    """Why kg binds its own way: rdflib's SPARQLStore appends VALUES after the query, so the
    FILTER on ?date sees it unbound and every control span comes back."""
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    plain = Graph(store=SPARQLStore(remote_store, returnFormat="json"), identifier=DATASET_DEFAULT_GRAPH_ID)
    bindings = {Variable("place"): URIRef(ID + "idlib-city"), Variable("date"): Literal("2015-03-28", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))}
    text = get_query("control-at").text
    assert len(list(plain.query(text, initBindings=bindings))) == 0
    assert len(list(open_graph(remote_store).query(text, initBindings=bindings))) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["ties", "Jaish al-Fath"],
        ["ties", "al-Nusra", "--at", "2015-04-01"],
        ["control", "Idlib", "--at", "2015-03-28"],
        ["control", "Idlib Governorate"],
        ["query", "control-at", "-p", "place=Idlib", "-p", "date=2015-04-01"],
    ],
    ids=lambda a: " ".join(a),
)
def test_commands_give_the_same_json_on_disk_and_remote(disk_store, remote_store, args):
    runner = CliRunner()
    disk = runner.invoke(cli, ["--store", disk_store, *args, "--format", "json"], catch_exceptions=False)
    remote = runner.invoke(cli, ["--store", remote_store, *args, "--format", "json"], catch_exceptions=False)
    assert disk.exit_code == remote.exit_code == 0, remote.output
    assert _plain(json.loads(remote.output)) == _plain(json.loads(disk.output))


def _plain(data):
    """SPARQL JSON results with xsd:string left implicit (Oxigraph's embedded store spells it
    out, its server does not; RDF 1.1 says they are the same literal)."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()
                if not (k == "datatype" and v == "http://www.w3.org/2001/XMLSchema#string")}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


# --- values are bound as RDF terms, never pasted --------------------------------------------



@pytest.mark.parametrize("value", INJECTIONS)
def test_an_injection_through_a_string_parameter_stays_a_literal(remote_graph, value):
    echo = NamedQuery.from_text(ECHO_QUERY)
    before = len(remote_graph)
    assert list(run(remote_graph, echo, {"text": value})) == []
    assert len(remote_graph) == before
    found = list(run(remote_graph, echo, {"text": "Idlib"}))
    assert [str(r.s) for r in found] == [ID + "idlib-city"]
    # the value comes back from the server exactly as it was sent
    ask = "SELECT ?text WHERE { }"
    assert [str(r[0]) for r in remote_graph.query(ask, initBindings={Variable("text"): Literal(value)})] == [value]


def test_an_iri_that_would_break_out_is_refused():
    with pytest.raises(QueryError, match="does not look like a valid URI"):
        bind_values("SELECT ?s WHERE { ?s ?p ?o }", {Variable("s"): URIRef("http://x> } ; DROP ALL ; #")})


@pytest.mark.parametrize(
    "query,before",
    [
        ("SELECT ?where WHERE { ?where ?p ?o }", "SELECT ?where WHERE {"),
        ("SELECT * { ?s ?p ?o }", "SELECT * {"),
        ("PREFIX x: <http://x/a#>\n# a { comment\nSELECT ?s WHERE { ?s x:p '{' }", "SELECT ?s WHERE {"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE {"),
        ("ASK { ?s ?p ?o }", "ASK {"),
        ('SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p """}""" } } }', "SELECT ?s WHERE {"),
    ],
)
def test_the_values_block_opens_the_top_level_where_group(query, before):
    from kg.queries import parse_check

    assert query[: where_group_start(query)].endswith(before)
    bound = bind_values(query, {Variable("s"): URIRef("http://example.org/a")})
    parse_check(bound)
    assert 'VALUES (?s) { (<http://example.org/a>) }' in bound


def test_a_query_with_no_where_group_cannot_be_bound():
    with pytest.raises(QueryError, match="no WHERE group"):
        bind_values("DESCRIBE <http://example.org/a>", {Variable("s"): URIRef("http://example.org/a")})


# --- errors ------------------------------------------------------------------------------


def test_an_unreachable_endpoint_is_a_clear_error():
    graph = open_graph(f"http://127.0.0.1:{_free_port()}/query")
    with pytest.raises(InputError, match="cannot reach the SPARQL endpoint"):
        len(list(graph.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")))


def test_a_query_the_server_refuses_names_the_server_and_status(remote_graph, remote_store):
    with pytest.raises(QueryError, match=r"HTTP 400"):
        list(remote_graph.query("SELECT * WHERE { ?s <http://x> ?o } GROUP BY ?s"))


def test_writing_without_an_update_url_is_not_supported(remote_store, monkeypatch):
    monkeypatch.delenv("KG_UPDATE_URL", raising=False)
    result = CliRunner().invoke(cli, ["--store", remote_store, "build"])
    assert result.exit_code == 3
    assert "no update endpoint (set KG_UPDATE_URL)" in result.output


def test_kg_load_into_a_remote_store(oxigraph_server, tmp_path):
    query_url, update_url = oxigraph_server()
    data = tmp_path / "extra.ttl"
    data.write_text('@prefix ex: <http://example.org/> .\nex:a ex:p "ein", "zwei" .\n', encoding="utf-8")
    env = {"KG_UPDATE_URL": update_url}
    result = CliRunner().invoke(cli, ["--store", query_url, "load", "-q", str(data)], env=env)
    assert result.exit_code == 0, result.output
    # two triples, and the data's version (kg writes one with every write to a server)
    assert re.fullmatch(rf"loaded 1 file\(s\) into {re.escape(query_url)} in [\d.]+ s: \+3 triples, 3 in the store\n", result.output)
    bad = tmp_path / "bad.nt"
    bad.write_text('<http://example.org/a> <http://example.org/p> "x" .\n<http://example.org/b> oops .\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", query_url, "load", "-q", str(data), str(bad)], env=env)
    assert result.exit_code == 2
    assert f"{bad}:2:" in result.output or "bad.nt:2:" in result.output
    assert len(open_graph(query_url)) == 3  # as it was


@pytest.fixture(autouse=True)
def _no_update_url_leaks(monkeypatch):
    if "KG_UPDATE_URL" in os.environ:
        monkeypatch.delenv("KG_UPDATE_URL")
