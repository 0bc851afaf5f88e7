"""Writes on the bundled graph: `kg add` of one report that corroborates a tie, and `kg import`
of the bundled graph's own CSV export into an empty store, against a baseline kg.

    python bench/bench_write.py --baseline-kg /path/to/an/older/venv/bin/kg [--runs 5] [--write-doc]

The baseline is another install of kg (say, a checkout of an earlier commit in its own virtual
environment): both commands are run with it and with this kg, in turn (A B A B ...), each on a
fresh copy of a store that kg built (`kg build`; `kg build --empty` for the import), and each
run is a new process timed from outside (`/usr/bin/time -f %e`). The ratio is taken pair by
pair; the table gives medians.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import publish

ADD = ["add", "Islamic State", "controls", "Raqqa Governorate", "--attested", "2015-06-05",
       "--source-url", "https://example.org/test-only/bench-write", "--source-title", "TEST ONLY: bench report",
       "--source-publisher", "Example News (TEST)", "--source-date", "2015-06-05"]


def timed(kg: str, store: Path, args: list[str]) -> float:
    """Wall seconds of one ``kg ARGS`` on a fresh copy of ``store`` (which is left as it was)."""
    copy = store.parent / f"{store.name}-run"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy)
    done = subprocess.run(["/usr/bin/time", "-f", "TIME %e", kg, *args], capture_output=True, check=False, text=True,
                          env=dict(os.environ, KG_STORE=f"oxigraph:{copy}"))
    shutil.rmtree(copy, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"{kg} {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return float([line for line in done.stderr.splitlines() if line.startswith("TIME ")][-1].split()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline-kg", required=True, help="the kg command of the baseline install")
    parser.add_argument("--baseline-name", default="", help="what the baseline is, for the table (say, a commit)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write-doc", action="store_true", help="write the section of docs/benchmarks.md")
    args = parser.parse_args()
    kg = str(Path(sys.executable).with_name("kg"))
    with tempfile.TemporaryDirectory(prefix="kg-bench-write-") as tmp:
        folder = Path(tmp)
        stores = {}
        for who, command in (("kg", kg), ("baseline", args.baseline_kg)):
            built, empty = folder / f"{who}-built", folder / f"{who}-empty"
            env = dict(os.environ, KG_STORE=f"oxigraph:{built}")
            subprocess.run([command, "build"], check=True, capture_output=True, env=env)
            subprocess.run([command, "build", "--empty"], check=True, capture_output=True,
                           env=dict(os.environ, KG_STORE=f"oxigraph:{empty}"))
            stores[who] = (built, empty)
        export = folder / "bundled.csv"
        subprocess.run([kg, "export", "--format", "csv", "-o", str(export)], check=True, capture_output=True,
                       env=dict(os.environ, KG_STORE=f"oxigraph:{stores['kg'][0]}"))
        rows = sum(1 for _ in export.open(encoding="utf-8")) - 1
        cases = [("`kg add`, one report corroborating a tie", 0, ADD),
                 (f"`kg import` of the bundled graph's CSV export ({rows} rows) into an empty store", 1,
                  ["import", str(export)])]
        lines = []
        for name, which, command_args in cases:
            mine, theirs = [], []
            for _ in range(args.runs):
                mine.append(timed(kg, stores["kg"][which], command_args))
                theirs.append(timed(args.baseline_kg, stores["baseline"][which], command_args))
            ratio = statistics.median(a / b for a, b in zip(mine, theirs, strict=True))
            lines.append(f"| {name} | {statistics.median(mine):.2f} s | {statistics.median(theirs):.2f} s | "
                         f"{ratio:.2f} |")
            print(lines[-1], flush=True)
    body = ("## Writes on the bundled graph (bench/bench_write.py)\n\n"
            f"Median of {args.runs} runs each, this kg and a baseline kg in turn, each run a new process on a "
            "fresh copy of a store built by the same kg (`/usr/bin/time -f %e`, wall seconds); the ratio is this "
            "kg / the baseline, pair by pair, median. The baseline is named below the table.\n\n"
            "| write | this kg | baseline | ratio |\n| --- | ---: | ---: | ---: |\n" + "\n".join(lines) + "\n\n"
            f"Baseline: {args.baseline_name or args.baseline_kg}.\n")
    publish("bench_write", body, args.write_doc)


if __name__ == "__main__":
    main()
