"""`kg extract` measured on the seed article against the statements made from it by hand.

    python bench/bench_extract.py            # prints the figures, rewrites docs/extraction.md's section
    python bench/bench_extract.py --check    # prints them only

Matching rule: a seed item is a statement or an event of seeds/*.ttl derived from the FRANCE 24
article; its key is (kind, subject, object, claimant): for a statement the relation as
`kg import` writes it, kg:actor, kg:object and kg:claimant; for an event its class,
kg:agent, kg:place (or kg:destination) and kg:claimant (absent = none). A candidate row
matches a seed item with the same key, except that an end row (only an end) compares its
claimant with the seed statement's kg:endClaimant (the end is that party's word, absent =
the report's own), and hostility compares either direction. A candidate's unnamed claimant
("a Syrian security source") matches a seed kg:UnnamedSource whose label starts with it.
Dates are not compared (the tests check them). Several candidates may match one seed item
(a start row and an end row of the same statement); every candidate that matches none is
false, every seed item that no candidate matches is missed.

Headline set, as issue 15 asks: the seed's control, membership and affiliation statements
and every claim (statement or event); candidates in it: the control, membership and
affiliation rows, and every row with a claimant.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import kg
from kg.extract import Candidate, Extraction

FIXTURE = REPO / "tests" / "fixtures" / "reports" / "france24-2015-03-30-idlib.txt"
DOC = REPO / "docs" / "extraction.md"
SOURCE = {"source_title": "New Islamist alliance seizes Idlib from Syrian troops", "source_publisher": "FRANCE 24",
          "source_date": "2015-03-30", "url": "https://www.france24.com/en/20150330-islamists-syria-seize-idlib-nusra-jaish-fath"}
HEADLINE_RELATIONS = {"controls", "member of", "leads", "branch of", "pledged allegiance to"}

_SEED_QUERY = """
SELECT ?item ?type ?actor ?object ?claimant ?end ?endClaimant ?role ?aff WHERE {
  ?item prov:wasDerivedFrom id:src-france24-2015-03-30 ; a ?type .
  FILTER (STRSTARTS(STR(?type), STR(kg:)) && ?type != kg:Claim)
  FILTER NOT EXISTS { ?item a kg:LineageStatement }
  { ?item kg:actor ?actor } UNION { ?item kg:agent ?actor } UNION { FILTER NOT EXISTS { ?item kg:actor ?a1 } FILTER NOT EXISTS { ?item kg:agent ?a2 } }
  OPTIONAL { ?item kg:object ?object } OPTIONAL { ?item kg:place ?object } OPTIONAL { ?item kg:destination ?object }
  OPTIONAL { ?item kg:claimant ?claimant } OPTIONAL { ?item kg:end ?end } OPTIONAL { ?item kg:endClaimant ?endClaimant }
  OPTIONAL { ?item kg:role ?role } OPTIONAL { ?item kg:affiliationType ?aff }
  FILTER EXISTS { ?item kg:agent|kg:actor|kg:place ?any }
}
"""
_RELATION = {("MembershipStatement", "Leader"): "leads", ("MembershipStatement", "Member"): "member of",
             ("AffiliationStatement", "Branch"): "branch of", ("AffiliationStatement", "Allegiance"): "pledged allegiance to",
             ("ControlStatement", ""): "controls", ("HostilityStatement", ""): "hostile to",
             ("CooperationStatement", ""): "allied with"}


@dataclass
class SeedItem:
    iri: str
    kind: str  # a relation, or an event class
    subject: str
    object: str
    claimant: str
    end_claimant: str | None  # None: no end
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def is_event(self) -> bool:
        return self.kind[:1].isupper()

    def describe(self) -> str:
        name = lambda iri: self.labels.get(iri, iri.rsplit("/", 1)[-1]) if iri else "-"
        who = f"; claimed by {name(self.claimant)}" if self.claimant else ""
        return f"`id:{self.iri.rsplit('/', 1)[-1]}`: {name(self.subject)} {self.kind} {name(self.object)}{who}"


def seed_items(db: kg.KG) -> list[SeedItem]:
    labels = {r["s"]: r["l"] for r in db.sparql(
        "SELECT ?s ?l WHERE { ?s skos:prefLabel ?l FILTER (LANG(?l) = 'en') }").rows}
    items: dict[str, SeedItem] = {}
    for r in db.sparql(_SEED_QUERY).rows:
        local = r["type"].rsplit("#", 1)[-1]
        if local.endswith("Statement"):
            key = (local, (r["role"] or r["aff"] or "").rsplit("#", 1)[-1])
            kind = _RELATION[key]
        else:
            kind = local
        item = items.setdefault(r["item"], SeedItem(r["item"], kind, r["actor"] or "", r["object"] or "",
                                                     r["claimant"] or "", None, labels))
        if r["end"] is not None:
            item.end_claimant = r["endClaimant"] or ""
    return sorted(items.values(), key=lambda i: (i.is_event, i.iri))


def _same_claimant(candidate: Candidate, iri: str, db_labels: dict[str, str]) -> bool:
    said = candidate.iris[2] or candidate.claimant
    if not said and not iri:
        return True
    if not said or not iri:
        return False
    if candidate.iris[2]:
        return said == iri
    unnamed = re.sub(r"\s*\([^)]*\)$", "", candidate.claimant).lower()  # "a Syrian security source"
    return db_labels.get(iri, "").lower().startswith(unnamed)


def matches(candidate: Candidate, item: SeedItem) -> bool:
    kind = candidate.event or candidate.relation
    if kind != item.kind:
        return False
    subject, obj = candidate.iris[0], candidate.iris[1]
    pairs = {(subject, obj), (obj, subject)} if kind == "hostile to" else {(subject, obj)}
    if (item.subject, item.object) not in pairs:
        return False
    if candidate.is_end_row and not candidate.event:
        return item.end_claimant is not None and _same_claimant(candidate, item.end_claimant, item.labels)
    return _same_claimant(candidate, item.claimant, item.labels)


def in_headline(candidate: Candidate) -> bool:
    return candidate.relation in HEADLINE_RELATIONS or bool(candidate.claimant)


def item_in_headline(item: SeedItem) -> bool:
    return item.kind in HEADLINE_RELATIONS or bool(item.claimant)


@dataclass
class Score:
    name: str
    found: list[SeedItem]
    missed: list[SeedItem]
    true: list[Candidate]
    false: list[Candidate]

    @property
    def recall(self) -> float:
        return len(self.found) / max(1, len(self.found) + len(self.missed))

    @property
    def precision(self) -> float:
        return len(self.true) / max(1, len(self.true) + len(self.false))


def score(name: str, items: list[SeedItem], candidates: list[Candidate]) -> Score:
    found = [i for i in items if any(matches(c, i) for c in candidates)]
    true = [c for c in candidates if any(matches(c, i) for i in items)]
    return Score(name, found, [i for i in items if i not in found], true, [c for c in candidates if c not in true])


def measure() -> tuple[Extraction, list[Score], list[Candidate]]:
    db = kg.open("memory")
    extraction = db.extract(FIXTURE, **SOURCE)
    items = seed_items(db)
    scores = [
        score("headline: control, membership, affiliation and claims",
              [i for i in items if item_in_headline(i)], [c for c in extraction.candidates if in_headline(c)]),
        score("every statement (also hostility)", [i for i in items if not i.is_event], extraction.statements),
        score("every event (comment rows)", [i for i in items if i.is_event], extraction.events),
    ]
    control_items = [i for i in items if i.kind == "controls"] + [i for i in items if i.kind == "Capture"]
    captures = [c for c in extraction.candidates if (c.relation == "controls" and c.start) or c.event == "Capture"]
    unreported = [c for c in captures if not any(matches(c, i) for i in control_items)]
    return extraction, scores, unreported


def _row(c: Candidate) -> str:
    span = ", ".join(f"{k} {v}" for k, v in (("start", c.start), ("end", c.end), ("attested", c.attested)) if v)
    bound = f" ({c.start_bound or c.end_bound})" if c.start_bound or c.end_bound else ""
    who = f", claimed by {c.claimant}" if c.claimant else ""
    what = f"event {c.event}: {c.subject or '-'} at {c.object or '-'}" if c.event else f"{c.subject} {c.relation} {c.object}"
    detail = f"; {c.detail}" if c.detail else ""
    when = f"; {span}{bound}" if span else "; no date"
    return f"sentence {c.sentence + 1}: {what}{detail}{when}{who} (confidence {c.confidence:.2f}, pattern '{c.pattern}')"


def report(extraction: Extraction, scores: list[Score], unreported: list[Candidate]) -> str:
    lines = [(f"Measured {dt.date.today().isoformat()} with `python bench/bench_extract.py` on "
              f"`tests/fixtures/reports/france24-2015-03-30-idlib.txt` ({extraction.sentences} sentences; "
              f"{len(extraction.statements)} candidate statements, {len(extraction.events)} events, "
              f"{len(extraction.new_names)} new? names)."), "",
             "| set | seed items | found | recall | candidates | true | precision |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for s in scores:
        lines.append(f"| {s.name} | {len(s.found) + len(s.missed)} | {len(s.found)} | {s.recall:.2f} | "
                     f"{len(s.true) + len(s.false)} | {len(s.true)} | {s.precision:.2f} |")
    lines += ["", f"Candidates that assert a capture (a control row with a start, or a Capture event) the "
                  f"article does not report: **{len(unreported)}**" + "".join(f"\n- {_row(c)}" for c in unreported), ""]
    for s in scores:
        lines.append(f"### {s.name}")
        lines.append("")
        lines.append("Missed:" if s.missed else "Missed: none.")
        lines += [f"- {i.describe()}" for i in s.missed]
        lines.append("")
        lines.append("False candidates:" if s.false else "False candidates: none.")
        lines += [f"- {_row(c)}" for c in s.false]
        lines.append("")
    lines.append("### Every candidate")
    lines.append("")
    lines += [f"- {_row(c)}" for c in extraction.candidates]
    lines += ["", "New? names: " + (", ".join(f"{n.name} ({n.guess}, sentence {n.sentence + 1})"
                                              for n in extraction.new_names) or "none") + "."]
    lines += ["", "Left out while merging:"] + [f"- {d}" for d in extraction.dropped]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="print only; do not rewrite docs/extraction.md")
    args = parser.parse_args()
    extraction, scores, unreported = measure()
    text = report(extraction, scores, unreported)
    print(text)
    if not args.check:
        doc = DOC.read_text(encoding="utf-8")
        begin, end = "<!-- measured: begin -->\n", "<!-- measured: end -->"
        head, rest = doc.split(begin, 1)
        DOC.write_text(head + begin + text + end + rest.split(end, 1)[1], encoding="utf-8")
        print(f"wrote {DOC}", file=sys.stderr)


if __name__ == "__main__":
    main()
