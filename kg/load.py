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
ones). A load of a file of triples into an empty on-disk store does two things at once: the
bulk loader's thread writes the store (Rust, outside Python's lock), then checks the dates,
writes the name keys and counts the triples, while this thread reads the file again (an
N-Triples file's plain lines in C, kg._ntscan, where it was built) and makes the name keys, the
name index and the edge table from what it read (kg.loaded). Triples go into the default graph, the one kg's queries read; graph names in N-Quads
or TriG are dropped. A loaded store holds user data: its manifest says ``"bundled": false``,
so kg never rebuilds it from the bundled data.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from .errors import InputError, ParseError
from .stdio import STDIN_NAME, is_spooled, no_file, spooled

if TYPE_CHECKING:
    from .loaded import Seen
    from .loadnames import KeyTriples

__all__ = ["FORMATS", "FORMAT_NAMES", "LoadResult", "format_of", "load", "total_bytes"]

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
# --format NAME (kg load): for standard input, or files whose suffix says nothing
FORMAT_NAMES = {"turtle": "TURTLE", "nt": "N_TRIPLES", "nquads": "N_QUADS", "jsonld": "JSON_LD", "trig": "TRIG",
                "rdfxml": "RDF_XML"}

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


def format_of(path: Path, given: str | None = None) -> Any:
    """The pyoxigraph RdfFormat for ``path``: ``given`` (a name of FORMAT_NAMES), else its suffix."""
    import pyoxigraph as ox

    return getattr(ox.RdfFormat, _format_name(path, given))


def _format_name(path: Path, given: str | None = None) -> str:
    if given is not None:
        if given not in FORMAT_NAMES:
            raise InputError(f"unknown RDF format {given!r}; known: {', '.join(FORMAT_NAMES)}")
        return FORMAT_NAMES[given]
    name = FORMATS.get(path.suffix.lower())
    if name is None:
        if is_spooled(path):
            raise InputError(f"standard input has no file suffix to tell its RDF format: give --format "
                             f"({', '.join(FORMAT_NAMES)})")
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"{path}: unknown RDF format {path.suffix or '(no suffix)'!r}; known suffixes: {known} "
                         f"(or give --format)")
    return name


def total_bytes(paths: Sequence[Path | IO[bytes]]) -> int:
    return sum(p.stat().st_size for p in paths if isinstance(p, Path) and p.is_file())


class _Counting:
    """A binary file that reports how many bytes have been read (for a progress bar) and
    refuses a NUL byte: RDF text never holds one raw (a binary or damaged file does)."""

    def __init__(self, file: IO[bytes], progress: Progress | None, path: Path):
        self._file, self._progress, self._path = file, progress, path
        self._lines = 0  # line breaks read so far

    def read(self, size: int = -1) -> bytes:
        data = self._file.read(size)
        if data:
            nul = data.find(b"\x00")
            if nul >= 0:
                line = self._lines + data.count(b"\n", 0, nul) + 1
                raise ParseError(_display(self._path), line, None,
                                 "a NUL byte (0x00): RDF text never holds one raw (write \\u0000 in a literal); "
                                 "is this a binary or damaged file?")
            self._lines += data.count(b"\n")
            if self._progress:
                self._progress(len(data))
        return data


def _display(path: Path) -> str:
    if is_spooled(path):  # standard input, spooled into a temporary file (kg.stdio)
        return STDIN_NAME
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _parse_error(path: Path, error: SyntaxError) -> ParseError:
    """ParseError with the file, line and column of a pyoxigraph syntax error. Its RDF/XML and
    some JSON-LD errors come without a place: the first line holding what the message quotes
    ('...', `...`, a prefix, a JSON-LD keyword) is given then."""
    import re

    message = str(error.msg or error).strip()
    if message.startswith("Parser error") and ": " in message:
        message = message.split(": ", 1)[1]
    if "\ufeff" in message and error.lineno in (1, None):
        message = ("the file starts with a byte-order mark (BOM, U+FEFF), which this RDF format does not allow: "
                   "save it as UTF-8 without a BOM")
    line, column = error.lineno, error.offset
    if "LoadDocumentCallback" in message:  # pyoxigraph never fetches a remote JSON-LD context
        message = "a remote @context: kg never fetches documents from the web; put the context in the file"
    if line is None:
        quoted = [a or b for a, b in re.findall(r"'([^'\n]+)'|`([^`\n]+)`", message)]
        quoted += re.findall(r"prefix (\S+:)", message) + [f'"{k}"' for k in re.findall(r"(@[a-z]+)", message)]
        line, column = _first_line_with(path, quoted)
    return ParseError(_display(path), line, column, message)


