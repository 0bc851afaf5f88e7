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
    "City": "city",
    "Person": "person",
    "Organisation": "organisation",
    "UnnamedSource": "unnamed source",
}
ACTOR_KINDS = {"alliance", "armed group", "state forces", "transnational organisation"}
PLACE_KINDS = {"country", "governorate", "military airport", "military base", "city"}
# the words an analyst may write for a kind (a CSV kind row) -> class local name
KIND_WORDS: dict[str, str] = {word: local for local, word in KINDS.items()} | {
    "transnational organization": "TransnationalOrganisation", "town": "City", "airbase": "Airbase",
    "organization": "Organisation",
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


RELATIONS: tuple[Relation, ...] = (
    Relation("MembershipStatement", "Member", "member of", "has member", "alliances", "members", True),
    Relation("MembershipStatement", "Leader", "leads", "led by", "alliances", "members", True),
    Relation("AffiliationStatement", "Branch", "branch of", "has branch", "parent organisations",
             "branches and affiliates", True),
    Relation("AffiliationStatement", "Allegiance", "pledged allegiance to", "has allegiance of",
             "parent organisations", "branches and affiliates", True),
    Relation("CooperationStatement", None, "allied with", "allied with", "allies", "allies", False),
    Relation("HostilityStatement", None, "hostile to", "hostile to", "rivals and enemies", "rivals and enemies", False),
    Relation("LineageStatement", "RenamedTo", "renamed to", "renamed from", "lineage", "lineage", True),
    Relation("LineageStatement", "SplitFrom", "split from", "has splinter", "lineage", "lineage", True),
    Relation("LineageStatement", "MergedInto", "merged into", "absorbed", "lineage", "lineage", True),
    Relation("LineageStatement", "SucceededBy", "succeeded by", "successor of", "lineage", "lineage", True),
    Relation("ControlStatement", None, "controls", "held by", "places controlled", "held by", True),
)

GROUP_ORDER = [
    "alliances",
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
