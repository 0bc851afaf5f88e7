"""kg.gazetteer's costs: importing it, its first lookup (reading the table and indexing Syria's
names), a lookup after that (found and not found), candidates for a name it does not know,
and a first lookup in all five countries (indexing Turkey's 3,968 places too). Each figure
is the median of fresh processes, as a `kg extract` run pays it.

    python bench/bench_gazetteer.py [--repeat 5]

Prints the figures (docs/extraction.md, "Places the graph does not know", quotes them).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

_ONE_RUN = r"""
import json, time
t0 = time.perf_counter()
from kg.gazetteer import COUNTRIES, candidates, lookup
t1 = time.perf_counter()
lookup("Palmyra")
t2 = time.perf_counter()
names = ["Jisr al-Shughour", "Kobani", "Xanthoville", "al-Raqqa"] * 2500
for name in names:
    lookup(name)
t3 = time.perf_counter()
for _ in range(200):
    candidates("Manbijjx")
t4 = time.perf_counter()
lookup("Kilis", countries=COUNTRIES)
t5 = time.perf_counter()
print(json.dumps({"import ms": 1e3 * (t1 - t0), "first lookup (loads Syria) ms": 1e3 * (t2 - t1),
                  "lookup after load us": 1e6 * (t3 - t2) / len(names),
                  "candidates, unknown name ms": 1e3 * (t4 - t3) / 200,
                  "first lookup in all five countries ms": 1e3 * (t5 - t4)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    runs = [json.loads(subprocess.run([sys.executable, "-c", _ONE_RUN], check=True, capture_output=True, text=True).stdout)
            for _ in range(args.repeat)]
    for name in runs[0]:
        print(f"{name}: {statistics.median(run[name] for run in runs):.2f}")


if __name__ == "__main__":
    main()
