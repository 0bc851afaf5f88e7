"""The time rule (kg/timespan.py) and the worked examples of docs/ontology.md, section 3, one
test each, on the seed article's graph (kg build --seeds-only); every date query applies the rule with the same lines."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.lineage import lineage
from kg.network import connect
from kg.queries import list_queries
from kg.spans import IN_FORCE_SPARQL, Existence, StatementSpan, lifetimes, rivals, spans
from kg.ties import control, ties
from kg.timespan import (
    EARLIEST,
    IN_FORCE,
    LATEST,
    NOT_IN_FORCE,
    POSSIBLY,
    Bounds,
    bounds,
    certainty,
    clamp,
    narrow,
    reason,
    reported,
)

from .conftest import REPO

D = dt.date.fromisoformat


def on(span: Bounds, *days: str) -> list[str]:
    return [certainty(span, D(day)) for day in days]


# --- the rule, row by row of the table in docs/ontology.md ---------------------------------------


def test_a_day_start_and_end_are_certain_and_the_end_is_exclusive():
    span = bounds(D("2015-03-01"), D("2015-03-10"))
    assert span == Bounds(D("2015-03-01"), D("2015-03-10"), D("2015-03-01"), D("2015-03-10"))
    assert on(span, "2015-02-28", "2015-03-01", "2015-03-09", "2015-03-10") == [
        NOT_IN_FORCE, IN_FORCE, IN_FORCE, NOT_IN_FORCE]


def test_a_month_or_year_start_is_certain_from_the_last_day_of_its_period():
    assert bounds(D("2016-07-01"), D("2020-01-01"), start_precision="Month").certain_from == D("2016-07-31")
    year = bounds(D("2011-01-01"), D("2020-01-01"), start_precision="Year")
    assert (year.certain_from, year.possible_from) == (D("2011-12-31"), D("2011-01-01"))


def test_a_month_end_is_possible_until_the_last_day_of_its_month():
    span = bounds(D("2015-01-01"), D("2016-07-01"), end_precision="Month")
    assert (span.certain_until, span.possible_until) == (D("2016-07-01"), D("2016-07-31"))
    assert on(span, "2016-06-30", "2016-07-15", "2016-07-31") == [IN_FORCE, POSSIBLY, NOT_IN_FORCE]


def test_bounds_on_the_start():
    not_before = bounds(D("2015-03-24"), None, start_bound="NotBefore")
    assert not_before.never_certain and not_before.possible_from == D("2015-03-24")
    attested = bounds(D("2015-03-24"), None, start_bound="NotBefore", attested=D("2015-03-30"))
    assert (attested.certain_from, attested.certain_until) == (D("2015-03-30"), D("2015-03-31"))
    not_after = bounds(D("2011-01-01"), D("2015-03-29"), start_precision="Year", start_bound="NotAfter")
    assert not_after == Bounds(D("2011-12-31"), D("2015-03-29"), EARLIEST, D("2015-03-29"))


def test_bounds_on_the_end():
    by = bounds(None, D("2015-03-30"), end_bound="NotAfter")
    assert by.never_certain and (by.possible_from, by.possible_until) == (EARLIEST, D("2015-03-30"))
    held_then_lost_by = bounds(D("2015-01-01"), D("2015-03-30"), end_bound="NotAfter", attested=D("2015-02-01"))
    assert (held_then_lost_by.certain_from, held_then_lost_by.certain_until) == (D("2015-01-01"), D("2015-02-02"))
    not_before = bounds(D("2015-01-01"), D("2015-03-30"), end_bound="NotBefore")
    assert (not_before.certain_until, not_before.possible_until) == (D("2015-03-30"), LATEST)


def test_an_open_end_is_certain_as_far_as_the_sources_go():
    only_start = bounds(D("2015-03-29"), None)
    assert (only_start.certain_from, only_start.certain_until, only_start.possible_until) == (
        D("2015-03-29"), D("2015-03-30"), LATEST)
    vouched = bounds(D("2015-03-29"), None, vouched=D("2015-04-10"))
    assert vouched.certain_until == D("2015-04-11")
    older_source = bounds(D("2015-03-29"), None, vouched=D("2015-01-01"))  # a source older than the start
    assert older_source.certain_until == D("2015-03-30")


def test_as_of_a_day_is_certain_that_day_only():
    span = bounds(None, None, attested=D("2015-03-30"))
    assert span == Bounds(D("2015-03-30"), D("2015-03-31"), EARLIEST, LATEST)
    assert bounds(None, None).never_certain  # undated: possible on any day, never certain


def test_a_lasting_statement_stays_in_force():
    span = bounds(D("2016-07-01"), None, start_precision="Month", lasting=True)
    assert span == Bounds(D("2016-07-31"), LATEST, D("2016-07-01"), LATEST)


def test_a_rival_narrows_the_possible_span_from_the_outside_only():
    own = Bounds(D("2015-03-29"), D("2015-03-31"), D("2015-03-29"), LATEST)
    later = Bounds(D("2017-07-23"), D("2017-07-24"), D("2017-07-23"), LATEST)
    earlier = Bounds(D("2011-12-31"), D("2015-03-29"), EARLIEST, D("2015-03-29"))
    assert narrow(own, [later, earlier]) == Bounds(D("2015-03-29"), D("2015-03-31"), D("2015-03-29"), D("2017-07-23"))
    never = Bounds(LATEST, LATEST, EARLIEST, D("2015-03-30"))
    assert narrow(never, [later]) == never  # where to cut would be a guess


def test_existence_cuts_the_possible_span_never_the_certain_one():
    as_of = bounds(None, None, attested=D("2015-03-29"))
    assert clamp(as_of, D("2015-03-24"), LATEST) == Bounds(D("2015-03-29"), D("2015-03-30"), D("2015-03-24"), LATEST)
    # a source that reports it held before the founding wins over the inferred existence
    assert clamp(as_of, D("2015-04-01"), LATEST).possible_from == D("2015-03-29")
    never = bounds(None, D("2015-03-30"), end_bound="NotAfter")
    assert clamp(never, D("2013-01-01"), LATEST) == Bounds(LATEST, LATEST, D("2013-01-01"), D("2015-03-30"))
    assert clamp(never, D("2016-01-01"), LATEST) == never  # dates that disagree stand, to be looked at


def st(name: str, kind: str, actor: str, obj: str, qualifier: str | None = None, start: str | None = None,
       precision: str | None = None, attested: str | None = None) -> StatementSpan:
    return StatementSpan(name, kind, actor, obj, qualifier, start and D(start), None, start_precision=precision,
                         attested=attested and D(attested))


def test_what_founding_dissolution_and_lineage_say_about_existence():
    found = lifetimes(
        [st("r", "LineageStatement", "old", "new", "RenamedTo", "2016-07-01", "Month"),
         st("m", "LineageStatement", "part", "whole", "MergedInto", "2018-05-02"),
         st("s", "LineageStatement", "heir", "gone", "SucceededBy", "2017-01-01", "Year"),
         st("x", "LineageStatement", "splinter", "trunk", "SplitFrom", "2013-09-01", "Month")],
        [Existence("alliance", "founds", D("2015-03-24"), D("2015-03-24")),
         Existence("alliance", "dissolves", D("2017-01-01"), None, start_precision="Month"),
         Existence("group", "founds", None, D("2012-01-24"), end_bound="NotAfter")])
    assert found["new"] == (D("2016-07-01"), LATEST)  # the new name: from the first day the renaming may be
    assert found["old"] == (EARLIEST, D("2016-07-31"))  # the old one: until the renaming is certain
    assert found["part"] == (EARLIEST, D("2018-05-02"))
    assert found["heir"] == (EARLIEST, D("2017-12-31"))
    assert "whole" not in found and "gone" not in found  # a merger or a succession does not date the other side
    assert "splinter" not in found and "trunk" not in found  # nor does a split: the splinter may have been a faction
    assert found["alliance"] == (D("2015-03-24"), D("2017-02-01"))
    assert found["group"] == (EARLIEST, LATEST)  # founded "by" a day: no earliest day


def test_a_statement_holds_only_while_its_actor_and_object_exist():
    found = spans([st("hostile", "HostilityStatement", "alliance", "gov", attested="2015-03-29"),
                   st("leads", "MembershipStatement", "old", "alliance", "Leader", attested="2015-04-25"),
                   st("renamed", "LineageStatement", "old", "new", "RenamedTo", "2016-07-01", "Month")],
                  [Existence("alliance", "founds", D("2015-03-24"), D("2015-03-24"))])
    assert found["hostile"] == Bounds(D("2015-03-29"), D("2015-03-30"), D("2015-03-24"), LATEST)
    assert found["leads"] == Bounds(D("2015-04-25"), D("2015-04-26"), D("2015-03-24"), D("2016-07-31"))
    assert found["renamed"] == Bounds(D("2016-07-31"), LATEST, D("2016-07-01"), LATEST)  # the change itself stays


def test_which_statements_are_rivals():
    assert rivals(st("a", "ControlStatement", "x", "p"), st("b", "ControlStatement", "y", "p"))
    assert not rivals(st("a", "ControlStatement", "x", "p"), st("b", "ControlStatement", "x", "p"))
    assert rivals(st("a", "CooperationStatement", "x", "y"), st("b", "HostilityStatement", "y", "x"))
    assert rivals(st("a", "AffiliationStatement", "x", "o", "Branch"), st("b", "AffiliationStatement", "x", "q", "Branch"))
    assert not rivals(st("a", "AffiliationStatement", "x", "o", "Branch"),
                      st("b", "AffiliationStatement", "x", "q", "Allegiance"))
    assert rivals(st("a", "MembershipStatement", "x", "al", "Member"), st("b", "MembershipStatement", "x", "al", "Leader"))
    assert not rivals(st("a", "LineageStatement", "x", "y", "SplitFrom"), st("b", "LineageStatement", "x", "z", "SplitFrom"))
    found = spans([StatementSpan("a", "ControlStatement", "x", "p", None, D("2015-03-29"), None),
                   StatementSpan("b", "ControlStatement", "y", "p", None, D("2017-07-23"), None)])
    assert found["a"].possible_until == D("2017-07-23")


def test_every_date_query_applies_the_rule_with_the_same_lines():
    dated = [q for q in list_queries() if any(p.type == "date" for p in q.params)]
    assert {q.name for q in dated} >= {"ties-at", "control-at", "alliance-members-at"}
    for query in dated:
        assert IN_FORCE_SPARQL in query.text, query.name
        assert "?certainty" in query.text.split("WHERE")[0], query.name
    assert IN_FORCE_SPARQL in (REPO / "docs" / "ontology.md").read_text(encoding="utf-8")  # documented as run


# --- the worked examples, on the bundled graph ----------------------------------------------------


def held(graph, place: str, day: str) -> list[tuple[str, str, str | None]]:
    return [(r.place, r.controller, r.certainty) for r in control(graph, place, D(day)).rows]


GOV, JAF = "Syrian government forces", "Jaish al-Fath"


@pytest.mark.parametrize("day,expected", [
    ("2015-03-28", [("Idlib", GOV, IN_FORCE)]),
    ("2011-12-31", [("Idlib", GOV, IN_FORCE)]),
    ("2011-06-01", [("Idlib", GOV, POSSIBLY)]),
    ("2010-06-01", [("Idlib", GOV, POSSIBLY)]),
])
def test_example_1_held_since_2011(article_memory_graph, day, expected):
    assert held(article_memory_graph, "Idlib", day) == expected


@pytest.mark.parametrize("day,expected", [
    ("2015-03-29", [("Idlib", JAF, IN_FORCE)]),
    ("2015-03-30", [("Idlib", JAF, IN_FORCE)]),
    ("2015-04-01", [("Idlib", JAF, POSSIBLY)]),
    ("2019-01-01", [("Idlib", JAF, POSSIBLY)]),
])
def test_example_2_captured_and_held_as_of_the_article(article_memory_graph, day, expected):
    assert held(article_memory_graph, "Idlib", day) == expected


def test_example_3_as_of_the_article(article_memory_graph):
    def raqqa_governorate(day: str) -> list:
        return [r for r in held(article_memory_graph, "Raqqa Governorate", day) if r[0] == "Raqqa Governorate"]

    assert raqqa_governorate("2015-03-30") == [("Raqqa Governorate", "Islamic State", IN_FORCE)]
    assert raqqa_governorate("2015-03-15") == [("Raqqa Governorate", "Islamic State", POSSIBLY)]
    assert raqqa_governorate("2016-01-01") == [("Raqqa Governorate", "Islamic State", POSSIBLY)]


def test_example_4_lost_by_the_article_start_unknown(article_memory_graph):
    assert held(article_memory_graph, "Raqqa", "2015-03-15") == [("Raqqa", GOV, POSSIBLY)]
    assert held(article_memory_graph, "Raqqa", "1990-01-01") == [("Raqqa", GOV, POSSIBLY)]
    assert held(article_memory_graph, "Raqqa", "2015-03-30") == []
    idlib_governorate = [r for r in held(article_memory_graph, "Idlib Governorate", "1990-01-01") if r[0] == "Idlib Governorate"]
    assert idlib_governorate == [("Idlib Governorate", GOV, POSSIBLY)]


def test_example_5_members_named_after_the_announcement(article_memory_graph):
    def ahrar(day: str) -> list:
        return [(t.other, t.certainty) for t in ties(article_memory_graph, "Ahrar al-Sham", D(day)).ties]

    assert ahrar("2015-03-23") == []
    assert ahrar("2015-03-27") == [(JAF, POSSIBLY)]
    assert ahrar("2015-03-30") == [(JAF, IN_FORCE)]
    found = connect(article_memory_graph, "Ahrar al-Sham", "al-Qaeda", at=D("2015-03-27"))
    assert [[(h.relation, h.certainty) for h in path] for path in found.paths] == [
        [("member of", POSSIBLY), ("leads", POSSIBLY), ("branch of", POSSIBLY)]]


@pytest.mark.parametrize("day,expected", [
    ("2014-06-01", POSSIBLY),
    ("2015-03-30", IN_FORCE),
    ("2016-06-30", IN_FORCE),
    ("2016-07-15", POSSIBLY),
    ("2016-09-01", None),
])
def test_example_6_an_affiliation_ended_on_someones_word(article_memory_graph, day, expected):
    found = [t for t in ties(article_memory_graph, "al-Nusra", D(day)).ties if t.relation == "branch of"]
    assert [t.certainty for t in found] == ([] if expected is None else [expected])
    for tie in found:
        assert tie.end_claimant == "Abu Mohammed al-Jawlani"
        assert tie.end_sources == ["UN SC list, 2018-10-29"]
        assert tie.status == "reported; end claimed by Abu Mohammed al-Jawlani"


@pytest.mark.parametrize("day,names", [
    ("2016-06-01", [("al-Nusra Front", IN_FORCE)]),
    ("2016-07-15", [("al-Nusra Front", POSSIBLY), ("Jabhat Fateh al-Sham", POSSIBLY)]),
    ("2016-09-01", [("Jabhat Fateh al-Sham", IN_FORCE)]),
])
def test_example_7_the_name_in_use_on_a_day(article_memory_graph, day, names):
    found = lineage(article_memory_graph, "al-Nusra", D(day))
    assert [(n.name, n.certainty) for n in found.in_use] == names
    assert [(n.name, n.since, n.until) for n in found.names] == [  # (succeeded by HTS: the last name ends)
        ("al-Nusra Front", "?", "2016-07"), ("Jabhat Fateh al-Sham", "2016-07", "2017-01")]
    assert [(s.actor, s.relation, s.other, s.when) for s in found.steps] == [
        ("Jund al-Aqsa", "split from", "al-Nusra Front", "2013-09"),
        ("al-Nusra Front", "renamed to", "Jabhat Fateh al-Sham", "2016-07"),
        ("Jabhat Fateh al-Sham", "succeeded by", "Hay'at Tahrir al-Sham", "2017-01"),
    ]


def test_example_7_ties_follow_the_renaming_only_when_asked(article_memory_graph):
    plain = ties(article_memory_graph, "Jabhat Fateh al-Sham")
    assert {(t.relation, t.other) for t in plain.ties} == {
        ("renamed from", "al-Nusra Front"), ("succeeded by", "Hay'at Tahrir al-Sham")}
    followed = ties(article_memory_graph, "Jabhat Fateh al-Sham", lineage=True)
    via = {(t.relation, t.other, t.via) for t in followed.ties if t.via}
    assert ("leads", JAF, "al-Nusra Front") in via and ("branch of", "al-Qaeda", "al-Nusra Front") in via


@pytest.fixture(scope="module")
def later_graph(tmp_path_factory):
    """The bundled seeds and two made-up later statements: a new holder of Idlib (example 8)
    and a restatement of al-Nusra's lead of Jaish al-Fath as of 2015-04-25 (example 10)."""
    from kg.build import build
    from kg.store import open_graph

    from .conftest import seeds_with

    tmp_path = tmp_path_factory.mktemp("later")
    seeds = seeds_with(tmp_path, "statements.ttl", lambda text: text + """
id:st-test-hts-controls-idlib-city a kg:ControlStatement ;
    kg:actor id:hayat-tahrir-al-sham ; kg:object id:idlib-city ;
    kg:start "2017-07-23"^^xsd:date ; kg:startPrecision kg:Day ;
    prov:wasDerivedFrom id:src-france24-2015-03-30 ;
    kg:note "TEST ONLY: a made-up later holder for the worked example."@en .

id:st-test-nusra-leads-jaish-al-fath-again a kg:MembershipStatement ;
    kg:actor id:al-nusra-front ; kg:object id:jaish-al-fath ; kg:role kg:Leader ;
    kg:attested "2015-04-25"^^xsd:date ;
    prov:wasDerivedFrom id:src-france24-2015-03-30 ;
    kg:note "TEST ONLY: a made-up restatement, as an extracted row gives it."@en .
""")
    location = f"oxigraph:{tmp_path / 'store'}"
    build(location, seeds, datasets=False)
    return open_graph(location)


