"""Where each resource is written in the seed files, so errors can name file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

__all__ = ["Location", "SourceMap"]

_PREFIX = re.compile(r"^\s*@prefix\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE)
_SUBJECT = re.compile(r"^([\w-]*:[\w.\-%]*[\w\-%]|<[^>]+>)(?:\s|$)")


@dataclass(frozen=True)
class Location:
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class SourceMap:
    """Maps a subject IRI to the file and line where its description starts.

    Subjects are found as Turtle statements that start at column 0, which is how the seed
    files are written (see seeds/README.md). A blank node is placed where its parent is.
    """

    def __init__(self) -> None:
        self._where: dict[URIRef, list[tuple[Location, str]]] = {}

    def scan(self, path: Path, display: str | None = None) -> None:
        prefixes: dict[str, str] = {}
        shown = display or str(path)
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            prefix = _PREFIX.match(line)
            if prefix:
                prefixes[prefix.group(1)] = prefix.group(2)
                continue
            subject = _SUBJECT.match(line)
            if not subject:
                continue
            token = subject.group(1)
            if token.startswith("<"):
                iri = token[1:-1]
            else:
                name, _, local = token.partition(":")
                if name not in prefixes:
                    continue
                iri = prefixes[name] + local
            block: list[str] = []
            for following in lines[number - 1 :]:
                if block and following and not following[0].isspace():
                    break
                block.append(following)
            self._where.setdefault(URIRef(iri), []).append((Location(shown, number), "\n".join(block)))

    def locate(self, node: Node, graph: Graph | None = None, predicate: Node | None = None) -> Location | None:
        """Where ``node`` is written; for a blank node, where the resource that holds it is.

        A resource described in several places: the description that mentions ``predicate``
        (by its local name), else the first one."""
        if isinstance(node, URIRef):
            places = self._where.get(node)
            if not places:
                return None
            if predicate is not None and len(places) > 1:
                local = str(predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                for location, block in places:
                    if re.search(r"[:/#<]" + re.escape(local) + r"\b", block):
                        return location
            return places[0][0]
        if isinstance(node, BNode) and graph is not None:
            for parent in graph.subjects(None, node):
                found = self.locate(parent, graph, predicate)
                if found:
                    return found
        return None
