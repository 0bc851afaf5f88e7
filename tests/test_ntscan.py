"""kg._ntscan (C) reads the plain lines of an N-Triples file for kg load as pyoxigraph's parser
does (kg.loaded.Seen.feed_ntriples): the same cells, in the same order, the same count; a file
pyoxigraph refuses is refused (a bad line of its own with the same error at the same line and
column); any line it does not take goes to pyoxigraph's parser. Nothing it is given brings the
process down."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg import loaded
from kg.load import _DATE_PROPERTIES
from kg.loaded import Seen
from kg.namekeys import KG

ntscan = pytest.importorskip("kg._ntscan", reason="kg._ntscan is not built (no C compiler where kg was installed)")

S = "http://www.w3.org/2004/02/skos/core#"
X = "https://example.org/x/"


def _seen(data: bytes, fast: bool) -> tuple[int, Seen]:
    seen = Seen(KG + name for name in _DATE_PROPERTIES)
    count = seen.feed_ntriples(io.BytesIO(data), "file:///tmp/test.nt", fast=fast)
    return count, seen


def _state(seen: Seen) -> tuple:
    """Everything a Seen keeps, lists in their order."""
    table = {p: list(values.items()) for p, values in seen.collected.table.items()}
    return table, seen.labels, seen.keys, seen.places, seen.dates


def _outcome(data: bytes, fast: bool) -> tuple[int, Seen] | SyntaxError:
    try:
        return _seen(data, fast)
    except SyntaxError as error:
        return error


def _same(data: bytes) -> tuple[int, Seen]:
    """Read ``data`` both ways: the same count and the same state, or both fail (the error
    raised). pyoxigraph's lenient parser (kg's slow path) takes a line break inside a literal, or
    an IRI without a scheme, that its strict parser (the bulk loader's, which decides whether a
    file loads) refuses: where only the scanner's reading fails, the strict parser must fail too.
    Where both fail they mostly fail at the same place (a bad line of its own); not always: the
    lenient parser may read on past a line break in a broken term."""
    slow, fast = _outcome(data, False), _outcome(data, True)
    if isinstance(fast, SyntaxError):
        if not isinstance(slow, SyntaxError):
            with pytest.raises(SyntaxError):
                list(ox.parse(data, ox.RdfFormat.N_TRIPLES, base_iri="file:///tmp/test.nt"))
        raise fast
    assert not isinstance(slow, SyntaxError), data
    assert fast[0] == slow[0], data
    assert _state(fast[1]) == _state(slow[1]), data
    return fast


TRICKY = [
    # plain lines, every kind of object
    (f'<{X}a> <{S}prefLabel> "Liwa al-Haqq"@en .\n'
    f'<{X}a> <{KG}actor> <{X}b> .\n'
    f'<{X}st> <{KG}start> "2015-03-28"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
    f'<{X}a> <{S}altLabel> "plain" .\n'),
    # language tags in upper case, with subtags; a literal with a typed datatype of xsd:string
    f'<{X}a> <{S}prefLabel> "Jaish"@EN-gb .\n<{X}a> <{S}altLabel> "x"^^<http://www.w3.org/2001/XMLSchema#string> .\n',
    # escapes (pyoxigraph's to read): in a literal, in an IRI
    (f'<{X}a> <{S}prefLabel> "say \\"hi\\"\\n"@en .\n<{X}a\\u0041> <{KG}actor> <{X}b> .\n'
    f'<{X}a> <{S}prefLabel> "caf\\u00E9"@fr .\n'),
    # blank nodes, dots in their labels, a label followed by the full stop
    (f'_:p1 <{KG}forProperty> <{S}prefLabel> .\n<{X}a> <{KG}provenance> _:p1 .\n_:a.b <{KG}actor> _:c.\n'
    f'_:b1 <http://www.w3.org/ns/prov#wasDerivedFrom> <{X}src> .\n_:é <{KG}actor> <{X}b> .\n'),
    # comments, blank lines, tabs, no space before the full stop, CRLF line ends, no final line break
    (f'# a comment\n\n   \n<{X}a>\t<{KG}actor>\t<{X}b>.\r\n<{X}a><{KG}object><{X}c>. # trailing\n'
    f'<{X}a> <{S}prefLabel> "no end"@en .'),
    # relative IRIs and IRIs without a scheme, non-ASCII text and IRIs
    f'<a> <{KG}actor> <{X}b> .\n<{X}ḥ> <{S}prefLabel> "Ḥamā"@en .\n<{X}a> <{KG}actor> <b> .\n',
    # the same triple twice (kept once), a predicate nothing reads
    f'<{X}a> <{KG}actor> <{X}b> .\n<{X}a> <{KG}actor> <{X}b> .\n<{X}a> <{X}other> <{X}b> .\n',
    # a line break inside a literal: pyoxigraph's lenient parser takes it, its strict one does not
    f'<{X}a> <{S}prefLabel> "two\nlines"@en .\n',
    # places, name keys, dates kg checks, a language string without its language
    (f'<{X}p> <{KG}within> <{X}q> .\n<{X}p> <{KG}locatedIn> <{X}q> .\n<{X}p> <{KG}nameKey> "liwa haqq" .\n'
    f'<{X}s> <{KG}retrieved> "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
    f'<{X}a> <{S}altLabel> "x"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> .\n'),
]


@pytest.mark.parametrize("text", TRICKY)
def test_the_scanner_reads_what_pyoxigraph_reads(text):
    try:
        count, _ = _same(text.encode("utf-8"))
    except SyntaxError:
        return  # refused both ways (checked in _same)
    assert count > 0


def test_a_line_break_in_a_literal_stops_the_load_at_its_line(tmp_path):
    from kg.errors import ParseError
    from kg.load import load

    path = tmp_path / "broken.nt"
    path.write_bytes(f'<{X}a> <{KG}actor> <{X}b> .\n<{X}a> <{S}prefLabel> "two\nlines"@en .\n'.encode())
    with pytest.raises(ParseError) as raised:
        load([path], f"oxigraph:{tmp_path / 'store'}")
    assert raised.value.line == 2


def test_a_bad_line_is_the_same_error_at_the_same_line_and_column():
    good = f'<{X}a> <{KG}actor> <{X}b> .\n' * 3
    for bad in (f'<{X}a> <{KG}actor> "open .\n', f'<{X}a> <{KG}actor> .\n', f'<{X}a> <{KG}actor> <{X}b> <{X}c> .\n',
                f'<{X}a> <{KG}actor> <{X}b>\n', "not rdf at all\n", f'<{X}a> <{KG}actor> "x"@ .\n'):
        data = (good + bad + good).encode("utf-8")
        with pytest.raises(SyntaxError) as slow:
            _seen(data, fast=False)
        with pytest.raises(SyntaxError) as raised:
            _same(data)
        assert (raised.value.lineno, raised.value.offset) == (slow.value.lineno, slow.value.offset), bad
        assert raised.value.lineno in (4, 5), bad  # a missing full stop is met on the next line


def test_lines_across_chunks_and_longer_than_a_chunk(monkeypatch):
    lines = [f'<{X}s{i}> <{KG}actor> <{X}o{i % 7}> .\n<{X}s{i}> <{S}prefLabel> "{"n" * (i % 50)} {i}"@en .\n'
             for i in range(300)]
    lines.insert(150, f'<{X}long> <{S}prefLabel> "{"x" * 5000}"@en .\n')
    data = "".join(lines).encode("utf-8")
    expected = _same(data)
    for size in (1, 7, 64, 4096):
        monkeypatch.setattr(loaded, "_CHUNK", size)
        count, seen = _seen(data, fast=True)
        assert count == expected[0] and _state(seen) == _state(expected[1]), size
    monkeypatch.setattr(loaded, "_CHUNK", 64)  # a bad line after a line longer than a chunk: the file's line
    with pytest.raises(SyntaxError) as raised:
        _seen(data + b"<bad\n", fast=True)
    assert raised.value.lineno == 602


def test_random_lines_read_as_pyoxigraph_reads_them():
    """Lines made of pieces, good and bad, each document read both ways (a fixed seed: the same
    documents every run; 20,000 with KG_FULL_TESTS=1, and 100,000 with five other seeds once by
    hand, 2026-12-08)."""
    pieces = [f"<{X}a>", f"<{X}b>", "_:b1", "_:x.y", "<a>", f"<{S}prefLabel>", f"<{KG}actor>", f"<{KG}within>",
              f"<{KG}start>", '"t"', '"t"@en', '"t"@EN-Latn', '"t"^^<http://www.w3.org/2001/XMLSchema#date>',
              '"2015-01-01"^^<http://www.w3.org/2001/XMLSchema#date>', '"\\u00e9"', '"a\\"b"', ".", " ", "\t", "#c",
              '"', "<", ">", "@", "^^", "_:", "\r", "é", "\\", "_:a..", ".."]
    rng = random.Random(20261208)
    documents = 20000 if os.environ.get("KG_FULL_TESTS") else 1500  # the full mode (README)
    errors = 0
    for _ in range(documents):
        lines = []
        for _ in range(rng.randint(1, 6)):
            if rng.random() < 0.6:
                s, p, o = rng.choice(pieces[:5]), rng.choice(pieces[5:9]), rng.choice(pieces[:15])
                lines.append(f"{s} {p} {o} .")
            else:
                lines.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))))
        try:
            _same(("\n".join(lines) + rng.choice(["", "\n", "\r\n"])).encode("utf-8"))
        except SyntaxError:
            errors += 1
    assert 0 < errors < documents  # both kinds were tried


def test_the_scanner_stops_at_what_it_does_not_take():
    predicates, hows = (f"{KG}actor".encode(),), (8,)
    table: dict = {}
    data = f'<{X}a> <{KG}actor> <{X}b> .\n<{X}a> <{KG}actor> "\\u0041" .\n<{X}c> <{KG}actor> <{X}b> .\n'.encode()
    stop, triples, lines = ntscan.scan(data, 0, predicates, hows, (table,), {}, [])
    assert (triples, lines) == (1, 1) and data[stop:].startswith(b'<' + X.encode() + b'a> <' + KG.encode())
    assert table == {f"<{X}a": [f"<{X}b"]}
    # from there on, past the line Python reads
    after = data.index(b"\n", stop) + 1
    assert ntscan.scan(data, after, predicates, hows, (table,), {}, [])[:2] == (len(data), 1)


@pytest.mark.parametrize("data", [
    b'<http://a/s> <http://a/other> "\xff" .\n',  # not UTF-8, in a triple nothing keeps
    b'<http://a/s\xff> <http://a/other> <http://a/o> .\n',
    b'<http://a/s> <https://w3id.org/armed-groups-kg/ontology#actor> <http://a/\xc3> .\n',
    b'<http://a/s> <https://w3id.org/armed-groups-kg/ontology#actor> _:a..\n',  # a label may not end with "."
    b'_:0.. <https://w3id.org/armed-groups-kg/ontology#actor> <http://a/o> .\n',
    b'<http://a/s> <http://a/other> _:a... # c\n',
])
def test_what_pyoxigraph_refuses_the_scanner_does_not_take(data):
    """Found by a sanitizer build fuzzed against pyoxigraph (2026-12-08): the scanner took these."""
    with pytest.raises(SyntaxError):
        _same(b'<http://a/s> <http://a/p> <http://a/o> .\n' + data)
    stop, triples, _ = ntscan.scan(data, 0, (f"{KG}actor".encode(),), (8,), ({},), {}, [])
    assert (stop, triples) == (0, 0)


def test_the_scanner_holds_a_list_an_items_comparison_drops():
    """An edge table whose list is dropped by its own item's __eq__ while the scanner compares:
    no use after free (a child process: a crash is a signal)."""
    code = '''
from kg import _ntscan
table = {}
class Evil:
    def __eq__(self, other):
        table.clear()
        return False
    __hash__ = object.__hash__
table["<http://a/s"] = [Evil()]
for _ in range(100):
    _ntscan.scan(b"<http://a/s> <http://a/p> <http://a/o> .\\n", 0, (b"http://a/p",), (8,), (table,), None, [])
    table["<http://a/s"] = [Evil()]
print("ok")
'''
    done = subprocess.run([sys.executable, "-X", "dev", "-c", code], check=False, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_the_scanner_refuses_wrong_arguments():
    with pytest.raises(ValueError):
        ntscan.scan(b"", 5, (), (), (), {}, [])
    with pytest.raises(ValueError):
        ntscan.scan(b"", -1, (), (), (), {}, [])
    with pytest.raises(ValueError):
        ntscan.scan(b"", 0, (b"p",), (), (), {}, [])
    with pytest.raises(TypeError):
        ntscan.scan(b"", 0, ("p",), (8,), ({},), {}, [])
    with pytest.raises(TypeError):
        ntscan.scan(b"", 0, (b"p",), (8,), (None,), {}, [])
    with pytest.raises(TypeError):  # a memo that is not a dict (it was a SystemError)
        ntscan.scan(b"<http://a/s> <http://a/p> <http://a/o> .\n", 0, (b"http://a/p",), (8,), ({},), [], [])
    with pytest.raises(TypeError):  # an edge table whose value is not a list
        ntscan.scan(b"<http://a/s> <http://a/p> <http://a/o> .\n", 0, (b"http://a/p",), (8,),
                    ({"<http://a/s": "x"},), {}, [])


def test_random_bytes_never_bring_the_process_down():
    """Random bytes and mangled lines through the scanner in a process of its own: it ends
    normally (a crash would be a signal)."""
    code = f"""
