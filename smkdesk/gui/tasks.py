"""One background-task helper for the whole GUI.

Reads run in parallel on a small pool; writes go through a single writer
thread, because SQLite and Whoosh each allow one writer. Worker code never
touches widgets: results come back to the GUI thread through queued signals.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal

from smkdesk.core.errors import Cancelled, SmkError

log = logging.getLogger(__name__)


class CancelToken:
    """Checked by long operations between steps; ``token()`` is True once cancelled."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()


class Task(QObject):
    """A handle for one background call. Signals arrive on the GUI thread."""

    progress = Signal(int, int, str)  # done, total, label
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()  # after any of the three above

    def __init__(self, label: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.token = CancelToken()
        self.writes = False  # runs on the writer thread
        #: (the error's line, its traceback) when it failed unexpectedly (not an
        #: SmkError or OSError): TaskManager.crashed reports it once it finished.
        self.crash: tuple[str, str] | None = None

    def cancel(self) -> None:
        self.token.cancel()

    def report(self, done: int, total: int, label: str = "") -> None:
        """Callable from the worker thread."""
        self.progress.emit(done, total, label)


def _never_run(label: str) -> Task:
    """The task a closed window's manager hands out: cancelled, it never runs
    (a page's reload timer may still fire while its window is being deleted)."""
    log.debug("not started, the task manager is gone: %s", label)
    task = Task(label)
    task.cancel()
    return task


def readable_error(exc: BaseException) -> str:
    if isinstance(exc, SmkError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
    return f"Unexpected error ({type(exc).__name__}: {exc}). The app keeps running."


class _Runner(QRunnable):
    def __init__(self, task: Task, fn: Callable[[Task], Any]) -> None:
        super().__init__()
        self.task = task
        self.fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:
        task = self.task
        # Every job's start, end and duration: writes at INFO, reads (a search per key) at DEBUG.
        level = logging.INFO if task.writes else logging.DEBUG
        started = time.monotonic()
        log.log(level, "task %r started", task.label)
        try:
            result = self.fn(task)
        except Cancelled:
            log.log(level, "task %r cancelled after %.2f s", task.label, time.monotonic() - started)
            task.cancelled.emit()
        except BaseException as exc:  # never let a worker exception escape
            took = time.monotonic() - started
            if isinstance(exc, SmkError | OSError):  # said where the job was started
                log.warning("task %r failed after %.2f s: %s", task.label, took, exc)
            else:
                from smkdesk.diagnostics import error_line, format_exception

                log.exception("task %r failed after %.2f s", task.label, took)
                details = format_exception(type(exc), exc, exc.__traceback__)
                task.crash = (error_line(type(exc), exc), details)
            task.failed.emit(readable_error(exc))
        else:
            log.log(level, "task %r done in %.2f s", task.label, time.monotonic() - started)
            task.succeeded.emit(result)  # a cancelled import still returns its partial report
        task.finished.emit()


class TaskManager(QObject):
    """Starts reads and writes off the GUI thread and tracks what is running."""

    busy_changed = Signal(bool)
    task_started = Signal(object)  # Task
    #: A job failed unexpectedly: its label, the error's line and its traceback
    #: (gui/dialogs/crash_dialog.py shows it; ``failed`` fires as for any failure).
    crashed = Signal(str, str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(2)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._journal = QThreadPool(self)
        self._journal.setMaxThreadCount(1)
        self._running: set[Task] = set()
        #: ``latest`` reads: (id(owner), key) -> (serial, task) of the newest run
        self._latest: dict[tuple[int, str], tuple[int, Task]] = {}
        self._owners: set[int] = set()  # ids of owners whose ``destroyed`` is connected
        self._serial = 0

    def read(self, label: str, fn: Callable[[Task], Any]) -> Task:
        """Run ``fn(task)`` on a reader thread (searches, loading details).

        The work starts on the next turn of the event loop, so the caller can
        connect to the returned task's signals first.
        """
        return self._start(self._readers, label, fn, announce=False)

    def latest(
        self,
        owner: QObject,
        key: str,
        fn: Callable[[Task], Any],
        on_done: Callable[[Any], Any],
        on_error: Callable[[str], Any] | None = None,
    ) -> Task:
        """A read whose newest run wins: ``fn(task)`` runs on a reader thread
        like ``read`` (``key`` is its label), and ``on_done(result)`` (or
        ``on_error(message)``) is called on the GUI thread only if no later
        ``latest`` for the same ``owner`` and ``key`` was started meanwhile,
        or ``drop``-ped it, and ``owner`` still exists. An older run that has
        not started yet is skipped."""
        self._serial += 1
        serial, owner_id = self._serial, id(owner)
        slot = (owner_id, key)
        older = self._latest.get(slot)
        if older is not None and older[1] in self._running:
            older[1].cancel()  # not started yet: never runs; running: its result is dropped
        task = self.read(key, fn)
        self._latest[slot] = (serial, task)
        if owner_id not in self._owners:
            self._owners.add(owner_id)
            owner.destroyed.connect(lambda *_a: self._forget(owner_id))

        def wanted() -> bool:
            current = self._latest.get(slot)
            return current is not None and current[0] == serial and shiboken6.isValid(owner)

        task.succeeded.connect(lambda result: on_done(result) if wanted() else None)
        if on_error is not None:
            task.failed.connect(lambda message: on_error(message) if wanted() else None)
        return task

    def drop(self, owner: QObject, key: str) -> None:
        """Forget the result of ``owner``'s ``latest`` read for ``key`` on its way."""
        current = self._latest.pop((id(owner), key), None)
        if current is not None and current[1] in self._running:
            current[1].cancel()

    def _forget(self, owner_id: int) -> None:
        self._owners.discard(owner_id)
        for slot in [s for s in self._latest if s[0] == owner_id]:
            del self._latest[slot]

    def write(self, label: str, fn: Callable[[Task], Any], announce: bool = True) -> Task:
        """Run ``fn(task)`` on the single writer thread (imports, edits, rebuilds)."""
        return self._start(self._writer, label, fn, announce)

    def record(
        self,
        label: str,
        fn: Callable[[Task], Any],
        on_done: Callable[[Any], Any] | None = None,
        on_error: Callable[[str], Any] | None = None,
    ) -> Task:
        """Run a small database-only write (a usage event, the search log) now,
        on its own thread, so that it is committed within milliseconds even while
        a long import holds the writer thread. SQLite serialises it with the other
        writer (busy timeout); it must not touch the search index."""
        if not shiboken6.isValid(self):
            return _never_run(label)
        task = Task(label, self)
        task.writes = True
        self._running.add(task)
        if on_done is not None:
            task.succeeded.connect(on_done)
        if on_error is not None:
            task.failed.connect(on_error)
        task.finished.connect(lambda: self._done(task))
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        self._journal.start(_Runner(task, fn))  # not deferred: a click is on disk at once
        return task

    def _start(
        self, pool: QThreadPool, label: str, fn: Callable[[Task], Any], announce: bool
    ) -> Task:
        if not shiboken6.isValid(self):
            return _never_run(label)
        task = Task(label, self)
        task.writes = pool is self._writer
        self._running.add(task)
        task.finished.connect(lambda: self._done(task))
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        runner = _Runner(task, fn)

        def start() -> None:
            if task.token():  # cancelled before it began (e.g. the library is closing)
                task.cancelled.emit()
                task.finished.emit()
                return
            if announce:
                self.task_started.emit(task)
            pool.start(runner)

        QTimer.singleShot(0, self, start)
        return task

    def _done(self, task: Task) -> None:
        self._running.discard(task)
        if task.crash is not None:
            self.crashed.emit(task.label, *task.crash)
        task.deleteLater()
        if not self._running:
            self.busy_changed.emit(False)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    @property
    def writing(self) -> bool:
        """True while a write (import, edit, rebuild…) is queued or running;
        reads such as searches are not worth keeping the user waiting for."""
        return any(task.writes for task in self._running)

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every task, queued or running, has finished and its
        results have reached the GUI thread (for shutdown: call ``cancel_all``
        first so that queued tasks are dropped, then close the library).

        Results are delivered here, while their receivers still exist; tasks
        those receivers start are waited for too. False if ``msecs`` ran out.
        """
        deadline = None if msecs < 0 else time.monotonic() + msecs / 1000

        def left() -> int:
            return -1 if deadline is None else max(0, int((deadline - time.monotonic()) * 1000))

        while True:
            idle = (
                self._writer.waitForDone(left())
                and self._journal.waitForDone(left())
                and self._readers.waitForDone(left())
            )
            QCoreApplication.sendPostedEvents()  # deliver results, start queued tasks
            if not self._running:
                return True
            if not idle or left() == 0:
                return False
