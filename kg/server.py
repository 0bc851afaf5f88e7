"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the graph (Starlette + uvicorn).

Every query runs in a worker process that opens the store read-only; a query that overruns
``timeout`` has its worker killed (the work really stops) and the client gets a 503 with a
JSON message. Before a query runs it is parsed with rdflib's parser: updates are refused
(403), and so are ``SERVICE`` anywhere and ``FROM``/``FROM NAMED`` naming a graph that is
not in the store, so no request leaves the machine on a client's behalf. Errors are JSON
``{"error": message, ...}``; the one place that maps them to HTTP is ``_error_response``.

Routes: ``/sparql`` (and ``/``) the protocol; ``/`` with no query the query page;
``/queries/{name}?param=value`` the named queries (the JSON of ``kg query NAME --format
json``); ``/ties/{name}?at=D`` and ``/control/{place}?at=D`` (the JSON of ``kg ties`` and
``kg control``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from .errors import InputError, KGError, NotSupported, QueryError

__all__ = ["QueryTimeout", "Refused", "ServeConfig", "check_query", "create_app", "negotiate", "serve"]

log = logging.getLogger("kg.server")
access_log = logging.getLogger("kg.server.access")


# --- errors the server adds to kg's hierarchy ----------------------------------------------


class Refused(KGError):
    """A request the endpoint will not run: an update, SERVICE, FROM an outside graph."""

    http_status = 403


class QueryTimeout(KGError):
    """The query overran the time limit; its worker was killed."""

    http_status = 503


class NotAcceptable(KGError):
    http_status = 406


class UnsupportedMediaType(KGError):
    http_status = 415


class TooLarge(KGError):
    http_status = 413


class UnknownQuery(InputError):
    http_status = 404


class WorkerError(KGError):
    """An error raised in a worker process, carried back as its status and JSON payload."""

    def __init__(self, status: int, payload: dict[str, Any]):
        self.http_status, self.payload = status, payload
        super().__init__(payload.get("error", "error"))


def error_payload(error: KGError) -> dict[str, Any]:
    """The JSON body for ``error``: its message plus what a client can act on."""
    if isinstance(error, WorkerError):
        return error.payload
    payload: dict[str, Any] = {"error": str(error), "type": type(error).__name__}
    for key in ("line", "column", "suggestions", "candidates"):
        if getattr(error, key, None) is not None:
            payload[key] = getattr(error, key)
    return payload


class SPARQLSyntaxError(QueryError):
    """A query that does not parse; ``line`` and ``column`` say where."""

    def __init__(self, message: str, line: int, column: int):
        self.line, self.column = line, column
        super().__init__(f"SPARQL syntax error at line {line}, column {column}: {message}")


# --- content negotiation --------------------------------------------------------------------

# media type -> (writer, content type answered); the first entry of each family is its default
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/turtle": "turtle",
    "text/n3": "turtle", "application/n-triples": "nt", "text/plain": "nt",
    "application/ld+json": "json-ld", "application/json": "json-ld",
    "application/rdf+xml": "xml", "application/xml": "xml",
}
_ANSWER_TYPE = {
    ("results", "json"): "application/sparql-results+json", ("results", "xml"): "application/sparql-results+xml",
    ("results", "csv"): "text/csv; charset=utf-8", ("results", "tsv"): "text/tab-separated-values; charset=utf-8",
    ("graph", "turtle"): "text/turtle; charset=utf-8", ("graph", "nt"): "application/n-triples",
    ("graph", "json-ld"): "application/ld+json", ("graph", "xml"): "application/rdf+xml",
}


def _parse_accept(header: str | None) -> list[tuple[str, float]]:
    entries = []
    for index, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    q = float(field[2:])
                except ValueError:
                    q = 0.0
        entries.append((fields[0].lower(), q, index))
    entries.sort(key=lambda e: (-e[1], e[2]))
    return [(kind, q) for kind, q, _ in entries if q > 0]


