"""`kg serve` for real: the server runs in a subprocess on a loopback port and is queried
with SPARQLWrapper (a real SPARQL client) and httpx; exact answers are checked."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
import xml.dom.minidom
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.error import HTTPError

import httpx
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.cli import cli

PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX id: <https://w3id.org/armed-groups-kg/id/>
PREFIX kg: <https://w3id.org/armed-groups-kg/ontology#>
"""
LABELS = PREFIXES + "SELECT ?label WHERE { id:jaish-al-fath skos:prefLabel|skos:altLabel ?label } ORDER BY ?label"
NAMES = ["Army of Conquest", "Army of Fatah", "Army of the Conquest", "JaF", "Jaish al-Fatah", "Jaish al-Fath", "جيش الفتح"]
CONSTRUCT = PREFIXES + "CONSTRUCT { ?s kg:controls ?place } WHERE { ?s kg:controls ?place }"
TIMEOUT = 2.0
MAX_ROWS = 100


class Server:
    """A `kg serve` subprocess; ``log`` collects its stderr lines."""

    def __init__(self, store: str, *options: str, start_within: float = 60):
        command = [sys.executable, "-m", "kg", "--store", store, "serve", "--port", "0", *options]
        self.process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        self.log: list[str] = []
        started = threading.Event()
        self.url = ""

        def read() -> None:
            assert self.process.stderr is not None
            for line in self.process.stderr:
                self.log.append(line.rstrip("\n"))
                found = re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", line)
                if found:
                    self.url = found.group(1)
                    started.set()

        threading.Thread(target=read, daemon=True).start()
        if not started.wait(start_within):
            self.stop()
            raise RuntimeError("kg serve did not start:\n" + "\n".join(self.log))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def server(disk_store):
    running = Server(disk_store, "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--workers", "2")
    yield running
    running.stop()


def test_a_memory_store_is_served_with_the_bundled_data():
    """`kg --store memory serve`: each worker holds the bundled graph in its own memory (it used
    to refuse to start: "the memory store is empty")."""
    running = Server("memory", "--workers", "1", "--reserve", "0", start_within=240)
    try:
        result = SPARQLWrapper(running.url + "/sparql")
        result.setQuery(LABELS)
        result.setReturnFormat(JSON)
        rows = result.queryAndConvert()["results"]["bindings"]
        assert sorted(b["label"]["value"] for b in rows) == sorted(NAMES)  # rdflib orders language tags apart
    finally:
        running.stop()


