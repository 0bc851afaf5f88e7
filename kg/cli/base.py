"""What every ``kg`` command shares: the group (``cli``), the store as the API (``Context``), the
options, errors and output helpers. The commands are in the modules beside this one, a module a
group of commands; each parses, calls the library, formats.

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

from .. import __version__, errors

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
        from ..api import KG

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
            from ..names import index_for
            from ..progress import task

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
        from ..names import noting

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
    from ..stdio import is_dash

    return sys.stdin.buffer if is_dash(value) else Path(value)


def _shown(value: str) -> str:
    from ..stdio import STDIN_NAME, is_dash

    return STDIN_NAME if is_dash(value) else Path(value).name


def _write(data: bytes, output: str, what: str = "") -> None:
    """``data`` to the file ``output``, or to stdout when it is ``-``; "wrote ..." on stderr."""
    from ..stdio import is_dash, write_output

    write_output(data, output)
    if not is_dash(output):
        click.echo(f"wrote {output}{what}", err=True)


# --- shell completion (README, "Shell completion"): names from the store's name index, cheaply;
# a completion never builds the store and never fails loudly (no names instead)


def _completing(kinds: str | None) -> Callable[..., list[Any]]:
    """A completer of actor (``kinds="actor"``), place (``"place"``) or any names."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        try:
            from ..api import KG
            from ..vocabulary import ACTOR_KINDS, PLACE_KINDS

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
        from ..queries import list_queries

        return [CompletionItem(q.name, help=q.description) for q in list_queries() if q.name.startswith(incomplete)]
    except Exception:  # noqa: BLE001 - completion must never print a traceback into the shell
        return []


def _date(value: str | None, what: str = "--at") -> dt.date | None:
    from ..timespan import parse_date

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
