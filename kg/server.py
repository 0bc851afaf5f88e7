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
``kg control``, or their CSV/TSV by Accept or ``format=``). Every negotiated answer carries
``Vary: Accept``; an answer over ``max_rows`` is refused (400 ``TooManyRows``, with how to page
through it), never cut.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass
from typing import Any

from .errors import (
    InputError,
    KGError,
    QueryError,
    Refused,
    TooLarge,
    UnsupportedMediaType,
    error_payload,
)
from .http_limits import HEADERS_ALLOWANCE, protocol
from .sparql_protocol import format_accept, negotiate
from .workers import WorkerPool

__all__ = ["ServeConfig", "create_app", "serve"]

log = logging.getLogger("kg.server")
access_log = logging.getLogger("kg.server.access")


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
    max_memory: int | None = 1024  # MB of private memory per worker; None: no cap
    reserve: int = 1
    reserve_timeout: float = 2.0
    read_timeout: float = 10.0


def _error_response(request: Any, error: Exception) -> Any:
    """The one place where errors become HTTP responses: JSON ``{"error": ...}``."""
    from starlette.exceptions import HTTPException
    from starlette.requests import ClientDisconnect
    from starlette.responses import JSONResponse, Response

    if isinstance(error, ClientDisconnect):  # the client left (or was too slow): nobody to answer
        return Response(status_code=400)
    headers: dict[str, str] = {}
    if isinstance(error, KGError):
        status, payload = error.http_status, error_payload(error)
    elif isinstance(error, HTTPException):
        status, payload = error.status_code, {"error": error.detail, "type": "HTTPError"}
        headers.update(error.headers or {})  # a 405's Allow: the methods the resource takes
    else:
        log.error("unexpected error on %s", request.url.path, exc_info=error)
        status, payload = 500, {"error": f"internal error: {type(error).__name__}", "type": "InternalError"}
    if status == 503:
        headers["Retry-After"] = "1"
    return JSONResponse(payload, status_code=status, headers=headers or None)


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


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{what} is not UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}") from None


