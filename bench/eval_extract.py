"""`kg extract` scored on the team's corpus of short wire reports (tests/fixtures/reports/<half>/: dev, test,
holdout, holdout2, ... holdout16: every directory there is a half).

    python bench/eval_extract.py                      # both halves, every miss and false candidate
    python bench/eval_extract.py --half dev           # the half to write patterns against
    python bench/eval_extract.py --half holdout       # the unseen half (written after dev and test were read)
    python bench/eval_extract.py --half holdout2      # the second unseen half (written after holdout was read)
    python bench/eval_extract.py --half holdout3      # the third unseen half (written after holdout2 was read)
    python bench/eval_extract.py --half holdout4      # the fourth unseen half (written after holdout3 was read)
    python bench/eval_extract.py --half holdout5      # the fifth unseen half (written after holdout4 was read)
    python bench/eval_extract.py --half holdout6      # the sixth unseen half (written after holdout5 was read)
    python bench/eval_extract.py --half holdout7      # the seventh unseen half (written after holdout6 was read)
    python bench/eval_extract.py --half holdout8      # the eighth unseen half (written after holdout7 was read)
    python bench/eval_extract.py --half holdout9      # the ninth unseen half (written after holdout8 was measured)
    python bench/eval_extract.py --half holdout10     # the tenth unseen half (written after holdout9 was measured)
    python bench/eval_extract.py --half holdout11     # the eleventh (written blind in session 11)
    python bench/eval_extract.py --half holdout12     # the twelfth (written after holdout11 was measured)
    python bench/eval_extract.py --half holdout13     # the thirteenth (written while the twelfth round went on)
    python bench/eval_extract.py --half holdout14     # the fourteenth (written blind in session 13, read in its round)
    python bench/eval_extract.py --half holdout15     # the fifteenth (written while the fourteenth round went on)
    python bench/eval_extract.py --half holdout16     # the sixteenth (written blind while the fifteenth round went on)
    python bench/eval_extract.py --half both --write-docs   # also rewrite docs/extraction.md's section
    python bench/eval_extract.py --json               # the figures and rows as JSON
    python bench/eval_extract.py --store oxigraph:/tmp/mine   # against another store's names

Each report is a `.txt` with a `.toml` of the same stem: its source, its `[[gold]]` statements,
the `[[new]]` entities the bundled graph does not know and the `[[never]]` statements that must
not be proposed as unclaimed fact (tests/fixtures/reports/README.md).

Scoring. A candidate is a statement row of the CSV `kg extract` writes (not a kind row, not a
comment row: events, `# unresolved`, `# new?`). It matches a gold row when the relation is the
same (synonyms such as `holds` normalised as `kg import` does), the subject and the object are
the same entity (:func:`same_entity`: both resolved by kg's name resolver against the graph;
a name it cannot resolve is compared by kg's name keys, or one name containing the other, with
the names of the other side's resource) and the claim status agrees (gold claimant empty <=>
candidate claimant empty). `allied with` and `hostile to` match either way round. Recall =
matched gold rows / gold rows; precision = matched candidates / candidates. Dates are scored
apart, on the matched gold rows: a row's dates are right when each of its start and end is
given by a matching candidate (a start row and an end row may give them), and a date the gold
leaves empty is given by none as an exact day (a `not after` bound may stand there). A `never`
violation is a candidate without a claimant that matches a `never` row and states a current tie (a
row saying the tie ended, with an end or a `not after` end, proposes no current fact; counted as
violations until 2026-12-07, session 8). New-entity coverage =
share of `[[new]]` names that appear in a `# new?` row or as the subject of a kind row.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import tomllib

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import kg
from kg.namerules import keys_of
from kg.vocabulary import RELATIONS, SYNONYMS

CORPUS = REPO / "tests" / "fixtures" / "reports"
DOC = REPO / "docs" / "extraction.md"
BEGIN, END = "<!-- corpus-scores:start -->", "<!-- corpus-scores:end -->"
SYMMETRIC = {r.word for r in RELATIONS if not r.directed}
KNOWN_RELATIONS = {r.word for r in RELATIONS} | set(SYNONYMS)


def relation_word(word: str) -> str:
    """The relation's own word (`holds` -> `controls`), as `kg import` reads it."""
    word = " ".join(word.strip().lower().split())
    return SYNONYMS.get(word, word)


