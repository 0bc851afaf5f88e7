"""The UCDP importer's relations (splinters, renamings, alliances, joins, coalitions) on the real
file in ../shared/data: one store for the module, imported once (the tests run in file order;
the analyst's link comes last)."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil

import pytest
from rdflib import Literal
from rdflib.namespace import PROV, RDF, SKOS

from kg.namespaces import ID, KG

from .conftest import shared_data
from .test_importers import UCDP, _real_data  # noqa: F401  (skips without the shared data)

SOURCE = ID["src-ucdp-actor-22-1"]


def rows() -> dict[str, tuple[int, dict[str, str]]]:
    """The file's rows by ActorId, with their row number (the header is row 1)."""
    with UCDP.open(encoding="utf-8-sig", newline="") as f:
        return {r["ActorId"].strip(): (n, r) for n, r in enumerate(csv.DictReader(f), start=2)}


def values(cell: str) -> list[str]:
    return [v.strip() for v in (cell or "").split(", ") if v.strip()]


def syrian(r: dict[str, str]) -> bool:
    return "Syria" in values(r["Location"]) and r["Org"] == "1"


@pytest.fixture(scope="module")
def imported(article_store, tmp_path_factory):
    """The published UCDP file imported onto the seed article's graph (the bundled graph has
    its Syrian subset already: tests/test_bundled_datasets.py)."""
    from kg.importers.ucdp import import_ucdp
    from kg.store import open_graph, parse_location

    shared_data(UCDP.name)  # a module fixture runs before the autouse check: skip (or fail in CI) here too
    path = tmp_path_factory.mktemp("ucdp") / "s"
    shutil.copytree(parse_location(article_store).path, path)
    location = f"oxigraph:{path}"
    report, change = import_ucdp(location, UCDP)
    return location, report, change, open_graph(location)


def actor(graph, ident: str):
    found = set(graph.subjects(KG.ucdpActorId, Literal(ident)))
    assert len(found) == 1, (ident, found)
    return found.pop()


def statements(graph, subject, kind, qualifier, obj) -> list:
    return [s for s in graph.subjects(KG.actor, subject)
            if (s, RDF.type, kind) in graph and (s, KG.object, obj) in graph and (s, None, qualifier) in graph]


def ucdp_statement(graph, subject, kind, qualifier, obj):
    found = [s for s in statements(graph, subject, kind, qualifier, obj) if (s, PROV.wasDerivedFrom, SOURCE) in graph]
    assert len(found) == 1, (subject, kind, qualifier, obj, found)
    return found[0]


def test_each_relation_type_on_real_rows(imported):
    _, _, _, graph = imported
    everything = rows()
    seen = {"Splinter": 0, "Alliance": 0, "JoinGroup": 0, "NSCoalitionID": 0}
    for ident, (_, r) in everything.items():
        if not syrian(r) or not set(graph.subjects(KG.ucdpActorId, Literal(ident))):
            continue
        me = actor(graph, ident)
        if r["Splinter"] == "1":
            for other in values(r["ActorIdPrev"]):
                ucdp_statement(graph, me, KG.LineageStatement, KG.SplitFrom, actor(graph, other))
                seen["Splinter"] += 1
        if r["Alliance"] == "1":
            for other in values(r["ActorIdAlliance"]):
                alliance = actor(graph, other)
                assert (alliance, RDF.type, KG.Alliance) in graph
                ucdp_statement(graph, me, KG.MembershipStatement, KG.Member, alliance)
                seen["Alliance"] += 1
        if r["JoinGroup"] == "1" and len(values(r["ActorIdGroup"])) == 1:
            ucdp_statement(graph, me, KG.LineageStatement, KG.MergedInto, actor(graph, r["ActorIdGroup"].strip()))
            seen["JoinGroup"] += 1
        for coalition in values(r["NSCoalitionID"]):
            node = set(graph.subjects(KG.ucdpCoalitionId, Literal(coalition)))
            assert len(node) == 1
            ucdp_statement(graph, me, KG.MembershipStatement, KG.Member, node.pop())
            seen["NSCoalitionID"] += 1
    assert all(seen.values()), seen


def test_a_join_of_several_groups_is_reported_not_guessed(imported):
    _, report, _, graph = imported
    several = [i for i, (_, r) in rows().items() if syrian(r) and r["JoinGroup"] == "1" and len(values(r["ActorIdGroup"])) > 1]
    assert several
    for ident in several:
        assert any(rec.startswith(f"UCDP {ident} ") and "JoinGroup names" in why for rec, why in report.skipped)
        assert not [s for s in graph.subjects(KG.actor, actor(graph, ident)) if (s, KG.lineageType, KG.MergedInto) in graph]


def test_renaming_where_the_graph_keeps_two_actors_gains_the_ucdp_source(imported):
    _, _, _, graph = imported
    nusra, jfs = ID["al-nusra-front"], ID["jabhat-fateh-al-sham"]
    found = statements(graph, nusra, KG.LineageStatement, KG.RenamedTo, jfs)
    assert len(found) == 1  # the seed's dated renaming, corroborated, not a second statement
    assert (found[0], PROV.wasDerivedFrom, SOURCE) in graph
    assert any("NameChange" in str(n) and "the row of actor" in str(n) for n in graph.objects(found[0], KG.note))


