"""``db.queries()``: a short table of the named queries (name, parameters, one line of
description), each query's full text one step away."""

from __future__ import annotations

import pytest

import kg
from kg.queries import list_queries


def test_the_listing_is_a_short_table_with_every_query_on_one_line():
    queries = kg.KG("memory").queries()  # no store is read: the queries are files
    shown = repr(queries)
    lines = shown.splitlines()
    assert lines[0].split() == ["name", "parameters", "description"]
    assert len(lines) == len(queries) + 1 == len(list_queries()) + 1
    for query, line in zip(queries, lines[1:]):
        assert line.startswith(query.name + " ")
        for param in query.params:
            assert param.name in line
    assert "SELECT" not in shown and "PREFIX" not in shown
    assert max(len(line) for line in lines) < 140  # a line each, never the SPARQL text
    assert str(queries) == shown and "<table>" in queries._repr_html_()


def test_the_full_text_is_reachable_by_name_and_a_typo_gets_suggestions():
    queries = kg.KG("memory").queries()
    control_at = queries["control-at"]
    assert control_at.sparql == control_at.text and "SELECT" in control_at.sparql
    assert control_at.signature() == "place, date"
    assert "SELECT" not in repr(control_at)  # one query's repr is short too
    assert isinstance(queries, list) and queries[0] is next(iter(queries))  # still a list
    with pytest.raises(KeyError, match="did you mean: control-at"):
        queries["control_at"]


def test_optional_parameters_are_bracketed():
    optional = [q for q in list_queries() if any(p.optional for p in q.params)]
    for query in optional:
        for param in query.params:
            assert (f"[{param.name}]" in query.signature()) == param.optional
