"""`kg serve`'s limits for real (docs/serving.md, Limits): memory, nesting, bad bytes, dying
workers, busy workers, slow clients, odd URLs. Each runs against a `kg serve` subprocess over
real HTTP; nothing asserts how long anything took."""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.test_server import LABELS, NAMES, Server

MAX_MEMORY = 300  # MB: far above an idle worker (~40 MB), far below what MEMORY_HOG takes
# a string doubled 27 times: 1 GiB, about 3 GB in the worker without a cap
MEMORY_HOG = ('SELECT (STRLEN(?v27) AS ?n) WHERE { BIND("xxxxxxxx" AS ?v0) '
              + " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(27)) + " }")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
WAIT = 120  # seconds: only so that a broken server cannot hang the suite


@pytest.fixture(scope="module")
def roomy(disk_store):
    """A server with two workers and a reserve, a long time limit and a small memory cap."""
    running = Server(disk_store, "--workers", "2", "--reserve", "1", "--reserve-timeout", "1", "--timeout", "60",
                     "--max-memory", str(MAX_MEMORY))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def server(disk_store):
    """A server with the default reserve and memory cap, a short time limit and read timeout."""
    running = Server(disk_store, "--workers", "2", "--timeout", "3", "--read-timeout", "1")
    yield running
    running.stop()


def labels(server: Server) -> list[str]:
    response = httpx.get(server.url + "/sparql", params={"query": LABELS}, timeout=WAIT)
    assert response.status_code == 200, response.text
    return [b["label"]["value"] for b in response.json()["results"]["bindings"]]


def workers(server: Server) -> list[int]:
    """The PIDs of the server's worker processes (its children started by multiprocessing)."""
    pid = server.process.pid
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(p) for p in _proc(task / "children").split()]
    return [c for c in children if b"spawn_main" in _proc(Path(f"/proc/{c}/cmdline"))]


