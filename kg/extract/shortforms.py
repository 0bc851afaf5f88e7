"""Short forms of a party's name in a report: which party a new name shortens.

A report names a group in full once and shortly after: "Jabhat Fateh al-Sham" as "Fateh
al-Sham", "the Badr Organization" as "Badr", "Houthi rebels" as "the Houthis". Within kg
extract only (kg.names, the resolver every command shares, is unchanged), a new name is the
party it shortens when exactly one fits:

- a group kg knows whose name is this one (two words or more: one word is as often a place,
  "Yarmouk") after a generic first word (Jabhat, Jaysh, Harakat, Hay'at, Liwa, Tanzim, ...);
- a group kg knows, named earlier in the report, whose name (three words or more) ends with this
  one ("Zenki" after "Nour al-Din al-Zenki"), unless its last word is a common one ("Sham");
- a new group named earlier in the report whose name is this one and a generic last word
  (Organization, Movement, Brigade, ...);
- a new group named earlier in the plural or the singular ("the Houthis" after "the Houthi movement"
  too): one party, written in the plural.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..names import ACTOR_KINDS, normalise

if TYPE_CHECKING:
    from ..names import NameIndex
    from .newnames import NewName

__all__ = ["short_form"]

# generic first words of a group's name, left out in a short form ("Fateh al-Sham")
LEADING_WORDS = ("Jabhat", "Jabhet", "Jaysh", "Jaish", "Harakat", "Hay'at", "Hayat", "Liwa", "Tanzim", "Kataib", "Katibat")
# generic last words of a group's name, left out in a short form ("Badr" after "Badr Organization")
# last words of many groups' names: never a short form of one ("Sham" is no "Hay'at Tahrir al-Sham")
_GENERIC = {"sham", "islam", "islami", "sunna", "haq", "ansar", "jihad", "tahrir", "front", "army", "state", "forces", "brigade",
            "brigades", "movement", "division", "council", "organisation", "organization", "mujahideen", "levant", "iraq",
            "syria", "din", "allah", "ummah", "umma", "khilafa", "fath", "fatah", "nusra", "qaeda"}
TRAILING_WORDS = {"organization", "organisation", "movement", "brigade", "brigades", "group", "militia", "front", "party",
                  "forces", "army", "corps"}


def short_form(name: NewName, index: NameIndex, earlier: dict[str, NewName],
               named: dict[str, tuple[str, str]] | None = None) -> tuple[tuple[str, str, str], str] | None:
    """((IRI, label, kind), plural) of the one party ``name`` shortens (see the module), if
    exactly one: a known group, one the report ``named`` before (IRI -> (label, kind)) whose name
    ends with this one, or one of the ``earlier`` new names (new: IRI -> its first typed
    sighting); ``plural`` is the name to write for the party when ``name`` is its plural
    ("Houthis"), else ""."""
    bare_name = name.name.removesuffix(" movement")
    if bare_name != name.name and " " not in bare_name:  # "the Zenki movement": Zenki's, if it is one
        bare = short_form(replace(name, name=bare_name), index, earlier, named)
        if bare is not None:
            return bare
    found = set()
    for word in LEADING_WORDS if " " in name.name else ():
        for entry in index.exact(f"{word} {name.name}"):
            if entry.kind in ACTOR_KINDS:
                found.add((str(entry.iri), entry.label, entry.kind))
    if found:
        return (found.pop(), "") if len(found) == 1 else None
    key, plural = normalise(name.name), ""
    if key and key.split()[-1] not in _GENERIC and len(key) >= 4:  # "Zenki" after "Nour al-Din al-Zenki"
        ends = {(iri, label, kind) for iri, (label, kind) in (named or {}).items() if kind in ACTOR_KINDS
                and len(full := normalise(label).split()) >= 3 and " ".join(full[-len(key.split()):]) == key}
        if len(ends) == 1:
            return ends.pop(), ""
    for iri, n in earlier.items():
        if n.kind not in ACTOR_KINDS:
            continue
        other = normalise(n.name)
        if other in (key + "s", key[:-1] if key.endswith("s") else None):
            found.add((iri, n.name, n.kind))
            plural = name.name if key.endswith("s") else ""
        elif other.startswith(key + " ") and all(w in TRAILING_WORDS for w in other[len(key) + 1:].split()):
            found.add((iri, n.name, n.kind))
        elif key.endswith("s") and other.startswith(key[:-1] + " ") and all(
                w in TRAILING_WORDS for w in other[len(key):].split()):  # "the Houthis" after "the Houthi movement"
            found.add((iri, n.name, n.kind))
            plural = name.name
    return (found.pop(), plural) if len(found) == 1 else None