def too_long(path: Path, error: MemoryError) -> ParseError:
    """ParseError for a term longer than the parser takes (pyoxigraph's buffer stops at 16 MiB: "Reached
    the buffer maximal size of 16777216"), at the first line that long."""
    limit = int(m.group(0)) if (m := re.search(r"\d{6,}", str(error))) else 16 * 1024 * 1024
    line = None
    with path.open("rb") as lines:
        for number, text in enumerate(iter(lambda: lines.readline(limit + 1), b""), 1):
            if len(text) > limit:
                line = number
                break
    return ParseError(_display(path), line, None, f"a literal or an IRI longer than {limit // (1024 * 1024)} MiB, the "
                                                  "most the RDF parser takes: is this file damaged, or a value that "
                                                  "belongs in a file of its own?")


def _first_line_with(path: Path, texts: list[str]) -> tuple[int | None, int | None]:
    """The line and column of the first of ``texts`` found in ``path`` (each tried in turn)."""
    for text in texts:
        needle = text.encode("utf-8", "replace")
        with path.open("rb") as lines:
            for number, line in enumerate(lines, 1):
                if needle in line:
                    return number, line.index(needle) + 1
    return None, None


def _check(paths: list[Path], given: str | None = None) -> None:
    if not paths:
        raise InputError("no files to load")
    for path in paths:
        _format_name(path, given)
        if not path.is_file():
            raise ParseError(_display(path), None, None, no_file(path))


def _base(path: Path) -> str:
    """The base IRI of relative IRIs in ``path``: the file's URI; for standard input, the
    current directory's."""
    return Path.cwd().as_uri() + "/" if is_spooled(path) else path.resolve().as_uri()


def _load_into(store: Any, paths: list[Path], progress: Progress | None, given: str | None = None,
               seen: Seen | None = None, meanwhile: Callable[[], None] | None = None,
               then: Callable[[Any], None] | None = None, handed: threading.Event | None = None,
               dated: Callable[[], bool] | None = None) -> None:
    """Stream ``paths`` into the pyoxigraph ``store``'s default graph; ``seen`` (kg.loaded)
    is given every triple as it goes by: for a format of triples Oxigraph's bulk loader reads
    the file in a thread of its own (its work is in Rust, without Python's lock) while this
    thread parses it again for ``seen``, so the load takes about as long as the bulk load
    alone. ``meanwhile`` is called once every triple has been seen, while the bulk loader may
    still write the last file (kg.load derives from what was seen then). Then the dates are
    checked and ``then`` is called with the store (both in the loader's thread when there is one: store work,
    done while ``meanwhile`` runs; ``handed`` is set when this thread is done with ``meanwhile``, or
    failed before it, so that ``then`` may wait for what it makes); the dates are not checked when ``dated`` says
    what was seen holds only plainly valid ones. A file that does not parse, holds a NUL byte,
    declares XML entities or holds no triple at all (empty, only comments, or everything in it
    dropped as invalid JSON-LD) raises ParseError."""
    import pyoxigraph as ox

    def finish() -> None:
        if dated is None or not dated():
            _check_dates(store, paths)
        if then is not None:
            then(store)

    done = False
    for number, path in enumerate(paths, 1):
        last = number == len(paths)
        name = _format_name(path, given)
        fmt, quads, base = format_of(path, given), name in _QUADS, _base(path)
        try:
            if name == "RDF_XML":
                from .xmlguard import check_rdfxml

                check_rdfxml(path, _display(path))  # entity bombs, XXE, deep nesting, before the parser
            elif name == "JSON_LD":
                from .jsonldguard import check_jsonld

                check_jsonld(path, _display(path))  # what JSON-LD would drop without a word
            with path.open("rb") as raw:  # the first triple, before anything is written
                if next(iter(ox.parse(cast(IO[bytes], _Counting(raw, None, path)), fmt, base_iri=base)), None) is None:
                    raise ParseError(_display(path), None, None,
                                     "no triples in the file (it is empty, holds only comments, or JSON-LD "
                                     "that gives no valid triple)")
            with path.open("rb") as raw:
                source = cast(IO[bytes], _Counting(raw, progress, path))  # a file that counts what is read
                if quads:  # keep the triples (drop graph names), show each
                    store.bulk_extend(_shown(ox.parse(source, fmt, base_iri=base), seen))
                elif seen is not None:
                    _load_beside(store, path, fmt, base, seen, source, meanwhile if last else None,
                                 finish if last else None, handed if last else None)
                    done = last
                else:
                    store.bulk_load(source, fmt, base_iri=base, to_graph=ox.DefaultGraph())
        except SyntaxError as error:
            raise _parse_error(path, error) from None
        except MemoryError as error:
            if "maximal size" not in str(error):
                raise
            raise too_long(path, error) from None
        except UnicodeDecodeError as error:
            raise ParseError(_display(path), None, None, f"not UTF-8 text ({error.reason})") from None
    if not done:
        if meanwhile is not None:
            meanwhile()
        finish()


