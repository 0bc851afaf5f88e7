"""Bulk load: add RDF files (Turtle, N-Triples, N-Quads, JSON-LD, TriG, RDF/XML) to a store,
atomically. Part of the store layer (with kg.store and kg.backends): how to load fast depends on
the backend, so this is one of the three modules that ask which backend a location is.

On an on-disk Oxigraph store (the fast path for big files) the live generation is copied
with a RocksDB checkpoint (hard links, so it costs milliseconds), the files are streamed into
the copy with pyoxigraph's ``bulk_load``, and ``CURRENT`` switches to it only when every file
loaded. A file that does not parse raises ParseError with file:line and the store stays on
its old generation. Into ``memory`` and a remote endpoint the files are parsed locally first
(so errors name file:line as well) and then added in one step: one update request for a
remote endpoint, which the server runs as one transaction.

Every load derives what kg derives from the data where it is missing: the statements' spans
(kg.spans), every place's kg:within (queries/derive/within.rq) and the name keys of the labels
(kg.namekeys; on disk made again for every label, into memory or a server for the loaded
ones). Triples go into the default graph, the one kg's queries read; graph names in N-Quads
or TriG are dropped. A loaded store holds user data: its manifest says ``"bundled": false``,
so kg never rebuilds it from the bundled data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from .errors import InputError, ParseError

__all__ = ["FORMATS", "LoadResult", "format_of", "load", "total_bytes"]

# file suffix -> pyoxigraph RdfFormat attribute name
FORMATS = {
    ".ttl": "TURTLE", ".turtle": "TURTLE",
    ".nt": "N_TRIPLES", ".ntriples": "N_TRIPLES",
    ".nq": "N_QUADS", ".nquads": "N_QUADS",
    ".jsonld": "JSON_LD", ".json": "JSON_LD",
    ".trig": "TRIG",
    ".rdf": "RDF_XML", ".owl": "RDF_XML",
}
_QUADS = {"N_QUADS", "TRIG"}

Progress = Callable[[int], None]


@dataclass
class LoadResult:
    location: str
    files: list[str]
    triples: int  # in the store after the load
    added: int  # net new triples
    seconds: float
    generation: str | None = None
    formats: list[str] = field(default_factory=list)


def format_of(path: Path) -> Any:
    """The pyoxigraph RdfFormat for ``path``, from its suffix."""
    import pyoxigraph as ox

    name = FORMATS.get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"{path}: unknown RDF format {path.suffix or '(no suffix)'!r}; known suffixes: {known}")
    return getattr(ox.RdfFormat, name)


def total_bytes(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths if p.is_file())


class _Counting:
    """A binary file that reports how many bytes have been read (for a progress bar)."""

    def __init__(self, file: IO[bytes], progress: Progress | None):
        self._file, self._progress = file, progress

    def read(self, size: int = -1) -> bytes:
        data = self._file.read(size)
        if self._progress and data:
            self._progress(len(data))
        return data


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _parse_error(path: Path, error: SyntaxError) -> ParseError:
    message = str(error.msg or error).strip()
    if message.startswith("Parser error") and ": " in message:
        message = message.split(": ", 1)[1]
    return ParseError(_display(path), error.lineno, error.offset, message)


def _check(paths: list[Path]) -> None:
    if not paths:
        raise InputError("no files to load")
    for path in paths:
        if not path.is_file():
            raise ParseError(_display(path), None, None, "no such file")
        format_of(path)


def _load_into(store: Any, paths: list[Path], progress: Progress | None) -> None:
    """Stream ``paths`` into the pyoxigraph ``store``'s default graph."""
    import pyoxigraph as ox

    for path in paths:
        fmt = format_of(path)
        quads = FORMATS[path.suffix.lower()] in _QUADS
        with path.open("rb") as raw:
            source = cast(IO[bytes], _Counting(raw, progress))  # a file that counts what is read
            try:
                if quads:  # keep the triples, drop the graph names
                    store.bulk_extend(
                        ox.Quad(q.subject, q.predicate, q.object)
                        for q in ox.parse(source, fmt, base_iri=path.resolve().as_uri())
                    )
                else:
                    store.bulk_load(source, fmt, base_iri=path.resolve().as_uri(), to_graph=ox.DefaultGraph())
            except SyntaxError as error:
                raise _parse_error(path, error) from None
            except UnicodeDecodeError as error:
                raise ParseError(_display(path), None, None, f"not UTF-8 text ({error.reason})") from None


_MISSING_SPANS = """
PREFIX kg: <https://w3id.org/armed-groups-kg/ontology#>
ASK {
  VALUES ?kind { kg:MembershipStatement kg:AffiliationStatement kg:ControlStatement
                 kg:CooperationStatement kg:HostilityStatement kg:LineageStatement }
  ?statement a ?kind .
  FILTER NOT EXISTS { ?statement kg:certainFrom ?from }
}"""


