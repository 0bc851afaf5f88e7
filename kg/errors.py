"""kg's errors: one small hierarchy, each with the CLI exit code and the HTTP status it maps to.

Exit codes (documented in the README):
    0  ok
    1  the data does not conform, or a check found rows
    2  bad input: unparseable file, unknown or ambiguous name, bad query or parameter
    3  not supported by this store
    4  the store is busy: another process holds its write lock (kg.writelock)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .validate import Report

from typing import Any

__all__ = [
    "AmbiguousName",
    "InputError",
    "KGError",
    "MemoryLimit",
    "NameNotFound",
    "NotAcceptable",
    "NotSupported",
    "ParseError",
    "QueryError",
    "QueryTimeout",
    "Refused",
    "RequestTimeout",
    "SPARQLSyntaxError",
    "StoreBusy",
    "TooLarge",
    "UnknownQuery",
    "UnsupportedMediaType",
    "ValidationFailed",
    "WorkerDied",
    "WorkerError",
    "error_payload",
    "shown_name",
]


class KGError(Exception):
    """Base class: every error kg raises on purpose."""

    exit_code = 2
    http_status = 400


class InputError(KGError):
    """Bad input from the user: a file, an argument, a parameter."""


class ParseError(InputError):
    """A data file that does not parse. ``path`` and ``line`` say where."""

    def __init__(self, path: str, line: int | None, column: int | None, message: str):
        self.path, self.line, self.column, self.message = path, line, column, message
        where = path if line is None else f"{path}:{line}" + (f":{column}" if column else "")
        super().__init__(f"{where}: {message}")


def shown_name(name: str, limit: int = 100) -> str:
    """A name as an error message quotes it: cut after ``limit`` characters (a 10,000-character
    name was echoed whole)."""
    return repr(name) if len(name) <= limit else repr(name[:limit]) + f"… ({len(name):,} characters)"


class NameNotFound(InputError):
    """No actor or place has this name. ``suggestions`` holds close names."""

    http_status = 404

    def __init__(self, name: str, suggestions: list[str], kind: str = "actor or place",
                 kinds: list[str] | None = None):
        self.name, self.suggestions = name, suggestions
        message = f"no {kind} is called {shown_name(name)}"
        if suggestions:
            shown = [f"{s} ({k})" for s, k in zip(suggestions, kinds, strict=True)] if kinds else suggestions
            message += "; did you mean: " + ", ".join(shown) + "?"
        super().__init__(message)


class AmbiguousName(InputError):
    """Several actors or places share this name. ``candidates`` lists them."""

    def __init__(self, name: str, candidates: list[str]):
        self.name, self.candidates = name, candidates
        super().__init__(
            f"{shown_name(name)} is ambiguous; it could be: " + "; ".join(candidates) + ". Use a fuller name."
        )


class QueryError(InputError):
    """A SPARQL query that does not parse or cannot run, or a bad parameter."""


class ValidationFailed(KGError):
    """The graph breaks the shapes or a data check. ``report`` holds the violations."""

    exit_code = 1
    http_status = 422

    def __init__(self, report: Report, message: str = "the graph does not conform to the shapes"):
        self.report = report
        super().__init__(message)


class NotSupported(KGError):
    """The store cannot do what was asked (e.g. writing to a read-only endpoint)."""

    exit_code = 3
    http_status = 501


class StoreBusy(KGError):
    """Another process holds the store's write lock and did not let go in time."""

    exit_code = 4
    http_status = 503


# --- errors of the SPARQL endpoint (kg serve) ---------------------------------------------


class Refused(KGError):
    """A request the endpoint will not run: an update, SERVICE, FROM an outside graph."""

    http_status = 403


class QueryTimeout(KGError):
    """The query overran the time limit; its worker was killed."""

    http_status = 503


class MemoryLimit(KGError):
    """The query took more memory than a worker may hold; its worker was killed."""

    http_status = 503


class WorkerDied(KGError):
    """The worker process answering the query died; a fresh one replaces it."""

    http_status = 503


class RequestTimeout(KGError):
    """The client did not send its whole request in time."""

    http_status = 408


class NotAcceptable(KGError):
    http_status = 406


class UnsupportedMediaType(KGError):
    http_status = 415


class TooLarge(KGError):
    http_status = 413


class TooManyRows(KGError):
    """An answer with more rows (or triples) than the endpoint's --max-rows: refused whole,
    never cut (a cut answer looks complete to most clients)."""

    http_status = 400


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
