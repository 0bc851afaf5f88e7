"""The ``kg`` command: click commands only. Each parses, calls the library, formats.

Exit codes: 0 ok; 1 data does not conform, a check found rows, or no connection; 2 bad
input (unparseable file, unknown or ambiguous name, bad query or parameter); 3 not
supported by this store; 130 stopped with Ctrl-C.

The group and what the commands share are in ``base``; the commands, a module a group of them:
``data`` (build, validate, export, stats), ``ask`` (search, ties, lineage, control, path,
query), ``draw`` (view, map, timeline), ``write`` (load, import, extract, add), ``serve``.
"""

from __future__ import annotations

from . import ask, data, draw, serve, write  # noqa: F401 - each registers its commands with the group
from .base import cli

__all__ = ["cli", "main"]


def main() -> None:
    """The ``kg`` command; Ctrl-C exits 130 (128 + SIGINT), as shells expect, not click's 1, which
    kg gives to "data does not conform" and "no connection"."""
    import signal
    import sys

    interrupted = False

    def on_interrupt(number: int, frame: object) -> None:
        nonlocal interrupted
        interrupted = True
        raise KeyboardInterrupt

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, on_interrupt)
    try:
        cli(prog_name="kg")
    except SystemExit as leaving:
        if interrupted and leaving.code == 1:  # click's "Aborted!"
            sys.exit(130)
        raise


if __name__ == "__main__":
    main()
