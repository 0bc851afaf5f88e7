"""JSON-LD files for ``kg load`` are checked here for what JSON-LD drops without a word.

The JSON-LD algorithms ignore, by design, a node whose ``@id`` is not a valid IRI (a space in
it), a value whose ``@language`` is not a language tag, a value of an ``@id``-typed term that
is not an IRI, and every key that is neither a keyword, a term of an ``@context``, nor an IRI or
compact IRI ("name" in a file without a context). A file mixing good and such nodes would load
"successfully" with part of its data gone. kg refuses it instead, naming the first dropped key
or value with its line and column, so nothing is lost silently.

The check is on the JSON text before pyoxigraph parses it. It is deliberately lenient about
contexts: a term defined in any ``@context`` of the file counts as defined everywhere, and a
file with an ``@vocab`` (or a context by reference, which kg refuses anyway) has no undefined keys. Text that is not JSON (or nests deeper than
Python's parser goes) is left to pyoxigraph, whose error has the place. Files over
``MAX_CHECKED_BYTES`` are not checked (their size makes a second in-memory read costly).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .errors import ParseError

__all__ = ["MAX_CHECKED_BYTES", "check_jsonld"]

MAX_CHECKED_BYTES = 256 * 1024 * 1024
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_DROPPED = "JSON-LD would drop it without a word, so kg refuses the file"


class _Dropped(Exception):
    def __init__(self, needle: str, why: str):
        super().__init__(why)
        self.needle, self.why = needle, why


def check_jsonld(path: Path, display: str) -> None:
    """Raise ParseError (with the line and column) at the first key or value of the JSON-LD
    file ``path`` that the JSON-LD algorithms would silently drop (see the module's docstring)."""
    if path.stat().st_size > MAX_CHECKED_BYTES:
        return
    try:
        document = json.loads(path.read_bytes())
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or too deep: pyoxigraph says where
        return
    terms: dict[str, Any] = {}
    has_vocab = [False]
    try:
        _collect_contexts(document, terms, has_vocab)
        _walk(document, terms, has_vocab[0])
    except RecursionError:
        return
    except _Dropped as dropped:
        line, column = _locate(path, dropped.needle)
        raise ParseError(display, line, column, f"{dropped.why}: {_DROPPED}") from None


def _collect_contexts(node: Any, terms: dict[str, Any], has_vocab: list[bool]) -> None:
    if isinstance(node, list):
        for item in node:
            _collect_contexts(item, terms, has_vocab)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for context in value if isinstance(value, list) else [value]:
                    if isinstance(context, str):  # a remote context (refused later): its terms are unknown
                        has_vocab[0] = True
                    if isinstance(context, dict):
                        if context.get("@vocab") is not None:
                            has_vocab[0] = True
                        terms.update((k, v) for k, v in context.items() if not k.startswith("@"))
                        for definition in context.values():  # scoped contexts inside term definitions
                            if isinstance(definition, dict) and "@context" in definition:
                                _collect_contexts(definition, terms, has_vocab)
            else:
                _collect_contexts(value, terms, has_vocab)


def _iri(value: Any, what: str) -> None:
    if isinstance(value, str) and _NOT_IN_IRI.search(value):
        raise _Dropped(json.dumps(value, ensure_ascii=False), f"{what} {json.dumps(value, ensure_ascii=False)} is not a valid IRI")


def _is_iri_term(definition: Any) -> bool:
    return isinstance(definition, dict) and definition.get("@type") in ("@id", "@vocab")


def _walk(node: Any, terms: dict[str, Any], has_vocab: bool, iri_values: bool = False) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, terms, has_vocab, iri_values)
        return
    if isinstance(node, str):
        if iri_values:
            _iri(node, "the value")
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "@context":
            continue
        if key == "@id":
            _iri(value, "the @id")
        elif key == "@type" and "@value" not in node:
            for item in value if isinstance(value, list) else [value]:
                _iri(item, "the @type")
        elif key == "@language" and isinstance(value, str) and not _LANGUAGE.match(value):
            raise _Dropped(json.dumps(value), f'the @language {json.dumps(value)} is not a language tag')
        elif key.startswith("@"):
            _walk(value, terms, has_vocab)
        else:
            if key not in terms and ":" not in key and not has_vocab:
                raise _Dropped(json.dumps(key, ensure_ascii=False),
                               f"the key {json.dumps(key, ensure_ascii=False)} is neither a term of an @context "
                               "nor an IRI (its values are lost)")
            if key not in terms:
                _iri(key, "the key")
            if key in terms and terms[key] is None:
                continue  # mapped to null on purpose: dropped by the author's choice
            _walk(value, terms, has_vocab, _is_iri_term(terms.get(key)))


def _locate(path: Path, needle: str) -> tuple[int | None, int | None]:
    """The line and column of the first occurrence of ``needle`` (as JSON text) in the file."""
    encoded = needle.encode("utf-8")
    with path.open("rb") as lines:
        for number, line in enumerate(lines, 1):
            at = line.find(encoded)
            if at >= 0:
                return number, len(line[:at].decode("utf-8", "replace")) + 1
    return None, None
