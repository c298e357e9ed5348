"""Buyer-journey templates and workshops.

A template is an ordered list of stages, each with workshop questions. A
workshop copies its template's stages and questions when it is created
(``workshop_stages``/``workshop_questions``), so that editing the template
later never changes a past workshop. Answers are notes from sales or
marketing; assets are linked to the question they address.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smkdesk.core.store.base import Base
from smkdesk.core.util.timeutil import utcnow

SIDES = ("sales", "marketing")


def _fk(target: str, ondelete: str = "CASCADE") -> ForeignKey:
    return ForeignKey(target, ondelete=ondelete)


class JourneyTemplate(Base):
    __tablename__ = "journey_templates"
    __table_args__ = (UniqueConstraint("name", name="uq_journey_templates_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    stages: Mapped[list[TemplateStage]] = relationship(
        order_by="TemplateStage.position", cascade="all, delete-orphan"
    )


class TemplateStage(Base):
    __tablename__ = "template_stages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int] = mapped_column(_fk("journey_templates.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    stage_id: Mapped[int | None] = mapped_column(_fk("terms.id", "SET NULL"), default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int] = mapped_column(Integer, default=20)
    questions: Mapped[list[TemplateQuestion]] = relationship(
        order_by="TemplateQuestion.position", cascade="all, delete-orphan"
    )


class TemplateQuestion(Base):
    __tablename__ = "template_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_stage_id: Mapped[int] = mapped_column(_fk("template_stages.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)


class Workshop(Base):
    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[date] = mapped_column(Date)
    facilitator: Mapped[str] = mapped_column(String(200), default="")
    template_id: Mapped[int | None] = mapped_column(
        _fk("journey_templates.id", "SET NULL"), default=None
    )
    template_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    participants: Mapped[list[WorkshopParticipant]] = relationship(
        order_by="WorkshopParticipant.position", cascade="all, delete-orphan"
    )
    stages: Mapped[list[WorkshopStage]] = relationship(
        order_by="WorkshopStage.position", cascade="all, delete-orphan"
    )


class WorkshopParticipant(Base):
    __tablename__ = "workshop_participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(_fk("workshops.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    side: Mapped[str] = mapped_column(String(10))  # sales | marketing


class WorkshopTerm(Base):
    """The personas and sectors a workshop maps."""

    __tablename__ = "workshop_terms"

    workshop_id: Mapped[int] = mapped_column(_fk("workshops.id"), primary_key=True)
    term_id: Mapped[int] = mapped_column(_fk("terms.id"), primary_key=True)


class WorkshopStage(Base):
    __tablename__ = "workshop_stages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(_fk("workshops.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    stage_id: Mapped[int | None] = mapped_column(_fk("terms.id", "SET NULL"), default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int] = mapped_column(Integer, default=20)
    questions: Mapped[list[WorkshopQuestion]] = relationship(
        order_by="WorkshopQuestion.position", cascade="all, delete-orphan"
    )


class WorkshopQuestion(Base):
    __tablename__ = "workshop_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_stage_id: Mapped[int] = mapped_column(_fk("workshop_stages.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    content_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    gap_votes: Mapped[int] = mapped_column(Integer, default=0)
    action_owner: Mapped[str] = mapped_column(String(200), default="")
    answers: Mapped[list[WorkshopAnswer]] = relationship(
        order_by="WorkshopAnswer.id", cascade="all, delete-orphan"
    )


class WorkshopAnswer(Base):
    __tablename__ = "workshop_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(_fk("workshop_questions.id"), index=True)
    side: Mapped[str] = mapped_column(String(10))  # sales | marketing
    text: Mapped[str] = mapped_column(Text)
    votes: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class QuestionAsset(Base):
    """An asset linked to the workshop question it addresses."""

    __tablename__ = "question_assets"

    question_id: Mapped[int] = mapped_column(_fk("workshop_questions.id"), primary_key=True)
    asset_id: Mapped[int] = mapped_column(_fk("assets.id"), primary_key=True, index=True)
    linked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