import random
from kg import _ntscan
rng = random.Random(7)
line = b'<{X}a> <{KG}actor> "x"@en .\\n_:b <{KG}actor> <{X}b> .\\n'
predicates, hows = (b"{KG}actor",), (8,)
for i in range(20000):
    if i % 2:
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 80)))
    else:
        data = bytearray(line * rng.randint(1, 3))
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        data = bytes(data[:rng.randint(0, len(data))])
    at = 0
    while at < len(data):
        table = {{}}
        try:
            at, _, _ = _ntscan.scan(data, at, predicates, hows, (table,), {{}}, [])
        except UnicodeDecodeError:
            raise SystemExit("a decoding error escaped the scanner")
        at = (data.find(b"\\n", at) + 1) or len(data)
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_kg_load_reads_an_n_triples_file_with_the_scanner(tmp_path, monkeypatch):
    """The load's second reading goes through kg._ntscan (so every load test of an N-Triples
    file tests it), and the store and the name index hold what the file says."""
    from kg.load import load
    from kg.names import StoredNameIndex, index_file

    calls = []
    scan = ntscan.scan
    monkeypatch.setattr(ntscan, "scan", lambda *args: calls.append(1) or scan(*args))
    path = tmp_path / "small.nt"
    path.write_text(f'<{X}g> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG}ArmedGroup> .\n'
                    f'<{X}g> <{S}prefLabel> "Liwa Example"@en .\n<{X}g> <{S}altLabel> "Liwa al-Mithal" .\n',
                    encoding="utf-8")
    result = load([path], f"oxigraph:{tmp_path / 'store'}")
    assert calls and result.added >= 3
    index = StoredNameIndex(index_file(tmp_path / "store", result.generation or ""))
    assert index.resolve("Liwa al-Mithal").label == "Liwa Example"


def test_a_line_longer_than_the_parser_takes_is_refused_at_once(tmp_path):
    """A 40 MB line (one literal past pyoxigraph's 16 MiB a term): the scanner hands the rest of
    the file to pyoxigraph's parser once a line outgrows its chunk, and kg load says what is
    wrong, by the file's line, in seconds (a child process with a time limit)."""
    path = tmp_path / "long.nt"
    path.write_bytes(f'<{X}a> <{KG}actor> <{X}b> .\n<{X}a> <{S}prefLabel> "'.encode() + b"x" * 40_000_000
                     + b'"@en .\n')
    code = f"""
from pathlib import Path
from kg.errors import ParseError
from kg.load import load
try:
    load([Path({str(path)!r})], "oxigraph:{tmp_path / 'store'}")
except ParseError as error:
    print(error.line, "MiB" in error.message)
"""
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["2", "True"], done.stderr[-2000:]
