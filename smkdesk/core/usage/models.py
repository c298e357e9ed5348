"""Usage tables: logged uses, deals, searches and content requests, and the totals
derived from the uses.

- source rows: ``usage_events``, ``opportunities``, ``search_log``,
  ``content_requests``;
- totals kept in step with the events (``usage/rollup.py``) and rebuildable from
  them: ``usage_daily``, ``asset_usage_monthly``, ``asset_opportunities``. The
  per-asset totals (``asset_usage``) are part of an asset's record and live in
  ``catalogue/models.py``.

Reports read the totals instead of scanning every usage event.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from smkdesk.core.store.base import Base
from smkdesk.core.util.timeutil import utcnow


def _asset_fk() -> ForeignKey:
    return ForeignKey("assets.id", ondelete="CASCADE")


class AssetUsageMonthly(Base):
    """Uses per asset and calendar month (``month``: its first day)."""

    __tablename__ = "asset_usage_monthly"
    __table_args__ = (Index("ix_asset_usage_monthly_month", "month", "asset_id", "uses"),)

    asset_id: Mapped[int] = mapped_column(_asset_fk(), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    uses: Mapped[int] = mapped_column(Integer, default=0)


class UsageDaily(Base):
    """Events per day and effective stage/persona/sector (term 0: none)."""

    __tablename__ = "usage_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    dimension: Mapped[str] = mapped_column(String(20), primary_key=True)
    term_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uses: Mapped[int] = mapped_column(Integer, default=0)


class AssetOpportunity(Base):
    """Each (opportunity, asset) pair with a use: influence counts these, not events."""

    __tablename__ = "asset_opportunities"

    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), primary_key=True
    )
    asset_id: Mapped[int] = mapped_column(_asset_fk(), primary_key=True)
    uses: Mapped[int] = mapped_column(Integer, default=0)


class Opportunity(Base):
    """A deal in progress; its outcome attributes influence to the content used."""

    __tablename__ = "opportunities"
    __table_args__ = (UniqueConstraint("account", "name", name="uq_opportunities_account_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(String(10), default="open")  # open | won | lost
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)


class UsageEvent(Base):
    """A rep opened, sent, presented, copied or rated an asset.

    ``stage_id``/``persona_id``/``sector_id`` are the buyer context the rep gave.
    The ``eff_*`` columns hold the context the event counts under in reports:
    the buyer's, else the asset's first tag of that dimension when it was used.
    ``occurred_on`` is the UTC day, so reports group by day with portable SQL.
    """

    __tablename__ = "usage_events"
    __table_args__ = (
        Index("ix_usage_asset_time", "asset_id", "occurred_at"),
        Index("ix_usage_time", "occurred_at"),
        Index(
            "ix_usage_asset_context",
            "asset_id",
            "occurred_on",
            "eff_stage_id",
            "eff_persona_id",
            "eff_sector_id",
        ),
        Index("ix_usage_day_asset", "occurred_on", "asset_id"),
        Index("ix_usage_opportunity_asset", "opportunity_id", "asset_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    occurred_on: Mapped[date] = mapped_column(Date)
    user_name: Mapped[str] = mapped_column(String(200), default="")
    user_role: Mapped[str] = mapped_column(String(40), default="")
    account: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunities.id", ondelete="SET NULL"), default=None
    )
    stage_id: Mapped[int | None] = mapped_column(
        ForeignKey("terms.id", ondelete="SET NULL"), default=None
    )
    persona_id: Mapped[int | None] = mapped_column(
        ForeignKey("terms.id", ondelete="SET NULL"), default=None
    )
    sector_id: Mapped[int | None] = mapped_column(
        ForeignKey("terms.id", ondelete="SET NULL"), default=None
    )
    eff_stage_id: Mapped[int | None] = mapped_column(
        ForeignKey("terms.id", ondelete="SET NULL"), default=None
    )
    eff_persona_id: Mapped[int | None] = mapped_column(
        ForeignKey("terms.id", ondelete="SET NULL"), default=None
    )
    eff_sector_id: Mapped[int | None] = mapped_column(
        ForeignKey("terms.id", ondelete="SET NULL"), default=None
    )
    rating: Mapped[int | None] = mapped_column(Integer, default=None)  # +1 helpful, -1 not


class SearchLog(Base):
    """One search a user ran; filters are stored by name to survive taxonomy edits."""

    __tablename__ = "search_log"
    __table_args__ = (
        Index("ix_search_log_user_time", "user_name", "occurred_at"),
        Index("ix_search_log_outcome", "result_count", "request_key", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_name: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    filters: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    result_count: Mapped[int] = mapped_column(Integer, default=0)
    request_key: Mapped[str] = mapped_column(String(1000), default="")
    # the later search (with results) that corrected this one; "" = not corrected
    corrected_to: Mapped[str] = mapped_column(Text, default="")


class ContentRequest(Base):
    """Content people searched for and did not find (zero-result searches)."""

    __tablename__ = "content_requests"
    __table_args__ = (UniqueConstraint("request_key", name="uq_content_requests_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_key: Mapped[str] = mapped_column(String(1000))
    text: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(400), default="")
    persona: Mapped[str] = mapped_column(String(400), default="")
    sector: Mapped[str] = mapped_column(String(400), default="")
    # open|planned|answered|dismissed
    status: Mapped[str] = mapped_column(String(10), default="open")
    answered_by: Mapped[int | None] = mapped_column(
        ForeignKey("assets.id", ondelete="SET NULL"), default=None
    )
    dismiss_reason: Mapped[str] = mapped_column(String(40), default="")
    dismiss_note: Mapped[str] = mapped_column(Text, default="")
    status_by: Mapped[str] = mapped_column(String(200), default="")  # who set the status
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
