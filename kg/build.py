"""Build: ontology + seeds -> derived direct edges -> the bundled datasets -> validation ->
store, atomically.

The bundled build imports the Syrian subsets of the real datasets (kg/data/datasets/: UCDP,
the UN list, Wikidata) after the seeds, through the importers ``kg import --ucdp/--un/
--wikidata`` runs and the same merge (kg.update.combine), but in memory and inside the build's
one write. A build from other seed files (or ``datasets=False``) imports none.

The store is only written when every step passed; a seed file that does not parse or a
graph that breaks the shapes leaves the existing store exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.namespace import RDF

from . import resources
from .derive import derive, rederive
from .errors import ParseError, ValidationFailed
from .namespaces import KG, bind_prefixes
from .sourcemap import SourceMap

if TYPE_CHECKING:
    from .importers.common import Report as ImportReport
    from .validate import Report

__all__ = ["Assembled", "BuildResult", "assemble", "build", "check_files", "derive", "import_datasets", "load_files",
           "rederive"]


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
        except MemoryError as error:
            if "maximal size" not in str(error):
                raise
            from .load import too_long

            raise too_long(path, error) from None
    return graph


def _derived_predicates(ontology: Graph) -> set:
    return set(ontology.subjects(RDF.type, KG.DirectEdge)) | set(ontology.subjects(RDF.type, KG.DerivedProperty))


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


def import_datasets(assembled: Assembled) -> list[tuple[Path, ImportReport]]:
    """Import the bundled datasets (kg.resources.dataset_files) into ``assembled.graph``, in
    order, each through its importer's reader and kg.update.combine, as ``kg import`` does;
    the derived count grows by what the re-derivation adds. Returns each file's report."""
    from .importers.ucdp import read_ucdp
    from .importers.unsc import read_un
    from .importers.wikidata import read_wikidata
    from .update import combine

    readers = {"ucdp": read_ucdp, "un": read_un, "wikidata": read_wikidata}
    reports = []
    for kind, path in resources.dataset_files():
        additions, report = readers[kind](path, assembled.graph)
        combined = combine(assembled.graph, additions, label=path.name).graph
        assembled.derived += len(combined) - len(assembled.graph) - len(additions - assembled.graph)
        assembled.graph = combined
        assembled.files.append(path)
        reports.append((path, report))
    return reports


def build(location: str | None = None, seed_paths: list[Path] | None = None, *, datasets: bool = True) -> BuildResult:
    """Build the graph from ``seed_paths`` (default: the bundled seeds and, unless
    ``datasets`` is false, the bundled datasets) into the store at ``location`` (default: the
    configured store). Validates first; writes atomically. Only the full bundled build is
    marked ``bundled`` (rebuilt when the bundled data changes)."""
    from . import store
    from .validate import check

    assembled = assemble(seed_paths)
    bundled = seed_paths is None and datasets
    if bundled:
        import_datasets(assembled)
    check(assembled)  # raises ValidationFailed
    fingerprint = resources.build_fingerprint(None if bundled else assembled.files)
    where = store.write(
        location,
        assembled.graph,
        {"fingerprint": fingerprint, "bundled": bundled, "files": [str(p) for p in assembled.files]},
    )
    return BuildResult(where, len(assembled.graph), assembled.derived, [str(p) for p in assembled.files], fingerprint)
