"""Worker processes for a batch, each converting one file at a time, each file under a time and memory ceiling.

``concurrent.futures.ProcessPoolExecutor`` breaks as a whole when one worker dies (``BrokenProcessPool``:
one file that the out-of-memory killer stops ends the batch) and has no per-task time limit. Here the
parent watches every worker: a worker that dies, runs past ``limits.seconds`` on one file or grows past
``limits.memory_mb`` is stopped and replaced, and only its file is reported failed. Workers ask the kernel
to kill them when the parent dies (Linux ``PR_SET_PDEATHSIG``), so ``kill -9`` of a batch leaves none behind.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterable, Iterator

from . import limits

# How often the parent looks at its workers' clocks and memory when no result arrives
WATCH_S = 0.2
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int) -> None:
    """Ask Linux to SIGKILL this process when its parent exits; exit now if the parent is already gone."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: workers still end when their pipe to the parent closes
    if os.getppid() != parent_pid:
        os._exit(1)


def _worker_main(connection: Connection, parent_pid: int, active: limits.Limits,
                 work: Callable[..., dict]) -> None:
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    limits.set_active(active)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if task is None:
            return
        key, args = task
        connection.send((key, work(*args)))


def resident_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc), 0 when it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        return 0.0


@dataclass
class _Worker:
    process: Any
    connection: Connection
    key: Any = None  # the task it is working on
    started: float = 0.0


def _signal_name(code: int | None) -> str:
    if code is None or code >= 0:
        return f"exit code {code}"
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


class WorkerPool:
    """``jobs`` worker processes running ``work(*args)`` (which must not raise) for each task; see the module
    docstring. ``run`` yields (key, result) as tasks finish; a task whose worker failed yields
    ``failure(key, reason_code, sentence)`` instead."""

    def __init__(self, jobs: int, work: Callable[..., dict], failure: Callable[[Any, str, str], dict]) -> None:
        self.jobs = max(1, jobs)
        self.work = work
        self.failure = failure
        # fork: workers start in milliseconds with the parser already imported
        self.context = multiprocessing.get_context("fork")
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(child, os.getpid(), limits.active(), self.work),
                                       daemon=True, name="kehoach-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self.workers.append(worker)
        return worker

    def _stop(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.connection.close()
        self.workers.remove(worker)

    def run(self, tasks: Iterable[tuple[Any, tuple]]) -> Iterator[tuple[Any, dict]]:
        queue = iter(tasks)
        ceiling = limits.active()
        try:
            for _ in range(self.jobs):
                task = next(queue, None)
                if task is None:
                    break
                self._give(self._start(), task)
            while any(w.key is not None for w in self.workers):
                busy = [w for w in self.workers if w.key is not None]
                ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout=WATCH_S)
                now = time.monotonic()
                for worker in busy:
                    outcome = self._result(worker, ready)
                    if outcome is None:
                        trouble = self._trouble(worker, ready, now, ceiling)
                        if trouble is None:
                            continue  # still working within its limits
                        outcome = (worker.key, self.failure(worker.key, *trouble))
                        self._stop(worker)
                        worker = None
                    else:
                        worker.key = None
                    # the next file first, then the result to the caller: the worker is not idle while the
                    # caller writes and fsyncs (a text plan takes a worker about 25 ms, the writes a few)
                    task = next(queue, None)
                    if task is not None:
                        self._give(worker or self._start(), task)
                    yield outcome
        finally:
            self.close()

    @staticmethod
    def _result(worker: _Worker, ready: list) -> tuple[Any, dict] | None:
        """(key, result) the worker has sent, or None."""
        if worker.connection not in ready:
            return None
        try:
            return worker.connection.recv()
        except (EOFError, OSError):
            return None  # died while sending: seen as dead by _trouble

    @staticmethod
    def _trouble(worker: _Worker, ready: list, now: float, ceiling: limits.Limits) -> tuple[str, str] | None:
        """(reason code, sentence) when the worker died or is past a limit; None while it works within them."""
        if worker.process.sentinel in ready or not worker.process.is_alive():
            worker.process.join(1)
            return ("worker_died", f"the worker converting it died ({_signal_name(worker.process.exitcode)}; "
                                   f"killed for lack of memory?)")
        if now - worker.started > ceiling.seconds:
            return ("limit:seconds",
                    f"took longer than {limits.describe('seconds')}, stopped (--limit seconds=N raises it)")
        if resident_mb(worker.process.pid) > ceiling.memory_mb:
            return ("limit:memory_mb", f"needed more than {limits.describe('memory_mb')} of memory, stopped "
                                       f"(--limit memory_mb=N raises it)")
        return None

    def _give(self, worker: _Worker, task: tuple[Any, tuple]) -> None:
        worker.key, worker.started = task[0], time.monotonic()
        worker.connection.send(task)

    def close(self) -> None:
        for worker in list(self.workers):
            try:
                worker.connection.send(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 2
        for worker in list(self.workers):
            worker.process.join(max(0.0, deadline - time.monotonic()))
            self._stop(worker)
