"""Shared pieces of the importers: row problems, minting stable IRIs, names in scripts."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from ..errors import InputError
from ..namespaces import ID, KG, PREFIXES

__all__ = [
    "ImportRejected",
    "Problem",
    "Report",
    "digest",
    "free_iri",
    "name_literal",
    "new_graph",
    "read_text",
    "slug",
]

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")


@dataclass(frozen=True)
class Problem:
    """One bad row: where (``row`` is the spreadsheet row, the header being row 1) and why."""

    row: int | None
    reason: str
    path: str = ""

    def __str__(self) -> str:
        return f"{self.path} row {self.row}: {self.reason}" if self.row else f"{self.path}: {self.reason}"


class ImportRejected(InputError):
    """An import file with bad rows; ``problems`` lists every one. Nothing was written."""

    def __init__(self, problems: list[Problem], what: str = "the file"):
        self.problems = problems
        lines = [f"{what} has {len(problems)} problem(s); nothing was written:"]
        lines += [f"  {p}" for p in problems]
        super().__init__("\n".join(lines))


@dataclass
class Report:
    """What an importer did with a dataset: entities matched, created and skipped, and the names
    it did not add because they already name another actor."""

    matched: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (record, reason)
    # (record, name, the actor that already has it): the name was not added, nothing was merged
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)  # the relations recorded (UCDP), one line each

    def counts(self) -> dict[str, int]:
        return {"matched": len(self.matched), "created": len(self.created), "skipped": len(self.skipped),
                "conflicts": len(self.conflicts)}


def read_text(path, what: str = "file") -> str:
    """A UTF-8 text file (a BOM is allowed); other encodings are refused with a clear reason."""
    from pathlib import Path

    from ..stdio import STDIN_NAME, is_spooled, no_file

    path = Path(path)
    shown = STDIN_NAME if is_spooled(path) else path  # standard input, spooled (kg.stdio)
    if not path.is_file():
        raise InputError(f"{shown}: {no_file(path)}")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{shown}: {what} is not UTF-8 text (byte 0x{data[error.start]:02x} at line {line}); "
            + ("save it as UTF-8 (in a spreadsheet: 'CSV UTF-8') and import again" if path.suffix.lower() in (".csv", ".tsv")
               else "save it as UTF-8 and try again")
        ) from None


def csv_reason(error: Exception) -> str:
    """What a CSV reader's error means to whoever wrote the file."""
    if "unexpected end of data" in str(error):
        return ("unclosed quote: a quoted cell starts on this row and never ends (a cell that starts "
                "with \" ends with \"; a quote inside it is written \"\")")
    if "new-line character" in str(error):
        return ("a bare carriage return (\\r) inside a cell: save the file with one kind of line end "
                "(Windows CRLF or Unix LF), or quote the cell")
    return f"bad CSV ({error}): a cell that starts with a quote must end with one, a quote inside it doubled"


def header_of(reader: Any, path: Any) -> list[str]:
    """A csv.DictReader's header, a CSV error in it refused with the file and line 1."""
    import csv
    from pathlib import Path

    try:
        return list(reader.fieldnames or [])
    except csv.Error as error:
        raise InputError(f"{Path(path).name}: line 1: {csv_reason(error)}") from None


def slug(text: str, limit: int = 60) -> str:
    """Lowercase ASCII words joined by hyphens: 'Jisr al-Shughur' -> 'jisr-al-shughur'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[’'`ʿʾ]", "", text)
    words = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return words[:limit].rstrip("-") or "x"


def digest(*parts: object, length: int = 8) -> str:
    """A short stable hash of the parts (used in minted IRIs, so re-imports hit the same IRI)."""
    h = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


def name_literal(text: str, lang: str | None = None) -> Literal:
    """A name with its language: Arabic script is tagged ``ar``, anything else ``en``."""
    text = " ".join(text.split())
    return Literal(text, lang=lang or ("ar" if _ARABIC.search(text) else "en"))


def is_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def free_iri(base: str, *graphs: Graph, suffix: str = "") -> URIRef:
    """``id:base`` unless a resource by that IRI is already typed in one of ``graphs``."""
    candidate = ID[base]
    if not any((candidate, RDF.type, None) in g for g in graphs):
        return candidate
    return ID[f"{base}-{suffix}" if suffix else f"{base}-{digest(base)}"]


def provenance_iri(entity: URIRef, source: URIRef) -> URIRef:
    """A stable IRI for the provenance record 'these properties of ``entity`` come from ``source``'."""
    local = str(entity).rsplit("/", 1)[-1]
    return ID[f"prov-{local}-{str(source).rsplit('/', 1)[-1]}"]


def add_provenance(graph: Graph, entity: URIRef, source: URIRef, properties: list[URIRef]) -> None:
    from rdflib.namespace import PROV

    record = provenance_iri(entity, source)
    graph.add((entity, KG.provenance, record))
    graph.add((record, RDF.type, KG.Provenance))
    graph.add((record, PROV.wasDerivedFrom, source))
    for prop in properties:
        graph.add((record, KG.forProperty, prop))
