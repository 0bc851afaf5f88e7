"""The named query ``actors-in-governorate`` (queries/actors-in-governorate.rq) on an on-disk
generation, in two steps: Oxigraph joins the places within the governorate, the statements and
events at each and the actors in them (on its ids, nothing turned into text but the answer),
then each actor's classes and English labels and each place's labels are read once through
pyoxigraph's indexes.

Asked as one SPARQL query, a stream of it (``kg query --stream``, the ORDER BY dropped) gave
its first row after most of the time of the whole answer (0.8-1.5 s at 10M triples, on a
loaded machine); here the first row comes after a handful of lookups (7 ms), and the sorted
answer takes about as long as the SPARQL one (each lookup costs tens of microseconds at 10M;
bench/bench_read.py). The rows are the query's own (DISTINCT, the terms as oxrdflib gives them);
sorted, in its ORDER BY (labels by their text), rows it leaves tied in the order of their other
columns (tests/test_governorate.py compares both with the SPARQL answer). Memory and remote
stores run the SPARQL query.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["VARIABLES", "result_of", "rows_of"]

KG = "https://w3id.org/armed-groups-kg/ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"

# the query's SELECT, in order (tests/test_governorate.py checks it against the query's text)
VARIABLES = ("governorate", "actor", "actorLabel", "how", "where", "whereLabel")
_CORE = f"""SELECT DISTINCT ?actor ?how ?where WHERE {{ VALUES ?governorate {{ %s }}
  ?where <{KG}within> ?governorate .
  {{ ?thing <{KG}object> ?where }} UNION {{ ?thing <{KG}place> ?where }}
  {{ ?thing <{KG}actor> ?actor BIND ("controlled" AS ?how) }}
  UNION {{ ?thing <{KG}agent> ?actor BIND ("acted in an event" AS ?how) }}
  UNION {{ ?thing <{KG}opponent> ?actor BIND ("opposed in an event" AS ?how) }}
}}"""


def rows_of(store: Any, governorate: Any, ordered: bool = True) -> Iterator[tuple[Any, ...]]:
    """The query's rows for the pyoxigraph term ``governorate`` on the pyoxigraph ``store``'s
    default graph, as pyoxigraph terms: each once; ``ordered`` in the query's ORDER BY (after
    every row is found), else as they are found."""
    import pyoxigraph as ox

    graph, node = ox.DefaultGraph(), ox.NamedNode
    quads = store.quads_for_pattern
    pref, rdf_type = node(_PREF), node(_RDF_TYPE)

    def english(term: Any) -> list[Any]:
        """FILTER (LANGMATCHES(LANG(?label), "en")): en, en-GB, ... in any case."""
        found = []
        for quad in quads(term, pref, None, graph):
            label = quad.object
            if isinstance(label, ox.Literal) and label.language:
                tag = label.language.lower()
                if tag == "en" or tag.startswith("en-"):
                    found.append(label)
        return found

    # { SELECT ?type WHERE { ?type rdfs:subClassOf* kg:Actor } }: kg:Actor and what reaches it
    actor_types: set[Any] = {node(KG + "Actor")}
    todo = list(actor_types)
    while todo:
        for quad in quads(None, node(_SUBCLASS), todo.pop(), graph):
            if quad.subject not in actor_types:
                actor_types.add(quad.subject)
                todo.append(quad.subject)

    actors: dict[Any, list[Any]] = {}  # an actor -> its English labels ([] when it is no kg:Actor)

    def labels_of(actor: Any) -> list[Any]:
        known = actors.get(actor)
        if known is None:
            typed = not isinstance(actor, ox.Literal) and any(
                quad.object in actor_types for quad in quads(actor, rdf_type, None, graph))
            known = actors[actor] = english(actor) if typed else []
        return known

    where_labels: dict[Any, list[Any]] = {}
    seen: set[tuple[Any, ...]] = set()
    # the places, their statements and events, and the actors in them: Oxigraph joins these on
    # its ids (a quarter of the time of reading them one by one here); labels and classes are
    # then read once for each actor and place
    if isinstance(governorate, ox.NamedNode):  # bound first, as kg binds parameters (kg.sparqltext)
        core = store.query(_CORE % governorate, use_default_graph_as_union=False)
    else:
        core = store.query(_CORE % "UNDEF", substitutions={ox.Variable("governorate"): governorate})
    for found in core:
        actor, how, where = found[0], found[1], found[2]
        labels = where_labels.get(where)
        if labels is None:
            labels = where_labels[where] = english(where)
        if not labels:
            continue
        for actor_label in labels_of(actor):
            for where_label in labels:
                row = (governorate, actor, actor_label, how, where, where_label)
                if row not in seen:
                    seen.add(row)
                    if not ordered:
                        yield row
    if ordered:
        yield from sorted(seen, key=_order)


def _order(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """ORDER BY ?actorLabel ?how ?whereLabel (their text), then the other columns."""
    _, actor, actor_label, how, where, where_label = row
    return (actor_label.value, how.value, where_label.value, actor_label.language, where_label.language,
            _text(actor), where.value)


def _text(term: Any) -> tuple[int, str]:
    import pyoxigraph as ox

    return (0 if isinstance(term, ox.BlankNode) else 1 if isinstance(term, ox.NamedNode) else 2, str(term))


def result_of(store: Any, governorate: Any, ordered: bool = True) -> Any:
    """The rows of :func:`rows_of` as an rdflib SELECT result, the terms as oxrdflib makes
    them (a stream's first row as soon as it is found). ``governorate``: an rdflib term."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef
    from rdflib.query import Result
    from rdflib.term import Variable

    made: dict[Any, Any] = {}

    def term(value: Any) -> Any:
        known = made.get(value)
        if known is None:
            if isinstance(value, ox.NamedNode):
                known = URIRef(value.value)
            elif isinstance(value, ox.BlankNode):
                known = BNode(value.value)
            elif value.language:
                known = Literal(value.value, lang=value.language)
            else:
                known = Literal(value.value, datatype=URIRef(value.datatype.value))
            made[value] = known
        return known

    if isinstance(governorate, URIRef):
        start: Any = ox.NamedNode(str(governorate))
    elif isinstance(governorate, BNode):
        start = ox.BlankNode(str(governorate))
    else:  # a literal is within nothing
        start = None
    variables = [Variable(v) for v in VARIABLES]
    result = Result("SELECT")
    result.vars = variables
    found = rows_of(store, start, ordered) if start is not None else iter(())
    result.bindings = ({v: term(t) for v, t in zip(variables, row)} for row in found)
    return result
