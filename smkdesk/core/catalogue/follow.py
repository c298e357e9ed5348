"""What must follow a catalogue change in the features above it.

The catalogue sits below search and usage, so it cannot import them. It is
handed two followers instead (``Library`` wires them):

- the search index (``search/sync.py``'s ``IndexSync``): told, inside each
  change's transaction, which assets to re-index, then flushed after commit;
- the usage totals (``usage/rollup.py``): told when assets are about to be
  deleted or a taxonomy term is merged into another, so that the per-day totals
  stay equal to the events they are built from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from sqlalchemy.orm import Session

from smkdesk.core.store.db import Database


class IndexFollower(Protocol):
    """The search index as the catalogue sees it."""

    @property
    def db(self) -> Database: ...

    def queue(self, session: Session, asset_ids: Iterable[int]) -> None:
        """Queue these assets for re-indexing, inside the caller's transaction."""

    def flush(self, *, offload: bool = False) -> bool:
        """Write queued documents to the index (after the transaction commits)."""

    def settle(self, *, wait: bool = True) -> bool:
        """Wait for offloaded batches (a bulk import's end)."""

    def offload_ready(self) -> bool: ...

    def start_writers(self) -> None:
        """Start the index's writer processes before a bulk import."""

    def merge_in_background(self) -> None:
        """Merge the segments a bulk import left, without anyone waiting."""


class UsageFollower(Protocol):
    """The usage totals as the catalogue sees them (``usage/rollup.py`` is one)."""

    def forget_assets(self, s: Session, asset_ids: Sequence[int]) -> None: ...

    def repoint_term(self, s: Session, dimension: str, source_id: int, target_id: int) -> None: ...
