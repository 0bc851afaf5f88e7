"""Hostile and broken input files: each is refused with its exit code and a message that names
the file and the place in it, and the store is left exactly as it was.

The corpus is tests/fixtures/hostile/<kind>/: one folder a kind, each with an expected.toml
holding one table a file::

    ["nested-entities.rdf"]
    exit = 2                 # the exit code expected
    place = "line 3"         # text the message must contain (the place in the file)
    why = "entity"           # optional: text the message must contain, case-insensitive

csv files go through `kg import FILE`, turtle/ntriples/rdfxml/jsonld through `kg load FILE`,
sparql (.rq) files through `kg query FILE`; the CLI runs in-process (CliRunner) on a copy of
the session's on-disk store. A folder that does not exist is skipped; a file without a table,
or a table without a file, fails.
"""

from __future__ import annotations

import socket
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.store import parse_location

from .conftest import store_hash, store_state

if sys.version_info >= (3, 11):
    import tomllib
else:  # tomli: a dependency below 3.11 (pyproject.toml)
    import tomli as tomllib

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
COMMANDS = {"csv": ["import"], "turtle": ["load", "-q"], "ntriples": ["load", "-q"], "rdfxml": ["load", "-q"],
            "jsonld": ["load", "-q"], "sparql": ["query"]}
NOT_INPUTS = {"expected.toml", "README", "README.md"}


def _expected(kind: str) -> dict[str, dict]:
    path = HOSTILE / kind / "expected.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _inputs(kind: str) -> set[str]:
    folder = HOSTILE / kind
    return {p.name for p in folder.iterdir() if p.is_file() and p.name not in NOT_INPUTS} if folder.is_dir() else set()


CASES = [pytest.param(kind, name, table, id=f"{kind}/{name}")
         for kind in COMMANDS for name, table in sorted(_expected(kind).items()) if (HOSTILE / kind / name).is_file()]


@pytest.mark.parametrize("kind", list(COMMANDS))
def test_every_file_has_a_table_and_every_table_a_file(kind):
    expected = _expected(kind)
    assert sorted(_inputs(kind) - set(expected)) == [], f"files in {kind}/ without a table in expected.toml"
    assert sorted(set(expected) - _inputs(kind)) == [], f"tables in {kind}/expected.toml without a file"
    for name, table in expected.items():
        assert isinstance(table.get("exit"), int) and isinstance(table.get("place"), str), f"{kind}/{name}: exit, place"
        assert set(table) <= {"exit", "place", "why"}, f"{kind}/{name}: unknown keys {set(table)}"


def test_the_corpus_has_enough_files_of_each_rdf_format():
    for kind in ("turtle", "ntriples", "rdfxml", "jsonld"):
        assert len(_expected(kind)) >= 9, kind


@pytest.fixture
def store(article_copy) -> str:
    """In this module, a fresh copy of the seed article's store: a refusal is checked against
    the data it names, and the store's hash before and after is a third of the bundled one's."""
    return article_copy


def generations(location: str) -> set[str]:
    path = parse_location(location).path
    assert path is not None
    return {p.name for p in path.iterdir()} - {"kg-write.lock"}


@pytest.mark.parametrize(("kind", "name", "table"), CASES)
def test_a_hostile_file_is_refused_with_its_place_and_the_store_is_unchanged(store, kind, name, table):
    path = HOSTILE / kind / name
    before, digest, files = store_state(store), store_hash(store), generations(store)
    result = CliRunner().invoke(cli, ["--store", store, *COMMANDS[kind], str(path)])
    message = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        pytest.fail(f"{kind}/{name} raised instead of reporting:\n"
                    + "".join(traceback.format_exception(result.exception)))
    assert result.exit_code == table["exit"], message
    assert "Traceback" not in message
    assert name in message, f"the message does not name the file:\n{message}"
    assert table["place"] in message, f"the message does not name the place {table['place']!r}:\n{message}"
    if "why" in table:
        assert table["why"].lower() in message.lower(), message
    assert store_state(store) == before
    assert store_hash(store) == digest
    assert generations(store) == files  # no generation left behind either


# --- what the XML guard lets through, and that nothing is fetched ------------------------------


