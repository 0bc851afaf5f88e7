"""The typed public API: one object on one store, the way the CLI, the server and a notebook
use kg.

    >>> import kg
    >>> db = kg.open("memory")                       # or an on-disk store, or an endpoint URL
    >>> [(t.relation, t.other) for t in db.ties("Jaish al-Fath", at="2015-03-27").ties]
    [('has member', 'Ahrar al-Sham'), ('led by', 'al-Nusra Front'), ('hostile to', 'Syrian government forces')]
    >>> [(r.place, r.controller, r.certainty) for r in db.control("Idlib", at="2015-04-01").rows]
    [('Idlib', 'Jaish al-Fath', 'possibly in force')]
    >>> db.lineage("al-Nusra", at="2016-09-01").in_use[0].name
    'Jabhat Fateh al-Sham'
    >>> db.query("control-at", place="Idlib", date="2015-03-28").rows[0]["controllerLabel"]
    'Syrian government forces'

Every method returns a dataclass the CLI renders; with pandas installed (``pip install
'kg[pandas]'``) each has ``to_pandas()``, and Jupyter shows each as a table. Dates are
``datetime.date`` or ``YYYY-MM-DD`` text (anything else is refused, never guessed). Errors are
``kg.errors.KGError`` subclasses, each with its exit code and HTTP status.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

    from .build import BuildResult
    from .extract import Extraction
    from .importers.common import Report as ImportReport
    from .importers.statements import Batch
    from .lineage import Lineage
    from .load import LoadResult
    from .network import Connection
    from .queries import QueryList
    from .reader import Reader
    from .ties import Control, Ties
    from .update import Change
    from .validate import Report

from .tabular import Table

__all__ = ["KG", "ImportResult", "Match", "QueryResult", "RowStream", "SearchResult", "Table", "View", "open"]

# a control character no news report holds (tabs, line and page breaks aside): a binary file, or text
# decoded with the wrong codec (Windows quotes read as Latin-1 give U+0093 and U+0094)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _plain_report(text: str, where: str) -> str:
    """A report's text with its page breaks made line breaks; a control character is refused with
    its line and column (the rules would read it as a letter of a word, slowly and wrongly)."""
    from .errors import InputError

    bad = _CONTROL.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise InputError(f"{where}line {line}, column {column}: a control character (U+{ord(bad.group()):04X}); "
                         "a news report is plain text: is this a binary file, or text saved in another encoding?")
    return text.replace("\f", "\n").replace("\v", "\n")


MAX_REPORT = 200_000  # characters in one report kg extract reads: ten long feature articles (its time grows linearly)

EXPORT_FORMATS = ("turtle", "nt", "jsonld", "csv", "events-csv", "statements-csv", "graphml", "gexf", "geojson")
Day = dt.date | str | Any | None  # also a datetime, pandas.Timestamp or numpy.datetime64: its day
Progress = Callable[[str], None]


def _day(value: Day, what: str = "at") -> dt.date | None:
    """The day ``value`` names: ``YYYY-MM-DD`` text (strict, kg.timespan.parse_date), a
    ``date``, or the day of a ``datetime`` (``pandas.Timestamp`` is one) or a
    ``numpy.datetime64``, as a notebook has them; a missing one (NaT) is refused."""
    from .errors import InputError
    from .timespan import parse_date

    if type(value).__name__ == "datetime64" and hasattr(value, "astype"):  # numpy, without importing it
        value = value.astype("datetime64[D]").item()  # type: ignore[union-attr] # a date; None for NaT
        if value is None:
            raise InputError(f"{what}: NaT is not a date")
    if type(value).__name__ == "NaTType":  # pandas' missing time passes for a datetime
        raise InputError(f"{what}: NaT is not a date")
    if isinstance(value, dt.datetime):
        value = value.date()
    return parse_date(value, what)


@dataclass
class Match:
    """A name search hit: the resource, its kind, a score (0-100) and a note on how it matched
    when not exactly ("spelling", "lacks 'free'")."""

    name: str
    kind: str
    score: float
    iri: str
    note: str = ""


@dataclass
class SearchResult(Table):
    text: str
    matches: list[Match]

    def records(self) -> list[dict[str, Any]]:
        return [{"name": m.name, "kind": m.kind, "score": m.score, "iri": m.iri, "note": m.note} for m in self.matches]


@dataclass
class QueryResult(Table):
    """A SPARQL answer with typed rows: SELECT rows map variables to Python values (str,
    date, int, Decimal, ...; IRIs as text; None when unbound); ASK gives ``boolean``;
    CONSTRUCT/DESCRIBE give ``triples``. ``result`` is rdflib's, for serialising."""

    name: str
    type: str
    variables: list[str]
    rows: list[dict[str, Any]]
    boolean: bool | None = None
    triples: list[tuple[str, str, Any]] = field(default_factory=list)
    result: Any = field(default=None, repr=False)

    def records(self) -> list[dict[str, Any]]:
        if self.type == "ASK":
            return [{"boolean": self.boolean}]
        if self.type in ("CONSTRUCT", "DESCRIBE"):
            return [{"subject": s, "predicate": p, "object": o} for s, p, o in self.triples]
        return self.rows

    @property
    def is_violation(self) -> bool:
        """A ``*-violation`` check that found rows (the CLI exits 1)."""
        return self.name.endswith("-violation") and self.type == "SELECT" and bool(self.rows)


