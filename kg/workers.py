"""The worker processes of ``kg serve``: each opens the store read-only and answers one query at
a time; the pool bounds every call by the timeout and kills a worker that overruns it."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .errors import (
    InputError,
    KGError,
    NotSupported,
    QueryError,
    QueryTimeout,
    Refused,
    UnknownQuery,
    WorkerError,
    error_payload,
)
from .namespaces import bind_prefixes, query_prefixes
from .sparql_protocol import check_query, negotiate

__all__ = ["WorkerPool"]

log = logging.getLogger("kg.server")


# --- the worker process ---------------------------------------------------------------------


class _Session:
    """The worker's side: the store through the API (its graph reopened when a build switches
    generations) and the jobs."""

    def __init__(self, store: str | None, max_rows: int):
        from .api import KG

        self.kg, self.max_rows = KG(store, build_if_needed=False), max_rows

    @property
    def graph(self) -> Any:
        return self.kg.graph

    def warm(self) -> None:
        self.kg.search("warm")  # builds or reads the name index once

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
            prefixes = query_prefixes(graph)  # the project's geo: (WGS84) wins over rdflib's
            check_query(job["query"], prefixes, self.named_graphs)
            try:
                result = graph.query(job["query"], initNs=prefixes)
            except (SyntaxError, ValueError) as error:  # the store's own parser or evaluator
                raise QueryError(str(error)) from None
            return self._results(result, job["accept"])
        if kind == "named":
            answer = self.kg.query(str(_named_query(job["name"]).path or job["name"]), job["params"])
            return self._results(answer.result, job["accept"], named=True)
        from .timespan import parse_date

        at = parse_date(job.get("at"), "at")
        result = self.kg.ties(job["name"], at) if kind == "ties" else self.kg.control(job["name"], at)
        return _json_bytes(result.as_dict()), "application/json", {}

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
            if fmt in ("csv", "tsv"):  # the triples as subject, predicate, object rows
                triples = Result(result.type)
                triples.graph = graph
                return (sparql_csv if fmt == "csv" else sparql_tsv)(triples).encode("utf-8"), content_type, headers
            bind_prefixes(graph)
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
