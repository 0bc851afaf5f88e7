"""A report cut into sentences: paragraphs, sentences that never end inside a quotation (a
quote of two sentences followed by "said X" stays one unit, so X is found), the spans that are
inside quotation marks and the parenthetical asides (between dashes or in parentheses)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Sentence", "dateline", "sentences"]

_OPEN, _CLOSE, _TOGGLE = "“«", "”»", '"'
# (from the first mark of a run, taken whole: a run of 30,000 dots is read in one step, not 30,000²)
_END = re.compile(r"(?<![.!?])[.!?]++[\"”»’']?(?=\s+[\"“«(A-Z0-9]|\s*$)")
_LOWER_NEXT = re.compile(r"\s*[,]?\s*[a-z]")
_ATTRIBUTED = re.compile(r"\s+(?P<who>[A-Z]\w+)\s+(?:said|says|told|added|wrote)\b")
# a word that a period shortens, before a number or a name: no sentence's end
_ABBREVIATION = re.compile(r"(?<![\w.])(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|"
                           r"Capt|Sgt|Brig|Cpl|Adm|St|Sen|Rep|Gov|Prof|No|Nos|vs|U\.S|U\.N|U\.K|Jr)\.$")
_DASH_ASIDE = re.compile(r"\s[–—]\s[^–—]{1,200}?\s[–—]\s")
_PAREN_ASIDE = re.compile(r"\s\([^()]{1,200}\)")
# an apposition between commas: "Nusra, the former al Qaeda affiliate, is leading ..."
_COMMA_ASIDE = re.compile(r",\s(?:the|a|an|which|who|whose|with|backed\s+by|supported\s+by|aided\s+by|(?:[A-Za-z][\w-]*\s){0,2}[\w-]+['’]s)\s[^,;()–—\"“”]{1,80}?,\s(?!and\b|or\b|but\b)")


# "BEIRUT (Reuters) -", "BEIRUT, May 21 (Reuters) -", "DAMASCUS, Syria, 25 April (AFP) –", "ANKARA/KILIS, Turkey
# (AP) —", "Kobani (Syria) (AFP) -", "ISTANBUL —" (a place in capitals alone)
_DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Z .'’/-]+?|[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?(?=\s*\(|,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2}\b))(?:\s*\((?P<state>[A-Z][a-z]+)\))?(?:,\s*(?P<country>[A-Z][a-z]+))?(?:,\s*(?P<date>[A-Za-z]+\.?\s+\d{1,2}|\d{1,2}\s+[A-Za-z]+))?"
                       r"(?:,?\s*\d{4})?\s*(?:\((?P<agency>[^()]{1,40})\))?\s*[-–—]+\s+")


def dateline(text: str) -> tuple[str, str, str, str]:
    """(the report without its dateline, the dateline's place, the dateline's date as written
    or "", its country or ""): "BEIRUT, May 21 (Reuters) - ..." gives ("...", "BEIRUT", "May 21",
    ""), "KILIS, Turkey (AP) - ..." ("...", "KILIS", "", "Turkey")."""
    offset = 0
    for paragraph in re.split(r"(\n\s*\n|\n)", text)[:6]:  # a headline may come first
        m = _DATELINE.match(paragraph)
        if m is not None and (m["agency"] or m["date"] or re.fullmatch(r"[A-Z][A-Z/ -]{3,}", m["place"].strip())):
            return (text[:offset] + text[offset + m.end():], m["place"].strip(), m["date"] or "",
                    m["country"] or m["state"] or "")
        offset += len(paragraph)
    return text, "", "", ""


@dataclass
class Sentence:
    """One sentence (or a quotation of several sentences with its attribution)."""

    index: int
    paragraph: int
    text: str
    quoted: list[tuple[int, int]] = field(default_factory=list)  # character spans inside quotes
    asides: list[tuple[int, int]] = field(default_factory=list)  # dash and parenthesis asides

    def in_quotes(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.quoted)

    @property
    def is_question(self) -> bool:
        return self.text.rstrip("\"”’' ").endswith("?")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    spans, opened = [], None
    for i, char in enumerate(text):
        if char in _OPEN or (char in _TOGGLE and opened is None):
            opened = i
        elif (char in _CLOSE or char in _TOGGLE) and opened is not None:
            spans.append((opened, i + 1))
            opened = None
    if opened is not None:  # a quotation that goes on in the next paragraph
        spans.append((opened, len(text)))
    return spans


def _asides(text: str) -> list[tuple[int, int]]:
    found = [(m.start(), m.end()) for m in _DASH_ASIDE.finditer(text)]
    found += [(m.start(), m.end()) for m in _PAREN_ASIDE.finditer(text)]
    found += [(m.start(), m.end() - 1) for m in _COMMA_ASIDE.finditer(text)
              if not any(s < m.end() and m.start() < e for s, e in found)]
    return sorted(found)


def _split(paragraph: str) -> list[str]:
    """Sentence ends that are not inside a quotation."""
    quoted = _quote_spans(paragraph)
    parts, begin = [], 0
    for m in _END.finditer(paragraph):
        end = m.end()
        if any(s < m.start() < e - 1 for s, e in quoted):
            continue
        # (the abbreviation looked for just before the period: a search from the paragraph's start is
        # quadratic in its sentence ends)
        if m.group(0) == "." and _ABBREVIATION.search(paragraph, max(0, m.end() - 8), m.end()):
            continue  # "on Aug. 24", "Gen. Testname", "the U.S. State Department": no sentence's end
        # "…?” Nasr says." — an end inside the closing quote that an attribution follows
        attributed = _ATTRIBUTED.match(paragraph, end)
        if _LOWER_NEXT.match(paragraph, end) or attributed and (
                m.group(0)[-1] in "\"”»’'" or attributed["who"] in ("He", "She", "They")):
            continue  # ("… last year. Medics said …": two sentences; "… . He said …": the speaker's words go on)
        parts.append(paragraph[begin:end].strip())
        begin = end
    if paragraph[begin:].strip():
        parts.append(paragraph[begin:].strip())
    return parts


def _is_heading(paragraph: str) -> bool:
    """A line without a sentence's end (a title, a section heading, a photo credit)."""
    return not re.search(r"[.!?][\"”’']?\s*$", paragraph) or len(paragraph.split()) < 4