_SWITCH_INTERVAL = 0.0002  # seconds (Python's default: 0.005)


def _load_beside(store: Any, path: Path, fmt: Any, base: str, seen: Seen, source: IO[bytes],
                 meanwhile: Callable[[], None] | None = None, after: Callable[[], None] | None = None,
                 handed: threading.Event | None = None) -> None:
    """Bulk load the triples of ``path`` into ``store`` in a thread, then call ``after`` in
    it, while ``seen`` is given them here, parsed from ``source`` (the same file, read as it
    counts), then ``meanwhile`` is called here and ``handed`` set (also when this thread
    fails: ``after`` may wait for it); an error of either thread is raised once both
    are done (this thread's first: it is the same parser's, met as early)."""
    import pyoxigraph as ox

    failed: list[BaseException] = []

    def bulk() -> None:
        try:
            store.bulk_load(path=str(path), format=fmt, base_iri=base, to_graph=ox.DefaultGraph())
            if after is not None:
                after()
        except Exception as error:  # noqa: BLE001 - raised in the caller's thread, below
            failed.append(error)

    loader = threading.Thread(target=bulk, name="kg-bulk-load")
    # the bulk loader takes Python's lock now and then: with the default switch interval it
    # waits up to 5 ms for it each time while this thread parses (several times slower at 1M)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(_SWITCH_INTERVAL)
    loader.start()
    try:
        # without the parser's checks of IRIs and the like (a fifth of the parse): the bulk
        # loader makes them on the same file, and its error names the same file, line and column
        if fmt == ox.RdfFormat.N_TRIPLES:  # its plain lines read in C (kg._ntscan), where it is built
            seen.feed_ntriples(source, base)
        else:
            seen.feed(ox.parse(source, fmt, base_iri=base, lenient=True))
        if meanwhile is not None:
            meanwhile()
    finally:
        if handed is not None:
            handed.set()
        loader.join()  # the store is not given up (or removed) while the loader writes into it
        sys.setswitchinterval(interval)
    if failed:
        raise failed[0]


