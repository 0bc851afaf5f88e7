"""The clause rules' lexicon (kg/extract/lexicon.toml): verb classes with their voices, role
nouns, hedges; loaded once and compiled to one regular expression per class and voice."""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

__all__ = ["LEXICON", "load_lexicon"]

LEXICON = Path(__file__).with_name("lexicon.toml")
_TABLES = ("hedge", "role")  # the tables that are no verb class


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Any]:
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def load_lexicon(path: Path | None = None) -> dict[str, Any]:
    return _load(str(path or LEXICON))


# "fell in September 2015 to", "fell late on Sunday to": a time between a verb of falling and its "to"
_FALL_GAP = r"(?:\s+(?:(?:in|on|at|during|late|early|last|this|overnight|finally|quickly|swiftly)\b[\w\s,]{0,30}?))?"


# "is in control of" in any tense of "be", with an adverb or none: "were firmly in control of"
_BE = (r"(?:is|are|was|were|has\s+been|have\s+been|had\s+been|remains|remain|remained)"
       r"(?:\s+(?:now|still|firmly|fully|effectively|largely|already|completely))?")
_STATE = re.compile(r"(?:is|are)\s+in\s+(?:control|charge)\s+of")
# ... and "in full control of": the phrase's "in" may take an adjective
_FULL = r"(?:(?:full|complete|total|effective|overall)\s+)?"


def _phrases(words: list[str]) -> str:
    options = sorted(set(words), key=len, reverse=True)
    out = []
    for o in options:
        parts = [re.escape(w) for w in o.split()]
        if _STATE.fullmatch(o):
            out.append(_BE + r"\s+" + parts[1] + r"\s+" + _FULL + r"\s+".join(parts[2:]))
        elif len(parts) >= 2 and parts[-1] == "to" and re.fullmatch(r"(?:has\s+|had\s+)?(?:fell|falls|fallen)", " ".join(o.split()[:-1])):
            out.append(r"\s+".join(parts[:-1]) + _FALL_GAP + r"\s+to")
        else:
            out.append(r"\s+".join(parts))
    return "|".join(out)


@lru_cache(maxsize=4)
def _compiled(path: str) -> dict[str, dict[str, re.Pattern[str]]]:
    lexicon = _load(path)
    out: dict[str, dict[str, re.Pattern[str]]] = {}
    for name, spec in lexicon.items():
        if name in _TABLES:
            continue
        out[name] = {}
        for voice in ("active", "passive", "inverse"):
            if spec.get(voice):
                out[name][voice] = re.compile(rf"(?<![\w'’-])(?:{_phrases(spec[voice])})(?![\w'’-])", re.IGNORECASE)
    return out


@lru_cache(maxsize=4)
def _all_verbs(path: str) -> re.Pattern[str]:
    lexicon = _load(path)
    words = [w for name, spec in lexicon.items() if name not in _TABLES for w in spec.get("active", []) + spec.get("inverse", [])]
    return re.compile(rf"(?:{_phrases(words)})(?![\w'’-])", re.IGNORECASE)
