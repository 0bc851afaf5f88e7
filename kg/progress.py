"""Progress on stderr for the operations that can take seconds (import, load, index builds,
views and exports of big graphs), drawn by rich: a bar when the amount of work is known, a
spinner with the current stage and the time elapsed when it is not.

Shown only when stderr is a terminal (rich's test, so ``FORCE_COLOR``/``TTY_COMPATIBLE``
force it) and not ``quiet``: piped or captured output stays clean. The library takes plain
callbacks (``progress(n)`` for an amount done, ``stage(text)`` for a step); this module turns
them into what the user sees, and is used by the CLI only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["Stage", "Task", "task"]

Stage = Callable[[str], None]  # called with the step about to start, e.g. "validating"


class Task:
    """One operation's progress: ``advance(n)`` for work done, ``stage(text)`` for a new step."""

    def __init__(self, progress: Any = None, task_id: Any = None):
        self._progress, self._id = progress, task_id

    @property
    def shown(self) -> bool:
        return self._progress is not None

    def advance(self, amount: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._id, amount)

    def stage(self, description: str, total: int | None = None) -> None:
        """Start a new step: its description, and its amount of work if known."""
        if self._progress is not None:
            self._progress.update(self._id, description=description, total=total, completed=0)


@contextmanager
def task(description: str, total: int | None = None, *, quiet: bool = False, console: Any = None,
         unit: str = "") -> Iterator[Task]:
    """A progress display on stderr for the block; ``total`` None draws a spinner. ``unit``
    "bytes" shows the amount as bytes (for loads)."""
    from rich.console import Console

    console = console or Console(stderr=True)
    if quiet or not console.is_terminal:
        yield Task()
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    amount = DownloadColumn() if unit == "bytes" else MofNCompleteColumn()
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), amount, TimeElapsedColumn()]
    with Progress(*columns, console=console, transient=False) as progress:
        yield Task(progress, progress.add_task(description, total=total))
