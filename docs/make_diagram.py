"""Draw the kg ontology as docs/ontology-diagram.svg (Graphviz).

Classes, the subclass tree and the direct edges are read from ontology/kg.ttl, so the
diagram follows the ontology. A few links the ontology states only in prose or in
ontology/shapes.ttl (e.g. that kg:object points at an alliance, actor or place) are added
by hand below; every term used must be declared in kg.ttl or the script stops.

    python docs/make_diagram.py            # writes docs/ontology-diagram.svg (needs `dot`)
    python docs/make_diagram.py --dot      # prints the DOT text instead
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

ROOT = Path(__file__).resolve().parent.parent
KG = Namespace("https://w3id.org/armed-groups-kg/ontology#")

# Which box each top class (and everything under it) is drawn in.
GROUPS = {
    "Statement": ("layer 1: qualified statements", "#fff4d6"),
    "Claim": ("layer 1: qualified statements", "#fff4d6"),
    "Agent": ("agents", "#e3efff"),
    "Place": ("places", "#e4f5e4"),
    "Event": ("events", "#f6e6f6"),
    "Source": ("sources and provenance", "#eeeeee"),
    "Provenance": ("sources and provenance", "#eeeeee"),
}

# Links stated in prose/shapes rather than as rdfs:domain + rdfs:range on kg: classes.
# (from class, label, to class)
EXTRA_LINKS = [
    ("Statement", "kg:actor", "Actor"),
    ("Statement", "kg:object", "Actor"),
    ("Statement", "kg:object", "Place"),
    ("Statement", "prov:wasDerivedFrom", "Source"),
    ("Claim", "kg:about", "Event"),
    ("Claim", "kg:about", "Statement"),
    ("Claim", "prov:wasDerivedFrom", "Source"),
    ("Event", "prov:wasDerivedFrom", "Source"),
    ("Event", "kg:destination", "Place"),
    ("Agent", "kg:provenance", "Provenance"),
    ("Place", "kg:provenance", "Provenance"),
    ("Provenance", "prov:wasDerivedFrom", "Source"),
]

STATEMENT_FIELDS = (
    "kg:start, kg:end  (xsd:date)\\l"
    "kg:startPrecision, kg:endPrecision  (kg:Day | kg:Month | kg:Year)\\l"
    "kg:startBound, kg:endBound  (kg:NotBefore | kg:NotAfter)\\l"
    "kg:attested  (xsd:date)\\l"
    "kg:role  (kg:Leader | kg:Member)  -- membership\\l"
    "kg:affiliationType  (kg:Branch | kg:Allegiance)  -- affiliation\\l"
    "kg:note\\l"
)


def local(term: Node) -> str:
    return str(term).split("#", 1)[1]


def union_members(graph: Graph, term: Node) -> list[Node]:
    """The classes a domain or range names: itself, or each class of its owl:unionOf."""
    union = graph.value(term, OWL.unionOf)
    return list(Collection(graph, union)) if union is not None else [term]


def check_declared(graph: Graph, name: str) -> None:
    if (KG[name], None, None) not in graph:
        raise SystemExit(f"make_diagram: kg:{name} is not declared in ontology/kg.ttl")


def build_dot(graph: Graph) -> str:
    classes = sorted(
        (c for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(str(KG))),
        key=local,
    )
    parent = {c: p for c in classes for p in graph.objects(c, RDFS.subClassOf) if p in classes}

    def top(c: Node) -> Node:
        while c in parent:
            c = parent[c]
        return c

    boxes: dict[str, list[Node]] = {}
    for c in classes:
        group = GROUPS.get(local(top(c)))
        if group:  # enumerations (kg:Role, kg:DatePrecision, ...) are shown as fields instead
            boxes.setdefault(group[0], []).append(c)

    lines = [
        "digraph kg {",
        (
            '  graph [rankdir=LR, fontname="Helvetica", fontsize=11, nodesep=0.25, ranksep=0.6,'
            ' label="kg ontology (generated from ontology/kg.ttl by docs/make_diagram.py)",'
            " labelloc=t];"
        ),
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, fillcolor=white];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for n, (title, members) in enumerate(boxes.items()):
        colour = next(col for t, col in GROUPS.values() if t == title)
        lines.append(
            f'  subgraph cluster_{n} {{ label="{title}"; style="rounded,filled"; fillcolor="{colour}"; color="#999999";'
        )
        for c in members:
            lines.append(f'    "{local(c)}" [label="kg:{local(c)}"];')
        if title.startswith("layer 1"):
            lines.append(
                f'    "statement_fields" [shape=note, fillcolor="#ffffff", label="{STATEMENT_FIELDS}"];'
            )
        lines.append("  }")
    lines.append('  "Statement" -> "statement_fields" [arrowhead=none, style=dotted];')

    for c, p in parent.items():
        if any(c in m for m in boxes.values()):
            lines.append(f'  "{local(c)}" -> "{local(p)}" [arrowhead=empty, color="#777777"];')

    # object properties with a kg: domain and range that are not derived edges
    derived = set(graph.subjects(RDF.type, KG.DirectEdge))
    for prop in sorted(graph.subjects(RDF.type, OWL.ObjectProperty), key=str):
        if not str(prop).startswith(str(KG)) or prop in derived:
            continue
        dom, rng = graph.value(prop, RDFS.domain), graph.value(prop, RDFS.range)
        if dom in classes and rng in classes:
            lines.append(f'  "{local(dom)}" -> "{local(rng)}" [label="kg:{local(prop)}"];')

    for src, label, dst in EXTRA_LINKS:
        check_declared(graph, src)
        check_declared(graph, dst)
        if label.startswith("kg:"):
            check_declared(graph, label[3:])
        lines.append(f'  "{src}" -> "{dst}" [label="{label}"];')

    # layer 2: derived direct edges, drawn dashed and red; one arrow per (domain, range)
    by_ends: dict[tuple[Node, Node], list[str]] = {}
    for prop in sorted(derived, key=local):
        base = graph.value(prop, RDFS.subPropertyOf)
        dom = (
            graph.value(prop, RDFS.domain) or (base and graph.value(base, RDFS.domain)) or KG.Actor
        )
        rng = graph.value(prop, RDFS.range) or (base and graph.value(base, RDFS.range)) or KG.Actor
        note = " (symmetric)" if (prop, RDF.type, OWL.SymmetricProperty) in graph else ""
        if base is not None and base in derived:
            note = f" (sub-property of kg:{local(base)})"
        for one_dom in union_members(graph, dom):  # "an actor or a person": an arrow from each
            for one_rng in union_members(graph, rng):
                by_ends.setdefault((one_dom, one_rng), []).append(f"kg:{local(prop)}{note}")
    for (dom, rng), labels in by_ends.items():
        label = "\\l".join(labels) + "\\l"
        lines.append(
            f'  "{local(dom)}" -> "{local(rng)}" [label="{label}",'
            ' style=dashed, penwidth=1.5, color="#c0392b", fontcolor="#c0392b"];'
        )
    lines.append(
        '  legend [shape=note, fillcolor="#ffffff", label="solid: property written in seeds\\l'
        "hollow arrow: subclass of\\l"
        'red dashed: layer 2, direct edge derived by kg build\\l(queries/derive/*.rq), never written by hand\\l"];'
    )
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    graph = Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")
    dot_text = build_dot(graph)
    if "--dot" in argv:
        sys.stdout.write(dot_text)
        return 0
    dot = shutil.which("dot")
    if not dot:
        print("make_diagram: Graphviz `dot` not found (apt-get install graphviz)", file=sys.stderr)
        return 1
    out = ROOT / "docs" / "ontology-diagram.svg"
    subprocess.run([dot, "-Tsvg", "-o", str(out)], input=dot_text.encode(), check=True)
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
