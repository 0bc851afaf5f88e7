"""A private Virtuoso 7 instance (Debian `virtuoso-opensource`) for kg's benchmark
(bench/bench_virtuoso.py) and tests (tests/test_virtuoso.py); docs/virtuoso.md explains each
setting.

    virtuoso = Virtuoso(workdir, data_dir, buffers=20000)
    virtuoso.start()                          # a fresh database; the dba password replaced
    try:
        virtuoso.bulk_load(data_dir / "kg.nt", "urn:kg")
        url = virtuoso.store_url("urn:kg")    # for kg --store / kg.store.open_graph
        ...
    finally:
        virtuoso.stop()                       # shut down, its pid waited for

The instance is a fresh database in WORKDIR/virtuoso with its own virtuoso.ini (made from the
package's /etc/virtuoso-opensource-7/virtuoso.ini): the SQL and HTTP ports on 127.0.0.1 only
(free ports picked at start), no Unix socket, `ld_dir` allowed to read DATA_DIR only, and
the SPARQL limits that cut answers *silently* lifted (ResultSetMaxRows: 10000 rows;
MaxQueryExecutionTime: partial "anytime" results after 60 s; MaxQueryCostEstimationTime).
It runs as `virtuoso-t +foreground` (a child of this process, never the Debian service); the
well-known dba/dba password is replaced at start by a random one that is never written down;
`stop()` shuts it down and waits for its pid (terminate/kill that pid only if it hangs).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

TEMPLATE = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
GRAPH = "urn:kg"
# The ini's own 2 GiB line (NumberOfBuffers x 8 KiB pages): plenty for 1M triples.
BUFFERS = 170000


class VirtuosoMissing(RuntimeError):
    """virtuoso-t, isql-vt or the package's ini template is not installed."""


def tools() -> tuple[str, str]:
    """The paths of virtuoso-t and isql-vt, or VirtuosoMissing naming what is missing."""
    found = {name: shutil.which(name) for name in ("virtuoso-t", "isql-vt")}
    missing = [name for name, path in found.items() if not path]
    if missing:
        raise VirtuosoMissing(f"{' and '.join(missing)} not found: apt-get install virtuoso-opensource (docs/virtuoso.md)")
    if not TEMPLATE.is_file():
        raise VirtuosoMissing(f"{TEMPLATE} not found (it comes with the virtuoso-opensource-7 package)")
    return found["virtuoso-t"], found["isql-vt"]  # type: ignore[return-value]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _set(ini: list[str], section: str, key: str, value: str) -> None:
    """Set ``key = value`` in ``[section]`` of the ini lines (added when missing)."""
    start = next((i for i, line in enumerate(ini) if line.strip().lower() == f"[{section.lower()}]"), None)
    if start is None:
        ini += ["", f"[{section}]", f"{key} = {value}"]
        return
    end = next((i for i in range(start + 1, len(ini)) if ini[i].lstrip().startswith("[")), len(ini))
    for i in range(start + 1, end):
        if ini[i].split("=", 1)[0].strip().lower() == key.lower() and not ini[i].lstrip().startswith(";"):
            ini[i] = f"{key} = {value}"
            return
    ini.insert(end, f"{key} = {value}")


def _drop(ini: list[str], section: str) -> None:
    if f"[{section}]" in ini:
        start = ini.index(f"[{section}]")
        end = next((i for i in range(start + 1, len(ini)) if ini[i].lstrip().startswith("[")), len(ini))
        del ini[start:end]


