"""The ``kg`` command: click commands only. Each parses, calls the library, formats.

Exit codes: 0 ok; 1 data does not conform, a check found rows, or no connection; 2 bad
input (unparseable file, unknown or ambiguous name, bad query or parameter); 3 not
supported by this store.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__, errors

FORMATS = ["table", "json", "csv"]


class KGClickError(click.ClickException):
    def __init__(self, error: errors.KGError):
        super().__init__(str(error))
        self.exit_code = error.exit_code  # type: ignore[misc]
        self.error = error

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.message}", err=True)
        report = getattr(self.error, "report", None)
        if report is not None and getattr(report, "violations", None):
            click.echo(report.text, err=True)


class Context:
    """Opened once by the group, passed to every command: the store, as the API's ``KG``.

    A store given with --store or $KG_STORE must exist, except for the commands that create
    one (``creates``: kg build, kg load); checked when a command first uses the store.
    ``writer`` is the KG for commands that write (nothing is read first); ``api`` is the KG
    for commands that read, opened with progress when the store must be built first."""

    def __init__(self, store: str | None, creates: bool = False):
        from .api import KG

        self._kg, self._creates, self._checked, self._opened = KG(store), creates, False, False

    @property
    def store(self) -> str | None:
        return self.writer.location

    @property
    def writer(self) -> Any:
        if not self._checked and not self._creates:
            try:
                self._kg.require_existing()
            except errors.KGError as error:
                raise KGClickError(error) from None
            self._checked = True
        return self._kg

    @property
    def api(self) -> Any:
        kg = self.writer
        if not self._opened:
            from .names import index_for
            from .progress import task

            if kg.needs_build():  # first use, or the bundled data changed: about 2 s
                with task("building the bundled graph into the store"):
                    kg.graph  # noqa: B018 - opening builds it
            if kg.needs_index():  # a store written by an older kg, or elsewhere: say why we wait
                click.echo("building the name index of this store (once; kg build and kg load build it "
                           "ahead)", err=True)
                with task("indexing names") as progress:
                    index_for(kg.graph, progress.advance)
            self._opened = True
        return kg

    @property
    def graph(self) -> Any:
        return self.api.graph


pass_context = click.make_pass_decorator(Context)


def handle_errors(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn kg's errors into click errors with their exit codes, at the edge."""
    import functools

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .names import noting

        with noting() as notes:  # a name matched by spelling or prefix: said on stderr, never silent
            try:
                return function(*args, **kwargs)
            except errors.KGError as error:
                raise KGClickError(error) from None
            finally:
                for note in notes:
                    click.echo(f"note: {note}", err=True)

    return wrapper


def format_option(choices: list[str] = FORMATS) -> Callable[..., Any]:
    return click.option(
        "--format", "-f", "fmt", type=click.Choice(choices), default=choices[0], show_default=True,
        help="Output format.",
    )


def at_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--at", "at", metavar="YYYY-MM-DD",
                        help="Only what was in force, or possibly in force ('possibly'), on this day.")(function)


def _emit(result: Any, fmt: str, as_csv: Callable[[Any], str], as_table: Callable[[Any], str]) -> None:
    """A ties or control result as JSON (its as_dict), CSV or a table."""
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(as_csv(result), nl=False)
    else:
        click.echo(as_table(result))


# a file argument or option: ``-`` is standard input or output (kg.stdio); kept as text, since
# Path("./-") would print as "-" and a file called "-" must stay reachable as ./-
FILE = click.Path(dir_okay=False, allow_dash=True)


def _input(value: str) -> Any:
    """A file argument: ``-`` is standard input (a binary stream), anything else a Path."""
    from .stdio import is_dash

    return sys.stdin.buffer if is_dash(value) else Path(value)


def _shown(value: str) -> str:
    from .stdio import STDIN_NAME, is_dash

    return STDIN_NAME if is_dash(value) else Path(value).name


def _write(data: bytes, output: str, what: str = "") -> None:
    """``data`` to the file ``output``, or to stdout when it is ``-``; "wrote ..." on stderr."""
    from .stdio import is_dash, write_output

    write_output(data, output)
    if not is_dash(output):
        click.echo(f"wrote {output}{what}", err=True)


# --- shell completion (README, "Shell completion"): names from the store's name index, cheaply;
# a completion never builds the store and never fails loudly (no names instead)


