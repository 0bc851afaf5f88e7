"""Store locations: the one module that chooses a backend. The rest of kg talks to an
rdflib ``Graph``.

A location is one of:
  ``memory``                    an in-memory rdflib graph, built from the bundled data (tests)
  ``oxigraph:PATH`` or ``PATH``  an on-disk Oxigraph store (the default, through oxrdflib)
  ``http(s)://...``             a remote SPARQL 1.1 endpoint (query URL; set KG_UPDATE_URL
                                for the update URL when kg should write to it)

The default location is ``$KG_STORE``, else ``$XDG_CACHE_HOME/kg/store`` (``~/.cache/kg/store``).
An on-disk store is a directory of generations: ``CURRENT`` names the live one. A build writes
a new generation and then swaps ``CURRENT`` with an atomic rename, so a failed build (or a
reader in another process) never sees a half-written store. With no set-up, the first
command builds the bundled data into the default store; it is rebuilt when the bundled data
changes (stores built from other seed files are left alone).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.term import Identifier

from .errors import InputError, NotSupported, QueryError

__all__ = [
    "Location",
    "bind_values",
    "default_location",
    "manifest",
    "needs_build",
    "new_generation",
    "open_graph",
    "parse_location",
    "require_existing",
    "update",
    "write",
]

_CURRENT = "CURRENT"


@dataclass(frozen=True)
class Location:
    kind: str  # "memory" | "oxigraph" | "sparql"
    path: Path | None = None
    query_url: str | None = None
    update_url: str | None = None

    def __str__(self) -> str:
        if self.kind == "oxigraph":
            return f"oxigraph:{self.path}"
        if self.kind == "sparql":
            return str(self.query_url)
        return "memory"


def default_location() -> str:
    if os.environ.get("KG_STORE"):
        return os.environ["KG_STORE"]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return f"oxigraph:{cache / 'kg' / 'store'}"


def parse_location(text: str | None) -> Location:
    text = (text or default_location()).strip()
    if not text:
        raise InputError("empty store location")
    if text in ("memory", "memory:"):
        return Location("memory")
    if text.startswith(("http://", "https://")):
        return Location("sparql", query_url=text, update_url=os.environ.get("KG_UPDATE_URL"))
    if text.startswith("oxigraph:"):
        text = text[len("oxigraph:") :]
    elif ":" in text.split("/", 1)[0] and not Path(text).exists():
        scheme = text.split(":", 1)[0]
        raise InputError(
            f"unknown store location {text!r}: use 'memory', 'oxigraph:PATH', a directory path "
            f"or an http(s):// SPARQL endpoint (no store kind called {scheme!r})"
        )
    return Location("oxigraph", path=Path(text).expanduser())


# --- on-disk Oxigraph generations ----------------------------------------------------------


def manifest(path: Path) -> dict | None:
    """The manifest of the live generation in the store at ``path`` (None when empty)."""
    current = path / _CURRENT
    if not current.is_file():
        return None
    name = current.read_text(encoding="utf-8").strip()
    info = path / f"{name}.json"
    if not (path / name).is_dir() or not info.is_file():
        return None
    data = json.loads(info.read_text(encoding="utf-8"))
    data["generation"] = name
    return data


def _bundled_fingerprint() -> str:
    from . import resources

    return resources.build_fingerprint()


def _needs_bundled_build(path: Path) -> bool:
    info = manifest(path)
    if info is None:
        return True
    return bool(info.get("bundled")) and info.get("fingerprint") != _bundled_fingerprint()


@contextmanager
def new_generation(path: Path, info: dict) -> Iterator[Path]:
    """A new, empty generation directory in the on-disk store at ``path``. When the block
    exits normally ``info`` (the block may add to it) becomes its manifest and ``CURRENT``
    switches to it with an atomic rename; when the block raises, the directory is removed and
    the store stays as it was."""
    path.mkdir(parents=True, exist_ok=True)
    now = time.time_ns()
    name = f"gen-{time.strftime('%Y%m%dT%H%M%S', time.localtime(now / 1e9))}-{now % 10**9:09d}-{os.getpid()}"
    target = path / name
    try:
        yield target
        info.setdefault("built_at", time.strftime("%Y-%m-%dT%H:%M:%S%z"))
        (path / f"{name}.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
        pointer = path / f"{_CURRENT}.tmp-{os.getpid()}"
        pointer.write_text(name + "\n", encoding="utf-8")
        os.replace(pointer, path / _CURRENT)  # the atomic switch
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        (path / f"{name}.json").unlink(missing_ok=True)
        (path / f"{name}.names.sqlite").unlink(missing_ok=True)
        raise
    # keep the live generation and the one before it (a reader may still have it open)
    generations = sorted(p for p in path.glob("gen-*") if p.is_dir())
    for old in generations[:-2]:
        if old.name != name:
            shutil.rmtree(old, ignore_errors=True)
            (path / f"{old.name}.json").unlink(missing_ok=True)
            (path / f"{old.name}.names.sqlite").unlink(missing_ok=True)


def _write_oxigraph(path: Path, graph: Graph, info: dict) -> None:
    import pyoxigraph as ox

    from .names import NameIndex, index_file

    info = dict(info, triples=len(graph))
    with new_generation(path, info) as target:
        store = ox.Store(str(target))
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store
        # the name index is built with the generation, not silently by the first lookup
        NameIndex.from_graph(graph).save(index_file(path, target.name))


def _open_oxigraph(path: Path, generation: str | None = None) -> Graph:
    """The live generation of the store at ``path`` (or ``generation``), read-only."""
    import pyoxigraph as ox
    from oxrdflib.store import OxigraphStore
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    class ValuesFirstStore(OxigraphStore):  # type: ignore[misc]
        """oxrdflib, with parameters bound by a VALUES block first in the WHERE group.

        pyoxigraph's own ``substitutions`` (what oxrdflib uses for initBindings) give the same
        rows but let the planner start from the unbound patterns: 10-400x slower on the named
        queries at 100k triples (docs/scaling.md)."""

        def query(self, query: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: Any) -> Any:
            if initBindings and isinstance(query, str):
                try:
                    query, initBindings = bind_values(query, initBindings), {}
                except QueryError:
                    pass  # no WHERE group (e.g. DESCRIBE): let oxrdflib substitute
            return super().query(query, initNs, initBindings, queryGraph, **kwargs)

    if generation is None:
        info = manifest(path)
        assert info is not None
        generation = info["generation"]
    inner = ox.Store.read_only(str(path / generation))
    graph = Graph(store=ValuesFirstStore(store=inner), identifier=DATASET_DEFAULT_GRAPH_ID)
    _bind_prefixes(graph)
    # the generation never changes, so its name index can be kept beside it (kg.names)
    from .names import index_file, keep_index_in

    keep_index_in(graph, index_file(path, generation))
    return graph


def _bind_prefixes(graph: Graph) -> None:
    from .namespaces import bind_prefixes

    bind_prefixes(graph)


# --- memory and remote ---------------------------------------------------------------------

_memory_graph: Graph | None = None


def _open_memory() -> Graph:
    if _memory_graph is None:
        raise InputError("the memory store is empty: build into it first (kg.open('memory') does)")
    return _memory_graph


def _open_sparql(location: Location) -> Graph:
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    store = _remote_store_class()(str(location.query_url), location.update_url)
    graph = Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID)
    _bind_prefixes(graph)
    return graph


# --- remote: bind parameters where the query's FILTERs see them ------------------------------
#
# rdflib's SPARQLStore binds initBindings by appending a VALUES clause after the query, where
# a FILTER inside WHERE sees the variable unbound. RemoteStore puts the VALUES block first in
# the WHERE group instead, which is what initBindings means on the embedded stores. The values
# are RDF terms that serialise themselves (URIRef.n3() refuses an IRI with <>" or spaces,
# Literal.n3() escapes quotes and backslashes); no user text is pasted into the query.

_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
    |(?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}
        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<var>[?$]\w+)
    |(?P<word>[A-Za-z_](?:[\w\-.:%]|\\.)*)
    |(?P<open>\{)|(?P<close>\})
    |(?P<other>.)""",
    re.DOTALL | re.VERBOSE,
)