# --- the corpus -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """A gold or never row, or a candidate: who, what relation, whom, when, whose word."""

    subject: str
    relation: str
    object: str
    start: str = ""
    end: str = ""
    claimant: str = ""
    bound: bool = False  # a candidate's date is a bound (`not after`), not the day itself
    ended: bool = False  # a candidate that says the tie has ended (an end or a `not after` end)
    why: str = ""  # never rows: why it must not be proposed as fact
    evidence: str = ""

    def describe(self) -> str:
        dates = ", ".join(f"{k} {v}" for k, v in (("start", self.start), ("end", self.end)) if v)
        who = f", claimed by {self.claimant}" if self.claimant else ""
        why = f" ({self.why})" if self.why else ""
        return f"{self.subject} {self.relation} {self.object}" + (f"; {dates}" if dates else "") + who + why


@dataclass
class Report:
    half: str
    stem: str
    text: str
    source: dict[str, Any]
    gold: list[Row]
    new: list[dict[str, str]]
    never: list[Row]

    @property
    def date(self) -> dt.date:
        return self.source["date"]


def _rows(items: Iterable[dict[str, Any]]) -> list[Row]:
    return [Row(str(i.get("subject", "")), relation_word(str(i.get("relation", ""))), str(i.get("object", "")),
                str(i.get("start", "")), str(i.get("end", "")), str(i.get("claimant", "")),
                why=str(i.get("why", ""))) for i in items]


def load_report(path: Path) -> Report:
    """The report ``path`` (its .txt or .toml) with its gold; raises ValueError on a bad file."""
    txt, meta = path.with_suffix(".txt"), path.with_suffix(".toml")
    try:
        data = tomllib.loads(meta.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"{meta}: {err}") from err
    return Report(path.parent.name, path.stem, txt.read_text(encoding="utf-8"), data.get("source", {}),
                  _rows(data.get("gold", [])), list(data.get("new", [])), _rows(data.get("never", [])))


def load_half(half: str, root: Path = CORPUS) -> list[Report]:
    return [load_report(p) for p in sorted((root / half).glob("*.toml"))]


# --- matching -------------------------------------------------------------------------------

Resolve = Callable[[str], str | None]  # a name -> the IRI kg resolves it to, or None


def resolver(db: kg.KG) -> tuple[Resolve, Callable[[str], list[str]]]:
    """kg's own name resolution on ``db``: a name -> its one resource (None when no single one),
    and a resource -> all its names."""
    from kg.names import index_for

    index = index_for(db.graph)
    cache: dict[str, str | None] = {}

    def resolve(name: str) -> str | None:
        if name not in cache:
            found = index.candidates(name) if name.strip() else []
            cache[name] = str(found[0].iri) if len(found) == 1 else None
        return cache[name]

    return resolve, lambda iri: list(index.names_of(iri))


def _keys(name: str) -> set[str]:
    keys = keys_of(name)
    return {k for k in keys if k} if keys else set()


def _words_in(short: str, long: str) -> bool:
    return bool(short) and f" {short} " in f" {long} "


def _same_name(a: str, b: str, *, a_may_contain: bool = True, b_may_contain: bool = True) -> bool:
    ka, kb = _keys(a), _keys(b)
    if ka & kb:
        return True
    na, nb = (keys_of(x)[0] if keys_of(x) else "" for x in (a, b))
    return (a_may_contain and _words_in(nb, na)) or (b_may_contain and _words_in(na, nb))


