"""Isolated extraction in long-lived worker processes.

Each worker is a "spawn" process (never fork: the GUI process runs Qt threads)
talking to the pool over its own duplex pipe: one request ``(job_id, path)``
at a time, one reply ``(job_id, status, payload)``. A worker that overruns the
time limit is killed and replaced; one that dies (a crash in a C parser, the
memory limit) is replaced too. Either way only that file is rejected and the
pool stays usable. The pool is meant for one thread at a time; a lock makes
other threads wait.
"""

from __future__ import annotations

import contextlib
import itertools
import signal
import threading
import time
import weakref
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType

from smkdesk.core.errors import RejectedFile, SmkError
from smkdesk.core.extract.dispatch import extract_file
from smkdesk.core.extract.model import Extraction, Limits
from smkdesk.core.extract.textutil import format_seconds, format_size
from smkdesk.core.extract.worker import READY, Target, run_job, worker_main

Result = Extraction | RejectedFile

_STARTUP_SECONDS = 120.0
_MAX_START_FAILURES = 3
_DEFAULT_LIMITS = Limits()


@dataclass
class _Job:
    job_id: int
    path: Path
    deadline: float


class _Worker:
    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.ready = False
        self.deadline = time.monotonic() + _STARTUP_SECONDS
        self.job: _Job | None = None

    def kill(self) -> int | None:
        """Stop the process (now); its exit code."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()
        return self.process.exitcode


def _shutdown(workers: list[_Worker]) -> None:
    for worker in workers:
        with contextlib.suppress(OSError, ValueError):
            worker.conn.send(None)
    for worker in workers:
        worker.process.join(2)
        worker.kill()


class ExtractorPool:
    """Bounded, isolated extraction; ``workers=0`` runs in-process (tests)."""

    def __init__(
        self,
        limits: Limits = _DEFAULT_LIMITS,
        workers: int = 1,
        *,
        _target: Target | None = None,
    ) -> None:
        if workers < 0:
            raise ValueError("workers must be 0 or more")
        self.limits = limits
        self._size = workers
        self._target = _target
        self._context = get_context("spawn")
        self._workers: list[_Worker] = []
        self._done: dict[int, Result] = {}
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        self._start_failures = 0
        self._closed = False
        self._finalizer = weakref.finalize(self, _shutdown, self._workers)
        for _ in range(workers):
            self._workers.append(self._spawn())

    # public API

    def extract(self, path: Path) -> Extraction:
        """Extract one file in a worker; raises :class:`RejectedFile`."""
        for _path, result in self.extract_many([path]):
            if isinstance(result, RejectedFile):
                raise RejectedFile(result.reason)
            return result
        raise AssertionError("unreachable")

    def extract_many(self, paths: Iterable[Path]) -> Iterator[tuple[Path, Result]]:
        """Extract ``paths`` on all workers in parallel; results in input order."""
        items = [Path(path) for path in paths]
        if self._closed:
            raise SmkError("the extractor has been closed")
        if self._size == 0:
            target = self._target or extract_file
            for path in items:
                status, payload = run_job(target, path, self.limits)
                yield path, _outcome(status, payload, self.limits)
            return
        with self._lock:
            yield from self._batch(items)

    def close(self) -> None:
        """Stop the workers. The pool cannot be used afterwards."""
        self._closed = True
        self._finalizer()

    def __enter__(self) -> ExtractorPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # batch loop

    def _batch(self, items: list[Path]) -> Iterator[tuple[Path, Result]]:
        queue = deque(enumerate(items))
        job_of: dict[int, int] = {}
        next_index = 0
        try:
            while next_index < len(items):
                self._dispatch(queue, job_of)
                job_id = job_of.get(next_index)
                if job_id is not None and job_id in self._done:
                    del job_of[next_index]
                    yield items[next_index], self._done.pop(job_id)
                    next_index += 1
                else:
                    self._poll()
        finally:
            self._abandon(set(job_of.values()))

    def _dispatch(self, queue: deque[tuple[int, Path]], job_of: dict[int, int]) -> None:
        for worker in list(self._workers):
            if not queue:
                return
            if not worker.ready or worker.job is not None:
                continue
            index, path = queue.popleft()
            job = _Job(next(self._ids), path, time.monotonic() + self.limits.timeout_seconds)
            try:
                worker.conn.send((job.job_id, str(path.absolute())))
            except (OSError, ValueError):  # the worker died while idle: retry elsewhere
                queue.appendleft((index, path))
                self._replace(worker)
                continue
            worker.job = job
            worker.deadline = job.deadline
            job_of[index] = job.job_id

    def _poll(self) -> None:
        """Wait for the next reply or deadline among the busy workers."""
        busy = {w.conn: w for w in self._workers if w.job is not None or not w.ready}
        if not busy:
            raise AssertionError("no job in flight")
        timeout = max(0.0, min(w.deadline for w in busy.values()) - time.monotonic())
        readable = wait(list(busy), timeout)
        for conn in readable:
            assert isinstance(conn, Connection)
            self._receive(busy[conn])
        now = time.monotonic()
        for conn, worker in busy.items():
            if conn not in readable and now >= worker.deadline:
                self._expire(worker)

    def _receive(self, worker: _Worker) -> None:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            message = None  # the worker is gone
        if message is None:
            self._died(worker)
            return
        if message == READY:
            worker.ready = True
            self._start_failures = 0
            return
        job_id, status, payload = message
        job, worker.job = worker.job, None
        if job is None or job.job_id != job_id:
            return  # a stale reply
        self._done[job_id] = _outcome(status, payload, self.limits)
        if status == "oom":
            self._replace(worker)  # do not trust a process that ran out of memory

    def _died(self, worker: _Worker) -> None:
        job = worker.job
        exitcode = worker.kill()
        self._replace(worker)
        if job is None:
            self._start_failed(f"exit code {exitcode}")
        elif exitcode == -getattr(signal, "SIGKILL", 9):  # the system's OOM killer
            self._done[job.job_id] = RejectedFile(_oom_reason(self.limits))
        else:
            self._done[job.job_id] = RejectedFile("the extractor crashed on this file")

    def _expire(self, worker: _Worker) -> None:
        job = worker.job
        self._replace(worker)
        if job is None:
            self._start_failed("it did not start in time")
        else:
            self._done[job.job_id] = RejectedFile(
                f"extraction took longer than {format_seconds(self.limits.timeout_seconds)} s; "
                "the file may be malformed"
            )

    def _start_failed(self, detail: str) -> None:
        self._start_failures += 1
        if self._start_failures >= _MAX_START_FAILURES:
            self._start_failures = 0
            raise SmkError(f"the text extractor could not be started ({detail})")

    def _abandon(self, job_ids: set[int]) -> None:
        """Forget the jobs of an unfinished batch; stop the workers running them."""
        for worker in list(self._workers):
            if worker.job is not None and worker.job.job_id in job_ids:
                self._replace(worker)
        for job_id in job_ids:
            self._done.pop(job_id, None)

    # workers

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=worker_main,
            args=(child, self.limits, self._target),
            name="smkdesk-extractor",
            daemon=True,
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        if worker in self._workers:
            position = self._workers.index(worker)
            self._workers[position] = self._spawn()


def _oom_reason(limits: Limits) -> str:
    return f"extraction ran out of memory (limit {format_size(limits.max_memory_bytes)})"


def _outcome(status: str, payload: object, limits: Limits) -> Result:
    if status == "ok" and isinstance(payload, Extraction):
        return payload
    if status == "rejected":
        return RejectedFile(str(payload))
    if status == "oom":
        return RejectedFile(_oom_reason(limits))
    return RejectedFile(f"the extractor failed on this file ({payload})")