def _completing(kinds: str | None) -> Callable[..., list[Any]]:
    """A completer of actor (``kinds="actor"``), place (``"place"``) or any names."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        try:
            from .api import KG
            from .vocabulary import ACTOR_KINDS, PLACE_KINDS

            chosen = {"actor": ACTOR_KINDS, "place": PLACE_KINDS}.get(kinds or "")
            return KG(_completion_store(ctx)).names_starting(incomplete, set(chosen) if chosen else None)
        except Exception:  # noqa: BLE001 - completion must never print a traceback into the shell
            return []

    return complete


def _completion_store(ctx: click.Context) -> str | None:
    root = ctx.find_root()
    return root.params.get("store") if root.params else None


def _complete_query(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Named queries (with their one-line description), and files for a path."""
    from click.shell_completion import CompletionItem

    try:
        if "/" in incomplete or incomplete.startswith("."):
            return [CompletionItem(incomplete, type="file")]
        from .queries import list_queries

        return [CompletionItem(q.name, help=q.description) for q in list_queries() if q.name.startswith(incomplete)]
    except Exception:  # noqa: BLE001 - completion must never print a traceback into the shell
        return []


def _date(value: str | None, what: str = "--at") -> dt.date | None:
    from .timespan import parse_date

    return parse_date(value, what)


@click.group()
@click.version_option(version=__version__, prog_name="kg")
@click.option(
    "--store", envvar="KG_STORE", metavar="LOCATION",
    help="memory, oxigraph:PATH (or a directory), or an http(s):// SPARQL endpoint. "
    "Default: $KG_STORE, else ~/.cache/kg/store (built from the bundled data on first use).",
)
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """kg: a sourced, time-aware knowledge graph of armed groups.

    Example:

    \b
        kg ties "Jaish al-Fath"
    """
    ctx.obj = Context(store, creates=ctx.invoked_subcommand in ("build", "load"))


# --- build, validate, export, stats --------------------------------------------------------


@cli.command()
@click.option("--seeds", "seed_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Build from the .ttl files in this directory instead of the bundled seeds.")
@click.option("--empty", is_flag=True, help="The ontology only, no seeds: a store to import an export into.")
@click.option("--seeds-only", is_flag=True,
              help="The bundled seeds (the article) without the bundled datasets (UCDP, UN list, Wikidata).")
@pass_context
@handle_errors
def build(ctx: Context, seed_dir: Path | None, empty: bool, seeds_only: bool) -> None:
    """Build the graph: ontology + seeds -> derived edges -> the bundled datasets -> SHACL ->
    store, atomically.

    The bundled graph is the seed article (its dated core) plus the Syrian subsets of the UCDP
    actors, the UN sanctions list and a Wikidata extract, imported as `kg import` would.
    Nothing is written unless every step passes; the previous store stays as it was.

    Example:

    \b
        kg build
        kg --store oxigraph:/tmp/article build --seeds-only
        kg --store oxigraph:/tmp/empty build --empty
    """
    from .progress import task
    from .resources import seed_files

    seeds = seed_files(seed_dir) if seed_dir else None
    if seed_dir and not seeds:
        raise errors.InputError(f"no .ttl files in {seed_dir}")
    with task("building: parse, derive, validate, write, index names"):
        result = ctx.writer.build(seeds, empty=empty, datasets=not seeds_only)
    click.echo(f"built {result.triples} triples ({result.derived} derived) into {result.location}", err=True)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@format_option(["table", "json"])
@pass_context
@handle_errors
def validate(ctx: Context, files: tuple[Path, ...], fmt: str) -> None:
    """Check seed files against the shapes and the data checks (default: the bundled seeds).

    Lists each violation with the seed file and line, the resource, the rule and the
    message; exits 1 if there is any.

    Example:

    \b
        kg validate seeds/*.ttl
    """
    report = ctx._kg.validate(list(files) or None)  # seed files, not the store: no store check
    if fmt == "json":
        click.echo(json.dumps({"conforms": report.conforms, "violations": [v.as_dict() for v in report.violations]}, indent=2, ensure_ascii=False))
    else:
        click.echo(report.text)
    if not report.conforms:
        sys.exit(1)


EXPORT_FORMATS = ["turtle", "nt", "jsonld", "graphml", "gexf", "csv", "events-csv", "statements-csv", "geojson"]


@cli.command()
@click.option("--format", "-f", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True)
@click.option("-o", "--output", type=FILE, help="Write to this file instead of stdout (-: stdout).")
@click.option("--raw-cells", is_flag=True,
              help="CSV (csv, events-csv, statements-csv): write every cell as it is (by default a cell a spreadsheet would run as a formula, "
                   "=..., +..., -..., @..., gets a leading ' that kg import removes).")
