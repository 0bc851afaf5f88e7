"""Whole-graph reports stream: `kg query NAME --stream` and KG.stream hand out rows as the
store finds them (the query's ORDER BY dropped), and the same rows as the sorted answer."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest

from kg import api
from kg.errors import InputError, QueryError
from kg.output import write_stream
from kg.queries import get_query, list_queries
from kg.sparqltext import without_order

ID = "https://w3id.org/armed-groups-kg/id/"
SAMPLES = {"actor": "Jaish al-Fath", "alliance": "Jaish al-Fath", "organisation": "al-Nusra Front", "name": "Jaish al-Fath",
           "place": "Idlib Governorate", "governorate": "Idlib Governorate", "date": "2015-03-28",
           "statement": ID + "st-nusra-leads-jaish-al-fath"}


def _kg(location: str) -> api.KG:
    return api.KG(location)


@pytest.fixture
def run_cli():
    from click.testing import CliRunner

    from kg.cli import cli

    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args))


@pytest.fixture(params=["memory", "oxigraph"])
def kg(request, memory_graph, disk_store):
    return _kg("memory" if request.param == "memory" else disk_store)


def _key(row: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in row.items() if v is not None))


@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_streamed_rows_are_the_sorted_answer_s_rows(kg, disk_store, query):
    params = {p.name: SAMPLES[p.name] for p in get_query(query).params}
    # the sorted answer from the on-disk store: the memory store gives the same rows
    # (tests/test_queries.py::test_both_stores_give_the_same_answers), and on rdflib's memory
    # store some of these reports take seconds, so each is asked there once, streamed
    answer = _kg(disk_store).query(query, params)
    streamed = kg.stream(query, params)
    assert streamed.variables == answer.variables
    assert Counter(map(_key, streamed)) == Counter(map(_key, answer.rows))


def test_the_order_by_is_dropped_and_only_that():
    for query in list_queries():
        text = without_order(query.text)
        assert "ORDER BY" not in text.upper().split("}")[-1]
        assert text == query.text[:len(text) - 1] + "\n" or text == query.text
    with pytest.raises(QueryError, match="LIMIT or OFFSET"):
        without_order("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 10")
    inner = "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 2 } }"
    assert without_order(inner) == inner  # a sub-select's ORDER BY ... LIMIT stays


class _Out(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.flushed_at: list[int] = []

    def flush(self) -> None:
        self.flushed_at.append(len(self.getvalue()))


def test_the_first_row_is_written_before_the_next_is_asked_for():
    out = _Out()

    def rows():
        from rdflib import Literal

        yield (Literal("first"),)
        assert "first" in out.getvalue() and out.flushed_at, "the first row waited for the second"
        yield (Literal("second"),)

    assert write_stream(["x"], rows(), "csv", out) == 2
    assert out.getvalue() == "x\nfirst\nsecond\n"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_kg_query_stream_writes_every_row(run_cli, disk_store, fmt):
    result = run_cli("--store", disk_store, "query", "events-timeline", "--stream", "--format", fmt)
    assert result.exit_code == 0, result.output
    expected = _kg(disk_store).query("events-timeline").rows
    if fmt == "json":
        rows = json.loads(result.output)["results"]["bindings"]
        assert Counter(r["event"]["value"] for r in rows) == Counter(r["event"] for r in expected)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert Counter(r["event"] for r in rows) == Counter(r["event"] for r in expected)
    else:
        lines = result.output.splitlines()
        assert lines[0].startswith("?event\t?eventLabel")
        events = Counter(line.split("\t")[0] for line in lines[1:])
        assert events == Counter(f"<{r['event']}>" for r in expected)


def test_kg_query_stream_refuses_a_table_before_running(run_cli, disk_store):
    result = run_cli("--store", disk_store, "query", "network-edges", "--stream")
    assert result.exit_code == 2
    assert "a table needs every row first" in result.output


def test_kg_query_stream_exits_1_for_a_violation_with_rows(run_cli, disk_store, tmp_path):
    check = tmp_path / "alliance-violation.rq"
    check.write_text("# name: alliance-violation\nPREFIX kg: <https://w3id.org/armed-groups-kg/ontology#>\n"
                     "SELECT ?a WHERE { ?a a kg:Alliance } ORDER BY ?a\n", encoding="utf-8")
    result = run_cli("--store", disk_store, "query", str(check), "--stream", "--format", "csv")
    assert result.exit_code == 1
    assert "jaish-al-fath" in result.output


def test_only_select_rows_stream(disk_store, tmp_path):
    construct = tmp_path / "everything.rq"
    construct.write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s\n", encoding="utf-8")
    with pytest.raises(InputError, match="only SELECT"):
        _kg(disk_store).stream(str(construct))
