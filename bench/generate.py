"""A synthetic armed-groups graph in kg's ontology, any size, deterministic (seeded), written
as N-Triples while it is generated (memory stays flat at 10M triples).

    python bench/generate.py --triples 1000000 -o /tmp/kg-1m.nt [--seed 1]

The shape follows the bundled data: the ontology itself first (the queries need its class
hierarchy), then sources (kg:usedAs), a place hierarchy (country / governorate / city, with
coordinates and Arabic names), actors (armed groups, state forces, alliances, transnational
organisations; aliases in Latin, Arabic and Cyrillic script, each non-English name with a
kg:provenance record), spokespeople, dated statements (membership in alliances with a role,
affiliation, cooperation, hostility, and control spans that hand each city from one
controller to the next), the capture events that cause each hand-over (some of them claims),
and the direct edges the build would derive. Everything has prov:wasDerivedFrom.

Writes OUT and OUT.json: sample parameters for the benchmarks (a group with a typical number
of ties, an alliance, a governorate, a city, a date, a statement) and the triple count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kg.spans import SPAN_PROPERTIES, StatementSpan, spans

KG = "https://w3id.org/armed-groups-kg/ontology#"
ID = "https://w3id.org/armed-groups-kg/id/gen/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV_FROM = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
DCT = "http://purl.org/dc/terms/"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA_URL = "<https://schema.org/url>"

PREFIXES_LATIN = ["Liwa", "Jaish", "Harakat", "Jabhat", "Katibat", "Ahrar", "Ansar", "Fursan", "Suqur", "Kataib", "Alwiyat", "Tajammu"]
PREFIXES_ARABIC = ["لواء", "جيش", "حركة", "جبهة", "كتيبة", "أحرار", "أنصار", "فرسان", "صقور", "كتائب", "ألوية", "تجمع"]
NOUNS_LATIN = ["al-Fath", "al-Nusra", "al-Sham", "al-Islam", "al-Haqq", "al-Tawhid", "al-Furqan", "al-Izza", "al-Sunna", "al-Nasr", "al-Umma", "al-Ghuraba", "al-Mujahidin", "al-Thuwar", "al-Sahaba", "al-Qadisiyya"]
NOUNS_ARABIC = ["الفتح", "النصرة", "الشام", "الإسلام", "الحق", "التوحيد", "الفرقان", "العزة", "السنة", "النصر", "الأمة", "الغرباء", "المجاهدين", "الثوار", "الصحابة", "القادسية"]
CYRILLIC = str.maketrans({"a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "дж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "q": "к", "r": "р", "s": "с", "t": "т", "u": "у", "w": "в", "y": "й", "z": "з", "A": "А", "F": "Ф", "H": "Х", "I": "И", "J": "Дж", "K": "К", "L": "Л", "N": "Н", "S": "С", "T": "Т", "U": "У"})
SYLLABLES = ["kafr", "tal", "ain", "jisr", "deir", "khan", "maarat", "saraqib", "ariha", "binnish", "sarmin", "nubl", "zabad", "hama", "rastan", "qusayr", "dumayr", "harasta", "douma", "jobar", "salqin", "harim", "atarib", "darat", "azaz", "marea", "bab", "manbij", "tabqa", "mayadin"]
ARABIC_SYLLABLES = ["كفر", "تل", "عين", "جسر", "دير", "خان", "معرة", "سراقب", "أريحا", "بنش", "سرمين", "نبل", "زبد", "حماة", "الرستن", "القصير", "الضمير", "حرستا", "دوما", "جوبر", "سلقين", "حارم", "الأتارب", "دارة", "أعزاز", "مارع", "الباب", "منبج", "الطبقة", "الميادين"]
PUBLISHERS = ["FRANCE 24", "Reuters", "AFP", "Al Jazeera", "BBC News", "Enab Baladi", "SOHR", "The Guardian", "Le Monde", "Associated Press"]

START, END = dt.date(2011, 3, 15), dt.date(2022, 12, 31)


def iri(kind: str, n: int) -> str:
    return f"<{ID}{kind}-{n}>"


def k(local: str) -> str:
    return f"<{KG}{local}>"


def lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def date(day: dt.date) -> str:
    return typed(day.isoformat(), "date")


class Writer:
    def __init__(self, out: IO[str]):
        self.out, self.count, self._bnode = out, 0, 0

    def t(self, s: str, p: str, o: str) -> None:
        self.out.write(f"{s} {p} {o} .\n")
        self.count += 1

    def provenance(self, subject: str, properties: list[str], source: str) -> None:
        self._bnode += 1
        node = f"_:p{self._bnode}"
        self.t(subject, k("provenance"), node)
        for prop in properties:
            self.t(node, k("forProperty"), prop)
        self.t(node, PROV_FROM, source)


def ontology_lines() -> Iterator[str]:
    import pyoxigraph as ox

    path = Path(__file__).resolve().parent.parent / "ontology" / "kg.ttl"
    blanks: dict[str, str] = {}

    def term(node: object) -> str:  # blank nodes renamed in order, so the output is stable
        if isinstance(node, ox.BlankNode):
            return blanks.setdefault(node.value, f"_:o{len(blanks)}")
        return str(node)

    for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        yield f"{term(triple.subject)} {triple.predicate} {term(triple.object)} .\n"


def generate(triples: int, out: IO[str], seed: int = 1) -> dict:
    rnd = random.Random(seed)
    w = Writer(out)
    for line in ontology_lines():
        out.write(line)
        w.count += 1
    groups_n = max(12, (triples - w.count) // 80)  # about 80 triples per group, all told
    sources_n = max(5, groups_n // 5)
    cities_n = max(6, groups_n // 2)
    countries_n = max(1, min(6, groups_n // 500 + 1))
    governorates_n = max(2, min(countries_n * 14, cities_n // 8))
    alliances_n = max(2, groups_n // 20)
    orgs_n = max(1, groups_n // 200)
    persons_n = max(2, groups_n // 10)

    def day(low: dt.date = START, high: dt.date = END) -> dt.date:
        return low + dt.timedelta(days=rnd.randrange(max(1, (high - low).days)))

    # sources
    sources = []
    published_on: dict[str, dt.date] = {}
    for n in range(sources_n):
        s, publisher, published = iri("src", n), rnd.choice(PUBLISHERS), day()
        sources.append(s)
        published_on[s] = published
        w.t(s, RDF_TYPE, k("NewsArticle"))
        w.t(s, f"<{DCT}title>", lit(f"Report {n} on the fighting"))
        w.t(s, f"<{DCT}publisher>", lit(publisher))
        w.t(s, f"<{DCT}date>", date(published))
        w.t(s, SCHEMA_URL, f"<https://news.example.org/{n}>")
        w.t(s, k("usedAs"), lit(f"{publisher}, {published.isoformat()} #{n}"))

    cited: dict[str, list[str]] = {}

    def cite(subject: str, many: bool = False) -> str:
        source = rnd.choice(sources)
        w.t(subject, PROV_FROM, source)
        cited[subject] = [source]
        if many and rnd.random() < 0.3:
            second = rnd.choice(sources)
            w.t(subject, PROV_FROM, second)
            cited[subject].append(second)
        return source

    containing: dict[str, list[str]] = {}  # place -> itself and the places containing it

    def place(kind: str, n: int, name: str, arabic: str, parent: str | None, lat: float, lon: float) -> str:
        p = iri(kind.lower(), n)
        w.t(p, RDF_TYPE, k(kind))
        w.t(p, f"<{SKOS}prefLabel>", lit(name, "en"))
        w.t(p, RDFS_LABEL, lit(name, "en"))
        w.t(p, f"<{SKOS}prefLabel>", lit(arabic, "ar"))
        w.t(p, f"<{SKOS}altLabel>", lit(name.replace("a", "e", 1), "en"))
        if parent:
            w.t(p, k("locatedIn"), parent)
        containing[p] = [p] + (containing[parent] if parent else [])
        for outer in containing[p]:  # derived, as kg writes it (queries/derive/within.rq)
            w.t(p, k("within"), outer)
        w.t(p, f"<{GEO}lat>", typed(f"{lat:.4f}", "decimal"))
        w.t(p, f"<{GEO}long>", typed(f"{lon:.4f}", "decimal"))
        source = cite(p)
        w.provenance(p, [f"<{GEO}lat>", f"<{GEO}long>", f"<{SKOS}prefLabel>"], source)
        return p

    def placename(n: int) -> tuple[str, str]:
        a, b = n % len(SYLLABLES), (n // len(SYLLABLES)) % len(SYLLABLES)
        number = n // len(SYLLABLES) ** 2
        suffix = f" {number + 1}" if number else ""
        return (f"{SYLLABLES[a].title()} {SYLLABLES[b].title()}{suffix}",
                f"{ARABIC_SYLLABLES[a]} {ARABIC_SYLLABLES[b]}{suffix}")

    countries = [place("Country", n, f"Country {n + 1}", f"دولة {n + 1}", None, 30 + n, 35 + n) for n in range(countries_n)]
    governorates = []
    for n in range(governorates_n):
        country = countries[n % countries_n]
        name, arabic = placename(n * 7 + 3)
        governorates.append(place("Governorate", n, f"{name} Governorate", f"محافظة {arabic}", country, 32 + rnd.random() * 5, 36 + rnd.random() * 5))
    cities = []
    for n in range(cities_n):
        name, arabic = placename(n)
        cities.append(place("City", n, name, arabic, governorates[n % governorates_n], 32 + rnd.random() * 5, 36 + rnd.random() * 5))

    # actors
    def actor(kind: str, n: int, name: str, arabic: str) -> str:
        a = iri(kind.lower(), n)
        w.t(a, RDF_TYPE, k(kind))
        w.t(a, f"<{SKOS}prefLabel>", lit(name, "en"))
        w.t(a, RDFS_LABEL, lit(name, "en"))
        w.t(a, f"<{SKOS}prefLabel>", lit(arabic, "ar"))
        w.t(a, f"<{SKOS}altLabel>", lit(name.replace("al-", "an-", 1) if "al-" in name else name + " Brigade", "en"))
        w.t(a, f"<{SKOS}altLabel>", lit(name.translate(CYRILLIC), "ru"))
        w.t(a, f"<{DCT}description>", lit(f"Synthetic {kind} number {n}.", "en"))
        source = cite(a, many=True)
        w.provenance(a, [f"<{SKOS}prefLabel>", f"<{SKOS}altLabel>"], source)
        return a

    def groupname(n: int) -> tuple[str, str]:
        p, q = n % len(PREFIXES_LATIN), (n // len(PREFIXES_LATIN)) % len(NOUNS_LATIN)
        town, town_ar = placename(n // (len(PREFIXES_LATIN) * len(NOUNS_LATIN)))
        return (f"{PREFIXES_LATIN[p]} {NOUNS_LATIN[q]} of {town}", f"{PREFIXES_ARABIC[p]} {NOUNS_ARABIC[q]} في {town_ar}")

    groups, names = [], {}
    for n in range(groups_n):
        name, arabic = groupname(n)
        kind = "StateForces" if n % 50 == 7 else "ArmedGroup"
        groups.append(actor(kind, n, name, arabic))
        names[groups[-1]] = name
    alliances = []
    for n in range(alliances_n):
        name, arabic = groupname(groups_n + n)
        alliances.append(actor("Alliance", n, f"Coalition {name}", f"تحالف {arabic}"))
        names[alliances[-1]] = f"Coalition {name}"
    orgs = []
    for n in range(orgs_n):
        name, arabic = groupname(groups_n + alliances_n + n)
        orgs.append(actor("TransnationalOrganisation", n, f"Global {name}", f"تنظيم {arabic}"))
        names[orgs[-1]] = f"Global {name}"
    persons = []
    for n in range(persons_n):
        p = iri("person", n)
        persons.append(p)
        w.t(p, RDF_TYPE, k("Person"))
        w.t(p, f"<{SKOS}prefLabel>", lit(f"Spokesman {n}", "en"))
        w.t(p, RDFS_LABEL, lit(f"Spokesman {n}", "en"))
        cite(p)

    # statements; their certain and possible spans are written at the end, as `kg build`
    # derives them (kg.spans: the same rule, the same narrowing by rival statements)
    statements = 0
    ties: dict[str, int] = {}
    spans_in: list[StatementSpan] = []

    def statement(kind: str, actor_: str, object_: str, start: dt.date | None, end: dt.date | None,
                  claimant: str | None = None, qualifier: str | None = None) -> str:
        nonlocal statements
        s = iri("st", statements)
        statements += 1
        w.t(s, RDF_TYPE, k(kind))
        w.t(s, k("actor"), actor_)
        w.t(s, k("object"), object_)
        if qualifier:
            prop = {"Leader": "role", "Member": "role", "Branch": "affiliationType", "Allegiance": "affiliationType"}
            w.t(s, k(prop[qualifier]), k(qualifier))
        if start:
            w.t(s, k("start"), date(start))
            w.t(s, k("startPrecision"), k("Day"))
        end_precision = None
        if end:
            end_precision = "Day" if rnd.random() < 0.8 else "Month"
            w.t(s, k("end"), date(end))
            w.t(s, k("endPrecision"), k(end_precision))
        attested = min(END, (end or start or END) + dt.timedelta(days=rnd.randrange(1, 30)))
        w.t(s, k("attested"), date(attested))
        if claimant:
            w.t(s, RDF_TYPE, k("Claim"))
            w.t(s, k("claimant"), claimant)
        cite(s, many=True)
        spans_in.append(StatementSpan(
            statement=s[1:-1], kind=kind, actor=actor_[1:-1], object=object_[1:-1], qualifier=qualifier,
            start=start, end=end, start_precision="Day" if start else None, end_precision=end_precision,
            attested=attested, vouched=max(published_on[c] for c in cited[s])))
        ties[actor_] = ties.get(actor_, 0) + 1
        ties[object_] = ties.get(object_, 0) + 1
        return s

    def span() -> tuple[dt.date, dt.date | None]:
        start = day(START, END - dt.timedelta(days=60))
        return start, (day(start + dt.timedelta(days=1), END) if rnd.random() < 0.6 else None)

    for alliance in alliances:
        members = rnd.sample(groups, min(len(groups), rnd.randint(2, 6)))
        founded = day(START, END - dt.timedelta(days=400))
        for i, member in enumerate(members):
            start = founded + dt.timedelta(days=0 if i < 2 else rnd.randrange(300))
            end = day(start + dt.timedelta(days=30), END) if rnd.random() < 0.4 else None
            claimant = rnd.choice(persons) if rnd.random() < 0.15 else None
            statement("MembershipStatement", member, alliance, start, end, claimant, "Leader" if i == 0 else "Member")
            w.t(member, k("memberOf"), alliance)
            if i == 0:
                w.t(member, k("leads"), alliance)
    for group in groups:
        if rnd.random() < 0.3:
            org = rnd.choice(orgs)
            start, end = span()
            undated = rnd.random() < 0.3
            branch = rnd.random() < 0.5
            statement("AffiliationStatement", group, org, None if undated else start, end,
                      qualifier="Branch" if branch else "Allegiance")
            w.t(group, k("branchOf" if branch else "pledgedAllegianceTo"), org)
            w.t(group, k("affiliatedWith"), org)
        for kind, edge, chance in (("HostilityStatement", "hostileTo", 0.5), ("CooperationStatement", "alliedWith", 0.3)):
            if rnd.random() < chance:
                other = rnd.choice(groups)
                if other != group:
                    start, end = span()
                    statement(kind, group, other, start, end)
                    w.t(group, k(edge), other)
                    w.t(other, k(edge), group)

    # control spans city by city, each hand-over caused by a capture event
    events = 0
    for city in cities:
        holders = rnd.sample(groups, min(len(groups), rnd.randint(2, 5)))
        moments = sorted({day() for _ in holders})
        previous: str | None = None
        for i, (holder, start) in enumerate(zip(holders, moments)):
            end = moments[i + 1] if i + 1 < len(moments) else None
            claimant = rnd.choice(persons) if rnd.random() < 0.05 else None
            st = statement("ControlStatement", holder, city, start, end, claimant)
            w.t(holder, k("controls"), city)
            if previous is not None:
                e = iri("event", events)
                events += 1
                w.t(e, RDF_TYPE, k("Capture"))
                w.t(e, f"<{SKOS}prefLabel>", lit(f"Capture number {events} of a town", "en"))
                w.t(e, RDFS_LABEL, lit(f"Capture number {events} of a town", "en"))
                w.t(e, k("start"), date(start))
                w.t(e, k("end"), date(start))
                w.t(e, k("startPrecision"), k("Day"))
                w.t(e, k("agent"), holder)
                w.t(e, k("opponent"), previous)
                w.t(e, k("place"), city)
                w.t(e, k("resultsIn"), st)
                if rnd.random() < 0.1:
                    w.t(e, RDF_TYPE, k("Claim"))
                    w.t(e, k("claimant"), rnd.choice([holder, rnd.choice(persons)]))
                cite(e, many=True)
            previous = holder

    for statement_iri, found in spans(spans_in).items():
        for name, value in zip(SPAN_PROPERTIES, (found.certain_from, found.certain_until, found.possible_from,
                                                 found.possible_until), strict=True):
            w.t(f"<{statement_iri}>", k(name), date(value))

    ranked = sorted(groups, key=lambda g: ties.get(g, 0))
    typical = ranked[int(len(ranked) * 0.9)]  # a well-connected group, not the extreme
    busiest_alliance = max(alliances, key=lambda a: ties.get(a, 0))
    return {
        "triples": w.count, "seed": seed, "groups": groups_n, "alliances": alliances_n, "cities": cities_n,
        "governorates": governorates_n, "statements": statements, "events": events,
        "params": {
            "actor": names[typical], "alliance": names[busiest_alliance], "organisation": names[orgs[0]],
            "governorate": f"{placename(3)[0]} Governorate", "place": f"{placename(3)[0]} Governorate",
            "city": placename(0)[0], "date": "2016-06-01", "iri": f"{ID}st-0",
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000, help="about how many triples")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    with args.output.open("w", encoding="utf-8", buffering=1 << 20) as out:
        info = generate(args.triples, out, args.seed)
    Path(str(args.output) + ".json").write_text(json.dumps(info, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {info['triples']} triples to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