def where_group_start(query: str) -> int:
    """The offset just inside the opening brace of the query's top-level WHERE group."""
    depth, form, previous = 0, None, None
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "comment" or (kind == "other" and match.group().isspace()):
            continue
        if kind == "open":
            if depth == 0 and (previous == "WHERE" or form in ("SELECT", "ASK")):
                return match.end()
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0 and form is None:
            word = match.group().upper()
            form = word if word in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE") else None
        previous = match.group().upper() if kind == "word" else None
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def bind_values(query: str, bindings: Mapping[Any, Identifier]) -> str:
    """``query`` with ``bindings`` as a one-row VALUES block first in its WHERE group."""
    from rdflib import Literal, URIRef

    names, terms = [], []
    for variable, term in bindings.items():
        if not re.fullmatch(r"\w+", str(variable)):
            raise QueryError(f"bad variable name {str(variable)!r}")
        if not isinstance(term, (URIRef, Literal)):
            raise QueryError(f"?{variable}: only IRIs and literals can be bound, not {term!r}")
        try:
            terms.append(term.n3())
        except Exception as error:  # noqa: BLE001 - rdflib raises a bare Exception for an unserialisable IRI
            raise QueryError(f"?{variable}: {error}") from None
        names.append(f"?{variable}")
    at = where_group_start(query)
    block = f"\n  VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}\n"
    return query[:at] + block + query[at:]


_RemoteStore: type | None = None