def _parse_form(data: bytes, what: str) -> dict[str, list[str]]:
    """``a=1&b=2`` (a URL's query string or a form body) as lists of values by name; a
    percent-escape that is not UTF-8 is refused (400), not replaced by U+FFFD."""
    from urllib.parse import parse_qs

    try:
        return parse_qs(_utf8(data, what), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as error:
        raise InputError(f"{what} has a %-escape that is not UTF-8 ({error.reason})") from None


async def _read_body(request: Any, limit: int) -> bytes:
    """The body, refused (413) as soon as it is known to be over ``limit`` bytes."""
    too_large = TooLarge(f"the request body is over the {limit} byte limit")
    length = request.headers.get("content-length", "")  # none for a chunked body: counted as it comes
    if length.isdigit() and int(length) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _single(params: dict[str, list[str]], allowed: set[str] | None = None) -> dict[str, str]:
    """One value by name: a parameter given twice, or one not in ``allowed``, is refused (400)."""
    if allowed is not None:
        unknown = sorted(set(params) - allowed)
        if unknown:
            raise InputError(f"unknown parameter {', '.join(unknown)} (the only one is: {', '.join(sorted(allowed))})")
    for name, values in params.items():
        if len(values) > 1:
            raise InputError(f"parameter {name} is given {len(values)} times; give it once")
    return {name: values[0] for name, values in params.items()}


def _spreadsheet_safe(params: dict[str, list[str]]) -> bool:
    """Whether the request opts in to spreadsheet-safe CSV/TSV (``spreadsheet-safe=1``): SPARQL
    results stay exact, as the W3C formats require, unless a client asks (docs/serving.md)."""
    values = params.pop("spreadsheet-safe", [])
    if len(values) > 1:
        raise InputError(f"parameter spreadsheet-safe is given {len(values)} times; give it once")
    value = values[0].strip().lower() if values else "0"
    if value not in ("0", "1", "true", "false", "yes", "no", ""):
        raise InputError(f"spreadsheet-safe: {values[0]!r} is not 1 or 0")
    return value in ("1", "true", "yes", "")


async def _read_query(request: Any, limit: int) -> tuple[str | None, list[str], str | None, bool]:
    """The query text, dataset IRIs, the Accept to answer by (``format=``/``output=`` win
    over the header) and the spreadsheet-safe opt-in of a protocol request; refuses updates."""
    params = _parse_form(request.scope["query_string"], "the URL's query string")
    if request.method == "POST":
        body = await _read_body(request, limit)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/sparql-update":
            raise Refused("this endpoint is read-only: SPARQL updates are refused")
        if kind == "application/sparql-query":
            params["query"] = [_utf8(body, "the request body")]
        elif kind == "application/x-www-form-urlencoded":
            for key, values in _parse_form(body, "the request body").items():
                params.setdefault(key, []).extend(values)
        else:
            raise UnsupportedMediaType(f"POST a query as application/sparql-query or application/x-www-form-urlencoded, not {kind or 'no content type'!r}")
    if "update" in params:
        raise Refused("this endpoint is read-only: SPARQL updates are refused")
    queries = params.get("query", [])
    if len(queries) > 1:
        raise QueryError("give one query parameter, not several")
    accept = format_accept(params, request.headers.get("accept"))
    dataset = params.get("default-graph-uri", []) + params.get("named-graph-uri", [])
    return (queries[0] if queries else None), dataset, accept, _spreadsheet_safe(params)


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

    pool = WorkerPool(config.store, config.workers, config.max_rows, reserve=config.reserve,
                      reserve_timeout=config.reserve_timeout,
                      max_memory=config.max_memory * 2**20 if config.max_memory else None)

    async def answer(job: dict[str, Any]) -> Response:
        body, content_type, headers = await pool.run(job, config.timeout)
        # the answer's format was chosen by the Accept header (or format=): caches must key on it
        return Response(body, media_type=content_type, headers={**headers, "Vary": "Accept"})

    async def sparql(request: Any) -> Response:
        query, dataset, accept, safe = await _read_query(request, config.max_body)
        if query is None:
            if request.url.path == "/" and "text/html" in (accept or "") and not dataset:
                return HTMLResponse(page_html(config))
            body, content_type = _service_description(str(request.url_for("sparql")), accept)
            return Response(body, media_type=content_type, headers={"Vary": "Accept"})
        return await answer({"kind": "sparql", "query": query, "accept": accept, "dataset": dataset, "safe": safe})

    async def named(request: Any) -> Response:
        given = _parse_form(request.scope["query_string"], "the URL's query string")
        chosen: dict[str, list[str]] = {k: given.pop(k) for k in ("format", "output") if k in given}
        safe = _spreadsheet_safe(given)
        return await answer({"kind": "named", "name": request.path_params["name"], "params": _single(given),
                             "accept": format_accept(chosen, request.headers.get("accept")), "safe": safe})

    async def ties_or_control(request: Any) -> Response:
        given = _parse_form(request.scope["query_string"], "the URL's query string")
        chosen: dict[str, list[str]] = {k: given.pop(k) for k in ("format", "output") if k in given}
        at = _single(given, {"at"}).get("at")
        kind = request.url.path.split("/")[1]
        return await answer({"kind": kind, "name": request.path_params["name"], "at": at,
                             "accept": format_accept(chosen, request.headers.get("accept"))})

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
                                     allow_headers=["Content-Type", "Accept"]))
    routes = [
        Route("/", sparql, methods=["GET", "POST"], name="root"),
        Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"),
        # {name:path}: a name with a "/" in it (sent as %2F) is looked up and answered like any other
        Route("/queries/{name:path}", named, methods=["GET"]),
        Route("/ties/{name:path}", ties_or_control, methods=["GET"]),
        Route("/control/{name:path}", ties_or_control, methods=["GET"]),
    ]
    handlers = {KGError: _error_response, HTTPException: _error_response, Exception: _error_response}
    return Starlette(routes=routes, middleware=middleware, exception_handlers=handlers, lifespan=lifespan)  # type: ignore[arg-type]


def serve(config: ServeConfig) -> None:
    """Run the server until interrupted (uvicorn; our access log on stderr)."""
    import uvicorn

    from .api import KG
    from .store import in_process

    if not in_process(config.store):  # a memory store lives in each worker: each builds its own
        KG(config.store).graph  # noqa: B018 - build the bundled data on first use, before the workers open it
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for logger in (access_log, log):
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    uvicorn.run(create_app(config), host=config.host, port=config.port, access_log=False, log_level="info",
                timeout_graceful_shutdown=2, http=protocol(config.read_timeout, config.max_body),
                h11_max_incomplete_event_size=config.max_body + HEADERS_ALLOWANCE)


# --- the query page (kg.querypage): plain HTML and JS, no external resources ---------------


def page_html(config: ServeConfig | None = None) -> str:
    """The query page, with the named queries as examples (data embedded as JSON, escaped)."""
    from .api import KG
    from .querypage import query_page

    data = [{"name": q.name, "description": q.description, "text": q.text,
             "params": [{"name": p.name, "type": p.type, "optional": p.optional, "description": p.description} for p in q.params]}
            for q in KG().queries()]
    limits = "no limits given" if config is None else f"{config.timeout:g} s a query, {config.max_rows} rows" + (
        f", {config.max_memory} MB a worker" if config.max_memory else "")
    return query_page(data, limits)
