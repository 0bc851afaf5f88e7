"""Two writers on one on-disk store, and a writer killed mid-write, as real processes.

Each pair runs the installed ``kg`` twice at once on a copy of the seed article's store (the
locking is the same on any store; a write there costs a third of one on the bundled store,
and a build is ``kg build --seeds-only``): the store's write lock (kg.writelock) makes the
second wait and build on the first's result, so both writes survive and no orphan generation
is left. One trial of each pair runs by default (each a few seconds of two real processes);
``KG_FULL_TESTS=1`` runs 20 of each (README, "Run the tests").
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg.store import manifest, parse_location
from kg.writelock import LOCK_FILE

from .conftest import store_hash, store_state

KG_BIN = str(Path(sys.executable).with_name("kg"))
TRIALS = range(20 if os.environ.get("KG_FULL_TESTS") == "1" else 1)
HEADER = ("subject,relation,object,start,end,precision,source_title,source_publisher,source_date,source_url,"
          "claimant,note\n")
ROW_A = ("Jaish al-Fath,controls,Ariha,2015-05-28,,day,TEST ONLY: made-up bulletin A,Example Monitor (TEST),"
         "2015-05-29,https://example.org/test-only/writers-a,,TEST ONLY: concurrency test\n")
ROW_B = ("Jaish al-Fath,controls,Jisr al-Shughur,2015-04-25,,day,TEST ONLY: made-up report B,Example News (TEST),"
         "2015-04-26,https://example.org/test-only/writers-b,,TEST ONLY: concurrency test\n")
ADD = ["add", "Ahrar al-Sham", "controls", "Abu al-Duhur military airport", "--start", "2015-06-01",
       "--precision", "day", "--source-url", "https://example.org/test-only/writers-add",
       "--source-title", "TEST ONLY: made-up note", "--source-publisher", "Example News (TEST)",
       "--source-date", "2015-06-02"]


BUILD = ["build", "--seeds-only"]


@pytest.fixture
def store(article_copy) -> str:
    """In this module, a fresh copy of the seed article's store."""
    return article_copy


