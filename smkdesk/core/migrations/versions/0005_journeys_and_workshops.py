"""Buyer-journey templates and workshops.

- ``journey_templates``, ``template_stages``, ``template_questions``: editable
  templates (the default one is seeded on open, from resources/journey);
- ``workshops`` with ``workshop_participants`` and ``workshop_terms`` (the
  personas and sectors mapped), and their own copy of the template's stages
  and questions (``workshop_stages``, ``workshop_questions``);
- ``workshop_answers`` (notes from sales or marketing, with votes) and
  ``question_assets`` (assets linked to the question they address).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journey_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", name="uq_journey_templates_name"),
    )
    op.create_table(
        "template_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["stage_id"], ["terms.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["template_id"], ["journey_templates.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_template_stages_template_id"), "template_stages", ["template_id"], unique=False
    )
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("facilitator", sa.String(length=200), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("template_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["template_id"], ["journey_templates.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "template_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_stage_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["template_stage_id"], ["template_stages.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_template_questions_template_stage_id"),
        "template_questions",
        ["template_stage_id"],
        unique=False,
    )
    op.create_table(
        "workshop_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_workshop_participants_workshop_id"),
        "workshop_participants",
        ["workshop_id"],
        unique=False,
    )
    op.create_table(
        "workshop_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["stage_id"], ["terms.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_workshop_stages_workshop_id"), "workshop_stages", ["workshop_id"], unique=False
    )
    op.create_table(
        "workshop_terms",
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["term_id"], ["terms.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("workshop_id", "term_id"),
    )
    op.create_table(
        "workshop_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_stage_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_needed", sa.Boolean(), nullable=False),
        sa.Column("gap_votes", sa.Integer(), nullable=False),
        sa.Column("action_owner", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["workshop_stage_id"], ["workshop_stages.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_workshop_questions_workshop_stage_id"),
        "workshop_questions",
        ["workshop_stage_id"],
        unique=False,
    )
    op.create_table(
        "question_assets",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["assets.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["question_id"], ["workshop_questions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("question_id", "asset_id"),
    )
    op.create_index(
        op.f("ix_question_assets_asset_id"), "question_assets", ["asset_id"], unique=False
    )
    op.create_table(
        "workshop_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["workshop_questions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_workshop_answers_question_id"), "workshop_answers", ["question_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_workshop_answers_question_id"), table_name="workshop_answers")
    op.drop_table("workshop_answers")
    op.drop_index(op.f("ix_question_assets_asset_id"), table_name="question_assets")
    op.drop_table("question_assets")
    op.drop_index(op.f("ix_workshop_questions_workshop_stage_id"), table_name="workshop_questions")
    op.drop_table("workshop_questions")
    op.drop_table("workshop_terms")
    op.drop_index(op.f("ix_workshop_stages_workshop_id"), table_name="workshop_stages")
    op.drop_table("workshop_stages")
    op.drop_index(op.f("ix_workshop_participants_workshop_id"), table_name="workshop_participants")
    op.drop_table("workshop_participants")
    op.drop_index(op.f("ix_template_questions_template_stage_id"), table_name="template_questions")
    op.drop_table("template_questions")
    op.drop_table("workshops")
    op.drop_index(op.f("ix_template_stages_template_id"), table_name="template_stages")
    op.drop_table("template_stages")
    op.drop_table("journey_templates")
