"""A worker process of ``kg serve``: it opens the store read-only and answers one job at a time
(a SPARQL query, a named query, ties, control) sent by the pool in kg/workers.py, on a thread
with a deep stack and, as a backstop to the pool's memory watch, a capped address space."""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import threading
from typing import Any

from .errors import (
    InputError,
    KGError,
    MemoryLimit,
    NotSupported,
    QueryError,
    Refused,
    TooManyRows,
    UnknownQuery,
    error_payload,
)
from .namespaces import bind_prefixes, query_prefixes
from .sparql_protocol import check_query, negotiate

__all__ = ["memory_message", "statm", "worker_main"]

log = logging.getLogger("kg.server")

_PAGE = os.sysconf("SC_PAGE_SIZE")


def statm(pid: int) -> tuple[int, int]:
    """(address space, private resident memory) of a process in bytes: /proc/PID/statm's
    size, and resident minus shared (file-backed pages such as the store's mapped files are
    shared; what a query allocates is not)."""
    try:
        with open(f"/proc/{pid}/statm") as file:
            size, resident, shared = (int(field) for field in file.read().split()[:3])
    except (OSError, ValueError):
        return 0, 0
    return size * _PAGE, (resident - shared) * _PAGE


class _Session:
    """The worker's side: the store through the API (its graph reopened when a build switches
    generations) and the jobs."""

    def __init__(self, store: str | None, max_rows: int):
        from .api import KG
        from .store import in_process

        # a served store is never built by the server, but for `memory`, which lives in the
        # worker's process and holds the bundled data (as `kg --store memory query` does)
        self.kg, self.max_rows = KG(store, build_if_needed=in_process(store)), max_rows

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
            return self._results(result, job["accept"], safe=job.get("safe", False))
        if kind == "named":
            answer = self.kg.query(str(_named_query(job["name"]).path or job["name"]), job["params"])
            return self._results(answer.result, job["accept"], named=True, safe=job.get("safe", False))
        from .render import control_csv, ties_csv
        from .timespan import parse_date

        at = parse_date(job.get("at"), "at")
        fmt, content_type = negotiate(job.get("accept"), "table")  # before the work: a 406 costs nothing
        delimiter = "," if fmt == "csv" else "\t"
        if kind == "ties":
            ties = self.kg.ties(job["name"], at)
            data, text = ties.as_dict(), (ties_csv(ties, delimiter) if fmt != "json" else "")
        else:
            control = self.kg.control(job["name"], at)
            data, text = control.as_dict(), (control_csv(control, delimiter) if fmt != "json" else "")
        if fmt == "json":
            return _json_bytes(data), content_type, {}
        return text.encode("utf-8"), content_type, {}

    def _results(self, result: Any, accept: str | None, named: bool = False,
                 safe: bool = False) -> tuple[bytes, str, dict[str, str]]:
        """``result`` as ``accept`` asks; ``safe``: CSV/TSV cells neutralised for spreadsheets."""
        from rdflib.query import Result

        from .output import sparql_csv, sparql_json, sparql_tsv

        headers: dict[str, str] = {}
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            fmt, content_type = negotiate(accept, "graph")
            graph = result.graph
            if len(graph) > self.max_rows:
                raise self._too_many("triples", named)
            if fmt in ("csv", "tsv"):  # the triples as subject, predicate, object rows
                triples = Result(result.type)
                triples.graph = graph
                text = (sparql_csv if fmt == "csv" else sparql_tsv)(triples, spreadsheet_safe=safe)
                return text.encode("utf-8"), content_type, headers
            bind_prefixes(graph)
            return graph.serialize(format=fmt, encoding="utf-8"), content_type, headers
        fmt, content_type = negotiate(accept, "results")
        if result.type == "SELECT":
            rows = list(itertools.islice(iter(result), self.max_rows + 1))
            if len(rows) > self.max_rows:
                raise self._too_many("rows", named)
            capped = Result("SELECT")
            capped.vars = result.vars
            capped.bindings = [{v: t for v, t in zip(result.vars or [], row) if t is not None} for row in rows]
            result = capped
        if fmt == "xml":
            return result.serialize(format="xml", encoding="utf-8"), content_type, headers
        if fmt == "json":
            text = sparql_json(result)
        else:
            text = (sparql_csv if fmt == "csv" else sparql_tsv)(result, spreadsheet_safe=safe)
        return (text + "\n" if named and not text.endswith("\n") else text).encode("utf-8"), content_type, headers


    def _too_many(self, what: str, named: bool) -> TooManyRows:
        """The refusal of an answer over --max-rows, with how to page through it."""
        n = self.max_rows
        page = (f"page through it with ORDER BY and LIMIT/OFFSET (LIMIT {n} OFFSET 0, then OFFSET {n}, "
                f"OFFSET {2 * n}, ...)")
        if named:
            page = (f"send the named query's text (kg query --list shows it; queries/ in kg) to /sparql and {page}, "
                    f"or run `kg query NAME --stream` where the store is")
        return TooManyRows(f"the answer has more than {n} {what}, this endpoint's limit (kg serve --max-rows "
                           f"{n}); nothing was sent: {page}; or ask for fewer (SELECT (COUNT(*) AS ?n) counts them)")


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
    if not re.fullmatch(r"[\w-]+", name) or Path(name).exists():  # a path: never opened, only compared
        import difflib

        close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise UnknownQuery(f"no named query {name!r}{hint} (`kg query --list` shows them)")
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


def worker_main(conn: Any, store: str | None, max_rows: int, max_memory: int | None) -> None:
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

    size = statm(os.getpid())[0]
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
            nested = QueryError("the query is too deeply nested or has too many parts in a row to evaluate; "
                                "split or simplify it")
            conn.send(("error", (nested.http_status, error_payload(nested))))
        except MemoryError:  # the address-space backstop: answer, then leave (the pool replaces us)
            conn.send(("retire", (503, error_payload(MemoryLimit(memory_message(max_memory))))))
            return
        except Exception as error:
            log.exception("query failed")
            conn.send(("error", (500, {"error": f"internal error: {type(error).__name__}: {error}", "type": "InternalError"})))


def memory_message(max_memory: int | None) -> str:
    return f"the query needed more than the {(max_memory or 0) // 2**20} MB memory limit of a worker and was stopped"