def start(store: str, *args: str, timeout: float = 900) -> subprocess.Popen:
    env = dict(os.environ, KG_STORE=store, KG_LOCK_TIMEOUT=str(timeout), COLUMNS="200")
    return subprocess.Popen([KG_BIN, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> str:
    """Wait for ``process``; its stderr. It must have succeeded."""
    _, err = process.communicate(timeout=900)
    assert process.returncode == 0, f"{process.args} exited {process.returncode}:\n{err}"
    return err


def added(stderr: str) -> int:
    """N in an import's 'added N triple(s)'."""
    # (kg add also prints "added id:st-..." for the statement it adds: the count is the line's number)
    found = [m for x in stderr.splitlines() if (m := re.match(r"added (\d+) triple\(s\)", x))]
    assert len(found) == 1, stderr
    return int(found[0].group(1))


def live(store: str) -> Path:
    path = parse_location(store).path
    assert path is not None
    info = manifest(path)
    assert info is not None
    return path / info["generation"]


def count(store: str) -> int:
    import pyoxigraph as ox

    return len(ox.Store.read_only(str(live(store))))


def has_source(store: str, url: str) -> bool:
    import pyoxigraph as ox

    query = ("PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX schema: <https://schema.org/> "
             f'ASK {{ ?statement prov:wasDerivedFrom ?source . ?source schema:url ?url FILTER (STR(?url) = "{url}") }}')
    return bool(ox.Store.read_only(str(live(store))).query(query))


def assert_no_orphans(store: str) -> None:
    """Every generation left has its manifest, at most the live one and the one before it
    remain, and no pointer file of a writer is left behind."""
    path = parse_location(store).path
    assert path is not None
    generations = sorted(p.name for p in path.glob("gen-*") if p.is_dir())
    assert live(store).name in generations
    assert len(generations) <= 2, generations
    for name in generations:
        assert (path / f"{name}.json").is_file(), f"orphan generation {name}"
    assert not list(path.glob("CURRENT.tmp-*"))


def holds_lock(store: str, pid: int) -> bool:
    path = parse_location(store).path
    assert path is not None
    try:
        return json.loads((path / LOCK_FILE).read_text(encoding="utf-8") or "{}").get("pid") == pid
    except (OSError, ValueError):
        return False


def wait_for_lock(store: str, process: subprocess.Popen) -> None:
    """Until ``process`` holds the store's write lock (or has finished)."""
    while process.poll() is None and not holds_lock(store, process.pid):
        time.sleep(0.02)


@pytest.fixture
def csvs(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(HEADER + ROW_A, encoding="utf-8")
    b.write_text(HEADER + ROW_B, encoding="utf-8")
    return a, b


def nt_file(path: Path, tag: str, n: int) -> Path:
    path.write_text("".join(f'<http://example.org/test/{tag}/{i}> <http://example.org/test/p> "{tag} {i}" .\n'
                            for i in range(n)), encoding="utf-8")
    return path


@pytest.mark.parametrize("trial", TRIALS)
def test_two_imports_at_once_both_survive(store, csvs, trial):
    base = count(store)
    a, b = start(store, "import", str(csvs[0])), start(store, "import", str(csvs[1]))
    errs = [finish(a), finish(b)]
    assert has_source(store, "https://example.org/test-only/writers-a")
    assert has_source(store, "https://example.org/test-only/writers-b")
    assert count(store) == base + sum(added(e) for e in errs)
    assert [r["file"] for r in manifest(live(store).parent)["imports"]] in (["a.csv", "b.csv"], ["b.csv", "a.csv"])
    assert_no_orphans(store)


@pytest.mark.parametrize("trial", TRIALS)
def test_two_loads_at_once_both_survive(store, tmp_path, trial):
    base = count(store)
    a, b = nt_file(tmp_path / "a.nt", "a", 300), nt_file(tmp_path / "b.nt", "b", 500)
    first, second = start(store, "load", "-q", str(a)), start(store, "load", "-q", str(b))
    finish(first), finish(second)
    assert count(store) == base + 300 + 500
    assert manifest(live(store).parent)["triples"] == base + 800
    assert_no_orphans(store)


@pytest.mark.parametrize("trial", TRIALS)
def test_an_add_during_an_import_survives(store, csvs, trial):
    base = count(store)
    imported = start(store, "import", str(csvs[0]))
    time.sleep(random.uniform(0, 1.5))  # anywhere in the import: before, during or after its read
    add = start(store, *ADD)
    errs = [finish(imported), finish(add)]
    assert has_source(store, "https://example.org/test-only/writers-a")
    assert has_source(store, "https://example.org/test-only/writers-add")
    assert count(store) == base + sum(added(e) for e in errs)
    assert_no_orphans(store)


@pytest.mark.parametrize("trial", TRIALS)
def test_an_import_waiting_for_a_build_builds_on_it(store, csvs, tmp_path, trial):
    """The import starts while the build holds the lock: it waits, then adds to the build's
    result (a build replaces the store: an import before it would rightly be replaced)."""
    build = start(store, *BUILD)
    wait_for_lock(store, build)
    imported = start(store, "import", str(csvs[1]))
    finish(build)
    err = finish(imported)
    assert has_source(store, "https://example.org/test-only/writers-b")
    info = manifest(live(store).parent)
    assert [r["file"] for r in info["imports"]] == ["b.csv"]  # written last, on the build's result
    assert count(store) == info["triples"]
    assert_no_orphans(store)
    assert added(err) > 0


@pytest.mark.parametrize("trial", TRIALS)
def test_a_load_waiting_for_a_build_builds_on_it(store, tmp_path, trial):
    build = start(store, *BUILD)
    wait_for_lock(store, build)
    loaded = start(store, "load", "-q", str(nt_file(tmp_path / "a.nt", "a", 200)))
    finish(build), finish(loaded)
    info = manifest(live(store).parent)
    assert info["loaded_onto"] is not None  # on the build's generation, not on the one before
    assert count(store) == info["triples"]
    import pyoxigraph as ox

    built = ox.Store.read_only(str(live(store).parent / info["loaded_onto"]))
    assert count(store) == len(built) + 200
    assert_no_orphans(store)


HOLDER = textwrap.dedent("""
    import sys
    from kg.store import writing
    with writing(sys.argv[1]):
        print("locked", flush=True)
        sys.stdin.readline()
""")


def test_a_writer_that_waits_too_long_fails_naming_the_holder_and_writes_nothing(store, csvs):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, store], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        before, digest = store_state(store), store_hash(store)
        waiter = start(store, "import", str(csvs[0]), timeout=0.5)
        _, err = waiter.communicate(timeout=300)
    finally:
        holder.communicate("\n", timeout=60)
    assert waiter.returncode == 4, err
    assert err.count("waiting for the store's write lock") == 1
    assert f"locked by process {holder.pid}" in err
    assert "KG_LOCK_TIMEOUT" in err and "nothing was written" in err
    assert "Traceback" not in err
    assert store_state(store) == before and store_hash(store) == digest
    # once the holder is gone the same import goes through
    finish(start(store, "import", str(csvs[0])))
    assert has_source(store, "https://example.org/test-only/writers-a")


def test_a_bad_lock_timeout_is_refused(store, csvs):
    env = dict(os.environ, KG_STORE=store, KG_LOCK_TIMEOUT="soon")
    done = subprocess.run([KG_BIN, "import", str(csvs[0])], check=False, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "KG_LOCK_TIMEOUT must be a number of seconds" in done.stderr


def test_readers_do_not_wait_for_a_writer(store):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, store], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        env = dict(os.environ, KG_STORE=store, KG_LOCK_TIMEOUT="0")
        done = subprocess.run([KG_BIN, "ties", "Jaish al-Fath", "--format", "json"], check=False, env=env, capture_output=True,
                              text=True, timeout=300)
    finally:
        holder.communicate("\n", timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ties"]


def test_a_load_killed_mid_write_leaves_the_store_and_its_leftover_goes_with_the_next_write(store, tmp_path):
    """kill -9 of a real `kg load` while it writes its generation: the store stays on its live
    generation; the partial generation it leaves is removed by the next write."""
    path = parse_location(store).path
    assert path is not None
    big = nt_file(tmp_path / "big.nt", "big", 1_000_000)
    before, digest = store_state(store), store_hash(store)
    known = {p.name for p in path.glob("gen-*") if p.is_dir()}
    loading = start(store, "load", "-q", str(big))
    partial = None
    while loading.poll() is None and partial is None:
        fresh = [p for p in path.glob("gen-*") if p.is_dir() and "." not in p.name and p.name not in known]
        partial = fresh[0] if fresh and any(fresh[0].iterdir()) else None
        time.sleep(0.01)
    os.kill(loading.pid, signal.SIGKILL)
    loading.communicate(timeout=60)
    assert loading.returncode == -signal.SIGKILL, "the load finished before it could be killed: use a bigger file"
    assert partial is not None and partial.is_dir() and not (path / f"{partial.name}.json").exists()
    assert store_state(store) == before and store_hash(store) == digest
    # the next write (here a small load) removes the leftover under the lock
    finish(start(store, "load", "-q", str(nt_file(tmp_path / "small.nt", "small", 10))))
    assert not partial.exists()
    assert not list(path.glob(f"{partial.name}*"))
    assert_no_orphans(store)
    assert count(store) == before[1] + 10


@pytest.mark.parametrize("command", ["import", "build", "add"])
def test_a_writer_killed_holding_the_lock_leaves_the_store_as_it_was_and_the_lock_free(store, csvs, command):
    """kill -9 of a writer while it holds the lock (reading, validating or writing): the store
    keeps its live generation and content, and the next writer gets the lock at once."""
    args = {"import": ["import", str(csvs[1])], "build": BUILD, "add": ADD}[command]
    before, digest = store_state(store), store_hash(store)
    writer = start(store, *args)
    wait_for_lock(store, writer)
    os.kill(writer.pid, signal.SIGKILL)
    writer.communicate(timeout=60)
    assert writer.returncode == -signal.SIGKILL, f"{command} finished before it could be killed"
    assert store_state(store) == before and store_hash(store) == digest
    err = finish(start(store, "import", str(csvs[0]), timeout=0))  # 0: fail at once if still locked
    assert "waiting" not in err
    assert has_source(store, "https://example.org/test-only/writers-a")
    assert_no_orphans(store)


# --- an import's own read of the store, reused under the lock only while it is current ------

def _row(subject: str, relation: str, obj: str, url: str) -> dict[str, str]:
    return {"subject": subject, "relation": relation, "object": obj, "start": "2015-05-28", "precision": "day",
            "source_title": "TEST ONLY: made-up bulletin", "source_publisher": "Example Monitor (TEST)",
            "source_date": "2015-05-29", "source_url": url, "note": "TEST ONLY: base reuse", "_row": "2"}


def test_an_import_s_earlier_read_is_reused_only_while_its_generation_is_the_store_s(article_copy, tmp_path):
    """kg.update.apply takes the graph an import checked its rows against (read before the write
    lock) only when that generation is still the store's: a write in between is never lost, and
    with none in between the result is the same as reading the store again."""
    import shutil

    from rdflib import URIRef

    from kg.export import graph_hash
    from kg.importers.statements import read_rows
    from kg.store import open_graph, parse_location
    from kg.update import apply

    row = _row("Jaish al-Fath", "controls", "Ariha", "https://example.org/test-only/base-reuse-a")
    other = ["add", "Ahrar al-Sham", "controls", "Abu al-Duhur military airport", "--start", "2015-06-01",
             "--precision", "day", "--source-url", "https://example.org/test-only/base-reuse-b",
             "--source-title", "TEST ONLY: made-up report B", "--source-publisher", "Example News (TEST)",
             "--source-date", "2015-06-02"]
    twin = f"oxigraph:{tmp_path / 'twin'}"
    shutil.copytree(parse_location(article_copy).path, tmp_path / "twin")

    # nothing in between: reusing the earlier read gives what reading again gives
    batch = read_rows([dict(row)], open_graph(article_copy), "test")
    assert batch.read_from is not None  # an on-disk store: the read is known by its generation
    apply(article_copy, batch.graph, record={"kind": "csv", "file": "test"}, where=batch.where, base=batch.read_from)
    again = read_rows([dict(row)], open_graph(twin), "test")
    apply(twin, again.graph, record={"kind": "csv", "file": "test"}, where=again.where)
    assert graph_hash(open_graph(article_copy)) == graph_hash(open_graph(twin))  # the same triples, blank nodes aside

    # a write in between (another process): the earlier read is stale, the store is read again
    row = _row("Jaish al-Fath", "controls", "Jisr al-Shughur", "https://example.org/test-only/base-reuse-c")
    stale = read_rows([dict(row)], open_graph(article_copy), "test")
    done = subprocess.run([KG_BIN, "--store", article_copy, *other], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    apply(article_copy, stale.graph, record={"kind": "csv", "file": "test"}, where=stale.where, base=stale.read_from)
    urls = {str(o) for _, o in open_graph(article_copy).subject_objects(URIRef("https://schema.org/url"))}
    assert {"https://example.org/test-only/base-reuse-b", "https://example.org/test-only/base-reuse-c"} <= urls
