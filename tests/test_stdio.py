"""``-`` as every file argument: standard input or output, through real pipes to the real
``kg`` command on an on-disk store. A file that is called ``-`` is never read or written
instead; bad input on standard input is named ``<stdin>`` with its line or row and leaves the
store as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, store_hash

KG = [sys.executable, "-m", "kg"]
EXAMPLE = REPO / "examples" / "idlib-control-changes.csv"
DECOY = b"this file is called '-' and must never be read as standard input\n"


def run(store: str, cwd: Path, *args: str, data: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, KG_STORE=store, COLUMNS="200")
    return subprocess.run([*KG, *args], input=data, capture_output=True, cwd=cwd, env=env, timeout=300, check=False)


@pytest.fixture
def store(article_copy) -> str:
    """In this module, a fresh copy of the seed article's store: what is read from a pipe, not
    the data, is the point (an import onto it costs a third of one onto the bundled store)."""
    return article_copy


@pytest.fixture
def here(tmp_path) -> Path:
    """A working directory holding a file called ``-`` (what `kg view -o -` used to leave)."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    (folder / "-").write_bytes(DECOY)
    return folder


def test_import_reads_standard_input_not_a_file_called_dash(store, here):
    done = run(store, here, "import", "-", data=EXAMPLE.read_bytes())
    assert done.returncode == 0, done.stderr.decode()
    assert b"added" in done.stderr
    again = run(store, here, "import", str(EXAMPLE))  # the same rows from the file: already there
    assert again.returncode == 0, again.stderr.decode()
    assert b"nothing new: the store is unchanged" in again.stderr
    assert (here / "-").read_bytes() == DECOY


def test_bad_csv_on_standard_input_names_stdin_and_its_row_and_writes_nothing(store, here):
    rows = EXAMPLE.read_text(encoding="utf-8").splitlines()
    bad = rows[:2] + [rows[2].replace("Jaish al-Fath", "No Such Group Anywhere", 1)] + rows[3:]
    before = store_hash(store)
    done = run(store, here, "import", "-", data=("\n".join(bad) + "\n").encode())
    assert done.returncode == 2
    assert "<stdin> row 3:" in done.stderr.decode()
    assert "No Such Group Anywhere" in done.stderr.decode()
    assert store_hash(store) == before


def test_non_utf8_on_standard_input_is_refused_by_name(store, here):
    before = store_hash(store)
    done = run(store, here, "import", "-", data=EXAMPLE.read_bytes().replace(b"Jisr", b"J\xefsr", 1))
    assert done.returncode == 2
    assert done.stderr.decode().startswith("Error: <stdin>: the CSV file is not UTF-8")
    assert store_hash(store) == before


def test_dot_slash_dash_is_the_file_called_dash(store, here):
    (here / "-").write_bytes(EXAMPLE.read_bytes())
    done = run(store, here, "import", "./-", "--dry-run", data=b"not,a,csv\n")
    assert done.returncode == 0, done.stderr.decode()
    rows = len(EXAMPLE.read_text(encoding="utf-8").splitlines()) - 1
    assert f"checked {rows} row(s): {rows} statement(s)".encode() in done.stderr


def test_load_from_standard_input_needs_format(store, here):
    triple = b'<http://example.org/a> <http://example.org/name> "from a pipe" .\n'
    before = store_hash(store)
    done = run(store, here, "load", "-", "-q", data=triple)
    assert done.returncode == 2
    assert b"--format" in done.stderr
    assert store_hash(store) == before
    done = run(store, here, "load", "-", "--format", "nt", "-q", data=triple)
    assert done.returncode == 0, done.stderr.decode()
    assert b"+1 triples" in done.stderr
    asked = run(store, here, "query", "-e", 'SELECT ?n WHERE { <http://example.org/a> ?p ?n }', "-f", "csv")
    assert asked.stdout.decode().split() == ["n", "from", "a", "pipe"]


@pytest.mark.parametrize("fmt, data, line", [
    ("nt", b'<http://example.org/a> <http://example.org/b> "ok" .\n<http://example.org/a> <http://example.org/b\n', 2),
    ("turtle", b'@prefix ex: <http://example.org/> .\nex:a ex:b "ok" .\n\nex:c ex:d ex:e ;;; .\n"x" ex:f ex:g .\n', 5),
])
def test_bad_rdf_on_standard_input_names_stdin_and_its_line_and_writes_nothing(store, here, fmt, data, line):
    before = store_hash(store)
    done = run(store, here, "load", "-", "--format", fmt, "-q", data=data)
    assert done.returncode == 2
    assert done.stderr.decode().startswith(f"Error: <stdin>:{line}"), done.stderr.decode()
    assert store_hash(store) == before


def test_load_format_overrides_the_suffix(store, here):
    (here / "data.txt").write_bytes(b'<http://example.org/x> <http://example.org/y> "z" .\n')
    assert run(store, here, "load", "data.txt", "-q").returncode == 2
    done = run(store, here, "load", "data.txt", "--format", "nt", "-q")
    assert done.returncode == 0, done.stderr.decode()
    assert b"+1 triples" in done.stderr


def test_query_reads_sparql_from_standard_input(disk_store, here):
    (here / "-").write_text("SELECT ?decoy WHERE { }\n", encoding="utf-8")
    text = b"SELECT (COUNT(*) AS ?n) WHERE { ?g a kg:ArmedGroup }"
    done = run(disk_store, here, "query", "-", "-f", "json", data=text)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["head"]["vars"] == ["n"]
    same = run(disk_store, here, "query", "-e", text.decode(), "-f", "json")
    assert json.loads(done.stdout) == json.loads(same.stdout)
    named = run(disk_store, here, "query", "places", "-f", "csv")  # a name is still a named query
    assert named.returncode == 0 and named.stdout.startswith(b"place,placeLabel")
    dashed = run(disk_store, here, "query", "./-", "-f", "csv")  # and ./- the file called "-"
    assert dashed.returncode == 0 and dashed.stdout.split()[0] == b"decoy"


