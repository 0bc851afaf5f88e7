"""kg's store backends, as rdflib Store plugins (entry points ``rdf.plugins.store``, the way
oxrdflib registers "Oxigraph"): any rdflib program can open a kg store by name.

- ``kg-oxigraph``: a read-only generation of an on-disk kg store (oxrdflib over pyoxigraph),
  with query parameters bound as a VALUES block first in the WHERE group::

      Graph(store="kg-oxigraph", identifier=DATASET_DEFAULT_GRAPH_ID).open("~/.cache/kg/store/<generation>")

- ``kg-sparql``: a SPARQL 1.1 endpoint, queries POSTed form-encoded, parameters bound the same
  way::

      Graph(store="kg-sparql", identifier=DATASET_DEFAULT_GRAPH_ID).open(
          ("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update"))

(``DATASET_DEFAULT_GRAPH_ID`` from rdflib.graph: kg keeps its triples in the default graph.)

kg.store chooses between them (and rdflib's Memory) from a store location; nothing else in kg
asks which backend is in use.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from io import BytesIO
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from oxrdflib.store import OxigraphStore
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result
from rdflib.store import VALID_STORE

from .errors import InputError, NotSupported, QueryError
from .sparqltext import bind_values

__all__ = ["GenerationStore", "RemoteStore", "http"]


class GenerationStore(OxigraphStore):  # type: ignore[misc]
    """oxrdflib on one generation of a kg store, read-only, with parameters bound by a VALUES
    block first in the WHERE group.

    pyoxigraph's own ``substitutions`` (what oxrdflib uses for initBindings) give the same rows
    but let the planner start from the unbound patterns: 10-400x slower on the named queries at
    100k triples (docs/scaling.md)."""

    def open(self, configuration: str | tuple[str, str], create: bool = False) -> int | None:
        if create or not isinstance(configuration, str):
            raise NotSupported("kg-oxigraph opens one generation of a kg store (a directory), read-only; "
                               "kg build writes one")
        path = Path(configuration).expanduser()
        if not path.is_dir():
            raise InputError(f"no kg store generation at {path}")
        self._store = ox.Store.read_only(str(path))
        self.generation = path
        return VALID_STORE

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store underneath, for reading without rdflib terms (kg.network)."""
        return self._inner

    def query(self, query: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: Any) -> Any:
        if initBindings and isinstance(query, str):
            try:
                query, initBindings = bind_values(query, initBindings), {}
            except QueryError:
                pass  # no WHERE group (e.g. DESCRIBE): let oxrdflib substitute
        return super().query(query, initNs, initBindings, queryGraph, **kwargs)


class RemoteStore(SPARQLUpdateStore):  # type: ignore[misc]
    """A SPARQL 1.1 endpoint: queries POSTed to the query URL, updates to the update URL.

    rdflib's SPARQLStore binds initBindings by appending a VALUES clause after the query, where
    a FILTER inside WHERE sees the variable unbound; here the VALUES block goes first in the
    WHERE group instead, which is what initBindings means on the embedded stores. The values are
    RDF terms that serialise themselves; no user text is pasted into the query."""

    def __init__(self, configuration: Any = None, identifier: Any = None, **kwargs: Any):
        super().__init__(returnFormat="json", method="POST", **kwargs)
        if configuration is not None:
            self.open(configuration)

    def query(self, query: Any, initNs: Any = None, initBindings: Any = None,  # type: ignore[override]
              queryGraph: Any = None, DEBUG: bool = False) -> Result:  # rdflib's own signature varies
        if not isinstance(query, str):
            raise NotSupported("a remote store runs SPARQL text, not prepared queries")
        if initNs:
            query = self._inject_prefixes(query, initNs)
        if initBindings:
            query = bind_values(query, initBindings)
        # form-encoded: the SPARQL 1.1 Protocol form every server takes (Virtuoso 7.2 never
        # answers an application/sparql-query POST: openlink/virtuoso-opensource#842)
        request = urllib.request.Request(
            str(self.query_endpoint), data=urllib.parse.urlencode({"query": query}).encode("ascii"),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": "application/sparql-results+json, application/n-triples;q=0.9"},
        )
        body, kind = http(request, str(self.query_endpoint))
        return Result.parse(BytesIO(body), content_type=kind)


def http(request: Any, url: str, timeout: float = 300) -> tuple[bytes, str]:
    """Send ``request``; the body and content type, or QueryError/InputError with the reason."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type", "").split(";")[0]
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip()[:500]
        raise QueryError(f"{url} answered HTTP {error.code}: {detail or error.reason}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise InputError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None
