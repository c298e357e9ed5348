"""SearchIndex: the Whoosh index derived from the database.

Thread model: one writer thread (update / delete / rebuild) and any number of
reader threads (search / snippets). Readers share one open searcher; every
commit opens a *new* searcher and swaps it in under ``_lock`` (Whoosh's
``Searcher.refresh()`` would keep serving documents deleted or replaced after
it was opened).
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import shutil
import threading
import warnings
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait as connection_wait
from pathlib import Path
from typing import Any

from whoosh import index as wh_index

from smkdesk.core.errors import Cancelled, SearchIndexError, SmkError
from smkdesk.core.search.model import (
    IndexDoc,
    IndexHealth,
    IndexResult,
    SearchFilters,
    Snippet,
    SortOrder,
)
from smkdesk.core.search.whoosh import building, searching
from smkdesk.core.search.whoosh import io as whoosh_io
from smkdesk.core.search.whoosh import storage as store
from smkdesk.core.search.whoosh.compat import check_whoosh_version
from smkdesk.core.search.whoosh.evaluate import Evaluator
from smkdesk.core.search.whoosh.jobs import (
    BATCH_JOB,
    MERGE_JOB,
    WRITER_LIMIT_MB,
    apply_batch,
)
from smkdesk.core.search.whoosh.locking import acquire_writer, cancel, writing
from smkdesk.core.search.whoosh.merging import (
    merge_tiny,
)
from smkdesk.core.search.whoosh.querying import QueryReader
from smkdesk.core.search.whoosh.schema import build_schema, to_fields
from smkdesk.core.search.whoosh.segments import SegmentData
from smkdesk.core.search.whoosh.view import View
from smkdesk.core.search.whoosh.writer_process import WriterProcess, WriterProcessGone
from smkdesk.core.util.gcpause import cyclic_gc_paused

whoosh_io.install()  # see io.py: segment reads and index writes that spare the GIL

#: Bump whenever the schema, the analysis or the on-disk layout changes.
#: 2: CJK runs are indexed as character bigrams.
INDEX_VERSION = 2
#: The same for incremental commits. The pool is sorted in one C call that
#: holds the GIL, so a small pool keeps the GUI thread from waiting on a
#: segment merge (bench/bench_gui.py: 4 MB keeps every sort well under 50 ms).
UPDATE_LIMIT_MB = 1
#: Writer processes of a bulk import: each builds its batch's segment on its
#: own (in parallel), then takes the index lock just to add it.
WRITER_PROCESSES = 2
DEFAULT_LOCK_TIMEOUT = 10.0
_NO_FILTERS = SearchFilters()

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass
class _Offloaded:
    process: WriterProcess
    kind: str
    docs: list[IndexDoc]
    delete_ids: list[int]


class SearchIndex:
    """Open with :meth:`open`; never raises for a missing or broken index."""

    def __init__(self, directory: Path, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.directory = Path(directory)
        self.lock_timeout = lock_timeout
        self.health = IndexHealth.MISSING
        self.health_detail = ""
        self._lock = threading.RLock()  # guards the index, the view and health
        self._write_lock = threading.Lock()  # one write at a time in this process
        self._ix: Any = None
        self._view: View | None = None
        self._reader: QueryReader | None = None
        self._segments: dict[str, SegmentData] = {}
        self._stamp: tuple[int, int] | None = None
        self._generation: Path | None = None
        self._closed = False
        self._writers: list[WriterProcess] = []
        self._inflight: dict[int, _Offloaded] = {}
        self._done: dict[int, str | None] = {}
        self._tickets = itertools.count(1)

    @classmethod
    def open(cls, directory: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> SearchIndex:
        check_whoosh_version()  # another Whoosh release: a clear message, not a late crash
        ix = cls(directory, lock_timeout)
        with ix._lock:
            ix._load()
        building.remove_stale(ix.directory)  # what killed rebuilds left, once hours old
        return ix

    # -- state ----------------------------------------------------------------
    def needs_rebuild(self) -> bool:
        with self._lock:
            self._follow_sentinel()
            return self.health is not IndexHealth.OK

    def _set_health(self, health: IndexHealth, detail: str) -> None:
        self.health = health
        self.health_detail = detail

    def _load(self) -> None:
        """(Re)open whatever the sentinel names. Caller holds ``_lock``."""
        self._close_current()
        self._generation = None
        self._stamp = store.sentinel_stamp(self.directory)
        try:
            sentinel = store.read_sentinel(self.directory)
        except store.SentinelError as exc:
            self._set_health(IndexHealth.DAMAGED, _damaged(str(exc)))
            return
        if sentinel is None or not (self.directory / sentinel.generation).is_dir():
            self._set_health(IndexHealth.MISSING, "The search index has not been built yet.")
            return
        if sentinel.index_version != INDEX_VERSION:
            self._set_health(
                IndexHealth.OUTDATED,
                (
                    f"The search index was built by another version of smkdesk (format "
                    f"{sentinel.index_version}, this version uses {INDEX_VERSION}); "
                    "it must be rebuilt."
                ),
            )
            return
        failure = None
        with warnings.catch_warnings():
            # Whoosh leaves files open when a damaged index fails to open:
            # close them now, quietly, not with a warning at some later point
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                ix = wh_index.open_dir(str(self.directory / sentinel.generation))
                view = self._new_view(ix)
            except Exception as exc:  # any corruption surfaces as some exception
                failure = _describe(exc)
            if failure is not None:
                gc.collect()
        if failure is not None:
            self._set_health(IndexHealth.DAMAGED, _damaged(failure))
            return
        self._ix, self._view = ix, view
        self._generation = self.directory / sentinel.generation
        store.remove_stale_staging(self._generation)
        self._reader = QueryReader(ix.schema)
        self._set_health(IndexHealth.OK, f"The search index is ready ({view.doc_count} documents).")

    def _new_view(self, ix: Any) -> View:
        view = View(ix.searcher(), self._segments)
        view.warm()
        live = {seg.segment_id for _r, _o, seg in view.segments}
        for segid in [s for s in self._segments if s not in live]:
            self._segments.pop(segid, None)
        return view

    def _close_current(self) -> None:
        if self._view is not None:
            self._view.close()
        self._view = None
        self._ix = None
        self._reader = None

    def _follow_sentinel(self) -> None:
        """Reload if another process (or a rebuild) replaced the sentinel."""
        if store.sentinel_stamp(self.directory) != self._stamp:
            self._load()

    def _ready(self) -> tuple[View, QueryReader]:
        if self._closed:
            raise SearchIndexError("The search index is closed.")
        self._follow_sentinel()
        if self.health is not IndexHealth.OK or self._view is None or self._reader is None:
            raise SearchIndexError(f"{self.health_detail} Rebuild the search index to search.")
        return self._view, self._reader

    def _fail(self, exc: Exception) -> SearchIndexError:
        self._close_current()
        self._set_health(IndexHealth.DAMAGED, _damaged(_describe(exc)))
        return SearchIndexError(self.health_detail)

    # -- reading --------------------------------------------------------------------
    def search(
        self,
        text: str,
        filters: SearchFilters = _NO_FILTERS,
        *,
        sort: str = "relevance",
        usage: Mapping[int, int] | None = None,
        limit: int = 20,
        offset: int = 0,
        with_snippets: bool = True,
        prefix_last: bool = True,
        boosts: Mapping[str, Collection[str]] | None = None,
    ) -> IndexResult:
        """``boosts``: facet -> values (as in ``IndexResult.facets``) the query
        names; matching documents tagged with them rank higher."""
        order = SortOrder(sort)
        with self._lock:
            view, reader = self._ready()
            try:
                return searching.run(
                    view,
                    reader,
                    text or "",
                    filters,
                    order,
                    usage,
                    max(0, limit),
                    max(0, offset),
                    with_snippets,
                    prefix_last,
                    boosts,
                )
            except SmkError:
                raise
            except Exception as exc:
                raise self._fail(exc) from exc

    def snippets(self, text: str, asset_ids: Sequence[int]) -> dict[int, Snippet]:
        """Snippets for rows that became visible (``search(with_snippets=False)``)."""
        with self._lock:
            view, reader = self._ready()
            try:
                parsed = reader.parse(text or "")
                terms = Evaluator(view, parsed).collect_terms()
                wanted = {d: a for a in asset_ids if (d := view.docnum_of(a)) is not None}
                found = searching.snippets_for(view, list(wanted), terms, parsed.prefix_texts)
                return {wanted[d]: s for d, s in found.items()}
            except SmkError:
                raise
            except Exception as exc:
                raise self._fail(exc) from exc

    def doc_ids(self) -> set[int]:
        with self._lock:
            view, _reader = self._ready()
            return view.live_asset_ids()

    def doc_count(self) -> int:
        with self._lock:
            view, _reader = self._ready()
            return view.doc_count

    # -- writing --------------------------------------------------------------------
    def update(self, docs: Iterable[IndexDoc]) -> None:
        """Add or replace documents (by asset id) in one commit."""
        self.write(docs, ())

    def delete(self, asset_ids: Iterable[int]) -> None:
        self.write((), asset_ids)

    def write(self, docs: Iterable[IndexDoc], delete_ids: Iterable[int]) -> None:
        """Add or replace ``docs`` and remove ``delete_ids``, in one commit, here."""
        batch, ids = list(docs), sorted({int(a) for a in delete_ids})
        if not batch and not ids:
            return
        with self._write_lock:
            self._collect_locked(wait=True, batches_only=True)  # results wait in _done
            self._write_locked(batch, ids)

    def _write_locked(self, batch: list[IndexDoc], ids: list[int]) -> None:
        with self._lock:
            self._ready()
            ix = self._ix
        writer = acquire_writer(ix, self.lock_timeout, limitmb=UPDATE_LIMIT_MB)
        with cyclic_gc_paused():
            with writing(writer):
                apply_batch(writer, batch, ids)
                writer.commit(mergetype=merge_tiny)
            self._swap(ix)

    # -- writing in writer processes (bulk import) -----------------------------------
    def start_writer_processes(self) -> None:
        """Start the writer processes now, so they are ready for the first batch."""
        with self._write_lock:
            self._spawn_writers()

    def _spawn_writers(self) -> None:
        busy = {id(o.process) for o in self._inflight.values()}
        self._writers = [w for w in self._writers if w.alive() or id(w) in busy]
        while len(self._writers) < WRITER_PROCESSES:
            self._writers.append(WriterProcess())

    def offload(self, docs: Iterable[IndexDoc], delete_ids: Iterable[int]) -> int:
        """Like :meth:`write`, but built and committed by a writer process while
        the caller goes on; returns a ticket that :meth:`collect` reports on.

        Batches in flight at the same time must not share an asset id (their
        commits may land in either order). With every writer process busy, this
        first waits for one to finish.
        """
        batch, ids = list(docs), sorted({int(a) for a in delete_ids})
        with self._write_lock:
            ticket = next(self._tickets)
            if not batch and not ids:
                self._done[ticket] = None
                return ticket
            with self._lock:
                self._ready()
                generation = self._generation
            assert generation is not None
            self._spawn_writers()
            while not (idle := [w for w in self._writers if not w.busy]):
                self._collect_locked(wait=True, first_only=True)
            process = idle[0]
            try:
                process.submit(BATCH_JOB, generation, batch, ids, self.lock_timeout)
            except WriterProcessGone as exc:
                log.warning("%s; writing the index here instead", exc)
                self._writers.remove(process)
                self._done[ticket] = self._write_here(batch, ids)
                return ticket
            self._inflight[ticket] = _Offloaded(process, BATCH_JOB, batch, ids)
            return ticket

    def offload_merge(self) -> int | None:
        """Have an idle writer process merge segments (``merging.plan_merge``),
        if one is idle and no merge is running; its ticket, else None. Writes
        do not wait for it; :meth:`collect` reports it once it is done."""
        with self._write_lock:
            if any(o.kind == MERGE_JOB for o in self._inflight.values()):
                return None
            idle = [w for w in self._writers if not w.busy and w.alive()]
            with self._lock:
                generation = self._generation if self.health is IndexHealth.OK else None
            if not idle or generation is None:
                return None
            try:
                idle[0].submit(MERGE_JOB, generation, (), (), self.lock_timeout)
            except WriterProcessGone:
                self._writers.remove(idle[0])
                return None
            ticket = next(self._tickets)
            self._inflight[ticket] = _Offloaded(idle[0], MERGE_JOB, [], [])
            return ticket

    def offload_ready(self) -> bool:
        """True when a writer process could take a batch without waiting."""
        return any(not w.busy for w in self._writers) or any(
            o.process.answered() for o in self._inflight.values()
        )

    def collect(self, *, wait: bool = False) -> dict[int, str | None]:
        """Tickets whose jobs are done: ``None`` for a committed batch, else why
        it could not be written. With ``wait``, waits for every batch (not for
        a background merge). A batch whose process died is written here."""
        with self._write_lock:
            self._collect_locked(wait=wait, batches_only=True)
            done, self._done = self._done, {}
            return done

    def _collect_locked(
        self, *, wait: bool, first_only: bool = False, batches_only: bool = False
    ) -> None:
        while self._inflight:
            answered = [t for t, o in self._inflight.items() if o.process.answered()]
            if not answered:
                waiting = [
                    o.process.connection
                    for o in self._inflight.values()
                    if o.kind == BATCH_JOB or not batches_only
                ]
                if not wait or not waiting:
                    return
                connection_wait(waiting)
                continue
            for ticket in answered:
                self._done[ticket] = self._finish(self._inflight.pop(ticket))
            if first_only:
                return

    def _finish(self, job: _Offloaded) -> str | None:
        """Collect a job's answer; None if its change is now in the index."""
        try:
            job.process.result()
        except WriterProcessGone as exc:
            with contextlib.suppress(ValueError):
                self._writers.remove(job.process)
            if job.kind == MERGE_JOB:
                return None  # optional work: the index is complete without it
            log.warning("%s; writing the index here instead", exc)
            return self._write_here(job.docs, job.delete_ids)
        except SearchIndexError as exc:
            if job.kind == MERGE_JOB:
                log.info("background merge skipped: %s", exc)
                return None
            return str(exc)
        with self._lock:
            ix = self._ix
        if ix is None:
            return self.health_detail or "The search index is closed."
        try:
            self._swap(ix)
        except SearchIndexError as exc:
            return str(exc)
        return None

    def _write_here(self, docs: list[IndexDoc], delete_ids: list[int]) -> str | None:
        try:
            self._write_locked(docs, delete_ids)
        except SearchIndexError as exc:
            return str(exc)
        return None

    def _swap(self, ix: Any) -> None:
        """Open a new searcher on ``ix`` and make it the current one."""
        try:
            view = self._new_view(ix)
        except Exception as exc:
            with self._lock:
                raise self._fail(exc) from exc
        with self._lock:
            old, self._view = self._view, view
            if old is not None:
                old.close()
            self._set_health(
                IndexHealth.OK, f"The search index is ready ({view.doc_count} documents)."
            )

    def rebuild(
        self,
        docs: Iterable[IndexDoc],
        total: int,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        batch_size: int = 500,
    ) -> None:
        """Build a complete new index from ``docs``; swap it in only when done.

        On cancel (:class:`Cancelled`) or failure the previous index keeps
        serving and the partial build is deleted.
        """
        with self._write_lock:
            self._collect_locked(wait=True)  # merges too: they write the old generation
            self.directory.mkdir(parents=True, exist_ok=True)
            gen = store.new_generation(self.directory)
            wip = self.directory / (gen + store.WIP_SUFFIX)
            with building.claim(wip):  # tells check a live rebuild from a killed one
                try:
                    count = _build(wip, docs, total, progress, cancelled, max(1, batch_size))
                    wip.rename(self.directory / gen)
                except BaseException as exc:
                    shutil.rmtree(wip, ignore_errors=True)
                    if isinstance(exc, SmkError | KeyboardInterrupt):
                        raise
                    raise SearchIndexError(f"Could not build the search index: {exc}") from exc
            with self._lock:
                self._close_current()
                self._segments.clear()
                store.write_sentinel(self.directory, store.Sentinel(INDEX_VERSION, gen))
                self._load()
            store.remove_unused(self.directory, keep=gen)
            building.remove_stale(self.directory)
            if progress is not None:
                progress(count, max(total, count))

    def close(self) -> None:
        """Close the index. A batch still in the writer process is dropped: its
        assets stay queued in the database and are indexed on the next open."""
        with self._lock:
            self._closed = True
            self._close_current()
            self._segments.clear()
        writers, self._writers, self._inflight = self._writers, [], {}
        for writer in writers:
            writer.close()


def _build(
    path: Path,
    docs: Iterable[IndexDoc],
    total: int,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    batch_size: int,
) -> int:
    path.mkdir(parents=True)
    ix = wh_index.create_in(str(path), build_schema())
    writer = ix.writer(limitmb=WRITER_LIMIT_MB)
    count = 0
    try:
        for doc in docs:
            if cancelled is not None and cancelled():
                raise Cancelled("Index rebuild cancelled; the previous index is still in use.")
            writer.add_document(**to_fields(doc))
            count += 1
            if count % batch_size == 0 and progress is not None:
                progress(count, max(total, count))
        if cancelled is not None and cancelled():
            raise Cancelled("Index rebuild cancelled; the previous index is still in use.")
        writer.commit()
    except BaseException:
        cancel(writer)
        raise
    return count


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."


def _damaged(reason: str) -> str:
    return f"The search index is damaged ({reason}) and must be rebuilt."
