"""The CSV tables for analysts (kg.exchange): ``kg export --format events-csv`` (ACLED's
columns) and ``--format statements-csv``, read back by pandas with real dtypes, on the bundled
graph and on a small store built here with a claim, an open-ended span and two sources."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.exchange import (
    EVENT_COLUMNS,
    EVENT_DATE_COLUMNS,
    EVENT_DTYPES,
    STATEMENT_COLUMNS,
    STATEMENT_DATE_COLUMNS,
    STATEMENT_DTYPES,
)

ID = "https://w3id.org/armed-groups-kg/id/"

# A made-up region for the tests (every name and source is fictional, marked TEST).
SMALL_CSV = """\
id,subject,relation,object,kind,lat,long,parent,start,end,precision,claimant,source_title,source_publisher,source_date,source_url,note
,Testland,,,country,30.5,40.25,,,,,,TEST gazetteer,Example Atlas (TEST),2020-01-01,https://example.org/test/atlas,
,North Province,,,governorate,31.0,40.5,id:testland,,,,,TEST gazetteer,Example Atlas (TEST),2020-01-01,https://example.org/test/atlas,
,Riverton,,,city,31.125,40.75,id:north-province,,,,,TEST gazetteer,Example Atlas (TEST),2020-01-01,https://example.org/test/atlas,
,Blue Brigade,,,armed group,,,,,,,,TEST report one,Example News (TEST),2016-02-03,https://example.org/test/one,
,Red Front,,,armed group,,,,,,,,TEST report one,Example News (TEST),2016-02-03,https://example.org/test/one,
,Jo Spokes,,,person,,,,,,,,TEST report one,Example News (TEST),2016-02-03,https://example.org/test/one,
,Red Front,controls,Riverton,,,,,2014,2016-02-01,year,Jo Spokes,TEST report one,Example News (TEST),2016-02-03,https://example.org/test/one,
id:st-test-blue-riverton,Blue Brigade,controls,Riverton,,,,,2016-02-01,,day,,TEST report one,Example News (TEST),2016-02-03,https://example.org/test/one,
id:st-test-blue-riverton,Blue Brigade,controls,Riverton,,,,,2016-02-01,,day,,TEST report two,Example Monitor (TEST),2016-02-04,https://example.org/test/two,
"""

SMALL_EVENT = """\
@prefix kg: <https://w3id.org/armed-groups-kg/ontology#> .
@prefix id: <https://w3id.org/armed-groups-kg/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
id:test-clash-riverton a kg:Offensive ;
    skos:prefLabel "TEST clash at Riverton"@en ;
    kg:start "2016-01-30"^^xsd:date ; kg:end "2016-02-01"^^xsd:date ;
    kg:startPrecision kg:Day ; kg:endPrecision kg:Day ;
    kg:agent id:blue-brigade ; kg:opponent id:red-front ; kg:place id:riverton ;
    kg:count 12 ; kg:countOf "killed" ;
    prov:wasDerivedFrom id:src-test-two-a .
id:src-test-two-a a kg:NewsArticle ; kg:usedAs "Example Monitor (TEST), second report" ;
    <http://purl.org/dc/terms/title> "TEST report three" ; <http://purl.org/dc/terms/publisher> "Example Monitor (TEST)" ;
    <https://schema.org/url> <https://example.org/test/three> .
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> kg.KG:
    """An empty store with the made-up region above: a claimed span that ended, an open-ended
    one with two sources, and one event with a death toll."""
    path = tmp_path_factory.mktemp("exchange")
    db = kg.KG(f"oxigraph:{path / 's'}")
    db.build(empty=True)
    (path / "small.csv").write_text(SMALL_CSV, encoding="utf-8")
    db.import_csv(path / "small.csv")
    (path / "event.ttl").write_text(SMALL_EVENT, encoding="utf-8")
    db.load([path / "event.ttl"])
    return db


@pytest.fixture(scope="module")
def bundled(disk_store) -> kg.KG:
    return kg.KG(disk_store)


