"""Usage events (for "most used") and the index work queue.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "usage_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "asset_id", sa.Integer, sa.ForeignKey("assets.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("occurred_at", sa.DateTime, nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_index("ix_usage_asset_time", "usage_events", ["asset_id", "occurred_at"])
    op.create_table(
        "index_pending",
        sa.Column("asset_id", sa.Integer, primary_key=True),
        sa.Column("queued_at", sa.DateTime, nullable=False),
    )
    # Every asset written by schema 0001 must reach the index again.
    op.execute("INSERT INTO index_pending (asset_id, queued_at) SELECT id, created_at FROM assets")


def downgrade() -> None:
    op.drop_table("index_pending")
    op.drop_table("usage_events")