# a state named as a party: by its name, its capital or its forces ("Turkey", "Ankara", "the Turkish army",
# "Turkish troops" are one party); Syria's are the graph's own (it resolves "Syrian army", "Damascus")
_STATE_OF = {"turkish": "Turkey", "ankara": "Turkey", "russian": "Russia", "moscow": "Russia", "iranian": "Iran",
             "tehran": "Iran", "iraqi": "Iraq", "baghdad": "Iraq", "jordanian": "Jordan", "amman": "Jordan",
             "israeli": "Israel", "lebanese": "Lebanon", "american": "United States", "us": "United States",
             "u.s.": "United States", "washington": "United States", "united states": "United States",
             "turkey": "Turkey", "russia": "Russia", "iran": "Iran", "iraq": "Iraq", "jordan": "Jordan",
             "israel": "Israel", "lebanon": "Lebanon"}
_STATE_FORCES = re.compile(r"(?i)^(?:the\s+)?(?P<state>turkish|russian|iranian|iraqi|jordanian|israeli|lebanese|american|u\.s\.|us)"
                           r"\s+(?:army|military|armed\s+forces|forces|troops|soldiers|security\s+forces|government\s+forces|"
                           r"government\s+troops|government)$")


def state_party(name: str) -> str:
    """The state a name names as a party ("Turkish troops", "Ankara", "Turkey": Turkey), else the name."""
    forces = _STATE_FORCES.match(name.strip())
    if forces is not None:
        return _STATE_OF[forces.group("state").lower()]
    return _STATE_OF.get(re.sub(r"^the\s+", "", name.strip().lower()), name)


def same_entity(a: str, b: str, resolve: Resolve, names_of: Callable[[str], list[str]] = lambda iri: []) -> bool:
    """Whether two names name the same entity: both resolved -> the same resource; neither ->
    kg's name keys are equal or one name's words contain the other's ("the YPG militia", "YPG");
    one -> the other's keys equal one of its names, or are words inside one of them ("Bashar
    al-Assad" in "forces loyal to Bashar al-Assad"), never the reverse: a name kg cannot
    resolve that contains a known one names something else ("Free Syrian Army" is not the
    "Syrian army"). A state is one party whether named by its name, its capital or its
    forces ("Turkey", "Ankara", "the Turkish army": :func:`state_party`)."""
    a, b = state_party(a), state_party(b)
    states = set(_STATE_OF.values())
    if a in states or b in states:  # a state is only ever itself ("Iraq" is no part of "Islamic State of Iraq")
        return a == b
    ia, ib = resolve(a), resolve(b)
    if ia and ib:
        return ia == ib
    if not ia and not ib:
        return _same_name(a, b)
    known, unknown = (ia, b) if ia else (ib, a)
    return any(_same_name(unknown, name, a_may_contain=False) for name in [a if ia else b] + names_of(known))


def matches(candidate: Row, gold: Row, resolve: Resolve, names_of: Callable[[str], list[str]] = lambda iri: [],
            *, claims: bool = True) -> bool:
    """Whether the candidate states the gold row (dates aside): the same relation, the same
    subject and object (either way round for a symmetric relation), the same claim status
    (``claims=False``: ignored)."""
    rel = relation_word(candidate.relation)
    if rel != relation_word(gold.relation):
        return False
    if claims and bool(candidate.claimant.strip()) != bool(gold.claimant.strip()):
        return False
    same = lambda x, y: same_entity(x, y, resolve, names_of)
    if same(candidate.subject, gold.subject) and same(candidate.object, gold.object):
        return True
    return rel in SYMMETRIC and same(candidate.subject, gold.object) and same(candidate.object, gold.subject)


def dates_right(gold: Row, found: list[Row]) -> bool:
    """A matched gold row's dates against the candidates that match it (see the module)."""
    for attr in ("start", "end"):
        want = getattr(gold, attr)
        given = {getattr(c, attr) for c in found if getattr(c, attr) and not c.bound}
        if want and want not in {getattr(c, attr) for c in found}:
            return False
        if not want and given:
            return False
    return True


