"""The worker pool of ``kg serve``: worker processes (kg/worker_process.py) handed one job at
a time; the pool bounds every call by the time and memory limits and kills a worker that
overruns them."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .errors import InputError, KGError, MemoryLimit, QueryTimeout, WorkerDied, WorkerError
from .worker_process import memory_message, statm, worker_main

__all__ = ["WorkerPool"]

log = logging.getLogger("kg.server")


_WATCH_SECONDS = 0.02  # how often the parent looks at a busy worker's memory


class _NotStarted(Exception):
    """The job never reached the worker (it had died while idle): run it on another."""


class _Worker:
    def __init__(self, context: Any, store: str | None, max_rows: int, max_memory: int | None, reserve: bool):
        self.max_memory, self.reserve = max_memory, reserve
        self.conn, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child, store, max_rows, max_memory), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        try:
            status, message = self.conn.recv()
        except (EOFError, OSError):
            status, message = "failed", f"it exited ({_how(self.stop())})"
        if status != "ready":
            self.stop()
            raise InputError(f"the worker could not open the store: {message}")

    def memory(self) -> int:
        """Bytes of private resident memory (what the cap counts)."""
        return statm(self.process.pid)[1]

    def call(self, job: dict[str, Any], seconds: float, late: str) -> tuple[bytes, str, dict[str, str]]:
        """Run ``job``; past ``seconds`` the worker is killed and QueryTimeout(``late``) raised,
        past the memory cap likewise with MemoryLimit."""
        if not self.alive():
            raise _NotStarted
        try:
            self.conn.send(job)
        except OSError:
            raise _NotStarted from None
        deadline = time.monotonic() + max(seconds, 0.0)
        while not self.conn.poll(min(_WATCH_SECONDS, max(deadline - time.monotonic(), 0.0))):
            if time.monotonic() >= deadline:
                self.stop()
                raise QueryTimeout(late)
            if self.max_memory and self.memory() > self.max_memory:
                self.stop()
                raise MemoryLimit(memory_message(self.max_memory))
        try:
            status, value = self.conn.recv()
        except (EOFError, OSError):
            raise WorkerDied(f"the query's worker process died ({_how(self.stop())}); a fresh one takes its place: "
                             "try again") from None
        if status in ("error", "retire"):
            if status == "retire":
                self.stop()
            raise WorkerError(*value)
        return value  # type: ignore[no-any-return]

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def stop(self) -> int | None:
        """Kill the process (if still running) and return its exit code."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()
        return self.process.exitcode  # type: ignore[no-any-return]


def _how(exitcode: int | None) -> str:
    import signal

    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class WorkerPool:
    """Worker processes handed out one job at a time; a worker that overruns the time or the
    memory limit is killed and replaced, and so is one found dead.

    ``reserve`` more workers take a job only when every one of the ``size`` others is busy,
    and stop it after ``reserve_timeout`` seconds: a cheap query is answered while runaway
    queries hold every worker (docs/serving.md, Limits)."""

    def __init__(self, store: str | None, size: int, max_rows: int, *, reserve: int = 0,
                 reserve_timeout: float = 2.0, max_memory: int | None = None):
        import multiprocessing

        self.store, self.size, self.max_rows, self.max_memory = store, size, max_rows, max_memory
        self.reserve, self.reserve_timeout = reserve, reserve_timeout
        self._context = multiprocessing.get_context("spawn")
        self._threads = ThreadPoolExecutor(max_workers=size + reserve + 2, thread_name_prefix="kg-query")
        self._idle: list[_Worker] = []
        self._idle_reserve: list[_Worker] = []
        self._changed: asyncio.Condition | None = None
        self._all: set[_Worker] = set()
        self._running = 0  # queries running on the workers other than the reserve
        self._loop: asyncio.AbstractEventLoop | None = None

    def _spawn(self, reserve: bool) -> _Worker:
        worker = _Worker(self._context, self.store, self.max_rows, self.max_memory, reserve)
        self._all.add(worker)
        try:
            worker.wait_ready()
            idle = worker.memory()
            if self.max_memory and idle > self.max_memory // 2:
                worker.stop()
                raise InputError(f"a worker holds {idle // 2**20} MB before any query, over half the "
                                 f"--max-memory of {self.max_memory // 2**20} MB: raise --max-memory")
        except BaseException:
            self._all.discard(worker)
            raise
        return worker

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._changed = asyncio.Condition()
        kinds = [False] * self.size + [True] * self.reserve
        workers = await asyncio.gather(*(self._loop.run_in_executor(self._threads, self._spawn, kind) for kind in kinds))
        for worker in workers:
            (self._idle_reserve if worker.reserve else self._idle).append(worker)

    async def _put(self, worker: _Worker) -> None:
        assert self._changed is not None
        async with self._changed:
            (self._idle_reserve if worker.reserve else self._idle).append(worker)
            self._changed.notify()

    def _release(self, worker: _Worker) -> None:
        """Back to the idle lists (from any thread); a dead worker, or one that kept more than
        half the memory cap after its query, is replaced instead."""
        if worker.alive() and not (self.max_memory and worker.memory() > self.max_memory // 2):
            assert self._loop is not None
            asyncio.run_coroutine_threadsafe(self._put(worker), self._loop)
        else:
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        self._all.discard(worker)
        for attempt in range(3):  # a replacement can itself be killed while it starts
            try:
                fresh = self._spawn(worker.reserve)
                break
            except KGError:
                log.exception("could not start a replacement worker (attempt %d of 3)", attempt + 1)
                time.sleep(1)
        else:
            return
        assert self._loop is not None
        asyncio.run_coroutine_threadsafe(self._put(fresh), self._loop)

    def _run(self, worker: _Worker, job: dict[str, Any], seconds: float, late: str) -> tuple[bytes, str, dict[str, str]]:
        try:
            return worker.call(job, seconds, late)
        finally:
            self._release(worker)

    async def _acquire(self, deadline: float, timeout: float) -> _Worker:
        """An idle worker (the reserve only when every other one is busy), or QueryTimeout."""
        assert self._changed is not None and self._loop is not None
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: bool(self._idle or self._idle_reserve)),
                                       max(deadline - self._loop.time(), 0.0))
            except asyncio.TimeoutError:
                raise QueryTimeout(f"every worker stayed busy for the {timeout:g} s limit; try again") from None
            return (self._idle or self._idle_reserve).pop()

    async def run(self, job: dict[str, Any], timeout: float) -> tuple[bytes, str, dict[str, str]]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            worker = await self._acquire(deadline, timeout)
            seconds, late = deadline - loop.time(), f"the query ran longer than the {timeout:g} s limit and was stopped"
            # the reserve's short limit holds only while every other worker runs a query (not
            # while some are being started, e.g. after a crash)
            if worker.reserve and self._running >= self.size and self.reserve_timeout < seconds:
                seconds = self.reserve_timeout
                late = (f"every worker was busy, and the reserve worker that took the query stops it after "
                        f"{self.reserve_timeout:g} s: try again later")
            self._running += not worker.reserve
            try:
                return await loop.run_in_executor(self._threads, self._run, worker, job, seconds, late)
            except _NotStarted:
                log.warning("a worker had died while idle; the query goes to another")
            finally:
                self._running -= not worker.reserve

    def close(self) -> None:
        for worker in list(self._all):
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)
