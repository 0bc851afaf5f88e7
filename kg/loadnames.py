"""The name keys (kg.namekeys) and the name index (kg.names) of a load into an empty store,
made from the labels it saw (kg.loaded) in one reading of them: each label normalised once,
for both.

A big load makes them in a Python process of its own while ``kg load``'s process makes the
edge table (kg.edgerows, kg.edges): both are pure Python, and one process runs Python on one
core at a time. The labels go to the other process in a file beside the generation, the name
index comes back as its file and the name keys as an N-Triples file that kg.load bulk loads;
both files are named for the generation (``gen-X.*``), so a load killed half way leaves
nothing a later writer does not remove (kg.store). A small load (the bundled graph, a report)
makes them here: a process costs more than it saves below :data:`SEPARATE` labels.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ProcessFailed
from .namekeys import KG
from .namerules import keys_of

__all__ = ["SEPARATE", "KeyTriples", "Labels", "NameJob", "key_triples", "save_index", "start", "write_key_triples"]

# labels from which the keys and the index are made in a process of their own (at 1M triples
# of bench/generate.py's data, about 90,000)
SEPARATE = 50_000

_BATCH = 100_000  # lines of name-key triples joined at a time: memory stays flat


@dataclass
class KeyTriples:
    """The name-key triples of a load's labels, as N-Triples: in memory (``batches``) or in a
    file (``path``)."""

    replace: bool  # the keys the data carries are deleted first
    batches: list[bytes] = field(default_factory=list)
    path: Path | None = None


@dataclass
class Labels:
    """What the keys and the index are made from (kg.loaded.Seen.labelled): plain text only,
    so that it pickles quickly."""

    labels: list[tuple[str, str, str]]  # (subject cell, label property, label) of IRIs
    given: set[tuple[Any, str, Any]]  # the name keys the data carries: (subject, key property, key)
    kinds: dict[str, list[str]]  # subject cell -> its kg: types' local names (the subjects of prefs)
    prefs: dict[str, list[str]]  # subject cell -> its English preferred labels


def key_triples(labels: Labels, path: Path | None = None) -> tuple[dict[str, tuple[str, str] | None],
                                                                      KeyTriples | None]:
    """Every label's keys, and their triples (None: the data carries exactly these keys
    already), written to ``path`` when one is given."""
    keys = _name_keys(labels)
    return keys, _key_triples(labels, keys, path)


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


def _key_triples(labels: Labels, keys: dict[str, tuple[str, str] | None], path: Path | None) -> KeyTriples | None:
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
    triples = KeyTriples(bool(labels.given), path=path)
    with ExitStack() as stack:
        sink = stack.enter_context(path.open("wb")).write if path is not None else triples.batches.append
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
                sink("".join(lines).encode("utf-8"))
                lines.clear()
        if lines:
            sink("".join(lines).encode("utf-8"))
    return triples


def _name_index(labels: Labels, keys: dict[str, tuple[str, str] | None],
                progress: Callable[[int], None] | None) -> Any:
    """The name index (kg.names.NameIndex) of the labels: the rows of its index query (every
    resource with a kg: type and an English preferred label, each of its labels)."""
    from .names import NameIndex

    names: dict[str, list[str]] = {}
    for subject, _, label in labels.labels:
        names.setdefault(subject, []).append(label)
    rows: list[tuple[str, str, str, str]] = []
    for subject, its_prefs in labels.prefs.items():
        for kind in labels.kinds.get(subject, ()):
            for pref in its_prefs:
                rows.extend((subject[1:], label, kind, pref) for label in dict.fromkeys(names[subject]))
    index = NameIndex.to_save(rows, keys)
    if progress is not None:
        progress(len(rows))
    return index


def write_key_triples(store: Any, triples: KeyTriples | None) -> None:
    """Write the name-key triples :func:`key_triples` made (or :meth:`NameJob.keys` gave) into
    the pyoxigraph ``store``."""
    import pyoxigraph as ox

    from .namekeys import NAME_KEY_PROPERTIES

    if triples is None:
        return
    if triples.replace:
        for name in NAME_KEY_PROPERTIES:
            store.update(f"DELETE WHERE {{ ?s <{KG}{name}> ?key }}")
    # one bulk load (each is a RocksDB ingest of its own)
    if triples.path is not None:
        if triples.path.stat().st_size:
            store.bulk_load(path=str(triples.path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    elif triples.batches:  # read a batch at a time
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


# --- in a process of its own -----------------------------------------------------------------


class NameJob:
    """:func:`make` running in a Python process of its own (:func:`start`). The process says
    on its standard output when the key triples are written (``keys replace``, ``keys add``
    or ``keys none``), before it makes the index: kg.load bulk loads them meanwhile."""

    def __init__(self, process: subprocess.Popen[bytes], given: Path, index_path: Path, keys_path: Path):
        self._process, self._given, self._index_path, self._keys_path = process, given, index_path, keys_path
        self._keys: KeyTriples | None | bool = False  # False: not said yet
        self._error: ProcessFailed | None = None
        self._waited = False

    def keys(self) -> KeyTriples | None:
        """The name-key triples (in the keys file), as soon as the process has written them
        (None: the data carries exactly these); :meth:`wait`'s error if it failed first."""
        if self._keys is False and not self._waited:
            said = self._process.stdout.readline().split() if self._process.stdout is not None else []
            if said[:1] == [b"keys"] and said[1:] in ([b"replace"], [b"add"], [b"none"]):
                self._keys = None if said[1] == b"none" else KeyTriples(said[1] == b"replace", path=self._keys_path)
        if self._keys is False:
            self.wait()
            raise self._error or ProcessFailed(self._failed("it said nothing of the name keys"))
        assert not isinstance(self._keys, bool)
        return self._keys

    def wait(self) -> None:
        """Wait for the process to end: ProcessFailed, with the end of what it wrote to its
        standard error, when it failed. Safe to call again (not from two threads at once)."""
        if not self._waited:
            _, err = self._process.communicate()
            self._waited = True
            self._given.unlink(missing_ok=True)
            if self._process.returncode != 0:
                tail = err.decode("utf-8", "replace").strip().splitlines()[-5:]
                self._error = ProcessFailed(self._failed(f"exit code {self._process.returncode}"
                                                         + (": " + " | ".join(tail) if tail else "")))
        if self._error is not None:
            raise self._error

    def _failed(self, why: str) -> str:
        return f"the process making the name index ({self._index_path.name}) failed ({why}); nothing was loaded"

    def close(self) -> None:
        """End the process if it still runs (a failed load) and remove its files."""
        if not self._waited:
            self._process.kill()
            self._process.communicate()
            self._waited = True
        for path in (self._given, self._keys_path):
            path.unlink(missing_ok=True)