def test_example_8_a_new_holder_narrows_an_open_span(later_graph):
    assert held(later_graph, "Idlib", "2017-07-22") == [("Idlib", JAF, POSSIBLY)]
    assert held(later_graph, "Idlib", "2017-07-23") == [("Idlib", "Hay'at Tahrir al-Sham", IN_FORCE)]


@pytest.mark.parametrize("day,expected", [
    ("2010-01-01", None),
    ("2015-03-23", None),
    ("2015-03-24", POSSIBLY),
    ("2015-03-29", IN_FORCE),
    ("2020-01-01", POSSIBLY),
])
def test_example_9_an_alliance_exists_from_its_announcement(article_memory_graph, day, expected):
    found = [(t.relation, t.other, t.certainty) for t in ties(article_memory_graph, JAF, D(day)).ties if t.relation == "hostile to"]
    assert found == ([] if expected is None else [("hostile to", GOV, expected)])


@pytest.mark.parametrize("day,expected", [
    ("2010-01-01", []),
    ("2015-03-24", [POSSIBLY, POSSIBLY]),
    ("2015-04-25", [POSSIBLY, IN_FORCE]),
    ("2016-07-15", [POSSIBLY, POSSIBLY]),
    ("2016-07-31", []),
    ("2020-01-01", []),
])
def test_example_10_a_renaming_ends_the_old_names_ties(later_graph, day, expected):
    found = [t for t in ties(later_graph, "al-Nusra", D(day)).ties if t.relation == "leads"]
    assert sorted(t.certainty for t in found) == sorted(expected)
    followed = ties(later_graph, "Jabhat Fateh al-Sham", D(day), lineage=True)
    via = [t.certainty for t in followed.ties if t.via == "al-Nusra Front" and t.relation == "leads"]
    assert sorted(via) == sorted(expected)  # followed through the renaming: the same, never after it


