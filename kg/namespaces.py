"""IRIs and prefixes, in one place.

``KG`` is a closed namespace: using a term the ontology does not declare raises
AttributeError at once (tests/test_ontology.py checks every term here is declared in
ontology/kg.ttl).
"""

from __future__ import annotations

from typing import Any

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from .prefixes import PREFIXES

__all__ = ["ID", "KG", "KGS", "ONTOLOGY_IRI", "PREFIXES", "bind_prefixes", "query_prefixes"]

ONTOLOGY_IRI = URIRef("https://w3id.org/armed-groups-kg/ontology")


class KG(DefinedNamespace):
    """The kg ontology (ontology/kg.ttl)."""

    _NS = Namespace(PREFIXES["kg"])
    _fail = True

    # classes
    Agent: URIRef
    Actor: URIRef
    ArmedGroup: URIRef
    Alliance: URIRef
    StateForces: URIRef
    TransnationalOrganisation: URIRef
    Person: URIRef
    Organisation: URIRef
    UnnamedSource: URIRef
    Place: URIRef
    Country: URIRef
    Governorate: URIRef
    City: URIRef
    MilitaryBase: URIRef
    Airbase: URIRef
    Facility: URIRef
    Source: URIRef
    NewsArticle: URIRef
    Dataset: URIRef
    ReferenceWork: URIRef
    Provenance: URIRef
    DatePrecision: URIRef
    Day: URIRef
    Month: URIRef
    Year: URIRef
    DateBound: URIRef
    NotBefore: URIRef
    NotAfter: URIRef
    Statement: URIRef
    MembershipStatement: URIRef
    AffiliationStatement: URIRef
    ControlStatement: URIRef
    CooperationStatement: URIRef
    HostilityStatement: URIRef
    LineageStatement: URIRef
    LineageType: URIRef
    RenamedTo: URIRef
    SplitFrom: URIRef
    MergedInto: URIRef
    SucceededBy: URIRef
    Role: URIRef
    Leader: URIRef
    Member: URIRef
    AffiliationType: URIRef
    Branch: URIRef
    Allegiance: URIRef
    Claim: URIRef
    Event: URIRef
    Conflict: URIRef
    Offensive: URIRef
    Capture: URIRef
    Withdrawal: URIRef
    Redeployment: URIRef
    Incursion: URIRef
    Announcement: URIRef
    AirStrikes: URIRef
    Relocation: URIRef
    WeaponsSeizure: URIRef
    Battle: URIRef
    RemoteViolence: URIRef
    ViolenceAgainstCivilians: URIRef
    Protest: URIRef
    Riot: URIRef
    StrategicDevelopment: URIRef
    StateBasedViolence: URIRef
    NonStateViolence: URIRef
    OneSidedViolence: URIRef
    DirectEdge: URIRef
    DerivedProperty: URIRef

    # properties
    locatedIn: URIRef
    capitalOf: URIRef
    provenance: URIRef
    forProperty: URIRef
    forValue: URIRef
    usedAs: URIRef
    retrieved: URIRef
    start: URIRef
    end: URIRef
    startPrecision: URIRef
    endPrecision: URIRef
    startBound: URIRef
    endBound: URIRef
    attested: URIRef
    lastAttested: URIRef
    coverageFrom: URIRef
    coverageUntil: URIRef
    actor: URIRef
    object: URIRef
    role: URIRef
    affiliationType: URIRef
    lineageType: URIRef
    endSource: URIRef
    endClaimant: URIRef
    endedBy: URIRef
    restates: URIRef
    claimant: URIRef
    claimDate: URIRef
    about: URIRef
    medium: URIRef
    relayedBy: URIRef
    summary: URIRef
    note: URIRef
    agent: URIRef
    opponent: URIRef
    place: URIRef
    destination: URIRef
    partOf: URIRef
    resultsIn: URIRef
    founds: URIRef
    dissolves: URIRef
    count: URIRef
    countOf: URIRef
    countQualifier: URIRef
    materiel: URIRef
    fatalities: URIRef
    fatalitiesLow: URIRef
    fatalitiesHigh: URIRef
    datasetEventId: URIRef
    eventType: URIRef
    targets: URIRef
    ucdpActorId: URIRef
    ucdpCoalitionId: URIRef
    unReference: URIRef
    unListedOn: URIRef

    # direct edges, derived by the build
    memberOf: URIRef
    leads: URIRef
    affiliatedWith: URIRef
    branchOf: URIRef
    pledgedAllegianceTo: URIRef
    controls: URIRef
    alliedWith: URIRef
    hostileTo: URIRef
    renamedTo: URIRef
    splitFrom: URIRef
    mergedInto: URIRef
    succeededBy: URIRef

    # time bounds, derived by the build (kg/timespan.py)
    certainFrom: URIRef
    certainUntil: URIRef
    possibleFrom: URIRef
    possibleUntil: URIRef
    within: URIRef

    # name keys, derived by the build (kg/namekeys.py), and a server's data version (kg/store.py)
    nameKey: URIRef
    nameSkeleton: URIRef
    dataVersion: URIRef


ID = Namespace(PREFIXES["id"])
KGS = Namespace("https://w3id.org/armed-groups-kg/shapes#")


def bind_prefixes(graph: Any) -> Any:
    """Bind the project's PREFIXES on ``graph``, replacing whatever rdflib bound by default
    (rdflib binds ``geo:`` to GeoSPARQL; the data's ``geo:`` is WGS84, and a plain ``bind``
    would write it as ``geo1:``). Returns ``graph``."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def query_prefixes(graph: Any) -> dict[str, str]:
    """The prefixes a query on ``graph`` may use: the graph's own, with the project's winning."""
    return {**{str(p): str(n) for p, n in graph.namespaces()}, **PREFIXES}
