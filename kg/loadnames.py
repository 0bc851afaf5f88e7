"""The name keys (kg.namekeys) and the name index (kg.names) of a load into an empty store,
made from the labels it saw (kg.loaded) in one reading of them: each label normalised once,
for both.

Making them in a Python process of its own while kg load's process makes the edge table was
tried and not kept: at 1M triples it was 11 % slower (four paired runs), at 10M 3 % quicker (one
pair; docs/scaling.md): after the parse, the two and the bulk load of the keys share two cores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .namekeys import KG
from .namerules import keys_of

__all__ = ["KeyTriples", "Labels", "key_triples", "save_index", "write_key_triples"]

_BATCH = 100_000  # lines of name-key triples joined at a time: memory stays flat


@dataclass
class KeyTriples:
    """The name-key triples of a load's labels, as N-Triples."""

    replace: bool  # the keys the data carries are deleted first
    batches: list[bytes] = field(default_factory=list)


@dataclass
class Labels:
    """What the keys and the index are made from (kg.loaded.Seen.labelled), as text."""

    labels: list[tuple[str, str, str]]  # (subject cell, label property, label) of IRIs
    given: set[tuple[Any, str, Any]]  # the name keys the data carries: (subject, key property, key)
    kinds: dict[str, list[str]]  # subject cell -> its kg: types' local names (the subjects of prefs)
    prefs: dict[str, list[str]]  # subject cell -> its English preferred labels


def key_triples(labels: Labels) -> tuple[dict[str, tuple[str, str] | None], KeyTriples | None]:
    """Every label's keys, and their triples (None: the data carries exactly these keys
    already; kg export writes them)."""
    keys = _name_keys(labels)
    return keys, _key_triples(labels, keys)


def save_index(labels: Labels, keys: dict[str, tuple[str, str] | None], path: Path,
               progress: Callable[[int], None] | None = None) -> None:
    """Write the name index of ``labels`` (``keys``: their keys, from :func:`key_triples`) to ``path``."""
    _name_index(labels, keys, progress).save(path)


def _name_keys(labels: Labels) -> dict[str, tuple[str, str] | None]:
    """Every label's keys (kg.namerules.keys_of), each label normalised once."""
    keys: dict[str, tuple[str, str] | None] = {}
    for _, _, label in labels.labels:
        if label not in keys:
            keys[label] = keys_of(label)
    return keys


def _key_triples(labels: Labels, keys: dict[str, tuple[str, str] | None]) -> KeyTriples | None:
    from .namekeys import _nt_string

    if labels.given:
        made = {(s[1:], prop, key) for s, _, label in labels.labels if (k := keys[label]) is not None
                for prop, key in (("nameKey", k[0]), ("nameSkeleton", k[1]))}
        if made == labels.given:
            return None
    # each label's two triples less the subject, made once
    tails: dict[str, tuple[str, str] | None] = {
        label: None if k is None else (f"> <{KG}nameKey> {_nt_string(k[0])} .\n",
                                       f"> <{KG}nameSkeleton> {_nt_string(k[1])} .\n")
        for label, k in keys.items()}
    named: set[tuple[str, str]] = set()  # (IRI, key): a resource's labels may share a key
    triples = KeyTriples(bool(labels.given))
    lines: list[str] = []
    for subject, _, label in labels.labels:
        tail = tails[label]
        if tail is None:
            continue
        iri, key = subject[1:], tail[0]
        if (iri, key) in named:
            continue
        named.add((iri, key))
        lines.append(f"<{iri}{tail[0]}<{iri}{tail[1]}")
        if len(lines) >= _BATCH:
            triples.batches.append("".join(lines).encode("utf-8"))
            lines.clear()
    if lines:
        triples.batches.append("".join(lines).encode("utf-8"))
    return triples


def _name_index(labels: Labels, keys: dict[str, tuple[str, str] | None],
                progress: Callable[[int], None] | None) -> Any:
    """The name index (kg.names.NameIndex) of the labels: what the rows of its index query give
    (every resource with a kg: type and an English preferred label, each of its labels), made
    from the labels directly: an entry for each resource of a kind kg names (its first English
    preferred label; its kind the first of kg.names.KINDS it has), and its names, every label
    and preferred label (tests/test_load.py compares the tables with the index read back)."""
    from .names import KINDS, NameIndex

    names_of: dict[str, list[str]] = {}
    for subject, _, label in labels.labels:
        names_of.setdefault(subject, []).append(label)
    rank = {kind: i for i, kind in enumerate(KINDS)}
    entries: dict[str, tuple[str, str]] = {}
    names: dict[str, list[str]] = {}
    for subject, its_prefs in labels.prefs.items():
        kinds = [kind for kind in labels.kinds.get(subject, ()) if kind in rank]
        its_names = names_of.get(subject)
        if not kinds or not its_names:
            continue
        iri = subject[1:]
        entries[iri] = (its_prefs[0], KINDS[min(kinds, key=rank.__getitem__)])
        names[iri] = sorted({*its_names, *its_prefs})
    index = NameIndex.of_names(entries, names, keys)
    if progress is not None:
        progress(sum(map(len, names.values())))
    return index


def write_key_triples(store: Any, triples: KeyTriples | None) -> None:
    """Write the name-key triples :func:`key_triples` made into the pyoxigraph ``store``."""
    import pyoxigraph as ox

    from .namekeys import NAME_KEY_PROPERTIES

    if triples is None:
        return
    if triples.replace:
        for name in NAME_KEY_PROPERTIES:
            store.update(f"DELETE WHERE {{ ?s <{KG}{name}> ?key }}")
    if triples.batches:  # one bulk load (each is a RocksDB ingest of its own), read a batch at a time
        store.bulk_load(_Joined(triples.batches), ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())


class _Joined:
    """Batches of bytes read as one binary file."""

    def __init__(self, batches: list[bytes]):
        self._batches, self._at, self._offset = batches, 0, 0

    def read(self, size: int = -1) -> bytes:
        if self._at >= len(self._batches):
            return b""
        batch = self._batches[self._at]
        if size < 0 or self._offset + size >= len(batch):
            self._at, start, self._offset = self._at + 1, self._offset, 0
            return batch[start:] if start else batch
        start, self._offset = self._offset, self._offset + size
        return batch[start:self._offset]