def test_example_11_an_act_that_shows_who_held_a_place(article_memory_graph):
    def jisr(day: str) -> list:
        return [(r.controller, r.certainty, r.claimant, r.reason)
                for r in control(article_memory_graph, "Jisr al-Shughour", D(day)).rows]

    assert jisr("2015-03-30") == [(GOV, IN_FORCE, "Wassim Nasr", None)]
    assert jisr("2015-04-01") == [(GOV, POSSIBLY, "Wassim Nasr", "no later report")]
    assert jisr("2015-03-01") == [(GOV, POSSIBLY, "Wassim Nasr", "start unknown")]
    row = control(article_memory_graph, "Jisr al-Shughour", D("2015-04-01")).rows[0]
    assert (row.span, row.status) == ("by 2015-03-30 –", "claimed by Wassim Nasr")
    assert "several days" in (row.note or "")


def test_example_12_a_place_sees_its_containers_never_as_its_own_holders(article_memory_graph):
    found = control(article_memory_graph, "Raqqa", D("2015-03-30"))
    assert found.rows == []  # the government's hold of the city ended by then
    assert [(r.via, r.controller, r.certainty) for r in found.containers] == [
        ("Raqqa Governorate", "Islamic State", IN_FORCE)]
    data = found.as_dict()
    assert data["control"] == [] and data["via_containers"][0]["via"] == "Raqqa Governorate"
    # asked about the governorate itself, its holder is its own, not "via"
    own = control(article_memory_graph, "Raqqa Governorate", D("2015-03-30"))
    assert [(r.place, r.controller, r.via) for r in own.rows] == [("Raqqa Governorate", "Islamic State", None)]
    assert own.containers == []  # Syria: no holder recorded
    from kg.render import control_table

    table = control_table(found)
    assert table.index("no control is recorded on that day") < table.index("VIA THE PLACES THAT CONTAIN IT")


