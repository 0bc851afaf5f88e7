"""Python's cycle collector, paused while kg builds many objects that form no cycles.

Reading a whole-graph report makes millions of tuples, terms and dicts that stay alive; each
time enough have been made the collector walks all of them again (a quarter to a third of the
time of reading network-edges or building the whole network at a million triples and more).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block (and on again after it, if it was on)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
