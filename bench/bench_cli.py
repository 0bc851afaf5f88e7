"""`kg ties` as a whole cold command (a new process each run), on the default on-disk
Oxigraph store against the baseline a user would otherwise have: re-parsing and validating
the Turtle into rdflib's in-memory store on every run (`--store memory`).

    python bench/bench_cli.py [--repeat 7]

Writes the section "bench_cli" of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import median_seconds, write_section

COMMANDS = [
    ("ties", ["ties", "Jaish al-Fath"]),
    ("ties --at", ["ties", "al-Nusra", "--at", "2015-04-01"]),
    ("control --at", ["control", "Idlib", "--at", "2015-04-01"]),
    ("path", ["path", "Ahrar al-Sham", "al-Qaeda"]),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    store = Path(tempfile.mkdtemp()) / "store"
    kg = [sys.executable, "-m", "kg"]
    subprocess.run([*kg, "--store", f"oxigraph:{store}", "build"], check=True, capture_output=True)

    def runner(store_arg: str, cmd: list[str]):
        return lambda: subprocess.run([*kg, "--store", store_arg, *cmd], check=True, capture_output=True)

    baseline_python = median_seconds(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), args.repeat)
    rows = []
    for label, cmd in COMMANDS:
        disk = median_seconds(runner(f"oxigraph:{store}", cmd), args.repeat)
        memory = median_seconds(runner("memory", cmd), args.repeat)
        rows.append(f"| `kg {' '.join(cmd)}` | {disk * 1000:.0f} ms | {memory * 1000:.0f} ms | {memory / disk:.1f}x |")
        print(label, f"disk {disk*1000:.0f} ms, memory {memory*1000:.0f} ms")
    body = (
        "## `kg` commands, cold (bench/bench_cli.py)\n\n"
        f"Median of {args.repeat} runs, each a new process, on the bundled graph. The default on-disk "
        "Oxigraph store is reopened read-only; the baseline re-parses and SHACL-validates the Turtle "
        "into rdflib's in-memory store every run. The ratio is baseline / default, measured in the "
        f"same run. A bare `python -c pass` takes {baseline_python * 1000:.0f} ms here.\n\n"
        "| command | default store (on-disk Oxigraph) | baseline (`--store memory`) | ratio |\n"
        "| --- | --- | --- | --- |\n" + "\n".join(rows)
    )
    write_section("bench_cli", body)


if __name__ == "__main__":
    main()
