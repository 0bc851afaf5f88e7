"""`kg load`: each format, atomic (a bad file names file:line and leaves the store on the same
generation), user data never rebuilt from the bundled data; the synthetic generator's data
passes the shapes."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg import store
from kg.cli import cli
from kg.errors import InputError, ParseError
from kg.load import load

EX = "http://example.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FILES = {
    "data.ttl": f'@prefix ex: <{EX}> .\nex:a ex:name "Turtle", "تركيا"@ar ;\n    ex:knows ex:b .\n',
    "data.nt": f'<{EX}a> <{EX}name> "N-Triples" .\n<{EX}b> <{EX}name> "x\\" }} ; DROP ALL ; #" .\n',
    "data.nq": f'<{EX}a> <{EX}name> "N-Quads" <{EX}graph> .\n<{EX}c> <{EX}name> "default" .\n',
    "data.jsonld": '{"@context": {"ex": "' + EX + '"}, "@id": "ex:a", "ex:name": "JSON-LD", "ex:knows": {"@id": "ex:c"}}\n',
}
COUNTS = {"data.ttl": 3, "data.nt": 2, "data.nq": 2, "data.jsonld": 2}


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    paths = {}
    for name, text in FILES.items():
        paths[name] = tmp_path / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.fixture
def empty_store(tmp_path) -> str:
    return f"oxigraph:{tmp_path / 'store'}"


def _names(location: str) -> set[str]:
    graph = store.open_graph(location)
    return {str(o) for o in graph.objects(None, None) if not str(o).startswith(EX)}


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_format_loads_into_the_default_graph(files, empty_store, name):
    result = load([files[name]], empty_store)
    assert result.triples == result.added == COUNTS[name]
    assert len(store.open_graph(empty_store)) == COUNTS[name]
    if name == "data.nq":  # graph names are dropped: kg reads the default graph
        assert _names(empty_store) == {"N-Quads", "default"}


def test_load_adds_to_the_store_and_marks_it_as_user_data(files, empty_store):
    first = load([files["data.ttl"]], empty_store)
    second = load([files["data.nt"], files["data.jsonld"]], empty_store)
    assert (second.triples, second.added) == (first.triples + 4, 4)
    assert second.generation != first.generation
    info = store.manifest(Path(empty_store.split(":", 1)[1]))
    assert info is not None and info["bundled"] is False and info["generation"] == second.generation
    assert info["files"] == [str(files["data.ttl"]), str(files["data.nt"]), str(files["data.jsonld"])]
    assert store._needs_bundled_build(Path(empty_store.split(":", 1)[1])) is False
    assert {"Turtle", "تركيا", "N-Triples", 'x" } ; DROP ALL ; #', "JSON-LD"} == _names(empty_store)


def test_loading_onto_the_bundled_store_keeps_its_data(bundled_store, files):
    location = bundled_store  # a copy of the session's `kg build`
    path = store.parse_location(location).path
    built = store.manifest(path)  # type: ignore[arg-type]
    assert built is not None and built["bundled"] is True
    result = load([files["data.ttl"]], location)
    assert result.triples == built["triples"] + 3
    assert store.manifest(path)["bundled"] is False  # type: ignore[arg-type,index]
    graph = store.open_graph(location)  # not rebuilt: the loaded triples are still there
    assert len(graph) == built["triples"] + 3


def test_replace_makes_the_files_the_whole_content(files, empty_store):
    load([files["data.ttl"], files["data.nt"]], empty_store)
    result = load([files["data.jsonld"]], empty_store, replace=True)
    assert result.triples == 2 and _names(empty_store) == {"JSON-LD"}


def test_a_bad_file_names_file_and_line_and_leaves_the_store_as_it_was(files, empty_store, tmp_path):
    before = load([files["data.ttl"]], empty_store)
    bad = tmp_path / "bad.ttl"
    bad.write_text(f'@prefix ex: <{EX}> .\nex:a ex:name "fine" .\nex:b ex:name "unterminated .\n', encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        load([files["data.nt"], bad], empty_store)
    assert caught.value.path.endswith("bad.ttl") and caught.value.line == 3
    assert re.match(r".*bad\.ttl:3(:\d+)?: ", str(caught.value))
    path = Path(empty_store.split(":", 1)[1])
    assert store.manifest(path)["generation"] == before.generation  # type: ignore[index]
    assert [p.name for p in path.glob("gen-*") if p.is_dir()] == [before.generation]
    assert len(store.open_graph(empty_store)) == 3


@pytest.mark.parametrize(("suffix", "line", "column", "text"), [
    (".nt", 3, 47, '<{ex}a> <{ex}p> "fine" .\n<{ex}a> <{ex}p> <{ex}b> .\n<{ex}a> <{ex}p> <http://exa mple.org/c> .\n'),
    (".nt", 2, 51, '<{ex}a> <{ex}p> "fine" .\n<{ex}a> <{ex}p> "x"@1-not-a-tag .\n'),
    (".ttl", 3, 11, '@prefix ex: <{ex}> .\nex:a ex:p "fine" .\nex:a ex:p <http://exa mple.org/c> .\n'),
])
def test_a_term_the_parser_refuses_is_named_by_file_line_and_column_and_nothing_is_loaded(
        tmp_path, empty_store, suffix, line, column, text):
    """An IRI with a space, a language tag that is none: kg parses the file for what it derives
    without the parser's checks of terms (the bulk loader checks them on the same file), and
    the error still names the file, line and column, into an empty store or onto one."""
    bad = tmp_path / f"bad{suffix}"
    bad.write_text(text.format(ex=EX), encoding="utf-8")
    for replace in (True, False):
        with pytest.raises(ParseError) as caught:
            load([bad], empty_store, replace=replace)
        assert (caught.value.path, caught.value.line, caught.value.column) == (str(bad), line, column)
        assert store.manifest(Path(empty_store.split(":", 1)[1])) is None


def test_missing_files_and_unknown_formats_are_refused_before_anything_is_written(files, empty_store, tmp_path):
    with pytest.raises(ParseError, match="no such file"):
        load([files["data.ttl"], tmp_path / "nope.ttl"], empty_store)
    odd = tmp_path / "data.csv"
    odd.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown RDF format '.csv'"):
        load([odd], empty_store)
    assert not Path(empty_store.split(":", 1)[1]).exists()


def test_progress_reports_every_byte(files, empty_store):
    seen: list[int] = []
    load(list(files.values()), empty_store, progress=seen.append)
    assert sum(seen) == sum(p.stat().st_size for p in files.values())


def test_load_into_memory_is_all_or_nothing(files, tmp_path, monkeypatch):
    monkeypatch.setattr(store, "_memory_graph", kg.open_graph("memory"))  # restored afterwards
    before = len(store.open_graph("memory"))
    bad = tmp_path / "bad.nt"
    bad.write_text(f"<{EX}a> <{EX}p> oops .\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"bad\.nt:1"):
        load([files["data.ttl"], bad], "memory")
    assert len(store.open_graph("memory")) == before
    result = load([files["data.ttl"]], "memory")
    assert result.triples == before + 3 and len(store.open_graph("memory")) == before + 3


def test_the_cli_loads_with_a_progress_bar_and_reports_errors_with_exit_code_2(files, empty_store, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["--store", empty_store, "load", str(files["data.ttl"]), str(files["data.nt"])])
    assert result.exit_code == 0, result.output
    assert re.search(rf"loaded 2 file\(s\) into {re.escape(empty_store)} in [\d.]+ s: \+5 triples, 5 in the store\n$", result.output)
    bad = tmp_path / "bad.nt"
    bad.write_text(f"<{EX}a> <{EX}p> oops .\n", encoding="utf-8")
    result = runner.invoke(cli, ["--store", empty_store, "load", "-q", str(bad)])
    assert result.exit_code == 2
    assert "bad.nt:1:" in result.output and "Error:" in result.output


def test_load_writes_kgs_name_keys_for_every_label(tmp_path, empty_store):
    """Labels get their kg:nameKey and kg:nameSkeleton (kg.namekeys); keys that came with the
    files are made again, so a wrong one does not survive; loading onto the store keys the new
    labels and keeps the others."""
    from kg.namespaces import KG

    first = tmp_path / "first.ttl"
    first.write_text(f"""@prefix ex: <{EX}> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix kg: <{KG._NS}> .
