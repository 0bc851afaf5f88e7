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
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef, plugin
from rdflib.namespace import RDF, SH, SKOS
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

__all__ = ["Report", "Violation", "check", "run_checks", "shorten", "validate"]


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


def validate(graph: Graph, sources=None) -> Report:
    """Validate ``graph`` against ontology/shapes.ttl. Returns a Report (never raises on data)."""
    import pyshacl

    shapes = Graph().parse(resources.shapes_file(), format="turtle")
    with _queries_parsed_once():
        conforms, report_graph, _ = pyshacl.validate(
            graph, shacl_graph=shapes, advanced=True, allow_warnings=True
        )
    violations = []
    for result in report_graph.subjects(RDF.type, SH.ValidationResult):
        focus = report_graph.value(result, SH.focusNode)
        message = report_graph.value(result, SH.resultMessage)
        path = report_graph.value(result, SH.resultPath)
        value = report_graph.value(result, SH.value)
        violations.append(
            Violation(
                focus=focus,
                label=_label(graph, focus),
                path=path,
                message=shorten(str(message)) if message else "breaks a shape",
                rule=_rule_name(shapes, report_graph, result),
                value=None if value == focus else value,
                location=sources.locate(focus, graph, path) if sources else None,
            )
        )
    violations.sort(key=lambda v: (str(v.location or "~"), v.label, v.message))
    return Report(bool(conforms), violations)


def check_queries() -> list[Path]:
    return sorted((resources.queries_dir() / "checks").glob("*-violation.rq"))


def run_checks(graph: Graph, sources=None) -> Report:
    """Run queries/checks/*-violation.rq; each row is a violation. No rows: conforms."""
    from .queries import NamedQuery, rows

    violations = []
    for path in check_queries():
        query = NamedQuery.load(path)
        for row in rows(graph.query(query.text)):
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