@pass_context
@handle_errors
def export(ctx: Context, fmt: str, output: str | None, raw_cells: bool) -> None:
    """Export the graph as Turtle, N-Triples or JSON-LD, the network as GraphML/GEXF (places
    with latitude/longitude), the places as GeoJSON with their control history, or CSV for
    analysts: events-csv (events and control changes, ACLED's columns) and statements-csv
    (one row per statement).

    Example:

    \b
        kg export --format turtle -o kg.ttl
        kg export --format geojson -o places.geojson
        kg export --format events-csv -o events.csv
    """
    from .progress import task

    api = ctx.api
    with task(f"exporting as {fmt}"):
        data = api.export(fmt, raw_cells=raw_cells)
    _write(data, output or "-")


@cli.command()
@format_option(["table", "json"])
@pass_context
@handle_errors
def stats(ctx: Context, fmt: str) -> None:
    """Counts: triples, actors by kind, places, statements by kind, events, claims, sources.

    Example:

    \b
        kg stats
    """
    result = ctx.api.stats()
    if fmt == "json":
        click.echo(json.dumps(result, indent=2))
        return
    rows = [[k, v] for k, v in result.items()]
    from .output import table

    click.echo(table(["what", "count"], rows))


# --- ask the graph -------------------------------------------------------------------------


