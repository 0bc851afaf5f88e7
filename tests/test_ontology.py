"""The closed namespace and the ontology file agree; no work at import time."""

from __future__ import annotations

import subprocess
import sys

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg import resources
from kg.namespaces import KG


def test_every_term_in_the_closed_namespace_is_declared_in_the_ontology():
    ontology = Graph()
    for path in resources.ontology_files():
        ontology.parse(path)
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KG._NS))}
    terms = {KG[name] for name in KG.__annotations__}
    assert terms - declared == set()
    assert declared - terms == set(), "declare new ontology terms in kg/namespaces.py too"


def test_the_closed_namespace_rejects_typos():
    import pytest

    with pytest.raises(AttributeError):
        KG.memberof  # noqa: B018


def test_every_kg_term_the_seeds_use_is_declared(memory_graph):
    ontology = Graph()
    for path in resources.ontology_files():
        ontology.parse(path)
    used = set()
    for triple in memory_graph:
        used |= {t for t in triple if isinstance(t, URIRef) and str(t).startswith(str(KG._NS))}
    undeclared = {t for t in used if (t, None, None) not in ontology}
    assert undeclared == set()


def test_derived_edges_are_marked_in_the_ontology():
    ontology = Graph().parse(resources.ontology_files()[0])
    edges = set(ontology.subjects(RDF.type, KG.DirectEdge))
    assert edges == {KG.memberOf, KG.leads, KG.affiliatedWith, KG.branchOf, KG.pledgedAllegianceTo,
                     KG.controls, KG.alliedWith, KG.hostileTo, KG.renamedTo, KG.splitFrom,
                     KG.mergedInto, KG.succeededBy}
    derived = set(ontology.subjects(RDF.type, KG.DerivedProperty))
    assert derived == {KG.certainFrom, KG.certainUntil, KG.possibleFrom, KG.possibleUntil, KG.within,
                       KG.nameKey, KG.nameSkeleton}
    assert (KG.hostileTo, RDF.type, OWL.SymmetricProperty) in ontology


def test_kg_ties_imports_neither_pyvis_networkx_nor_pyshacl(disk_store):
    """`kg ties` must start fast: heavy libraries are imported only by commands that need them."""
    code = (
        "import sys\n"
        "from kg.cli import cli\n"
        "try:\n"
        f"    cli(['--store', {disk_store!r}, 'ties', 'Jaish al-Fath'], standalone_mode=False)\n"
        "finally:\n"
        "    heavy = sorted(m for m in ('pyvis', 'networkx', 'pyshacl', 'rapidfuzz') if m in sys.modules)\n"
        "    print('HEAVY:', heavy, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "HEAVY: []" in done.stderr
    assert "Jaish al-Fath (alliance)" in done.stdout
