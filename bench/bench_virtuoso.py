"""kg's named queries on Virtuoso 7 (Debian `virtuoso-opensource`), raw pyoxigraph and kg's
default store, on one synthetic graph (1M triples by default), as issue 5 asks ("each named
query at 1M <= 2x Virtuoso").

    python bench/bench_virtuoso.py [--triples 1000000] [--workdir /tmp/kg-virt] [--cap 60]
                                   [--repeat 5] [--json out.json] [--no-write]
    python bench/bench_virtuoso.py --from-json out.json [--note "..."]   # rewrite the section only

Needs `apt-get install virtuoso-opensource` (see docs/virtuoso.md). The script runs its own
Virtuoso instance: a fresh database in WORKDIR/virtuoso, its own virtuoso.ini with the SQL and
HTTP ports bound to 127.0.0.1 only (free ports picked at start), the dba password replaced by a
random one that is never written down, started with `virtuoso-t +foreground` and stopped by its
pid. The Debian service is not used.

Steps: generate WORKDIR/kg-1m.nt with bench/generate.py (unless it is there), bulk-load it into
Virtuoso (ld_dir + rdf_loader_run + checkpoint, graph urn:kg), into a raw pyoxigraph on-disk
store (Store.bulk_load) and into kg's default store (`kg load`); then for each named query
(parameters from the generated .json, chosen as bench/bench_scale.py does) one warm-up and the
median of 5 runs on each of:

  - kg's default store: kg.store.open_graph("oxigraph:...") + kg.queries.run;
  - raw pyoxigraph: Store.query on the text kg sends (kg.sparqltext.bind_values, terms resolved once
    by kg's name index);
  - Virtuoso through kg's remote store: kg.store.open_graph("http://127.0.0.1:PORT/sparql?
    default-graph-uri=urn:kg") + kg.queries.run (HTTP POST, JSON results, parsed by rdflib).

Every row is read. The answers are compared: row counts, and the rows as multisets of lexical
values. Writes the section "bench_virtuoso" of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import PARAM_KEYS, free_port  # importing bench_scale runs nothing
from common import write_section

PY = sys.executable
GRAPH = "urn:kg"
TEMPLATE = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


# --- a private Virtuoso instance ------------------------------------------------------------


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


def write_ini(db: Path, data_dir: Path, sql_port: int, http_port: int) -> Path:
    """A virtuoso.ini for a database in ``db``: loopback ports, no row cap, no time cap."""
    ini = TEMPLATE.read_text(encoding="utf-8").splitlines()
    # drop the [Plugins] section (hosting plugins this benchmark does not need)
    if "[Plugins]" in ini:
        start = ini.index("[Plugins]")
        end = next((i for i in range(start + 1, len(ini)) if ini[i].lstrip().startswith("[")), len(ini))
        del ini[start:end]
    for key, name in [("DatabaseFile", "virtuoso.db"), ("ErrorLogFile", "virtuoso.log"), ("LockFile", "virtuoso.lck"),
                      ("TransactionFile", "virtuoso.trx"), ("xa_persistent_file", "virtuoso.pxa")]:
        _set(ini, "Database", key, str(db / name))
    _set(ini, "TempDatabase", "DatabaseFile", str(db / "virtuoso-temp.db"))
    _set(ini, "TempDatabase", "TransactionFile", str(db / "virtuoso-temp.trx"))
    _set(ini, "Parameters", "ServerPort", f"127.0.0.1:{sql_port}")
    _set(ini, "Parameters", "DisableUnixSocket", "1")
    _set(ini, "Parameters", "DirsAllowed", f"., {data_dir}, /usr/share/virtuoso-opensource-7/vad")
    # the 2 GiB line of the template's own table (NumberOfBuffers x 8 KiB pages): plenty for 1M triples
    _set(ini, "Parameters", "NumberOfBuffers", "170000")
    _set(ini, "Parameters", "MaxDirtyBuffers", "130000")
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

    def __init__(self, work: Path, data_dir: Path):
        self.db = work / "virtuoso"
        shutil.rmtree(self.db, ignore_errors=True)
        (self.db / "vsp").mkdir(parents=True)
        self.sql_port, self.http_port = free_port(), free_port()
        while self.http_port == self.sql_port:
            self.http_port = free_port()
        self.ini = write_ini(self.db, data_dir, self.sql_port, self.http_port)
        self.password = "dba"  # a new database's default; replaced in start()
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def start(self, timeout: float = 120) -> float:
        binary = shutil.which("virtuoso-t")
        if not binary:
            raise SystemExit("virtuoso-t not found: apt-get install virtuoso-opensource (docs/virtuoso.md)")
        started = time.perf_counter()
        self.log = (self.db / "stdout.log").open("w")
        self.process = subprocess.Popen([binary, "+foreground", "+configfile", str(self.ini)], cwd=self.db,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: {(self.db / 'virtuoso.log').read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{self.endpoint}?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError("virtuoso did not answer on its HTTP port")
        seconds = time.perf_counter() - started
        new = secrets.token_hex(16)  # letters and digits: SET PASSWORD takes bare words
        self.isql(f"USER_SET_PASSWORD('dba', '{new}');")
        self.password = new
        self.isql("SELECT 1;")  # the new password works
        return seconds

    def isql(self, sql: str, timeout: float = 3600) -> str:
        """Run SQL through isql-vt (statements on stdin; the password is in isql's argv, loopback only)."""
        done = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", self.password],
                              input=sql + "\n", capture_output=True, text=True, timeout=timeout, check=False)
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

    def bulk_load(self, data: Path) -> float:
        started = time.perf_counter()
        self.isql(f"ld_dir('{data.parent}', '{data.name}', '{GRAPH}');\nrdf_loader_run();\ncheckpoint;")
        seconds = time.perf_counter() - started
        errors = self.isql("SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;")
        if "0 Rows" not in errors:
            raise RuntimeError(f"the Virtuoso bulk load reported errors: {errors}")
        return seconds

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.isql("shutdown;", timeout=120)
        except (RuntimeError, subprocess.TimeoutExpired):
            pass
        try:
            self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.process.terminate()  # this pid only
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def sparql_count(endpoint: str) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    url = f"{endpoint}?default-graph-uri={urllib.parse.quote(GRAPH)}&query={urllib.parse.quote(query)}"
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    body = json.loads(urllib.request.urlopen(request, timeout=600).read())
    return int(body["results"]["bindings"][0]["n"]["value"])