# --- running the extractor -------------------------------------------------------------------

@dataclass
class Output:
    candidates: list[Row]
    flagged_new: list[str]  # the names in `# new?` rows and kind rows, and their aliases
    aliases: dict[str, list[str]] = field(default_factory=dict)  # a new name -> its aliases ("YPG")


def run_extract(db: kg.KG, report: Report) -> Output:
    """`kg extract` on the report, as the CLI runs it, read back from its CSV."""
    src = report.source
    found = db.extract(report.text, source_title=src.get("title", report.stem),
                       source_publisher=src.get("publisher", "kg test corpus"), source_date=str(src["date"]),
                       url=src.get("url") or None)
    candidates, new, known_as = [], [], {}
    for cells in csv.DictReader(io.StringIO(found.to_csv())):
        subject = cells.get("subject") or ""
        aliases = [a.strip() for a in (cells.get("aliases") or "").split(";") if a.strip()]  # "LNA" for a new party
        if subject.startswith("# new?"):
            new += [cells.get("object") or "", *aliases]
        elif subject.startswith("#"):
            continue
        elif cells.get("kind"):
            new += [subject, *aliases]
            known_as[subject] = aliases
        elif cells.get("relation"):
            candidates.append(Row(subject, relation_word(cells["relation"]), cells.get("object") or "",
                                  cells.get("start") or "", cells.get("end") or "", cells.get("claimant") or "",
                                  bound=bool(cells.get("start_bound") or cells.get("end_bound")),
                                  evidence=cells.get("evidence") or "",
                                  ended=bool(cells.get("end") or cells.get("end_bound"))))
    return Output(candidates, new, known_as)


@dataclass
class Scored:
    report: str
    gold: int
    found: list[Row] = field(default_factory=list)
    missed: list[Row] = field(default_factory=list)
    true: list[Row] = field(default_factory=list)
    false: list[Row] = field(default_factory=list)
    dated: int = 0
    violations: list[Row] = field(default_factory=list)
    new: int = 0
    new_flagged: list[str] = field(default_factory=list)
    new_missed: list[str] = field(default_factory=list)


def score(report: Report, out: Output, resolve: Resolve, names_of: Callable[[str], list[str]]) -> Scored:
    s = Scored(f"{report.half}/{report.stem}", len(report.gold))
    m = lambda c, g: any(matches(v, g, resolve, names_of) for v in _as_named(c, out.aliases))
    for g in report.gold:
        hits = [c for c in out.candidates if m(c, g)]
        (s.found if hits else s.missed).append(g)
        s.dated += bool(hits) and dates_right(g, hits)
    for c in out.candidates:
        (s.true if any(m(c, g) for g in report.gold) else s.false).append(c)
        if not c.claimant and not c.ended and any(matches(v, n, resolve, names_of, claims=False) for n in report.never
                                                  for v in _as_named(c, out.aliases)):
            s.violations.append(c)
    for n in report.new:
        name = n["name"]
        hit = any(same_entity(name, f, lambda _: None) for f in out.flagged_new if f)
        (s.new_flagged if hit else s.new_missed).append(name)
    s.new = len(report.new)
    return s


def _as_named(row: Row, aliases: dict[str, list[str]]) -> list[Row]:
    """``row``, and the row with a new party named by one of its aliases, as the kind row
    declares them ("Kurdish People's Protection Units": also "YPG")."""
    subjects = [row.subject, *aliases.get(row.subject, [])]
    objects = [row.object, *aliases.get(row.object, [])]
    return [replace(row, subject=a, object=b) for a in subjects for b in objects]


# issue 27's target is on "control, membership, leadership, affiliation and claim statements":
# these relations, and any statement with a claimant (alliances and hostilities stated as fact
# are scored with the rest, not in this measure)
ISSUE_RELATIONS = {"controls", "member of", "leads", "branch of", "pledged allegiance to"}


