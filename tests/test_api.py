"""The public API as a notebook user calls it, the examples in the README and the API's
docstrings run for real, and the package's import graph has no cycles."""

from __future__ import annotations

import ast
import datetime as dt
import doctest
import glob
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.errors import InputError, NameNotFound

from .conftest import README_SKIPPED, REPO, readme_commands, shared_data

PACKAGE = REPO / "kg"


@pytest.fixture(scope="module")
def db(article_store):
    """The seed article's graph: the answers below are the article's (the bundled datasets add
    undated ties and actors; tests/test_ucdp_relations.py and test_datasets check those)."""
    return kg.open(article_store)


def test_the_same_call_twice_works(db):
    """The issue's case: the second call used to hit a module where the function had been."""
    first, second = db.ties("Nusra"), db.ties("Nusra")
    assert first.subject.label == second.subject.label == "al-Nusra Front"
    assert [t.statement for t in first.ties] == [t.statement for t in second.ties]
    assert kg.open("memory").control("Idlib").rows == kg.open("memory").control("Idlib").rows


def test_results_are_typed_records_and_dataframes(article_store):
    """On the seed article's graph: the ties it dates (the bundled datasets add undated ones)."""
    db = kg.open(article_store)
    found = db.ties("Ahrar al-Sham", at=dt.date(2015, 3, 27))
    (tie,) = found.ties
    assert (tie.relation, tie.other, tie.certainty, tie.status) == (
        "member of", "Jaish al-Fath", "possibly in force", "claimed by Wassim Nasr")
    frame = found.to_pandas()
    assert list(frame["other"]) == ["Jaish al-Fath"] and list(frame["certainty"]) == ["possibly in force"]
    control = db.control("Idlib", at="2015-03-28").to_pandas()
    # the city's own holder, then the holder of the governorate that contains it, marked "via"
    assert [(c, v if isinstance(v, str) else None) for c, v in zip(control["controller"], control["via"])] == [
        ("Syrian government forces", None), ("Syrian government forces", "Idlib Governorate")]
    html = db.control("Idlib")._repr_html_()
    assert html.startswith("<table>") and "Jaish al-Fath" in html


def test_dataframes_have_real_dtypes_the_same_way_for_every_result(db):
    pandas = pytest.importorskip("pandas")
    types = pandas.api.types
    ties = db.ties("Jaish al-Fath").to_pandas()
    control = db.control("Idlib").to_pandas()
    named = db.query("control-history", place="Idlib").to_pandas()
    for frame in (ties, control, named):
        for column in ("start", "end"):
            assert types.is_datetime64_any_dtype(frame[column]), column
    for frame in (ties, control):
        for column in ("certain_from", "certain_until", "possible_from", "possible_until", "first_reported"):
            assert types.is_datetime64_any_dtype(frame[column]), column
    # an open end is NaT, never 9999-12-31 or text; the sentinel days of the RDF too
    assert control["end"].isna().any() and control["possible_until"].isna().any()
    assert named["possibleUntil"].isna().any() and types.is_datetime64_any_dtype(named["possibleUntil"])
    assert not (named["possibleFrom"].dt.year == 1).any()
    assert [d.date() for d in control["start"].dropna()] == [r.start for r in db.control("Idlib").rows if r.start]
    coordinates = db.sparql("SELECT ?p ?lat ?long WHERE { ?p geo:lat ?lat ; geo:long ?long }").to_pandas()
    assert coordinates["lat"].dtype == "float64" and coordinates["long"].dtype == "float64"
    assert 35.9 < coordinates["lat"].max() < 37.5
    kinds = db.search("Idlib").to_pandas()["kind"]
    assert isinstance(kinds.dtype, pandas.CategoricalDtype)
    assert db.query("control-at", place="Idlib", date="2015-03-28").to_pandas()["date"].dt.year.tolist() == [2015]


