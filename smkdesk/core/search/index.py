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
import shutil
import threading
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from whoosh import index as wh_index

from smkdesk.core.errors import Cancelled, SearchIndexError, SmkError
from smkdesk.core.gcpause import cyclic_gc_paused
from smkdesk.core.search import searching, store, whoosh_io
from smkdesk.core.search.evaluate import Evaluator
from smkdesk.core.search.locking import acquire_writer
from smkdesk.core.search.model import (
    IndexDoc,
    IndexHealth,
    IndexResult,
    SearchFilters,
    Snippet,
    SortOrder,
)
from smkdesk.core.search.querying import QueryReader
from smkdesk.core.search.schema import build_schema, to_fields
from smkdesk.core.search.segments import SegmentData
from smkdesk.core.search.view import View

whoosh_io.install()  # see whoosh_io.py: segment reads and index writes that spare the GIL

#: Bump whenever the schema, the analysis or the on-disk layout changes.
INDEX_VERSION = 1
#: Memory the Whoosh writer may use for its posting pool before spilling.
WRITER_LIMIT_MB = 32
#: The same for incremental commits. The pool is sorted in one C call that
#: holds the GIL, so a small pool keeps the GUI thread from waiting on a
#: segment merge (bench/bench_gui.py: 4 MB keeps every sort well under 50 ms).
UPDATE_LIMIT_MB = 1
DEFAULT_LOCK_TIMEOUT = 10.0
_NO_FILTERS = SearchFilters()

Progress = Callable[[int, int], None]


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
        self._closed = False

    @classmethod
    def open(cls, directory: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> SearchIndex:
        ix = cls(directory, lock_timeout)
        with ix._lock:
            ix._load()
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
    ) -> IndexResult:
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
                found = searching.snippets_for(view, list(wanted), terms, parsed.prefix)
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
        batch = list(docs)
        if batch:
            self._write(lambda w: [w.update_document(**to_fields(d)) for d in batch])

    def delete(self, asset_ids: Iterable[int]) -> None:
        ids = sorted({int(a) for a in asset_ids})
        if ids:
            self._write(lambda w: [w.delete_by_term("asset_id", str(a)) for a in ids])

    def _write(self, apply: Callable[[Any], object]) -> None:
        with self._write_lock:
            with self._lock:
                self._ready()
                ix = self._ix
            writer = acquire_writer(ix, self.lock_timeout, limitmb=UPDATE_LIMIT_MB)
            with cyclic_gc_paused():
                try:
                    apply(writer)
                    writer.commit()
                except BaseException as exc:
                    _cancel(writer)
                    if isinstance(exc, SmkError | KeyboardInterrupt):
                        raise
                    raise SearchIndexError(f"Could not write to the search index: {exc}") from exc
                self._swap(ix)

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
            self.directory.mkdir(parents=True, exist_ok=True)
            gen = store.new_generation(self.directory)
            wip = self.directory / (gen + store.WIP_SUFFIX)
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
            if progress is not None:
                progress(count, max(total, count))

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._close_current()
            self._segments.clear()


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
        _cancel(writer)
        raise
    return count


def _cancel(writer: Any) -> None:
    with contextlib.suppress(Exception):  # already done or broken: nothing to undo
        writer.cancel()


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."


def _damaged(reason: str) -> str:
    return f"The search index is damaged ({reason}) and must be rebuilt."