def start(labels: Labels, index_path: Path, stem: Path) -> NameJob:
    """Start :func:`make` of ``labels`` in a process of its own; its files are ``stem`` with
    suffixes (the labels given, the key triples made). The process is a new interpreter, not
    a fork: kg.load's bulk loader thread may be running."""
    given, keys_path = stem.with_suffix(".labels.pickle"), stem.with_suffix(".name-keys.nt")
    with given.open("wb") as out:
        pickle.dump(labels, out, protocol=pickle.HIGHEST_PROTOCOL)
    process = subprocess.Popen([sys.executable, "-m", "kg.loadnames", str(given), str(index_path), str(keys_path)],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=_environment())
    return NameJob(process, given, index_path, keys_path)


def _environment() -> dict[str, str]:
    """This process's environment, with the directory kg is imported from first on the path
    (kg run from a checkout, not installed)."""
    import os

    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)  # the directory the kg package is in
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def _main(argv: list[str]) -> int:
    given, index_path, keys_path = (Path(a) for a in argv)
    with given.open("rb") as source:
        labels = pickle.load(source)  # the file this process's parent wrote a moment ago
    keys, triples = key_triples(labels, keys_path)
    said = "none" if triples is None else "replace" if triples.replace else "add"
    sys.stdout.write(f"keys {said}\n")
    sys.stdout.flush()
    save_index(labels, keys, index_path)
    return 0


if __name__ == "__main__":
    from .collector import paused

    with paused():
        sys.exit(_main(sys.argv[1:]))