class Listener:
    """A loopback TCP port that counts the connections made to it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port, self.connections, self._stop = self.server.getsockname()[1], 0, False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while not self._stop:
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self._stop = True
        self._thread.join()
        self.server.close()


@pytest.fixture
def listener():
    port = Listener()
    yield port
    port.close()


RDF_BODY = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/test/">\n'
            '  <rdf:Description rdf:about="http://example.org/test/doctype">\n    <ex:p>kept</ex:p>\n'
            '  </rdf:Description>\n</rdf:RDF>\n')


@pytest.mark.parametrize("doctype", ["<!DOCTYPE rdf:RDF>", '<!DOCTYPE rdf:RDF SYSTEM "http://127.0.0.1:{port}/x.dtd">',
                                     '<!DOCTYPE rdf:RDF [ <!ELEMENT ex:p (#PCDATA)> ]>'])
def test_a_doctype_without_entities_loads_and_nothing_is_fetched(store, tmp_path, listener, doctype):
    path = tmp_path / "doctype.rdf"
    path.write_text('<?xml version="1.0"?>\n' + doctype.format(port=listener.port) + "\n" + RDF_BODY, encoding="utf-8")
    before = store_state(store)
    result = CliRunner().invoke(cli, ["--store", store, "load", "-q", str(path)])
    assert result.exit_code == 0, result.output
    assert store_state(store)[1] == before[1] + 1 and "+1 triples" in result.output
    assert listener.connections == 0


def test_external_entities_and_remote_contexts_are_never_fetched(store, tmp_path, listener):
    url = f"http://127.0.0.1:{listener.port}/x"
    xxe = tmp_path / "xxe.rdf"
    xxe.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n  <!ENTITY e SYSTEM "{url}">\n]>\n'
                   + RDF_BODY.replace("kept", "&e;"), encoding="utf-8")
    context = tmp_path / "context.jsonld"
    context.write_text(f'{{"@context": "{url}", "@id": "http://example.org/test/a", "p": "x"}}\n', encoding="utf-8")
    for path, place in ((xxe, "xxe.rdf:3"), (context, "context.jsonld:1")):
        result = CliRunner().invoke(cli, ["--store", store, "load", "-q", str(path)])
        assert result.exit_code == 2 and place in result.output, result.output
    assert listener.connections == 0


UN_BOMB = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE CONSOLIDATED_LIST [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
]>
<CONSOLIDATED_LIST><ENTITIES><ENTITY><FIRST_NAME>&b;</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>
"""


def test_the_un_importer_refuses_xml_entities_before_parsing(store, tmp_path):
    path = tmp_path / "un-list.xml"
    path.write_text(UN_BOMB, encoding="utf-8")
    before, digest = store_state(store), store_hash(store)
    result = CliRunner().invoke(cli, ["--store", store, "import", "--un", str(path)])
    assert result.exit_code == 2, result.output
    assert "un-list.xml:3" in result.output and "DTD entity declarations are not allowed" in result.output
    assert store_state(store) == before and store_hash(store) == digest


