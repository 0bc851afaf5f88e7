"""`kg import` of a long CSV file: how long until a bad last row is reported, and how long a
good file of the same size takes to import.

    python bench/bench_import.py [--rows 10000 100000] [--good 10000] [--write-doc]

Each file is made-up rows in the import format (sources marked TEST, names of the bundled
graph): ties between the bundled armed groups attested on many days (a source every ten rows)
and control of the bundled places from many days. The *bad* file is the same rows and one last
row with an unknown relation. Every run is `/usr/bin/time -f "%e s %U user %M KB" kg import
FILE` (a new process) on a fresh copy of an on-disk store built once with `kg build`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import publish

HEADER = ("subject,relation,object,start,end,precision,source_title,source_publisher,source_date,"
          "source_url,claimant,note\n")
ACTORS = ["Ahrar al-Sham", "Jund al-Aqsa", "al-Nusra Front", "Islamic State", "Jaish al-Fath",
          "Hay'at Tahrir al-Sham", "Jabhat Fateh al-Sham"]
PLACES = ["Ariha", "Idlib", "Jisr al-Shughur", "Raqqa"]
RELATIONS = ["allied with", "hostile to"]
BAD_ROW = ("Jaish al-Fath,controlz,Ariha,2015-05-28,,,TEST ONLY: bench report,Example News (TEST),2015-05-29,"
           "https://example.org/test-only/bench/bad,,\n")


def rows(count: int) -> str:
    """``count`` good rows (deterministic): four in five a tie attested on the source's day, one
    in five a control from a day (a source every ten rows)."""
    out = []
    start = dt.date(2012, 1, 1)
    for i in range(count):
        day = start + dt.timedelta(days=(i * 7) % 3000)
        source = (f"TEST ONLY: bench report {i // 10},Example News (TEST),{day.isoformat()},"
                  f"https://example.org/test-only/bench/{i // 10}")
        if i % 5 == 4:
            out.append(f"{ACTORS[i % len(ACTORS)]},controls,{PLACES[i % len(PLACES)]},{day.isoformat()},,day,"
                       f"{source},,TEST ONLY: bench row {i}.\n")
        else:
            a, b = ACTORS[i % len(ACTORS)], ACTORS[(i // len(ACTORS) + i + 1) % len(ACTORS)]
            if a == b:
                b = ACTORS[(ACTORS.index(a) + 1) % len(ACTORS)]
            out.append(f"{a},{RELATIONS[(i // 3) % 2]},{b},,,,{source},,\n")
    return HEADER + "".join(out)


def timed_import(kg: str, store: Path, path: Path) -> tuple[float, float, int, int, str]:
    """(wall s, user s, peak KB, exit code, the first row-located line, else the last line) of one `kg import`."""
    copy = store.parent / f"{store.name}-run"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy)
    env = dict(os.environ, KG_STORE=f"oxigraph:{copy}")
    done = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %M", kg, "import", str(path)],
                          capture_output=True, check=False, text=True, env=env)
    timing = [line for line in done.stderr.splitlines() if line.startswith("TIME ")][-1].split()
    said = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line and not line.startswith("TIME ")]
    located = [line for line in said if f"{path.name} row " in line]  # the first row the report names
    shutil.rmtree(copy, ignore_errors=True)
    return (float(timing[1]), float(timing[2]), int(timing[3]), done.returncode,
            located[0] if located else said[-1] if said else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000], help="sizes of the bad files")
    parser.add_argument("--good", type=int, nargs="*", default=[2_000], help="sizes of the good files")
    parser.add_argument("--write-doc", action="store_true", help="write the section of docs/benchmarks.md")
    args = parser.parse_args()
    kg = str(Path(sys.executable).with_name("kg"))
    with tempfile.TemporaryDirectory(prefix="kg-bench-import-") as tmp:
        folder = Path(tmp)
        store = folder / "store"
        subprocess.run([kg, "build"], check=True, capture_output=True, env=dict(os.environ, KG_STORE=f"oxigraph:{store}"))
        lines = []
        for kind, sizes in (("bad last row", args.rows), ("good", args.good)):
            for size in sizes:
                path = folder / f"{size}-{kind.split()[0]}.csv"
                path.write_text(rows(size) + (BAD_ROW if kind != "good" else ""), encoding="utf-8")
                wall, user, peak, code, said = timed_import(kg, store, path)
                lines.append(f"| {size:,} | {kind} | {wall:.1f} s | {user:.1f} s | {peak / 1024:.0f} MiB | {code} | {said} |")
                print(lines[-1], flush=True)
    body = ("## `kg import` of a long file (bench/bench_import.py)\n\n"
            "Made-up rows (ties attested on many days, controls from many days; a source every ten rows), "
            "the *bad* files ending in one row with an unknown relation. One run each, "
            "`/usr/bin/time -f \"%e s %U user %M KB\" kg import FILE` on a fresh copy of a store built with "
            "`kg build` (the bundled graph), while other jobs shared the machine. A bad file is refused before any triple is built: "
            "every row's cells are checked first.\n\n"
            "| rows | file | wall | user CPU | peak RSS | exit | first line of the report |\n"
            "| ---: | --- | ---: | ---: | ---: | ---: | --- |\n" + "\n".join(lines) + "\n")
    publish("bench_import", body, args.write_doc)


if __name__ == "__main__":
    main()
