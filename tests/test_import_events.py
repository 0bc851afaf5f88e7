"""The event-dataset importers (kg import --acled, --ucdp-ged; kg.importers.acled, .ged, .events)
on a real on-disk store holding the seed article's graph (an import there costs a third of one onto
the bundled graph; a GED side is matched by the bundled UCDP actor dataset's ID on the bundled
graph, read only: test_ged_side_id_comes_before_the_name): each column that maps to kg lands where
docs/importing.md says, unknown actors are created and never merged into a near name, a second
run changes nothing, bad rows are refused with their row and column, and the events show where
events are read (the events-timeline query, kg ties).

The fixtures (tests/fixtures/acled_syria_sample.csv, ged_syria_sample.csv) hold real 2015 events
of the Syrian war in the published column layouts, with IDs of our own (their .source.txt)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from kg.cli import cli
from kg.errors import InputError
from kg.namespaces import ID, KG

from .conftest import store_hash, store_state

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ACLED = FIXTURES / "acled_syria_sample.csv"
GED = FIXTURES / "ged_syria_sample.csv"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
SCHEMA_URL = URIRef("https://schema.org/url")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def variant(tmp_path: Path, source: Path, name: str, edits: dict[int, dict[str, str]], drop: str = "") -> Path:
    """A copy of ``source`` with cells changed (``edits``: data row index -> {column: value}) or a
    column left out: test data made from the fixture."""
    data = rows(source)
    for index, cells in edits.items():
        data[index].update(cells)
    columns = [c for c in data[0] if c != drop]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(data)
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def events_store(article_store, tmp_path_factory):
    """A copy of the seed article's store with both fixtures imported (ACLED, then UCDP GED 23.1):
    (location, ACLED report and change, GED report and change)."""
    from kg.importers.acled import import_acled
    from kg.importers.ged import import_ged
    from kg.store import parse_location

    path = tmp_path_factory.mktemp("events") / "s"
    shutil.copytree(parse_location(article_store).path, path)
    location = f"oxigraph:{path}"
    acled = import_acled(location, ACLED)
    ged = import_ged(location, GED, version="23.1")
    return location, acled, ged


@pytest.fixture(scope="module")
def events_graph(events_store):
    from kg.store import open_graph

    return open_graph(events_store[0])


def _event(key: str) -> URIRef:
    return ID[key]


def _acled_key(row: dict[str, str]) -> URIRef:
    return ID[f"event-acled-{row['event_id_cnty'].lower()}-{row['timestamp']}"]


# --- ACLED --------------------------------------------------------------------------------------


def test_acled_rows_land_where_the_docs_say(events_store, events_graph):
    g = events_graph
    _location, (report, change), _ = events_store
    assert change.written and len(report.events) == len(rows(ACLED))
    source = ID["src-acled-export-2023-11-14"]  # the day of the newest timestamp, 1700000000
    assert (source, RDF.type, KG.Dataset) in g
    assert str(g.value(source, SCHEMA_URL)) == "https://acleddata.com/data-export-tool/"
    assert "ACLED" in str(g.value(source, DCTERMS.title)) and "2023-11-14" in str(g.value(source, DCTERMS.title))
    for row in rows(ACLED):
        event = _acled_key(row)
        assert (event, KG.datasetEventId, Literal(row["event_id_cnty"])) in g
        assert (event, PROV.wasDerivedFrom, source) in g
        assert (event, KG.eventType, Literal(f"{row['event_type']}: {row['sub_event_type']}")) in g
        assert (event, RDF.type, KG.Capture) in g  # "Non-state actor overtakes territory"
        day = Literal(row["event_date"], datatype=XSD.date)
        assert (event, KG.start, day) in g and (event, KG.end, day) in g  # time_precision 1: that day
        assert (event, KG.startPrecision, KG.Day) in g and (event, KG.startBound, None) not in g
        assert (event, KG.fatalities, Literal(int(row["fatalities"]), datatype=XSD.integer)) in g
        assert g.value(event, SKOS.prefLabel).language == "en"
    first = _acled_key(rows(ACLED)[0])
    # actor1 by the name resolver (ACLED's spelling "Jaish al-Fatah"), its associated actors too
    assert {g.value(first, KG.place)} == {ID["idlib-city"]}  # "Idleb" within admin1 "Idleb"
    assert set(g.objects(first, KG.agent)) == {ID["jaish-al-fath"], ID["ahrar-al-sham"], ID["al-nusra-front"]}
    military = g.value(first, KG.opponent)  # "Military Forces of Syria (2000-)", not in the graph: created
    assert (military, RDF.type, KG.StateForces) in g
    assert str(g.value(military, SKOS.prefLabel)) == "Military Forces of Syria (2000-)"
    assert military != ID["syrian-government-forces"]  # a near name is never merged
    by_id = {row["event_id_cnty"]: _acled_key(row) for row in rows(ACLED)}
    assert g.value(by_id["KGTEST2"], KG.place) == ID["jisr-al-shughur"]  # an alias of the seeded town
    assert g.value(by_id["KGTEST5"], KG.place) == ID["abu-al-duhur-airbase"]  # the seeded air base, by its name
    assert g.value(by_id["KGTEST3"], KG.agent) == ID["islamic-state"]  # "Islamic State (Syria)"


def test_acled_new_place_has_its_coordinates_and_its_region(events_graph):
    g = events_graph
    row = next(r for r in rows(ACLED) if r["location"] == "Palmyra")
    place = g.value(_acled_key(row), KG.place)
    assert str(g.value(place, SKOS.prefLabel)) == "Palmyra" and (place, RDF.type, KG.City) in g
    assert g.value(place, URIRef(GEO + "lat")).toPython() == Decimal(row["latitude"])
    assert g.value(place, URIRef(GEO + "long")).toPython() == Decimal(row["longitude"])
    # admin1 "Homs" is no governorate of the graph: the town sits in the country, the region in a note
    assert g.value(place, KG.locatedIn) == ID["syria"]
    assert any("'Homs'" in str(n) for n in g.objects(place, KG.note))
    assert any((p, KG.forProperty, URIRef(GEO + "lat")) in g for p in g.objects(place, KG.provenance))


def test_acled_precisions_types_and_actor_codes(events_graph, tmp_path):
    """time_precision 2 and 3, geo_precision 3, a numeric inter code, an air strike and a
    fatalities figure, read from a variant of the fixture (read only, nothing written)."""
    from kg.importers.acled import read_acled

    path = variant(tmp_path, ACLED, "acled.csv", {
        0: {"time_precision": "2"},
        1: {"time_precision": "3", "event_date": "2015-04-15"},
        2: {"geo_precision": "3"},
        3: {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike", "fatalities": "7",
            "inter1": "2"},
        4: {"event_type": "Strategic developments", "sub_event_type": "Headquarters or base established"},
    })
    out, report, _ = read_acled(path, events_graph)
    data = rows(path)
    week = _acled_key(data[0])
    assert str(out.value(week, KG.start)) == "2015-03-25" and str(out.value(week, KG.end)) == "2015-03-31"
    assert (week, KG.startBound, KG.NotBefore) in out and (week, KG.endBound, KG.NotAfter) in out
    month = _acled_key(data[1])
    assert str(out.value(month, KG.start)) == "2015-04-01" and (month, KG.startPrecision, KG.Month) in out
    region = _acled_key(data[2])
    assert (region, KG.place, None) not in out  # "Homs" is no place of the graph: the town is not the event's
    assert any("geo_precision 3" in str(n) for n in out.objects(region, KG.note))
    strike = _acled_key(data[3])
    assert (strike, RDF.type, KG.AirStrikes) in out and out.value(strike, KG.fatalities).toPython() == 7
    assert (_acled_key(data[4]), RDF.type, KG.StrategicDevelopment) in out
    assert len(report.events) == 5


def test_an_unknown_actor_is_created_never_merged_into_a_near_name(events_graph, tmp_path):
    from kg.importers.acled import read_acled

    # one letter off "Ahrar al-Sham" (a seeded actor), and not a spelling variant of it
    path = variant(tmp_path, ACLED, "acled.csv", {0: {"actor1": "Ahrar al-Shad", "assoc_actor_1": "Ahrar al-Shax"}})
    out, report, _ = read_acled(path, events_graph)
    event = _acled_key(rows(path)[0])
    made = [a for a in out.objects(event, KG.agent)]
    assert len(made) == 1 and made[0] != ID["ahrar-al-sham"]
    assert str(out.value(made[0], SKOS.prefLabel)) == "Ahrar al-Shad" and (made[0], RDF.type, KG.ArmedGroup) in out
    assert (ID["ahrar-al-sham"], None, None) not in out  # the known actor gets nothing
    assert any("'Ahrar al-Shad'" in line for line in report.created)
    # an associated actor is linked when the graph knows it, never created
    assert any("'Ahrar al-Shax'" in record for record, _ in report.skipped)
    # one new actor, named with and without ACLED's "(Country)" in two rows, is created once
    path = variant(tmp_path, ACLED, "acled.csv", {0: {"actor1": "Test Brigade (Syria)"}, 1: {"actor1": "Test Brigade"}})
    out, report, _ = read_acled(path, events_graph)
    first, second = (out.value(_acled_key(r), KG.agent) for r in rows(path)[:2])
    assert first == second and len([c for c in report.created if "Test Brigade" in c]) == 1


def test_country_filter_and_all(events_graph, tmp_path):
    from kg.importers.acled import read_acled
    from kg.importers.common import ImportRejected

    path = variant(tmp_path, ACLED, "acled.csv", {1: {"country": "Atlantis"}})
    _out, report, _ = read_acled(path, events_graph)
    assert (len(report.events), report.left_out) == (4, 1)
    with pytest.raises(ImportRejected) as error:
        read_acled(path, events_graph, country=None)
    assert "acled.csv row 3: column country: 'Atlantis' is not a country in the graph" in str(error.value)


# --- UCDP GED -----------------------------------------------------------------------------------


def test_ged_rows_land_where_the_docs_say(events_store, events_graph):
    g = events_graph
    _location, _, (report, change) = events_store
    assert change.written and len(report.events) == len(rows(GED))
    source = ID["src-ucdp-ged-23-1"]
    assert str(g.value(source, DCTERMS.title)) == "UCDP Georeferenced Event Dataset (GED) Global version 23.1"
    assert str(g.value(source, SCHEMA_URL)) == "https://ucdp.uu.se/downloads/"
    insurgents = {s for s in g.subjects(KG.ucdpActorId, Literal("4456"))}  # created once, by its ID
    assert len(insurgents) == 1
    for row in rows(GED):
        event = ID[f"event-ucdp-ged-23-1-{row['id']}"]
        assert (event, RDF.type, KG.StateBasedViolence) in g  # type_of_violence 1
        assert (event, KG.datasetEventId, Literal(row["id"])) in g and (event, PROV.wasDerivedFrom, source) in g
        assert str(g.value(event, KG.start)) == row["date_start"][:10]
        assert str(g.value(event, KG.end)) == row["date_end"][:10]
        ranged = row["date_start"] != row["date_end"]
        assert ((event, KG.startBound, KG.NotBefore) in g) == ranged == ((event, KG.endBound, KG.NotAfter) in g)
        for prop, column in ((KG.fatalities, "best"), (KG.fatalitiesLow, "low"), (KG.fatalitiesHigh, "high")):
            assert g.value(event, prop).toPython() == int(row[column])
        government = g.value(event, KG.agent)  # side_a "Government of Syria" (UCDP 118): created, with its ID
        assert (government, KG.ucdpActorId, Literal(row["side_a_new_id"])) in g
        assert (government, RDF.type, KG.StateForces) in g
        if row["side_b_new_id"] == "4456":
            assert g.value(event, KG.opponent) in insurgents
        else:  # "IS" (UCDP 234): no actor carries the ID; the name resolver finds the seeded actor
            assert g.value(event, KG.opponent) == ID["islamic-state"]
    by_id = {row["id"]: ID[f"event-ucdp-ged-23-1-{row['id']}"] for row in rows(GED)}
    assert g.value(by_id["900001"], KG.place) == ID["idlib-city"]  # "Idlib town" in "Idlib governorate"
    assert g.value(by_id["900005"], KG.place) == ID["idlib-governorate"]  # where_prec 4: the region


@pytest.mark.parametrize("on", ["events_graph", "disk_graph"], ids=["events imported", "bundled graph"])
def test_ged_side_id_comes_before_the_name(request, on, tmp_path):
    """On the graph the GED file was imported into, and on the bundled graph, whose UCDP actor
    dataset holds the side's ID (read only: nothing is written)."""
    from kg.importers.ged import read_ged

    graph = request.getfixturevalue(on)
    path = variant(tmp_path, GED, "GEDEvent_v23_1.csv", {0: {"side_b": "A name the graph lacks", "best": "3",
                                                              "low": "2", "high": "5"}})
    out, report, _ = read_ged(path, graph)  # the version from the file name
    event = ID[f"event-ucdp-ged-23-1-{rows(path)[0]['id']}"]
    assert {s for s in graph.subjects(KG.ucdpActorId, Literal("4456"))} == {out.value(event, KG.opponent)}
    assert [out.value(event, p).toPython() for p in (KG.fatalitiesLow, KG.fatalities, KG.fatalitiesHigh)] == [2, 3, 5]
    assert not [c for c in report.created if "A name the graph lacks" in c]  # matched by its ID, not created
    if on == "events_graph":  # the government side too (the bundled UCDP actors leave governments out)
        assert not report.created


