"""The queue of assets whose index documents must be rewritten (``search/sync.py`` drains it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    Integer,
)
from sqlalchemy.orm import Mapped, mapped_column

from smkdesk.core.store.base import Base
from smkdesk.core.util.timeutil import utcnow


class IndexPending(Base):
    """Assets whose index entry must be (re)written or removed.

    Rows are added in the same transaction as the change to the asset and
    removed once the index has the change, so a crash or a locked index never
    leaves the index silently out of date.
    """

    __tablename__ = "index_pending"

    asset_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    queued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
