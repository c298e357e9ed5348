"""Keeps the derived search index in step with the database.

Each change queues its asset ids in ``index_pending`` inside the same
transaction; ``flush`` then writes them to the index and clears the queue. If
the index is locked or damaged the queue simply waits, so nothing is lost and
``smkdesk check`` can say how far behind the index is.

A queued row carries the time of the latest change. ``flush`` notes that time
when it reads the row, and afterwards clears only rows queued no later: a
change made while its batch was being written stays queued for the next flush.

A bulk import calls ``flush(offload=True)``: the batches go to the index's
writer processes (``search/writer_process.py``) and the import goes on while
they are committed; ``settle`` (and any flush that is not offloaded) first
waits for them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.elements import ColumnElement

from smkdesk.core.catalogue.dto import PERSONA, SECTOR, STAGE
from smkdesk.core.catalogue.models import Asset, Term
from smkdesk.core.errors import SearchIndexError
from smkdesk.core.search.model import IndexDoc
from smkdesk.core.search.models import IndexPending
from smkdesk.core.search.whoosh.index import SearchIndex
from smkdesk.core.store.db import Database
from smkdesk.core.util.timeutil import utcnow

log = logging.getLogger(__name__)

BATCH = 200
CLEAR_BATCH = 100  # rows per dequeue statement (one OR term each)
Progress = Callable[[int, int], None]


class IndexSync:
    def __init__(self, db: Database, index: SearchIndex) -> None:
        self.db = db
        self.index = index
        self.last_error: str | None = None
        self._deferred = 0
        self._lock = threading.RLock()  # one flush at a time
        self._offloaded: dict[int, list[tuple[int, datetime | None]]] = {}  # ticket -> rows

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Collect index writes for a run of changes and commit them once at the end.

        Every change is still queued in the database inside its own transaction,
        so nothing is lost if the run stops half-way.
        """
        self._deferred += 1
        try:
            yield
        finally:
            self._deferred -= 1
            if not self._deferred:
                self.flush()

    # -- queue ---------------------------------------------------------------
    @staticmethod
    def queue(session: Session, asset_ids: Iterable[int]) -> None:
        ids = set(asset_ids)
        if not ids:
            return
        have = set(
            session.scalars(select(IndexPending.asset_id).where(IndexPending.asset_id.in_(ids)))
        )
        now = utcnow()
        if have:  # a newer change: a flush already under way must not clear it
            session.execute(
                update(IndexPending)
                .where(IndexPending.asset_id.in_(have))
                .values(queued_at=now)
                .execution_options(synchronize_session=False)
            )
        session.add_all(IndexPending(asset_id=i, queued_at=now) for i in sorted(ids - have))

    def pending_count(self) -> int:
        with self.db.reader() as s:
            return int(s.scalar(select(func.count()).select_from(IndexPending)) or 0)

    def flush(self, *, offload: bool = False) -> bool:
        """Write queued changes to the index. False if the index could not take them.

        With ``offload`` the batches are left to the index's writer processes;
        :meth:`settle` waits for them, and any other flush first does so.
        """
        with self._lock:
            if self._deferred:
                return True
            if not self.settle(wait=not offload):
                return False
            if self.index.needs_rebuild():
                self.last_error = self.index.health_detail
                return False
            busy = {i for rows in self._offloaded.values() for i, _q in rows}
            with self.db.reader() as s:
                pending: list[tuple[int, datetime | None]] = [
                    (int(i), q)
                    for i, q in s.execute(select(IndexPending.asset_id, IndexPending.queued_at))
                    if int(i) not in busy  # in flight: sent again once that batch is done
                ]
            try:
                for start in range(0, len(pending), BATCH):
                    rows = pending[start : start + BATCH]
                    chunk = [i for i, _q in rows]
                    with self.db.reader() as s:
                        docs = build_docs(s, chunk)
                    present = {d.asset_id for d in docs}
                    gone = [i for i in chunk if i not in present]
                    if offload:
                        self._offloaded[self.index.offload(docs, gone)] = rows
                    else:
                        self.index.write(docs, gone)
                        self._clear(rows)
            except SearchIndexError as exc:
                self._failed(exc)
                return False
            self.last_error = None
            return True

    def start_writers(self) -> None:
        """Start the index's writer processes (a bulk import is about to begin)."""
        self.index.start_writer_processes()

    def merge_in_background(self) -> None:
        """Merge small segments in a writer process; nobody waits for it."""
        self.index.offload_merge()

    def offload_ready(self) -> bool:
        """True when an index writer process could take a batch at once."""
        return self.index.offload_ready()

    def settle(self, *, wait: bool = True) -> bool:
        """Collect the batches left to the writer processes (with ``wait``, all of
        them); False if one failed (its assets stay queued)."""
        with self._lock:
            ok = True
            for ticket, error in self.index.collect(wait=wait).items():
                rows = self._offloaded.pop(ticket, [])
                if error is None:
                    self._clear(rows)
                else:
                    self._failed(SearchIndexError(error))
                    ok = False
            return ok

    def _clear(self, rows: Sequence[tuple[int, datetime | None]]) -> None:
        """Dequeue ``rows`` unless a later change re-queued them meanwhile.

        "Not later" rather than "equal": rows queued by a migration may carry
        the time with less precision, or none.
        """
        for start in range(0, len(rows), CLEAR_BATCH):
            part = rows[start : start + CLEAR_BATCH]
            with self.db.session() as s:
                s.execute(delete(IndexPending).where(or_(*(_queued_by(i, q) for i, q in part))))

    def _failed(self, exc: SearchIndexError) -> None:
        self.last_error = str(exc)
        log.warning("index update deferred: %s", exc)

    # -- rebuild -------------------------------------------------------------
    def rebuild(
        self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
    ) -> int:
        """Rebuild the whole index from the database. Returns the number of assets."""
        self.settle()
        with self.db.reader() as s:
            ids = list(s.scalars(select(Asset.id).order_by(Asset.id)))
        log.info("rebuilding the search index: %d assets", len(ids))
        started = time.monotonic()

        def docs() -> Iterator[IndexDoc]:
            for start in range(0, len(ids), BATCH):
                with self.db.reader() as s:
                    yield from build_docs(s, ids[start : start + BATCH])

        self.index.rebuild(docs(), len(ids), progress=progress, cancelled=cancelled)
        with self.db.session() as s:
            s.execute(delete(IndexPending).where(IndexPending.asset_id.in_(ids)))
        self.last_error = None
        log.info("search index rebuilt: %d assets in %.1f s", len(ids), time.monotonic() - started)
        # Changes made while rebuilding are still queued; apply them now.
        self.flush()
        return len(ids)