# --- timing ---------------------------------------------------------------------------------


class Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout()


def measure(run: Callable[[], list], cap: float, repeat: int) -> dict[str, Any]:
    """One warm-up, then the median of ``repeat`` runs; each run stopped after ``cap`` seconds
    (a stopped or over-cap warm-up skips the timed runs). The rows of the warm-up are kept."""
    signal.signal(signal.SIGALRM, _alarm)

    def once() -> tuple[float, list]:
        signal.setitimer(signal.ITIMER_REAL, cap)
        try:
            start = time.perf_counter()
            rows = run()
            return time.perf_counter() - start, rows
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    try:
        warm, rows = once()
    except Timeout:
        return {"median": None, "warmup": None, "rows": None, "error": f"over {cap:.0f} s"}
    except Exception as error:  # noqa: BLE001 - report the store's error in the table
        return {"median": None, "warmup": None, "rows": None, "error": f"{type(error).__name__}: {str(error)[:300]}"}
    if warm > cap:
        return {"median": None, "warmup": warm, "rows": rows, "error": f"over {cap:.0f} s"}
    times = []
    try:
        for _ in range(repeat):
            times.append(once()[0])
    except Timeout:
        return {"median": None, "warmup": warm, "rows": rows, "error": f"a run over {cap:.0f} s"}
    return {"median": statistics.median(times), "warmup": warm, "rows": rows, "times": times}


def _lex(term: Any) -> str:
    """A term's lexical value (pyoxigraph terms print as N-Triples; rdflib terms as their value)."""
    if term is None:
        return ""
    if type(term).__module__.startswith("pyoxigraph"):
        return "_:" if type(term).__name__ == "BlankNode" else term.value
    return "_:" if type(term).__name__ == "BNode" else str(term)


def lexical(row: Any) -> tuple:
    return tuple(_lex(v) for v in row)


def compare(answers: dict[str, list | None]) -> str:
    """'same' or what differs between the stores' rows (counts, then multisets of values)."""
    present = {k: v for k, v in answers.items() if v is not None}
    if len(present) < 2:
        return "not compared"
    counts = {k: len(v) for k, v in present.items()}
    if len(set(counts.values())) > 1:
        return "rows: " + ", ".join(f"{k} {n}" for k, n in counts.items())
    bags = {k: collections.Counter(map(lexical, v)) for k, v in present.items()}
    first = next(iter(bags))
    differ = [k for k in bags if bags[k] != bags[first]]
    if not differ:
        return "same"
    notes = []
    for k in differ:
        only_first = bags[first] - bags[k]
        only_k = bags[k] - bags[first]
        example = next(iter(only_first), None), next(iter(only_k), None)
        notes.append(f"{k} values differ from {first} in {sum(only_k.values())} rows (e.g. {example[0]} vs {example[1]})")
    return "same counts; " + "; ".join(notes)