def in_issue(row: Row) -> bool:
    """Whether ``row`` is one of the statements issue 27's target counts (:data:`ISSUE_RELATIONS`, or a claim)."""
    return row.relation in ISSUE_RELATIONS or bool(row.claimant)


@dataclass
class Totals:
    name: str
    reports: int = 0
    gold: int = 0
    found: int = 0
    candidates: int = 0
    true: int = 0
    dated: int = 0
    violations: int = 0
    new: int = 0
    new_flagged: int = 0
    issue_gold: int = 0  # the same, of the statements issue 27 counts (in_issue)
    issue_found: int = 0
    issue_candidates: int = 0
    issue_true: int = 0

    def add(self, s: Scored) -> None:
        self.reports += 1
        self.gold += s.gold
        self.found += len(s.found)
        self.candidates += len(s.true) + len(s.false)
        self.true += len(s.true)
        self.dated += s.dated
        self.violations += len(s.violations)
        self.new += s.new
        self.new_flagged += len(s.new_flagged)
        self.issue_gold += sum(map(in_issue, s.found + s.missed))
        self.issue_found += sum(map(in_issue, s.found))
        self.issue_candidates += sum(map(in_issue, s.true + s.false))
        self.issue_true += sum(map(in_issue, s.true))

    def figures(self) -> dict[str, Any]:
        ratio = lambda a, b: round(a / b, 3) if b else None
        return {**asdict(self), "recall": ratio(self.found, self.gold), "precision": ratio(self.true, self.candidates),
                "date_accuracy": ratio(self.dated, self.found), "new_coverage": ratio(self.new_flagged, self.new),
                "issue_recall": ratio(self.issue_found, self.issue_gold),
                "issue_precision": ratio(self.issue_true, self.issue_candidates)}


def open_store(location: str | None) -> tuple[kg.KG, tempfile.TemporaryDirectory | None]:
    if location:
        return kg.open(location), None
    tmp = tempfile.TemporaryDirectory(prefix="kg-eval-")
    db = kg.open(f"oxigraph:{tmp.name}/store")
    db.build()
    return db, tmp


def evaluate(halves: list[str], store: str | None = None) -> dict[str, tuple[Totals, list[Scored]]]:
    db, tmp = open_store(store)
    try:
        resolve, names_of = resolver(db)
        results = {}
        for half in halves:
            totals, scored = Totals(half), []
            for report in load_half(half):
                s = score(report, run_extract(db, report), resolve, names_of)
                totals.add(s)
                scored.append(s)
            results[half] = (totals, scored)
        return results
    finally:
        if tmp is not None:
            tmp.cleanup()


# --- output -----------------------------------------------------------------------------------

