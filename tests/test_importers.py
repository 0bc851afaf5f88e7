"""The UCDP, UN and Wikidata importers on the real files in ../shared/data (never edited)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from kg.namespaces import ID, KG

from .conftest import store_state

# The project's shared datasets sit beside the repository (../shared/data), as in CI;
# KG_SHARED_DATA points elsewhere.
DATA = Path(os.environ.get("KG_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data")
UCDP = DATA / "ucdp_actor_v22_1.csv"
UN = DATA / "un_sc_consolidated_list_2018-10-29.xml"
WIKIDATA = DATA / "wikidata_terrorism_candidates_syria_subset.csv"


@pytest.fixture(autouse=True)
def _real_data():
    """Skip without the shared datasets locally (with the reason); fail without them in CI."""
    if not UCDP.is_file():
        message = f"the shared datasets are not in {DATA} (set KG_SHARED_DATA)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def actors_with(graph, prop, value) -> set:
    return set(graph.subjects(prop, Literal(value)))


def test_un_list_al_nusra_front(store):
    from kg.importers.unsc import import_un
    from kg.store import open_graph

    report, change = import_un(store, UN)
    assert report.counts() == {"matched": 3, "created": 4, "skipped": 1, "conflicts": 0}
    assert sorted(report.created) == [
        "UN QDe.148 The Army of Emigrants and Supporters", "UN QDe.149 Harakat Sham al-Islam",
        "UN QDe.156 Jund Al Aqsa", "UN QDe.158 Khatiba Imam al-Bukhari (kib)"]
    assert change.written
    graph = open_graph(store)
    nusra = ID["al-nusra-front"]
    names = set(graph.objects(nusra, SKOS.altLabel)) | set(graph.objects(nusra, SKOS.prefLabel))
    assert {Literal("جبهة النصرة لأهل الشام", lang="ar"), Literal("جبهة فتح الشام", lang="ar"),
            Literal("هيئة تحرير الشام", lang="ar"), Literal("جبهة النصرة", lang="ar"),
            Literal("Al-Nusrah Front for the People of the Levant", lang="en"),
            Literal("Jabhat Fateh Al-Sham", lang="en")} <= names
    assert graph.value(nusra, KG.unListedOn).toPython() == dt.date(2014, 5, 14)
    assert [str(v) for v in graph.objects(nusra, KG.unReference)] == ["QDe.137"]
    assert actors_with(graph, KG.unReference, "QDe.137") == {nusra}


def test_ucdp_al_nusra_front_and_no_duplicates(store):
    from kg.importers.ucdp import import_ucdp
    from kg.names import index_for
    from kg.store import open_graph

    report, _ = import_ucdp(store, UCDP)
    assert report.counts() == {"matched": 3, "created": 92, "skipped": 12, "conflicts": 0}
    assert sorted(report.matched) == [
        "UCDP 1170 Jabhat Fateh al-Sham -> <https://w3id.org/armed-groups-kg/id/al-nusra-front>",
        "UCDP 234 IS -> <https://w3id.org/armed-groups-kg/id/islamic-state>",
        "UCDP 5554 Ahrar al-Sham -> <https://w3id.org/armed-groups-kg/id/ahrar-al-sham>"]
    assert ("UCDP 118 Government of Syria", "not a non-state organisation (UCDP Org != 1)") in report.skipped
    graph = open_graph(store)
    nusra = ID["al-nusra-front"]
    assert actors_with(graph, KG.ucdpActorId, "1170") == {nusra}
    assert Literal("Jabhat Fateh al-Sham", lang="en") in set(graph.objects(nusra, SKOS.altLabel))
    notes = [str(n) for n in graph.objects(nusra, KG.note) if str(n).startswith("UCDP")]
    assert notes == [("UCDP Actor Dataset 22.1, actor 1170: original name Jabhat al-Nusra li al-Sham, later name(s) "
                     "Jabhat Fateh al-Sham; part of the alliance HTS (UCDP 6815). UCDP gives no dates for these, "
                     "so no dated statements are recorded.")]
    index = index_for(graph)
    for name, local in [("Jabhat Fateh al-Sham", "al-nusra-front"), ("Ahrar al-Sham", "ahrar-al-sham"),
                        ("ISIS", "islamic-state"), ("Jaish al-Fath", "jaish-al-fath")]:
        assert index.resolve(name).iri == ID[local]
    for ucdp_id in ("1170", "5554", "234"):
        assert len(actors_with(graph, KG.ucdpActorId, ucdp_id)) == 1
    assert (ID["hts"], RDF.type, KG.ArmedGroup) in graph


def test_each_importer_twice_changes_nothing(store, tmp_path):
    from kg.export import graph_hash
    from kg.importers.statements import import_statements
    from kg.importers.ucdp import import_ucdp
    from kg.importers.unsc import import_un
    from kg.importers.wikidata import import_wikidata
    from kg.store import open_graph

    example = Path(__file__).resolve().parent.parent / "examples" / "idlib-control-changes.csv"
    for run in (lambda: import_ucdp(store, UCDP), lambda: import_un(store, UN), lambda: import_wikidata(store, WIKIDATA),
                lambda: import_statements(store, example)):
        first = run()[1]
        assert first.written and first.added > 0
        before, content = store_state(store), graph_hash(open_graph(store))
        _report, again = run()
        assert (again.added, again.written) == (0, False)
        assert store_state(store) == before
        assert graph_hash(open_graph(store)) == content


def test_graph_hash_ignores_blank_node_labels_and_sees_one_changed_triple(memory_graph):
    from rdflib import BNode, Graph

    from kg.export import graph_hash

    def copy_with(label: str, country: str) -> Graph:
        g = Graph()
        g += memory_graph
        node = BNode(label)
        g.add((ID["syria"], KG.note, node))
        g.add((node, KG.note, Literal(country)))
        return g

    assert graph_hash(copy_with("a", "Syria")) == graph_hash(copy_with("b", "Syria"))
    assert graph_hash(copy_with("a", "Syria")) != graph_hash(copy_with("a", "Syrie"))


def test_ucdp_then_un_never_gives_hts_names_to_al_nusra(store):
    """UCDP knows HTS (6815) as an actor of its own; the UN list gives its names as aliases of
    al-Nusra (QDe.137): they are reported as conflicts and kept apart."""
    from kg.importers.ucdp import import_ucdp
    from kg.importers.unsc import import_un
    from kg.importers.wikidata import import_wikidata
    from kg.names import index_for
    from kg.store import open_graph

    import_ucdp(store, UCDP)
    report, _ = import_un(store, UN)
    assert report.counts() == {"matched": 3, "created": 2, "skipped": 3, "conflicts": 5}
    assert sorted(report.conflicts)[:3] == [
        ("UN QDe.137 Al-Nusrah Front for the People of the Levant", "HTS", "<https://w3id.org/armed-groups-kg/id/hts>"),
        ("UN QDe.137 Al-Nusrah Front for the People of the Levant", "Hayat Tahrir al-Sham",
         "<https://w3id.org/armed-groups-kg/id/hts>"),
        ("UN QDe.137 Al-Nusrah Front for the People of the Levant", "Hay’at Tahrir al-Sham",
         "<https://w3id.org/armed-groups-kg/id/hts>")]
    assert ("UN QDe.156 Jund Al Aqsa", "conflict: its name 'Jund Al Aqsa' already names "
            "<https://w3id.org/armed-groups-kg/id/liwa-al-aqsa>; not created, not merged") in report.skipped
    graph = open_graph(store)
    assert index_for(graph).resolve("HTS").iri == ID["hts"]
    assert Literal("HTS", lang="en") not in set(graph.objects(ID["al-nusra-front"], SKOS.altLabel))
    report, _ = import_wikidata(store, WIKIDATA)
    assert "Q28540613 Hay'at Tahrir al-Sham -> <https://w3id.org/armed-groups-kg/id/hts>" in report.matched
    assert ("Q105342043 Kateeba al-Kawthar", "no actor has its QID or its label (aliases are not used to link)") \
        in report.skipped  # its alias "Ajnad al-sham" no longer links it to UCDP's Ajnad al-Sham
    graph = open_graph(store)
    assert list(graph.objects(ID["hts"], OWL.sameAs)) == [URIRef("http://www.wikidata.org/entity/Q28540613")]
    assert list(graph.objects(ID["ajnad-al-sham"], OWL.sameAs)) == []
    assert list(graph.objects(ID["al-nusra-front"], OWL.sameAs)) == [URIRef("http://www.wikidata.org/entity/Q32748")]


def test_wikidata_links_with_provenance(store):
    from kg.importers.wikidata import import_wikidata
    from kg.store import open_graph

    report, change = import_wikidata(store, WIKIDATA)
    assert report.counts() == {"matched": 2, "created": 0, "skipped": 22, "conflicts": 0}
    assert sorted(report.matched) == [  # the seeds link both already: nothing to add
        "Q32748 Al-Nusra Front -> <https://w3id.org/armed-groups-kg/id/al-nusra-front>",
        "Q34490 Al-Qaeda -> <https://w3id.org/armed-groups-kg/id/al-qaeda>"]
    assert change.added == 0
    from kg.importers.ucdp import import_ucdp

    import_ucdp(store, UCDP)
    report, change = import_wikidata(store, WIKIDATA)
    assert "Q858819 Free Syrian Army -> <https://w3id.org/armed-groups-kg/id/fsa>" in report.matched
    graph = open_graph(store)
    item = next(graph.objects(ID["fsa"], OWL.sameAs))
    assert str(item) == "http://www.wikidata.org/entity/Q858819"
    assert any((p, KG.forProperty, OWL.sameAs) in graph for p in graph.objects(ID["fsa"], KG.provenance))


@pytest.mark.parametrize("kind", ["encoding", "columns"])
def test_bad_dataset_files_leave_the_store_unchanged(store, tmp_path, kind):
    from kg.errors import InputError
    from kg.importers.ucdp import import_ucdp

    copy = tmp_path / "ucdp.csv"
    text = UCDP.read_text(encoding="utf-8-sig")
    if kind == "encoding":
        copy.write_bytes(text.encode("utf-16"))
        expected = "ucdp.csv: the UCDP actor file is not UTF-8 text"
    else:
        copy.write_text(text.replace("ActorId,", "Actor,", 1), encoding="utf-8")
        expected = "ucdp.csv: missing column(s) ActorId: is this the UCDP Actor Dataset?"
    before = store_state(store)
    with pytest.raises(InputError) as error:
        import_ucdp(store, copy)
    assert str(error.value).startswith(expected) or expected in str(error.value)
    assert store_state(store) == before


def test_cli_import_dataset(store):
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(cli, ["--store", store, "import", "--un", str(UN)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "matched 3, created 4, skipped 1, conflicts 0"
