"""Shared fixtures. One factory for stores; graphs are built once per session."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from kg.namespaces import ID

REPO = Path(__file__).resolve().parent.parent

# Injection attempts for parameters, and a query that echoes a string parameter (shared by the
# in-process and the remote-store tests).
INJECTIONS = ['x" } ; DROP ALL ; #', "Idlib> } UNION { ?s ?p ?o } #", "' OR 1=1 --", "}}}", 'a\\" } #']
ECHO_QUERY = (
    "# name: echo\n# param: text (string) any text\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "SELECT ?text ?s WHERE { ?s skos:prefLabel ?label . FILTER (STR(?label) = ?text) }"
)


# Parameters for every named query on the bundled graph, so that each returns rows (shared by
# the remote-store and the Virtuoso tests).
SAMPLES = {"actor": "Jaish al-Fath", "name": "Jaish al-Fath", "place": "Idlib Governorate", "date": "2015-03-28",
           "iri": str(ID["st-nusra-leads-jaish-al-fath"])}


# Named queries with no rows on the bundled graph, and why: each is checked on a store that
# has what it needs (the test named).
EMPTY_ON_BUNDLED = {
    "same-coalition": "no source names a UCDP coalition's alliance: its rows need an analyst's link "
                      "(tests/test_ucdp_relations.py)",
}


def readme_commands() -> list[str]:
    """Every `$ kg ...` line of the README's console blocks, without its trailing comment
    (tests/test_api.py::test_every_readme_command_runs runs them all but README_SKIPPED)."""
    lines = []
    for block in re.findall(r"```console\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ kg "):
                lines.append(re.sub(r"\s+#.*$", "", line[2:]).strip())
    return lines


README_SKIPPED = {"kg serve --port 8000": "a server that runs until stopped: tests/test_server.py drives it"}


def sample_params(query) -> dict[str, str]:
    """Values for ``query``'s parameters on the bundled graph (by type, a few by name)."""
    params = {p.name: SAMPLES[p.type] for p in query.params}
    if query.name.startswith("alliance-members"):
        params["alliance"] = "Jaish al-Fath"
    if query.name == "lineage":
        params["actor"] = "al-Nusra Front"
    if query.name == "control-containers":  # Idlib Governorate lies in Syria, which no one holds here
        params["place"] = "Idlib"
    return params


def plain_json(data):
    """SPARQL JSON results with xsd:string left implicit (Oxigraph's embedded store spells it
    out, its server does not; RDF 1.1 says they are the same literal)."""
    if isinstance(data, dict):
        return {k: plain_json(v) for k, v in data.items()
                if not (k == "datatype" and v == "http://www.w3.org/2001/XMLSchema#string")}
    if isinstance(data, list):
        return [plain_json(v) for v in data]
    return data


def seeds_with(tmp_path: Path, file: str, edit) -> list[Path]:
    """A copy of the bundled seeds in ``tmp_path`` with ``edit(text) -> text`` applied to
    ``file``; returns the copy's seed files, for ``build(location, seeds)``."""
    from kg import resources

    seeds = tmp_path / "seeds"
    shutil.copytree(resources.data_dir("seeds"), seeds)
    path = seeds / file
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return sorted(seeds.glob("*.ttl"))


# KG_FULL_TESTS=1 runs the slowest property tests in full (README, "Run the tests"); by default
# they check a fixed sample, the same on every run.
FULL = os.environ.get("KG_FULL_TESTS") == "1"


# The README's test command runs one file a worker (pytest-xdist --dist loadfile); xdist hands
# out the files with the most tests first, which left files of few but slow tests (servers,
# real kg processes, Virtuoso) to the end, one worker busy with them while the other idled.
# These files run first, the slowest first (measured on two cores, each file's total from a
# `--junitxml` run, 2026-12-08; re-measure when a file grows), then the others as xdist orders
# them. The first two stay first: the second (the first of the second worker) needs only the
# seed article's store, and works while the first worker builds the bundled store, which the
# second then copies (_made_once).
SLOW_FILES = ("test_docs.py", "test_importers.py", "test_import.py", "test_virtuoso.py", "test_api.py",
              "test_writers.py", "test_hostile_inputs.py", "test_corroboration.py", "test_stdio.py",
              "test_remote.py", "test_server_limits.py", "test_validate_change.py", "test_reader.py",
              "test_bundled_datasets.py", "test_build.py", "test_queries.py", "test_time.py", "test_server.py",
              "test_query_page.py", "test_ucdp_relations.py", "test_views.py", "test_edge_labels.py",
              "test_shapes.py", "test_maps.py", "test_stream.py", "test_map_page.py", "test_network.py",
              "test_people.py")


def pytest_configure(config):
    if hasattr(config.option, "loadscopereorder"):  # xdist's order by test count: ours instead
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(items):
    counts: dict[str, int] = {}
    for item in items:
        counts[item.path.name] = counts.get(item.path.name, 0) + 1

    def rank(item) -> tuple:
        name = item.path.name
        return (SLOW_FILES.index(name), 0) if name in SLOW_FILES else (len(SLOW_FILES), -counts[name], name)

    items.sort(key=rank)  # stable: each file's tests keep their order


def sample(items: list, share: float) -> list:
    """``items`` in full under KG_FULL_TESTS=1, else a fixed pseudo-random ``share`` of them (at
    least one), in their order: the same sample on every run and machine."""
    import random

    if FULL or not items:
        return items
    keep = set(random.Random(0).sample(range(len(items)), max(1, round(len(items) * share))))
    return [item for i, item in enumerate(items) if i in keep]


