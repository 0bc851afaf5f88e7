"""The worker processes of ``kg serve``: each opens the store read-only and answers one query at
a time; the pool bounds every call by the timeout and kills a worker that overruns it."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .errors import (
    InputError,
    KGError,
    MemoryLimit,
    NotSupported,
    QueryError,
    QueryTimeout,
    Refused,
    UnknownQuery,
    WorkerDied,
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


# The worker answers jobs on a thread with a deep stack, so that rdflib's recursive parser
# takes any query within sparql_protocol.MAX_NESTING with a wide margin (RecursionError is
# still caught: 400).
_STACK_BYTES = 256 * 1024 * 1024
_RECURSION_LIMIT = 20_000


def _worker_main(conn: Any, store: str | None, max_rows: int, max_memory: int | None) -> None:
    """A worker process: open the store, then answer jobs until the pipe closes."""
    import sys

    sys.setrecursionlimit(_RECURSION_LIMIT)
    threading.stack_size(_STACK_BYTES)
    thread = threading.Thread(target=_answer_jobs, args=(conn, store, max_rows, max_memory), name="kg-worker")
    thread.start()
    thread.join()


def _limit_address_space(max_memory: int) -> None:
    """The backstop under the parent's memory watch: the address space may grow by four times
    the cap past what the ready worker maps, so that a single huge allocation fails at once
    (MemoryError, or an abort in Rust) instead of taking the machine's memory."""
    import resource

    size = _statm(os.getpid())[0]
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = size + 4 * max_memory
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _answer_jobs(conn: Any, store: str | None, max_rows: int, max_memory: int | None) -> None:
    try:
        session = _Session(store, max_rows)
        session.warm()
    except KGError as error:
        conn.send(("failed", str(error)))
        return
    if max_memory:
        _limit_address_space(max_memory)
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
        except RecursionError:
            error = QueryError("the query is too deeply nested or has too many parts in a row to evaluate; "
                               "split or simplify it")
            conn.send(("error", (error.http_status, error_payload(error))))
        except MemoryError:  # the address-space backstop: answer, then leave (the pool replaces us)
            conn.send(("retire", (503, error_payload(MemoryLimit(_memory_message(max_memory))))))
            return
        except Exception as error:
            log.exception("query failed")
            conn.send(("error", (500, {"error": f"internal error: {type(error).__name__}: {error}", "type": "InternalError"})))


def _memory_message(max_memory: int | None) -> str:
    return f"the query needed more than the {(max_memory or 0) // 2**20} MB memory limit of a worker and was stopped"


# --- the pool: worker processes, each call bounded by the time and memory limits -----------

_PAGE = os.sysconf("SC_PAGE_SIZE")
_WATCH_SECONDS = 0.02  # how often the parent looks at a busy worker's memory


def _statm(pid: int) -> tuple[int, int]:
    """(address space, private resident memory) of a process in bytes: /proc/PID/statm's
    size, and resident minus shared (file-backed pages such as the store's mapped files are
    shared; what a query allocates is not)."""
    try:
        with open(f"/proc/{pid}/statm") as file:
            size, resident, shared = (int(field) for field in file.read().split()[:3])
    except (OSError, ValueError):
        return 0, 0
    return size * _PAGE, (resident - shared) * _PAGE


class _NotStarted(Exception):
    """The job never reached the worker (it had died while idle): run it on another."""


