"""Name resolution: every name the article uses, the Arabic names, spelling variants."""

from __future__ import annotations

import pytest

from kg.errors import AmbiguousName, NameNotFound
from kg.names import ACTOR_KINDS, NameIndex, index_for, normalise, skeleton

ID = "https://w3id.org/armed-groups-kg/id/"


@pytest.mark.parametrize(
    "name,local",
    [
        # names the article uses
        ("Jaish al-Fath", "jaish-al-fath"),
        ("Army of the Conquest", "jaish-al-fath"),
        ("Army of Fatah", "jaish-al-fath"),
        ("al-Nusra Front", "al-nusra-front"),
        ("al-Nusra", "al-nusra-front"),
        ("Ahrar al-Sham", "ahrar-al-sham"),
        ("al Qaeda", "al-qaeda"),
        ("Islamic State group", "islamic-state"),
        ("Syrian troops", "syrian-government-forces"),
        ("forces loyal to Bashar al-Assad", "syrian-government-forces"),
        ("Jisr al-Shughour", "jisr-al-shughur"),
        ("Abu al-Duhur military airport", "abu-al-duhur-airbase"),
        ("Raqqa", "raqqa-city"),
        ("Idlib", "idlib-city"),
        # Arabic names, with and without harakat and hamza
        ("جبهة النصرة", "al-nusra-front"),
        ("جيش الفتح", "jaish-al-fath"),
        ("القاعدة", "al-qaeda"),
        ("إدلب", "idlib-city"),
        ("ادلب", "idlib-city"),
        ("إِدْلِب", "idlib-city"),
        # case, hyphens, apostrophes, articles, spelling variants
        ("AN-NUSRA FRONT", "al-nusra-front"),
        ("Nusrah Front", "al-nusra-front"),
        ("Jabhat an-Nusra", "al-nusra-front"),
        ("Jaish al-Fateh", "jaish-al-fath"),
        ("Jaysh al Fatah", "jaish-al-fath"),
        ("al-Qa’ida", "al-qaeda"),
        ("Al Qaida", "al-qaeda"),
        ("Ahrar ash-Sham", "ahrar-al-sham"),
        ("Jisr ash-Shughur", "jisr-al-shughur"),
        ("Idleb", "idlib-city"),
    ],
)
def test_names_resolve(memory_graph, name, local):
    assert str(index_for(memory_graph).resolve(name).iri) == ID + local


def test_unknown_name_suggests_close_names(memory_graph):
    with pytest.raises(NameNotFound) as caught:
        index_for(memory_graph).resolve("Ahrar al-Shams brigade")
    assert "Ahrar al-Sham" in caught.value.suggestions
    assert "did you mean" in str(caught.value)


def test_a_name_that_matches_nothing_at_all_has_no_suggestions(memory_graph):
    with pytest.raises(NameNotFound) as caught:
        index_for(memory_graph).resolve("zzzzqqqq")
    assert caught.value.suggestions == []


def test_ambiguous_name_lists_candidates_and_never_picks():
    rows = [
        ("urn:a", "Idlib", "City", "Idlib"),
        ("urn:b", "Idlib", "Governorate", "Idlib Governorate"),
    ]
    from rdflib import URIRef

    index = NameIndex([(URIRef(i), l, t, p) for i, l, t, p in rows])
    with pytest.raises(AmbiguousName) as caught:
        index.resolve("idlib")
    assert caught.value.candidates == ["Idlib (city)", "Idlib Governorate (governorate)"]


def test_kind_filter_keeps_places_out_of_actor_lookups(memory_graph):
    with pytest.raises(NameNotFound):
        index_for(memory_graph).resolve("Raqqa", ACTOR_KINDS)


def test_normalise_and_skeleton():
    assert normalise("Jabhat al-Nusrah") == "jabhat nusrah"
    assert normalise("Al-Qa’ida") == "qaida"
    assert skeleton(normalise("Jabhat al-Nusrah")) == skeleton(normalise("Jabhat an-Nusra"))
    assert skeleton("shughour") == skeleton("shughur")
    assert skeleton("fath") == skeleton("fatah") == skeleton("fateh")
    assert skeleton("qaeda") == skeleton("qaida")


