"""An analyst's patterns file (``kg extract --patterns FILE``, docs/extraction.md), checked before
it is added to the bundled dictionary: a wrong type, a missing key, an unknown relation or slot
is refused with where it is, not met as a traceback in the middle of a report, and a pattern whose
gaps would multiply without end (several "..." in a row) is refused before it runs."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

__all__ = ["problem_in"]

_SPEC_KEYS = {"name", "text", "confidence", "subject", "relation", "object", "date", "undated", "event", "place",
              "voice", "end", "hostile", "allow", "targets", "opponent"}
_MAX_GAPS = 4  # "..." in one pattern: each is a gap of up to ten words, and the gaps multiply


def problem_in(more: dict[str, Any]) -> str:
    """What is wrong in an analyst's patterns file (docs/extraction.md), or "": each table of the
    kind the bundled file has, a pattern's relation one kg imports, its subject and object slots of
    its text, its confidence between 0 and 1, a regular expression that compiles."""
    from ..vocabulary import RELATIONS, SYNONYMS

    def strings(value: Any) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)

    for table in ("verbs", "hedges"):
        value = more.get(table, {})
        if not isinstance(value, dict) or not all(strings(v) for v in value.values()):
            return f"[{table}] must be a table of lists of words (capture = [\"seized\", \"took\"])"
    relations = {r.word for r in RELATIONS} | set(SYNONYMS)
    for table, needs in (("pattern", ("name", "text")), ("alias", ("pattern", "name")), ("anaphor", ("pattern", "refers_to"))):
        entries = more.get(table, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            return f"[[{table}]] must be tables, each under its own [[{table}]] line"
        for number, spec in enumerate(entries, 1):
            where = f"[[{table}]] number {number}" + (f" ({spec['name']!r})" if isinstance(spec.get("name"), str) else "")
            missing = [k for k in needs if not isinstance(spec.get(k), str) or not spec[k].strip()]
            if missing:
                return f"{where}: give {' and '.join(missing)} (text)"
            if table != "pattern":
                try:
                    re.compile(spec["pattern"])
                except re.error as error:
                    return f"{where}: the pattern is no regular expression ({error})"
                continue
            unknown = sorted(set(spec) - _SPEC_KEYS)
            if unknown:
                return f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(_SPEC_KEYS))})"
            if "relation" in spec and spec["relation"] not in relations:
                return f"{where}: unknown relation {spec['relation']!r} (known: {', '.join(sorted(relations))})"
            slots = set(re.findall(r"\{(\w+)\}", spec["text"])) | {"focus"}
            for key in ("subject", "object"):
                if key in spec and spec[key] not in slots:
                    return f"{where}: {key} {spec[key]!r} is no slot of its text ({', '.join(sorted(slots))})"
            confidence = spec.get("confidence", 0.5)
            if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
                return f"{where}: confidence must be a number from 0 to 1"
            words = spec["text"].split()
            if words.count("...") > _MAX_GAPS or any(a == b == "..." for a, b in pairwise(words)):
                return (f"{where}: at most {_MAX_GAPS} gaps (...) a pattern, never two in a row (each is up to ten "
                        "words already)")
    return ""