class _Worker:
    def __init__(self, context: Any, store: str | None, max_rows: int, max_memory: int | None, reserve: bool):
        self.max_memory, self.reserve = max_memory, reserve
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, store, max_rows, max_memory), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        try:
            status, message = self.conn.recv()
        except (EOFError, OSError):
            status, message = "failed", f"it exited ({_how(self.stop())})"
        if status != "ready":
            self.stop()
            raise InputError(f"the worker could not open the store: {message}")

    def memory(self) -> int:
        """Bytes of private resident memory (what the cap counts)."""
        return _statm(self.process.pid)[1]

    def call(self, job: dict[str, Any], seconds: float, late: str) -> tuple[bytes, str, dict[str, str]]:
        """Run ``job``; past ``seconds`` the worker is killed and QueryTimeout(``late``) raised,
        past the memory cap likewise with MemoryLimit."""
        if not self.alive():
            raise _NotStarted
        try:
            self.conn.send(job)
        except OSError:
            raise _NotStarted from None
        deadline = time.monotonic() + max(seconds, 0.0)
        while not self.conn.poll(min(_WATCH_SECONDS, max(deadline - time.monotonic(), 0.0))):
            if time.monotonic() >= deadline:
                self.stop()
                raise QueryTimeout(late)
            if self.max_memory and self.memory() > self.max_memory:
                self.stop()
                raise MemoryLimit(_memory_message(self.max_memory))
        try:
            status, value = self.conn.recv()
        except (EOFError, OSError):
            raise WorkerDied(f"the query's worker process died ({_how(self.stop())}); a fresh one takes its place: "
                             "try again") from None
        if status in ("error", "retire"):
            if status == "retire":
                self.stop()
            raise WorkerError(*value)
        return value  # type: ignore[no-any-return]

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def stop(self) -> int | None:
        """Kill the process (if still running) and return its exit code."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()
        return self.process.exitcode  # type: ignore[no-any-return]


def _how(exitcode: int | None) -> str:
    import signal

    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class WorkerPool:
    """Worker processes handed out one job at a time; a worker that overruns the time or the
    memory limit is killed and replaced, and so is one found dead.

    ``reserve`` more workers take a job only when every one of the ``size`` others is busy,
    and stop it after ``reserve_timeout`` seconds: a cheap query is answered while runaway
    queries hold every worker (docs/serving.md, Limits)."""

    def __init__(self, store: str | None, size: int, max_rows: int, *, reserve: int = 0,
                 reserve_timeout: float = 2.0, max_memory: int | None = None):
        import multiprocessing

        self.store, self.size, self.max_rows, self.max_memory = store, size, max_rows, max_memory
        self.reserve, self.reserve_timeout = reserve, reserve_timeout
        self._context = multiprocessing.get_context("spawn")
        self._threads = ThreadPoolExecutor(max_workers=size + reserve + 2, thread_name_prefix="kg-query")
        self._idle: list[_Worker] = []
        self._idle_reserve: list[_Worker] = []
        self._changed: asyncio.Condition | None = None
        self._all: set[_Worker] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def _spawn(self, reserve: bool) -> _Worker:
        worker = _Worker(self._context, self.store, self.max_rows, self.max_memory, reserve)
        self._all.add(worker)
        try:
            worker.wait_ready()
            idle = worker.memory()
            if self.max_memory and idle > self.max_memory // 2:
                worker.stop()
                raise InputError(f"a worker holds {idle // 2**20} MB before any query, over half the "
                                 f"--max-memory of {self.max_memory // 2**20} MB: raise --max-memory")
        except BaseException:
            self._all.discard(worker)
            raise
        return worker

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._changed = asyncio.Condition()
        kinds = [False] * self.size + [True] * self.reserve
        workers = await asyncio.gather(*(self._loop.run_in_executor(self._threads, self._spawn, kind) for kind in kinds))
        for worker in workers:
            (self._idle_reserve if worker.reserve else self._idle).append(worker)

    async def _put(self, worker: _Worker) -> None:
        assert self._changed is not None
        async with self._changed:
            (self._idle_reserve if worker.reserve else self._idle).append(worker)
            self._changed.notify()

    def _release(self, worker: _Worker) -> None:
        """Back to the idle lists (from any thread); a dead worker, or one that kept more than
        half the memory cap after its query, is replaced instead."""
        if worker.alive() and not (self.max_memory and worker.memory() > self.max_memory // 2):
            assert self._loop is not None
            asyncio.run_coroutine_threadsafe(self._put(worker), self._loop)
        else:
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        self._all.discard(worker)
        for attempt in range(3):  # a replacement can itself be killed while it starts
            try:
                fresh = self._spawn(worker.reserve)
                break
            except KGError:
                log.exception("could not start a replacement worker (attempt %d of 3)", attempt + 1)
                time.sleep(1)
        else:
            return
        assert self._loop is not None
        asyncio.run_coroutine_threadsafe(self._put(fresh), self._loop)

    def _run(self, worker: _Worker, job: dict[str, Any], seconds: float, late: str) -> tuple[bytes, str, dict[str, str]]:
        try:
            return worker.call(job, seconds, late)
        finally:
            self._release(worker)

    async def _acquire(self, deadline: float, timeout: float) -> _Worker:
        """An idle worker (the reserve only when every other one is busy), or QueryTimeout."""
        assert self._changed is not None and self._loop is not None
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: bool(self._idle or self._idle_reserve)),
                                       max(deadline - self._loop.time(), 0.0))
            except asyncio.TimeoutError:
                raise QueryTimeout(f"every worker stayed busy for the {timeout:g} s limit; try again") from None
            return (self._idle or self._idle_reserve).pop()

    async def run(self, job: dict[str, Any], timeout: float) -> tuple[bytes, str, dict[str, str]]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            worker = await self._acquire(deadline, timeout)
            seconds, late = deadline - loop.time(), f"the query ran longer than the {timeout:g} s limit and was stopped"
            if worker.reserve and self.reserve_timeout < seconds:
                seconds = self.reserve_timeout
                late = (f"every worker was busy, and the reserve worker that took the query stops it after "
                        f"{self.reserve_timeout:g} s: try again later")
            try:
                return await loop.run_in_executor(self._threads, self._run, worker, job, seconds, late)
            except _NotStarted:
                log.warning("a worker had died while idle; the query goes to another")

    def close(self) -> None:
        for worker in list(self._all):
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)
