"""``kg search``, ``kg ties``, ``kg lineage``, ``kg control``, ``kg path`` and ``kg query``: asking the graph."""

from __future__ import annotations

import json
import sys
from functools import partial

import click

from .. import errors
from .base import (
    Context,
    _complete_query,
    _completing,
    _date,
    _emit,
    at_option,
    cli,
    format_option,
    handle_errors,
    pass_context,
)

# the CSV of ties, lineage and control: formula-like cells neutralised unless asked (as kg export's)
raw_cells_option = click.option("--raw-cells", is_flag=True, help="CSV: every cell as it is (by default a cell a "
                                "spreadsheet would run as a formula, =..., +..., -..., @..., gets a leading ').")


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
    from ..output import rows_csv, table

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
@raw_cells_option
@format_option()
@pass_context
@handle_errors
def ties(ctx: Context, name: str, at: str | None, lineage: bool, fmt: str, raw_cells: bool) -> None:
    """Every tie of a group: alliances and their members, parent organisation and branches,
    allies and rivals, lineage, places controlled, events; each with dates and sources.

    Example:

    \b
        kg ties "al-Nusra Front" --at 2015-04-01
    """
    from ..render import ties_csv, ties_table

    _emit(ctx.api.ties(name, _date(at), lineage=lineage), fmt, partial(ties_csv, raw_cells=raw_cells), ties_table)


@cli.command()
@click.argument("name", shell_complete=_completing("actor"))
@click.option("--at", "at", metavar="YYYY-MM-DD",
              help="The name in use on this day, and which changes had (possibly) happened by then.")
@raw_cells_option
@format_option()
@pass_context
@handle_errors
def lineage(ctx: Context, name: str, at: str | None, fmt: str, raw_cells: bool) -> None:
    """Renamings, splits, mergers and successions of a group and its family, its names over
    time, and with --at the name it used on that day.

    Example:

        kg lineage al-Nusra --at 2016-09-01
    """
    from ..render import lineage_csv, lineage_table

    _emit(ctx.api.lineage(name, _date(at)), fmt, partial(lineage_csv, raw_cells=raw_cells), lineage_table)


@cli.command()
@click.argument("place", shell_complete=_completing("place"))
@at_option
@raw_cells_option
@format_option()
@pass_context
@handle_errors
def control(ctx: Context, place: str, at: str | None, fmt: str, raw_cells: bool) -> None:
    """Who controlled a place (and the places inside it) over time, or on a day, with sources.

    Example:

    \b
        kg control Idlib --at 2015-04-01
    """
    from ..render import control_csv, control_table

    _emit(ctx.api.control(place, _date(at)), fmt, partial(control_csv, raw_cells=raw_cells), control_table)


@cli.command()
@click.argument("a", shell_complete=_completing("actor"))
@click.argument("b", shell_complete=_completing("actor"))
@click.option("--max-hops", default=6, show_default=True, type=click.IntRange(min=1),
              help="Longest connection to look for (1 or more).")
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
    from ..render import paths_text

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
    from ..output import sparql_answer

    if list_:
        for q in ctx._kg.queries():
            click.echo(f"{q.name}: {q.description}")
            for p in q.params:
                click.echo(f"    --param {p.name}=<{p.type}>{' (optional)' if p.optional else ''}  {p.description}")
        return
    if not sparql and not name:
        raise errors.InputError("give a query NAME or FILE.rq, - (SPARQL on standard input), -e 'SPARQL', or --list")
    from ..stdio import is_dash

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
        from ..output import STREAM_FORMATS, write_stream

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