def shared_data(name: str) -> Path:
    """A real dataset from the project's shared folder (../shared/data beside the repository,
    or $KG_SHARED_DATA); skip without it locally, fail without it in CI."""
    folder = Path(os.environ.get("KG_SHARED_DATA") or REPO.parent / "shared" / "data")
    path = folder / name
    if not path.is_file():
        message = f"{name} is not in {folder} (set KG_SHARED_DATA)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def need_tool(name: str) -> str:
    """The path of a command-line tool; skip without it locally, fail without it in CI."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed (CI installs it: see .ci/run)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def memory_graph():
    """The bundled graph in rdflib's in-memory store."""
    from kg import open_graph

    return open_graph("memory")


def _made_once(tmp_path_factory, name: str, make) -> str:
    """An on-disk store made by ``make(location)`` once for the whole run, at the location this
    returns (the session's: tests only read it, or copy it to change it). Under pytest-xdist the
    first worker to ask makes it in the run's shared temporary folder while the others wait for
    it, and each worker copies it to a location of its own: one build a run, not one a worker."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: each worker builds its own
        fcntl = None

    own = tmp_path_factory.mktemp(name) / "kg"
    if not os.environ.get("PYTEST_XDIST_WORKER") or fcntl is None:
        make(f"oxigraph:{own}")
        return f"oxigraph:{own}"
    shared = tmp_path_factory.getbasetemp().parent / f"shared-{name}"  # the run's, beside popen-gw*
    shared.mkdir(exist_ok=True)
    with open(shared / "lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if make raises
        if not (shared / "made").exists():
            make(f"oxigraph:{shared / 'kg'}")
            (shared / "made").touch()
    shutil.copytree(shared / "kg", own)
    return f"oxigraph:{own}"


@pytest.fixture(scope="session")
def disk_store(tmp_path_factory) -> str:
    """An on-disk Oxigraph store built from the bundled data, once per run (``_made_once``):
    built as a user's first use builds it (``kg.open_graph`` on an empty location), which
    tests/test_build.py::test_default_store_is_built_on_first_use_and_rebuilt_when_bundled_data_changes
    checks, so that test needs no build of its own."""
    import kg

    return _made_once(tmp_path_factory, "store", kg.open_graph)


@pytest.fixture(scope="session")
def article_store(tmp_path_factory) -> str:
    """An on-disk store of the seed article alone (`kg build --seeds-only`), once per run: for
    tests about what the article says, apart from the bundled datasets."""
    from kg.build import build

    return _made_once(tmp_path_factory, "article", lambda location: build(location, datasets=False))


@pytest.fixture(scope="session")
def article_memory_graph():
    """The seed article's graph (ontology, seeds and derived edges; no datasets) in memory."""
    from kg.build import assemble

    return assemble().graph


@pytest.fixture(scope="session")
def article_disk_graph(article_store):
    from kg.store import open_graph

    return open_graph(article_store)


@pytest.fixture(params=["memory", "oxigraph"])
def article_graph(request, article_memory_graph, article_disk_graph):
    """The seed article's graph alone, in memory and on disk: for tests whose expected values
    are worked out by hand from the article."""
    return article_memory_graph if request.param == "memory" else article_disk_graph


def _copy_store(location: str, to: Path) -> str:
    from kg.store import parse_location

    shutil.copytree(parse_location(location).path, to)
    return f"oxigraph:{to}"


@pytest.fixture
def store(disk_store, tmp_path) -> str:
    """A fresh on-disk store holding the bundled graph (a copy of the session's), to change.
    Modules whose tests are about the seed article's statements override it with
    ``article_copy`` (a write there costs a third); they use ``bundled_store`` where the
    datasets belong in the test."""
    return _copy_store(disk_store, tmp_path / "s")


@pytest.fixture
def bundled_store(disk_store, tmp_path) -> str:
    """The same as ``store``, under a name no module overrides."""
    return _copy_store(disk_store, tmp_path / "s")


@pytest.fixture
def article_copy(article_store, tmp_path) -> str:
    """A fresh on-disk store of the seed article alone (a copy of the session's), to change:
    for tests about what an import adds to what the article says."""
    return _copy_store(article_store, tmp_path / "a")


def store_state(location: str) -> tuple[str, int]:
    """The live generation of an on-disk store and its triple count: equal before and after
    means the store was left as it was."""
    from kg.store import manifest, parse_location

    info = manifest(parse_location(location).path)  # type: ignore[arg-type]
    assert info is not None
    return info["generation"], info["triples"]


def store_hash(location: str) -> str:
    """A canonical hash of everything in an on-disk store's live generation: the sha256 of its
    sorted N-Quads (blank-node labels are stable within one generation)."""
    import hashlib

    import pyoxigraph as ox

    from kg.store import manifest, parse_location

    path = parse_location(location).path
    assert path is not None
    info = manifest(path)
    assert info is not None
    dump = ox.Store.read_only(str(path / info["generation"])).dump(format=ox.RdfFormat.N_QUADS)
    assert dump is not None
    return hashlib.sha256(b"\n".join(sorted(dump.splitlines()))).hexdigest()


@pytest.fixture(scope="session")
def disk_graph(disk_store):
    from kg.store import open_graph

    return open_graph(disk_store)


@pytest.fixture(params=["memory", "oxigraph"])
def graph(request, memory_graph, disk_graph):
    """Each test that takes ``graph`` runs on both the in-memory and the on-disk store."""
    return memory_graph if request.param == "memory" else disk_graph


@pytest.fixture
def iri():
    return lambda local: str(ID[local])