ex:a skos:prefLabel "Jaish al-Fath"@en ; skos:altLabel "جيش الفتح"@ar ; kg:nameKey "wrong" .
""", encoding="utf-8")
    second = tmp_path / "second.ttl"
    second.write_text(f'@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<{EX}b> skos:hiddenLabel "Idleb" .\n',
                      encoding="utf-8")

    def keys() -> set[tuple[str, str, str]]:
        graph = store.open_graph(empty_store)
        return {(str(s).removeprefix(EX), str(p).rsplit("#", 1)[-1], str(o)) for p in (KG.nameKey, KG.nameSkeleton)
                for s, o in graph.subject_objects(p)}

    load([first], empty_store)
    of_a = {("a", "nameKey", "jaish fath"), ("a", "nameSkeleton", "js ft"),
            ("a", "nameKey", "جيش فتح"), ("a", "nameSkeleton", "جيش فتح")}
    assert keys() == of_a
    load([second], empty_store)
    assert keys() == of_a | {("b", "nameKey", "idleb"), ("b", "nameSkeleton", "dlb")}


def test_a_load_into_an_empty_store_counts_what_the_store_holds(tmp_path, empty_store):
    """A load into an empty store counts its triples as they are written (the loaded ones, then
    the name keys: kg.load), not by counting the store again: still the store's count where a
    triple comes twice, a resource's labels share a key and its keys share a skeleton."""
    skos = "http://www.w3.org/2004/02/skos/core#"
    data = tmp_path / "labels.nt"
    data.write_text("".join(f"<{EX}{s}> <{skos}{p}> {o} .\n" for s, p, o in [
        ("a", "prefLabel", '"Nusra Front"@en'), ("a", "altLabel", '"nusra  front"'),
        ("a", "altLabel", '"Nusrah Front"'), ("a", "prefLabel", '"Nusra Front"@en'), ("b", "hiddenLabel", '"Idleb"')]),
        encoding="utf-8")
    result = load([data], empty_store, replace=True)
    # 4 labels; a: keys "nusra front" and "nusrah front", one skeleton "nsr frnt"; b: a key and a skeleton
    assert result.triples == len(store.open_graph(empty_store)) == 4 + 3 + 2
    assert result.added == result.triples


