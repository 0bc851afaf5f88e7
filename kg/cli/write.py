"""``kg load``, ``kg import``, ``kg extract`` and ``kg add``: data into the store."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .. import errors
from .base import (
    FILE,
    Context,
    _input,
    _shown,
    cli,
    handle_errors,
    pass_context,
)


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
    from ..load import total_bytes
    from ..stdio import is_dash

    if any(is_dash(f) for f in files) and fmt is None:
        raise errors.InputError("kg load -: standard input has no file suffix to tell its format; give --format "
                                "(turtle, nt, nquads, jsonld, trig, rdfxml)")
    if sum(is_dash(f) for f in files) > 1:
        raise errors.InputError("kg load: - (standard input) can be given once")
    from ..progress import task

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
        from ..output import table

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
    from ..progress import task

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

    from ..stdio import is_dash, spooled

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
    from ..progress import task

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