def negotiate(accept: str | None, family: str) -> tuple[str, str]:
    """``(writer, content type)`` for the Accept header; ``family`` is results or graph."""
    table = RESULT_TYPES if family == "results" else GRAPH_TYPES
    for kind, _ in _parse_accept(accept):
        if kind in table:
            writer = table[kind]
        elif kind == "*/*" or (kind.endswith("/*") and any(t.startswith(kind[:-1]) for t in table)):
            writer = next(w for t, w in table.items() if kind == "*/*" or t.startswith(kind[:-1]))
        else:
            continue
        return writer, _ANSWER_TYPE[(family, writer)]
    wanted = ", ".join(sorted(table))
    raise NotAcceptable(f"cannot answer {accept!r} for a {'SELECT/ASK' if family == 'results' else 'CONSTRUCT/DESCRIBE'} query; available: {wanted}")


# --- the guard: parse, refuse updates, SERVICE and FROM outside the store -------------------


def _walk(node: Any) -> Any:
    from rdflib.plugins.sparql.parserutils import CompValue

    yield node
    if isinstance(node, CompValue):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _walk(value)


def check_query(text: str, prefixes: dict[str, str], graphs: Any) -> str:
    """Parse ``text`` and refuse what the endpoint will not run; returns the query form.

    ``graphs`` is a callable giving the IRIs of the store's named graphs (asked only when
    the query has a dataset clause)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.plugins.sparql.parserutils import CompValue

    if not text.strip():
        raise QueryError("empty query")
    try:
        tree = parseQuery(text)
    except ParseException as error:
        try:
            parseUpdate(text)
        except ParseException:
            raise SPARQLSyntaxError(error.msg, error.lineno, error.col) from None
        raise Refused("this endpoint is read-only: SPARQL updates are refused") from None
    for node in _walk(tree):
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            raise Refused("SERVICE is refused: this endpoint does not query other endpoints")
    try:
        query = translateQuery(tree, initNs=prefixes)
    except Exception as error:  # noqa: BLE001 - rdflib raises a bare Exception for an unknown prefix
        raise QueryError(f"bad query: {error}") from None
    clauses = query.algebra.get("datasetClause") or []
    if clauses:
        known = graphs()
        for clause in clauses:
            keyword, iri = ("FROM", clause["default"]) if "default" in clause else ("FROM NAMED", clause["named"])
            if str(iri) not in known:
                raise Refused(f"{keyword} <{iri}> is refused: the store has no such graph and this endpoint fetches nothing")
    return str(query.algebra.name).replace("Query", "").upper()


# --- the worker process ---------------------------------------------------------------------


class _Session:
    """The worker's side: the graph (reopened when a build switches generations) and the jobs."""

    def __init__(self, store: str | None, max_rows: int):
        from .store import parse_location

        self.location, self.max_rows = parse_location(store), max_rows
        self.generation: str | None = None
        self._graph: Any = None

    @property
    def graph(self) -> Any:
        from .store import manifest, open_graph

        if self.location.kind == "oxigraph":
            assert self.location.path is not None
            info = manifest(self.location.path)
            generation = info["generation"] if info else None
            if self._graph is None or generation != self.generation:
                self._graph, self.generation = open_graph(str(self.location), build_if_needed=False), generation
        elif self._graph is None:
            self._graph = open_graph(str(self.location), build_if_needed=False)
        return self._graph

    def warm(self) -> None:
        from .names import index_for

        index_for(self.graph)

    def named_graphs(self) -> set[str]:
        from rdflib import URIRef
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        found = set()
        for context in self.graph.store.contexts():
            ident = getattr(context, "identifier", context)
            if isinstance(ident, URIRef) and ident != DATASET_DEFAULT_GRAPH_ID:
                found.add(str(ident))
        return found

    def handle(self, job: dict[str, Any]) -> tuple[bytes, str, dict[str, str]]:
        kind = job["kind"]
        if kind == "sparql":
            graph = self.graph
            for iri in job.get("dataset", []):
                if iri not in self.named_graphs():
                    raise Refused(f"graph <{iri}> is refused: the store has no such graph and this endpoint fetches nothing")
            if job.get("dataset"):
                raise NotSupported("default-graph-uri and named-graph-uri are not supported; use GRAPH in the query")
            check_query(job["query"], {p: str(n) for p, n in graph.namespaces()}, self.named_graphs)
            try:
                result = graph.query(job["query"])
            except (SyntaxError, ValueError) as error:  # the store's own parser or evaluator
                raise QueryError(str(error)) from None
            return self._results(result, job["accept"])
        if kind == "named":
            from .queries import run

            return self._results(run(self.graph, _named_query(job["name"]), job["params"]), job["accept"], named=True)
        from .ties import control, ties
        from .timespan import parse_date

        compute = ties if kind == "ties" else control
        data = compute(self.graph, job["name"], parse_date(job.get("at"))).as_dict()
        return _json_bytes(data), "application/json", {}

    def _results(self, result: Any, accept: str | None, named: bool = False) -> tuple[bytes, str, dict[str, str]]:
        from rdflib import Graph
        from rdflib.query import Result

        from .output import sparql_csv, sparql_json, sparql_tsv

        headers: dict[str, str] = {}
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            fmt, content_type = negotiate(accept, "graph")
            graph = result.graph
            if len(graph) > self.max_rows:
                first = Graph()
                for triple in itertools.islice(graph, self.max_rows):
                    first.add(triple)
                graph, headers["X-KG-Truncated"] = first, f"max-rows={self.max_rows}"
            for prefix, namespace in self.graph.namespaces():
                graph.bind(prefix, namespace, override=False)
            return graph.serialize(format=fmt, encoding="utf-8"), content_type, headers
        fmt, content_type = negotiate(accept, "results")
        if result.type == "SELECT":
            rows = list(itertools.islice(iter(result), self.max_rows + 1))
            if len(rows) > self.max_rows:
                rows, headers["X-KG-Truncated"] = rows[: self.max_rows], f"max-rows={self.max_rows}"
            capped = Result("SELECT")
            capped.vars = result.vars
            capped.bindings = [{v: t for v, t in zip(result.vars or [], row) if t is not None} for row in rows]
            result = capped
        if fmt == "xml":
            return result.serialize(format="xml", encoding="utf-8"), content_type, headers
        writer = {"json": sparql_json, "csv": sparql_csv, "tsv": sparql_tsv}[fmt]
        text = writer(result)
        return (text + "\n" if named and not text.endswith("\n") else text).encode("utf-8"), content_type, headers


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