def _events(db: kg.KG) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(db.export("events-csv")), parse_dates=EVENT_DATE_COLUMNS, dtype=EVENT_DTYPES)


def _statements(db: kg.KG) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(db.export("statements-csv")), parse_dates=STATEMENT_DATE_COLUMNS,
                       dtype=STATEMENT_DTYPES)


def test_the_statements_read_back_with_real_dtypes(small):
    frame = _statements(small)
    assert list(frame.columns) == STATEMENT_COLUMNS
    for column in STATEMENT_DATE_COLUMNS:
        assert pd.api.types.is_datetime64_any_dtype(frame[column]), column
    assert str(frame["never_certain"].dtype) == "boolean"
    blue = frame[frame["subject"] == "Blue Brigade"].iloc[0]
    assert blue["subject_iri"] == ID + "blue-brigade" and blue["object_iri"] == ID + "riverton"
    assert blue["statement"] == ID + "st-test-blue-riverton"
    assert blue["start"] == pd.Timestamp("2016-02-01") and blue["start_precision"] == "day"
    assert pd.isna(blue["end"]) and pd.isna(blue["possible_until"])  # open: an empty cell, NaT
    assert len(blue["sources"].split("; ")) == 2
    titles, urls = blue["source_titles"].split("; "), blue["source_urls"].split(" ")
    assert sorted(zip(titles, urls)) == [("TEST report one", "https://example.org/test/one"),
                                         ("TEST report two", "https://example.org/test/two")]
    assert pd.isna(blue["claimant"])
    red = frame[frame["subject"] == "Red Front"].iloc[0]
    assert red["claimant"] == "Jo Spokes" and red["claimant_iri"] == ID + "jo-spokes"
    assert red["start"] == pd.Timestamp("2014-01-01") and red["start_precision"] == "year"
    assert red["end"] == pd.Timestamp("2016-02-01")
    assert red["certain_from"] == pd.Timestamp("2014-12-31")  # the year's last day: kg.timespan's rule


def test_the_events_read_back_with_real_dtypes(small):
    frame = _events(small)
    assert list(frame.columns) == EVENT_COLUMNS
    assert pd.api.types.is_datetime64_any_dtype(frame["event_date"])
    assert pd.api.types.is_datetime64_any_dtype(frame["end_date"])
    assert frame["latitude"].dtype == "float64" and frame["longitude"].dtype == "float64"
    assert str(frame["fatalities"].dtype) == "Int64"
    clash = frame[frame["kg_iri"] == ID + "test-clash-riverton"].iloc[0]
    assert (clash["event_date"], clash["end_date"]) == (pd.Timestamp("2016-01-30"), pd.Timestamp("2016-02-01"))
    assert (clash["actor1"], clash["actor2"], clash["fatalities"]) == ("Blue Brigade", "Red Front", 12)
    assert (clash["event_type"], clash["sub_event_type"]) == ("Battles", "Armed clash")
    assert (clash["location"], clash["admin1"], clash["country"]) == ("Riverton", "North Province", "Testland")
    assert (clash["latitude"], clash["longitude"], clash["geo_precision"]) == (31.125, 40.75, 1)
    assert clash["time_precision"] == 1 and clash["source_urls"] == "https://example.org/test/three"
    # the two control statements with a start are two control changes; the later one replaced the other
    changes = frame[frame["kg_event_type"] == "control change"].sort_values("event_date")
    assert list(changes["actor1"]) == ["Red Front", "Blue Brigade"]
    taken = changes.iloc[1]
    assert taken["actor2"] == "Red Front" and taken["event_date"] == pd.Timestamp("2016-02-01")
    assert len(taken["source"].split("; ")) == 2 and pd.isna(taken["fatalities"])
    first = changes.iloc[0]
    assert first["time_precision"] == 3 and first["date_precision"] == "year"  # known to the year only
    assert first["claimant"] == "Jo Spokes"


