"""The ``kg`` command: click commands only. Each parses, calls the library, formats.

Exit codes: 0 ok; 1 data does not conform, a check found rows, or no connection; 2 bad
input (unparseable file, unknown or ambiguous name, bad query or parameter); 3 not
supported by this store.

The group and what the commands share are in ``base``; the commands, a module a group of them:
``data`` (build, validate, export, stats), ``ask`` (search, ties, lineage, control, path,
query), ``draw`` (view, map, timeline), ``write`` (load, import, extract, add), ``serve``.
"""

from __future__ import annotations

from . import ask, data, draw, serve, write  # noqa: F401 - each registers its commands with the group
from .base import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