def test_at_takes_the_day_of_notebook_time_values(db):
    pandas = pytest.importorskip("pandas")
    numpy = pytest.importorskip("numpy")

    def answer(at):
        return [(r.place, r.controller, r.certainty, r.reason) for r in db.control("Idlib Governorate", at=at).rows]

    for day in ("2015-03-28", "2015-04-01"):
        expected = answer(day)
        assert expected  # a day something was held on
        afternoon = dt.datetime.fromisoformat(day + "T15:30")
        for value in (dt.date.fromisoformat(day), afternoon, pandas.Timestamp(afternoon), numpy.datetime64(day),
                      numpy.datetime64(day + "T23:59")):
            assert answer(value) == expected, repr(value)
            assert [t.other for t in db.ties("Jaish al-Fath", at=value).ties] == \
                [t.other for t in db.ties("Jaish al-Fath", at=day).ties]
    assert answer("2015-03-28") != answer("2015-04-01")
    for missing in (pandas.NaT, numpy.datetime64("NaT")):
        with pytest.raises(InputError, match="NaT is not a date"):
            db.control("Idlib", at=missing)
    with pytest.raises(InputError):
        db.control("Idlib", at="2015-04-01T10:00")  # text stays strict


STARTS = """
SELECT ?statement ?actorLabel ?start ?bound ?certainFrom WHERE {
  ?statement kg:actor ?actor ; kg:start ?start ; kg:certainFrom ?certainFrom .
  ?actor skos:prefLabel ?actorLabel . FILTER (LANGMATCHES(LANG(?actorLabel), "en"))
  OPTIONAL { ?statement kg:startBound ?bound }
}"""


def test_a_latest_start_is_never_read_as_the_first_day_of_its_period(db):
    """'by 2011' (a start given only as a latest one) is 2011-12-31 in records, CSV and JSON,
    the day it certainly held from; every other start is the recorded one."""
    rows = db.sparql(STARTS).rows
    latest = [r for r in rows if str(r["bound"]).endswith("NotAfter")]
    assert latest and any(r["start"] != r["certainFrom"] for r in latest)  # a year or month given as "by"
    checked = 0
    for actor in sorted({r["actorLabel"] for r in rows}):
        records = {t["statement"]: t for t in db.ties(actor).records()}
        for r in rows:
            if r["actorLabel"] == actor and r["statement"] in records:
                want = r["certainFrom"] if r in latest else r["start"]
                assert records[r["statement"]]["start"] == want.isoformat(), r
                checked += 1
    assert checked >= len(rows) // 2
    idlib = [r for r in db.control("Idlib").records() if r["span"].startswith("by ")]
    assert idlib and all(r["start"] != r["span"][3:7] + "-01-01" for r in idlib)


def test_the_module_lists_open_and_kg():
    names = dir(kg)
    assert {"open", "KG", "open_graph", "QueryResult"} <= set(names)
    assert "TYPE_CHECKING" not in names and "Any" not in names
    assert kg.open is kg.api.open and kg.KG is kg.api.KG