def _named_query(name: str) -> Any:
    """A named query from queries/ by its name only (never a file path)."""
    from pathlib import Path

    from .queries import NamedQuery, get_query, list_queries
    from .resources import queries_dir

    known = {q.name: q for q in list_queries()}
    known.update({q.name: q for q in map(NamedQuery.load, sorted((queries_dir() / "checks").glob("*.rq")))})
    if name in known:
        return known[name]
    if not re.fullmatch(r"[\w-]+", name) or Path(name).exists():
        raise UnknownQuery(f"no named query {name!r} (`kg query --list` shows them)")
    try:
        get_query(name)  # raises with the CLI's message and suggestions
    except InputError as error:
        raise UnknownQuery(str(error)) from None
    raise UnknownQuery(f"no named query {name!r}")


def _worker_main(conn: Any, store: str | None, max_rows: int) -> None:
    """A worker process: open the store, then answer jobs until the pipe closes."""
    try:
        session = _Session(store, max_rows)
        session.warm()
    except KGError as error:
        conn.send(("failed", str(error)))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", session.handle(job)))
        except KGError as error:
            conn.send(("error", (error.http_status, error_payload(error))))
        except Exception as error:
            log.exception("query failed")
            conn.send(("error", (500, {"error": f"internal error: {type(error).__name__}: {error}", "type": "InternalError"})))


# --- the pool: N worker processes, each call bounded by the timeout -------------------------


