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
from kg.errors import InputError, NameNotFound, QueryError
from kg.queries import NamedQuery, get_query, list_queries, run
from kg.sparqltext import bind_values, where_group_start
from kg.store import open_graph

from .conftest import (
    ECHO_QUERY,
    EMPTY_ON_BUNDLED,
    INJECTIONS,
    REPO,
    need_tool,
    plain_json,
    sample_params,
)

ID = "https://w3id.org/armed-groups-kg/id/"


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
def remote_store(oxigraph_server, tmp_path_factory) -> str:
    """A server holding the bundled graph, built into it through `kg build`."""
    query_url, update_url = oxigraph_server()
    env = {"KG_UPDATE_URL": update_url, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}
    result = CliRunner().invoke(cli, ["--store", query_url, "build"], env=env)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("built ") and query_url in result.output
    return query_url


@pytest.fixture(scope="session")
def remote_graph(remote_store):
    return open_graph(remote_store)


def _answers(graph, query, params) -> list[tuple[str | None, ...]]:
    """Rows as strings: Oxigraph's xsd:string literals and rdflib's plain ones compare equal."""
    return [tuple(None if t is None else str(t) for t in row) for row in run(graph, query, params)]


def test_the_whole_query_library_agrees_on_disk_and_remote(disk_graph, remote_graph):
    """Every named query on the server, against the on-disk store's rows (that the in-memory
    store gives the disk's rows for each is tests/test_queries.py's
    test_both_stores_give_the_same_answers: asking rdflib's memory store again here cost most
    of this test's time)."""
    # the server holds one triple more: the data's version, which kg writes with every write to it
    assert len(remote_graph) == len(disk_graph) + 1
    for query in list_queries():
        params = sample_params(query)
        disk = _answers(disk_graph, query, params)
        assert disk or query.name in EMPTY_ON_BUNDLED, f"{query.name} returned no rows on the sample parameters"
        assert _answers(remote_graph, query, params) == disk, query.name


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
    assert plain_json(json.loads(remote.output)) == plain_json(json.loads(disk.stdout))


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
    result = CliRunner().invoke(cli, ["--store", remote_store, "build", "--seeds-only"])  # the article: quicker
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


# --- names on a server: looked up there, not read in full by every process (kg.remotenames) ---


