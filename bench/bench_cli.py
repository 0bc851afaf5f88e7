"""`kg ties` as a whole cold command (a new process each run), on the default on-disk
Oxigraph store against the baseline a user would otherwise have: re-parsing and validating
the Turtle into rdflib's in-memory store on every run (`--store memory`). For each command it
also says whether the default store's run imported rdflib (ties, control and lineage read an
on-disk store without it: kg.reader), beside what importing rdflib and its SPARQL engine costs.

kg's modules are byte-compiled first (``compileall``), as a pip install leaves them: with
PYTHONDONTWRITEBYTECODE set, an editable install would otherwise compile them on every run.

    python bench/bench_cli.py [--repeat 7]

Writes the section "bench_cli" of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import byte_compile_kg, median_seconds, write_section

COMMANDS = [
    ("ties", ["ties", "Jaish al-Fath"]),
    ("ties --at", ["ties", "al-Nusra", "--at", "2015-04-01"]),
    ("control --at", ["control", "Idlib", "--at", "2015-04-01"]),
    ("lineage --at", ["lineage", "al-Nusra", "--at", "2016-09-01"]),
    ("path", ["path", "Ahrar al-Sham", "al-Qaeda"]),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    store = Path(tempfile.mkdtemp()) / "store"
    kg = [sys.executable, "-m", "kg"]
    byte_compile_kg()
    subprocess.run([*kg, "--store", f"oxigraph:{store}", "build"], check=True, capture_output=True)

    def runner(store_arg: str, cmd: list[str]):
        return lambda: subprocess.run([*kg, "--store", store_arg, *cmd], check=True, capture_output=True)

    def python(code: str) -> float:
        return median_seconds(lambda: subprocess.run([sys.executable, "-c", code], check=True), args.repeat)

    baseline_python, rdflib_import = python("pass"), python("import oxrdflib")
    rows = []
    for label, cmd in COMMANDS:
        disk = median_seconds(runner(f"oxigraph:{store}", cmd), args.repeat)
        memory = median_seconds(runner("memory", cmd), args.repeat)
        rdflib = "yes" if imports_rdflib(f"oxigraph:{store}", cmd) else "no"
        rows.append(f"| `kg {' '.join(cmd)}` | {disk * 1000:.0f} ms | {rdflib} | {memory * 1000:.0f} ms | {memory / disk:.1f}x |")
        print(label, f"disk {disk*1000:.0f} ms (rdflib: {rdflib}), memory {memory*1000:.0f} ms")
    body = (
        "## `kg` commands, cold (bench/bench_cli.py)\n\n"
        f"Median of {args.repeat} runs, each a new process, on the bundled graph. The default on-disk "
        "Oxigraph store is reopened read-only; the baseline re-parses and SHACL-validates the Turtle "
        "into rdflib's in-memory store every run. The ratio is baseline / default, measured in the "
        f"same run. A bare `python -c pass` takes {baseline_python * 1000:.0f} ms here; importing rdflib and its SPARQL "
        f"engine (`python -c 'import oxrdflib'`) {rdflib_import * 1000:.0f} ms, which kg ties, control and lineage "
        "no longer pay on an on-disk store (*rdflib imported*: whether the default-store run imported it). kg's "
        "modules are byte-compiled first, as a pip install leaves them.\n\n"
        "| command | default store (on-disk Oxigraph) | rdflib imported | baseline (`--store memory`) | ratio |\n"
        "| --- | --- | --- | --- | --- |\n" + "\n".join(rows)
    )
    write_section("bench_cli", body)


def imports_rdflib(store: str, cmd: list[str]) -> bool:
    """Whether running ``kg --store STORE CMD`` in a new process imports rdflib."""
    code = ("import json, sys\nfrom kg.cli import cli\ntry:\n"
            f"    cli(['--store', {store!r}, *{cmd!r}], standalone_mode=False)\n"
            "finally:\n    print(json.dumps('rdflib' in sys.modules), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return bool(json.loads(done.stderr.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
