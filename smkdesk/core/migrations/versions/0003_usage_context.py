"""Usage context: who (role), opportunity, buyer stage/persona/sector, feedback.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opportunities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("closed_at", sa.DateTime),
        sa.UniqueConstraint("account", "name", name="uq_opportunities_account_name"),
    )
    with op.batch_alter_table("usage_events") as batch:
        batch.add_column(sa.Column("user_role", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("opportunity_id", sa.Integer))
        batch.add_column(sa.Column("stage_id", sa.Integer))
        batch.add_column(sa.Column("persona_id", sa.Integer))
        batch.add_column(sa.Column("sector_id", sa.Integer))
        batch.add_column(sa.Column("rating", sa.Integer))
        batch.create_foreign_key(
            "fk_usage_opportunity", "opportunities", ["opportunity_id"], ["id"], ondelete="SET NULL"
        )
        for col in ("stage_id", "persona_id", "sector_id"):
            batch.create_foreign_key(f"fk_usage_{col}", "terms", [col], ["id"], ondelete="SET NULL")
        batch.create_index("ix_usage_events_opportunity_id", ["opportunity_id"])
        batch.create_index("ix_usage_time", ["occurred_at"])


def downgrade() -> None:
    with op.batch_alter_table("usage_events") as batch:
        batch.drop_index("ix_usage_time")
        batch.drop_index("ix_usage_events_opportunity_id")
        for col in ("rating", "sector_id", "persona_id", "stage_id", "opportunity_id", "user_role"):
            batch.drop_column(col)
    op.drop_table("opportunities")