def test_queries_give_typed_rows(db):
    answer = db.query("control-at", place="Idlib", date="2015-03-28")
    (row,) = answer.rows
    assert row["controllerLabel"] == "Syrian government forces"
    assert row["date"] == dt.date(2015, 3, 28) and row["certainty"] == "in force"
    assert answer.to_pandas().shape[0] == 1
    assert db.sparql("ASK { id:jaish-al-fath a kg:Alliance }").boolean is True
    built = db.sparql("CONSTRUCT { ?s a kg:Alliance } WHERE { ?s a kg:Alliance }")
    assert built.records() == [{"subject": "https://w3id.org/armed-groups-kg/id/jaish-al-fath",
                                "predicate": "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                                "object": "https://w3id.org/armed-groups-kg/ontology#Alliance"}]
    lat = db.sparql("SELECT ?lat WHERE { id:idlib-city geo:lat ?lat }").rows
    assert len(lat) == 1 and float(lat[0]["lat"]) > 35


def test_path_lineage_search_view_export_stats(db, tmp_path):
    connection = db.path("Ahrar al-Sham", "al-Qaeda")
    assert [h.relation for h in connection.paths[0]] == ["member of", "leads", "branch of"]
    assert len(connection.records()) == 3
    assert [n.name for n in db.lineage("al-Nusra", at="2016-09-01").in_use] == ["Jabhat Fateh al-Sham"]
    assert db.search("nusrah").matches[0].name == "al-Nusra Front"
    page = db.view(focus="Jaish al-Fath", depth=1)
    saved = page.save(tmp_path / "jaf.html")
    assert saved.read_text(encoding="utf-8") == page.html and page.nodes == 5
    assert db.export("nt").count(b"\n") == db.stats()["triples"]
    assert db.export("csv").startswith(b"id,subject,relation,object,start,end")


def test_errors_are_kg_errors_with_what_went_wrong(db):
    with pytest.raises(NameNotFound, match="did you mean"):
        db.ties("Ahrar al-Shams brigade")
    with pytest.raises(InputError, match="at: '20150401' is not a date"):
        db.control("Idlib", at="20150401")
    with pytest.raises(InputError, match="unknown export format"):
        db.export("xlsx")


def test_writes_go_through_the_api_and_reopen_the_graph(article_copy):
    store = kg.open(article_copy)  # the seed article's: the example's rows are about its places
    before = len(store.graph)
    done = store.import_csv(REPO / "examples" / "idlib-control-changes.csv")
    assert done.change.written and done.batch is not None and len(done.batch.statements) == 4
    assert len(store.graph) == before + done.change.added  # the new generation, reopened
    assert [r.controller for r in store.control("Ariha", at="2015-06-01").rows] == ["Jaish al-Fath"]


def test_every_api_docstring_example_runs():
    from kg import api

    failures, tried = doctest.testmod(api, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert tried >= 8 and failures == 0


# --- the README's examples, run as a user runs them -------------------------------------------


DATASETS = {"consolidated.xml": "un_sc_consolidated_list_2018-10-29.xml",
            "ucdp_actor_v22_1.csv": "ucdp_actor_v22_1.csv"}


def test_every_readme_command_runs(disk_store, tmp_path, monkeypatch):
    commands = readme_commands()
    assert len(commands) >= 20
    shutil.copytree(Path(disk_store.split(":", 1)[1]), tmp_path / "s")
    monkeypatch.chdir(REPO)  # examples/ and seeds/*.ttl are relative to the repository
    runner = CliRunner()
    ran = 0
    for command in commands:
        if command in README_SKIPPED:
            continue
        args = []
        for word in shlex.split(command)[1:]:
            if word in DATASETS:
                word = str(shared_data(DATASETS[word]))
            elif "*" in word and "/" in word and " " not in word:  # a shell glob: seeds/*.ttl
                args.extend(sorted(glob.glob(word)))
                continue
            elif word.endswith((".html", ".ttl", ".csv")) and not Path(word).exists():
                word = str(tmp_path / word)  # outputs go to the scratch directory
            args.append(word)
        result = runner.invoke(cli, ["--store", f"oxigraph:{tmp_path / 's'}", *args], catch_exceptions=False)
        assert result.exit_code == 0, f"{command}: {result.output}"
        ran += 1
    assert ran == len(commands) - len(README_SKIPPED)


def test_the_readme_path_output_is_what_kg_prints(disk_store):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = readme.split('`kg path "Ahrar al-Sham" al-Qaeda` prints', 1)[1].split("```\n", 2)[1]
    result = CliRunner().invoke(cli, ["--store", disk_store, "path", "Ahrar al-Sham", "al-Qaeda"])
    assert result.output.startswith(shown) and "path 2:" not in shown  # the README shows the first path
    assert "UCDP coalition" in result.output.split("path 2:", 1)[1]


def test_the_readme_library_example_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    code = readme.split("## As a library", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "README.md (As a library)", "exec"), {})  # noqa: S102 - our own documented example


# --- the import graph ---------------------------------------------------------------------------


def _imports() -> dict[str, set[str]]:
    """module -> the kg modules it imports (at module level or in a function; imports under
    ``if TYPE_CHECKING:`` are for the type checker only and left out)."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        modules[name] = path
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                       and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
        for node in ast.walk(tree):
            if id(node) in typing_only or not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                subs = [f"{module}.{a.name}" for a in node.names if f"{module}.{a.name}" in modules]
                targets = subs + ([module] if len(subs) < len(node.names) else [])
            edges[name] |= {t for t in targets if t in modules and t != name}
    return edges


def test_the_import_graph_of_kg_has_no_cycles():
    edges = _imports()
    assert "kg.build" not in edges["kg.store"]  # the store layer knows nothing of builds
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for other in sorted(edges[node]):
            if state.get(other) == 1:
                cycles.append(trail[trail.index(other):] + [other])
            elif other not in state:
                visit(other, trail + [other])
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_only_the_cli_imports_click_and_the_cli_and_server_use_the_api():
    edges = _imports()
    cli = {n for n in edges if n == "kg.cli" or n.startswith("kg.cli.")}  # the package kg/cli/, a module a command group
    assert len(cli) > 2
    for name, path in ((n, PACKAGE / (n.split(".", 1)[1].replace(".", os.sep) + ".py")) for n in edges if n != "kg"):
        if path.is_file() and name not in cli:
            assert "import click" not in path.read_text(encoding="utf-8"), name
    edges["kg.cli"] = set().union(*(edges[n] for n in cli)) - cli  # what the command imports, as one
    assert "kg.api" in edges["kg.cli"] and "kg.api" in edges["kg.worker_process"]
    for module in ("kg.cli", "kg.workers", "kg.worker_process", "kg.server"):  # no computing around the API
        assert not {"kg.ties", "kg.lineage", "kg.build", "kg.importers.statements"} & edges[module], module


def test_the_backends_are_rdflib_store_plugins_by_name(disk_store):
    """Declared as entry points (rdf.plugins.store), so any rdflib program opens a kg store
    by name, the way oxrdflib registers "Oxigraph"."""
    from importlib.metadata import entry_points

    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from kg.store import current_generation, parse_location

    declared = {e.name: e.value for e in entry_points(group="rdf.plugins.store")}
    assert declared["kg-oxigraph"] == "kg.backends:GenerationStore"
    assert declared["kg-sparql"] == "kg.backends:RemoteStore"
    generation = parse_location(disk_store).path / str(current_generation(disk_store))
    graph = Graph(store="kg-oxigraph", identifier=DATASET_DEFAULT_GRAPH_ID)
    graph.open(str(generation))
    assert len(graph) == len(kg.open_graph(disk_store))
    alliances = {str(a) for (a,) in graph.query("SELECT ?a WHERE { ?a a <https://w3id.org/armed-groups-kg/ontology#Alliance> }")}
    assert "https://w3id.org/armed-groups-kg/id/jaish-al-fath" in alliances and len(alliances) > 1  # and UCDP's coalitions


STORE_LAYER = {"kg.store", "kg.backends", "kg.load"}


def test_only_the_store_layer_asks_which_backend_is_in_use():
    """Locations are parsed and backends chosen in kg.store (with kg.backends and kg.load's
    bulk loading); everything else hands a location to the store layer and gets a Graph."""
    asks = re.compile(r"""\.kind\s*[!=]=\s*["'](oxigraph|memory|sparql)["']|parse_location\(|manifest\(""")
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        if name in STORE_LAYER:
            continue
        offenders += [f"{name}:{n}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                      if asks.search(line)]
    assert offenders == []