# --- the benchmark --------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kg-virt"))
    parser.add_argument("--data", type=Path, help="N-Triples file from bench/generate.py (default: WORKDIR/kg-1m.nt or kg-N.nt)")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds before a query run is stopped")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/benchmarks.md")
    parser.add_argument("--from-json", type=Path, help="only rewrite the section from an earlier --json file")
    parser.add_argument("--note", default="", help="a sentence added to the section (e.g. what else ran)")
    args = parser.parse_args()
    if args.from_json:
        body = report(json.loads(args.from_json.read_text(encoding="utf-8")), args)
        print(body)
        if not args.no_write:
            write_section("bench_virtuoso", body)
        return

    import pyoxigraph as ox

    from kg import queries as kq
    from kg import store
    from kg.sparqltext import bind_values
    from kg.names import index_for

    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    label = "1m" if args.triples == 1_000_000 else str(args.triples)
    data = (args.data or work / f"kg-{label}.nt").resolve()
    if not (data.exists() and Path(f"{data}.json").exists()):
        subprocess.run([PY, str(Path(__file__).parent / "generate.py"), "--triples", str(args.triples), "-o", str(data)], check=True)
    info = json.loads(Path(f"{data}.json").read_text(encoding="utf-8"))
    params = info["params"]
    result: dict[str, Any] = {"data": str(data), "triples_generated": info["triples"], "params": params}

    # raw pyoxigraph: its own on-disk store, bulk-loaded from the file
    raw_dir = work / "raw-oxigraph"
    shutil.rmtree(raw_dir, ignore_errors=True)
    started = time.perf_counter()
    raw = ox.Store(str(raw_dir))
    raw.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    raw.flush()
    result["load_raw"] = time.perf_counter() - started
    result["triples_raw"] = len(raw)
    print(f"pyoxigraph bulk load: {result['load_raw']:.1f} s, {result['triples_raw']} triples", flush=True)

    # kg's default store, loaded by `kg load`
    location = work / "store"
    started = time.perf_counter()
    subprocess.run([PY, "-m", "kg", "--store", f"oxigraph:{location}", "load", "-q", "--replace", str(data)], check=True)
    result["load_kg"] = time.perf_counter() - started
    print(f"kg load: {result['load_kg']:.1f} s", flush=True)

    virtuoso = Virtuoso(work, data.parent)
    try:
        result["virtuoso_start"] = virtuoso.start()
        result["virtuoso_listening"] = virtuoso.listening()
        if any(not a.startswith("127.0.0.1:") for a in result["virtuoso_listening"]):
            raise RuntimeError(f"virtuoso listens beyond loopback: {result['virtuoso_listening']}")
        print(f"virtuoso up in {result['virtuoso_start']:.1f} s on {result['virtuoso_listening']}", flush=True)
        result["load_virtuoso"] = virtuoso.bulk_load(data)
        result["triples_virtuoso"] = sparql_count(virtuoso.endpoint)
        print(f"virtuoso bulk load: {result['load_virtuoso']:.1f} s, {result['triples_virtuoso']} triples in {GRAPH}", flush=True)
        url = f"{virtuoso.endpoint}?default-graph-uri={urllib.parse.quote(GRAPH, safe='')}"
        result["url"] = url

        default = store.open_graph(f"oxigraph:{location}")
        remote = store.open_graph(url)
        started = time.perf_counter()
        index_for(default)
        result["index_default"] = time.perf_counter() - started
        started = time.perf_counter()
        index_for(remote)
        result["index_virtuoso"] = time.perf_counter() - started
        print(f"name index: default {result['index_default']:.1f} s, virtuoso {result['index_virtuoso']:.1f} s", flush=True)

        result["queries"] = {}
        for query in kq.list_queries():
            values = {p.name: params[PARAM_KEYS.get(p.name, p.type)] for p in query.params}
            from rdflib.term import Variable

            bindings = {Variable(p.name): kq.bind_value(default, p, values[p.name]) for p in query.params}
            text = bind_values(query.text, bindings) if bindings else query.text
            entry: dict[str, Any] = {"values": values}
            entry["default"] = measure(lambda q=query, v=values: kq.rows(kq.run(default, q, v)), args.cap, args.repeat)
            entry["raw"] = measure(lambda t=text: list(raw.query(t)), args.cap, args.repeat)
            entry["virtuoso"] = measure(lambda q=query, v=values: kq.rows(kq.run(remote, q, v)), args.cap, args.repeat)
            answers = {k: entry[k]["rows"] for k in ("default", "raw", "virtuoso")}
            entry["agree"] = compare({k: v for k, v in answers.items()})
            entry["agree_default_virtuoso"] = compare({k: answers[k] for k in ("default", "virtuoso")})
            for k in ("default", "raw", "virtuoso"):
                rows = entry[k].pop("rows")
                entry[k]["count"] = None if rows is None else len(rows)
            result["queries"][query.name] = entry
            cells = " ".join(f"{k} {fmt(entry[k])}" for k in ("default", "raw", "virtuoso"))
            print(f"  {query.name}: {cells}; {entry['agree']}", flush=True)
    finally:
        virtuoso.stop()
    result["virtuoso_stopped"] = virtuoso.process is not None and virtuoso.process.poll() is not None

    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    body = report(result, args)
    print(body)
    if not args.no_write:
        write_section("bench_virtuoso", body)