def test_no_sentinel_dates_and_open_sides_are_empty(small, bundled):
    for db in (small, bundled):
        for fmt in ("events-csv", "statements-csv"):
            text = db.export(fmt).decode("utf-8")
            assert "0001-01-01" not in text and "9999-12-31" not in text, fmt


def test_every_statement_is_one_row_and_every_event_but_a_war_is_one(bundled):
    statements = _statements(bundled)
    counted = bundled.sparql("""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
        VALUES ?k { kg:MembershipStatement kg:AffiliationStatement kg:ControlStatement kg:CooperationStatement
                    kg:HostilityStatement kg:LineageStatement } ?s a ?k }""").rows[0]["n"]
    assert len(statements) == counted and statements["statement"].is_unique
    events = _events(bundled)
    assert events["kg_iri"].is_unique and events["event_id_cnty"].is_unique
    event_iris = {r["e"] for r in bundled.sparql(
        "SELECT DISTINCT ?e WHERE { ?e a ?t . ?t rdfs:subClassOf kg:Event FILTER (?t != kg:Conflict) }").rows}
    assert event_iris <= set(events["kg_iri"])
    wars = {r["e"] for r in bundled.sparql("SELECT ?e WHERE { ?e a kg:Conflict }").rows}
    assert wars and not wars & set(events["kg_iri"])
    # a capture that results in a control statement is one row (the capture's), not two
    results = {r["st"] for r in bundled.sparql("SELECT ?st WHERE { ?e kg:resultsIn ?st }").rows}
    assert results and not results & set(events["kg_iri"])
    changes = events[events["kg_event_type"] == "control change"]
    controls = statements[(statements["relation"] == "controls") & statements["start"].notna()]
    assert set(changes["kg_iri"]) == set(controls["statement"]) - results


def test_dash_writes_to_stdout_and_matches_the_api(small):
    for fmt in ("events-csv", "statements-csv"):
        result = CliRunner().invoke(cli, ["--store", small.location, "export", "--format", fmt, "-o", "-"])
        assert result.exit_code == 0, result.output
        assert result.stdout_bytes == small.export(fmt)


def test_a_formula_like_name_is_neutralised_unless_raw_cells(tmp_path):
    db = kg.KG(f"oxigraph:{tmp_path / 's'}")
    db.build(empty=True)
    csv_text = ("subject,relation,object,kind,lat,long,start,end,source_title,source_publisher,source_url\n"
                "Landia,,,country,10,20,,,TEST atlas,Example (TEST),https://example.org/test/a\n"
                "'=Plus Group,,,armed group,,,,,TEST atlas,Example (TEST),https://example.org/test/a\n"
                "'=Plus Group,controls,Landia,,,,2019-05-02,,TEST atlas,Example (TEST),https://example.org/test/a\n")
    (tmp_path / "f.csv").write_text(csv_text, encoding="utf-8")
    db.import_csv(tmp_path / "f.csv")
    assert ",'=Plus Group," in db.export("statements-csv").decode()
    assert ",=Plus Group," in db.export("statements-csv", raw_cells=True).decode()
    assert re.search(r",'=Plus Group,", db.export("events-csv").decode())