def write_ini(db: Path, data_dir: Path, sql_port: int, http_port: int, buffers: int = BUFFERS) -> Path:
    """A virtuoso.ini for a database in ``db``: loopback ports, no row cap, no time cap."""
    ini = TEMPLATE.read_text(encoding="utf-8").splitlines()
    _drop(ini, "Plugins")  # hosting plugins kg does not need
    _drop(ini, "Zero Config")  # no service announcement
    for key, name in [("DatabaseFile", "virtuoso.db"), ("ErrorLogFile", "virtuoso.log"), ("LockFile", "virtuoso.lck"),
                      ("TransactionFile", "virtuoso.trx"), ("xa_persistent_file", "virtuoso.pxa")]:
        _set(ini, "Database", key, str(db / name))
    _set(ini, "TempDatabase", "DatabaseFile", str(db / "virtuoso-temp.db"))
    _set(ini, "TempDatabase", "TransactionFile", str(db / "virtuoso-temp.trx"))
    _set(ini, "Parameters", "ServerPort", f"127.0.0.1:{sql_port}")
    _set(ini, "Parameters", "DisableUnixSocket", "1")
    _set(ini, "Parameters", "DirsAllowed", f"., {data_dir}, /usr/share/virtuoso-opensource-7/vad")
    _set(ini, "Parameters", "NumberOfBuffers", str(buffers))
    _set(ini, "Parameters", "MaxDirtyBuffers", str(buffers * 3 // 4))
    _set(ini, "HTTPServer", "ServerPort", f"127.0.0.1:{http_port}")
    _set(ini, "HTTPServer", "ServerRoot", str(db / "vsp"))
    _set(ini, "URIQA", "DefaultHost", f"127.0.0.1:{http_port}")
    # the defaults cut results at 10000 rows and return partial results after 60 s ("anytime"
    # queries): both would make answers differ silently
    _set(ini, "SPARQL", "ResultSetMaxRows", "100000000")
    _set(ini, "SPARQL", "MaxQueryExecutionTime", "0")
    _set(ini, "SPARQL", "MaxQueryCostEstimationTime", "0")
    path = db / "virtuoso.ini"
    path.write_text("\n".join(ini) + "\n", encoding="utf-8")
    return path


class Virtuoso:
    """virtuoso-t +foreground on a fresh database; isql for administration; stopped by pid."""

    def __init__(self, work: Path, data_dir: Path, buffers: int = BUFFERS):
        self.binary, self.isql_binary = tools()
        self.db = work / "virtuoso"
        shutil.rmtree(self.db, ignore_errors=True)
        (self.db / "vsp").mkdir(parents=True)
        self.sql_port, self.http_port = free_port(), free_port()
        while self.http_port == self.sql_port:
            self.http_port = free_port()
        self.ini = write_ini(self.db, data_dir.resolve(), self.sql_port, self.http_port, buffers)
        self.password = "dba"  # a new database's default; replaced in start()
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def store_url(self, graph: str = GRAPH) -> str:
        """The endpoint with ``graph`` as the default graph (the SPARQL protocol's
        default-graph-uri; without it Virtuoso's default graph is the union of all its graphs,
        its own system graphs included): a location for kg's remote store."""
        return f"{self.endpoint}?default-graph-uri={urllib.parse.quote(graph, safe='')}"

    def start(self, timeout: float = 120) -> float:
        """Start the server, wait until it answers, replace the dba password. Seconds taken."""
        started = time.perf_counter()
        self.log = (self.db / "stdout.log").open("w")
        self.process = subprocess.Popen([self.binary, "+foreground", "+configfile", str(self.ini)], cwd=self.db,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        try:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: {self.error_log()}")
                try:
                    urllib.request.urlopen(f"{self.endpoint}?query=ASK%7B%7D", timeout=2).read()
                    break
                except OSError:
                    if time.perf_counter() - started > timeout:
                        raise RuntimeError(f"virtuoso did not answer on its HTTP port in {timeout:.0f} s: {self.error_log()}") from None
                    time.sleep(0.2)
            seconds = time.perf_counter() - started
            new = secrets.token_hex(16)  # letters and digits: nothing to quote
            self.isql(f"USER_SET_PASSWORD('dba', '{new}');")
            self.password = new
            self.isql("SELECT 1;")  # the new password works
        except BaseException:
            self.stop()
            raise
        return seconds

    def error_log(self) -> str:
        path = self.db / "virtuoso.log"
        return path.read_text(encoding="utf-8", errors="replace")[-2000:] if path.exists() else "(no virtuoso.log)"

    def isql(self, sql: str, timeout: float = 3600) -> str:
        """Run SQL through isql-vt (statements on stdin; the password is in isql's argv, loopback only)."""
        done = subprocess.run([self.isql_binary, f"127.0.0.1:{self.sql_port}", "dba", self.password],
                              input=sql + "\n", capture_output=True, text=True, encoding="utf-8", errors="replace",
                              timeout=timeout, check=False)
        if done.returncode or "*** Error" in done.stdout or "*** Error" in done.stderr:
            raise RuntimeError(f"isql failed on {sql[:200]!r}: {(done.stdout + done.stderr)[-2000:]}")
        return done.stdout

    def listening(self) -> list[str]:
        """The local addresses virtuoso-t listens on (from /proc/net/tcp*, by its socket inodes)."""
        assert self.process is not None
        inodes = set()
        for fd in Path(f"/proc/{self.process.pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
        out = []
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and fields[9] in inodes:  # LISTEN
                    host, port = fields[1].split(":")
                    if len(host) == 8:
                        addr = ".".join(str(int(host[i:i + 2], 16)) for i in (6, 4, 2, 0))
                    else:
                        addr = "[v6 " + host + "]"
                    out.append(f"{addr}:{int(port, 16)}")
        return sorted(out)

    def bulk_load(self, data: Path, graph: str = GRAPH) -> float:
        """Load one N-Triples (or Turtle) file into ``graph`` with ld_dir + rdf_loader_run +
        checkpoint; its directory must be the ``data_dir`` given at construction. Seconds taken."""
        data = data.resolve()
        if not data.is_file():
            raise FileNotFoundError(f"no file {data} to load into Virtuoso")
        started = time.perf_counter()
        self.isql(f"ld_dir('{data.parent}', '{data.name}', '{graph}');\nrdf_loader_run();\ncheckpoint;")
        seconds = time.perf_counter() - started
        errors = self.isql("SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;")
        if "0 Rows" not in errors:
            raise RuntimeError(f"the Virtuoso bulk load reported errors: {errors}")
        loaded = self.value(f"SELECT COUNT(*) FROM DB.DBA.load_list WHERE ll_file = '{data}' AND ll_state = 2;")
        if loaded != "1":
            raise RuntimeError(f"Virtuoso did not load {data} (is its directory the data_dir, in DirsAllowed?)")
        return seconds

    def value(self, sql: str) -> str:
        """The first cell of a one-row SQL answer, as isql prints it."""
        lines = self.isql(sql).splitlines()
        rule = next(i for i, line in enumerate(lines) if line.startswith("_____"))
        return next(line for line in lines[rule + 1:] if line.strip()).split()[0]

    def count(self, graph: str = GRAPH) -> int:
        """The number of triples in ``graph``, over HTTP."""
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        url = f"{self.store_url(graph)}&query={urllib.parse.quote(query)}"
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        body = json.loads(urllib.request.urlopen(request, timeout=600).read())
        return int(body["results"]["bindings"][0]["n"]["value"])

    def stop(self) -> None:
        """Shut the server down through isql and wait for its pid; terminate, then kill, that
        pid only if it does not exit."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                self.isql("shutdown;", timeout=120)
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        self.log.close()
