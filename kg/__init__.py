"""kg: a sourced, time-aware RDF knowledge graph of armed groups.

The library is the API; the ``kg`` command and ``kg serve`` are thin layers over it::

    import kg
    db = kg.open()                        # the default on-disk store (built on first use)
    db = kg.open("memory")                # in memory, from the bundled data
    db.ties("Nusra Front").ties           # every tie, with dates, certainty and sources
    db.control("Idlib", at="2015-04-01").rows
    db.query("control-at", place="Idlib", date="2015-04-01").to_pandas()
    db.graph                              # the rdflib Graph, for anything else

See kg.api.KG for every method. Nothing heavy is imported until it is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import KG, ImportResult, Match, QueryResult, View, open

__all__ = ["KG", "ImportResult", "Match", "QueryResult", "View", "__version__", "open", "open_graph"]
__version__ = "0.1.0"

_API = {"KG", "ImportResult", "Match", "QueryResult", "View", "open"}


def open_graph(location: str | None = None, *, build_if_needed: bool = True) -> Any:
    """An rdflib Graph over the store at ``location`` (see kg.store), with the bundled data
    built into an empty store first; the same as ``kg.open(location).graph``."""
    from .api import KG

    return KG(location, build_if_needed=build_if_needed).graph


def __dir__() -> list[str]:  # the API's names too (loaded on first use): dir(kg), help(kg), completion
    return sorted(set(__all__) | {name for name in globals() if name.startswith("__")})


def __getattr__(name: str) -> Any:
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