def test_example_13_every_possibly_says_why(article_memory_graph, later_graph, monkeypatch):
    idlib = control(article_memory_graph, "Idlib", D("2015-04-01")).rows[0]
    assert (idlib.certainty, idlib.reason) == (POSSIBLY, "no later report")
    assert reported(idlib.bounds) == (D("2015-03-29"), D("2015-03-30"))
    later = control(later_graph, "Idlib", D("2017-07-22")).rows[0]
    assert later.reason == "no later report; Hay'at Tahrir al-Sham from 2017-07-23"
    raqqa = control(article_memory_graph, "Raqqa", D("2015-03-15")).rows[0]
    assert raqqa.reason == "no day reported; start unknown; ended by 2015-03-30, the day unknown"
    assert reported(raqqa.bounds) == (None, None)
    record = control(article_memory_graph, "Idlib", D("2015-04-01")).as_dict()["control"][0]
    assert (record["first_reported"], record["last_reported"], record["reason"]) == (
        "2015-03-29", "2015-03-30", "no later report")
    from kg.render import control_table

    monkeypatch.setenv("COLUMNS", "250")  # one line a row
    assert "possibly; held, last reported 2015-03-30; no later report; reported" in \
        control_table(control(article_memory_graph, "Idlib", D("2015-04-01")))


