"""Build: ontology + seeds -> derived direct edges -> validation -> store, atomically.

The store is only written when every step passed; a seed file that does not parse or a
graph that breaks the shapes leaves the existing store exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from . import resources
from .errors import ParseError, ValidationFailed
from .namespaces import KG, bind_prefixes
from .sourcemap import SourceMap

if TYPE_CHECKING:
    from .validate import Report

__all__ = ["Assembled", "BuildResult", "assemble", "build", "check_files", "derive", "load_files", "rederive"]


@dataclass
class Assembled:
    """A graph ready to validate, with where each resource came from."""

    graph: Graph
    sources: SourceMap
    files: list[Path]
    derived: int = 0


@dataclass
class BuildResult:
    location: str
    triples: int
    derived: int
    files: list[str] = field(default_factory=list)
    fingerprint: str = ""


def _display(path: Path) -> str:
    """A path as the user should read it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_files(paths: list[Path], graph: Graph | None = None) -> Graph:
    """Parse Turtle files into ``graph``; a syntax error names file, line and column."""
    graph = graph if graph is not None else Graph()
    for path in paths:
        if not path.is_file():
            raise ParseError(_display(path), None, None, "no such file")
        try:
            graph.parse(path, format="ox-turtle")
        except SyntaxError as error:
            message = str(error.msg or error).strip()
            message = message.split(": ", 1)[1] if message.startswith("Parser error") else message
            raise ParseError(_display(path), error.lineno, error.offset, message) from None
        except UnicodeDecodeError as error:
            raise ParseError(_display(path), None, None, f"not UTF-8 text ({error.reason})") from None
    return graph


def _derived_predicates(ontology: Graph) -> set:
    return set(ontology.subjects(RDF.type, KG.DirectEdge)) | set(ontology.subjects(RDF.type, KG.DerivedProperty))


def derive(graph: Graph) -> Graph:
    """The direct edges the statements imply (queries/derive/*.rq), each statement's certain
    and possible span (kg.spans), the name keys of every labelled resource (kg.namekeys), plus
    rdfs:label."""
    from .namekeys import derive_name_keys
    from .spans import derive_spans

    derived = Graph()
    for rule in sorted((resources.queries_dir() / "derive").glob("*.rq")):
        for triple in graph.query(rule.read_text(encoding="utf-8")):
            derived.add(triple)  # type: ignore[arg-type]
    derived += derive_spans(graph)
    derived += derive_name_keys(graph)
    for subject, label in graph.subject_objects(SKOS.prefLabel):
        derived.add((subject, RDFS.label, label))
    return derived


def rederive(graph: Graph) -> int:
    """Refresh ``graph``'s derived triples in place after a change: the spans (an end added to
    a statement changes them) and the name keys are computed anew; edges and labels are only
    added. Returns the number of triples the graph grew by."""
    from .namekeys import NAME_KEY_PROPERTIES
    from .spans import SPAN_PROPERTIES

    before = len(graph)
    for name in SPAN_PROPERTIES + NAME_KEY_PROPERTIES:
        graph.remove((None, KG[name], None))
    graph += derive(graph)
    return len(graph) - before


def assemble(seed_paths: list[Path] | None = None) -> Assembled:
    """Ontology + seed files + derived edges, in memory. Raises ParseError or ValidationFailed."""
    from .validate import Violation, shorten

    seed_paths = seed_paths if seed_paths is not None else resources.seed_files()
    ontology = load_files(resources.ontology_files())
    seeds = load_files(seed_paths)
    sources = SourceMap()
    for path in seed_paths:
        sources.scan(path, _display(path))

    hand_written = []
    for predicate in sorted(_derived_predicates(ontology)):
        for subject, obj in seeds.subject_objects(predicate):
            hand_written.append(
                Violation(
                    focus=subject,
                    label=shorten(str(subject)),
                    path=predicate,
                    message=f"{shorten(str(predicate))} is derived by the build from "
                    "statements; write a statement instead of the direct edge",
                    rule="derived-edge-written-by-hand",
                    value=obj,
                    location=sources.locate(subject, seeds, predicate),
                )
            )
    if hand_written:
        from .validate import Report

        raise ValidationFailed(Report(False, hand_written), "seed files write derived edges by hand")

    graph = bind_prefixes(Graph())
    graph += ontology
    graph += seeds
    derived = derive(graph)
    graph += derived
    return Assembled(graph, sources, list(seed_paths), len(derived))


def check_files(seed_paths: list[Path] | None = None) -> Report:
    """Assemble seed files (default: the bundled seeds) with the ontology and check them
    against the shapes and the data checks, each violation located at its file and line.
    Raises ParseError for a file that does not parse, ValidationFailed for derived edges
    written by hand."""
    from .validate import Report, run_checks, validate

    assembled = assemble(seed_paths)
    shapes = validate(assembled.graph, assembled.sources)
    checks = run_checks(assembled.graph, assembled.sources)
    return Report(shapes.conforms and checks.conforms, shapes.violations + checks.violations)


def build(location: str | None = None, seed_paths: list[Path] | None = None) -> BuildResult:
    """Build the graph from ``seed_paths`` (default: the bundled seeds) into the store at
    ``location`` (default: the configured store). Validates first; writes atomically."""
    from . import store
    from .validate import check

    assembled = assemble(seed_paths)
    check(assembled)  # raises ValidationFailed
    bundled = seed_paths is None
    fingerprint = resources.build_fingerprint(assembled.files)
    where = store.write(
        location,
        assembled.graph,
        {"fingerprint": fingerprint, "bundled": bundled, "files": [str(p) for p in assembled.files]},
    )
    return BuildResult(where, len(assembled.graph), assembled.derived, [str(p) for p in assembled.files], fingerprint)
