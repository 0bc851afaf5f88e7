"""``kg view``, ``kg map`` and ``kg timeline``: the HTML views."""

from __future__ import annotations

from typing import Any

import click

from .base import (
    FILE,
    Context,
    _completing,
    _date,
    _write,
    at_option,
    cli,
    handle_errors,
    pass_context,
)


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
    from ..progress import task

    chosen = {r.strip() for r in relations.split(",") if r.strip()} if relations else None
    day, api = _date(at), ctx.api
    with task("drawing the network"):
        drawn = api.view(focus=focus, depth=depth, at=day, relations=chosen, places=not no_places)
    _save(drawn, output, f" ({drawn.nodes} nodes, {drawn.edges} edges)")


def _save(drawn: Any, output: str, what: str) -> None:
    """A page to the file ``output`` (atomically), or to stdout when it is ``-``."""
    from ..stdio import is_dash

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