def test_reasons_tell_an_open_end_from_a_month_end_and_from_a_rival():
    month_end = bounds(None, D("2016-07-01"), end_precision="Month", attested=D("2015-03-30"))
    assert reason(month_end, D("2016-07-15"), end=D("2016-07-01"), end_precision="Month") == \
        "end known only to the month"
    assert reason(month_end, D("2014-06-01"), end=D("2016-07-01"), end_precision="Month") == "start unknown"
    assert reason(month_end, D("2015-06-01"), end=D("2016-07-01"), end_precision="Month") is None  # in force
    open_end = bounds(D("2015-03-29"), None)
    rival = bounds(D("2015-04-10"), None)
    assert reason(open_end, D("2015-04-01"), start=D("2015-03-29")) == "no later report"
    assert reason(open_end, D("2015-04-01"), start=D("2015-03-29"), rivals=[("X", rival)]) == "no later report"
    never = bounds(None, D("2015-05-01"), end_bound="NotAfter")
    assert reason(never, D("2015-04-10"), end=D("2015-05-01"), end_bound="NotAfter", rivals=[("X", rival)]) == \
        "no day reported; start unknown; ended by 2015-05-01, the day unknown; contradicted by X from 2015-04-10"
    maybe_rival = bounds(None, D("2015-05-01"), end_bound="NotAfter")
    assert reason(open_end, D("2015-04-01"), start=D("2015-03-29"), rivals=[("Y", maybe_rival)]) == \
        "no later report; Y possibly, too"
    assert reason(bounds(D("2015-03-24"), None, start_bound="NotBefore", attested=D("2015-03-30")), D("2015-03-27"),
                  start=D("2015-03-24"), start_bound="NotBefore") == "began not before 2015-03-24"
    assert reason(bounds(D("2011-01-01"), D("2015-03-29"), start_precision="Year"), D("2011-06-01"),
                  start=D("2011-01-01"), start_precision="Year") == "start known only to the year"