# --- re-runs, bad rows, standard input, where events are read -----------------------------------


def test_importing_again_changes_nothing(events_store):
    from kg.importers.acled import import_acled
    from kg.importers.ged import import_ged

    location = events_store[0]
    # the same live generation and the same content in it (store_hash: the sorted N-Quads)
    before, content = store_state(location), store_hash(location)
    for again in (lambda: import_acled(location, ACLED), lambda: import_ged(location, GED, version="23.1")):
        _report, change = again()
        assert (change.added, change.written) == (0, False)
    assert store_state(location) == before
    assert store_hash(location) == content


def test_bad_rows_are_refused_with_row_and_column(events_store, tmp_path):
    location = events_store[0]
    path = variant(tmp_path, ACLED, "acled.csv", {0: {"event_date": "2015-02-30"}, 1: {"latitude": "95.1"},
                                                 2: {"longitude": "east"}, 3: {"time_precision": "4"}})
    before = store_state(location)
    result = CliRunner().invoke(cli, ["--store", location, "import", "--acled", str(path)])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert "  acled.csv row 2: column event_date: bad date '2015-02-30' (expected YYYY-MM-DD, or D Month " \
           "YYYY as in 28 March 2015)" in lines
    assert "  acled.csv row 3: column latitude: coordinate 95.1 is out of range (-90 to 90 decimal degrees)" in lines
    assert "  acled.csv row 4: column longitude: bad coordinate 'east' (expected decimal degrees, e.g. 35.9306)" \
        in lines
    assert "  acled.csv row 5: column time_precision: '4' is not one of 1, 2, 3" in lines
    missing = variant(tmp_path, GED, "GEDEvent_v23_1.csv", {}, drop="date_start")
    result = CliRunner().invoke(cli, ["--store", location, "import", "--ucdp-ged", str(missing)])
    assert result.exit_code == 2 and "GEDEvent_v23_1.csv row 1: missing column(s) date_start" in result.output
    bad = variant(tmp_path, GED, "GEDEvent_v23_1.csv", {0: {"date_end": "2015-03-27 00:00:00.000"},
                                                        1: {"best": "9", "high": "5"}, 2: {"latitude": ""}})
    result = CliRunner().invoke(cli, ["--store", location, "import", str(bad)])  # known by its header
    assert result.exit_code == 2
    assert "GEDEvent_v23_1.csv row 2: column date_end: 2015-03-27 is before date_start 2015-03-28" in result.output
    assert "GEDEvent_v23_1.csv row 3: column best: low 0, best 9, high 5: expected low <= best <= high" in result.output
    assert "GEDEvent_v23_1.csv row 4: column latitude: bad coordinate ''" in result.output
    assert store_state(location) == before