class _Worker:
    def __init__(self, context: Any, store: str | None, max_rows: int):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, store, max_rows), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        status, message = self.conn.recv()
        if status != "ready":
            self.stop()
            raise InputError(f"the worker could not open the store: {message}")

    def call(self, job: dict[str, Any], remaining: float, limit: float) -> tuple[bytes, str, dict[str, str]]:
        self.conn.send(job)
        if not self.conn.poll(max(remaining, 0.0)):
            self.stop()
            raise QueryTimeout(f"the query ran longer than the {limit:g} s limit and was stopped")
        try:
            status, value = self.conn.recv()
        except (EOFError, OSError):
            self.stop()
            raise KGError("the query's worker process died") from None
        if status == "error":
            raise WorkerError(*value)
        return value  # type: ignore[no-any-return]

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """Worker processes handed out one job at a time; a timed-out worker is killed and replaced."""

    def __init__(self, store: str | None, size: int, max_rows: int):
        import multiprocessing

        self.store, self.size, self.max_rows = store, size, max_rows
        self._context = multiprocessing.get_context("spawn")
        self._threads = ThreadPoolExecutor(max_workers=size + 2, thread_name_prefix="kg-query")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self.store, self.max_rows)
        self._all.add(worker)
        try:
            worker.wait_ready()
        except BaseException:
            self._all.discard(worker)
            raise
        return worker

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        workers = await asyncio.gather(*(self._loop.run_in_executor(self._threads, self._spawn) for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        try:
            fresh = self._spawn()
        except KGError:
            log.exception("could not start a replacement worker")
            return
        assert self._loop is not None
        self._loop.call_soon_threadsafe(self._idle.put_nowait, fresh)

    def _run(self, worker: _Worker, job: dict[str, Any], remaining: float, limit: float) -> tuple[bytes, str, dict[str, str]]:
        try:
            return worker.call(job, remaining, limit)
        finally:
            if worker.alive():
                assert self._loop is not None
                self._loop.call_soon_threadsafe(self._idle.put_nowait, worker)
            else:
                threading.Thread(target=self._replace, args=(worker,), daemon=True).start()

    async def run(self, job: dict[str, Any], timeout: float) -> tuple[bytes, str, dict[str, str]]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except asyncio.TimeoutError:
            raise QueryTimeout(f"every worker stayed busy for the {timeout:g} s limit; try again") from None
        return await loop.run_in_executor(self._threads, self._run, worker, job, deadline - loop.time(), timeout)

    def close(self) -> None:
        for worker in list(self._all):
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)


# --- the HTTP layer -------------------------------------------------------------------------


@dataclass(frozen=True)
class ServeConfig:
    store: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0
    max_rows: int = 10_000
    cors: tuple[str, ...] = ()
    workers: int = 2
    max_body: int = 1_000_000


def _error_response(request: Any, error: Exception) -> Any:
    """The one place where errors become HTTP responses: JSON ``{"error": ...}``."""
    from starlette.exceptions import HTTPException
    from starlette.responses import JSONResponse

    if isinstance(error, KGError):
        status, payload = error.http_status, error_payload(error)
    elif isinstance(error, HTTPException):
        status, payload = error.status_code, {"error": error.detail, "type": "HTTPError"}
    else:
        log.error("unexpected error on %s", request.url.path, exc_info=error)
        status, payload = 500, {"error": f"internal error: {type(error).__name__}", "type": "InternalError"}
    headers = {"Retry-After": "1"} if status == 503 else None
    return JSONResponse(payload, status_code=status, headers=headers)


class _AccessLog:
    """ASGI middleware: one line per request on stderr (client, request line, status, size, time)."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start, status, size = time.perf_counter(), 500, 0

        async def sending(message: Any) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = scope.get("client") or ("-", 0)
            target = scope["path"] + (("?" + scope["query_string"].decode("latin-1")) if scope.get("query_string") else "")
            if len(target) > 200:
                target = target[:200] + "..."
            access_log.info('%s:%s "%s %s" %d %d %.1fms', client[0], client[1], scope["method"], target,
                            status, size, (time.perf_counter() - start) * 1000)


async def _read_query(request: Any, limit: int) -> tuple[str | None, list[str]]:
    """The query text and dataset IRIs of a protocol request; refuses updates."""
    from urllib.parse import parse_qs

    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        body = await request.body()
        if len(body) > limit:
            raise TooLarge(f"the request body is over {limit} bytes")
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/sparql-update":
            raise Refused("this endpoint is read-only: SPARQL updates are refused")
        if kind == "application/sparql-query":
            params["query"] = [body.decode("utf-8")]
        elif kind == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body.decode("utf-8"), keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        else:
            raise UnsupportedMediaType(f"POST a query as application/sparql-query or application/x-www-form-urlencoded, not {kind or 'no content type'!r}")
    if "update" in params:
        raise Refused("this endpoint is read-only: SPARQL updates are refused")
    queries = params.get("query", [])
    if len(queries) > 1:
        raise QueryError("give one query parameter, not several")
    return (queries[0] if queries else None), params.get("default-graph-uri", []) + params.get("named-graph-uri", [])


def _service_description(endpoint: str, accept: str | None) -> tuple[bytes, str]:
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, RDF

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    formats = Namespace("http://www.w3.org/ns/formats/")
    graph, service, dataset, default = Graph(), URIRef(endpoint), BNode(), BNode()
    graph.bind("sd", sd)
    graph.bind("formats", formats)
    graph.add((service, RDF.type, sd.Service))
    graph.add((service, sd.endpoint, service))
    graph.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    graph.add((service, DCTERMS.title, Literal("kg: a sourced, time-aware knowledge graph of armed groups (read-only)", lang="en")))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        graph.add((service, sd.resultFormat, formats[name]))
    graph.add((service, sd.defaultDataset, dataset))
    graph.add((dataset, RDF.type, sd.Dataset))
    graph.add((dataset, sd.defaultGraph, default))
    graph.add((default, RDF.type, sd.Graph))
    fmt, content_type = negotiate(accept, "graph")
    return graph.serialize(format=fmt, encoding="utf-8"), content_type


def create_app(config: ServeConfig) -> Any:
    """The Starlette application; its lifespan starts and stops the worker pool."""
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import HTMLResponse, Response
    from starlette.routing import Route

    pool = WorkerPool(config.store, config.workers, config.max_rows)

    async def answer(job: dict[str, Any]) -> Response:
        body, content_type, headers = await pool.run(job, config.timeout)
        return Response(body, media_type=content_type, headers=headers)

    async def sparql(request: Any) -> Response:
        query, dataset = await _read_query(request, config.max_body)
        accept = request.headers.get("accept")
        if query is None:
            if request.url.path == "/" and "text/html" in (accept or "") and not dataset:
                return HTMLResponse(page_html(config))
            body, content_type = _service_description(str(request.url_for("sparql")), accept)
            return Response(body, media_type=content_type)
        return await answer({"kind": "sparql", "query": query, "accept": accept, "dataset": dataset})

    async def named(request: Any) -> Response:
        params = {k: v for k, v in request.query_params.multi_items()}
        return await answer({"kind": "named", "name": request.path_params["name"], "params": params,
                             "accept": request.headers.get("accept")})

    async def ties_or_control(request: Any) -> Response:
        unknown = sorted(set(request.query_params) - {"at"})
        if unknown:
            raise InputError(f"unknown parameter {', '.join(unknown)} (the only one is: at)")
        kind = request.url.path.split("/")[1]
        return await answer({"kind": kind, "name": request.path_params["name"], "at": request.query_params.get("at")})

    @asynccontextmanager
    async def lifespan(app: Any) -> Any:
        await pool.start()
        try:
            yield
        finally:
            pool.close()

    middleware = [Middleware(_AccessLog)]
    if config.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(config.cors), allow_methods=["GET", "POST"],
                                     allow_headers=["Content-Type", "Accept"], expose_headers=["X-KG-Truncated"]))
    routes = [
        Route("/", sparql, methods=["GET", "POST"], name="root"),
        Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"),
        Route("/queries/{name}", named, methods=["GET"]),
        Route("/ties/{name}", ties_or_control, methods=["GET"]),
        Route("/control/{name}", ties_or_control, methods=["GET"]),
    ]
    handlers = {KGError: _error_response, HTTPException: _error_response, Exception: _error_response}
    return Starlette(routes=routes, middleware=middleware, exception_handlers=handlers, lifespan=lifespan)  # type: ignore[arg-type]


def serve(config: ServeConfig) -> None:
    """Run the server until interrupted (uvicorn; our access log on stderr)."""
    import uvicorn

    from .store import open_graph, parse_location

    if parse_location(config.store).kind == "oxigraph":
        open_graph(config.store)  # build the bundled data on first use, before the workers open it
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for logger in (access_log, log):
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    uvicorn.run(create_app(config), host=config.host, port=config.port, access_log=False, log_level="info",
                timeout_graceful_shutdown=2)


# --- the query page: plain HTML and JS, no external resources -------------------------------

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5em auto; max-width: 70em; padding: 0 1em; }
textarea { width: 100%; height: 14em; font: 13px monospace; }
pre { background: #f4f4f4; padding: .5em; overflow: auto; max-height: 30em; }
table { border-collapse: collapse; font-size: 13px; } td, th { border: 1px solid #ccc; padding: 2px 6px; text-align: left; }
li { margin: .3em 0; } .desc { color: #555; } input { width: 14em; }
</style></head><body>
<h1>kg: SPARQL endpoint (read-only)</h1>
<p>Endpoint: <code>sparql</code> (GET or POST, SPARQL 1.1 Protocol). Named queries: <code>queries/NAME?param=value</code>;
ties: <code>ties/NAME?at=YYYY-MM-DD</code>; control: <code>control/PLACE?at=YYYY-MM-DD</code>.
Limits: __LIMITS__.</p>
<form id="form"><textarea id="query" spellcheck="false">SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }</textarea>
<p><label>Answer as <select id="accept">
<option value="application/sparql-results+json">SPARQL JSON (table)</option>
<option value="application/sparql-results+xml">SPARQL XML</option>
<option value="text/csv">CSV</option><option value="text/tab-separated-values">TSV</option>
<option value="text/turtle">Turtle (CONSTRUCT/DESCRIBE)</option>
<option value="application/n-triples">N-Triples (CONSTRUCT/DESCRIBE)</option>
<option value="application/ld+json">JSON-LD (CONSTRUCT/DESCRIBE)</option>
</select></label> <button type="submit">Run</button> <span id="status"></span></p></form>
<div id="out"></div>
<h2>Named queries</h2><ul id="named"></ul>
<script type="application/json" id="queries">__QUERIES__</script>
<script>
"use strict";
const queries = JSON.parse(document.getElementById("queries").textContent);
const out = document.getElementById("out"), status = document.getElementById("status");
function el(tag, text) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }
function show(response, text) {
  status.textContent = response.status + " " + response.statusText + (response.headers.get("X-KG-Truncated") ? " (truncated: " + response.headers.get("X-KG-Truncated") + ")" : "");
  out.replaceChildren();
  const type = response.headers.get("Content-Type") || "";
  if (response.ok && type.startsWith("application/sparql-results+json")) {
    const data = JSON.parse(text);
    if ("boolean" in data) { out.append(el("pre", String(data.boolean))); return; }
    const table = el("table"), head = el("tr");
    data.head.vars.forEach(v => head.append(el("th", v)));
    table.append(head);
    data.results.bindings.forEach(b => { const tr = el("tr"); data.head.vars.forEach(v => tr.append(el("td", b[v] ? b[v].value : ""))); table.append(tr); });
    out.append(el("p", data.results.bindings.length + " rows"), table);
  } else { out.append(el("pre", text)); }
}
async function call(url, options) {
  status.textContent = "running...";
  try { const r = await fetch(url, options); show(r, await r.text()); }
  catch (e) { status.textContent = "failed: " + e; }
}
document.getElementById("form").addEventListener("submit", e => {
  e.preventDefault();
  call("sparql", {method: "POST", body: document.getElementById("query").value,
    headers: {"Content-Type": "application/sparql-query", "Accept": document.getElementById("accept").value}});
});
const list = document.getElementById("named");
queries.forEach(q => {
  const li = el("li"), form = el("form"), edit = el("button", "edit"), run = el("button", "run");
  edit.type = "button";
  edit.addEventListener("click", () => { document.getElementById("query").value = q.text; });
  form.append(el("code", q.name), " ", el("span", q.description), " ");
  form.lastChild.className = "desc";
  q.params.forEach(p => { const i = el("input"); i.name = p.name; i.placeholder = p.name + " (" + p.type + (p.optional ? ", optional" : "") + ")"; i.title = p.description; form.append(i, " "); });
  form.append(run, " ", edit);
  form.addEventListener("submit", e => {
    e.preventDefault();
    const params = new URLSearchParams();
    form.querySelectorAll("input").forEach(i => { if (i.value) params.append(i.name, i.value); });
    call("queries/" + encodeURIComponent(q.name) + "?" + params, {headers: {"Accept": "application/sparql-results+json"}});
  });
  li.append(form);
  list.append(li);
});
</script></body></html>
"""


def page_html(config: ServeConfig | None = None) -> str:
    """The query page, with the named queries as examples (data embedded as JSON, escaped)."""
    import html

    from .queries import list_queries

    data = [{"name": q.name, "description": q.description, "text": q.text,
             "params": [{"name": p.name, "type": p.type, "optional": p.optional, "description": p.description} for p in q.params]}
            for q in list_queries()]
    embedded = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    limits = "no limits given" if config is None else f"{config.timeout:g} s a query, {config.max_rows} rows"
    return _PAGE.replace("__LIMITS__", html.escape(limits)).replace("__QUERIES__", embedded)