def test_ties_say_why_and_name_the_claims_medium(article_memory_graph, monkeypatch):
    found = ties(article_memory_graph, "al-Nusra", D("2016-07-15"))
    branch = next(t for t in found.ties if t.relation == "branch of")
    assert (branch.certainty, branch.reason) == (POSSIBLY, "end known only to the month")
    leads = next(t for t in found.ties if t.relation == "leads")
    assert leads.reason == "no later report"
    record = next(r for r in found.as_dict()["ties"] if r["relation"] == "leads")
    assert (record["first_reported"], record["last_reported"]) == ("2015-03-30", "2015-03-30")
    announcement = next(e for e in found.events if e.claimant == "al-Nusra Front")
    assert announcement.medium == "official Twitter account"
    assert found.as_dict()["events"][0]["medium"] == "official Twitter account"
    from kg.render import ties_table

    monkeypatch.setenv("COLUMNS", "250")
    assert "claimed by al-Nusra Front (official Twitter account)" in ties_table(found)


@pytest.mark.parametrize("day, names, ended", [
    ("2016-12-01", [("Jabhat Fateh al-Sham", IN_FORCE)], False),
    ("2017-01-15", [("Jabhat Fateh al-Sham", POSSIBLY)], False),  # succeeded some day of January 2017
    ("2017-06-01", [], True),
])
def test_a_name_is_in_use_no_more_once_its_actor_is_succeeded(memory_graph, day, names, ended):
    """The bundled data (the UN list) has Jabhat Fateh al-Sham succeeded by Hay'at Tahrir al-Sham
    in January 2017: in June 2017 no name of al-Nusra's renaming chain was in use (it had said
    "Jabhat Fateh al-Sham")."""
    from kg.render import lineage_table

    found = lineage(memory_graph, "al-Nusra", D(day))
    assert [(n.name, n.certainty) for n in found.in_use] == names
    assert found.names[-1].name == "Jabhat Fateh al-Sham" and found.names[-1].until == "2017-01"
    text = lineage_table(found)
    assert ("Jabhat Fateh al-Sham succeeded by Hay'at Tahrir al-Sham (2017-01)" in text) == ended
