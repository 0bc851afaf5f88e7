"""``kg build``, ``kg validate``, ``kg export`` and ``kg stats``: the store as a whole."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import errors
from .base import (
    FILE,
    Context,
    _write,
    cli,
    format_option,
    handle_errors,
    pass_context,
)


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
    from ..progress import task
    from ..resources import seed_files

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
    from ..progress import task

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
    from ..output import table

    click.echo(table(["what", "count"], rows))