def client(server: Server, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.url + "/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method == "POST":
        sparql.setMethod(POST)
    elif method == "POST-direct":
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
    return sparql


METHODS = ["GET", "POST", "POST-direct"]


@pytest.mark.parametrize("method", METHODS)
def test_select_json(server, method):
    result = client(server, LABELS, JSON, method).queryAndConvert()
    assert result["head"] == {"vars": ["label"]}
    assert [b["label"]["value"] for b in result["results"]["bindings"]] == NAMES
    assert result["results"]["bindings"][-1]["label"] == {"type": "literal", "value": "جيش الفتح", "xml:lang": "ar"}


@pytest.mark.parametrize("method", METHODS)
def test_select_xml(server, method):
    document = client(server, LABELS, XML, method).queryAndConvert()
    assert isinstance(document, xml.dom.minidom.Document)
    literals = document.getElementsByTagName("literal")
    assert [node.firstChild.data for node in literals] == NAMES
    assert literals[-1].getAttribute("xml:lang") == "ar"


@pytest.mark.parametrize("method", METHODS)
def test_select_csv(server, method):
    text = client(server, LABELS, CSV, method).queryAndConvert().decode("utf-8")
    assert text == "label\n" + "\n".join(NAMES) + "\n"


def test_csv_is_exact_unless_the_client_opts_in_to_spreadsheet_safe_cells(server):
    """The endpoint's CSV and TSV keep a formula-like value as it is (the W3C formats); with
    spreadsheet-safe=1 it gets a leading quote, and a negative number stays a number."""
    query = 'SELECT ?v WHERE { VALUES ?v { "=HYPERLINK(\'http://example.org\')" "@SUM(1)" "-2" "plain" } }'
    exact = httpx.get(server.url + "/sparql", params={"query": query, "format": "csv"}, timeout=60)
    safe = httpx.get(server.url + "/sparql", params={"query": query, "format": "csv", "spreadsheet-safe": "1"},
                     timeout=60)
    assert exact.status_code == safe.status_code == 200
    assert exact.text.splitlines() == ["v", "=HYPERLINK('http://example.org')", "@SUM(1)", "-2", "plain"]
    assert safe.text.splitlines() == ["v", "'=HYPERLINK('http://example.org')", "'@SUM(1)", "-2", "plain"]
    tsv = httpx.get(server.url + "/sparql", params={"query": query, "format": "tsv", "spreadsheet-safe": "1"},
                    timeout=60)
    assert tsv.status_code == 200 and not any(line.startswith(("=", "@", '"=', '"@')) for line in tsv.text.splitlines())
    named = httpx.get(server.url + "/queries/places", params={"format": "csv", "spreadsheet-safe": "1"}, timeout=60)
    assert named.status_code == 200 and named.text.startswith(exact_header(server, "places"))
    bad = httpx.get(server.url + "/sparql", params={"query": query, "format": "csv", "spreadsheet-safe": "maybe"},
                    timeout=60)
    assert bad.status_code == 400 and "spreadsheet-safe" in bad.text


def exact_header(server: Server, name: str) -> str:
    return httpx.get(server.url + f"/queries/{name}", params={"format": "csv"}, timeout=60).text.splitlines()[0]


@pytest.mark.parametrize("method", METHODS)
def test_select_tsv(server, method):
    text = client(server, LABELS, TSV, method).queryAndConvert().decode("utf-8")
    expected = [f'"{name}"@en' for name in NAMES[:-1]] + ['"جيش الفتح"@ar']
    assert text == "?label\n" + "\n".join(expected) + "\n"


@pytest.mark.parametrize("method", METHODS)
def test_ask_json_and_xml(server, method):
    ask = PREFIXES + "ASK { id:jaish-al-fath kg:controls id:idlib-city }"
    assert client(server, ask, JSON, method).queryAndConvert() == {"head": {}, "boolean": True}
    document = client(server, ask.replace("idlib-city", "aleppo"), XML, method).queryAndConvert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "false"


@pytest.fixture(scope="module")
def expected_construct(disk_graph) -> Graph:
    graph = disk_graph.query(CONSTRUCT).graph
    assert len(graph) == 6  # one per control statement
    return graph


@pytest.mark.parametrize("method", METHODS)
def test_construct_turtle(server, expected_construct, method):
    text = client(server, CONSTRUCT, TURTLE, method).queryAndConvert()
    assert isomorphic(Graph().parse(data=text, format="turtle"), expected_construct)


@pytest.mark.parametrize("method", METHODS)
def test_construct_jsonld_and_rdfxml(server, expected_construct, method):
    for fmt in (JSONLD, RDFXML):
        got = client(server, CONSTRUCT, fmt, method).queryAndConvert()
        assert isomorphic(Graph() + got, expected_construct), fmt


def test_construct_ntriples_and_describe(server, expected_construct, disk_graph):
    response = httpx.get(server.url + "/sparql", params={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/n-triples"
    assert isomorphic(Graph().parse(data=response.text, format="nt"), expected_construct)
    describe = PREFIXES + "DESCRIBE id:jaish-al-fath"
    got = client(server, describe, TURTLE).queryAndConvert()
    described = Graph().parse(data=got, format="turtle")
    assert (URIRef("https://w3id.org/armed-groups-kg/id/jaish-al-fath"), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("Jaish al-Fath", lang="en")) in described
    assert isomorphic(described, disk_graph.query(describe).graph)


def test_malformed_query_is_400_with_line_and_column(server):
    bad = "SELECT ?s\nWHERE { ?s ?p }"
    with pytest.raises(QueryBadFormed):
        client(server, bad, JSON).queryAndConvert()
    response = httpx.post(server.url + "/sparql", content=bad, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400
    assert response.json() == {"error": "SPARQL syntax error at line 2, column 9: Expected SelectQuery",
                               "type": "SPARQLSyntaxError", "line": 2, "column": 9}


UPDATE = PREFIXES + "INSERT DATA { id:x skos:prefLabel 'x' }"
REFUSED = {"error": "this endpoint is read-only: SPARQL updates are refused", "type": "Refused"}


def test_updates_are_refused_with_403(server, disk_graph):
    with pytest.raises(HTTPError) as caught:  # SPARQLWrapper sends it as update=... by POST
        client(server, UPDATE, JSON, "POST").query()
    assert caught.value.code == 403 and json.loads(caught.value.read()) == REFUSED
    attempts = [
        httpx.post(server.url + "/sparql", content=UPDATE, headers={"Content-Type": "application/sparql-update"}),
        httpx.post(server.url + "/sparql", data={"query": UPDATE}),  # an update sent as a query
        httpx.get(server.url + "/sparql", params={"query": "DROP ALL"}),
    ]
    assert [(r.status_code, r.json()) for r in attempts] == [(403, REFUSED)] * 3
    count = client(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON).queryAndConvert()
    assert count["results"]["bindings"][0]["n"]["value"] == str(len(disk_graph))  # nothing was changed


@pytest.fixture
def decoy():
    """An HTTP server on loopback that records every request it receives."""
    received: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            received.append(f"{self.command} {self.path}")
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.end_headers()
            self.wfile.write(b"<urn:a> <urn:b> <urn:c> .\n")

        do_GET = do_POST = _record

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", received
    httpd.shutdown()


def test_service_and_from_aimed_at_a_decoy_are_refused(server, decoy):
    url, received = decoy
    service = {"error": "SERVICE is refused: this endpoint does not query other endpoints", "type": "Refused"}
    cases = [
        (f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", service),
        (f"select * where {{ ?s ?p ?o OPTIONAL {{ service silent <{url}/sparql> {{ ?s ?q ?r }} }} }}", service),
        (f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }} }}", service),
        (f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }} }} }}", service),
        (f"SELECT * WHERE {{ BIND(<{url}/x> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}", service),
        (f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}",
         {"error": f"FROM <{url}/data.ttl> is refused: the store has no such graph and this endpoint fetches nothing", "type": "Refused"}),
        (f"PREFIX d: <{url}/> SELECT * FROM NAMED d:g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
         {"error": f"FROM NAMED <{url}/g> is refused: the store has no such graph and this endpoint fetches nothing", "type": "Refused"}),
        (f"CONSTRUCT {{ ?s ?p ?o }} FROM <{url}/c.ttl> WHERE {{ ?s ?p ?o }}",
         {"error": f"FROM <{url}/c.ttl> is refused: the store has no such graph and this endpoint fetches nothing", "type": "Refused"}),
    ]
    for query, expected in cases:
        for response in (httpx.get(server.url + "/sparql", params={"query": query}),
                         httpx.post(server.url + "/sparql", content=query, headers={"Content-Type": "application/sparql-query"})):
            assert (response.status_code, response.json()) == (403, expected), query
    response = httpx.get(server.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": url + "/g"})
    assert response.status_code == 403
    time.sleep(0.5)
    assert received == []
    httpx.get(url + "/check")  # the decoy does record what reaches it
    assert received == ["GET /check"]


def test_a_runaway_query_is_stopped_while_others_are_answered(server):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    simple = client(server, LABELS, JSON)
    with ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        slow = pool.submit(httpx.post, server.url + "/sparql", data={"query": runaway}, timeout=30)
        time.sleep(0.3)
        quick_started = time.monotonic()
        quick = simple.queryAndConvert()
        quick_took = time.monotonic() - quick_started
        response = slow.result()
        took = time.monotonic() - started
    assert len(quick["results"]["bindings"]) == 7 and quick_took < 1.0
    assert response.status_code == 503
    assert response.json() == {"error": "the query ran longer than the 2 s limit and was stopped", "type": "QueryTimeout"}
    assert TIMEOUT <= took < TIMEOUT + 1.5
    # the killed worker is replaced: the server keeps answering
    assert client(server, LABELS, CSV).queryAndConvert().decode().splitlines()[1] == "Army of Conquest"


def test_an_answer_over_the_row_limit_is_refused_never_cut(server):
    everything = "SELECT * WHERE { ?s ?p ?o }"
    response = httpx.get(server.url + "/sparql", params={"query": everything}, headers={"Accept": "text/csv"})
    assert response.status_code == 400
    error = response.json()
    assert error["type"] == "TooManyRows"
    assert f"more than {MAX_ROWS} rows" in error["error"] and f"--max-rows {MAX_ROWS}" in error["error"]
    assert f"LIMIT {MAX_ROWS} OFFSET 0" in error["error"] and f"OFFSET {MAX_ROWS}" in error["error"]
    with pytest.raises(QueryBadFormed, match="TooManyRows"):  # what a SPARQLWrapper user sees: the message
        client(server, everything, JSON).queryAndConvert()
    with pytest.raises(HTTPError) as raised:  # pandas.read_csv(url) reads through urllib: an error, not a cut table
        import urllib.parse
        import urllib.request

        urllib.request.urlopen(server.url + "/sparql?" + urllib.parse.urlencode({"query": everything, "format": "csv"}))
    assert raised.value.code == 400
    graph = httpx.get(server.url + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert graph.status_code == 400 and f"more than {MAX_ROWS} triples" in graph.json()["error"]
    # paging as the message says gives every row, page by page (over the labels: sorting every
    # triple of the bundled graph can pass the test server's 2 s timeout on a busy machine)
    labels = "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label"
    pages = []
    for offset in range(0, 3 * MAX_ROWS, MAX_ROWS):
        page = httpx.get(server.url + "/sparql", params={
            "query": "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                     f"{labels} LIMIT {MAX_ROWS} OFFSET {offset}", "format": "csv"}, timeout=60)
        assert page.status_code == 200 and "x-kg-truncated" not in page.headers
        pages += page.text.splitlines()[1:]
    assert len(pages) == 3 * MAX_ROWS
    at_the_limit = httpx.get(server.url + "/sparql", params={
        "query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}", "format": "csv"})
    assert at_the_limit.status_code == 200 and len(at_the_limit.text.splitlines()) == MAX_ROWS + 1


def test_negotiated_answers_vary_on_accept(server):
    for url, params in ((server.url + "/sparql", {"query": LABELS}), (server.url + "/queries/places", {}),
                        (server.url + "/control/Idlib", {}), (server.url + "/ties/Jaish al-Fath", {}),
                        (server.url + "/sparql", {})):
        response = httpx.get(url, params=params)
        assert response.status_code == 200, url
        assert response.headers["vary"] == "Accept", url


@pytest.mark.parametrize("route, args", [("/control/Idlib", ["control", "Idlib"]),
                                         ("/ties/Jaish al-Fath", ["ties", "Jaish al-Fath", "--at", "2015-04-01"])])
def test_the_convenience_routes_negotiate_csv_and_tsv(server, disk_store, route, args):
    import csv
    import io

    params = {"at": "2015-04-01"} if "--at" in args else {}
    expected = _cli(disk_store, *args, "--format", "csv")
    by_accept = httpx.get(server.url + route, params=params, headers={"Accept": "text/csv"})
    assert by_accept.status_code == 200 and by_accept.headers["content-type"].startswith("text/csv")
    assert by_accept.text == expected
    by_param = httpx.get(server.url + route, params={**params, "format": "csv"})
    assert by_param.text == expected
    tsv = httpx.get(server.url + route, params=params, headers={"Accept": "text/tab-separated-values"})
    assert tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert list(csv.reader(io.StringIO(tsv.text), delimiter="\t")) == list(csv.reader(io.StringIO(expected)))
    assert httpx.get(server.url + route, params=params, headers={"Accept": "text/turtle"}).status_code == 406
    assert httpx.get(server.url + route, params=params).headers["content-type"] == "application/json"


def _cli(store: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--store", store, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_named_queries_answer_as_the_cli_does(server, disk_store):
    response = httpx.get(server.url + "/queries/control-at", params={"place": "Idlib", "date": "2015-04-01"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert response.text == _cli(disk_store, "query", "control-at", "-p", "place=Idlib", "-p", "date=2015-04-01", "--format", "json")
    by_alias = httpx.get(server.url + "/queries/ties", params={"actor": "Army of Conquest"})
    assert by_alias.text == _cli(disk_store, "query", "ties", "-p", "actor=Jaish al-Fath", "--format", "json")
    ties = httpx.get(server.url + "/ties/جيش الفتح", params={"at": "2015-04-01"}).json()
    expected = json.loads(_cli(disk_store, "ties", "Jaish al-Fath", "--at", "2015-04-01", "--format", "json"))
    assert ties == expected
    control = httpx.get(server.url + "/control/Idlib")
    assert control.json() == json.loads(_cli(disk_store, "control", "Idlib", "--format", "json"))


def test_named_query_errors_are_json_with_suggestions(server):
    unknown = httpx.get(server.url + "/queries/tise")
    assert (unknown.status_code, unknown.json()) == (404, {
        "error": "no named query 'tise'; did you mean: ties-at, ties, events-timeline? (`kg query --list` shows them)",
        "type": "UnknownQuery"})
    no_path = httpx.get(server.url + "/queries/..%2Fpyproject.toml")
    assert no_path.status_code == 404
    missing = httpx.get(server.url + "/queries/ties")
    assert (missing.status_code, missing.json()["error"]) == (
        400, ("query 'ties' needs the parameter actor (name: the actor (or place), by any of its names): "
              "--param actor=... on the command line, ?actor=... over HTTP"))
    nobody = httpx.get(server.url + "/ties/Jaish al-Fatx")
    assert nobody.status_code == 404 and nobody.json()["type"] == "NameNotFound"
    assert "Jaish al-Fath" in nobody.json()["suggestions"]
    bad_date = httpx.get(server.url + "/control/Idlib", params={"at": "April"})
    assert (bad_date.status_code, bad_date.json()["error"]) == (400, "at: 'April' is not a date (expected YYYY-MM-DD, e.g. 2015-04-01)")


def test_negotiation_errors_and_service_description(server):
    refused = httpx.get(server.url + "/sparql", params={"query": LABELS}, headers={"Accept": "image/png"})
    assert refused.status_code == 406 and refused.json()["type"] == "NotAcceptable"
    wrong = httpx.post(server.url + "/sparql", content=LABELS, headers={"Content-Type": "text/plain"})
    assert wrong.status_code == 415
    missing = httpx.get(server.url + "/nowhere")
    assert (missing.status_code, missing.json()) == (404, {"error": "Not Found", "type": "HTTPError"})
    description = httpx.get(server.url + "/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=description.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = URIRef(server.url + "/sparql")
    assert (endpoint, URIRef(sd + "endpoint"), endpoint) in graph
    assert (endpoint, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    assert "access-control-allow-origin" not in httpx.get(server.url + "/sparql", params={"query": LABELS},
                                                          headers={"Origin": "http://elsewhere.test"}).headers


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.references += [value or "" for name, value in attrs if name in ("src", "href", "action", "formaction", "data", "srcset")]


def test_query_page_works_offline_and_lists_the_named_queries(server):
    from kg.queries import list_queries

    response = httpx.get(server.url + "/", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    parser = _Links()
    parser.feed(page)
    assert parser.references == [] and "link" not in parser.tags and "iframe" not in parser.tags
    data = re.search(r'<script type="application/json" id="queries">(.*?)</script>', page, re.DOTALL)
    assert data is not None
    # IRIs appear only in the page's data (the named queries' text, the palette's actors: never
    # fetched) and as the SVG and XSD namespace names in its script
    rest = re.sub(r'<script type="application/json" id="[a-z-]+">.*?</script>', "", page, flags=re.DOTALL)
    rest = rest.replace('"http://www.w3.org/2000/svg"', "").replace('"http://www.w3.org/2001/XMLSchema#"', "")
    assert re.findall(r"https?:|//[a-z]", rest) == []
    queries = json.loads(data.group(1))
    assert [q["name"] for q in queries] == [q.name for q in list_queries()]
    assert "</" not in data.group(1)


def test_every_request_has_one_access_log_line(server):
    httpx.get(server.url + "/queries/control-at", params={"place": "Idlib", "date": "2015-03-28"})
    httpx.get(server.url + "/queries/tise", params={"marker": "log-test"})
    time.sleep(0.2)
    lines = [line for line in server.log if "date=2015-03-28" in line or "marker=log-test" in line]
    assert len(lines) == 2
    assert re.fullmatch(r'127\.0\.0\.1:\d+ "GET /queries/control-at\?place=Idlib&date=2015-03-28" 200 \d+ [\d.]+ms', lines[0])
    assert re.fullmatch(r'127\.0\.0\.1:\d+ "GET /queries/tise\?marker=log-test" 404 \d+ [\d.]+ms', lines[1])


def test_cors_is_off_unless_asked_for(disk_store):
    from starlette.testclient import TestClient

    from kg.server import ServeConfig, create_app

    app = create_app(ServeConfig(store=disk_store, workers=1, cors=("http://tools.test",)))
    with TestClient(app) as local:
        response = local.get("/sparql", params={"query": LABELS}, headers={"Origin": "http://tools.test"})
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "http://tools.test"
        other = local.get("/sparql", params={"query": LABELS}, headers={"Origin": "http://elsewhere.test"})
        assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize("method, path", [("PUT", "/sparql"), ("DELETE", "/sparql"), ("POST", "/ties/Jaish%20al-Fath")])
def test_a_method_the_resource_does_not_take_gets_405_with_allow(server, method, path):
    response = httpx.request(method, server.url + path, timeout=60)
    assert response.status_code == 405 and response.json()["type"] == "HTTPError"
    assert "GET" in response.headers["allow"]  # (the JSON error had dropped the header)