def test_standard_input_and_the_header(events_store):
    location = events_store[0]
    result = CliRunner().invoke(cli, ["--store", location, "import", "-", "--dry-run"], input=ACLED.read_bytes())
    assert result.exit_code == 0, result.output
    assert f"events: {len(rows(ACLED))} read" in result.output and "nothing was written" in result.output
    result = CliRunner().invoke(cli, ["--store", location, "import", "--ucdp-ged", "-"], input=GED.read_bytes())
    assert result.exit_code == 2 and "<stdin>: which GED version is it?" in result.output
    result = CliRunner().invoke(cli, ["--store", location, "import", "--ucdp-ged", "-", "--ged-version", "23.1",
                                      "--dry-run"], input=GED.read_bytes())
    assert result.exit_code == 0 and "dry run: 0 new triple(s)" in result.output
    result = CliRunner().invoke(cli, ["--store", location, "import", "--acled", str(GED)])
    assert result.exit_code == 2 and "the header is that of a UCDP GED file" in result.output


def test_the_events_show_in_the_timeline_query_and_in_ties(events_store):
    location = events_store[0]
    result = CliRunner().invoke(cli, ["--store", location, "query", "events-timeline", "--format", "csv"])
    assert result.exit_code == 0
    timeline = list(csv.DictReader(io.StringIO(result.stdout)))
    shown = {r["event"] for r in timeline}
    for row in rows(ACLED):
        assert str(_acled_key(row)) in shown
    for row in rows(GED):
        assert str(ID[f"event-ucdp-ged-23-1-{row['id']}"]) in shown
    assert {r["sourceName"] for r in timeline} >= {"ACLED export of 2023-11-14", "UCDP GED 23.1"}
    result = CliRunner().invoke(cli, ["--store", location, "ties", "Jaish al-Fath", "--format", "json"])
    events = {e["iri"] for e in json.loads(result.stdout)["events"]}
    wanted = {str(_acled_key(r)) for r in rows(ACLED) if r["actor1"] == "Jaish al-Fatah"}
    assert wanted and wanted <= events


def test_a_missing_version_or_file_is_an_input_error(events_graph, tmp_path):
    from kg.importers.ged import read_ged, version_of

    assert version_of("GEDEvent_v23_1.csv") == "23.1" and version_of("ged231.csv") == "23.1"
    copy = tmp_path / "events.csv"
    copy.write_bytes(GED.read_bytes())
    with pytest.raises(InputError, match="give it with --ged-version"):
        read_ged(copy, events_graph)