def _proc(path: Path) -> bytes:
    """A /proc file's bytes; none for a thread or a process that ended since it was listed
    (the server's threads come and go while it answers)."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return b""


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def wait_for(condition, what: str):
    """Poll ``condition`` until it is true (or fail after WAIT seconds)."""
    give_up = time.monotonic() + WAIT
    while time.monotonic() < give_up:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def settled(server: Server, count: int = 3) -> list[int]:
    """The worker PIDs once ``count`` workers are up and idle (no CPU used for half a second)."""
    def idle() -> list[int] | None:
        pids = workers(server)
        if len(pids) != count:
            return None
        ticks = [cpu_ticks(pid) for pid in pids]
        time.sleep(0.5)
        return pids if workers(server) == pids and [cpu_ticks(pid) for pid in pids] == ticks else None

    return wait_for(idle, f"{count} idle workers")


# --- D3: memory ------------------------------------------------------------------------------


def test_a_memory_hungry_query_gets_503_while_a_cheap_one_is_served(roomy):
    before = set(settled(roomy))
    with ThreadPoolExecutor(2) as pool:
        hog = pool.submit(httpx.post, roomy.url + "/sparql", data={"query": MEMORY_HOG}, timeout=WAIT)
        cheap = pool.submit(labels, roomy)
        assert cheap.result() == NAMES
        response = hog.result()
    assert response.status_code == 503
    assert response.json() == {"error": f"the query needed more than the {MAX_MEMORY} MB memory limit of a worker "
                                        "and was stopped", "type": "MemoryLimit"}
    assert response.headers["retry-after"] == "1"
    assert labels(roomy) == NAMES  # still answering
    assert set(settled(roomy)) != before  # the killed worker was replaced


# --- D8: busy workers -------------------------------------------------------------------------


def test_a_cheap_query_is_answered_while_runaways_hold_every_worker(roomy):
    ticks = {pid: cpu_ticks(pid) for pid in settled(roomy)}
    with ThreadPoolExecutor(2) as pool:
        runaways = [pool.submit(httpx.post, roomy.url + "/sparql", data={"query": RUNAWAY}, timeout=WAIT) for _ in range(2)]

        def both_busy() -> list[int] | None:
            busy = [pid for pid, t in ticks.items() if cpu_ticks(pid) > t + 20]
            return busy if len(busy) == 2 else None

        busy = wait_for(both_busy, "both workers busy")
        assert labels(roomy) == NAMES  # answered by the reserve worker
        third = httpx.post(roomy.url + "/sparql", data={"query": RUNAWAY}, timeout=WAIT)
        assert third.status_code == 503
        assert third.json() == {"error": "every worker was busy, and the reserve worker that took the query stops it "
                                         "after 1 s: try again later", "type": "QueryTimeout"}
        for pid in busy:  # end the runaways without waiting for the 60 s limit
            os.kill(pid, signal.SIGKILL)
        assert [r.result().json()["type"] for r in runaways] == ["WorkerDied", "WorkerDied"]
    assert labels(roomy) == NAMES


# --- D11: a worker that dies ------------------------------------------------------------------


def test_a_worker_killed_mid_query_gives_503(roomy):
    with ThreadPoolExecutor(1) as pool:
        ticks = {pid: cpu_ticks(pid) for pid in settled(roomy)}
        slow = pool.submit(httpx.post, roomy.url + "/sparql", data={"query": RUNAWAY}, timeout=WAIT)
        busy = wait_for(lambda: [pid for pid, t in ticks.items() if cpu_ticks(pid) > t + 20], "a busy worker")
        os.kill(busy[0], signal.SIGKILL)
        response = slow.result()
    assert response.status_code == 503
    assert response.json() == {"error": "the query's worker process died (killed by SIGKILL); a fresh one takes its "
                                        "place: try again", "type": "WorkerDied"}
    assert labels(roomy) == NAMES


def test_a_worker_that_died_idle_is_replaced_without_an_error(roomy):
    idle = settled(roomy)
    for pid in idle:
        os.kill(pid, signal.SIGKILL)
    wait_for(lambda: not set(idle) & set(workers(roomy)), "the killed workers to be reaped")
    assert labels(roomy) == NAMES  # the query went to a fresh worker
    assert labels(roomy) == NAMES


# --- D9, D10: bad queries are 400, not 500 ----------------------------------------------------


@pytest.mark.parametrize("query, depth", [
    ("SELECT * WHERE " + "{" * 40 + " ?s ?p ?o " + "}" * 40, 40),
    ("SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 500 + "}" * 500 + " }", 501),
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 2000 + "?o" + ")" * 2000 + ") }", 2002),
    ("ASK { ?s ?p " + "[ ?p " * 100 + "?o" + " ]" * 100 + " }", 101),
])
def test_deep_nesting_is_refused_with_400(server, query, depth):
    for response in (httpx.post(server.url + "/sparql", data={"query": query}, timeout=WAIT),
                     httpx.post(server.url + "/sparql", content=query, timeout=WAIT,
                                headers={"Content-Type": "application/sparql-query"})):
        assert response.status_code == 400
        assert response.json() == {"error": f"the query nests {{ }}, ( ) or [ ] {depth} levels deep; the limit is 32",
                                   "type": "QueryError"}


def test_a_property_path_of_too_many_steps_is_refused_with_400(server):
    query = "SELECT * WHERE { ?s " + "/".join(["<https://example.org/p>"] * 10_000) + " ?o }"
    response = httpx.post(server.url + "/sparql", data={"query": query}, timeout=WAIT)
    assert response.status_code == 400 and "property path of 10,000 steps" in response.json()["error"]
    assert labels(server) == NAMES


def test_nesting_up_to_the_limit_is_answered(server):
    from kg.sparql_protocol import MAX_NESTING

    # the most expensive nesting for rdflib's parser seen: function calls inside BIND
    calls = MAX_NESTING - 2  # the WHERE group and BIND( are two levels
    query = "SELECT ?x WHERE { BIND(" + "CONCAT(" * calls + "'a'" + ", 'b')" * calls + " AS ?x) }"
    response = httpx.post(server.url + "/sparql", data={"query": query}, timeout=WAIT)
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"][0]["x"]["value"] == "a" + "b" * calls
    groups = "SELECT ?s WHERE " + "{" * MAX_NESTING + " ?s ?p 'Jaish al-Fath'@en " + "}" * MAX_NESTING
    assert httpx.post(server.url + "/sparql", data={"query": groups}, timeout=WAIT).status_code == 200


def test_a_long_flat_query_is_not_an_internal_error(server):
    # 1,000 OPTIONALs in a row made rdflib recurse past Python's limit: a 500 before
    query = "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 1000 + "} LIMIT 1"
    response = httpx.post(server.url + "/sparql", data={"query": query}, timeout=WAIT)
    assert response.status_code in (200, 400, 503) and response.json()["type"] != "InternalError", response.text
    assert labels(server) == NAMES


@pytest.mark.parametrize("kind, body", [
    ("application/sparql-query", b"SELECT * WHERE { ?s ?p '\xff\xfe' }"),
    ("application/x-www-form-urlencoded", b"query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%27%FF%27%20%7D"),
    ("application/x-www-form-urlencoded", b"query=ASK%7B%7D&x=\xc3"),
])
def test_a_body_that_is_not_utf8_is_400(server, kind, body):
    response = httpx.post(server.url + "/sparql", content=body, headers={"Content-Type": kind}, timeout=WAIT)
    assert response.status_code == 400
    assert response.json()["type"] == "InputError"
    assert "not UTF-8" in response.json()["error"] and "the request body" in response.json()["error"]


def test_a_url_that_is_not_utf8_is_400(server):
    response = httpx.get(server.url + "/sparql?query=ASK%7B%3Fs%20%3Fp%20%27%FF%27%7D", timeout=WAIT)
    assert response.status_code == 400
    assert response.json() == {"error": "the URL's query string has a %-escape that is not UTF-8 "
                                        "(invalid start byte)", "type": "InputError"}


# --- D12: slow clients -------------------------------------------------------------------------


def _connect(server: Server) -> socket.socket:
    host, port = server.url.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)), timeout=WAIT)
    return connection


def _read_all(connection: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return received


def test_clients_that_never_finish_a_request_are_cut_off(server):
    partial = [_connect(server) for _ in range(60)]
    for connection in partial:
        connection.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: kg\r\nAccept: text/cs")
    silent = _connect(server)
    slow_body = _connect(server)
    slow_body.sendall(b"POST /sparql HTTP/1.1\r\nHost: kg\r\nContent-Type: application/sparql-query\r\n"
                      b"Content-Length: 100\r\n\r\nASK { ?s ")
    assert labels(server) == NAMES  # answered while they hang
    for connection in partial + [slow_body]:
        answer = _read_all(connection)
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408 "), answer
        assert json.loads(body) == {"error": "the request did not arrive in full within the 1 s read timeout",
                                    "type": "RequestTimeout"}
    assert _read_all(silent) == b""  # closed without a word: it never asked anything
    assert labels(server) == NAMES


def test_a_kept_alive_connection_serves_several_requests(server):
    with httpx.Client(base_url=server.url, timeout=WAIT) as session:
        for _ in range(3):
            assert session.get("/sparql", params={"query": "ASK {}"}).json() == {"head": {}, "boolean": True}


# --- D13: odd URLs ---------------------------------------------------------------------------


def test_a_slash_in_a_name_is_looked_up(server):
    for url in ("/ties/Jaish%20al-Fath%2Fx", "/control/Idlib%2Fx"):
        response = httpx.get(server.url + url, timeout=WAIT)
        assert response.status_code == 404, url
        assert response.json()["type"] == "NameNotFound" and response.json()["suggestions"], url
        assert "/x" in response.json()["error"]
    assert "Jaish al-Fath" in httpx.get(server.url + "/ties/Jaish%20al-Fath%2Fx", timeout=WAIT).json()["suggestions"]
    traversal = httpx.get(server.url + "/queries/..%2F..%2Fpyproject.toml", timeout=WAIT)
    assert (traversal.status_code, traversal.json()) == (404, {
        "error": "no named query '../../pyproject.toml' (`kg query --list` shows them)", "type": "UnknownQuery"})
    slashed = httpx.get(server.url + "/queries/control%2Fat", timeout=WAIT)
    assert slashed.status_code == 404 and "did you mean: control-at" in slashed.json()["error"]


@pytest.mark.parametrize("url, name", [
    ("/queries/control-at?place=Idlib&date=2015-04-01&date=2016-01-01", "date"),
    ("/queries/control-at?place=Idlib&place=Aleppo&date=2015-04-01", "place"),
    ("/control/Idlib?at=2015-04-01&at=2016-01-01", "at"),
    ("/ties/Jaish%20al-Fath?at=2015-04-01&at=2015-04-01", "at"),
])
def test_a_parameter_given_twice_is_refused(server, url, name):
    response = httpx.get(server.url + url, timeout=WAIT)
    assert (response.status_code, response.json()) == (400, {"error": f"parameter {name} is given 2 times; give it once",
                                                              "type": "InputError"})


def _get_raw(server: Server, target: str) -> tuple[int, dict]:
    """A GET sent byte by byte over a socket (httpx refuses URLs over 64 KB)."""
    from urllib.parse import quote

    with _connect(server) as connection:
        connection.sendall(f"GET {quote(target, safe='/?=&')} HTTP/1.1\r\nHost: kg\r\nConnection: close\r\n\r\n".encode())
        head, _, body = _read_all(connection).partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def test_a_url_over_the_limit_gets_414_and_one_under_it_is_answered(server):
    status, answer = _get_raw(server, "/sparql?query=ASK {} # " + "x" * 1_000_000)
    assert (status, answer) == (414, {"error": "the URL is over the 1000000 byte limit: send a long query by POST",
                                      "type": "URITooLong"})
    assert _get_raw(server, "/sparql?query=ASK {} # " + "x" * 900_000) == (200, {"head": {}, "boolean": True})
    assert labels(server) == NAMES


def test_a_chunked_body_is_answered_and_counted_against_the_limit(server):
    def chunked(total: int):  # a generator body: httpx sends it with Transfer-Encoding: chunked, no length
        yield b"ASK {} # "
        for _ in range(total // 100_000):
            yield b"x" * 100_000

    for total, status in ((0, 200), (1_100_000, 413)):
        response = httpx.post(server.url + "/sparql", content=chunked(total), timeout=WAIT,
                              headers={"Content-Type": "application/sparql-query"})
        assert response.request.headers.get("transfer-encoding") == "chunked"
        assert response.status_code == status, response.text
    assert labels(server) == NAMES


def test_a_body_over_the_limit_gets_413(server):
    response = httpx.post(server.url + "/sparql", content="ASK {} # " + "x" * 1_000_000, timeout=WAIT,
                          headers={"Content-Type": "application/sparql-query"})
    assert (response.status_code, response.json()) == (413, {"error": "the request body is over the 1000000 byte limit",
                                                              "type": "TooLarge"})
