"""SQLAlchemy 2 ORM models: the library's source of truth.

Taxonomy values (stages, personas, sectors, asset types) are rows in one
table, ``terms``, keyed by a dimension. Assets point at terms through
``asset_terms``; the asset type is a plain foreign key. The Whoosh index is
derived from these rows and can always be rebuilt from them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from smkdesk.core.timeutil import utcnow


class Base(DeclarativeBase):
    pass


class Term(Base):
    """One value of a taxonomy dimension (a stage, persona, sector or asset type)."""

    __tablename__ = "terms"
    __table_args__ = (Index("ix_terms_dimension_position", "dimension", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dimension: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("terms.id", ondelete="RESTRICT"), default=None
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    parent: Mapped[Term | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Term]] = relationship(back_populates="parent")


class Asset(Base):
    __tablename__ = "assets"
    __table_args__ = (UniqueConstraint("file_sha256", name="uq_assets_file_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "file" | "link"
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    type_id: Mapped[int | None] = mapped_column(
        ForeignKey("terms.id", ondelete="SET NULL"), default=None, index=True
    )
    owner: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="published", index=True)
    abm_tier: Mapped[str | None] = mapped_column(String(20), default=None)
    language: Mapped[str | None] = mapped_column(String(20), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    review_by: Mapped[date | None] = mapped_column(Date, default=None)
    url: Mapped[str | None] = mapped_column(String(2000), default=None)
    file_name: Mapped[str | None] = mapped_column(String(500), default=None)
    file_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    file_size: Mapped[int | None] = mapped_column(Integer, default=None)
    file_ext: Mapped[str | None] = mapped_column(String(16), default=None)
    source_path: Mapped[str | None] = mapped_column(Text, default=None)
    text_status: Mapped[str] = mapped_column(String(10), default="none")  # text|no_text|none
    no_text_reason: Mapped[str | None] = mapped_column(Text, default=None)
    page_count: Mapped[int | None] = mapped_column(Integer, default=None)
    snoozed_until: Mapped[date | None] = mapped_column(Date, default=None)  # "keep" until
    retired_reason: Mapped[str | None] = mapped_column(Text, default=None)

    asset_type: Mapped[Term | None] = relationship(foreign_keys=[type_id])
    terms: Mapped[list[Term]] = relationship(secondary="asset_terms", order_by="Term.position")
    keywords: Mapped[list[AssetKeyword]] = relationship(
        cascade="all, delete-orphan", order_by="AssetKeyword.keyword"
    )
    content: Mapped[AssetText | None] = relationship(cascade="all, delete-orphan")


class AssetTerm(Base):
    __tablename__ = "asset_terms"

    asset_id: Mapped[int] = mapped_column(
        ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True
    )
    term_id: Mapped[int] = mapped_column(
        ForeignKey("terms.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AssetKeyword(Base):
    __tablename__ = "asset_keywords"

    asset_id: Mapped[int] = mapped_column(
        ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True
    )
    keyword: Mapped[str] = mapped_column(String(200), primary_key=True)


class AssetText(Base):
    """Extracted full text, kept apart so asset listings stay light."""

    __tablename__ = "asset_text"

    asset_id: Mapped[int] = mapped_column(
        ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    truncated: Mapped[bool] = mapped_column(Boolean, default=False)


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


class AuditEvent(Base):
    """Who changed an asset's lifecycle, when, what and why."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_asset_time", "asset_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"))
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_name: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(20))  # retire|restore|keep|status|owner|review_by
    detail: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")


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


class IndexPending(Base):
    """Assets whose index entry must be (re)written or removed.

    Rows are added in the same transaction as the change to the asset and
    removed once the index has the change, so a crash or a locked index never
    leaves the index silently out of date.
    """

    __tablename__ = "index_pending"

    asset_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    queued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# Derived tables (usage totals, similarity index) share this metadata.
from smkdesk.core import models_derived, models_journey  # noqa: E402, F401