def test_a_bad_query_on_standard_input_names_stdin(disk_store, here):
    done = run(disk_store, here, "query", "-", data=b"SELECT ?x\nWHERE { ?x ?y ?z .\n  FILTER ( \n")
    assert done.returncode == 2
    assert done.stderr.decode().startswith("Error: <stdin>: SPARQL syntax error at line 3")


@pytest.mark.parametrize("args, start", [
    (["export", "--format", "turtle", "-o", "-"], b"@prefix"),
    (["export", "--format", "geojson", "-o", "-"], b"{"),
    (["view", "-o", "-"], b"<!DOCTYPE html>"),
    (["map", "-o", "-"], b"<!DOCTYPE html>"),
    (["timeline", "Idlib", "-o", "-"], b"<!DOCTYPE html>"),
])
def test_output_dash_writes_standard_output_and_no_file(disk_store, tmp_path, args, start):
    done = run(disk_store, tmp_path, *args)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.lstrip().startswith(start)
    assert not (tmp_path / "-").exists()
    assert b"wrote" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_output_dash_does_not_touch_a_file_called_dash(disk_store, here):
    done = run(disk_store, here, "export", "--format", "nt", "-o", "-")
    assert done.returncode == 0 and b"<https://w3id.org/armed-groups-kg/" in done.stdout
    assert (here / "-").read_bytes() == DECOY


def test_extract_reads_the_report_from_standard_input(disk_store, here):
    report = (REPO / "examples" / "test-report.txt").read_bytes()
    args = ["extract", "--source-title", "TEST", "--source-publisher", "Example News (TEST)",
            "--source-date", "2015-05-29", "--url", "https://example.org/test-only/report"]
    piped = run(disk_store, here, *args, "-", "-o", "-", data=report)
    assert piped.returncode == 0, piped.stderr.decode()
    from_file = run(disk_store, here, *args, str(REPO / "examples" / "test-report.txt"))
    assert piped.stdout == from_file.stdout and piped.stdout.count(b"\n") > 1
    assert (here / "-").read_bytes() == DECOY


def test_a_nul_byte_on_standard_input_stops_the_spool_at_once(store, here):
    before = store_hash(store)
    # a stream of zeros that would never end (/dev/zero), cut by the first NUL byte
    with open("/dev/zero", "rb") as zeros:
        done = subprocess.run([*KG, "load", "-", "--format", "nt"], stdin=zeros, capture_output=True, cwd=here,
                              env=dict(os.environ, KG_STORE=store), timeout=120, check=False)
    assert done.returncode == 2 and b"<stdin>:1: a NUL byte" in done.stderr
    assert store_hash(store) == before


def test_a_spool_is_removed_when_kg_is_terminated_or_was_killed(store, here, tmp_path):
    import signal
    import tempfile
    import time

    from kg.stdio import _PREFIX

    env = dict(os.environ, KG_STORE=store, TMPDIR=str(tmp_path))
    tempfile.tempdir = None
    process = subprocess.Popen([*KG, "load", "-", "--format", "nt"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, cwd=here, env=env)
    assert process.stdin is not None
    process.stdin.write(b'<https://example.org/a> <https://example.org/p> "x" .\n' * 1000)
    process.stdin.flush()
    for _ in range(600):  # until the spool is there: the stream is still open, so kg still copies it
        if list(tmp_path.glob(f"{_PREFIX}{process.pid}-*")):
            break
        time.sleep(0.05)
    assert list(tmp_path.glob(f"{_PREFIX}{process.pid}-*"))
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    assert not list(tmp_path.glob(f"{_PREFIX}*"))
    # a spool left by a process that is gone (killed with SIGKILL) is removed by the next one
    (tmp_path / f"{_PREFIX}999999999-left").mkdir()
    done = subprocess.run([*KG, "load", "-", "--format", "nt"], input=b"not a triple\n", capture_output=True, cwd=here,
                          env=env, timeout=120, check=False)
    assert done.returncode == 2 and b"<stdin>:1" in done.stderr, done.stderr
    assert not list(tmp_path.glob(f"{_PREFIX}*"))


def test_ctrl_c_exits_130_and_leaves_no_spool(store, here, tmp_path):
    """(click's "Aborted!" exits 1, the code kg gives to "data does not conform")"""
    import signal
    import time

    from kg.stdio import _PREFIX

    env = dict(os.environ, KG_STORE=store, TMPDIR=str(tmp_path))
    # (a pytest-xdist worker ignores SIGINT, and a child inherits that: kg as a shell starts it, with the default)
    process = subprocess.Popen([*KG, "load", "-", "--format", "nt"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, cwd=here, env=env,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    assert process.stdin is not None
    process.stdin.write(b'<https://example.org/a> <https://example.org/p> "x" .\n' * 1000)
    process.stdin.flush()
    for _ in range(600):
        if list(tmp_path.glob(f"{_PREFIX}{process.pid}-*")):
            break
        time.sleep(0.05)
    assert list(tmp_path.glob(f"{_PREFIX}{process.pid}-*"))  # still copying: the stream is open
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and b"Aborted!" in err
    assert not list(tmp_path.glob(f"{_PREFIX}*"))
