"""The words for relations, in one place: statement kind + qualifier <-> relation words.

Each kind of statement (with its role, affiliation type or lineage type) reads one way from
its actor ("al-Nusra Front *leads* Jaish al-Fath") and another from its object ("Jaish al-Fath
is *led by* al-Nusra Front"). ``kg ties`` groups ties by ``group``/``inverse_group``; the
network views and ``kg path`` draw ``word`` with an arrow when ``directed``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ACTOR_KINDS",
    "GROUP_ORDER",
    "KINDS",
    "KIND_WORDS",
    "MEMBER_KINDS",
    "PERSON_KIND",
    "PLACE_KINDS",
    "QUALIFIER_PROPERTY",
    "RELATIONS",
    "SYNONYMS",
    "Relation",
    "by_word",
    "relation",
]

# class local name -> the kind word tables and names use (the first class of a resource in
# this order names its kind)
KINDS: dict[str, str] = {
    "Alliance": "alliance",
    "ArmedGroup": "armed group",
    "StateForces": "state forces",
    "TransnationalOrganisation": "transnational organisation",
    "Country": "country",
    "Governorate": "governorate",
    "Airbase": "military airport",
    "MilitaryBase": "military base",
    "Facility": "facility",
    "City": "city",
    "Person": "person",
    "Organisation": "organisation",
    "UnnamedSource": "unnamed source",
}
ACTOR_KINDS = {"alliance", "armed group", "state forces", "transnational organisation"}
PERSON_KIND = "person"
# who may be the actor of a membership (leads, member of): an armed actor, or a person; every
# other kind of statement needs an armed actor (ACTOR_KINDS): a person never controls a place
MEMBER_KINDS = ACTOR_KINDS | {PERSON_KIND}
PLACE_KINDS = {"country", "governorate", "military airport", "military base", "facility", "city"}
# the words an analyst may write for a kind (a CSV kind row) -> class local name
KIND_WORDS: dict[str, str] = {word: local for local, word in KINDS.items()} | {
    "transnational organization": "TransnationalOrganisation", "town": "City", "airbase": "Airbase",
    "organization": "Organisation", "installation": "Facility",
}
# the property that holds a statement kind's qualifier
QUALIFIER_PROPERTY = {"MembershipStatement": "role", "AffiliationStatement": "affiliationType",
                      "LineageStatement": "lineageType"}
# other words an analyst may write for a relation -> the relation's own word
SYNONYMS = {"leader of": "leads", "allegiance to": "pledged allegiance to", "holds": "controls",
            "cooperates with": "allied with", "fights": "hostile to", "splinter of": "split from"}


@dataclass(frozen=True)
class Relation:
    kind: str  # local name of the statement class
    qualifier: str | None  # local name of its kg:role, kg:affiliationType or kg:lineageType
    word: str  # read from the actor to the object
    inverse: str  # read from the object back to the actor
    group: str  # kg ties group on the actor's side
    inverse_group: str  # kg ties group on the object's side
    directed: bool
    colour: str = "#888888"  # how views draw it: line colour, dash pattern (False: solid), width
    dashes: bool | tuple[int, ...] = False
    width: int = 2


RELATIONS: tuple[Relation, ...] = (
    Relation("MembershipStatement", "Member", "member of", "has member", "alliances", "members", True,
             "#ff7f0e", False, 3),
    Relation("MembershipStatement", "Leader", "leads", "led by", "alliances", "members", True,
             "#d62728", False, 4),
    Relation("AffiliationStatement", "Branch", "branch of", "has branch", "parent organisations",
             "branches and affiliates", True, "#9467bd", False, 3),
    Relation("AffiliationStatement", "Allegiance", "pledged allegiance to", "has allegiance of",
             "parent organisations", "branches and affiliates", True, "#9467bd", (8, 5), 3),
    Relation("CooperationStatement", None, "allied with", "allied with", "allies", "allies", False,
             "#1f77b4", False, 3),
    Relation("HostilityStatement", None, "hostile to", "hostile to", "rivals and enemies", "rivals and enemies",
             False, "#333333", (10, 4, 2, 4), 2),
    Relation("LineageStatement", "RenamedTo", "renamed to", "renamed from", "lineage", "lineage", True,
             "#8c564b", False, 3),
    Relation("LineageStatement", "SplitFrom", "split from", "has splinter", "lineage", "lineage", True,
             "#8c564b", (6, 6), 3),
    Relation("LineageStatement", "MergedInto", "merged into", "absorbed", "lineage", "lineage", True,
             "#8c564b", (2, 4), 3),
    Relation("LineageStatement", "SucceededBy", "succeeded by", "successor of", "lineage", "lineage", True,
             "#8c564b", (12, 4), 3),
    Relation("ControlStatement", None, "controls", "held by", "places controlled", "held by", True,
             "#2ca02c", (3, 4), 2),
)

# kind -> how views draw it: (colour, vis-network shape, legend glyph, is a place)
KIND_STYLES: dict[str, tuple[str, str, str, bool]] = {
    "alliance": ("#d62728", "hexagon", "⬢", False),
    "armed group": ("#ff7f0e", "dot", "●", False),
    "state forces": ("#1f77b4", "square", "■", False),
    "transnational organisation": ("#9467bd", "star", "★", False),
    "person": ("#e377c2", "ellipse", "⬬", False),  # a leader or member: drawn apart from the groups
    "organisation": ("#bcbd22", "dot", "●", False),
    "unnamed source": ("#aaaaaa", "dot", "●", False),
    "country": ("#2ca02c", "triangle", "▲", True),
    "governorate": ("#8c6d31", "triangleDown", "▼", True),
    "city": ("#17becf", "triangle", "▲", True),
    "military airport": ("#637939", "diamond", "◆", True),
    "military base": ("#7b4173", "diamond", "◆", True),
    "facility": ("#8c564b", "square", "■", True),
    "other": ("#888888", "dot", "●", False),
}

# a person's memberships (leads, member of) read as "armed groups led or joined" on the person's
# side and as "leaders and members (people)" on the group's (kg.ties.PEOPLE_GROUPS)
GROUP_ORDER = [
    "armed groups led or joined",
    "alliances",
    "leaders and members (people)",
    "members",
    "parent organisations",
    "branches and affiliates",
    "allies",
    "rivals and enemies",
    "lineage",
    "places controlled",
    "held by",
    "events",
]

_BY_KEY = {(r.kind, r.qualifier): r for r in RELATIONS}
_BY_WORD = {r.word: r for r in RELATIONS}


def relation(kind: str, qualifier: str | None = None) -> Relation:
    """The relation of a statement of ``kind`` with ``qualifier`` (a missing or unknown
    qualifier falls back to the kind's first relation, e.g. a membership without a role)."""
    found = _BY_KEY.get((kind, qualifier))
    if found is None:
        found = next((r for r in RELATIONS if r.kind == kind), None)
    if found is None:
        raise KeyError(f"unknown statement kind {kind!r}")
    return found


def by_word(word: str) -> Relation:
    """The relation a word (as ``relation`` gives it, read from the actor, or a synonym in
    ``SYNONYMS``) names."""
    return _BY_WORD[SYNONYMS.get(word, word)]