def test_generated_data_passes_the_shapes_and_the_checks():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate import generate
    from rdflib import Graph

    from kg.validate import run_checks, validate

    out = io.StringIO()
    info = generate(5000, out, seed=3)
    assert 4500 <= info["triples"] <= 6000
    again = io.StringIO()
    generate(5000, again, seed=3)
    assert again.getvalue() == out.getvalue()  # deterministic
    graph = Graph()
    graph.parse(data=out.getvalue(), format="nt")
    assert 0.99 * info["triples"] <= len(graph) <= info["triples"]  # a few derived edges repeat
    report = validate(graph)
    assert report.conforms, report.text
    checks = run_checks(graph)
    assert checks.conforms, checks.text
    assert any(lang == "ar" for lang in (getattr(o, "language", None) for o in graph.objects()))


@pytest.mark.parametrize(("value", "line"), [
    ('"2015-02-30"^^<http://www.w3.org/2001/XMLSchema#date>', 3),  # no such day
    ('"2015-2-3"^^<http://www.w3.org/2001/XMLSchema#date>', 3),  # not YYYY-MM-DD
    ('"2015-02-03"', 3),  # a plain string
])
@pytest.mark.parametrize("prop", ["start", "retrieved"])  # one the edge table reads, one it does not
def test_a_load_into_an_empty_store_refuses_a_bad_date_it_has_seen(tmp_path, empty_store, value, line, prop):
    """A load into an empty store skips the query over its dates only when every date it read
    is plainly valid (kg.loaded.Seen.dates_plain): a bad one, of a property the edge table
    reads or of another, is still refused at its line, and the store is not written."""
    kg_ns = "https://w3id.org/armed-groups-kg/ontology#"
    date = '"2014-06-29"^^<http://www.w3.org/2001/XMLSchema#date>'
    data = tmp_path / "dates.nt"
    data.write_text(f"<{EX}a> <{kg_ns}end> {date} .\n<{EX}b> <{kg_ns}claimDate> {date} .\n"
                    f"<{EX}c> <{kg_ns}{prop}> {value} .\n", encoding="utf-8")
    with pytest.raises(ParseError, match=rf"dates\.nt:{line}:.*not a valid date"):
        load([data], empty_store, replace=True)
    assert store.manifest(Path(empty_store.split(":", 1)[1])) is None