def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def table(totals: Totals, scored: list[Scored]) -> list[str]:
    lines = ["| report | gold | found | recall | candidates | true | precision | dates right | never violated | new flagged |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for s in scored:
        c = len(s.true) + len(s.false)
        lines.append(f"| {s.report} | {s.gold} | {len(s.found)} | {_pct(len(s.found) / s.gold if s.gold else None)} | "
                     f"{c} | {len(s.true)} | {_pct(len(s.true) / c if c else None)} | {s.dated}/{len(s.found)} | "
                     f"{len(s.violations)} | {len(s.new_flagged)}/{s.new} |")
    f = totals.figures()
    lines.append(f"| **{totals.name} ({totals.reports} reports)** | {f['gold']} | {f['found']} | **{_pct(f['recall'])}** | "
                 f"{f['candidates']} | {f['true']} | **{_pct(f['precision'])}** | {f['dated']}/{f['found']} "
                 f"({_pct(f['date_accuracy'])}) | **{f['violations']}** | {f['new_flagged']}/{f['new']} "
                 f"({_pct(f['new_coverage'])}) |")
    lines.append(f"| {totals.name}: control, membership, leadership, affiliation and claims (issue 27) | "
                 f"{f['issue_gold']} | {f['issue_found']} | {_pct(f['issue_recall'])} | {f['issue_candidates']} | "
                 f"{f['issue_true']} | {_pct(f['issue_precision'])} | | | |")
    return lines


def details(scored: list[Scored]) -> list[str]:
    lines = []
    for s in scored:
        if not (s.missed or s.false or s.violations or s.new_missed):
            lines.append(f"- `{s.report}`: nothing missed, nothing false.")
            continue
        lines.append(f"- `{s.report}`:")
        lines += [f"  - missed: {g.describe()}" for g in s.missed]
        lines += [f"  - false: {c.describe()}" for c in s.false if c not in s.violations]
        lines += [f"  - NEVER (proposed as fact): {c.describe()}" for c in s.violations]
        if s.new_missed:
            lines.append(f"  - new names not flagged: {', '.join(s.new_missed)}")
    return lines


def seed_line() -> list[str]:
    """The seed article, measured as bench/bench_extract.py does (its own hand-made statements)."""
    sys.path.insert(0, str(REPO / "bench"))
    import bench_extract

    _, scores, _ = bench_extract.measure()
    head = scores[0]
    return [(f"Seed article (`python bench/bench_extract.py`, the text the patterns were written against; "
            f"its own matching rule, section above): headline recall {len(head.found)}/{len(head.found) + len(head.missed)} "
            f"({head.recall:.2f}), precision {len(head.true)}/{len(head.true) + len(head.false)} ({head.precision:.2f}).")]


def markdown(results: dict[str, tuple[Totals, list[Scored]]], note: str = "") -> str:
    halves = " and ".join(results)
    lines = [(f"Measured {dt.date.today().isoformat()} with `python bench/eval_extract.py --half both --write-docs` "
             f"on the {halves} half of `tests/fixtures/reports/` (matching rule: the script's docstring).")]
    if note:
        lines += ["", note]
    for half, (totals, scored) in results.items():
        lines += ["", f"### {half} half", ""] + table(totals, scored) + ["", ("Every miss, false candidate, `never` "
                  "violation and unflagged new name:"), ""] + details(scored)
    lines += ["", "### Seed article", ""] + seed_line()
    return "\n".join(lines) + "\n"


def write_docs(text: str, doc: Path = DOC) -> None:
    body = doc.read_text(encoding="utf-8")
    section = f"{BEGIN}\n{text}{END}"
    if BEGIN in body and END in body:
        body = body[: body.index(BEGIN)] + section + body[body.index(END) + len(END):]
    else:
        body = body.rstrip() + "\n\n## Measured on the team's corpus\n\n" + section + "\n"
    doc.write_text(body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    halves = sorted((p.name for p in CORPUS.iterdir() if p.is_dir() and any(p.glob("*.toml"))),
                    key=lambda name: (name not in ("dev", "test"), len(name), name))
    parser.add_argument("--half", choices=[*halves, "both"], default="both",
                        help="both = dev and test; the holdout halves are scored only when asked for")
    parser.add_argument("--store", help="a kg store to resolve names and extract against (default: a fresh "
                                        "temporary store built from the bundled graph)")
    parser.add_argument("--json", action="store_true", help="print the figures and rows as JSON")
    parser.add_argument("--write-docs", action="store_true", help="rewrite docs/extraction.md's corpus section")
    parser.add_argument("--note", default="", help="a sentence put above the tables in the docs")
    args = parser.parse_args(argv)
    halves = ["dev", "test"] if args.half == "both" else [args.half]
    results = evaluate(halves, args.store)
    if args.json:
        print(json.dumps({half: {"totals": t.figures(), "reports": [asdict(s) for s in scored]}
                          for half, (t, scored) in results.items()}, indent=2, default=str))
    else:
        for half, (totals, scored) in results.items():
            print(f"== {half} half ==")
            print("\n".join(table(totals, scored)))
            print()
            print("\n".join(details(scored)))
            print()
    if args.write_docs:
        write_docs(markdown(results, args.note))
        print(f"wrote {DOC}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
