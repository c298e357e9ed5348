"""Derived tables: kept in step with the source rows, and rebuildable from them.

- usage totals (``usage_rollup``): ``asset_usage``, ``usage_daily``,
  ``asset_usage_monthly``, ``asset_opportunities``;
- the near-duplicate index (``duplicates``): ``asset_signatures``,
  ``signature_bands``, ``near_duplicates``.

Reports read these instead of scanning every usage event or comparing every
pair of texts.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from smkdesk.core.models import Base


def _asset_fk() -> ForeignKey:
    return ForeignKey("assets.id", ondelete="CASCADE")


class AssetUsage(Base):
    """Per asset: uses, first/last use, ratings and "not helpful" ratings."""

    __tablename__ = "asset_usage"

    asset_id: Mapped[int] = mapped_column(_asset_fk(), primary_key=True)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    first_used: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    last_used: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    rated: Mapped[int] = mapped_column(Integer, default=0)
    not_helpful: Mapped[int] = mapped_column(Integer, default=0)


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


class AssetSignature(Base):
    """MinHash signature of an asset's text (empty: too little text to compare).

    Kept out of ``asset_text`` on purpose: SQLite stores a row's columns in
    order, so reading a column after a long body walks the body's overflow pages.
    """

    __tablename__ = "asset_signatures"

    asset_id: Mapped[int] = mapped_column(_asset_fk(), primary_key=True)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class SignatureBand(Base):
    """LSH band keys of each signature: assets sharing a key are compared."""

    __tablename__ = "signature_bands"

    band_key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    asset_id: Mapped[int] = mapped_column(_asset_fk(), primary_key=True)


class NearDuplicate(Base):
    """A pair of similar texts (stored both ways) with its estimated similarity."""

    __tablename__ = "near_duplicates"

    asset_id: Mapped[int] = mapped_column(_asset_fk(), primary_key=True)
    other_id: Mapped[int] = mapped_column(_asset_fk(), primary_key=True)
    similarity: Mapped[float] = mapped_column(Float)
