"""UN Security Council consolidated sanctions list (XML, schema sc-sanctions.xsd).

Entities (not individuals) are read: the listed name, the name in original script, every
alias (Latin and Arabic script; the list packs several into one ALIAS_NAME, with comments in
brackets), the reference number (``kg:unReference``) and the listing date
(``kg:unListedOn``), all cited to the UN list source. An entity already in the graph (by
reference number, then by its listed name as an actor's preferred label) is enriched, whatever
its country; an alias that already names another actor is left out and reported as a conflict. A new one is created as
a ``kg:ArmedGroup`` only if it is on the ISIL/Al-Qaida list and operates in the chosen country
(default Syria); exchange offices, companies and charities are skipped (not armed actors).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from rdflib import Literal
from rdflib.namespace import XSD

from ..errors import InputError
from ..namespaces import ID, KG
from .common import Report, new_graph, read_text
from .datasets import Matcher, require_source

__all__ = ["SOURCE", "import_un", "nice_case", "read_un", "split_aliases"]

SOURCE = ID["src-un-sc-consolidated-list-2018-10-29"]
_NOT_ARMED = re.compile(r"\b(EXCHANGE|COMPANY|BANK|CHARIT|FOUNDATION|TRADING|ESTABLISHMENT|OFFICE|SOCIETY|"
                        r"RELIEF|TRUST|COMMITTEE|AGENCY|LTD|LLC|CORPORATION|INDUSTR)", re.IGNORECASE)
_COMMENTS = re.compile(r"^(original script|sub-unit name|formerly known as|f\.k\.a\.?|a\.k\.a\.?)$", re.IGNORECASE)
_SMALL = {"of", "the", "for", "and", "in", "on", "al", "wa", "li", "bi", "fi", "ul"}


def split_aliases(text: str) -> list[str]:
    """'جبهة النصرة (the Victory Front; Jabhat al-Nusrah)' -> ['جبهة النصرة', 'the Victory Front',
    'Jabhat al-Nusrah']; bracketed comments such as '(original script)' are dropped."""
    text = " ".join(text.split())
    names = []
    for part in re.split(r"[();]", text):
        part = re.sub(r"\s+-\s+sub-unit name$", "", part.strip(" ,.")).strip()
        if part and not _COMMENTS.match(part) and len(part) > 1:
            names.append(part)
    return list(dict.fromkeys(names))


def nice_case(name: str) -> str:
    """'AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT' -> 'Al-Nusrah Front for the People of the Levant'."""
    name = " ".join(name.split())
    if name != name.upper():
        return name
    words = []
    for i, word in enumerate(name.lower().split(" ")):
        parts = [p if (p in _SMALL and (i or j)) else p[:1].upper() + p[1:] for j, p in enumerate(word.split("-"))]
        words.append("-".join(parts))
    return " ".join(words)


def read_un(path: Path, graph, *, country: str | None = "Syria"):
    """The triples to add from the UN list, and a Report. ``country=None``: every entity."""
    require_source(graph, SOURCE)
    text = read_text(path, "the UN list")
    from io import BytesIO

    from ..xmlguard import refuse_entities

    refuse_entities(BytesIO(text.encode("utf-8")), path.name)  # entity bombs and XXE, before expat
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise InputError(f"{path.name}: not well-formed XML ({error})") from None
    entities = root.find("ENTITIES")
    if root.tag != "CONSOLIDATED_LIST" or entities is None:
        raise InputError(f"{path.name}: no CONSOLIDATED_LIST/ENTITIES: is this the UN consolidated list XML?")
    out, report = new_graph(), Report()
    matcher = Matcher(graph, out, KG.unReference, report)
    for node in entities.findall("ENTITY"):
        ref = (node.findtext("REFERENCE_NUMBER") or "").strip()
        listed = nice_case(node.findtext("FIRST_NAME") or "")
        record = f"UN {ref} {listed}"
        names = [listed] + split_aliases(node.findtext("NAME_ORIGINAL_SCRIPT") or "")
        for alias in node.findall("ENTITY_ALIAS"):
            names += split_aliases(alias.findtext("ALIAS_NAME") or "")
        names = list(dict.fromkeys(n for n in names if n))
        entity, reason = matcher.match(ref, listed)
        if reason:
            report.skipped.append((record, reason))
            continue
        where = {(a.findtext("COUNTRY") or "").strip() for a in node.findall("ENTITY_ADDRESS")}
        if entity is None:
            if country and not any(country.lower() in w.lower() for w in where):
                continue
            if (node.findtext("UN_LIST_TYPE") or "").strip() != "Al-Qaida":
                report.skipped.append((record, "not on the ISIL/Al-Qaida list (not created as an armed group)"))
                continue
            if _NOT_ARMED.search(listed):
                report.skipped.append((record, "a financial or charitable entity, not an armed actor"))
                continue
            entity = matcher.create(record, listed, KG.ArmedGroup, ref)
            if entity is None:
                continue
            report.created.append(record)
        else:
            report.matched.append(f"{record} -> {entity.n3()}")
        extra = []
        day = (node.findtext("LISTED_ON") or "").strip()
        if re.match(r"^\d{4}-\d{2}-\d{2}$", day):
            extra.append((KG.unListedOn, Literal(day, datatype=XSD.date)))
        matcher.enrich(record, entity, SOURCE, ref, names, extra)
    return out, report


def import_un(location: str | None, path: Path, *, country: str | None = "Syria", dry_run: bool = False,
              progress: Callable[[str], None] | None = None):
    from ..store import open_graph
    from ..update import apply

    additions, report = read_un(path, open_graph(location), country=country)
    if progress is not None:
        progress("re-deriving the edges, validating and writing")
    change = apply(location, additions, record={"kind": "un", "file": path.name, "country": country,
                                                **report.counts()}, dry_run=dry_run)
    return report, change