def _queued_by(asset_id: int, queued_at: datetime | None) -> ColumnElement[bool]:
    """The asset's queue row, if it was queued no later than ``queued_at``."""
    when: ColumnElement[bool] = IndexPending.queued_at.is_(None)
    if queued_at is not None:
        when = or_(when, IndexPending.queued_at <= queued_at)
    return and_(IndexPending.asset_id == asset_id, when)


def build_docs(session: Session, asset_ids: Sequence[int]) -> list[IndexDoc]:
    """IndexDoc values for the given assets (missing ids are skipped)."""
    if not asset_ids:
        return []
    sectors = {t.id: t for t in session.scalars(select(Term).where(Term.dimension == SECTOR))}
    assets = session.scalars(
        select(Asset)
        .where(Asset.id.in_(asset_ids))
        .options(
            selectinload(Asset.terms),
            selectinload(Asset.keywords),
            selectinload(Asset.content),
            selectinload(Asset.asset_type),
        )
    ).all()
    return [_doc(a, sectors) for a in assets]


def _with_ancestors(term_ids: Iterable[int], sectors: dict[int, Term]) -> tuple[int, ...]:
    out: list[int] = []
    for tid in term_ids:
        cur: Term | None = sectors.get(tid)
        while cur is not None and cur.id not in out:
            out.append(cur.id)
            cur = sectors.get(cur.parent_id) if cur.parent_id else None
    return tuple(out)


def _doc(a: Asset, sectors: dict[int, Term]) -> IndexDoc:
    by_dim: dict[str, list[Term]] = {STAGE: [], PERSONA: [], SECTOR: []}
    for t in a.terms:
        by_dim.setdefault(t.dimension, []).append(t)
    sector_ids = _with_ancestors((t.id for t in by_dim[SECTOR]), sectors)
    names = [t.name for t in a.terms] + [sectors[i].name for i in sector_ids if i in sectors]
    if a.asset_type is not None:
        names.append(a.asset_type.name)
    return IndexDoc(
        asset_id=a.id,
        title=a.title,
        description=a.description or "",
        keywords=tuple(k.keyword for k in a.keywords),
        body=a.content.body if a.content else "",
        tag_text=" ".join(dict.fromkeys(names)),
        stage_ids=tuple(t.id for t in by_dim[STAGE]),
        persona_ids=tuple(t.id for t in by_dim[PERSONA]),
        sector_ids=sector_ids,
        type_id=a.type_id,
        status=a.status,
        owner=a.owner or "",
        abm_tier=a.abm_tier,
        language=a.language,
        created=a.created_at,
        updated=a.updated_at,
    )