class RowStream:
    """The rows of a SELECT query as the store finds them (:meth:`KG.stream`), read once."""

    def __init__(self, name: str, variables: list[str], result: Any):
        self.name, self.variables, self._result = name, variables, result

    def terms(self) -> Iterator[tuple[Any, ...]]:
        """Each row as a tuple of RDF terms (None when unbound), in :attr:`variables` order."""
        for row in self._result:
            yield tuple(row)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for row in self.terms():
            yield {v: _python(term) for v, term in zip(self.variables, row)}


@dataclass
class ImportResult:
    """What an import or ``add`` did: ``batch`` (CSV rows checked) or ``report`` (a dataset's
    matched/created/skipped/conflicts), and ``change`` (triples added, spans closed, ...)."""

    change: Change
    batch: Batch | None = None
    report: ImportReport | None = None


@dataclass
class View:
    """A network page: ``html`` (self-contained), the networkx graph it draws, and ``save``."""

    html: str
    network: nx.MultiDiGraph = field(repr=False)

    @property
    def nodes(self) -> int:
        return int(self.network.number_of_nodes())

    @property
    def edges(self) -> int:
        return int(self.network.number_of_edges())

    def save(self, path: str | Path) -> Path:
        """Write the page atomically (a temporary file renamed into place)."""
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(self.html, encoding="utf-8")
        tmp.replace(path)
        return path

    def _repr_html_(self) -> str:
        import html

        return f'<iframe srcdoc="{html.escape(self.html)}" style="width:100%;height:600px;border:0"></iframe>'


@contextmanager
def _file(path: str | Path | IO[bytes]) -> Iterator[Path]:
    """The file to read: ``path``, or a binary stream spooled into a temporary file called
    ``<stdin>`` (kg.stdio), so that every message names it so."""
    if isinstance(path, str | Path):
        yield Path(path)
        return
    from .stdio import spooled

    with spooled(path) as file:
        yield file


def _python(term: Any) -> Any:
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


