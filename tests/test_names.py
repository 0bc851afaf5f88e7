"""Name resolution: every name the article uses, the Arabic names, spelling variants."""

from __future__ import annotations

import sqlite3
from contextlib import closing

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


def test_a_name_is_normalised_part_by_part_as_a_whole():
    """normalise and keys_of make each space-separated part of a name once (kg load keys a
    million labels); the key is the one the whole text gives: spaces next to accents,
    non-breaking spaces, final sigma, articles, Arabic, punctuation, every 97th character."""
    import random

    from kg.namerules import _normalise, keys_of

    parts = [" ", "  ", "\u00a0", "\t", "-", "al-", "Al ", "ال", "أ", "é", "e\u0301", "\u0301", "ς", "Σ", "ß", "İ",
             "ﬁ", "½", "¨", "’", "'", "x", "Jabhat", "Nusra", "\u3000", "\u2028", "\u0640", "ة", "ى", " the ", "."]
    chosen = random.Random(30)
    names = ["".join(chosen.choice(parts) for _ in range(chosen.randint(0, 8))) for _ in range(20_000)]
    names += [f"a {chr(c)} b{chr(c)} \u0301{chr(c)}" for c in range(0, 0x30000, 97) if not 0xD800 <= c < 0xE000]
    for name in names:
        key = _normalise(name)
        assert normalise(name) == key, repr(name)
        assert keys_of(name) == ((key, skeleton(key)) if key else None), repr(name)


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


def test_an_on_disk_store_keeps_its_name_index_and_the_next_process_reads_it(tmp_path, article_memory_graph):
    from kg.build import build
    from kg.names import StoredNameIndex
    from kg.store import open_graph

    location = f"oxigraph:{tmp_path / 'store'}"
    build(location, datasets=False)  # the article alone: a real build, a fifth of the bundled one's time
    saved = list((tmp_path / "store").glob("gen-*.names.sqlite"))
    assert len(saved) == 1  # built with the generation, not by the first lookup
    saved[0].unlink()  # a store without one (written by an older kg): the first lookup builds it
    first = index_for(open_graph(location))
    assert type(first) is NameIndex
    assert [p.name for p in (tmp_path / "store").glob("gen-*.names.sqlite")] == [saved[0].name]
    again = index_for(open_graph(location))  # a new graph object, as in a new process
    assert isinstance(again, StoredNameIndex)
    reference = index_for(article_memory_graph)
    for name in ["Jaish al-Fath", "جبهة النصرة", "Jabhat an-Nusra", "Jaysh al Fatah", "Idleb", "Raqqa"]:
        assert again.resolve(name) == reference.resolve(name)
        assert again.names_of(again.resolve(name).iri) == reference.names_of(reference.resolve(name).iri)
    assert again.search("nusrah", limit=3) == reference.search("nusrah", limit=3)
    with pytest.raises(NameNotFound) as caught:
        again.resolve("Ahrar al-Shams brigade")
    assert "Ahrar al-Sham" in caught.value.suggestions
    assert again.exact("al qaida", ACTOR_KINDS)[0].label == "al-Qaeda"
    # an index an older kg wrote (another version: its loose keys kept "of" and "in") is built again
    with closing(sqlite3.connect(saved[0])) as db, db:
        db.execute("UPDATE meta SET version = 1")
    assert StoredNameIndex.kept(saved[0]) is None
    rebuilt = index_for(open_graph(location))
    assert rebuilt.resolve("Jaish al-Fath") == reference.resolve("Jaish al-Fath")
    assert isinstance(index_for(open_graph(location)), StoredNameIndex)  # written again, at this version


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


# --- names cannot switch sides (issue 26, item 5) ------------------------------------------------


def _index(*rows: tuple[str, str, str, list[str]]) -> NameIndex:
    """A made-up index: (local name, class, preferred label, other names)."""
    from rdflib import URIRef

    return NameIndex([(URIRef(ID + local), name, cls, pref) for local, cls, pref, names in rows
                      for name in [pref, *names]])


MADE_UP = _index(
    ("syrian-arab-army", "StateForces", "Syrian Arab Army", ["Syrian Army", "SAA"]),
    ("division-30", "ArmedGroup", "Division 30", []),
    ("islamic-state", "ArmedGroup", "Islamic State", ["ISIS"]),
    ("jaish-al-fath", "Alliance", "Jaish al-Fath", ["Army of Conquest"]),
    ("nusra-front", "ArmedGroup", "Nusra Front", []),
    ("tabqa-airbase", "Airbase", "Tabqa military airbase", ["Tabqa Air Base"]),
    ("kafr-nabl", "City", "Kafr Nabl", []),
    ("kafr-nubudah", "City", "Kafr Nubudah", []),
)