@cli.command()
@click.argument("text")
@click.option("--limit", default=10, show_default=True)
@format_option()
@pass_context
@handle_errors
def search(ctx: Context, text: str, limit: int, fmt: str) -> None:
    """Find actors and places by any name, alias, transliteration or Arabic name (fuzzy).

    A match that lacks a word of TEXT says so in its note and comes after those that have every
    word ("Syrian Army" is not the "Free Syrian Army").

    Example:

    \b
        kg search nusrah
    """
    from .output import rows_csv, table

    found = ctx.api.search(text, limit=limit)
    rows = [[m.name, m.kind, f"{m.score:.0f}", m.note, m.iri] for m in found.matches]
    headers = ["name", "kind", "score", "note", "iri"]
    if fmt == "json":  # the score as a number, 0-100
        click.echo(json.dumps(found.records(), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(rows_csv(headers, rows), nl=False)
    elif rows:
        click.echo(table(headers[:4], [r[:4] for r in rows]))
    else:
        click.echo(f"nothing matches {text!r}", err=True)
        sys.exit(2)


@cli.command()
@click.argument("name", shell_complete=_completing(None))
@at_option
@click.option("--lineage", is_flag=True, help="Also the ties it had under its other names (renamings).")
@format_option()
@pass_context
@handle_errors
def ties(ctx: Context, name: str, at: str | None, lineage: bool, fmt: str) -> None:
    """Every tie of a group: alliances and their members, parent organisation and branches,
    allies and rivals, lineage, places controlled, events; each with dates and sources.

    Example:

    \b
        kg ties "al-Nusra Front" --at 2015-04-01
    """
    from .render import ties_csv, ties_table

    _emit(ctx.api.ties(name, _date(at), lineage=lineage), fmt, ties_csv, ties_table)


@cli.command()
@click.argument("name", shell_complete=_completing("actor"))
@click.option("--at", "at", metavar="YYYY-MM-DD",
              help="The name in use on this day, and which changes had (possibly) happened by then.")
@format_option()
@pass_context
@handle_errors
def lineage(ctx: Context, name: str, at: str | None, fmt: str) -> None:
    """Renamings, splits, mergers and successions of a group and its family, its names over
    time, and with --at the name it used on that day.

    Example:

        kg lineage al-Nusra --at 2016-09-01
    """
    from .render import lineage_csv, lineage_table

    _emit(ctx.api.lineage(name, _date(at)), fmt, lineage_csv, lineage_table)


@cli.command()
@click.argument("place", shell_complete=_completing("place"))
@at_option
@format_option()
@pass_context
@handle_errors
def control(ctx: Context, place: str, at: str | None, fmt: str) -> None:
    """Who controlled a place (and the places inside it) over time, or on a day, with sources.

    Example:

    \b
        kg control Idlib --at 2015-04-01
    """
    from .render import control_csv, control_table

    _emit(ctx.api.control(place, _date(at)), fmt, control_csv, control_table)


@cli.command()
@click.argument("a", shell_complete=_completing("actor"))
@click.argument("b", shell_complete=_completing("actor"))
@click.option("--max-hops", default=6, show_default=True, help="Longest connection to look for.")
@click.option("--lineage", is_flag=True, help="Also follow renamings, splits, mergers and successions.")
@at_option
@format_option(["table", "json"])
@pass_context
@handle_errors
def path(ctx: Context, a: str, b: str, max_hops: int, lineage: bool, at: str | None, fmt: str) -> None:
    """How two actors are connected: the shortest chains of ties, each hop with its relation,
    dates and source. Exits 1 when there is no connection.

    Example:

    \b
        kg path "Ahrar al-Sham" al-Qaeda
    """
    from .render import paths_text

    found = ctx.api.path(a, b, at=_date(at), max_hops=max_hops, lineage=lineage)
    if fmt == "json":
        click.echo(json.dumps(found.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(paths_text(found.source, found.target, found.paths, max_hops))
    if not found.paths:
        sys.exit(1)


@cli.command()
@click.argument("name", required=False, shell_complete=_complete_query)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--sparql", "-e", "sparql", metavar="QUERY", help="Run this SPARQL text (ad-hoc) instead of a named query.")
@click.option("--list", "list_", is_flag=True, help="List the named queries with their parameters.")
@click.option("--stream", is_flag=True,
              help="Write rows as the store finds them, unsorted (the query's ORDER BY is dropped): "
                   "whole-graph reports start at once at any size. CSV, TSV or JSON.")
@click.option("--spreadsheet-safe", is_flag=True,
              help="CSV/TSV: give a value a spreadsheet would run as a formula (=..., +..., -..., @...) a "
                   "leading ' (by default the values are exact, as the W3C formats require).")
@click.option("--allow-service", is_flag=True,
              help="Let the query's SERVICE clauses send requests to other SPARQL endpoints (refused by default).")
@format_option(["table", "json", "csv", "tsv", "xml", "turtle", "nt", "jsonld"])
@pass_context
@handle_errors
def query(ctx: Context, name: str | None, params: tuple[str, ...], sparql: str | None, list_: bool, stream: bool,
          spreadsheet_safe: bool, allow_service: bool, fmt: str) -> None:
    """Run a named query from queries/, a .rq file, SPARQL text from standard input (-), or
    ad-hoc SPARQL (-e). Parameters are
    bound as RDF terms (names resolved to IRIs, dates as xsd:date), never pasted into text.
    A *-violation check query exits 1 when it returns rows. Updates, SERVICE (without
    --allow-service) and FROM a graph the store does not hold are refused (exit 2).

    Example:

    \b
        kg query control-at --param place=Idlib --param date=2015-04-01
    """
    from .output import sparql_answer

    if list_:
        for q in ctx._kg.queries():
            click.echo(f"{q.name}: {q.description}")
            for p in q.params:
                click.echo(f"    --param {p.name}=<{p.type}>{' (optional)' if p.optional else ''}  {p.description}")
        return
    if not sparql and not name:
        raise errors.InputError("give a query NAME or FILE.rq, - (SPARQL on standard input), -e 'SPARQL', or --list")
    from .stdio import is_dash

    if is_dash(name):  # the query's text from standard input (never a file called "-": that is ./-)
        if sparql:
            raise errors.InputError("give the query as - (standard input) or with -e, not both")
        if stream:
            raise errors.InputError("--stream runs a named query or a .rq file, not SPARQL from standard input")
        data = sys.stdin.buffer.read()
        try:
            sparql = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[:error.start].count(b"\n") + 1
            raise errors.InputError(f"<stdin>:{line}: the query is not UTF-8 text") from None
        if not sparql.strip():
            raise errors.InputError("<stdin>: no query text on standard input")
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise errors.InputError(f"--param {item!r}: expected NAME=VALUE")
        values[key.strip()] = value
    if stream:
        from .output import STREAM_FORMATS, write_stream

        if sparql or not name:
            raise errors.InputError("--stream runs a named query or a .rq file, not -e SPARQL")
        if fmt not in STREAM_FORMATS:  # before the query runs: it may take minutes
            raise errors.InputError(f"--stream writes {', '.join(STREAM_FORMATS)} (--format), not {fmt}: "
                                    "a table needs every row first, for its column widths")
        rows = ctx.api.stream(name, values, allow_service=allow_service)
        found = write_stream(rows.variables, rows.terms(), fmt, sys.stdout, spreadsheet_safe)
        if rows.name.endswith("-violation") and found:
            sys.exit(1)
        return
    answer = (ctx.api.sparql(sparql, values, allow_service=allow_service, origin="<stdin>" if is_dash(name) else None)
              if sparql
              else ctx.api.query(name, values, allow_service=allow_service))
    text = sparql_answer(answer.result, fmt, spreadsheet_safe)
    click.echo(text, nl=not text.endswith("\n"))
    if answer.is_violation:
        sys.exit(1)


@cli.command()
@click.option("-o", "--output", type=FILE, default="kg-network.html", show_default=True, help="The page (-: stdout).")
@click.option("--focus", metavar="NAME", help="Draw the network around this actor.",
              shell_complete=_completing("actor"))
@click.option("--depth", default=2, show_default=True, help="With --focus: how many hops to draw.")
@at_option
@click.option("--relations", metavar="LIST", help="Comma-separated relations to draw, e.g. 'member of,leads'.")
@click.option("--no-places", is_flag=True, help="Leave places (and control edges) out.")
@pass_context
@handle_errors
def view(ctx: Context, output: str, focus: str | None, depth: int, at: str | None, relations: str | None, no_places: bool) -> None:
    """Write the alliance network as one self-contained HTML page (works offline).

    Example:

    \b
        kg view --focus "Jaish al-Fath" --depth 2 -o jaf.html
    """
    from .progress import task

    chosen = {r.strip() for r in relations.split(",") if r.strip()} if relations else None
    day, api = _date(at), ctx.api
    with task("drawing the network"):
        drawn = api.view(focus=focus, depth=depth, at=day, relations=chosen, places=not no_places)
    _save(drawn, output, f" ({drawn.nodes} nodes, {drawn.edges} edges)")


def _save(drawn: Any, output: str, what: str) -> None:
    """A page to the file ``output`` (atomically), or to stdout when it is ``-``."""
    from .stdio import is_dash

    if is_dash(output):
        _write(drawn.html.encode("utf-8"), output)
    else:
        drawn.save(output)
        click.echo(f"wrote {output}{what}", err=True)


@cli.command(name="map")
@click.option("-o", "--output", type=FILE, default="kg-map.html", show_default=True, help="The page (-: stdout).")
@click.option("--at", "at", metavar="YYYY-MM-DD", help="The day the time slider starts on.")
@pass_context
@handle_errors
def map_(ctx: Context, output: str, at: str | None) -> None:
    """Write the places on a map (country outlines, no tiles) as one offline HTML page, each
    coloured by who held it on the slider's day; hover for holder, span, claimant, sources.

    Example:

    \b
        kg map --at 2015-03-28 -o idlib-map.html
    """
    drawn = ctx.api.map(at=_date(at))
    _save(drawn, output, f" ({len([n for n, d in drawn.network.nodes(data=True) if 'latitude' in d])} places)")


@cli.command()
@click.argument("names", nargs=-1, shell_complete=_completing(None))
@click.option("-o", "--output", type=FILE, default="kg-timeline.html", show_default=True, help="The page (-: stdout).")
@pass_context
@handle_errors
def timeline(ctx: Context, names: tuple[str, ...], output: str) -> None:
    """Write control spans of places and ties of actors as a timeline page (offline): in
    force solid, possibly in force hatched, events as points. No NAME: every place and actor.

    Example:

    \b
        kg timeline Idlib "Jaish al-Fath" -o idlib-timeline.html
    """
    drawn = ctx.api.timeline(list(names))
    _save(drawn, output, f" ({drawn.edges} statements)")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--replace", is_flag=True, help="Make the files the store's whole content instead of adding to it.")
@click.option("--format", "-f", "fmt", type=click.Choice(["turtle", "nt", "nquads", "jsonld", "trig", "rdfxml"]),
              help="The RDF format of every FILE, whatever its suffix; needed for - (standard input).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@pass_context
@handle_errors
def load(ctx: Context, files: tuple[str, ...], replace: bool, fmt: str | None, quiet: bool) -> None:
    """Bulk-load RDF files (Turtle, N-Triples, N-Quads, JSON-LD) into the store, atomically:
    a file that does not parse (reported with file:line) leaves the store as it was.
    Loaded data is yours: kg never rebuilds that store from the bundled data. The format
    comes from each file's suffix, or from --format; - reads standard input (with --format).

    Example:

    \b
        kg --store oxigraph:big load groups.nt events.ttl
        curl -s https://example.org/data.nt | kg load - --format nt
    """
    from .load import total_bytes
    from .stdio import is_dash

    if any(is_dash(f) for f in files) and fmt is None:
        raise errors.InputError("kg load -: standard input has no file suffix to tell its format; give --format "
                                "(turtle, nt, nquads, jsonld, trig, rdfxml)")
    if sum(is_dash(f) for f in files) > 1:
        raise errors.InputError("kg load: - (standard input) can be given once")
    from .progress import task

    paths = [_input(f) for f in files]
    with task("loading", total=total_bytes(paths), quiet=quiet, unit="bytes") as bar:
        def indexing() -> Callable[[int], None]:
            bar.stage("indexing names", unit="names")
            return bar.advance

        result = ctx.writer.load(paths, replace=replace, progress=bar.advance, indexing=indexing, format=fmt)
    click.echo(f"loaded {len(paths)} file(s) into {result.location} in {result.seconds:.1f} s: "
               f"{result.added:+d} triples, {result.triples} in the store", err=True)


# --- import and add (kg/importers, kg/update.py) ---------------------------------------------


def _report_change(change: Any, dry_run: bool, *, rows: bool = True, review: str | None = None) -> None:
    """What an import or add did, as messages on stderr (stdout is for data); ``rows``: each
    statement's line starts with its file and row (kg add has one, so no); ``review``: how to
    show the review of the change (kg.review): "table", "json", "summary" or None (not at all)."""
    for line in change.closed:
        click.echo(f"closed: {line}", err=True)
    for line in change.contested:
        click.echo(f"contested: {line}", err=True)
    for placement in change.placed:  # per row: added, corroborates a tie (now N sources), ...
        click.echo(str(placement) if rows else placement.text(), err=True)
    if review is not None and change.review is not None:
        _report_review(change.review, review)
    if dry_run:
        click.echo(f"dry run: {change.added} new triple(s) would be added; nothing was written", err=True)
    elif change.written:
        click.echo(f"added {change.added} triple(s) to {change.location} ({change.triples} in the store)", err=True)
    else:
        click.echo("nothing new: the store is unchanged", err=True)


def _report_review(review: Any, how: str) -> None:
    """The review: a table of findings (stderr) or JSON (stdout, the data), then its counts."""
    if how == "json":
        click.echo(json.dumps(review.as_dict(), indent=2, ensure_ascii=False))
    elif how == "table" and review.findings:
        from .output import table

        click.echo(table(["row", "verdict", "change", "known", "detail"],
                         [[f.line, f.verdict, f.change, f.known, f.detail] for f in review.findings]), err=True)
    click.echo(f"review: {review.summary()}", err=True)


@cli.command(name="import")
@click.argument("file", required=False, type=FILE)
@click.option("--ucdp", "ucdp", type=FILE, help="A UCDP Actor Dataset CSV (-: standard input).")
@click.option("--un", "un", type=FILE, help="The UN SC consolidated list XML (-: standard input).")
@click.option("--wikidata", "wikidata", type=FILE, help="A Wikidata extract CSV (links only; -: standard input).")
@click.option("--acled", "acled", type=FILE, help="An ACLED export CSV: its events (-: standard input).")
@click.option("--ucdp-ged", "ged", type=FILE, help="A UCDP GED CSV (GEDEvent_v23_1.csv): its events (-: standard input).")
@click.option("--ged-version", default=None, help="UCDP GED: its version (23.1) when the file name does not give it.")
@click.option("--country", default="Syria", show_default=True,
              help="UCDP/UN/ACLED/GED: only records located in this country.")
@click.option("--all", "everything", is_flag=True, help="UCDP/UN/ACLED/GED: every record, whatever its country.")
@click.option("--dry-run", is_flag=True, help="Check everything, write nothing; show the review (what each row would change).")
@click.option("--review", "review", type=click.Choice(["table", "json"]),
              help="Show the review as a table (stderr; the default with --dry-run) or JSON (stdout).")
@pass_context
@handle_errors
def import_(ctx: Context, file: str | None, ucdp: str | None, un: str | None, wikidata: str | None,
            acled: str | None, ged: str | None, ged_version: str | None,
            country: str, everything: bool, dry_run: bool, review: str | None) -> None:
    """Import sourced statements from a CSV file (docs/importing.md), or a real dataset.

    Every row is checked first; all bad rows are listed with row number and reason (exit 2),
    a batch that would break the shapes is refused (exit 1); nothing is written unless all
    pass. Importing the same file twice changes nothing. --dry-run shows the review: each
    row's new statements, corroborations, restatements, ends, conflicts, new actors and places.
    FILE - reads the CSV from standard input (named <stdin> in messages).

    Example:

    \b
        kg import examples/idlib-control-changes.csv --dry-run
        kg import examples/idlib-control-changes.csv
        kg import --ucdp ucdp_actor_v22_1.csv --country Syria
        kg import --ucdp-ged GEDEvent_v23_1.csv      # or an ACLED export: --acled FILE
    """
    from .progress import task

    chosen = [x for x in (file, ucdp, un, wikidata, acled, ged) if x is not None]
    if len(chosen) != 1:
        raise errors.InputError("give one CSV FILE, or one of --ucdp FILE, --un FILE, --wikidata FILE, "
                                "--acled FILE, --ucdp-ged FILE")
    where = None if everything else country
    with task(f"reading {_shown(chosen[0])}") as shown:
        if acled is not None or ged is not None:
            done = ctx.writer.import_events(_input(chosen[0]), dataset="acled" if acled is not None else "ged",
                                            country=where, version=ged_version, dry_run=dry_run,
                                            progress=shown.stage)
        else:
            given = [None if x is None else _input(x) for x in (file, ucdp, un, wikidata)]
            done = _run_import(ctx.writer, given[0], given[1], given[2], given[3], where, dry_run, shown.stage,
                               ged_version)
    report, batch, change = done.report, done.batch, done.change
    if batch is not None:
        click.echo(f"checked {batch.rows} row(s): {len(batch.statements)} statement(s), "
                   f"{len(batch.entities)} new actor(s)/place(s), {len(batch.sources)} new source(s)", err=True)
    else:
        counts = report.counts()
        click.echo(f"matched {counts['matched']}, created {counts['created']}, skipped {counts['skipped']}, "
                   f"conflicts {counts['conflicts']}", err=True)
        for record, reason in report.skipped:
            click.echo(f"skipped: {record}: {reason}", err=True)
        for record, name, other in report.conflicts:
            click.echo(f"conflict: {record}: {name!r} already names {other}; not added", err=True)
        if getattr(report, "events", None) is not None:  # an event dataset (kg.importers.events)
            for line in report.places:
                click.echo(f"new place: {line}", err=True)
            click.echo(f"events: {len(report.events)} read" + (f", {report.left_out} row(s) of other countries "
                       "left out (--all takes them)" if report.left_out else ""), err=True)
    _report_change(change, dry_run, review=review or ("table" if dry_run else "summary"))


def _run_import(api: Any, file: Any, ucdp: Any, un: Any, wikidata: Any,
                where: str | None, dry_run: bool, stage: Callable[[str], None], version: str | None = None) -> Any:
    """The ImportResult of the one import asked for; ``stage`` hears each step."""
    if file is not None:  # (an ACLED or UCDP GED header makes it an event import: where, version)
        return api.import_csv(file, dry_run=dry_run, progress=stage, country=where, version=version)
    if ucdp is not None:
        return api.import_ucdp(ucdp, country=where, dry_run=dry_run, progress=stage)
    if un is not None:
        return api.import_un(un, country=where, dry_run=dry_run, progress=stage)
    assert wikidata is not None
    return api.import_wikidata(wikidata, dry_run=dry_run, progress=stage)


@cli.command()
@click.argument("report", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--source-title", required=True, help="The report's title.")
@click.option("--source-publisher", required=True, help="Who published it.")
@click.option("--source-date", required=True, metavar="YYYY-MM-DD", help="Its date: relative dates are read against it.")
@click.option("--url", default=None, help="Its URL (kg import needs one: give it here or fill in source_url).")
@click.option("--patterns", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your TOML file of verbs, patterns and aliases, added to the bundled dictionary.")
@click.option("-o", "--output", type=FILE, help="Write the CSV here, not to stdout (-: stdout).")
@pass_context
@handle_errors
def extract(ctx: Context, report: str, source_title: str, source_publisher: str, source_date: str,
            url: str | None, patterns: Path | None, output: str | None) -> None:
    """Propose sourced candidate statements from a news report, for review (docs/extraction.md).

    Finds the actors and places the graph knows, resolves relative dates against the report's
    date, marks claims with their claimant and writes the candidates as a CSV that `kg import`
    reads, each row with its sentence (evidence) and a confidence. Events and unknown names
    ("new?") are comment rows. Nothing is written to the graph.

    Example:

    \b
        kg extract report.txt --source-title "Rebels take Ariha" \\
            --source-publisher "Example News" --source-date 2015-05-29 \\
            --url https://example.org/ariha -o candidates.csv
        kg import candidates.csv --dry-run
    """
    from contextlib import nullcontext

    from .stdio import is_dash, spooled

    # the report's text from standard input: spooled into a file called <stdin> (kg.stdio)
    with spooled(sys.stdin.buffer) if is_dash(report) else nullcontext(Path(report)) as file:
        found = ctx.api.extract(file, source_title=source_title, source_publisher=source_publisher,
                                source_date=source_date, url=url, patterns=patterns)
    data = found.to_csv()
    if output and not is_dash(output):
        Path(output).write_text(data, encoding="utf-8")
    else:
        click.echo(data, nl=False)
        output = None
    click.echo(f"{found.sentences} sentence(s): {len(found.statements)} candidate statement(s), "
               f"{len(found.events)} event(s), {len(found.flagged)} flagged (unresolved anaphor), "
               f"{len(found.new_names)} new? name(s), "
               f"{len(found.mentions)} mention(s) of known names" + (f"; wrote {output}" if output else ""), err=True)
    if not url:
        click.echo("note: no --url: fill in source_url before kg import (every statement needs a source URL)", err=True)


@cli.command()
@click.argument("subject")
@click.argument("relation")
@click.argument("object_", metavar="OBJECT")
@click.option("--start", default="", help="YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--end", default="", help="First day it no longer held.")
@click.option("--precision", default="", help="day, month or year.")
@click.option("--attested", default="", help="A day the source says it held (no start or end).")
@click.option("--source-title", default="")
@click.option("--source-publisher", default="")
@click.option("--source-date", default="")
@click.option("--source-url", default="", help="Required; an existing source is found by its URL.")
@click.option("--claimant", default="", help="Who the source says makes the claim.")
@click.option("--note", default="")
@click.option("--id", "id", default="", help="With --end and no --start: the statement to end (id:...).")
@click.option("--dry-run", is_flag=True, help="Check, write nothing.")
@pass_context
@handle_errors
def add(ctx: Context, subject: str, relation: str, object_: str, dry_run: bool, **options: str) -> None:
    """Add one sourced statement, or end one (the same checks as one row of `kg import`).

    With --end and no --start, the open statement of that subject, relation and object (or the
    one --id names) gets the end, cited to this source; it is reported as closed.

    Example:

    \b
        kg add "Jaish al-Fath" controls Ariha --start 2015-05-28 \\
            --source-url https://example.org/test-only/ariha \\
            --source-title "TEST" --source-publisher "Example News (TEST)"
        kg add "Jaish al-Fath" "hostile to" "Syrian government forces" --end 2016-07 \\
            --source-url https://example.org/test-only/end \\
            --source-title "TEST" --source-publisher "Example News (TEST)"
    """
    from .progress import task

    with task("adding the statement: checking, re-deriving the edges, validating, writing"):
        done = ctx.writer.add(subject, relation, object_, dry_run=dry_run, **options)
    if done.batch is not None and done.batch.statements:
        placed = done.change.placed[0] if done.change.placed else None
        shown = placed.target if placed is not None and placed.action in ("corroborates", "already recorded") \
            else done.batch.statements[0]
        click.echo(f"statement {shown.n3(ctx.graph.namespace_manager)}", err=True)
        if options.get("end") and not options.get("start") and not options.get("attested"):
            click.echo("note: no open statement of that subject, relation and object to end: recorded as a new "
                       "statement known only by its end (give --id to end a particular one)", err=True)
    _report_change(done.change, dry_run, rows=False)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, help="Port to listen on (0: any free port).")
@click.option("--store", "store", metavar="LOCATION", help="Serve this store instead of the group's --store.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds a query may run; then it is stopped (503).")
@click.option("--max-rows", default=10_000, show_default=True, help="Most rows (or triples) in one answer; a query with more is refused (400 TooManyRows), never cut.")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN", help="Allow browser requests from this origin (repeatable; off by default).")
@click.option("--workers", default=2, show_default=True, help="Query worker processes (queries running at once).")
@click.option("--reserve", default=1, show_default=True,
              help="Reserve workers: they take a query only while every other worker is busy (0: none).")
@click.option("--reserve-timeout", default=2.0, show_default=True,
              help="Seconds a query may run on a reserve worker; then it is stopped (503).")
@click.option("--max-memory", default=1024, show_default=True, metavar="MB",
              help="Private memory one worker may hold; a query that takes more is stopped (503). 0: no cap.")
@click.option("--read-timeout", default=10.0, show_default=True,
              help="Seconds a client has to send a whole request; then the connection is closed (408).")
@pass_context
@handle_errors
def serve(ctx: Context, host: str, port: int, store: str | None, timeout: float, max_rows: int,
          cors: tuple[str, ...], workers: int, reserve: int, reserve_timeout: float, max_memory: int,
          read_timeout: float) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with the named queries as URLs.

    /sparql takes GET and POST queries and answers SELECT/ASK as SPARQL JSON, XML, CSV or TSV
    and CONSTRUCT/DESCRIBE as Turtle, N-Triples or JSON-LD, by Accept. Updates, SERVICE and
    FROM a graph not in the store are refused. / is a query page.

    Example:

    \b
        kg serve --port 8000 --timeout 10
        curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/queries/control-at?place=Idlib&date=2015-04-01'
    """
    from .api import KG
    from .server import ServeConfig
    from .server import serve as run_server

    KG(store).require_existing()  # serve's own --store: refused as well when it does not exist

    if timeout <= 0 or max_rows <= 0 or workers <= 0 or reserve_timeout <= 0 or read_timeout <= 0:
        raise errors.InputError("--timeout, --max-rows, --workers, --reserve-timeout and --read-timeout must be positive")
    if reserve < 0 or max_memory < 0:
        raise errors.InputError("--reserve and --max-memory must be 0 or more")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: the graph is reachable from other machines", err=True)
    run_server(ServeConfig(store=store or ctx.store, host=host, port=port, timeout=timeout, max_rows=max_rows,
                           cors=cors, workers=workers, reserve=reserve, reserve_timeout=reserve_timeout,
                           max_memory=max_memory or None, read_timeout=read_timeout))


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
