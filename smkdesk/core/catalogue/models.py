"""SQLAlchemy 2 ORM models: the library's source of truth.

Taxonomy values (stages, personas, sectors, asset types) are rows in one
table, ``terms``, keyed by a dimension. Assets point at terms through
``asset_terms``; the asset type is a plain foreign key. The Whoosh index is
derived from these rows and can always be rebuilt from them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smkdesk.core.store.base import Base
from smkdesk.core.util.timeutil import utcnow


def _asset_fk() -> ForeignKey:
    return ForeignKey("assets.id", ondelete="CASCADE")


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


# Per-asset figures derived from other rows: the use totals (kept by
# ``usage/rollup.py``) and the near-duplicate index (``catalogue/duplicates.py``).
# They are part of an asset's record, so the catalogue can read them.


class AssetUsage(Base):
    """Per asset: uses, first/last use, ratings and "not helpful" ratings."""

    __tablename__ = "asset_usage"

    asset_id: Mapped[int] = mapped_column(_asset_fk(), primary_key=True)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    first_used: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    last_used: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    rated: Mapped[int] = mapped_column(Integer, default=0)
    not_helpful: Mapped[int] = mapped_column(Integer, default=0)


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