def _outcome(index, name: str, kinds=None) -> tuple[str, object]:
    try:
        return "resolves", index.resolve(name, kinds).label
    except AmbiguousName as error:
        return "ambiguous", error.candidates
    except NameNotFound as error:
        return "unknown", error.suggestions


def test_free_syrian_army_is_not_the_syrian_government(article_memory_graph, memory_graph):
    """The issue's case: no "Free Syrian Army" actor in the seed article's graph, so an unknown
    name, and the government (whose alias "Syrian Army" is in it) is not its first suggestion;
    the bundled graph (with UCDP's subset) knows the FSA and gives it, never the government."""
    bundled = index_for(memory_graph)
    assert bundled.resolve("Free Syrian Army") != bundled.resolve("Syrian government forces")
    assert bundled.resolve("Free Syrian Army").kind in ACTOR_KINDS
    index = index_for(article_memory_graph)
    government = index.resolve("Syrian government forces")
    with pytest.raises(NameNotFound) as caught:
        index.resolve("Free Syrian Army")
    assert caught.value.suggestions and caught.value.suggestions[0] != government.label
    ranked = index.search("Free Syrian Army")
    assert government.label not in caught.value.suggestions
    assert ranked[0][0] != government
    position = [e for e, _ in ranked].index(government)  # listed, after every name that has "Syrian Army"'s rivals
    assert ranked[position][0].note == "lacks 'free'"
    assert all(score > 0 for _, score in ranked[:position])


@pytest.mark.parametrize("name", ["Free Syrian Army", "New Syrian Army", "Free Syrian army fighters"])
def test_a_qualifier_before_a_name_makes_another_organisation(name):
    """The government is the only name with those words: never suggested, and listed by
    ``search`` (the only candidate) with the word it lacks."""
    outcome, suggestions = _outcome(MADE_UP, name)
    assert outcome == "unknown" and "Syrian Arab Army" not in suggestions
    ((entry, _),) = [(e, s) for e, s in MADE_UP.search(name) if e.label == "Syrian Arab Army"]
    assert entry.note.startswith("lacks 'free'") or entry.note.startswith("lacks 'new'")


def test_of_and_in_join_a_names_words_either_way():
    """"Islamic State of Iraq and al-Sham", the usual English name, is the label "Islamic State in
    Iraq and al-Sham" (a spelling variant, with its note); no other word is swapped so."""
    index = _index(("islamic-state", "ArmedGroup", "Islamic State", ["Islamic State in Iraq and al-Sham"]),
                   ("army-of-islam", "ArmedGroup", "Army of Islam", []))
    assert _outcome(index, "Islamic State of Iraq and al-Sham") == ("resolves", "Islamic State")
    assert index.resolve("Islamic State of Iraq and al-Sham").note.endswith("(spelling)")
    assert _outcome(index, "Army for Islam")[0] == "unknown"  # "for" is another word
    assert _outcome(index, "Army Islam")[0] == "unknown"  # never a word less


def test_a_number_distinguishes_divisions():
    assert _outcome(MADE_UP, "Division 30") == ("resolves", "Division 30")
    outcome, _ = _outcome(MADE_UP, "13th Division")
    assert outcome == "unknown" and MADE_UP.search("13th Division")[0][0].note == "lacks '13th'"
    both = _index(("division-30", "ArmedGroup", "Division 30", []), ("division-13", "ArmedGroup", "13th Division", []))
    assert _outcome(both, "13th Division") == ("resolves", "13th Division")
    assert _outcome(both, "Division 31")[0] == "unknown"  # a number is never a spelling variant


@pytest.mark.parametrize("name", ["Islamic Front", "Jaysh al-Islam", "Ansar Front", "Nasir Front", "Syrian Army Brigade"])
def test_a_spelling_variant_never_adds_drops_or_swaps_a_word(name):
    """"Ansar" and "Nasir" have the consonants of "Nusra" (nsr): not its spellings."""
    assert _outcome(MADE_UP, name)[0] == "unknown"


@pytest.mark.parametrize("name, label", [
    ("Jaysh al-Fateh", "Jaish al-Fath"), ("Nusrah Front", "Nusra Front"), ("Jabhat an-Nusra", None),
])
def test_a_spelling_variant_resolves_with_a_note(name, label):
    from kg.names import noting

    with noting() as notes:
        outcome = _outcome(MADE_UP, name)
    if label is None:  # another word ("Jabhat" is not "Front"): no spelling of it
        assert outcome[0] == "unknown" and notes == []
        return
    assert outcome == ("resolves", label)
    entry = MADE_UP.resolve(name)
    assert entry.note.endswith(f"for {name!r} (spelling)") and notes == [entry.note]


