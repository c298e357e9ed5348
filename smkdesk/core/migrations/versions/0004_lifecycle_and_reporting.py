"""Lifecycle, audit trail, search log, content requests and usage reporting.

- assets: ``snoozed_until`` (kept out of the review queue until then), ``retired_reason``;
- ``audit_events``: who retired/restored/kept/changed an asset, when, what and why;
- ``search_log`` and ``content_requests``: zero-result searches become requests;
- usage_events: ``occurred_on`` (UTC day) and the effective stage/persona/sector
  each event counts under, with covering indexes for the dashboard;
- ``asset_usage``, ``asset_usage_monthly``, ``usage_daily`` and
  ``asset_opportunities``: totals kept in step with usage_events (filled on the
  next open by ``usage/rollup.py: ensure_rollups``);
- ``asset_signatures``, ``signature_bands``, ``near_duplicates``: the
  near-duplicate index (filled lazily by ``ReviewService.ensure_signatures``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

EFFECTIVE = (
    ("eff_stage_id", "stage_id", "stage"),
    ("eff_persona_id", "persona_id", "persona"),
    ("eff_sector_id", "sector_id", "sector"),
)


def upgrade() -> None:
    with op.batch_alter_table("assets") as batch:
        batch.add_column(sa.Column("snoozed_until", sa.Date))
        batch.add_column(sa.Column("retired_reason", sa.Text))

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "asset_id", sa.Integer, sa.ForeignKey("assets.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("occurred_at", sa.DateTime, nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_asset_time", "audit_events", ["asset_id", "occurred_at"])

    op.create_table(
        "search_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("occurred_at", sa.DateTime, nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("filters", sa.Text, nullable=False),
        sa.Column("result_count", sa.Integer, nullable=False),
        sa.Column("request_key", sa.String(1000), nullable=False),
    )
    op.create_index("ix_search_log_user_time", "search_log", ["user_name", "occurred_at"])
    op.create_index(
        "ix_search_log_outcome", "search_log", ["result_count", "request_key", "occurred_at"]
    )

    op.create_table(
        "content_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("request_key", sa.String(1000), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("stage", sa.String(400), nullable=False),
        sa.Column("persona", sa.String(400), nullable=False),
        sa.Column("sector", sa.String(400), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("answered_by", sa.Integer, sa.ForeignKey("assets.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("request_key", name="uq_content_requests_key"),
    )

    with op.batch_alter_table("usage_events") as batch:
        batch.add_column(sa.Column("occurred_on", sa.Date))
        for col, _, _ in EFFECTIVE:
            batch.add_column(sa.Column(col, sa.Integer))
            batch.create_foreign_key(f"fk_usage_{col}", "terms", [col], ["id"], ondelete="SET NULL")
        batch.drop_index("ix_usage_events_opportunity_id")
    _backfill_usage()
    with op.batch_alter_table("usage_events") as batch:
        batch.alter_column("occurred_on", existing_type=sa.Date, nullable=False)
        batch.create_index(
            "ix_usage_asset_context",
            ["asset_id", "occurred_on", "eff_stage_id", "eff_persona_id", "eff_sector_id"],
        )
        batch.create_index("ix_usage_day_asset", ["occurred_on", "asset_id"])
        batch.create_index("ix_usage_opportunity_asset", ["opportunity_id", "asset_id"])

    op.create_table(
        "asset_usage",
        _asset_column(primary_key=True),
        sa.Column("uses", sa.Integer, nullable=False),
        sa.Column("first_used", sa.DateTime),
        sa.Column("last_used", sa.DateTime),
        sa.Column("rated", sa.Integer, nullable=False),
        sa.Column("not_helpful", sa.Integer, nullable=False),
    )
    op.create_table(
        "usage_daily",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("dimension", sa.String(20), primary_key=True),
        sa.Column("term_id", sa.Integer, primary_key=True),
        sa.Column("uses", sa.Integer, nullable=False),
    )
    op.create_table(
        "asset_usage_monthly",
        _asset_column(primary_key=True),
        sa.Column("month", sa.Date, primary_key=True),
        sa.Column("uses", sa.Integer, nullable=False),
    )
    op.create_index(
        "ix_asset_usage_monthly_month", "asset_usage_monthly", ["month", "asset_id", "uses"]
    )
    op.create_table(
        "asset_opportunities",
        sa.Column(
            "opportunity_id",
            sa.Integer,
            sa.ForeignKey("opportunities.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        _asset_column(primary_key=True),
        sa.Column("uses", sa.Integer, nullable=False),
    )
    op.create_table(
        "asset_signatures",
        _asset_column(primary_key=True),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "signature_bands",
        sa.Column("band_key", sa.BigInteger, primary_key=True, autoincrement=False),
        _asset_column(primary_key=True),
    )
    op.create_table(
        "near_duplicates",
        _asset_column(primary_key=True),
        sa.Column(
            "other_id", sa.Integer, sa.ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("similarity", sa.Float, nullable=False),
    )


def _asset_column(primary_key: bool = False) -> sa.Column[int]:
    fk = sa.ForeignKey("assets.id", ondelete="CASCADE")
    return sa.Column("asset_id", sa.Integer, fk, primary_key=primary_key, nullable=False)


def _backfill_usage() -> None:
    """Day and effective context of the events written before this schema."""
    events = sa.table(
        "usage_events",
        sa.column("id", sa.Integer),
        sa.column("occurred_at", sa.DateTime),
        sa.column("occurred_on", sa.Date),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.select(events.c.id, events.c.occurred_at)).all()
    if rows:
        conn.execute(
            events.update()
            .where(events.c.id == sa.bindparam("event_id"))
            .values(occurred_on=sa.bindparam("day")),
            [{"event_id": i, "day": at.date()} for i, at in rows],
        )
    for eff, given, dimension in EFFECTIVE:
        first_tag = (
            "(SELECT t.id FROM asset_terms at JOIN terms t ON t.id = at.term_id "
            f"WHERE at.asset_id = usage_events.asset_id AND t.dimension = '{dimension}' "
            "ORDER BY t.position, t.id LIMIT 1)"
        )
        op.execute(f"UPDATE usage_events SET {eff} = COALESCE({given}, {first_tag})")


def downgrade() -> None:
    derived = ("near_duplicates", "signature_bands", "asset_signatures", "asset_opportunities")
    for table in (*derived, "asset_usage_monthly", "usage_daily", "asset_usage"):
        op.drop_table(table)
    with op.batch_alter_table("usage_events") as batch:
        for name in ("ix_usage_opportunity_asset", "ix_usage_day_asset", "ix_usage_asset_context"):
            batch.drop_index(name)
        batch.create_index("ix_usage_events_opportunity_id", ["opportunity_id"])
        for col, _, _ in EFFECTIVE:
            batch.drop_column(col)
        batch.drop_column("occurred_on")
    for table in ("content_requests", "search_log", "audit_events"):
        op.drop_table(table)
    with op.batch_alter_table("assets") as batch:
        batch.drop_column("retired_reason")
        batch.drop_column("snoozed_until")