def _derive_spans(oxstore: Any) -> None:
    """Loaded statements without their derived spans get them (kg.spans), so that no date
    query silently leaves them out; data that carries them (kg export, bench/generate.py)
    is left as it is."""
    from .spans import derive_spans_oxigraph

    if oxstore.query(_MISSING_SPANS):
        derive_spans_oxigraph(oxstore)


def _derive_within(oxstore: Any) -> None:
    """Every loaded place gets kg:within (itself and the places containing it,
    queries/derive/within.rq), which the place queries start from; the rule only adds, so
    data that carries it already is unchanged."""
    import pyoxigraph as ox

    from . import resources

    rule = (resources.queries_dir() / "derive" / "within.rq").read_text(encoding="utf-8")
    oxstore.bulk_extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in oxstore.query(rule)])


def load(paths: list[Path], location: str | None = None, *, replace: bool = False,
         progress: Progress | None = None, indexing: Callable[[], Progress | None] | None = None) -> LoadResult:
    """Add the triples in ``paths`` to the store at ``location`` (default: the configured
    store), or with ``replace`` make them its whole content. All or nothing. ``progress`` is
    called with the number of bytes read as the files stream in. An on-disk store gets its
    name index built with the new generation (seconds at a million triples, where the first
    lookup would otherwise build it); ``indexing`` is called when that starts and may return
    a callback for the number of names indexed."""
    from . import store

    paths = [Path(p) for p in paths]
    _check(paths)
    where = store.parse_location(location)
    started = time.perf_counter()
    files = [str(p) for p in paths]
    formats = [format_of(p).name for p in paths]
    generation: str | None
    if where.kind == "oxigraph":
        assert where.path is not None
        with store.writing(location):  # from reading the live generation to the switch
            before, added, triples, generation = _load_oxigraph(where.path, paths, replace, progress, indexing)
    else:
        before, triples, _ = _load_elsewhere(where, paths, replace, progress)
        added, generation = triples - before, None
    return LoadResult(str(where), files, triples, added, time.perf_counter() - started, generation, formats)


def _load_oxigraph(path: Path, paths: list[Path], replace: bool, progress: Progress | None,
                   indexing: Callable[[], Progress | None] | None = None) -> tuple[int, int, int, str]:
    import pyoxigraph as ox

    from . import store
    from .namekeys import derive_name_keys_oxigraph
    from .names import NameIndex, index_file

    if path.exists() and not path.is_dir():
        raise InputError(f"store location {path} is a file, not a directory")
    live = store.manifest(path)
    before = 0 if replace or live is None else int(live.get("triples") or 0)
    info: dict[str, Any] = {
        "bundled": False,
        "fingerprint": None,
        "files": ([] if replace or live is None else list(live.get("files") or [])) + [str(p) for p in paths],
        "loaded_onto": None if replace or live is None else live["generation"],
    }
    with store.new_generation(path, info) as target:
        if live is not None and not replace:
            ox.Store.read_only(str(path / live["generation"])).backup(str(target))
        oxstore = ox.Store(str(target))
        if live is not None and not replace and not live.get("triples"):
            before = len(oxstore)
        _load_into(oxstore, paths, progress)
        _derive_spans(oxstore)
        _derive_within(oxstore)
        derive_name_keys_oxigraph(oxstore)
        oxstore.flush()
        triples = len(oxstore)
        info["triples"] = triples
        counted = indexing() if indexing is not None else None
        NameIndex.from_oxigraph(oxstore, counted).save(index_file(path, target.name))
        del oxstore
    return before, triples - before, triples, target.name


def _load_elsewhere(where: Any, paths: list[Path], replace: bool, progress: Progress | None) -> tuple[int, int, None]:
    """Memory or a remote endpoint: parse locally into a scratch store, then add in one step."""
    import pyoxigraph as ox
    from rdflib import Graph

    from . import store
    from .namekeys import derive_name_keys_oxigraph

    scratch = ox.Store()
    _load_into(scratch, paths, progress)
    _derive_spans(scratch)
    _derive_within(scratch)
    derive_name_keys_oxigraph(scratch)  # a server resolves names with them (kg.remotenames)
    data = scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    assert data is not None
    if where.kind == "memory":
        from .namespaces import bind_prefixes

        graph = bind_prefixes(Graph())
        current = Graph() if store.needs_build("memory") else store.open_graph("memory")
        before = len(current)
        if not replace:
            graph += current
        else:
            before = 0
        graph.parse(data=data.decode("utf-8"), format="nt")
        store.write("memory", graph, {"bundled": False})
        return before, len(graph), None
    remote = store.open_graph(str(where))
    before = 0 if replace else len(remote)
    body = ("DROP SILENT DEFAULT ;\n" if replace else "") + "INSERT DATA {\n" + data.decode("utf-8") + "}\n"
    store.update(where, body)
    return before, len(remote), None
