"""actors-in-governorate in its fast shape (each role a UNION branch) answers what its former
shape (roles as VALUES joined to ``?thing ?role ?actor``, tests/fixtures/queries) answers, row
for row and in order, for every place: on the bundled data and on a generated graph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.prefixes import PREFIXES
from kg.queries import get_query

REPO = Path(__file__).resolve().parent.parent
FORMER = (REPO / "tests" / "fixtures" / "queries" / "actors-in-governorate-by-roles.rq").read_text(encoding="utf-8")
PLACES = "SELECT DISTINCT ?place WHERE { ?where kg:within ?place }"


def _same_for_every_place(store: ox.Store) -> int:
    query = get_query("actors-in-governorate").text
    places = [row["place"] for row in store.query(PLACES, prefixes=PREFIXES)]
    assert places, "places to ask about"
    answered = 0
    for place in places:
        bound = {ox.Variable("governorate"): place}
        now = [tuple(row) for row in store.query(query, prefixes=PREFIXES, substitutions=bound)]
        assert now == [tuple(row) for row in store.query(FORMER, prefixes=PREFIXES, substitutions=bound)], place
        answered += bool(now)
    return answered


def test_same_rows_on_the_bundled_data(article_store):
    from kg.store import manifest, parse_location

    path = parse_location(article_store).path
    assert path is not None
    info = manifest(path)
    assert info is not None
    assert _same_for_every_place(ox.Store.read_only(str(path / info["generation"]))) > 0


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> ox.Store:
    data = tmp_path_factory.mktemp("generated") / "kg.nt"
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), "--triples", "20000", "-o", str(data)],
                   check=True, stdout=subprocess.DEVNULL)
    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    return store


def test_same_rows_on_a_generated_graph(generated):
    assert _same_for_every_place(generated) > 1
