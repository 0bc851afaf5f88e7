"""``kg serve``: the HTTP endpoint."""

from __future__ import annotations

import click

from .. import errors
from .base import (
    Context,
    cli,
    handle_errors,
    pass_context,
)


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
    from ..api import KG
    from ..server import ServeConfig
    from ..server import serve as run_server

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
