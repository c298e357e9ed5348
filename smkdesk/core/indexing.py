"""Keeps the derived search index in step with the database.

Each change queues its asset ids in ``index_pending`` inside the same
transaction; ``flush`` then writes them to the index and clears the queue. If
the index is locked or damaged the queue simply waits, so nothing is lost and
``smkdesk check`` can say how far behind the index is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from smkdesk.core.db import Database
from smkdesk.core.dto import PERSONA, SECTOR, STAGE
from smkdesk.core.errors import SearchIndexError
from smkdesk.core.models import Asset, IndexPending, Term
from smkdesk.core.search import IndexDoc, SearchIndex

log = logging.getLogger(__name__)

BATCH = 200
Progress = Callable[[int, int], None]


class IndexSync:
    def __init__(self, db: Database, index: SearchIndex) -> None:
        self.db = db
        self.index = index
        self.last_error: str | None = None
        self._deferred = 0

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
        session.add_all(IndexPending(asset_id=i) for i in sorted(ids - have))

    def pending_count(self) -> int:
        with self.db.reader() as s:
            return int(s.scalar(select(func.count()).select_from(IndexPending)) or 0)

    def flush(self) -> bool:
        """Write queued changes to the index. False if the index could not take them."""
        if self._deferred:
            return True
        if self.index.needs_rebuild():
            self.last_error = self.index.health_detail
            return False
        with self.db.reader() as s:
            pending = list(s.scalars(select(IndexPending.asset_id)))
        if not pending:
            return True
        try:
            for start in range(0, len(pending), BATCH):
                chunk = pending[start : start + BATCH]
                with self.db.reader() as s:
                    docs = build_docs(s, chunk)
                present = {d.asset_id for d in docs}
                self.index.update(docs)
                self.index.delete(i for i in chunk if i not in present)
                with self.db.session() as s:
                    s.execute(delete(IndexPending).where(IndexPending.asset_id.in_(chunk)))
        except SearchIndexError as exc:
            self.last_error = str(exc)
            log.warning("index update deferred: %s", exc)
            return False
        self.last_error = None
        return True

    # -- rebuild -------------------------------------------------------------
    def rebuild(
        self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
    ) -> int:
        """Rebuild the whole index from the database. Returns the number of assets."""
        with self.db.reader() as s:
            ids = list(s.scalars(select(Asset.id).order_by(Asset.id)))

        def docs() -> Iterator[IndexDoc]:
            for start in range(0, len(ids), BATCH):
                with self.db.reader() as s:
                    yield from build_docs(s, ids[start : start + BATCH])

        self.index.rebuild(docs(), len(ids), progress=progress, cancelled=cancelled)
        with self.db.session() as s:
            s.execute(delete(IndexPending).where(IndexPending.asset_id.in_(ids)))
        self.last_error = None
        # Changes made while rebuilding are still queued; apply them now.
        self.flush()
        return len(ids)


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
