"""XML files kg reads (RDF/XML through ``kg load``, the UN sanctions list) are checked here
before any parser sees them: a DTD that declares entities is refused.

pyoxigraph's RDF/XML parser expands internal entities, nested ones included (nine levels of
ten references each make a 10^9-character literal, gigabytes of memory); it rejects external
ones with a misleading message ("<!ENTITY values should be enclosed in double quotes"). Python's
expat caps the expansion, but still expands. No data kg reads needs entities, so every entity
declaration in the document's internal DTD subset (internal or external, general or
parameter) and every parameter-entity reference is refused with its file, line and column.

An RDF/XML file for ``kg load`` is then read once with expat (``check_rdfxml``): it must be
well-formed (the error has its line and column, which pyoxigraph's RDF/XML errors lack) and
nest elements at most MAX_DEPTH deep: pyoxigraph's RDF/XML parser slows down more than
quadratically with nesting depth (20,000 nested elements: 15 s; 200,000: hours).

A DOCTYPE without entity declarations (``<!DOCTYPE rdf:RDF>``, or one naming an external DTD
by SYSTEM or PUBLIC id) is allowed: neither parser reads external DTDs (pyoxigraph ignores
them, expat in ElementTree never loads them), so it cannot add entities. Only the prolog (what
comes before the root element) is read, in chunks: a DTD can appear nowhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from .errors import ParseError

__all__ = ["MAX_DEPTH", "check_rdfxml", "refuse_entities"]

_CHUNK = 1 << 16
MAX_DEPTH = 256  # elements nested in an RDF/XML file (real files: tens); see check_rdfxml
_WHY = "DTD entity declarations are not allowed"
_ADVICE = ("kg refuses XML entities before parsing (their expansion can take gigabytes; external ones read "
           "other files); expand them in the file, or save it as Turtle or N-Triples")


class _Prolog:
    """A byte stream read forward with its line and column; what is passed is forgotten."""

    def __init__(self, stream: IO[bytes]):
        self._stream, self._data, self._pos, self._eof = stream, b"", 0, False
        self._line, self._line_start = 1, 0  # of self._data[0]; line_start may be negative

    def _more(self) -> bool:
        if self._eof:
            return False
        chunk = self._stream.read(_CHUNK)
        if not chunk:
            self._eof = True
            return False
        passed = self._data[: self._pos]  # forget what was read: a huge comment costs no memory
        self._line += passed.count(b"\n")
        last = passed.rfind(b"\n")
        self._line_start = (last + 1 if last >= 0 else self._line_start) - self._pos
        self._data, self._pos = self._data[self._pos :] + chunk, 0
        return True

    def where(self) -> tuple[int, int]:
        """The line and column (1-based, in bytes) of the current position."""
        before = self._data[: self._pos]
        lines = before.count(b"\n")
        last = before.rfind(b"\n")
        start = last + 1 if last >= 0 else self._line_start
        return self._line + lines, self._pos - start + 1

    def peek(self, size: int) -> bytes:
        while len(self._data) - self._pos < size and self._more():
            pass
        return self._data[self._pos : self._pos + size]

    def skip(self, size: int) -> None:
        self.peek(size)
        self._pos = min(self._pos + size, len(self._data))

    def skip_space(self) -> None:
        while True:
            rest = self._data[self._pos :]
            stripped = rest.lstrip(b" \t\r\n")
            self._pos += len(rest) - len(stripped)
            if stripped or not self._more():
                return

    def past(self, token: bytes) -> bool:
        """Move just past the next ``token``; False at the end of the stream."""
        while True:
            found = self._data.find(token, self._pos)
            if found >= 0:
                self._pos = found + len(token)
                return True
            self._pos = max(self._pos, len(self._data) - len(token) + 1)
            if not self._more():
                self._pos = len(self._data)
                return False


def refuse_entities(stream: IO[bytes], display: str) -> None:
    """Raise ParseError (file, line, column, why) when the XML in ``stream`` declares DTD
    entities; read only its prolog. The caller reopens or rewinds the stream to parse it."""
    text = _Prolog(stream)
    if text.peek(3) == b"\xef\xbb\xbf":
        text.skip(3)
    while True:
        text.skip_space()
        head = text.peek(9)
        if head.startswith(b"<?"):
            text.past(b"?>")
        elif head.startswith(b"<!--"):
            text.skip(4)
            text.past(b"-->")
        elif head.upper() == b"<!DOCTYPE":
            text.skip(9)
            _doctype(text, display)
        else:
            return  # the root element (or not XML: the parser says so)


def _refuse(text: _Prolog, display: str, what: str) -> None:
    line, column = text.where()
    raise ParseError(display, line, column, f"{_WHY}: {what}; {_ADVICE}")


def _doctype(text: _Prolog, display: str) -> None:
    """From after ``<!DOCTYPE`` to after its closing ``>``."""
    while True:
        char = text.peek(1)
        if not char:
            return
        if char in (b'"', b"'"):
            text.skip(1)
            text.past(char)
        elif char == b"[":
            text.skip(1)
            _internal_subset(text, display)
        elif char == b">":
            text.skip(1)
            return
        else:
            text.skip(1)


def _internal_subset(text: _Prolog, display: str) -> None:
    """From after ``[`` to after ``]``: refuse entity declarations and references."""
    while True:
        text.skip_space()
        head = text.peek(8)
        if not head or head.startswith(b"]"):
            text.skip(1)
            return
        if head.startswith(b"<!--"):
            text.skip(4)
            text.past(b"-->")
        elif head.startswith(b"<?"):
            text.past(b"?>")
        elif head.upper() == b"<!ENTITY":
            _refuse(text, display, _declaration(text))
        elif head.startswith(b"%"):
            name = text.peek(60)[1:].split(b";", 1)[0].decode("utf-8", "replace")
            _refuse(text, display, f"a parameter entity reference (%{name};)")
        elif head.startswith(b"<"):
            _markup(text)
        else:
            text.skip(1)


def _declaration(text: _Prolog) -> str:
    """What the ``<!ENTITY`` at the current position declares, for the message."""
    words = text.peek(300)[8:].split(b">", 1)[0].split()
    parameter = bool(words) and words[0] == b"%"
    words = words[1:] if parameter else words
    name = words[0].decode("utf-8", "replace") if words else "?"
    external = len(words) > 1 and words[1].upper() in (b"SYSTEM", b"PUBLIC")
    kind = ("an external" if external else "an internal") + (" parameter" if parameter else "")
    return f"<!ENTITY {'% ' if parameter else ''}{name} ...> declares {kind} entity"


def _markup(text: _Prolog) -> None:
    """Past one markup declaration (``<!ELEMENT``, ``<!ATTLIST``, ``<!NOTATION``)."""
    text.skip(1)
    while True:
        char = text.peek(1)
        if not char:
            return
        text.skip(1)
        if char in (b'"', b"'"):
            text.past(char)
        elif char == b">":
            return


def check_rdfxml(path: Path, display: str) -> None:
    """Refuse DTD entities (``refuse_entities``), then read the file with expat: ParseError at
    the place of the first ill-formed spot or of an element nested deeper than MAX_DEPTH."""
    from xml.parsers import expat

    with path.open("rb") as stream:
        refuse_entities(stream, display)
    parser = expat.ParserCreate()
    depth = 0

    def start(name: str, attributes: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise ParseError(display, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1,
                             f"elements nested more than {MAX_DEPTH} deep (<{name}>): kg refuses such RDF/XML "
                             "(its parser slows down sharply with depth); write the data as N-Triples or Turtle")

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    def entity(name: str, *rest: object) -> None:  # refuse_entities saw them all: a second guard
        raise ParseError(display, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1,
                         f"{_WHY}: <!ENTITY {name} ...>; {_ADVICE}")

    parser.StartElementHandler, parser.EndElementHandler, parser.EntityDeclHandler = start, end, entity
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise ParseError(display, error.lineno, error.offset + 1,
                         f"not well-formed XML: {expat.ErrorString(error.code)}") from None
