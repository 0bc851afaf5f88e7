"""Helpers shared by the benchmarks: machine facts, medians, writing a section of
docs/benchmarks.md between markers (each benchmark owns one section)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}, {platform.system()}"


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section ``name`` of docs/benchmarks.md."""
    DOC.parent.mkdir(parents=True, exist_ok=True)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n\nEach section is written by the script named in it; rerun it to refresh.\n"
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    stamp = f"Machine: {machine()}. Date: {dt.date.today().isoformat()}.\n\n"
    section = f"{start}\n{stamp}{body.strip()}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")


def byte_compile_kg() -> None:
    """Byte-compile kg's modules, as a pip install leaves them: where PYTHONDONTWRITEBYTECODE is
    set (as here) an editable install would otherwise compile them again in every cold command."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "kg"), quiet=1)


def publish(name: str, body: str, write: bool) -> None:
    """Write ``body`` as the section ``name`` of docs/benchmarks.md, or print it."""
    if write:
        write_section(name, body)
    else:
        print(body)