def test_related_actors_outside_the_country_are_matched_or_created(imported):
    _, _, _, graph = imported
    everything = rows()
    named = set()
    for ident, (_, r) in everything.items():
        if syrian(r) and set(graph.subjects(KG.ucdpActorId, Literal(ident))):
            for column, flag in (("ActorIdPrev", "Splinter"), ("ActorIdAlliance", "Alliance")):
                if r[flag] == "1":
                    named |= set(values(r[column]))
    outside = {i for i in named if i not in everything or not syrian(everything[i][1])}
    for ident in named:
        actor(graph, ident)  # each exactly once
    assert outside is not None


def test_every_imported_relation_names_its_row(imported):
    _, _, _, graph = imported
    everything = rows()
    undated = set(graph.subjects(KG.coverageFrom, None))
    assert len(undated) > 100
    for st in undated:
        notes = " ".join(str(n) for n in graph.objects(st, KG.note))
        found = re.findall(r"UCDP Actor Dataset 22\.1, the row of actor (\d+):", notes)
        assert found, (st, notes)
        for ident in found:
            assert ident in everything  # the row's key: the same in the published file and the bundled subset
        assert (st, PROV.wasDerivedFrom, SOURCE) in graph


def test_coalition_6380_has_the_members_ucdp_codes(imported):
    from kg.ties import ties

    _, _, _, graph = imported
    coded = {i for i, (_, r) in rows().items() if syrian(r) and "6380" in values(r["NSCoalitionID"])}
    assert len(coded) == 7
    expected = {str(graph.value(actor(graph, i), SKOS.prefLabel)) for i in coded}
    found = ties(graph, "UCDP coalition 6380")
    members = {t.other for t in found.ties if t.group == "members"}
    assert members == expected
    assert all(t.sources == ["UCDP actors 22.1"] for t in found.ties)




def test_undated_ties_are_never_certain_and_possible_only_within_coverage(imported):
    from kg.ties import ties

    _, _, _, graph = imported
    listed = ties(graph, "Sham Legion")
    coalitions = [t for t in listed.ties if t.group == "alliances" and t.other.startswith("UCDP coalition")]
    codes = values(rows()["6404"][1]["NSCoalitionID"])
    assert sorted(t.other for t in coalitions) == sorted(f"UCDP coalition {c}" for c in codes)
    for t in coalitions:
        assert t.bounds.never_certain and t.span.startswith("undated")
    on_day = ties(graph, "Sham Legion", dt.date(2016, 6, 1))
    during = [t for t in on_day.ties if t.other.startswith("UCDP coalition")]
    assert len(during) == len(codes) and {t.certainty for t in during} == {"possibly in force"}
    after = ties(graph, "Sham Legion", dt.date(2023, 1, 1))
    assert not [t for t in after.ties if t.other.startswith("UCDP coalition")]


def test_reimport_adds_nothing(imported):
    from kg.importers.ucdp import import_ucdp

    location, _, first, _ = imported
    assert first.added > 0
    _, again = import_ucdp(location, UCDP)
    assert again.added == 0


def test_an_analysts_link_shows_the_coalition_with_jaish_al_fath(imported, tmp_path):
    from kg.importers.statements import import_statements
    from kg.store import open_graph
    from kg.ties import ties

    location, _, _, graph = imported
    before = {t.other for t in ties(graph, "Jaish al-Fath").ties if t.group == "members"}
    coalition = {t.other for t in ties(graph, "UCDP coalition 6380").ties if t.group == "members"}
    link = tmp_path / "link.csv"
    link.write_text(
        "subject,relation,object,start,end,source_title,source_publisher,source_date,source_url,kind,id,ucdp_coalition\n"
        "Jaish al-Fath,,,,,TEST note linking a coalition,Example Research (TEST),2020-01-01,"
        "https://example.org/test-only/coalition,alliance,id:jaish-al-fath,6380\n", encoding="utf-8")
    import_statements(location, link)
    after = ties(open_graph(location), "Jaish al-Fath")
    via = [t for t in after.ties if t.group == "members" and t.via]
    assert {t.other for t in via} == coalition
    for t in via:
        assert "UCDP actors 22.1" in t.sources and "Example Research (TEST)" in t.via and "UCDP coalition 6380" in t.via
    assert before <= {t.other for t in after.ties if t.group == "members"}
    from kg.queries import get_query, run
    rows = [(str(r.otherLabel), str(r.coalition), str(r.sourceName))
            for r in run(open_graph(location), get_query("same-coalition"), {"actor": "Jaish al-Fath"})]
    assert {(label, coalition) for label, coalition, _ in rows} == {("UCDP coalition 6380", "6380")}
    sources = {source for _, _, source in rows}  # each side's ID with its source: the dataset's and the analyst's
    assert "UCDP actors 22.1" in sources and any(s.startswith("Example Research (TEST)") for s in sources)