def fmt(m: dict[str, Any]) -> str:
    if m.get("median") is not None:
        return f"{m['median'] * 1000:.1f}"
    return m.get("error", "n/a")


def ratio(a: dict[str, Any], b: dict[str, Any]) -> str:
    if a.get("median") and b.get("median"):
        return f"{a['median'] / b['median']:.2f}x"
    return "n/a"


def report(r: dict[str, Any], args: argparse.Namespace) -> str:
    version = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True, check=False)
    vline = next((line.strip() for line in (version.stdout + version.stderr).splitlines() if "Version" in line), "Virtuoso 7")
    lines = [
        "## kg on Virtuoso (bench/bench_virtuoso.py)",
        "",
        (f"One synthetic graph from `bench/generate.py` ({r['triples_generated']:,} triples written, seed 1). "
        "*kg default* is kg's default store (rdflib over oxrdflib, on-disk Oxigraph loaded with `kg load`, "
        "run through `kg.queries.run`); *raw pyoxigraph* is `pyoxigraph.Store.query` on its own on-disk store "
        "bulk-loaded from the same file, given the text kg sends (parameters in a VALUES block); *Virtuoso* is "
        f"{vline} (Debian `virtuoso-opensource`, its own database and ini, loopback only, graph `{GRAPH}` "
        "bulk-loaded with `ld_dir` + `rdf_loader_run`) through kg's remote store "
        "(`/sparql?default-graph-uri=urn:kg`, HTTP POST, JSON results parsed by rdflib, `kg.queries.run`). "
        f"Latencies in ms: median of {args.repeat} runs after one warm-up, every row read; ratios from the same run. "
        "Parameters as in bench_scale.py; names resolved by kg's name index (built beforehand: "
        f"{r['index_default']:.1f} s on the default store, {r['index_virtuoso']:.1f} s over HTTP from Virtuoso)."),
        "",
        "| query | rows | kg default store | raw pyoxigraph | Virtuoso (kg remote store) | kg / raw | kg / Virtuoso | answers |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, e in r["queries"].items():
        counts = {e[k]["count"] for k in ("default", "raw", "virtuoso")}
        rows = str(e["default"]["count"]) if len(counts) == 1 else "/".join(str(e[k]["count"]) for k in ("default", "raw", "virtuoso"))
        lines.append(f"| {name} | {rows} | {fmt(e['default'])} | {fmt(e['raw'])} | {fmt(e['virtuoso'])} "
                     f"| {ratio(e['default'], e['raw'])} | {ratio(e['default'], e['virtuoso'])} | {e['agree']} |")
    lines += [
        "",
        "| load | seconds | triples in the store |",
        "| --- | --- | --- |",
        f"| Virtuoso bulk load (`ld_dir` + `rdf_loader_run` + `checkpoint`) | {r['load_virtuoso']:.1f} | {r['triples_virtuoso']:,} |",
        f"| pyoxigraph `Store.bulk_load` (on disk) | {r['load_raw']:.1f} | {r['triples_raw']:,} |",
        f"| `kg load` (whole command) | {r['load_kg']:.1f} | |",
        "",
        (f"Virtuoso started in {r['virtuoso_start']:.1f} s (fresh database), listening on "
        f"{', '.join(r['virtuoso_listening'])} only."),
    ]
    wrong = [name for name, e in r["queries"].items() if e["agree"] != "same"]
    if wrong:
        lines += ["", (f"Answers differ on {', '.join(wrong)}: kg's default store and raw pyoxigraph agree, Virtuoso "
                  "returns fewer rows without an error (a Virtuoso 7.2.5 bug, narrowed down in docs/virtuoso.md), "
                  "so its latency and the kg / Virtuoso ratio there compare different work.")]
    if args.note:
        lines += ["", args.note]
    return "\n".join(lines)


if __name__ == "__main__":
    os.environ.pop("KG_UPDATE_URL", None)
    main()