def test_a_load_into_an_empty_store_keeps_a_valid_date_written_otherwise(tmp_path, empty_store):
    """A date valid for Oxigraph but not written YYYY-MM-DD (a time zone) is not plainly valid:
    the query over the store decides, and lets it in."""
    kg_ns = "https://w3id.org/armed-groups-kg/ontology#"
    data = tmp_path / "dates.nt"
    data.write_text(f'<{EX}a> <{kg_ns}attested> "2014-06-29Z"^^<http://www.w3.org/2001/XMLSchema#date> .\n',
                    encoding="utf-8")
    assert load([data], empty_store, replace=True).triples == 1


def test_the_name_index_a_load_writes_is_the_one_read_from_the_store(tmp_path, empty_store):
    """kg load makes the name index from the labels it read (kg.loadnames), not from the store:
    the same tables, row for row, as the index read back from the loaded store (generated data:
    actors, places and people, labels in several languages, shared names)."""
    import sqlite3
    from contextlib import closing

    import pyoxigraph as ox

    from kg.names import NameIndex, index_file

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate import generate

    data = tmp_path / "generated.nt"
    with data.open("w", encoding="utf-8") as out:
        generate(20000, out, seed=5)
        # made-up resources the generator does not make: two kinds (the index takes the first of
        # kg.names.KINDS), two English preferred labels (the first kept), one only in en-GB, a
        # kg: type the index does not name, a label with no kg: type, a name that is only
        # punctuation (no key)
        kg_ns, skos = "https://w3id.org/armed-groups-kg/ontology#", "http://www.w3.org/2004/02/skos/core#"
        for subject, prop, obj in [
            ("t1", "type", f"<{kg_ns}City>"), ("t1", "type", f"<{kg_ns}ArmedGroup>"),
            ("t1", "prefLabel", '"Test Two Kinds"@en'), ("t1", "prefLabel", '"Second English Name"@en'),
            ("t1", "altLabel", '"Zweiter Name"@de'), ("t1", "hiddenLabel", '"--"'),
            ("t2", "type", f"<{kg_ns}Person>"), ("t2", "prefLabel", '"Test Person"@en-GB'),
            ("t2", "prefLabel", '"Personne"@fr'),
            ("t3", "type", f"<{kg_ns}Event>"), ("t3", "prefLabel", '"Test Event"@en'),
            ("t4", "prefLabel", '"Untyped Thing"@en'),
        ]:
            predicate = RDF_TYPE if prop == "type" else skos + prop
            out.write(f"<{EX}{subject}> <{predicate}> {obj} .\n")
    result = load([data], empty_store, replace=True)
    path = Path(empty_store.split(":", 1)[1])
    NameIndex.from_oxigraph(ox.Store.read_only(str(path / result.generation))).save(tmp_path / "read.sqlite")

    def tables(file: Path) -> dict[str, list[tuple]]:
        with closing(sqlite3.connect(file)) as db:
            return {t: sorted(db.execute(f"SELECT * FROM {t}")) for t in ("entry", "name", "exact", "loose", "choice")}

    made, read = tables(index_file(path, result.generation or "")), tables(tmp_path / "read.sqlite")
    assert made == read
    assert len(made["entry"]) > 50 and len(made["exact"]) > len(made["entry"])  # a real index, not an empty one
    assert [row for row in made["entry"] if row[0].startswith(EX)] == [
        (f"{EX}t1", "Test Two Kinds", "armed group"), (f"{EX}t2", "Test Person", "person")]
