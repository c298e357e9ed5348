"""Frozen values for journey templates and workshops (safe to hand to the GUI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class StageDraft:
    """A stage of a template being written: its questions in order."""

    name: str
    questions: tuple[str, ...]
    stage: str | None = None  # the library stage it maps onto (name), if any
    description: str = ""
    minutes: int = 20


@dataclass(frozen=True)
class TemplateInfo:
    id: int
    name: str
    description: str
    stages: tuple[StageDraft, ...]

    @property
    def question_count(self) -> int:
        return sum(len(s.questions) for s in self.stages)


@dataclass(frozen=True)
class Participant:
    name: str
    side: str  # sales | marketing


@dataclass(frozen=True)
class Answer:
    id: int
    side: str
    text: str
    votes: int


@dataclass(frozen=True)
class LinkedAsset:
    id: int
    title: str
    type: str | None
    location: str  # file name in the library, or the URL
    status: str


@dataclass(frozen=True)
class Question:
    id: int
    text: str
    answers: tuple[Answer, ...]
    assets: tuple[LinkedAsset, ...]
    content_needed: bool
    gap_votes: int
    action_owner: str

    @property
    def is_gap(self) -> bool:
        """No content answers it yet (or the team says more is needed)."""
        return self.content_needed or not self.assets


@dataclass(frozen=True)
class Stage:
    id: int
    name: str
    stage_id: int | None
    description: str
    minutes: int
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class WorkshopSummary:
    id: int
    name: str
    held_on: date
    facilitator: str
    questions: int
    answered: int  # questions with at least one answer
    covered: int  # questions with at least one linked asset


@dataclass(frozen=True)
class WorkshopDetail:
    id: int
    name: str
    held_on: date
    facilitator: str
    template_name: str
    participants: tuple[Participant, ...]
    personas: tuple[str, ...]
    sectors: tuple[str, ...]  # paths
    stages: tuple[Stage, ...] = field(default=())

    def questions(self) -> list[Question]:
        return [q for s in self.stages for q in s.questions]

    def question(self, question_id: int) -> Question:
        return next(q for q in self.questions() if q.id == question_id)
