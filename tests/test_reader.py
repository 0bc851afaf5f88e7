"""The rdflib-free read path (kg.reader): on an on-disk store `kg ties`, `kg control` and `kg
lineage` read the generation straight through pyoxigraph, without importing rdflib, and give
the same records and the same output, byte for byte, as the rdflib path on the same store."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.errors import AmbiguousName, KGError, NameNotFound, QueryError
from kg.lineage import lineage
from kg.names import ACTOR_KINDS, PLACE_KINDS
from kg.reader import LiteralText, Reader, name_index, select
from kg.render import control_csv, control_table, lineage_csv, lineage_table, ties_csv, ties_table
from kg.store import open_reader
from kg.ties import control, ties

from .conftest import ECHO_QUERY, FULL, INJECTIONS, sample, seeds_with

RDFLIB = ("rdflib", "oxrdflib", "pyparsing")
DAYS = [None, dt.date(2013, 6, 1), dt.date(2015, 3, 28), dt.date(2015, 4, 1), dt.date(2016, 9, 1), dt.date(2019, 1, 1)]


@pytest.fixture(scope="module")
def reader(disk_store) -> Reader:
    found = open_reader(disk_store)
    assert isinstance(found, Reader)
    return found


def _labels(reader: Reader, kinds: set[str]) -> list[str]:
    return sorted(e.label for e in reader.names.entries.values() if e.kind in kinds)


def _imported_by(store: str, *args: str) -> tuple[list[str], str]:
    """Which of rdflib, oxrdflib and pyparsing a new process has imported after running
    ``kg --store STORE ARGS`` in it; and what the command printed."""
    code = (
        "import json, sys\n"
        "from kg.cli import cli\n"
        "try:\n"
        f"    cli(['--store', {store!r}, *{list(args)!r}], standalone_mode=False)\n"
        "finally:\n"
        f"    print('IMPORTED:', json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {RDFLIB!r})), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stderr.splitlines() if x.startswith("IMPORTED:"))
    return json.loads(line.removeprefix("IMPORTED:")), done.stdout


@pytest.mark.parametrize("args", [
    ["ties", "Jaish al-Fath"],
    ["ties", "al-Nusra", "--at", "2015-04-01", "--lineage", "--format", "json"],
    ["control", "Idlib", "--at", "2015-04-01"],
    ["control", "Idlib", "--format", "csv"],
    ["lineage", "al-Nusra", "--at", "2016-09-01"],
])
def test_the_quick_lookups_on_an_on_disk_store_do_not_import_rdflib(disk_store, args):
    imported, printed = _imported_by(disk_store, *args)
    assert imported == []
    assert printed.strip()


def test_the_import_check_sees_rdflib_when_a_command_uses_it(disk_store):
    """The check above can fail: `kg path` reads through rdflib, and the same check says so."""
    imported, _ = _imported_by(disk_store, "path", "Ahrar al-Sham", "al-Qaeda")
    assert "rdflib" in imported


def test_the_api_reads_an_on_disk_store_through_the_reader_and_other_stores_through_rdflib(disk_store, monkeypatch):
    from rdflib import Graph

    from kg import store as kg_store

    db = kg.open(disk_store)
    assert isinstance(db._source(), Reader)
    assert db._source() is db._source()  # opened once per generation
    monkeypatch.setattr(kg_store, "_memory_graph", Graph())  # a memory store (building the bundled one takes ~10 s)
    assert not isinstance(kg.open("memory")._source(), Reader)


# --- the same records and the same output, every actor and place ------------------------------


def _same_output(fast, slow, table, csv) -> None:
    """The same JSON, table and CSV, to the byte, and the same records."""
    assert json.dumps(fast.as_dict(), indent=2, ensure_ascii=False) == json.dumps(slow.as_dict(), indent=2, ensure_ascii=False)
    assert table(fast) == table(slow)
    assert csv(fast) == csv(slow)
    assert fast.records() == slow.records()


def _same_ties(fast, slow) -> None:
    _same_output(fast, slow, ties_table, ties_csv)
    assert (fast.ties, fast.events, fast.names, fast.at) == (slow.ties, slow.events, slow.names, slow.at)
    subject, other = fast.subject, slow.subject
    assert (str(subject.iri), subject.label, subject.kind) == (str(other.iri), other.label, other.kind)


def test_ties_are_the_same_on_both_paths_for_every_actor_and_place(reader, disk_graph):
    entries = sorted(reader.names.entries.values(), key=lambda e: e.label)  # actors, places, people, sources
    assert len(entries) > 20
    entries = sample(entries, 0.15)  # a fixed 15% of the bundled graph's ~340 (all under KG_FULL_TESTS=1)
    compared = 0
    for i, entry in enumerate(entries):
        # undated and one dated day each, the days taken in turn (every day under KG_FULL_TESTS=1)
        for at in DAYS if FULL else [None, DAYS[1 + i % (len(DAYS) - 1)]]:
            for with_lineage in (False, True):
                try:
                    slow = ties(disk_graph, entry.label, at, lineage=with_lineage)
                except NameNotFound as error:  # not an actor (--lineage: not an actor or a place)
                    assert entry.kind not in ACTOR_KINDS and (with_lineage or entry.kind not in PLACE_KINDS)
                    with pytest.raises(NameNotFound) as caught:  # refused the same way on both paths
                        ties(reader, entry.label, at, lineage=with_lineage)
                    assert str(caught.value) == str(error)
                    continue
                fast = ties(reader, entry.label, at, lineage=with_lineage)
                _same_ties(fast, slow)
                compared += bool(fast.ties)
    assert compared > 30  # not only empty answers


@pytest.mark.parametrize("read,kinds,table,csv,fields", [
    (control, PLACE_KINDS, control_table, control_csv, lambda r: (r.rows, r.at, r.place.label, str(r.place.iri))),
    (lineage, ACTOR_KINDS, lineage_table, lineage_csv,
     lambda r: (r.steps, r.at, r.subject.label, str(r.subject.iri), r.names, r.in_use)),
], ids=["control, every place", "lineage, actors"])
def test_control_and_lineage_are_the_same_on_both_paths(reader, disk_graph, read, kinds, table, csv, fields):
    """Every place's control; a fixed quarter of the actors' lineage (every actor under
    KG_FULL_TESTS=1: the rdflib path's lineage is the slow one)."""
    compared = 0
    names = _labels(reader, kinds)
    for name in names if read is control else sample(names, 0.25):
        for at in DAYS:
            fast, slow = read(reader, name, at), read(disk_graph, name, at)
            _same_output(fast, slow, table, csv)
            assert fields(fast) == fields(slow)
            compared += bool(fields(fast)[0])
    assert compared > 10


@pytest.mark.parametrize("args", [
    ["ties", "Jaish al-Fath"],
    ["ties", "al-Nusra", "--at", "2015-04-01", "--lineage"],
    ["control", "Idlib"],
    ["control", "Idlib Governorate", "--at", "2015-04-01"],
    ["lineage", "al-Nusra", "--at", "2016-09-01"],
])
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_the_command_prints_what_the_rdflib_path_renders(disk_store, disk_graph, args, fmt):
    printed = CliRunner().invoke(cli, ["--store", disk_store, *args, "--format", fmt])
    assert printed.exit_code == 0, printed.output
    command, name, *rest = args
    at = dt.date.fromisoformat(rest[rest.index("--at") + 1]) if "--at" in rest else None
    if command == "ties":
        slow = ties(disk_graph, name, at, lineage="--lineage" in rest)
        csv_of, table_of = ties_csv, ties_table
    elif command == "control":
        slow, csv_of, table_of = control(disk_graph, name, at), control_csv, control_table
    else:
        slow, csv_of, table_of = lineage(disk_graph, name, at), lineage_csv, lineage_table
    expected = {"json": json.dumps(slow.as_dict(), indent=2, ensure_ascii=False) + "\n",
                "csv": csv_of(slow), "table": table_of(slow) + "\n"}[fmt]
    assert printed.stdout == expected


# --- names: suggestions and ambiguity as before ----------------------------------------------


def test_an_unknown_name_gets_the_same_suggestions(reader, disk_graph, disk_store):
    for call in (lambda source: ties(source, "Ahrar al-Shams brigade"), lambda source: control(source, "Idlib citadel")):
        with pytest.raises(NameNotFound) as fast:
            call(reader)
        with pytest.raises(NameNotFound) as slow:
            call(disk_graph)
        assert fast.value.suggestions == slow.value.suggestions != []
        assert str(fast.value) == str(slow.value)
    printed = CliRunner().invoke(cli, ["--store", disk_store, "ties", "Ahrar al-Shams brigade"])
    assert printed.exit_code == 2 and "did you mean" in printed.output and "Ahrar al-Sham" in printed.output


def test_an_ambiguous_name_still_raises_with_its_candidates(tmp_path):
    from kg.build import build
    from kg.store import open_graph

    location = f"oxigraph:{tmp_path / 'store'}"
    seeds = seeds_with(tmp_path, "places.ttl",
                       lambda text: text.replace('skos:altLabel "Idlib province"@en ;', 'skos:altLabel "Idlib province"@en, "Idlib"@en ;'))
    build(location, seeds)
    fast_reader = open_reader(location)
    assert isinstance(fast_reader, Reader)
    for source in (fast_reader, open_graph(location)):
        with pytest.raises(AmbiguousName) as caught:
            control(source, "Idlib")
        assert caught.value.candidates == ["Idlib (city)", "Idlib Governorate (governorate)"]
    printed = CliRunner().invoke(cli, ["--store", location, "ties", "Idlib"])
    assert printed.exit_code == 2 and "Idlib Governorate (governorate)" in printed.output


# --- the reader's rows and parameters ------------------------------------------------------------


def test_rows_read_like_rdflib_rows(reader, disk_graph):
    iri = str(name_index(reader).resolve("Jaish al-Fath").iri)
    fast, slow = select(reader, "ties", {"actor": iri}), select(disk_graph, "ties", {"actor": iri})
    assert len(fast) == len(slow) > 3
    for a, b in zip(fast, slow):
        assert [None if t is None else str(t) for t in a] == [None if t is None else str(t) for t in b]
        assert a.statement == a["statement"] == str(b.statement)
        assert (a.note is None) == (b.note is None)
        assert a.certainFrom.toPython() == b.certainFrom.toPython()
        assert isinstance(a.certainFrom.toPython(), dt.date)
    with pytest.raises(AttributeError):
        fast[0].nosuchvariable  # noqa: B018
    with pytest.raises(KeyError):
        fast[0]["nosuchvariable"]


def test_a_literal_converts_as_rdflib_converts_it():
    from rdflib import Literal, URIRef

    xsd = "http://www.w3.org/2001/XMLSchema#"
    for lexical, datatype, language in [("2015-03-29", xsd + "date", None), ("2015-02-30", xsd + "date", None),
                                         ("2015-03-29Z", xsd + "date", None), ("42", xsd + "integer", None),
                                         ("Idlib", xsd + "string", None), ("إدلب", None, "ar")]:
        text = LiteralText(lexical)
        text.datatype, text.language = datatype or "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString", language
        expected = Literal(lexical, lang=language, datatype=None if language else URIRef(datatype or "")).toPython()
        assert text.toPython() == expected and type(text.toPython()) is type(expected)
        assert str(text) == lexical


def test_parameters_reach_the_reader_as_terms_never_as_text(reader, tmp_path):
    echo = tmp_path / "echo.rq"
    echo.write_text(ECHO_QUERY, encoding="utf-8")
    for value in INJECTIONS:
        assert select(reader, str(echo), {"text": value}) == []
    assert [r.s for r in select(reader, str(echo), {"text": "Idlib"})] == ["https://w3id.org/armed-groups-kg/id/idlib-city"]
    bad = tmp_path / "bad.rq"
    bad.write_text("# name: bad\nSELECT ?s WHERE { ?s ?p }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="line 2"):
        select(reader, str(bad))
    with pytest.raises(KGError, match="has no parameter"):
        select(reader, "ties", {"nope": "x"})


def test_without_a_name_index_the_rdflib_path_builds_it_and_answers(store):
    from kg.store import current_generation, parse_location

    path = parse_location(store).path
    assert path is not None
    (path / f"{current_generation(store)}.names.sqlite").unlink()
    assert open_reader(store) is None
    printed = CliRunner().invoke(cli, ["--store", store, "ties", "Jaish al-Fath", "--format", "json"])
    assert printed.exit_code == 0, printed.output
    assert "building the name index" in printed.output
    assert isinstance(open_reader(store), Reader)  # the index is kept: the next command reads it


def test_one_query_for_many_resources_gives_each_resource_s_rows(reader, disk_graph):
    """select_many (one query with the IRIs as VALUES, what `kg ties` asks a server for an actor's
    alliances) gives the rows one query a resource gives, on both paths."""
    from kg.reader import select, select_many

    alliances = sorted(str(e.iri) for e in reader.names.entries.values() if e.kind == "alliance")[:12]
    assert len(alliances) >= 3
    for source in (reader, disk_graph):
        together = select_many(source, "alliance-members", "alliance", alliances + alliances[:2])  # repeats: once
        one_by_one = [row for iri in alliances for row in select(source, "alliance-members", {"alliance": iri})]
        key = lambda row: tuple(str(row[v]) for v in ("alliance", "member", "role", "statement", "sourceName"))
        assert sorted(map(key, together)) == sorted(map(key, one_by_one))
        assert one_by_one  # not only empty answers
    assert select_many(reader, "alliance-members", "alliance", []) == []