class KG:
    """A knowledge graph on one store: ``memory``, ``oxigraph:PATH`` (or a directory), an
    ``http(s)://`` SPARQL endpoint, or None for the default on-disk store (built from the
    bundled data on first use). Opening is lazy: nothing is read until a method needs it."""

    def __init__(self, location: str | None = None, *, build_if_needed: bool = True):
        self.location = location
        self._build_if_needed = build_if_needed
        self._graph: Graph | None = None
        self._generation: str | None = None
        self._reader: Reader | None = None
        self._needs_build: bool | None = None  # checked once (it hashes the bundled files)

    def __repr__(self) -> str:
        return f"KG({self.location!r})"

    # --- the store -------------------------------------------------------------------------

    @property
    def graph(self) -> Graph:
        """The rdflib Graph over the store (plain rdflib from here on); reopened when another
        process has written a new generation of an on-disk store since. An empty store (or one
        whose bundled data changed) gets the bundled data first, unless ``build_if_needed`` is
        false."""
        from .store import current_generation, open_graph

        if self._graph is not None and current_generation(self.location) == self._generation:
            return self._graph
        if self._build_if_needed:
            self._ensure_built()
        self._graph = open_graph(self.location)
        self._generation = current_generation(self.location)
        return self._graph

    def _source(self) -> Graph | Reader:
        """What ties, control and lineage read: an on-disk store's live generation straight
        through pyoxigraph, with its stored name index (kg.reader: rdflib is not imported; the
        same records come out, but for ``Entry.iri``, plain text instead of a URIRef); else,
        and while the store has no name index yet, :attr:`graph`."""
        from .store import current_generation, open_reader

        if self._reader is not None and self._reader.generation.name == current_generation(self.location):
            return self._reader
        if self._build_if_needed:
            self._ensure_built()
        self._reader = open_reader(self.location)
        return self._reader if self._reader is not None else self.graph

    def needs_index(self) -> bool:
        """Whether the first name lookup must build the store's name index (an on-disk store
        written by an older kg, or elsewhere): seconds at a million triples."""
        from .names import missing_index
        from .reader import Reader

        return not isinstance(self._source(), Reader) and missing_index(self.graph)

    def needs_build(self) -> bool:
        """Whether the store must get the bundled data before it is read (empty, or built from
        bundled data that has since changed): about 2 s. Checked once."""
        if self._needs_build is None:
            from .store import needs_build

            self._needs_build = needs_build(self.location)
        return self._needs_build

    def _ensure_built(self) -> None:
        if self.needs_build():
            from .build import build
            from .store import needs_build, writing

            with writing(self.location):
                if needs_build(self.location):  # again under the lock: another writer may have
                    build(self.location)        # filled the store while this one waited
            self._needs_build = False

    def _writing(self, dry_run: bool = False) -> Any:
        """The store's write lock (kg.writelock) for a write that reads the graph first (an
        import resolves names and checks rows against it): a second writer waits and builds on
        this one's result. A dry run only reads: no lock."""
        from contextlib import nullcontext

        from .store import writing

        return nullcontext() if dry_run else writing(self.location)

    def _changed(self) -> None:
        self._graph = self._reader = None  # a write made a new generation: reopen on next use
        self._needs_build = None

    def require_existing(self) -> None:
        """Raise InputError when a store named by path does not exist (a typo'd path)."""
        from .store import require_existing

        require_existing(self.location)

    def build(self, seeds: Sequence[str | Path] | None = None, *, empty: bool = False,
              datasets: bool = True) -> BuildResult:
        """Build ontology + seeds (default: the bundled seeds and datasets; ``empty``: none;
        ``datasets=False``: the bundled seeds alone) into the store, validated and written
        atomically.

        >>> KG("memory").build().triples > 1000
        True
        """
        from .build import build
        from .errors import InputError

        if empty and seeds:
            raise InputError("give seeds or empty=True, not both")
        paths = [] if empty else None if seeds is None else [Path(p) for p in seeds]
        result = build(self.location, paths, datasets=datasets)
        self._changed()
        return result

    def validate(self, files: Sequence[str | Path] | None = None) -> Report:
        """Check seed files (default: the bundled seeds) against the shapes and the data
        checks; each violation names its file and line.

        >>> KG("memory").validate().conforms
        True
        """
        from .build import check_files
        from .errors import ValidationFailed

        try:
            return check_files([Path(f) for f in files] if files else None)
        except ValidationFailed as failure:
            return failure.report

    def load(self, paths: Iterable[str | Path | IO[bytes]], *, replace: bool = False,
             progress: Callable[[int], None] | None = None,
             indexing: Callable[[], Callable[[int], None]] | None = None, format: str | None = None) -> LoadResult:
        """Bulk-load RDF files into the store, atomically (all or nothing). ``format``
        (``turtle``, ``nt``, ``nquads``, ``jsonld``, ``trig``, ``rdfxml``) overrides the
        suffixes; a binary stream (``sys.stdin.buffer``) is read as ``<stdin>`` and needs it."""
        from .load import load

        result = load([p if not isinstance(p, str | Path) else Path(p) for p in paths], self.location,
                      replace=replace, progress=progress, indexing=indexing, format=format)
        self._changed()
        return result

    def import_csv(self, path: str | Path | IO[bytes], *, dry_run: bool = False,
                   progress: Progress | None = None, country: str | None = "Syria",
                   version: str | None = None) -> ImportResult:
        """Add the sourced statements (and new actors and places) of an analyst's CSV file:
        every row checked first, nothing written unless all pass (docs/importing.md). A binary
        stream (``sys.stdin.buffer``) is read as the file ``<stdin>``. A file with the header of
        an ACLED export or a UCDP GED file is read as that (:meth:`import_events`, with
        ``country`` and ``version``)."""
        from .importers.eventrows import detect
        from .importers.statements import import_statements

        with _file(path) as file:
            dataset = detect(file)
            if dataset is not None:  # an ACLED export or a UCDP GED file, known by its header
                return self.import_events(file, dataset=dataset, country=country, version=version,
                                          dry_run=dry_run, progress=progress)
            with self._writing(dry_run):
                self._ensure_built()
                batch, change = import_statements(self.location, file, dry_run=dry_run, progress=progress)
        self._changed()
        return ImportResult(change, batch=batch)

    def import_events(self, path: str | Path | IO[bytes], *, dataset: str | None = None,
                      country: str | None = "Syria", version: str | None = None, dry_run: bool = False,
                      progress: Progress | None = None) -> ImportResult:
        """Add the events of an ACLED export (``dataset="acled"``) or a UCDP GED file
        (``"ged"``; ``version`` such as ``"23.1"`` when the file name does not give it), with
        their actors, places, dates, fatalities and source; None: known by the header
        (docs/importing.md, "Event datasets"). ``country=None``: every row."""
        from .errors import InputError
        from .importers.acled import import_acled
        from .importers.eventrows import detect
        from .importers.ged import import_ged

        with _file(path) as file, self._writing(dry_run):
            found = detect(file)
            dataset = dataset or found
            if dataset not in ("acled", "ged"):
                raise InputError(f"{file.name}: not an ACLED export or a UCDP GED file (by its header)")
            if found is not None and found != dataset:
                raise InputError(f"{file.name}: the header is that of "
                                 f"{'an ACLED export' if found == 'acled' else 'a UCDP GED file'}")
            self._ensure_built()
            if dataset == "acled":
                report, change = import_acled(self.location, file, country=country, dry_run=dry_run,
                                              progress=progress)
            else:
                report, change = import_ged(self.location, file, country=country, version=version,
                                            dry_run=dry_run, progress=progress)
        self._changed()
        return ImportResult(change, report=report)

    def import_ucdp(self, path: str | Path | IO[bytes], *, country: str | None = "Syria", dry_run: bool = False,
                    progress: Progress | None = None) -> ImportResult:
        """Join the UCDP Actor Dataset with the graph (``country=None``: every actor)."""
        from .importers.ucdp import import_ucdp

        with _file(path) as file, self._writing(dry_run):
            self._ensure_built()
            report, change = import_ucdp(self.location, file, country=country, dry_run=dry_run, progress=progress)
        self._changed()
        return ImportResult(change, report=report)

    def import_un(self, path: str | Path | IO[bytes], *, country: str | None = "Syria", dry_run: bool = False,
                  progress: Progress | None = None) -> ImportResult:
        """Join the UN Security Council consolidated sanctions list (XML) with the graph."""
        from .importers.unsc import import_un

        with _file(path) as file, self._writing(dry_run):
            self._ensure_built()
            report, change = import_un(self.location, file, country=country, dry_run=dry_run, progress=progress)
        self._changed()
        return ImportResult(change, report=report)

    def import_wikidata(self, path: str | Path | IO[bytes], *, dry_run: bool = False,
                        progress: Progress | None = None) -> ImportResult:
        """Link actors to Wikidata items from an extract (on a QID or an exact label only)."""
        from .importers.wikidata import import_wikidata

        with _file(path) as file, self._writing(dry_run):
            self._ensure_built()
            report, change = import_wikidata(self.location, file, dry_run=dry_run, progress=progress)
        self._changed()
        return ImportResult(change, report=report)

    def add(self, subject: str, relation: str, object: str, *, dry_run: bool = False, **cells: str) -> ImportResult:
        """Add one sourced statement (the columns of the CSV format as keywords: ``start``,
        ``source_url``, ``source_title``, ``source_publisher``, ...), or with ``end`` and no
        ``start`` end an open one."""
        from .importers.statements import add_statement

        values = {k: v for k, v in cells.items() if v is not None}
        with self._writing(dry_run):
            self._ensure_built()
            batch, change = add_statement(self.location, dict(values, subject=subject, relation=relation,
                                                              object=object), dry_run=dry_run)
        self._changed()
        return ImportResult(change, batch=batch)

    # --- asking ----------------------------------------------------------------------------

    def ties(self, name: str, at: Day = None, *, lineage: bool = False) -> Ties:
        """Every tie of the actor (or place) called ``name``, grouped, with dates, sources and
        claimants; with ``at`` those in force or possibly in force that day (``certainty``)."""
        from .ties import ties

        return ties(self._source(), name, _day(at), lineage=lineage)

    def control(self, place: str, at: Day = None) -> Control:
        """The control timeline of a place and the places in it, or who held them on ``at``."""
        from .ties import control

        return control(self._source(), place, _day(at))

    def path(self, a: str, b: str, *, at: Day = None, max_hops: int = 6, lineage: bool = False) -> Connection:
        """How two actors are connected: every shortest chain of ties, hop by hop."""
        from .errors import InputError
        from .network import connect

        if isinstance(max_hops, bool) or not isinstance(max_hops, int) or max_hops < 1:
            raise InputError(f"max_hops must be 1 or more, not {max_hops!r}")
        return connect(self.graph, a, b, at=_day(at), max_hops=max_hops, lineage=lineage)

    def lineage(self, name: str, at: Day = None) -> Lineage:
        """Renamings, splits, mergers and successions of the actor's family; with ``at`` the
        name in use that day."""
        from .lineage import lineage

        return lineage(self._source(), name, _day(at))

    def search(self, text: str, limit: int = 10) -> SearchResult:
        """Ranked name matches (exact, spelling variant, fuzzy), best first, each with its kind
        and a note when it did not match exactly; a match that lacks a word of ``text`` comes
        after those that have them all (kg.names.NameIndex.search).

        >>> KG("memory").search("nusrah").matches[0].name
        'al-Nusra Front'
        """
        from .names import index_for

        found = index_for(self.graph).search(text, limit=limit)
        return SearchResult(text, [Match(e.label, e.kind, round(score, 1), str(e.iri), e.note) for e, score in found])

    def query(self, name: str, params: dict[str, str] | None = None, *, allow_service: bool = False,
              **kwargs: str) -> QueryResult:
        """Run a named query (``control-at``) or a ``.rq`` file; parameters (a dict, or as
        keywords) are bound as RDF terms, never pasted into the text. A file's updates,
        ``SERVICE`` (unless ``allow_service``) and ``FROM`` another graph are refused
        (:func:`kg.queries.guard`).

        >>> KG("memory").query("alliance-members", alliance="JaF").variables[:3]
        ['alliance', 'member', 'memberLabel']
        """
        from .queries import get_query, guard, run

        selected = get_query(name)
        guard(selected, self.graph, allow_service=allow_service)
        return _query_result(selected.name, run(self.graph, selected, dict(params or {}, **kwargs)))

    def stream(self, name: str, params: dict[str, str] | None = None, *, allow_service: bool = False,
               **kwargs: str) -> RowStream:
        """Run a SELECT named query (or ``.rq`` file) and hand out its rows as the store finds
        them: without the query's ORDER BY, since a sorted answer exists only once every row
        is found. The first rows of a whole-graph report come at once at any size; sort them
        yourself if you need an order. Iterate for dicts of Python values (as
        :attr:`QueryResult.rows`); ``terms()`` gives the RDF terms.

        >>> rows = KG("memory").stream("places")
        >>> rows.variables[:2], sorted(r["placeLabel"] for r in rows)[:1]
        (['place', 'placeLabel'], ['Abu al-Duhur military airport'])
        """
        from dataclasses import replace

        from .errors import InputError
        from .queries import get_query, guard, run
        from .sparqltext import without_order

        selected = get_query(name)
        guard(selected, self.graph, allow_service=allow_service)
        result = run(self.graph, replace(selected, text=without_order(selected.text)), dict(params or {}, **kwargs))
        if str(result.type) != "SELECT":
            raise InputError(f"query {selected.name!r} is a {result.type} query: only SELECT rows can be streamed")
        return RowStream(selected.name, [str(v) for v in result.vars or []], result)

    def sparql(self, text: str, params: dict[str, str] | None = None, *, allow_service: bool = False,
               origin: str | None = None) -> QueryResult:
        """Run SPARQL text (ad hoc), with the project's prefixes (kg:, id:, geo: as WGS84, ...).
        Updates, ``SERVICE`` (unless ``allow_service``) and ``FROM`` another graph are refused
        before anything runs (:func:`kg.queries.guard`).

        >>> KG("memory").sparql("ASK { ?s a kg:Alliance }").boolean
        True

        ``origin`` names where the text came from in error messages (``<stdin>``).
        """
        from .queries import NamedQuery, guard, run

        query = NamedQuery.from_text(text, Path(origin) if origin else None)
        guard(query, self.graph, allow_service=allow_service)
        return _query_result("sparql", run(self.graph, query, dict(params or {})))

    def names_starting(self, prefix: str, kinds: set[str] | None = None, limit: int = 200) -> list[str]:
        """Names and aliases of actors and places (of ``kinds``, e.g. ``kg.names.PLACE_KINDS``)
        that start with ``prefix``, from an on-disk store's name index, for shell completion:
        cheap, and never an error. Nothing for a store without one (memory, an endpoint, a
        store not built yet): completion must not build or fetch anything."""
        from .names import names_starting
        from .store import live_name_index

        try:
            index = live_name_index(self.location)
            return [] if index is None else names_starting(index, prefix, kinds, limit)
        except Exception:  # noqa: BLE001 - a damaged or foreign store: no names, never a traceback
            return []

    def queries(self) -> QueryList:
        """The named queries, with their descriptions and typed parameters: shown as a short
        table (name, parameters, one line of description); ``queries()["control-at"].sparql``
        is one query's full text.

        >>> KG("memory").queries()["control-at"].signature()
        'place, date'
        """
        from .queries import list_queries

        return list_queries()

    def extract(self, text_or_path: str | Path, *, source_title: str, source_publisher: str, source_date: Day,
                url: str | None = None, patterns: str | Path | None = None) -> Extraction:
        """Candidate statements from a news report, for review (nothing is written): the
        known actors and places it names, relative dates resolved against ``source_date``,
        claims with their claimant, each row with its sentence and a confidence;
        ``to_csv()`` is a file ``kg import`` reads. ``text_or_path``: a ``Path`` (or the
        name of an existing file) is read as UTF-8, any other text is the report itself;
        ``patterns``: an analyst's TOML file added to the bundled dictionary.

        >>> found = KG("memory").extract("On Sunday al-Nusra Front seized Ariha.",
        ...     source_title="TEST", source_publisher="Example News", source_date="2015-03-30")
        >>> [(c.subject, c.relation, c.object, c.start) for c in found.statements]
        [('al-Nusra Front', 'controls', 'Ariha', '2015-03-29')]
        """
        from .errors import InputError
        from .extract import Source, extract

        day = _day(source_date, "source date")
        if day is None:
            raise InputError("source date: give the report's date (YYYY-MM-DD): relative dates are read against it")
        path: Path | None = None
        if isinstance(text_or_path, Path):
            path = text_or_path
        elif "\n" not in text_or_path and len(text_or_path) < 1024 and _is_file(text_or_path):
            path = Path(text_or_path)
        if path is not None:
            from .importers.common import read_text

            text = read_text(path, "the report")
        else:
            text = str(text_or_path)
        where = f"{path}: " if path is not None else ""
        if len(text) > MAX_REPORT:
            raise InputError(f"{where}a report of {len(text):,} characters: kg extract reads news reports of at most "
                             f"{MAX_REPORT:,} (a wire report is a few thousand); split the file into its reports")
        text = _plain_report(text, where)
        if url is not None and url and not url.startswith(("http://", "https://")):
            raise InputError(f"url {url!r} is not an http(s) URL")
        source = Source(source_title.strip(), source_publisher.strip(), day, (url or "").strip())
        return extract(self.graph, text, source, Path(patterns) if patterns else None)

    def view(self, *, focus: str | None = None, depth: int = 2, at: Day = None,
             relations: set[str] | None = None, places: bool = True) -> View:
        """The alliance network as one self-contained HTML page (``View.save(path)``)."""
        from .views import view

        page, network = view(self.graph, focus=focus, depth=depth, at=_day(at), relations=relations, places=places)
        return View(page, network)

    def map(self, *, at: Day = None) -> View:
        """The places at their coordinates over a country-outline basemap, coloured by who
        held them on the slider's day (starting on ``at``), as one offline HTML page."""
        from .maps import map_view

        page, network = map_view(self.graph, at=_day(at))
        return View(page, network)

    def timeline(self, names: Sequence[str] | None = None) -> View:
        """Control spans of places and ties of actors (any names; none: all) as a timeline
        page: in force solid, possibly in force hatched, events as points."""
        from .timeline import timeline_view

        page, network = timeline_view(self.graph, list(names) if names else None)
        return View(page, network)

    def export(self, fmt: str = "turtle", *, raw_cells: bool = False) -> bytes:
        """The graph as ``turtle``, ``nt``, ``jsonld``, ``csv`` (the import format), the events
        and control changes as ``events-csv`` (shaped like ACLED's export), the statements as
        ``statements-csv`` (one row each; both kg.exchange, docs/views.md), the
        network as ``graphml``/``gexf`` (places with latitude and longitude), or the places
        as ``geojson`` (a flat feature for each part of each control span, with ``start`` and
        ``end``; one for each place no one is said to hold). An open side is left out (or null)
        in these, never written as 0001-01-01 or 9999-12-31. The CSV is meant for spreadsheets: a
        text cell a spreadsheet would run as a formula gets a leading quote, which the import
        removes (kg.spreadsheet; the two analysts' CSVs do the same, and nothing removes it):
        ``raw_cells=True`` writes every cell as it is.

        >>> import json
        >>> [f["properties"]["place"] for f in json.loads(KG("memory").export("geojson"))["features"]][:2]
        ['Abu al-Duhur military airport', 'Ariha']
        """
        from .errors import InputError

        if fmt in ("graphml", "gexf"):
            from .collector import paused
            from .maps import network_coordinates
            from .network import statement_graph
            from .views import export_network
            from .wholenetwork import gexf, graphml

            # on an on-disk store, straight from the edge table: the same document, no networkx graph
            document = (gexf if fmt == "gexf" else graphml)(self.graph)
            if document is not None:
                return document
            with paused():  # the whole network and its attributes: many objects, no cycles (kg.collector)
                network = statement_graph(self.graph)
                for place, (lat, lon) in network_coordinates(self.graph, network).items():
                    network.nodes[place].update(latitude=lat, longitude=lon)
                return export_network(network, fmt)
        if fmt == "geojson":
            import json

            from .maps import geojson

            return json.dumps(geojson(self.graph), indent=1, ensure_ascii=False).encode("utf-8")
        if fmt in ("events-csv", "statements-csv"):
            from .exchange import events_csv, statements_csv

            write = events_csv if fmt == "events-csv" else statements_csv
            return write(self.graph, raw_cells=raw_cells).encode("utf-8")
        if fmt == "csv":
            from .importers.csv_export import export_csv

            return export_csv(self.graph, raw_cells=raw_cells).encode("utf-8")
        if fmt in ("turtle", "nt", "jsonld"):
            from .export import serialize

            return serialize(self.graph, fmt)
        raise InputError(f"unknown export format {fmt!r}; known: {', '.join(EXPORT_FORMATS)}")

    def stats(self) -> dict[str, int]:
        """Counts: triples, actors by kind, places, statements by kind, events, claims, sources."""
        from .stats import stats

        return stats(self.graph)


def _query_result(name: str, result: Any) -> QueryResult:
    kind = str(result.type)
    if kind == "ASK":
        return QueryResult(name, kind, [], [], boolean=bool(result.askAnswer), result=result)
    if kind in ("CONSTRUCT", "DESCRIBE"):
        triples = [(str(s), str(p), _python(o)) for s, p, o in result]
        return QueryResult(name, kind, ["subject", "predicate", "object"], [], triples=triples, result=result)
    variables = [str(v) for v in result.vars or []]
    rows = [{v: _python(row[i]) for i, v in enumerate(variables)} for row in result]
    return QueryResult(name, kind, variables, rows, result=result)


def open(location: str | None = None) -> KG:  # the API's verb, like sqlite3.connect
    """A :class:`KG` on the store at ``location`` (see :class:`KG`)."""
    return KG(location)


def _is_file(text: str) -> bool:
    """Whether ``text`` names a file (a one-line report longer than a file name can be is text)."""
    try:
        return Path(text).is_file()
    except OSError:
        return False
