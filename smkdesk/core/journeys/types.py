"""Frozen values for journey templates and workshops (safe to hand to the GUI)."""

from __future__ import annotations

from collections.abc import Sequence
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

    @property
    def is_draft(self) -> bool:
        """Not published: reps should not send it yet (drafts, and retired content)."""
        return self.status != "published"

    @property
    def labelled_title(self) -> str:
        """The title, with "(draft)" or "(retired)" after it when not published."""
        return f"{self.title} ({self.status})" if self.is_draft else self.title


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

    @property
    def has_content(self) -> bool:
        """At least one asset is linked to it (drafts included)."""
        return bool(self.assets)


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

    def counts(self) -> QuestionCounts:
        return question_counts(self.questions())


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


@dataclass(frozen=True)
class QuestionCounts:
    """The one way questions are counted (board, presentation, CLI and pack).

    *With content*: at least one linked asset. A *gap*: no linked asset, or
    content linked but the team ticked "Content needed" (it wants more). A
    question with content that needs more counts in both."""

    questions: int
    answered: int
    with_content: int
    without_content: int
    more_needed: int  # has content, and the team asked for more
    content_needed: int  # ticked "Content needed" (the action list)

    @property
    def gaps(self) -> int:
        return self.without_content + self.more_needed

    def text(self) -> str:
        """ "13 questions: 9 with content, 5 gaps (4 with no content, 1 needing more)"."""
        gaps = _plural(self.gaps, "gap")
        if self.more_needed:  # say how a gap with content is one
            parts = [f"{self.without_content} with no content"] if self.without_content else []
            gaps += f" ({', '.join([*parts, f'{self.more_needed} needing more'])})"
        return f"{_plural(self.questions, 'question')}: {self.with_content} with content, {gaps}"


def question_counts(questions: Sequence[Question]) -> QuestionCounts:
    return QuestionCounts(
        questions=len(questions),
        answered=sum(bool(q.answers) for q in questions),
        with_content=sum(q.has_content for q in questions),
        without_content=sum(not q.has_content for q in questions),
        more_needed=sum(q.has_content and q.content_needed for q in questions),
        content_needed=sum(q.content_needed for q in questions),
    )
