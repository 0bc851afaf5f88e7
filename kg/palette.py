"""One colour per actor, the same in every view that colours by actor (the map, the timeline).

A colour depends on the actor's IRI alone, never on which other actors a page draws, so an
actor keeps its colour from one page to the next: the well-known holders of the bundled graph
have fixed colours (:data:`FIXED`); any other actor gets one of :data:`COLOURS` picked by a
hash of its IRI (two rare actors may share one; the legend and the tooltips name them).
"""

from __future__ import annotations

import hashlib

__all__ = ["COLOURS", "FIXED", "actor_colour", "colours_for"]

_ID = "https://w3id.org/armed-groups-kg/id/"

# the holders and actors of the bundled graph, in colours that tell them apart
FIXED: dict[str, str] = {
    _ID + "syrian-government-forces": "#d62728",  # red
    _ID + "islamic-state": "#262626",  # near black
    _ID + "jaish-al-fath": "#2ca02c",  # green
    _ID + "ahrar-al-sham": "#17becf",  # cyan
    _ID + "al-nusra-front": "#9467bd",  # purple
    _ID + "jabhat-fateh-al-sham": "#e377c2",  # pink
    _ID + "hayat-tahrir-al-sham": "#8c564b",  # brown
    _ID + "al-qaeda": "#7f7f7f",  # grey
    _ID + "jund-al-aqsa": "#ff7f0e",  # orange
}

# distinguishable colours for every other actor (none of them a fixed one)
COLOURS: tuple[str, ...] = (
    "#1f77b4", "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#5254a3",
    "#b5cf6b", "#e7ba52", "#ad494a", "#a55194", "#6b6ecf", "#3182bd", "#e6550d", "#31a354",
)


def actor_colour(iri: str) -> str:
    """The colour of the actor ``iri`` (``#rrggbb``), the same on every page."""
    fixed = FIXED.get(iri)
    if fixed is not None:
        return fixed
    digest = hashlib.sha256(iri.encode("utf-8")).digest()
    return COLOURS[int.from_bytes(digest[:4], "big") % len(COLOURS)]


def colours_for(actors: dict[str, str]) -> dict[str, dict[str, str]]:
    """``{iri: {"label", "colour"}}`` for a page's legend, from ``{iri: label}``."""
    return {iri: {"label": label, "colour": actor_colour(iri)} for iri, label in sorted(actors.items())}