def _shown(quads: Any, seen: Seen | None) -> Any:
    """The triples of ``quads`` in the default graph, each given to ``seen`` first."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    for quad in quads:
        # a new Quad only for a named graph's triple: making one costs more than the parse
        triple = quad if quad.graph_name == default else ox.Quad(quad.subject, quad.predicate, quad.object)
        if seen is not None:
            seen.add(triple)
        yield triple


# kg's properties whose values are xsd:date (ontology/kg.ttl); the derived spans come from them
_DATE_PROPERTIES = ("start", "end", "attested", "claimDate", "retrieved", "unListedOn")
_BAD_DATES = """
PREFIX kg: <https://w3id.org/armed-groups-kg/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?p ?o WHERE {
  VALUES ?p { %s }
  ?s ?p ?o
  FILTER (!isLiteral(?o) || DATATYPE(?o) != xsd:date || !COALESCE(BOUND(?o) && xsd:date(STR(?o)) = ?o, false))
} LIMIT 1"""


def _check_dates(store: Any, paths: list[Path]) -> None:
    """A value of one of kg's date properties that is not a valid date (``"2015-02-30"^^xsd:date``,
    a plain string, an IRI) would silently drop its statement from every date query: refused,
    at the first line of the files that holds it (or as already in the store)."""
    query = _BAD_DATES % " ".join(f"kg:{name}" for name in _DATE_PROPERTIES)
    for row in store.query(query):
        why = f"kg:{row['p'].value.rsplit('#', 1)[-1]} {row['o']} is not a valid date (YYYY-MM-DD, a real day)"
        for path in paths:
            line, column = _first_line_with(path, [row["o"].value])
            if line is not None:
                raise ParseError(_display(path), line, column, why)
        raise InputError(f"{why}; it is in the store already, not in {', '.join(_display(p) for p in paths)}: "
                         "correct it there (a SPARQL update, or kg export, fix, kg load --replace)")


_MISSING_SPANS = """
PREFIX kg: <https://w3id.org/armed-groups-kg/ontology#>
ASK {
  VALUES ?kind { kg:MembershipStatement kg:AffiliationStatement kg:ControlStatement
                 kg:CooperationStatement kg:HostilityStatement kg:LineageStatement }
  ?statement a ?kind .
  FILTER NOT EXISTS { ?statement kg:certainFrom ?from }
}"""


def _derive_spans(oxstore: Any) -> bool:
    """Loaded statements without their derived spans get them (kg.spans), so that no date
    query silently leaves them out; data that carries them (kg export, bench/generate.py)
    is left as it is. Returns whether any were derived."""
    from .spans import derive_spans_oxigraph

    if oxstore.query(_MISSING_SPANS):
        derive_spans_oxigraph(oxstore)
        return True
    return False


def _derive_within(oxstore: Any) -> None:
    """Every loaded place gets kg:within (itself and the places containing it,
    queries/derive/within.rq), which the place queries start from; the rule only adds, so
    data that carries it already is unchanged."""
    import pyoxigraph as ox

    from . import resources

    rule = (resources.queries_dir() / "derive" / "within.rq").read_text(encoding="utf-8")
    oxstore.bulk_extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in oxstore.query(rule)])


def load(paths: Sequence[Path | IO[bytes]], location: str | None = None, *, replace: bool = False,
         progress: Progress | None = None, indexing: Callable[[], Progress | None] | None = None,
         format: str | None = None) -> LoadResult:
    """Add the triples in ``paths`` to the store at ``location`` (default: the configured
    store), or with ``replace`` make them its whole content. All or nothing. ``progress`` is
    called with the number of bytes read as the files stream in. An on-disk store gets its
    name index built with the new generation (seconds at a million triples, where the first
    lookup would otherwise build it); ``indexing`` is called when that starts and may return
    a callback for the number of names indexed.

    ``format`` (a name of FORMAT_NAMES) is the format of every file, whatever its suffix; an
    open binary stream (standard input) is read once, into a temporary file, and named
    ``<stdin>`` in messages: it needs ``format``."""
    with ExitStack() as spools:
        files = [p if isinstance(p, Path | str) else spools.enter_context(spooled(p)) for p in paths]
        return _load(location, [Path(p) for p in files], replace, progress, indexing, format)


def _load(location: str | None, paths: list[Path], replace: bool, progress: Progress | None,
          indexing: Callable[[], Progress | None] | None, given: str | None) -> LoadResult:
    from . import store
    from .collector import paused

    _check(paths, given)
    with paused():  # a load keeps millions of small lists and tuples, no cycles (kg.collector)
        return _load_to(store.parse_location(location), location, paths, replace, progress, indexing, given)


def _load_to(where: Any, location: str | None, paths: list[Path], replace: bool, progress: Progress | None,
             indexing: Callable[[], Progress | None] | None, given: str | None) -> LoadResult:
    from . import store

    started = time.perf_counter()
    files = [_display(p) if is_spooled(p) else str(p) for p in paths]
    formats = [format_of(p, given).name for p in paths]
    generation: str | None
    if where.kind == "oxigraph":
        assert where.path is not None
        with store.writing(location):  # from reading the live generation to the switch
            before, added, triples, generation = _load_oxigraph(where.path, paths, replace, progress, indexing,
                                                                given)
    else:
        before, triples, _ = _load_elsewhere(where, paths, replace, progress, given)
        added, generation = triples - before, None
    return LoadResult(str(where), files, triples, added, time.perf_counter() - started, generation, formats)


def _load_oxigraph(path: Path, paths: list[Path], replace: bool, progress: Progress | None,
                   indexing: Callable[[], Progress | None] | None = None,
                   given: str | None = None) -> tuple[int, int, int, str]:
    import pyoxigraph as ox

    from . import loadnames, store
    from .edgerows import BlankNodes, rows_of
    from .edges import edges_file, write_rows
    from .edges import write as write_edges
    from .loaded import Seen
    from .namekeys import KG, derive_name_keys_oxigraph
    from .names import NameIndex, index_file

    if path.exists() and not path.is_dir():
        raise InputError(f"store location {path} is a file, not a directory")
    live = store.manifest(path)
    before = 0 if replace or live is None else int(live.get("triples") or 0)
    info: dict[str, Any] = {
        "bundled": False,
        "fingerprint": None,
        "files": ([] if replace or live is None else list(live.get("files") or [])) + [
            _display(p) if is_spooled(p) else str(p) for p in paths],
        "loaded_onto": None if replace or live is None else live["generation"],
    }
    with store.new_generation(path, info) as target:
        if live is not None and not replace:
            ox.Store.read_only(str(path / live["generation"])).backup(str(target))
        oxstore = ox.Store(str(target))
        made = _Made()
        try:
            if live is not None and not replace and not live.get("triples"):
                before = len(oxstore)
            fresh = replace or live is None  # the loaded triples are the store's whole content
            seen = Seen(KG + name for name in _DATE_PROPERTIES)

            handed = threading.Event()  # set once derive() has made the name keys, or failed

            def derive() -> None:
                """What the data lacks and the name keys, the name index and the edge table,
                from the triples seen, while the bulk loader still writes them (a load into
                an empty store: they are all it holds)."""
                try:
                    made.spans, made.within = seen.spans_carried(), seen.within_carried()
                    made.dated = seen.dates_plain()
                    labels = seen.labelled()
                    keys, made.keys = loadnames.key_triples(labels)
                    made.keyed = True
                finally:
                    handed.set()
                counted = indexing() if indexing is not None else None
                loadnames.save_index(labels, keys, index_file(path, target.name), counted)
                if made.spans:  # else the edge table is read from the store, with its new spans
                    try:
                        rows = rows_of(seen.collected)
                    except BlankNodes:  # the store's blank nodes are not the parser's: read it after
                        return
                    write_rows(edges_file(path, target.name), rows)
                    made.edges = True

            def then(loaded: Any) -> None:
                """In the loader's thread, once the files are in and their dates checked, while
                derive() runs: the name keys written as soon as they are made, then counted."""
                handed.wait()
                if made.keyed:
                    loadnames.write_key_triples(loaded, made.keys)
                    made.count = len(loaded)

            def dated() -> bool:
                """In the loader's thread: whether the dates seen are all plainly valid (the
                store holds only what was seen), once derive() says."""
                handed.wait()
                return made.dated

            _load_into(oxstore, paths, progress, given, seen, derive if fresh else None, then if fresh else None,
                       handed if fresh else None, dated if fresh else None)
            # what the data carries already is not derived again (checked on what was read)
            derived = False
            if not (made.spans if fresh else seen.spans_carried()):
                derived = _derive_spans(oxstore)
            if not (fresh and made.within):
                _derive_within(oxstore)
                derived = True
            if not fresh:
                derive_name_keys_oxigraph(oxstore)
            oxstore.flush()
            # the loaded triples and their name keys, counted in the loader's thread unless more was derived
            triples = made.count if made.count is not None and not derived else len(oxstore)
            info["triples"] = triples
            if not fresh:
                counted = indexing() if indexing is not None else None
                NameIndex.from_oxigraph(oxstore, counted).save(index_file(path, target.name))
            if not made.edges:  # the edge table from the store: it holds others, or new spans
                write_edges(oxstore, edges_file(path, target.name), None)
        except BaseException as error:
            # close the store before new_generation removes its directory: RocksDB writes
            # into it when it closes, which would bring the directory back as an orphan
            del oxstore
            _forget_frames(error)
            raise
        del oxstore
    return before, triples - before, triples, target.name


@dataclass
class _Made:
    """What a load into an empty store derived from the triples it saw (kg.loaded)."""

    spans: bool = False  # every statement carries its spans
    within: bool = False  # every place carries its kg:within
    keys: KeyTriples | None = None  # the name keys to write (kg.loadnames.key_triples)
    keyed: bool = False  # keys made (None: the data carries them)
    dated: bool = False  # every date seen is plainly valid (kg.loaded.Seen.dates_plain)
    edges: bool = False  # the edge table is written
    count: int | None = None  # the triples in the store once the files and the name keys are in


def _forget_frames(error: BaseException | None) -> None:
    """Drop the tracebacks of ``error`` and the errors it came from: their frames hold the
    open store."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        error.__traceback__ = None
        error = error.__cause__ or error.__context__


def _load_elsewhere(where: Any, paths: list[Path], replace: bool, progress: Progress | None,
                    given: str | None = None) -> tuple[int, int, None]:
    """Memory or a remote endpoint: parse locally into a scratch store, then add in one step."""
    import pyoxigraph as ox
    from rdflib import Graph

    from . import store
    from .namekeys import derive_name_keys_oxigraph

    scratch = ox.Store()
    _load_into(scratch, paths, progress, given)
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
