"""The bundled graph: the seed article plus the Syrian subsets of the real datasets
(kg/data/datasets/), imported by the build as `kg import` would."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import BNode, URIRef
from rdflib.namespace import PROV, RDF

from kg.namespaces import KG

from .conftest import shared_data, store_state


@pytest.fixture(scope="module")
def article(article_memory_graph):
    """The seeds alone (ontology + article + derived), in memory: the session's (read only)."""
    return article_memory_graph


def dataset_sources() -> set[URIRef]:
    from kg.importers import ucdp, unsc, wikidata

    return {ucdp.SOURCE, unsc.SOURCE, wikidata.SOURCE}


def test_the_shipped_subsets_are_what_the_importers_read(tmp_path):
    """Each file is there, in the format its importer reads: the UCDP CSV with its columns,
    the UN XML well formed and with no DTD (kg.xmlguard passes it), the Wikidata CSV."""
    import csv
    from io import BytesIO
    from xml.etree import ElementTree

    from kg.importers.ucdp import COLUMNS
    from kg.resources import dataset_files
    from kg.xmlguard import refuse_entities

    files = dict(dataset_files())
    assert list(files) == ["ucdp", "un", "wikidata"]  # the build's order
    with files["ucdp"].open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert set(COLUMNS) <= set(rows[0])
    assert rows and all("Syria" in r["Location"].split(", ") for r in rows)
    data = files["un"].read_bytes()
    refuse_entities(BytesIO(data), files["un"].name)
    root = ElementTree.fromstring(data)
    assert root.tag == "CONSOLIDATED_LIST" and root.findall("ENTITIES/ENTITY") and not root.findall("INDIVIDUALS/*")
    with files["wikidata"].open(encoding="utf-8", newline="") as f:
        assert all(r["qid"].startswith("Q") for r in csv.DictReader(f))


def test_the_bundled_graph_holds_the_datasets_groups(memory_graph, article):
    groups = set(memory_graph.subjects(RDF.type, KG.ArmedGroup))
    seeded = set(article.subjects(RDF.type, KG.ArmedGroup))
    assert seeded < groups and len(groups) > 50
    ucdp_ids = {str(v) for v in memory_graph.objects(None, KG.ucdpActorId)}
    import csv

    from kg.resources import dataset_files

    with dict(dataset_files())["ucdp"].open(encoding="utf-8-sig", newline="") as f:
        organisations = {r["ActorId"] for r in csv.DictReader(f) if r["Org"] == "1"}
    # every UCDP organisation in Syria is an actor, but those whose names are taken (reported conflicts)
    assert len(organisations - ucdp_ids) < len(organisations) / 10


def test_every_dataset_triple_cites_its_dataset(memory_graph, article):
    """What the datasets add hangs on a resource that cites a dataset: an actor (or, once UCDP
    relations are imported, a statement) with prov:wasDerivedFrom a dataset, or a provenance
    record of one; the rest is derived by the build."""
    from kg.derive import derive
    from kg.export import canonical

    article, memory_graph = canonical(article), canonical(memory_graph)  # literals in one form, as imports write them
    derived = derive(memory_graph)
    sources = dataset_sources()
    # the seeds' own blank nodes are relabelled in each graph; the importers mint IRIs only
    added = {(s, p, o) for s, p, o in memory_graph
             if isinstance(s, URIRef) and not isinstance(o, BNode) and (s, p, o) not in article and (s, p, o) not in derived}
    assert added
    uncited = {(s, p, o) for s, p, o in added
               if not set(memory_graph.objects(s, PROV.wasDerivedFrom)) & sources
               and not any(set(memory_graph.objects(record, PROV.wasDerivedFrom)) & sources
                           for record in memory_graph.objects(s, KG.provenance))}
    # a statement an import ends is the one exception (kg:end... citing the newer statement)
    assert not {t for t in uncited if t[1] not in (KG.end, KG.endBound, KG.endPrecision, KG.endedBy,
                                                    KG.endSource, KG.endClaimant, KG.note)}, sorted(uncited)[:5]