@pytest.mark.parametrize(("prolog", "line"), [
    ("<!--" + "a comment line\n" * 20000 + "-->\n<!DOCTYPE rdf:RDF [\n<!ENTITY e 'x'>\n]>\n", 20003),  # past a chunk
    (("\ufeff<?xml version='1.0'?>\n<!DOCTYPE rdf:RDF SYSTEM 'x.dtd' [\n  <!ATTLIST x a CDATA '<!ENTITY'>\n"
      "  <!ENTITY\n e 'x'>\n]>\n"), 4),
    ("<!DOCTYPE rdf:RDF [\n  <!-- <!ENTITY in a comment> -->\n  %reference;\n]>\n", 3),
])
def test_entity_declarations_are_found_wherever_the_prolog_puts_them(store, tmp_path, prolog, line):
    """Only real declarations count (not text in a comment or an attribute default), at the
    right line however long the prolog."""
    path = tmp_path / "prolog.rdf"
    path.write_text(prolog + RDF_BODY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", store, "load", "-q", str(path)])
    assert result.exit_code == 2, result.output
    assert f"prolog.rdf:{line}:" in result.output and "DTD entity declarations are not allowed" in result.output


def test_an_overlong_report_is_refused_and_an_overlong_sentence_is_cut(tmp_path):
    from kg.api import MAX_REPORT
    from kg.extract.text import MAX_SENTENCE, sentences

    # one "sentence" of thousands of characters (no full stop until the end): cut into pieces the
    # rules read in bounded time, each at most MAX_SENTENCE long, no word lost
    text = ("Testa Madeup Brigade, Force Council of Examplia; " * 400) + "the end."
    pieces = sentences(text)
    assert len(pieces) > 1 and all(len(p.text) <= MAX_SENTENCE for p in pieces)
    assert " ".join(p.text for p in pieces).split() == text.split()
    # a file longer than any report: refused by name, with the limit, exit 2 (bad input)
    report = tmp_path / "huge.txt"
    report.write_text("Ahrar al-Sham took Ariha. " * (MAX_REPORT // 20), encoding="utf-8")
    done = CliRunner().invoke(cli, ["--store", "memory", "extract", str(report), "--source-title", "T",
                                    "--source-publisher", "P", "--source-date", "2016-01-01"])
    assert done.exit_code == 2 and "huge.txt" in done.output and f"{MAX_REPORT:,}" in done.output


def test_a_run_of_sentence_marks_is_read_at_once(store, tmp_path):
    """190,000 full stops in a row (under the report limit): the sentence splitter took about
    thirteen minutes on them when it backtracked through the run; a generous time limit guards it
    (a process of its own, on the on-disk store: the in-memory one would be built for it first)."""
    import subprocess

    report = tmp_path / "dots.txt"
    report.write_text("Jaish al-Fath" + "." * 190_000 + " seized Ariha.", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "--store", store, "extract", str(report), "--source-title", "T",
                           "--source-publisher", "P", "--source-date", "2015-03-30", "-o", str(tmp_path / "out.csv")],
                          check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_a_report_with_a_control_character_is_refused_where_it_is(tmp_path):
    report = tmp_path / "binary.txt"
    report.write_text("Jaish al-Fath seized Ariha.\nThe Nusra\x01Front took Idlib.\n", encoding="utf-8")
    args = ["--store", "memory", "extract", str(report), "--source-title", "T", "--source-publisher", "P",
            "--source-date", "2015-03-30"]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 2 and "binary.txt: line 2, column 10: a control character (U+0001)" in done.output
    # a page break (text copied out of a PDF) is a line break, no error
    report.write_text("Jaish al-Fath seized Ariha.\fThe Nusra Front took Idlib.\n", encoding="utf-8")
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 0, done.output


@pytest.mark.parametrize("option", ["--acled", "--ucdp-ged", "--ucdp", "--wikidata"])
def test_a_dataset_file_with_a_bare_carriage_return_is_refused_at_its_header(store, option):
    path = HOSTILE / "csv" / "bare-cr-header.csv"
    args = [option, str(path), "--ged-version", "23.1"] if option == "--ucdp-ged" else [option, str(path)]
    result = CliRunner().invoke(cli, ["--store", store, "import", *args])
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "bare-cr-header.csv" in result.output and "carriage return" in result.output


def test_a_header_of_many_or_huge_unknown_columns_gets_a_short_answer(store, tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"col{i}" for i in range(5_000)) + "\n" + ",".join("x" * 5_000) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", store, "import", str(wide)])
    assert result.exit_code == 2 and "and 4,980 more unknown columns" in result.output
    assert len(result.output.splitlines()) < 30
    long = tmp_path / "long.csv"
    long.write_text("\x00" * 200_000 + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", store, "import", str(long)])
    assert result.exit_code == 2 and "(200,000 characters)" in result.output and len(result.output) < 2_000


@pytest.mark.parametrize("suffix, text", [
    (".nt", '<http://example.org/a> <http://example.org/p> "{}" .\n'),
    (".ttl", '<http://example.org/a> <http://example.org/p> "{}" .\n')])
def test_a_term_over_the_parser_s_16_mib_is_refused_with_its_line(store, tmp_path, suffix, text):
    path = tmp_path / f"huge{suffix}"
    path.write_text("# a comment line\n" + text.format("x" * (17 * 1024 * 1024)), encoding="utf-8")
    before = store_hash(store)
    for args in (["--store", store, "load", "-q", str(path)], ["validate", str(path)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert f"huge{suffix}:2:" in result.output and "16 MiB" in result.output
    assert store_hash(store) == before


def test_a_turtle_file_with_a_byte_order_mark_or_a_device_is_named_for_what_it_is(store, tmp_path):
    bom = tmp_path / "bom.ttl"
    bom.write_bytes(b'\xef\xbb\xbf<https://example.org/a> <https://example.org/p> "x" .\n')
    result = CliRunner().invoke(cli, ["--store", store, "load", "-q", str(bom)])
    assert result.exit_code == 2 and "bom.ttl:1:1: the file starts with a byte-order mark" in result.output
    result = CliRunner().invoke(cli, ["--store", store, "load", "-q", "--format", "nt", "/dev/zero"])
    assert result.exit_code == 2 and "/dev/zero: not a regular file" in result.output
