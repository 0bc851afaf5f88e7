"""Validation: SHACL shapes (pySHACL) and the data-check queries, as readable reports.

``validate()`` follows pySHACL's habit and returns a ``Report``; ``check()`` raises
``ValidationFailed`` carrying it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef, plugin
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.query import Processor
from rdflib.term import Node

from . import resources
from .errors import ValidationFailed
from .sourcemap import Location

if TYPE_CHECKING:
    from .build import Assembled

__all__ = ["Report", "Violation", "affected", "check", "run_checks", "shorten", "validate"]


@dataclass
class Violation:
    focus: Node
    label: str
    path: Node | None
    message: str
    rule: str
    value: Node | None = None
    location: Location | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "focus": str(self.focus),
            "label": self.label,
            "path": None if self.path is None else str(self.path),
            "value": None if self.value is None else str(self.value),
            "rule": self.rule,
            "message": self.message,
            "location": None if self.location is None else str(self.location),
        }

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{where}{self.label}: {self.message}{value} [{self.rule}]"


@dataclass
class Report:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    @property
    def text(self) -> str:
        if self.conforms:
            return "conforms: no violations"
        lines = [f"{len(self.violations)} violation(s):"]
        lines += [f"  {v}" for v in self.violations]
        return "\n".join(lines)


def shorten(text: str) -> str:
    """Full IRIs of kg's known namespaces in ``text`` as prefixed names (kg:memberOf)."""
    from .namespaces import PREFIXES

    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        text = re.sub("<?" + re.escape(namespace) + r"([\w.\-]*)>?", prefix + r":\1", text)
    return text


def _label(graph: Graph, node: Node) -> str:
    best = None
    for label in graph.objects(node, SKOS.prefLabel):
        if getattr(label, "language", None) == "en":
            return str(label)
        best = best or str(label)
    if best:
        return best
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    parents = [p for p in graph.subjects(None, node) if isinstance(p, URIRef)]
    return f"[part of {_label(graph, parents[0])}]" if parents else "[blank node]"


def _rule_name(shapes: Graph, report_graph: Graph, result: Node) -> str:
    shape = report_graph.value(result, SH.sourceShape)
    component = report_graph.value(result, SH.sourceConstraintComponent)
    name = ""
    if not isinstance(shape, URIRef):  # an unnamed property shape: name it by its node shape
        shape = next((p for p in shapes.subjects(SH.property, shape) if isinstance(p, URIRef)), shape)
    if isinstance(shape, URIRef):
        name = shapes.namespace_manager.normalizeUri(shape)
    if component is not None:
        comp = str(component).rsplit("#", 1)[-1].replace("ConstraintComponent", "")
        name = f"{name} {comp}".strip() if name else comp
    return name or "shape"


@functools.lru_cache(maxsize=256)
def _parsed(text: str, namespaces: tuple, base: str | None):
    return translateQuery(parseQuery(text), base, dict(namespaces))


class ParsedOnceProcessor(SPARQLProcessor):
    """rdflib's SPARQL processor with each query text parsed once (then evaluated as a prepared
    query, as rdflib's prepareQuery does). pySHACL sends a SPARQL-based shape's query as text once
    for every focus node, and rdflib parses text each time: that parsing was ~80% of a validation."""

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            strOrQuery = _parsed(strOrQuery, tuple(sorted((initNs or {}).items())), base)
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


@contextmanager
def _queries_parsed_once() -> Iterator[None]:
    """rdflib's "sparql" query processor is ParsedOnceProcessor while pySHACL runs (then rdflib's
    own again: rdflib looks the processor up by name for each query)."""
    plugin.register("sparql", Processor, __name__, ParsedOnceProcessor.__name__)
    try:
        yield
    finally:
        plugin.register("sparql", Processor, "rdflib.plugins.sparql.processor", "SPARQLProcessor")


# How far a shape in ontology/shapes.ttl reads from its focus node: one property and the class
# or the properties of the node it leads to (kg:restates to the other statement's kind, actor,
# object and qualifier; kg:provenance to kg:forProperty; a source's or a place's class), and
# kg:locatedIn to any depth. Shapes read forwards only: no sh:inversePath, no SPARQL pattern with
# $this as the object; the one target by an incoming triple is sh:targetObjectsOf kg:provenance.
# _REACH adds a margin; tests/test_validate_change.py checks that a change's violations are the
# whole graph's.
_REACH = 2