def _remote_store_class() -> type:
    """RemoteStore, defined on first use so that importing kg.store stays cheap."""
    global _RemoteStore
    if _RemoteStore is not None:
        return _RemoteStore
    import urllib.parse
    import urllib.request
    from io import BytesIO

    from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
    from rdflib.query import Result

    class RemoteStore(SPARQLUpdateStore):  # type: ignore[misc]
        """A SPARQL 1.1 endpoint: queries POSTed to the query URL, updates to the update URL."""

        def __init__(self, query_url: str, update_url: str | None = None):
            super().__init__(query_url, update_url, returnFormat="json", method="POST")

        def query(self, query: Any, initNs: Any = None, initBindings: Any = None,  # type: ignore[override]
                  queryGraph: Any = None, DEBUG: bool = False) -> Result:  # rdflib's own signature varies
            if not isinstance(query, str):
                raise NotSupported("a remote store runs SPARQL text, not prepared queries")
            if initNs:
                query = self._inject_prefixes(query, initNs)
            if initBindings:
                query = bind_values(query, initBindings)
            # form-encoded: the SPARQL 1.1 Protocol form every server takes (Virtuoso 7.2 never
            # answers an application/sparql-query POST: openlink/virtuoso-opensource#842)
            request = urllib.request.Request(
                str(self.query_endpoint), data=urllib.parse.urlencode({"query": query}).encode("ascii"),
                method="POST",
                headers={"Content-Type": "application/x-www-form-urlencoded",
                         "Accept": "application/sparql-results+json, application/n-triples;q=0.9"},
            )
            body, kind = _http(request, str(self.query_endpoint))
            return Result.parse(BytesIO(body), content_type=kind)

    _RemoteStore = RemoteStore
    return RemoteStore


def _http(request: Any, url: str, timeout: float = 300) -> tuple[bytes, str]:
    """Send ``request``; the body and content type, or QueryError/InputError with the reason."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type", "").split(";")[0]
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip()[:500]
        raise QueryError(f"{url} answered HTTP {error.code}: {detail or error.reason}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise InputError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None


# --- public ------------------------------------------------------------------------------


def current_generation(location: str | None) -> str | None:
    """The live generation of an on-disk store (it changes when a build, import or load
    writes a new one); None for other stores and for an empty one."""
    where = parse_location(location)
    if where.kind != "oxigraph" or where.path is None:
        return None
    info = manifest(where.path)
    return None if info is None else str(info["generation"])


def needs_build(location: str | None) -> bool:
    """Whether ``location`` should get the bundled data before it is read: an empty memory
    store, an empty on-disk store, or one built from bundled data that has since changed
    (about 2 s). Stores holding user data (imports, loads) never need it."""
    where = parse_location(location)
    if where.kind == "memory":
        return _memory_graph is None
    return where.kind == "oxigraph" and where.path is not None and not where.path.is_file() \
        and _needs_bundled_build(where.path)


def require_existing(location: str | None) -> None:
    """Refuse a given on-disk location that does not exist: a typo in ``--store`` or
    ``$KG_STORE`` would otherwise silently become a new store built from the bundled data,
    and every answer would come from the wrong graph. ``None`` (the default store, created
    on first use) always passes; ``kg build`` and ``kg load`` create a store and skip this."""
    if location is None:
        return
    where = parse_location(location)
    if where.kind == "oxigraph" and where.path is not None and not where.path.exists():
        raise InputError(
            f"no store at {where.path}: check the path (--store or $KG_STORE), "
            f"or create the store there with `kg --store {location} build` (or `kg load`)"
        )



def open_graph(location: str | None = None) -> Graph:
    """Open the graph at ``location`` (default: the configured store) for reading. Nothing is
    built here (the store layer knows nothing of builds): ``kg.open_graph`` and ``kg.open``
    build the bundled data first into an empty store, or one whose bundled data changed
    (``needs_build``)."""
    where = parse_location(location)
    if where.kind == "memory":
        return _open_memory()
    if where.kind == "sparql":
        return _open_sparql(where)
    assert where.path is not None
    if where.path.exists() and not where.path.is_dir():
        raise InputError(f"store location {where.path} is a file, not a directory")
    if manifest(where.path) is None:
        raise InputError(f"no graph in the store at {where.path}: run `kg build` first")
    return _open_oxigraph(where.path)


def write(location: str | None, graph: Graph, info: dict) -> str:
    """Replace the graph at ``location`` with ``graph``, atomically. Returns the location."""
    global _memory_graph
    where = parse_location(location)
    if where.kind == "memory":
        _memory_graph = graph
    elif where.kind == "oxigraph":
        assert where.path is not None
        _write_oxigraph(where.path, graph, info)
    else:
        if not where.update_url:
            raise NotSupported(
                f"cannot write to {where.query_url}: no update endpoint (set KG_UPDATE_URL)"
            )
        _write_sparql(where, graph)
    return str(where)


def _write_sparql(where: Location, graph: Graph) -> None:
    """Replace the endpoint's default graph in one update request (one transaction)."""
    update(where, "DROP SILENT DEFAULT ;\nINSERT DATA {\n" + graph.serialize(format="nt") + "}\n")


def update(where: Location, body: str) -> None:
    """Send one SPARQL update request to the endpoint's update URL."""
    import urllib.request

    if not where.update_url:
        raise NotSupported(f"cannot write to {where.query_url}: no update endpoint (set KG_UPDATE_URL)")
    request = urllib.request.Request(
        str(where.update_url), data=body.encode("utf-8"), method="POST",
        headers={"Content-Type": "application/sparql-update"},
    )
    _http(request, str(where.update_url), timeout=3600)