class Recorder:
    """A loopback HTTP proxy in front of a server that records the query of each request."""

    def __init__(self, query_url: str):
        import http.server
        import threading
        import urllib.parse

        target = query_url.rsplit("/", 1)[0]
        self.queries: list[str] = []
        recorder = self

        class Forward(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                form = urllib.parse.parse_qs(body.decode("utf-8"))
                recorder.queries.append(form["query"][0] if "query" in form else body.decode("utf-8"))
                request = urllib.request.Request(target + self.path, data=body, method="POST", headers={
                    k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")})
                try:
                    with urllib.request.urlopen(request, timeout=60) as answer:
                        status, kind, data = answer.status, answer.headers.get("Content-Type", ""), answer.read()
                except urllib.error.HTTPError as error:
                    status, kind, data = error.code, error.headers.get("Content-Type", ""), error.read()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Forward)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/query"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def whole_index_reads(self) -> int:
        """Requests for every name (kg.names' index query)."""
        return sum("{ ?s skos:hiddenLabel ?label }" in q for q in self.queries)

    def name_lookups(self) -> int:
        return sum("kg:nameKey" in q for q in self.queries)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def recorder():
    started: list[Recorder] = []

    def start(query_url: str) -> Recorder:
        started.append(Recorder(query_url))
        return started[-1]

    yield start
    for proxy in started:
        proxy.close()


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A cache directory of the test's own ($XDG_CACHE_HOME), for what kg keeps about servers."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _fresh_index(location: str):
    """The name index of a newly opened graph: what a new process starts with."""
    from kg.names import index_for

    return index_for(open_graph(location))


def _outcome(index, name: str, kinds=None):
    from kg.errors import AmbiguousName, NameNotFound

    try:
        return "resolves to", index.resolve(name, kinds)
    except AmbiguousName as error:
        return "is ambiguous", error.candidates
    except NameNotFound as error:
        return "is not found", error.suggestions


@pytest.mark.parametrize("name", ["Jaish al-Fath", "jaish al fateh", "جيش الفتح", "Idleb"])
def test_a_cold_process_resolves_a_name_with_one_small_request(disk_store, remote_store, recorder, tmp_path, name):
    proxy = recorder(remote_store)
    env = {k: v for k, v in os.environ.items() if k != "KG_UPDATE_URL"} | {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "kg", "--store", proxy.url, "ties", name, "--format", "json"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    from kg.names import index_for

    note = index_for(open_graph(disk_store)).resolve(name).note  # a spelling variant: said, never silent
    assert done.stderr == (f"note: {note}\n" if note else "")
    assert ("(spelling)" in note) == (name == "jaish al fateh")
    disk = CliRunner().invoke(cli, ["--store", disk_store, "ties", name, "--format", "json"], catch_exceptions=False)
    assert plain_json(json.loads(done.stdout)) == plain_json(json.loads(disk.stdout))
    assert proxy.name_lookups() == 1  # the name, its kind, label and names: one request
    assert proxy.whole_index_reads() == 0
    assert all(len(q) < 3000 for q in proxy.queries if "kg:nameKey" in q)
    assert not (tmp_path / "cache").exists()  # nothing needed keeping


def test_every_name_resolves_on_the_server_as_on_the_disk_store(disk_graph, remote_store, cache):
    """Each name of each actor, agent and place, and a spelling variant of it, with each kind
    filter: the same resource, the same candidates or the same suggestions."""
    from kg.names import ACTOR_KINDS, PLACE_KINDS, index_for

    disk = index_for(disk_graph)
    remote = _fresh_index(remote_store)
    names = sorted({n for iri in disk.entries for n in disk.names_of(iri)})
    assert len(names) > 100
    variants = sorted({re.sub("[aeiou]", lambda m: "e" if m.group() == "a" else "a", n, count=1) for n in names}
                      | {n.upper() for n in names} - set(names))
    for name in names:
        assert _outcome(remote, name) == _outcome(disk, name), name
    assert remote._whole is None  # every one answered by a small request
    for name in variants:
        assert _outcome(remote, name) == _outcome(disk, name), name
    for iri in disk.entries:
        assert remote.entry(str(iri)) == disk.entry(str(iri))
        assert remote.names_of(iri) == disk.names_of(iri)
    for name in names[::5]:
        for kinds in (ACTOR_KINDS, PLACE_KINDS):
            assert _outcome(remote, name, kinds) == _outcome(disk, name, kinds), name
    assert remote.search("nusrah", limit=5) == disk.search("nusrah", limit=5)
    assert remote.exact("al qaida", ACTOR_KINDS) == disk.exact("al qaida", ACTOR_KINDS)


def test_the_servers_names_follow_the_word_rules_as_the_disk_stores(disk_graph, remote_store, cache):
    """Issue 26's names: the same resource, note, candidates or suggestions on a server (by
    kg:nameKey and kg:nameSkeleton, the prefix and suggestions from the whole index)."""
    from kg.names import index_for

    disk = index_for(disk_graph)
    for name in ["Free Syrian Army", "Abu al-Duhur", "Ahrar al-Shem", "Isis", "Jaysh al Fateh", "13th Division",
                 "Abu", "Jaish", "Islamic Front", "Jaysh al-Islam"]:
        remote = _fresh_index(remote_store)
        assert _outcome(remote, name) == _outcome(disk, name), name
        if _outcome(disk, name)[0] == "resolves to":
            assert remote.resolve(name).note == disk.resolve(name).note, name


def test_suggestions_come_from_an_index_kept_for_the_datas_version(disk_graph, remote_store, recorder, cache):
    """An unknown name needs every name (ranked suggestions): the first process reads them
    once and keeps the index for the data's version; the next one reads the kept index."""
    from kg.names import index_for
    from kg.remotenames import cache_dir

    disk = index_for(disk_graph)
    proxy = recorder(remote_store)
    for name in ["Jaish al-Fatx", "Ahrar al-Shams brigade"]:
        assert _outcome(_fresh_index(proxy.url), name) == _outcome(disk, name)
        assert _outcome(disk, name)[0] == "is not found" and _outcome(disk, name)[1]
    assert proxy.whole_index_reads() == 1
    assert len(list(cache_dir(proxy.url).glob("*.names.sqlite"))) == 1
    with pytest.raises(NameNotFound):
        _fresh_index(proxy.url).resolve("zzzz qqqq")
    assert proxy.whole_index_reads() == 1


def _load_through_kg(query_url: str, update_url: str, path: Path) -> None:
    result = CliRunner().invoke(cli, ["--store", query_url, "load", "-q", str(path)], env={"KG_UPDATE_URL": update_url})
    assert result.exit_code == 0, result.output


def _version(query_url: str) -> list[str]:
    rows = open_graph(query_url).query(
        "SELECT ?v WHERE { <https://w3id.org/armed-groups-kg/id/store> <https://w3id.org/armed-groups-kg/ontology#dataVersion> ?v }")
    return [str(r[0]) for r in rows]


def _update_bypassing_kg(update_url: str, body: str) -> None:
    """Change the server's data as another tool would: no name keys, no new version."""
    urllib.request.urlopen(urllib.request.Request(update_url, data=body.encode("utf-8"), method="POST",
                                                  headers={"Content-Type": "application/sparql-update"})).read()


GROUP = """@prefix kg: <https://w3id.org/armed-groups-kg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/armed-groups-kg/id/> .
"""


def test_a_write_through_kg_changes_the_version_and_the_kept_index_goes(oxigraph_server, recorder, cache, tmp_path, capsys):
    query_url, update_url = oxigraph_server()
    first = tmp_path / "first.ttl"
    first.write_text(GROUP + 'id:liwa-a a kg:ArmedGroup ; skos:prefLabel "Liwa al-Tawhid al-Shamali"@en .\n', encoding="utf-8")
    _load_through_kg(query_url, update_url, first)
    version = _version(query_url)
    assert len(version) == 1
    proxy = recorder(query_url)
    assert _outcome(_fresh_index(proxy.url), "Liwa al-Testin") == ("is not found", ["Liwa al-Tawhid al-Shamali"])
    assert "kept for this version of its data" in capsys.readouterr().err

    second = tmp_path / "second.ttl"
    second.write_text(GROUP + 'id:liwa-b a kg:ArmedGroup ; skos:prefLabel "Liwa al-Testing"@en ; '
                      'skos:altLabel "Testing Brigade"@en .\n', encoding="utf-8")
    _load_through_kg(query_url, update_url, second)
    assert len(_version(query_url)) == 1 and _version(query_url) != version
    index = _fresh_index(proxy.url)
    assert index.resolve("liwa al testeng").label == "Liwa al-Testing"  # by its keys, written by the load
    assert index.names_of(index.resolve("Testing Brigade").iri) == ["Liwa al-Testing", "Testing Brigade"]
    assert proxy.whole_index_reads() == 1
    # the kept index is of the data before the load: not used, read again (the new name is in it)
    assert _outcome(index, "Liwa al-Testin")[1][0] == "Liwa al-Testing"
    assert proxy.whole_index_reads() == 2

    # data changed by another tool, which leaves no version: nothing kept is trusted
    _update_bypassing_kg(update_url, "DELETE WHERE { <https://w3id.org/armed-groups-kg/id/store> ?p ?v } ;"
                         'INSERT DATA { <https://w3id.org/armed-groups-kg/id/liwa-c> a <https://w3id.org/armed-groups-kg/ontology#ArmedGroup> ;'
                         ' <http://www.w3.org/2004/02/skos/core#prefLabel> "Liwa al-Testung"@en }')
    capsys.readouterr()
    for _ in range(2):
        assert _outcome(_fresh_index(proxy.url), "Liwa al-Testunx")[1][0] == "Liwa al-Testung"
    assert proxy.whole_index_reads() == 4
    assert "not kept: the data has no kg:dataVersion" in capsys.readouterr().err


AMBIGUOUS = GROUP + """id:haqq-1 a kg:ArmedGroup ; skos:prefLabel "Liwa al-Haqq"@en .
id:haqq-2 a kg:ArmedGroup ; skos:prefLabel "Liwa al Haqq"@en ; skos:altLabel "لواء الحق"@ar .
id:haqq-3 a kg:City ; skos:prefLabel "Haqq"@en .
"""


def test_an_ambiguous_name_on_the_server_lists_the_candidates(oxigraph_server, cache, tmp_path):
    from rdflib import Graph

    from kg.names import ACTOR_KINDS, NameIndex

    query_url, update_url = oxigraph_server()
    data = tmp_path / "haqq.ttl"
    data.write_text(AMBIGUOUS, encoding="utf-8")
    _load_through_kg(query_url, update_url, data)
    local = NameIndex.from_graph(Graph().parse(data))
    remote = _fresh_index(query_url)
    for name, kinds in [("Liwa al-Haqq", None), ("liwa el haq", ACTOR_KINDS), ("لواء الحق", None), ("Haqq", ACTOR_KINDS)]:
        assert _outcome(remote, name, kinds) == _outcome(local, name, kinds)
    assert _outcome(remote, "Liwa al-Haqq")[0] == "is ambiguous"
    result = CliRunner().invoke(cli, ["--store", query_url, "ties", "Liwa al-Haqq"])
    assert result.exit_code == 2
    assert "'Liwa al-Haqq' is ambiguous; it could be: Liwa al Haqq (armed group); Liwa al-Haqq (armed group)" in result.output


def test_data_written_by_another_tool_is_matched_as_written_and_said_so(oxigraph_server, cache, tmp_path, capsys):
    """No name keys (another tool loaded the data): the name as written, with one request; a
    name not written so reads every name. The difference is said on stderr: an exact label
    is taken even where a differently written one normalises to the same key."""
    from rdflib import Graph

    from kg.names import NameIndex

    query_url, update_url = oxigraph_server()
    graph = Graph().parse(data=AMBIGUOUS, format="turtle")
    _update_bypassing_kg(update_url, "INSERT DATA {" + graph.serialize(format="nt") + "}")
    local = NameIndex.from_graph(graph)
    remote = _fresh_index(query_url)
    assert remote.resolve("Liwa al-Haqq").iri == URIRef(ID + "haqq-1")
    assert remote._whole is None
    assert "'Liwa al-Haqq' is matched as written" in capsys.readouterr().err
    for name in ["liwa el haq", "Haqq"]:
        assert _outcome(remote, name) == _outcome(local, name)
    assert "reading every name" in capsys.readouterr().err


def test_a_build_or_import_into_a_server_keeps_the_index_of_what_it_wrote(oxigraph_server, recorder, cache, tmp_path):
    """kg build and kg import have the whole graph at hand: they keep its name index for the
    version they give the data, so no process reads every name from the server for it."""
    query_url, update_url = oxigraph_server()
    proxy = recorder(query_url)
    env = {"KG_UPDATE_URL": update_url}
    # the article alone (a write onto it is a third of one onto the bundled graph)
    assert CliRunner().invoke(cli, ["--store", proxy.url, "build", "--seeds-only"], env=env).exit_code == 0
    built = _version(query_url)
    assert [s.label for s, _ in _fresh_index(proxy.url).search("nusrah", limit=1)] == ["al-Nusra Front"]
    csv = tmp_path / "new.csv"
    csv.write_text(REPO.joinpath("examples", "idlib-control-changes.csv").read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", proxy.url, "import", str(csv)], env=env)
    assert result.exit_code == 0, result.output
    assert len(_version(query_url)) == 1 and _version(query_url) != built
    with pytest.raises(NameNotFound) as unknown:
        _fresh_index(proxy.url).resolve("Jisr al-Shughourx")
    assert unknown.value.suggestions[0] == "Jisr al-Shughur"
    ties = CliRunner().invoke(cli, ["--store", proxy.url, "ties", "Jisr al-Shughour", "--format", "json"])
    assert ties.exit_code == 0, ties.output
    assert "Jaish al-Fath" in ties.output
    assert proxy.whole_index_reads() == 0
