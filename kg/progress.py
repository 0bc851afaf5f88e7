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
    """One operation's progress: ``advance(n)`` for work done, ``stage(text)`` for a new step
    (the step before it stays on screen, finished, with its time)."""

    def __init__(self, progress: Any = None, task_id: Any = None):
        self._progress, self._id = progress, task_id

    @property
    def shown(self) -> bool:
        return self._progress is not None

    def advance(self, amount: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._id, amount)

    def stage(self, description: str, total: int | None = None, unit: str = "steps") -> None:
        """Finish the current step and start the next: its description, and its amount of
        work if known (``unit`` "bytes" shows it as bytes, "steps" nothing, anything else a count)."""
        if self._progress is None:
            return
        self.finish()
        self._id = self._progress.add_task(description, total=total, unit=unit)

    def finish(self) -> None:
        """Mark the current step done (a tick and its time stay on screen)."""
        if self._progress is None:
            return
        current = self._progress.tasks[-1]
        done = max(current.completed, current.total or 0, 1)
        self._progress.update(self._id, total=done, completed=done)
        self._progress.stop_task(self._id)


@contextmanager
def task(description: str, total: int | None = None, *, quiet: bool = False, console: Any = None,
         unit: str = "") -> Iterator[Task]:
    """A progress display on stderr for the block; ``total`` None draws a spinner with the
    time elapsed. ``unit`` "bytes" shows amounts as bytes (for loads), otherwise as counts."""
    from rich.console import Console

    console = console or Console(stderr=True)
    if quiet or not console.is_terminal:
        yield Task()
        return
    from rich import filesize
    from rich.progress import (
        BarColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class Amount(ProgressColumn):  # type: ignore[misc]
        """'12.3/45.6 MB' for bytes; '1,234' for a count; nothing before any work is counted."""

        def render(self, task: Any) -> Text:
            def show(n: float) -> str:
                return filesize.decimal(int(n)) if task.fields.get("unit") == "bytes" else f"{int(n):,}"

            if task.fields.get("unit") == "bytes" and task.total is not None:
                return Text(f"{show(task.completed)}/{show(task.total)}")
            return Text(show(task.completed) if task.completed and task.fields.get("unit") != "steps" else "")

    columns = [SpinnerColumn(finished_text="✓"), TextColumn("{task.description}"), BarColumn(), Amount(),
               TimeElapsedColumn()]
    with Progress(*columns, console=console, transient=False) as progress:
        shown = Task(progress, progress.add_task(description, total=total, unit=unit or "steps"))
        yield shown
        shown.finish()