def sentences(text: str) -> list[Sentence]:
    """The report's sentences in order; headings and blank lines left out."""
    found: list[Sentence] = []
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    # an editor's note in square brackets ("[Sammad heads ... .]") is text like the rest
    paragraphs = [p[1:-1].strip() if p.startswith("[") and p.endswith("]") and "]" not in p[1:-1] else p
                  for p in paragraphs]
    for number, paragraph in enumerate(paragraphs):
        if _is_heading(paragraph):
            continue
        for part in _split(" ".join(paragraph.split())):
            for piece in _bounded(part):
                found.append(Sentence(len(found), number, piece, _quote_spans(piece), _asides(piece)))
    return found


MAX_SENTENCE = 1_200  # characters: a wire sentence is rarely a third of that


def _bounded(part: str) -> list[str]:
    """A sentence cut into pieces of at most MAX_SENTENCE characters, at a semicolon, else a comma,
    else a space, as late as may be: the rules' time grows faster than a sentence's length, and a
    file that is one sentence of a million characters must not take hours."""
    pieces = []
    while len(part) > MAX_SENTENCE:
        window = part[:MAX_SENTENCE]
        cut = max(window.rfind("; "), window.rfind(", ") if window.rfind("; ") < MAX_SENTENCE // 2 else -1)
        if cut < MAX_SENTENCE // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = MAX_SENTENCE - 1
        pieces.append(part[:cut + 1].strip())
        part = part[cut + 1:].strip()
    return pieces + ([part] if part else [])
