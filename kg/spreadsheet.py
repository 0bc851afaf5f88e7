"""Cells that a spreadsheet will not run as formulas (CSV injection), reversibly.

A spreadsheet opening a CSV file runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as
a formula (and a leading TAB or CR does not stop it). OWASP's rule: prefix such a text cell
with a single quote, which a spreadsheet shows as text and does not display; a cell that is
a number (``-12.5``) stays a number. To make the escape reversible, a cell that already
starts with a quote followed by one of those characters (or by another quote) gets one more
quote; :func:`restore` removes the first quote of exactly those cells, so that
``restore(neutralise(text)) == text`` for every text. Any other cell is left as it is,
a name such as ``'Ayn Issa`` included.

Used by ``kg export --format csv`` (on unless ``--raw-cells``), by the import of that format
(always), and by ``kg query --format csv/tsv --spreadsheet-safe`` (off by default: SPARQL
results in CSV and TSV are exact, as the W3C formats require).
"""

from __future__ import annotations

import re

__all__ = ["TRIGGERS", "neutralise", "restore"]

TRIGGERS = "=+-@\t\r"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _quoted(text: str) -> bool:
    """A quote followed by a trigger or another quote: the form :func:`neutralise` writes."""
    return len(text) > 1 and text[0] == "'" and (text[1] in TRIGGERS or text[1] == "'")


def neutralise(text: str) -> str:
    """``text`` as a cell a spreadsheet shows as text (see the module docstring)."""
    if not text:
        return text
    if text[0] in TRIGGERS and not _NUMBER.fullmatch(text):
        return "'" + text
    if _quoted(text):
        return "'" + text
    return text


def restore(text: str) -> str:
    """The text :func:`neutralise` was given: one leading quote removed, from a cell that
    starts with a quote followed by a trigger character or another quote."""
    return text[1:] if _quoted(text) else text
