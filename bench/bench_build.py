"""`kg build` into a new on-disk store: the article alone (`--seeds-only`) and the bundled graph
(the article and the Syrian subsets of UCDP, the UN list and Wikidata), against a baseline kg.

    python bench/bench_build.py [--baseline-kg /path/to/an/older/venv/bin/kg] [--runs 5] [--write-doc]

Each run is a new process timed from outside (`/usr/bin/time -f "%e %U"`) into a new store; the
commands run in turn (this kg's seeds-only build, its full build, the baseline's full build, then
again), and the ratios are taken run by run; the table gives medians.
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


def timed(kg: str, store: Path, args: list[str]) -> tuple[float, float]:
    """(wall s, user s) of one ``kg build ARGS`` into the new store ``store``."""
    shutil.rmtree(store, ignore_errors=True)
    done = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U", kg, "build", *args], capture_output=True, check=False, text=True,
                          env=dict(os.environ, KG_STORE=f"oxigraph:{store}"))
    shutil.rmtree(store, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"{kg} build {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    wall, user = [line for line in done.stderr.splitlines() if line.startswith("TIME ")][-1].split()[1:]
    return float(wall), float(user)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline-kg", help="the kg command of a baseline install")
    parser.add_argument("--baseline-name", default="", help="what the baseline is, for the table (say, a commit)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write-doc", action="store_true", help="write the section of docs/benchmarks.md")
    args = parser.parse_args()
    kg = str(Path(sys.executable).with_name("kg"))
    cases = [("this kg, `kg build --seeds-only`", kg, ["--seeds-only"]), ("this kg, `kg build`", kg, [])]
    if args.baseline_kg:
        cases.append(("baseline, `kg build`", args.baseline_kg, []))
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in cases}
    with tempfile.TemporaryDirectory(prefix="kg-bench-build-") as tmp:
        for _ in range(args.runs):
            for name, command, extra in cases:
                times[name].append(timed(command, Path(tmp) / "store", extra))
    full = times["this kg, `kg build`"]
    lines = []
    for name, _, _ in cases:
        runs = times[name]
        ratio = statistics.median(a[0] / b[0] for a, b in zip(runs, full, strict=True))
        lines.append(f"| {name} | {statistics.median(r[0] for r in runs):.2f} s | "
                     f"{statistics.median(r[1] for r in runs):.2f} s | {ratio:.2f} |")
        print(lines[-1], flush=True)
    body = ("## Build\n\nWritten by bench/bench_build.py. "
            f"`kg build` into a new on-disk store, median of {args.runs} runs, each a new process "
            "(`/usr/bin/time`); the commands ran in turn, and the ratio to this kg's full build is taken run by "
            "run. `--seeds-only` builds the article alone; `kg build` adds the Syrian subsets of UCDP, the UN list "
            "and Wikidata (8,316 triples). The baseline is named below the table.\n\n"
            "| build | wall | user CPU | ratio to this kg's `kg build` |\n| --- | ---: | ---: | ---: |\n"
            + "\n".join(lines) + "\n\n" + f"Baseline: {args.baseline_name or args.baseline_kg or 'none'}.\n")
    publish("bench_build", body, args.write_doc)


if __name__ == "__main__":
    main()