def affected(before: Graph, after: Graph) -> set[Node]:
    """The nodes of ``after`` whose shapes may differ from ``before``'s (a graph that conformed):
    the subject of each triple added or removed and each node with a path of at most _REACH
    properties to one (a shape reads forwards), each place located in one of them at any depth,
    and the object of each such triple (a target by an incoming triple)."""
    from .namespaces import KG

    changed = {t for t in after if t not in before} | {t for t in before if t not in after}
    frontier = {s for s, _, _ in changed}
    nodes = set(frontier)
    for _ in range(_REACH):
        frontier = {s for n in frontier for s in after.subjects(None, n)} - nodes
        nodes |= frontier
    stack = list(nodes)
    while stack:
        for s in after.subjects(KG.locatedIn, stack.pop()):
            if s not in nodes:
                nodes.add(s)
                stack.append(s)
    return nodes | {o for _, _, o in changed if not isinstance(o, Literal)}


def _around(graph: Graph, nodes: set[Node]) -> Graph:
    """The triples of ``graph`` a shape of one of ``nodes`` may read: those within _REACH + 1
    properties of it, the kg:locatedIn chains from there with the class of each place, and the
    class hierarchy."""
    from .namespaces import KG

    out = Graph()
    seen: set[Node] = set()
    frontier = set(nodes)
    for _ in range(_REACH + 1):
        ahead = set()
        for n in frontier - seen:
            seen.add(n)
            for p, o in graph.predicate_objects(n):
                out.add((n, p, o))
                if not isinstance(o, Literal):
                    ahead.add(o)
        frontier = ahead
    for t in graph.triples((None, RDFS.subClassOf, None)):  # sh:targetClass reaches instances of subclasses
        out.add(t)
    stack = [o for o in out.objects(None, KG.locatedIn)]
    while stack:
        place = stack.pop()
        for t in graph.triples((place, RDF.type, None)):
            out.add(t)
        for above in graph.objects(place, KG.locatedIn):
            if (place, KG.locatedIn, above) not in out:
                out.add((place, KG.locatedIn, above))
                stack.append(above)
    return out


def validate(graph: Graph, sources=None, focus: set[Node] | None = None) -> Report:
    """Validate ``graph`` against ontology/shapes.ttl. Returns a Report (never raises on data).
    ``focus`` (see :func:`affected`): report only these nodes' violations, found in the part of
    the graph their shapes read; None: every node's. (pySHACL's own focus list is not used: it
    also filters the value nodes of nested shapes, and a language-qualified count then counts
    every name.)"""
    import pyshacl

    shapes = Graph().parse(resources.shapes_file(), format="turtle")
    if focus is not None and not focus:
        return Report(True, [])
    with _queries_parsed_once():
        conforms, report_graph, _ = pyshacl.validate(
            graph if focus is None else _around(graph, focus), shacl_graph=shapes, advanced=True, allow_warnings=True
        )
    violations = []
    for result in report_graph.subjects(RDF.type, SH.ValidationResult):
        node = report_graph.value(result, SH.focusNode)
        if focus is not None and node not in focus:
            continue
        message = report_graph.value(result, SH.resultMessage)
        path = report_graph.value(result, SH.resultPath)
        value = report_graph.value(result, SH.value)
        violations.append(
            Violation(
                focus=node,
                label=_label(graph, node),
                path=path,
                message=shorten(str(message)) if message else "breaks a shape",
                rule=_rule_name(shapes, report_graph, result),
                value=None if value == node else value,
                location=sources.locate(node, graph, path) if sources else None,
            )
        )
    violations.sort(key=lambda v: (str(v.location or "~"), v.label, v.message))
    return Report(bool(conforms) or focus is not None and not violations, violations)


def check_queries() -> list[Path]:
    return sorted((resources.queries_dir() / "checks").glob("*-violation.rq"))


def run_checks(graph: Graph, sources=None) -> Report:
    """Run queries/checks/*-violation.rq; each row is a violation. No rows: conforms."""
    from .oxcopy import copy_of, select
    from .queries import NamedQuery, rows

    try:
        store = copy_of(graph)  # rdflib's engine took seconds for these queries (kg.oxcopy)
    except ValueError:  # a term Oxigraph refuses: rdflib's engine
        store = None
    violations = []
    for path in check_queries():
        query = NamedQuery.load(path)
        found: list[Any] = rows(graph.query(query.text)) if store is None else select(store, query.text)
        for row in found:
            focus = row[0]
            violations.append(
                Violation(
                    focus=focus,
                    label=_label(graph, focus),
                    path=None,
                    message=query.description,
                    rule=query.name,
                    value=row[1] if len(row) > 1 else None,
                    location=sources.locate(focus, graph) if sources else None,
                )
            )
    return Report(not violations, violations)


def check(assembled: Assembled) -> Report:
    """Shapes, then data checks; raises ValidationFailed listing every violation found."""
    report = validate(assembled.graph, assembled.sources)
    checks = run_checks(assembled.graph, assembled.sources)
    combined = Report(report.conforms and checks.conforms, report.violations + checks.violations)
    if not combined.conforms:
        raise ValidationFailed(combined, f"the graph breaks {len(combined.violations)} rule(s)")
    return combined
