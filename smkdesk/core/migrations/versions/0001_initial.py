"""Initial schema: taxonomy terms, assets, tags, keywords and extracted text.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "terms",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dimension", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("terms.id", ondelete="RESTRICT")),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("retired", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_terms_dimension_position", "terms", ["dimension", "position"])
    op.create_table(
        "assets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("type_id", sa.Integer, sa.ForeignKey("terms.id", ondelete="SET NULL")),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("abm_tier", sa.String(20)),
        sa.Column("language", sa.String(20)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("review_by", sa.Date),
        sa.Column("url", sa.String(2000)),
        sa.Column("file_name", sa.String(500)),
        sa.Column("file_sha256", sa.String(64)),
        sa.Column("file_size", sa.Integer),
        sa.Column("file_ext", sa.String(16)),
        sa.Column("source_path", sa.Text),
        sa.Column("text_status", sa.String(10), nullable=False),
        sa.Column("no_text_reason", sa.Text),
        sa.Column("page_count", sa.Integer),
        sa.UniqueConstraint("file_sha256", name="uq_assets_file_sha256"),
    )
    op.create_index("ix_assets_type_id", "assets", ["type_id"])
    op.create_index("ix_assets_status", "assets", ["status"])
    op.create_index("ix_assets_created_at", "assets", ["created_at"])
    op.create_table(
        "asset_terms",
        sa.Column(
            "asset_id", sa.Integer, sa.ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "term_id", sa.Integer, sa.ForeignKey("terms.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    op.create_index("ix_asset_terms_term_id", "asset_terms", ["term_id"])
    op.create_table(
        "asset_keywords",
        sa.Column(
            "asset_id", sa.Integer, sa.ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("keyword", sa.String(200), primary_key=True),
    )
    op.create_table(
        "asset_text",
        sa.Column(
            "asset_id", sa.Integer, sa.ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("truncated", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    for table in ("asset_text", "asset_keywords", "asset_terms", "assets", "terms"):
        op.drop_table(table)
