"""Index writes in a child process, one batch in flight.

A bulk import spends most of its time in Whoosh: analysing the text and
writing each commit's segment, all of it pure Python under the GIL. In the
importing process that work cannot overlap with storing the next files, and in
the GUI process it competes with the window for the GIL. So the importer hands
each batch of :class:`IndexDoc` values to a long-lived "spawn" child
(:class:`WriterProcess`), goes on with the next files, and collects the
child's answer before it sends the following batch.

Protocol over a duplex pipe: the child answers each request ``(generation_dir, docs, delete_ids,
lock_timeout)`` with ``("ok", doc_count)`` or ``("error", message)``. ``None``
asks it to exit. The child keeps no state between batches: it opens the index,
takes the writer lock (the same lock any other writer takes, with retry),
commits and lets go. If the child dies, the caller gets
:class:`WriterProcessGone` and writes the batch itself; nothing is lost
because the database still lists the batch as pending until it is committed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import weakref
from collections.abc import Sequence
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import cast

from smkdesk.core.errors import SearchIndexError
from smkdesk.core.util import childproc

#: How long a batch may take before the child is presumed stuck. A batch is a
#: few dozen documents; even a segment merge at 100,000 assets takes seconds.
BATCH_TIMEOUT = 600.0


class WriterProcessGone(SearchIndexError):
    """The writer process could not be started or died; write in-process."""


class WriterProcess:
    """A child process that commits index batches; one batch at a time."""

    def __init__(self) -> None:
        context = get_context("spawn")  # never fork: the GUI process runs Qt threads
        parent, child = context.Pipe(duplex=True)
        self._process: BaseProcess = context.Process(
            target=writer_main, args=(child,), name="smkdesk-index-writer", daemon=True
        )
        self._process.start()
        child.close()
        self._conn: Connection = parent
        self._busy = False
        self._finalizer = weakref.finalize(self, _stop, self._process, self._conn)

    @property
    def busy(self) -> bool:
        """True while a batch has been sent and its answer not yet collected."""
        return self._busy

    def answered(self) -> bool:
        """True when no batch is in flight or its answer has arrived."""
        if not self._busy:
            return True
        try:
            return bool(self._conn.poll(0))
        except (EOFError, OSError):
            return True  # gone: result() says so at once

    @property
    def connection(self) -> Connection:
        return self._conn

    def alive(self) -> bool:
        return self._process.is_alive()

    def submit(
        self,
        kind: str,
        generation: Path,
        docs: Sequence[object],
        delete_ids: Sequence[int],
        lock_timeout: float,
    ) -> None:
        """Send one job (a batch or a merge); collect the answer with :meth:`result`."""
        if self._busy:
            raise RuntimeError("a job is already in flight")
        try:
            self._conn.send((kind, str(generation), list(docs), list(delete_ids), lock_timeout))
        except (OSError, ValueError) as exc:
            self.close()
            raise WriterProcessGone(f"the index writer process is gone ({exc})") from exc
        self._busy = True

    def result(self, timeout: float = BATCH_TIMEOUT) -> int:
        """Wait for the batch in flight: the document count after its commit.

        Raises :class:`SearchIndexError` for a write the child could not make
        (e.g. the index is locked) and :class:`WriterProcessGone` if the child
        died or hung; either way the batch was not committed.
        """
        if not self._busy:
            raise RuntimeError("no batch in flight")
        self._busy = False
        status, payload = cast(tuple[str, object], self._receive(time.monotonic() + timeout))
        if status == "ok":
            return int(cast(int, payload))
        raise SearchIndexError(str(payload))

    def _receive(self, deadline: float) -> object:
        try:
            if not self._conn.poll(max(0.0, deadline - time.monotonic())):
                self.close()
                raise WriterProcessGone("the index writer process did not answer in time")
            return self._conn.recv()
        except (EOFError, OSError) as exc:
            code = self._process.exitcode
            self.close()
            raise WriterProcessGone(f"the index writer process stopped (exit code {code})") from exc

    def close(self) -> None:
        self._busy = False
        self._finalizer()


def _stop(process: BaseProcess, conn: Connection) -> None:
    with contextlib.suppress(OSError, ValueError):
        conn.send(None)
    process.join(2)
    if process.is_alive():
        process.kill()
        process.join(5)
    conn.close()


def writer_main(conn: Connection) -> None:
    """Entry point of the writer process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's business
    with contextlib.suppress(AttributeError, OSError):  # batch work: the window goes first
        os.nice(0)
    from smkdesk.core.search.whoosh.jobs import run_job

    # A parent that is gone ends the loop quietly; a commit under way finishes
    # first (no childproc.exit_with_parent: it would cut a commit in half).
    while (request := childproc.receive(conn)) is not None:
        kind, generation, docs, delete_ids, lock_timeout = request
        try:
            reply: tuple[str, object] = (
                "ok",
                run_job(kind, Path(generation), docs, delete_ids, lock_timeout),
            )
        except SearchIndexError as exc:
            reply = ("error", str(exc))
        except MemoryError:
            reply = ("error", "Could not write to the search index: out of memory")
        except Exception as exc:  # a damaged index surfaces as any exception
            reply = ("error", f"Could not write to the search index: {exc}")
        if not childproc.reply(conn, reply):
            return
