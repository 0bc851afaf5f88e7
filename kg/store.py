"""Store locations: the one module that chooses a backend. The rest of kg talks to an
rdflib ``Graph``; the quick lookups (``kg ties``, ``kg control``) read an on-disk store
without rdflib, through a kg.reader.Reader (``open_reader``).

A location is one of:
  ``memory``                    an in-memory rdflib graph, built from the bundled data (tests)
  ``oxigraph:PATH`` or ``PATH``  an on-disk Oxigraph store (the default, through oxrdflib)
  ``http(s)://...``             a remote SPARQL 1.1 endpoint (query URL; set KG_UPDATE_URL
                                for the update URL when kg should write to it)

The default location is ``$KG_STORE``, else ``$XDG_CACHE_HOME/kg/store`` (``~/.cache/kg/store``).
An on-disk store is a directory of generations: ``CURRENT`` names the live one. A build writes
a new generation and then swaps ``CURRENT`` with an atomic rename, so a failed build (or a
reader in another process) never sees a half-written store; writers take turns under the
store's write lock (kg.writelock, ``writing``), readers never wait. With no set-up, the first
command builds the bundled data into the default store; it is rebuilt when the bundled data
changes (stores built from other seed files are left alone).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, NotSupported

if TYPE_CHECKING:  # rdflib is imported when a graph is opened (kg.reader reads without it)
    from rdflib import Graph

    from .reader import Reader

__all__ = [
    "Location",
    "default_location",
    "in_process",
    "live_name_index",
    "manifest",
    "needs_build",
    "new_generation",
    "open_graph",
    "open_reader",
    "parse_location",
    "require_existing",
    "update",
    "write",
    "writing",
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
    """A new, empty generation directory in the on-disk store at ``path``, under the store's
    write lock (kg.writelock; re-entrant, so a caller that read the live generation under it
    keeps it). When the block exits normally ``info`` (the block may add to it) becomes its
    manifest and ``CURRENT`` switches to it with an atomic rename; when the block raises, the
    directory is removed and the store stays as it was. Then every generation but the new
    one and the one before it (a reader may still have it open) is removed, with what a
    writer killed mid-write left (a generation without manifest, a pointer file)."""
    from .writelock import write_lock

    path.mkdir(parents=True, exist_ok=True)
    with write_lock(path):
        previous = _live_name(path)
        # first what killed writers left: partial generations (no manifest) take disk space
        _remove_leftovers(path, keep={p.stem for p in path.glob("gen-*.json")})
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
            _remove_generation(path, name)
            raise
        _remove_leftovers(path, keep={name, previous})


def _live_name(path: Path) -> str | None:
    current = path / _CURRENT
    if not current.is_file():
        return None
    return current.read_text(encoding="utf-8").strip() or None


def _remove_generation(path: Path, name: str) -> None:
    import shutil  # not at the top: readers (`kg ties`) never need it

    from .edges import edges_file

    shutil.rmtree(path / name, ignore_errors=True)
    # the edge table of this kg, and of older ones (kg.edges)
    for side in (f"{name}.json", f"{name}.names.sqlite", f"{name}.edges.sqlite", edges_file(path, name).name):
        (path / side).unlink(missing_ok=True)


def _remove_leftovers(path: Path, keep: set[str | None]) -> None:
    """Under the write lock (no other writer is making a generation): remove every generation
    but ``keep`` and the live one: older complete ones, and the partial ones (no manifest) and
    pointer files a writer killed mid-write leaves."""
    import shutil

    keep = keep | {_live_name(path)}
    for entry in path.iterdir():
        if entry.name.startswith(f"{_CURRENT}.tmp-"):
            entry.unlink(missing_ok=True)
            continue
        if not entry.name.startswith("gen-"):
            continue
        name = entry.name.split(".", 1)[0]  # gen-X, gen-X.json, gen-X.names.sqlite(-journal)
        if name not in keep:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _write_oxigraph(path: Path, graph: Graph, info: dict) -> None:
    import pyoxigraph as ox

    from .edges import edges_file
    from .edges import write as write_edges
    from .names import NameIndex, index_file

    info = dict(info, triples=len(graph))
    with new_generation(path, info) as target:
        store = ox.Store(str(target))
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
        store.flush()
        write_edges(store, edges_file(path, target.name))  # network-edges, read back in seconds (kg.edges)
        del store
        # the name index is built with the generation, not silently by the first lookup
        NameIndex.from_graph(graph).save(index_file(path, target.name))


def _open_oxigraph(path: Path, generation: str | None = None) -> Graph:
    """The live generation of the store at ``path`` (or ``generation``), read-only: rdflib's
    store plugin "kg-oxigraph" (kg.backends.GenerationStore)."""
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    if generation is None:
        info = manifest(path)
        assert info is not None
        generation = info["generation"]
    _register_plugins()
    graph = Graph(store="kg-oxigraph", identifier=DATASET_DEFAULT_GRAPH_ID)
    graph.open(str(path / generation))
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
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    _register_plugins()
    graph = Graph(store="kg-sparql", identifier=DATASET_DEFAULT_GRAPH_ID)
    graph.open((str(location.query_url), location.update_url) if location.update_url else str(location.query_url))
    _bind_prefixes(graph)
    # names are resolved on the server, not by reading every name (kg.remotenames)
    from .names import use_index
    from .remotenames import RemoteNameIndex

    use_index(graph, RemoteNameIndex(graph, str(location.query_url)))
    return graph


def _register_plugins() -> None:
    """The backends as rdflib store plugins. An installed kg declares them as entry points
    (``rdf.plugins.store``: any rdflib program can write ``Graph(store="kg-oxigraph")``);
    registering them here as well lets a source checkout run without installing."""
    from rdflib import plugin
    from rdflib.store import Store

    plugin.register("kg-oxigraph", Store, "kg.backends", "GenerationStore")
    plugin.register("kg-sparql", Store, "kg.backends", "RemoteStore")


# --- public ------------------------------------------------------------------------------


def in_process(location: str | None) -> bool:
    """Whether the store lives in the process that opens it (``memory``): each process that
    opens it holds its own copy of the bundled data."""
    return parse_location(location).kind == "memory"


def describe(location: str | None) -> str:
    """The location as users should read it (the default made explicit)."""
    return str(parse_location(location))


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


def live_name_index(location: str | None = None) -> Path | None:
    """The name index file of the live generation of the on-disk store at ``location``; None
    for memory and remote stores, and when there is no generation or no index yet."""
    where = parse_location(location)
    if where.kind != "oxigraph" or where.path is None or not where.path.is_dir():
        return None
    info = manifest(where.path)
    if info is None:
        return None
    from .names import index_file

    index = index_file(where.path, info["generation"])
    return index if index.is_file() else None


def open_reader(location: str | None = None) -> Reader | None:
    """The live generation of the on-disk store at ``location``, read without rdflib
    (kg.reader), with its name index; None for memory and remote stores, and when there is no
    generation or no name index to read (the rdflib graph answers then: it says what is
    wrong, or builds the index)."""
    where = parse_location(location)
    if where.kind != "oxigraph" or where.path is None or not where.path.is_dir():
        return None
    info = manifest(where.path)
    if info is None:
        return None
    from .names import index_file

    index = index_file(where.path, info["generation"])
    if not index.is_file():
        return None
    import sqlite3

    from .reader import Reader

    try:
        return Reader(where.path / info["generation"], index)
    except (OSError, sqlite3.Error):
        return None  # a store or an index that will not open: the rdflib path says why


@contextmanager
def writing(location: str | None) -> Iterator[None]:
    """Hold the write lock of the on-disk store at ``location`` for the block (kg.writelock):
    a writer reads the live generation and writes the next one inside it. Memory and remote
    stores have no lock here (a server runs each update request as one transaction)."""
    where = parse_location(location)
    if where.kind != "oxigraph" or where.path is None:
        yield
        return
    from .writelock import write_lock

    with write_lock(where.path):
        yield


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


def write_user_data(location: str | None, graph: Graph, record: dict) -> str | None:
    """Replace the graph at ``location`` with ``graph`` after an import: the store now holds
    user data, so it is never rebuilt from the bundled data, and an on-disk store's manifest
    lists ``record`` among its imports (with what it kept of the manifest before). Returns the
    new generation of an on-disk store (None for the others)."""
    where = parse_location(location)
    info: dict[str, Any] = {}
    if where.kind == "oxigraph" and where.path is not None:
        info = {k: v for k, v in (manifest(where.path) or {}).items() if k not in ("generation", "triples", "built_at")}
    info["bundled"] = False  # user data: never rebuild it from the bundled seeds
    info["imports"] = list(info.get("imports", [])) + [record]
    write(location, graph, info)
    return current_generation(location)


def _write_sparql(where: Location, graph: Graph) -> None:
    """Replace the endpoint's default graph in one update request (one transaction). The name
    index of the new data is kept for its version (kg.remotenames), as an on-disk generation
    keeps its own: the graph is at hand, the server need not be read for it."""
    version = update(where, "DROP SILENT DEFAULT ;\nINSERT DATA {\n" + graph.serialize(format="nt") + "}\n")
    from .remotenames import keep_index

    keep_index(str(where.query_url), version, graph)


def update(where: Location, body: str) -> str:
    """Send one SPARQL update request to the endpoint's update URL; the same request gives the
    data a new version (kg:dataVersion, a value never given before), which is returned: what kg
    keeps between commands about a server's data (kg.remotenames) is kept under that value and
    used only while the server still gives the same one."""
    import urllib.request
    import uuid

    from .remotenames import DATA_VERSION, DATA_VERSION_SUBJECT

    if not where.update_url:
        raise NotSupported(f"cannot write to {where.query_url}: no update endpoint (set KG_UPDATE_URL)")
    version = f"{time.strftime('%Y-%m-%dT%H:%M:%S%z')} {uuid.uuid4().hex}"
    body = (body.rstrip() + " ;\n"
            f"DELETE WHERE {{ <{DATA_VERSION_SUBJECT}> <{DATA_VERSION}> ?version }} ;\n"
            f'INSERT DATA {{ <{DATA_VERSION_SUBJECT}> <{DATA_VERSION}> "{version}" }}\n')
    request = urllib.request.Request(
        str(where.update_url), data=body.encode("utf-8"), method="POST",
        headers={"Content-Type": "application/sparql-update"},
    )
    from .backends import http

    http(request, str(where.update_url), timeout=3600)
    return version