def test_the_articles_statements_are_left_as_the_article_says(memory_graph, article):
    """The article is the dated core: no dataset row changes one of its statements (a dataset's
    account of another tie is a statement of its own); a dataset that states the same tie only
    adds itself as a further source, with a note naming its row (corroboration)."""
    from kg.corroboration import kind_of
    from kg.derive import derive

    derived_before, derived_after = derive(article), derive(memory_graph)
    statements = [s for s in set(article.subjects(RDF.type, None)) if kind_of(article, s) is not None]
    assert statements
    for statement in statements:
        before = {(p, o) for p, o in article.predicate_objects(statement) if (statement, p, o) not in derived_before}
        after = {(p, o) for p, o in memory_graph.predicate_objects(statement) if (statement, p, o) not in derived_after}
        assert before <= after, statement
        assert {p for p, _ in after - before} <= {PROV.wasDerivedFrom, KG.note}, statement


@pytest.mark.parametrize("published", [False, True], ids=["bundled subsets", "published files"])
def test_importing_the_bundled_datasets_again_changes_nothing(store, published):
    """Neither the subsets nor the published files they were cut from add anything to the
    bundled graph (a note naming a file's row number once made the published UCDP file add 326)."""
    from kg.importers.ucdp import import_ucdp
    from kg.importers.unsc import import_un
    from kg.importers.wikidata import import_wikidata
    from kg.resources import dataset_files

    files = dict(dataset_files())
    if published:
        files = {"ucdp": shared_data("ucdp_actor_v22_1.csv"), "un": shared_data("un_sc_consolidated_list_2018-10-29.xml"),
                 "wikidata": shared_data("wikidata_terrorism_candidates_syria_subset.csv")}
    state = store_state(store)
    for report, change in (import_ucdp(store, files["ucdp"]), import_un(store, files["un"]),
                           import_wikidata(store, files["wikidata"])):
        assert report.matched and not report.created
        assert change.added == 0 and not change.written
    assert store_state(store) == state


def test_the_subsets_import_as_the_full_files_do(article):
    """Cut right (scripts/cut_datasets.py): importing a subset adds what the full file adds,
    in the build's order (a failure here: run the script again)."""
    from kg.export import graph_hash
    from kg.importers.ucdp import read_ucdp
    from kg.importers.unsc import read_un
    from kg.importers.wikidata import read_wikidata
    from kg.resources import dataset_files
    from kg.update import combine

    readers = {"ucdp": read_ucdp, "un": read_un, "wikidata": read_wikidata}
    full = {"ucdp": shared_data("ucdp_actor_v22_1.csv"), "un": shared_data("un_sc_consolidated_list_2018-10-29.xml"),
            "wikidata": shared_data("wikidata_terrorism_candidates_syria_subset.csv")}
    graph = article
    for kind, path in dataset_files():
        from_subset = readers[kind](path, graph)[0]
        from_full = readers[kind](full[kind], graph)[0]
        assert graph_hash(from_subset) == graph_hash(from_full), kind
        graph = combine(graph, from_subset, label=path.name).graph


def test_build_seeds_only_builds_the_article_alone(tmp_path, article):
    from kg.cli import cli
    from kg.store import manifest, needs_build, open_graph

    location = f"oxigraph:{tmp_path / 'article'}"
    result = CliRunner().invoke(cli, ["--store", location, "build", "--seeds-only"])
    assert result.exit_code == 0, result.output
    graph = open_graph(location)
    assert len(graph) == len(article)
    assert not set(graph.subjects(KG.ucdpActorId, None)) - set(article.subjects(KG.ucdpActorId, None))
    info = manifest(tmp_path / "article")
    assert info is not None and info["bundled"] is False  # not rebuilt into the full graph behind the user's back
    assert not needs_build(location)


def test_a_full_build_records_the_datasets(disk_store):
    from kg.resources import build_fingerprint, dataset_files
    from kg.store import manifest, needs_build, parse_location

    info = manifest(parse_location(disk_store).path)  # type: ignore[arg-type]
    assert info is not None and info["bundled"] is True and info["fingerprint"] == build_fingerprint()
    assert {str(path) for _, path in dataset_files()} <= set(info["files"])
    assert not needs_build(disk_store)


def test_the_network_view_of_the_bundled_graph_shows_more_than_50_armed_groups(memory_graph):
    """What `kg view` draws: the actors of statements (UCDP's coalitions, alliances, splinters
    and joins bring the war's groups into the network, not only into the list of actors)."""
    from kg.network import statement_graph

    network = statement_graph(memory_graph)
    armed = [n for n, kind in network.nodes(data="kind") if kind == "armed group"]
    assert len(armed) > 50, len(armed)