def test_ascii_names_normalise_as_through_the_unicode_steps():
    """normalise skips decomposition and Arabic folding for ASCII text (most names, and the
    slow part of kg load): a combining accent added to the name sends it through those
    steps, which remove the accent again, so both ways must give the same key. Checked on
    every name in the UCDP actor list."""
    import csv

    from tests.conftest import shared_data

    with shared_data("ucdp_actor_v22_1.csv").open(encoding="utf-8-sig", newline="") as f:
        names = {row[column] for row in csv.DictReader(f) for column in ("NameData", "NameOrig", "NameOrigFullEng")}
    ascii_names = [n for n in names if n.isascii() and n.strip() and n != "n/a"]
    assert len(ascii_names) > 1000
    for name in ascii_names:
        assert normalise(name) == normalise(name + "\u0301"), name


def test_search_ranks_candidates(memory_graph):
    found = index_for(memory_graph).search("nusra", limit=3)
    assert found[0][0].label == "al-Nusra Front"
    assert found[0][1] >= 90


def test_names_of_lists_every_name_as_written(memory_graph):
    index = index_for(memory_graph)
    entry = index.resolve("JaF")
    assert index.names_of(entry.iri) == [
        "Army of Conquest", "Army of Fatah", "Army of the Conquest", "JaF", "Jaish al-Fatah",
        "Jaish al-Fath", "جيش الفتح",
    ]


def test_an_on_disk_store_keeps_its_name_index_and_the_next_process_reads_it(tmp_path, memory_graph):
    from kg.build import build
    from kg.names import StoredNameIndex
    from kg.store import open_graph

    location = f"oxigraph:{tmp_path / 'store'}"
    build(location)
    saved = list((tmp_path / "store").glob("gen-*.names.sqlite"))
    assert len(saved) == 1  # built with the generation, not by the first lookup
    saved[0].unlink()  # a store without one (written by an older kg): the first lookup builds it
    first = index_for(open_graph(location))
    assert type(first) is NameIndex
    assert [p.name for p in (tmp_path / "store").glob("gen-*.names.sqlite")] == [saved[0].name]
    again = index_for(open_graph(location))  # a new graph object, as in a new process
    assert isinstance(again, StoredNameIndex)
    reference = index_for(memory_graph)
    for name in ["Jaish al-Fath", "جبهة النصرة", "Jabhat an-Nusra", "Jaysh al Fatah", "Idleb", "Raqqa"]:
        assert again.resolve(name) == reference.resolve(name)
        assert again.names_of(again.resolve(name).iri) == reference.names_of(reference.resolve(name).iri)
    assert again.search("nusrah", limit=3) == reference.search("nusrah", limit=3)
    with pytest.raises(NameNotFound) as caught:
        again.resolve("Ahrar al-Shams brigade")
    assert "Ahrar al-Sham" in caught.value.suggestions
    assert again.exact("al qaida", ACTOR_KINDS)[0].label == "al-Qaeda"


def test_the_build_writes_every_names_key_and_skeleton(memory_graph):
    """kg:nameKey and kg:nameSkeleton (kg.namekeys) are kg.names' own keys: a name matches a
    resource's key exactly when the index matches it to that resource."""
    from rdflib import Literal
    from rdflib.namespace import SKOS

    from kg.namekeys import keys_of
    from kg.names import normalise, skeleton
    from kg.namespaces import KG

    labels = [(s, str(o)) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
              for s, o in memory_graph.subject_objects(p)]
    assert len(labels) > 100
    for subject, label in labels:
        key = normalise(label)
        assert keys_of(label) == (key, skeleton(key))
        assert (subject, KG.nameKey, Literal(key)) in memory_graph
        assert (subject, KG.nameSkeleton, Literal(skeleton(key))) in memory_graph
    written = {(s, str(o)) for s, o in memory_graph.subject_objects(KG.nameKey)}
    assert written == {(s, normalise(label)) for s, label in labels}