def test_ahrar_al_shem_matches_ahrar_al_sham_with_a_note_never_silently(memory_graph):
    entry = index_for(memory_graph).resolve("Ahrar al-Shem")
    assert entry.label == "Ahrar al-Sham"
    assert entry.note == "matched 'Ahrar al-Sham' for 'Ahrar al-Shem' (spelling)"
    assert index_for(memory_graph).resolve("Ahrar al-Sham").note == ""


def test_a_unique_prefix_resolves_with_a_note(memory_graph):
    entry = index_for(memory_graph).resolve("Abu al-Duhur")
    assert entry.label == "Abu al-Duhur military airport"
    assert entry.note == "matched 'Abu al-Duhur military airport' for 'Abu al-Duhur' (the only name that starts so)"
    assert MADE_UP.resolve("Tabqa").label == "Tabqa military airbase"


def test_an_ambiguous_prefix_lists_the_candidates():
    assert _outcome(MADE_UP, "Kafr") == ("ambiguous", ["Kafr Nabl (city)", "Kafr Nubudah (city)"])


def test_a_prefix_never_leaves_out_a_word_that_names_something():
    """"Jaish" is the start of "Jaish al-Fath" only: "al-Fath" is what names it, so no match
    (it is suggested); "Syrian" starts two names: ambiguous."""
    outcome, suggestions = _outcome(MADE_UP, "Jaish")
    assert outcome == "unknown" and suggestions[0] == "Jaish al-Fath"
    assert _outcome(MADE_UP, "Syrian")[0] == "unknown"
    assert _outcome(MADE_UP, "Islamic")[0] == "unknown"


def test_suggestions_show_each_candidates_kind(memory_graph):
    with pytest.raises(NameNotFound) as caught:
        index_for(memory_graph).resolve("Jaish al-Fathh Brigade")
    assert "did you mean: Jaish al-Fath (alliance)" in str(caught.value)


def test_the_stored_index_resolves_every_case_as_the_one_in_memory(tmp_path, memory_graph):
    """The SQLite index kept beside a generation answers prefixes and spellings the same way."""
    from kg.names import StoredNameIndex

    reference = index_for(memory_graph)
    reference.save(tmp_path / "names.sqlite")
    stored = StoredNameIndex(tmp_path / "names.sqlite")
    for name in ["Free Syrian Army", "Abu al-Duhur", "Ahrar al-Shem", "Isis", "Jaysh al Fateh", "13th Division",
                 "Abu", "Jaish", "Ahrar", "Islamic Front", "Jaysh al-Islam"]:
        assert _outcome(stored, name) == _outcome(reference, name), name
        if _outcome(reference, name)[0] == "resolves":
            assert stored.resolve(name).note == reference.resolve(name).note
    assert stored.search("Free Syrian Army") == reference.search("Free Syrian Army")


def _tables(index: NameIndex) -> tuple:
    return (index.entries, {str(i): index.names_of(i) for i in index.entries}, index.choices(),
            index._exact, index._loose)


def test_an_import_s_growing_index_is_the_index_of_the_whole_graph(memory_graph):
    """kg.importers.nameindex reads the base graph's names once and, after each write, only the
    written subjects: the index must be the one a full read of base and written graphs gives."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    from kg.importers.nameindex import GrowingNames
    from kg.namespaces import KG

    written = Graph()
    growing = GrowingNames(memory_graph, written)
    assert _tables(growing.index) == _tables(NameIndex.from_graph(memory_graph))
    new = URIRef(ID + "test-only-brigade")
    written.add((new, RDF.type, KG.ArmedGroup))
    written.add((new, SKOS.prefLabel, Literal("Test Only Brigade", lang="en")))
    written.add((new, SKOS.prefLabel, Literal("لواء الاختبار", lang="ar")))
    written.add((new, SKOS.altLabel, Literal("TOB")))
    nusra = URIRef(ID + "al-nusra-front")
    written.add((nusra, SKOS.altLabel, Literal("Test Only Nusra Alias", lang="en")))  # on a base entity
    written.add((nusra, RDF.type, KG.Alliance))  # a second kind: its entry changes kind
    assert "Test Only Brigade" not in growing.index.choices().values()  # not told yet: the old index
    growing.grew(new, nusra)
    assert _tables(growing.index) == _tables(NameIndex.from_graph(memory_graph + written))
    assert growing.index.resolve("Test Only Nusra Alias").iri == nusra and growing.index.entries[nusra].kind == "alliance"
    assert growing.index.resolve("TOB").iri == new
    qaeda = URIRef(ID + "al-qaeda")
    written.add((qaeda, SKOS.hiddenLabel, Literal("Test Only Base")))
    growing.grew()  # no subject named: every written one is read again
    assert _tables(growing.index) == _tables(NameIndex.from_graph(memory_graph + written))
    assert growing.index.resolve("Test Only Base").iri == qaeda
