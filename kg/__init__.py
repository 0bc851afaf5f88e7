"""kg: a sourced, time-aware RDF knowledge graph of armed groups.

The library is the API; the ``kg`` command is a thin layer over it::

    import kg
    graph = kg.open_graph()              # the default on-disk store (built on first use)
    graph = kg.open_graph("memory")      # in memory, from the bundled data
    kg.ties(graph, "Nusra Front").ties   # every tie, with dates and sources
    kg.control(graph, "Idlib", at=datetime.date(2015, 4, 1)).rows

Nothing heavy is imported until it is used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["__version__", "build", "control", "open_graph", "ties", "validate"]
__version__ = "0.1.0"


def open_graph(location: str | None = None, **kwargs: Any) -> Any:
    """An rdflib Graph over the store at ``location`` (see kg.store)."""
    from .store import open_graph as _open

    return _open(location, **kwargs)


def build(location: str | None = None, seed_paths: Any = None) -> Any:
    from .build import build as _build

    return _build(location, seed_paths)


def ties(graph: Any, name: str, at: Any = None) -> Any:
    from .ties import ties as _ties

    return _ties(graph, name, at)


def control(graph: Any, name: str, at: Any = None) -> Any:
    from .ties import control as _control

    return _control(graph, name, at)


def validate(graph: Any) -> Any:
    from .validate import validate as _validate

    return _validate(graph)