def test_the_ties_and_control_csvs_neutralise_a_formula_like_name_unless_raw_cells(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    store = f"oxigraph:{tmp_path / 's'}"
    db = kg.KG(store)
    db.build(empty=True)
    csv_text = ("subject,relation,object,kind,lat,long,start,end,source_title,source_publisher,source_url\n"
                "Landia,,,country,10,20,,,TEST atlas,Example (TEST),https://example.org/test/a\n"
                "'=Plus Group,,,armed group,,,,,TEST atlas,Example (TEST),https://example.org/test/a\n"
                "'=Plus Group,controls,Landia,,,,2019-05-02,,TEST atlas,Example (TEST),https://example.org/test/a\n"
                "Blue Brigade,,,armed group,,,,,TEST atlas,Example (TEST),https://example.org/test/a\n"
                "Blue Brigade,hostile to,'=Plus Group,,,,2019-05-02,,TEST atlas,Example (TEST),https://example.org/test/a\n")
    (tmp_path / "f.csv").write_text(csv_text, encoding="utf-8")
    db.import_csv(tmp_path / "f.csv")
    for args in (["ties", "Blue Brigade"], ["control", "Landia"]):
        safe = CliRunner().invoke(cli, ["--store", store, *args, "--format", "csv"])
        raw = CliRunner().invoke(cli, ["--store", store, *args, "--format", "csv", "--raw-cells"])
        assert safe.exit_code == raw.exit_code == 0, safe.output
        assert ",'=Plus Group," in safe.output  # (it wrote =Plus Group: a formula in a spreadsheet)
        assert "'=Plus Group" not in raw.output and "=Plus Group" in raw.output


# --- one vocabulary: the same thing has the same column name in every result ------------------


def test_the_shared_columns_agree_across_results(bundled):
    """control records, the control-at query, statements-csv and the GeoJSON name a control
    statement's place, controller, dates, claimant and sources alike (docs/views.md, "Column
    names"), and give the same values."""
    import json

    day = "2015-03-28"
    records = {r["statement"]: r for r in bundled.control("Idlib", at=day).records()}
    assert records
    statements = _statements(bundled).set_index("statement")
    queried: dict[str, dict] = {}
    for row in bundled.query("control-at", place="Idlib", date=day).rows:
        queried.setdefault(row["statement"], {**row, "sources": set()})["sources"].add(row["sourceName"])
    features = [f["properties"] for f in json.loads(bundled.export("geojson"))["features"]]
    for iri, record in records.items():
        row = statements.loc[iri]
        assert (row["object"], row["object_iri"]) == (record["place"], record["place_iri"])
        assert (row["subject"], row["subject_iri"]) == (record["controller"], record["controller_iri"])
        assert set(row["sources"].split("; ")) == set(record["sources"])
        assert (None if pd.isna(row["claimant"]) else row["claimant"]) == record["claimant"]
        def day(value):
            return None if pd.isna(value) else value.date().isoformat()

        for column in ("end", "certain_from", "certain_until", "possible_from", "possible_until"):
            assert day(row[column]) == record.get(column, record["bounds"].get(column)), column
        if pd.isna(row["start_bound"]) or row["start_bound"] != "not after":  # docs: a latest start differs
            assert day(row["start"]) == record["start"]
        if record["via"] is not None:  # a container's holder: control-at asks about places inside
            assert iri not in queried
            continue
        query = queried[iri]
        assert query["sources"] == set(record["sources"])
        assert (query["whereLabel"], query["where"]) == (record["place"], record["place_iri"])
        assert (query["controllerLabel"], query["controller"]) == (record["controller"], record["controller_iri"])
        assert query["certainty"] == record["certainty"]
    for iri, record in records.items():
        parts = [f for f in features if f["statement"] == iri]
        assert parts and {(f["place"], f["place_iri"], f["controller"], f["controller_iri"]) for f in parts} == \
            {(record["place"], record["place_iri"], record["controller"], record["controller_iri"])}


def test_the_readme_notebook_example_runs(disk_store, monkeypatch):
    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    code = readme.split("### In a notebook", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.setenv("KG_STORE", disk_store)  # kg.open()'s default store, never the user's
    scope: dict = {}
    exec(compile(code, "README.md (In a notebook)", "exec"), scope)  # noqa: S102 - our own documented example
    idlib = scope["idlib"]
    assert len(idlib) and set(idlib["location"].dropna()) >= {"Idlib"}
    assert pd.api.types.is_datetime64_any_dtype(idlib["event_date"]) and idlib["latitude"].dtype == "float64"
    assert pd.api.types.is_datetime64_any_dtype(scope["ties"]["start"])
    assert {"controller", "controller_iri", "place_iri"} <= set(scope["held"].columns)
