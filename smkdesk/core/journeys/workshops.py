"""Journey templates and workshops: create from a template (a copy), record
answers from sales and marketing, link the assets that address each question,
mark gaps as content needed (they join the content requests), and vote.

Every edit is its own transaction, so a crash loses nothing already typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from smkdesk.core.catalogue.dto import PERSONA, SECTOR
from smkdesk.core.catalogue.models import Asset, Term
from smkdesk.core.catalogue.taxonomy import load_terms, resolve
from smkdesk.core.changes import Changes
from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.journeys.models import (
    SIDES,
    JourneyTemplate,
    QuestionAsset,
    Workshop,
    WorkshopAnswer,
    WorkshopParticipant,
    WorkshopQuestion,
    WorkshopStage,
    WorkshopTerm,
)
from smkdesk.core.journeys.templates import TemplateService
from smkdesk.core.journeys.types import (
    Answer,
    LinkedAsset,
    Participant,
    Question,
    Stage,
    WorkshopDetail,
    WorkshopSummary,
)
from smkdesk.core.store.db import Database
from smkdesk.core.usage.models import ContentRequest as RequestRow
from smkdesk.core.util.textclean import multi_line, one_line
from smkdesk.core.util.timeutil import utcnow

REQUEST_PREFIX = "workshop:"


def _request_key(question_id: int) -> str:
    return f"{REQUEST_PREFIX}{question_id}"


def _answer_text(text: str) -> str:
    """An answer as typed, trimmed: no spaces or tabs at line ends, no blank lines."""
    lines = (line.strip() for line in multi_line(text).split("\n"))
    return "\n".join(line for line in lines if line)


def _side(side: str) -> str:
    if side not in SIDES:
        raise ValidationError(f"An answer comes from sales or marketing, not {side!r}.")
    return side


class JourneyService:
    """Workshops: their boards, answers, votes, linked content and gaps."""

    def __init__(self, db: Database, templates: TemplateService) -> None:
        self._db = db
        self._templates = templates

    # -- workshops ------------------------------------------------------------------------
    def create_workshop(
        self,
        name: str,
        held_on: date,
        facilitator: str = "",
        template_id: int | None = None,
        personas: Sequence[str | int] = (),
        sectors: Sequence[str | int] = (),
        participants: Sequence[Participant] = (),
    ) -> WorkshopDetail:
        """A workshop with its own copy of the template's stages and questions."""
        name = one_line(name)
        if not name:
            raise ValidationError("A workshop needs a name.")
        self._templates.ensure_default()
        with self._db.session() as s:
            if template_id is None:
                template_id = s.scalar(select(func.min(JourneyTemplate.id)))
            template = s.get(JourneyTemplate, template_id)
            if template is None:
                raise NotFoundError(f"No journey template has id {template_id}.")
            row = Workshop(
                name=name,
                held_on=held_on,
                facilitator=one_line(facilitator),
                template_id=template.id,
                template_name=template.name,
            )
            for i, p in enumerate(participants):
                if one_line(p.name):
                    row.participants.append(
                        WorkshopParticipant(position=i, name=one_line(p.name), side=_side(p.side))
                    )
            for ts in template.stages:
                stage = WorkshopStage(
                    position=ts.position,
                    name=ts.name,
                    stage_id=ts.stage_id,
                    description=ts.description,
                    minutes=ts.minutes,
                )
                stage.questions = [
                    WorkshopQuestion(position=q.position, text=q.text) for q in ts.questions
                ]
                row.stages.append(stage)
            s.add(row)
            s.flush()
            self._set_terms(s, row.id, resolve(s, PERSONA, personas) + resolve(s, SECTOR, sectors))
            workshop_id = row.id
        return self.workshop(workshop_id)

    def update_workshop(
        self,
        workshop_id: int,
        name: str,
        held_on: date,
        facilitator: str = "",
        personas: Sequence[str | int] = (),
        sectors: Sequence[str | int] = (),
        participants: Sequence[Participant] = (),
    ) -> Changes:
        """Change a workshop's details; its board (stages, answers, links) stays."""
        name = one_line(name)
        if not name:
            raise ValidationError("A workshop needs a name.")
        with self._db.session() as s:
            row = self._workshop(s, workshop_id)
            row.name, row.held_on, row.facilitator = name, held_on, one_line(facilitator)
            row.participants = [
                WorkshopParticipant(position=i, name=one_line(p.name), side=_side(p.side))
                for i, p in enumerate(p for p in participants if one_line(p.name))
            ]
            self._set_terms(s, row.id, resolve(s, PERSONA, personas) + resolve(s, SECTOR, sectors))
            row.updated_at = utcnow()
            # the open content requests from its gaps follow the new scope
            personas_text, sectors_text = self._scope(s, row.id)
            for req in self._gap_requests(s, row):
                if req.status == "open":
                    req.persona, req.sector = personas_text, sectors_text
        return Changes(journeys=True, requests=True)

    def delete_workshop(self, workshop_id: int) -> Changes:
        """Delete a workshop with its board. Its gaps that are still open
        content requests go too; requests already planned or answered stay."""
        with self._db.session() as s:
            row = self._workshop(s, workshop_id)
            stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
            for req in self._gap_requests(s, row):
                if req.status == "open":
                    s.delete(req)
                else:  # the key names a question id a later workshop may get again
                    req.request_key = f"workshop-deleted:{stamp}:{req.request_key}"
            s.delete(row)
        return Changes(journeys=True, requests=True)

    def set_stage_minutes(self, stage_id: int, minutes: int) -> Changes:
        """The time boxed for one stage of a workshop (its countdown)."""
        with self._db.session() as s:
            stage = s.get(WorkshopStage, stage_id)
            if stage is None:
                raise NotFoundError(f"No workshop stage has id {stage_id}.")
            stage.minutes = max(1, min(int(minutes), 600))
        return Changes(journeys=True)

    def workshops(self) -> tuple[WorkshopSummary, ...]:
        with self._db.reader() as s:
            rows = s.scalars(select(Workshop).order_by(Workshop.held_on.desc(), Workshop.id.desc()))
            out = []
            for w in rows:
                questions = s.scalars(
                    select(WorkshopQuestion.id)
                    .join(WorkshopStage)
                    .where(WorkshopStage.workshop_id == w.id)
                ).all()
                answered = s.scalar(
                    select(func.count(func.distinct(WorkshopAnswer.question_id))).where(
                        WorkshopAnswer.question_id.in_(questions)
                    )
                )
                covered = s.scalar(
                    select(func.count(func.distinct(QuestionAsset.question_id))).where(
                        QuestionAsset.question_id.in_(questions)
                    )
                )
                out.append(
                    WorkshopSummary(
                        w.id,
                        w.name,
                        w.held_on,
                        w.facilitator,
                        len(questions),
                        int(answered or 0),
                        int(covered or 0),
                    )
                )
            return tuple(out)

    def workshop(self, workshop_id: int) -> WorkshopDetail:
        with self._db.reader() as s:
            w = s.scalar(
                select(Workshop)
                .where(Workshop.id == workshop_id)
                .options(
                    selectinload(Workshop.participants),
                    selectinload(Workshop.stages)
                    .selectinload(WorkshopStage.questions)
                    .selectinload(WorkshopQuestion.answers),
                )
            )
            if w is None:
                raise NotFoundError(f"No workshop has id {workshop_id}.")
            q_ids = [q.id for st in w.stages for q in st.questions]
            links: dict[int, list[LinkedAsset]] = {}
            rows = s.execute(
                select(QuestionAsset.question_id, Asset)
                .join(Asset, Asset.id == QuestionAsset.asset_id)
                .where(QuestionAsset.question_id.in_(q_ids))
                .options(selectinload(Asset.asset_type))
                .order_by(QuestionAsset.linked_at)
            )
            for qid, asset in rows:
                links.setdefault(qid, []).append(_linked(asset))
            terms = s.scalars(
                select(Term)
                .join(WorkshopTerm, WorkshopTerm.term_id == Term.id)
                .where(WorkshopTerm.workshop_id == w.id)
            ).all()
            sectors = load_terms(s, SECTOR)
            return WorkshopDetail(
                id=w.id,
                name=w.name,
                held_on=w.held_on,
                facilitator=w.facilitator,
                template_name=w.template_name,
                participants=tuple(Participant(p.name, p.side) for p in w.participants),
                personas=tuple(t.name for t in terms if t.dimension == PERSONA),
                sectors=tuple(sectors.path(t) for t in terms if t.dimension == SECTOR),
                stages=tuple(
                    Stage(
                        st.id,
                        st.name,
                        st.stage_id,
                        st.description,
                        st.minutes,
                        tuple(
                            Question(
                                q.id,
                                q.text,
                                tuple(Answer(a.id, a.side, a.text, a.votes) for a in q.answers),
                                tuple(links.get(q.id, ())),
                                q.content_needed,
                                q.gap_votes,
                                q.action_owner,
                            )
                            for q in st.questions
                        ),
                    )
                    for st in w.stages
                ),
            )

    # -- the board ----------------------------------------------------------------------
    def add_answer(self, question_id: int, side: str, text: str, votes: int = 0) -> Changes:
        """A sales or marketing answer (``votes`` given back when a removal is undone)."""
        text = _answer_text(text)
        if not text:
            raise ValidationError("An answer cannot be empty.")
        with self._db.session() as s:
            q = self._question(s, question_id)
            q.answers.append(WorkshopAnswer(side=_side(side), text=text, votes=max(0, votes)))
            self._touch(s, q)
        return Changes(journeys=True)

    def edit_answer(self, answer_id: int, text: str) -> Changes:
        text = _answer_text(text)
        if not text:
            return self.delete_answer(answer_id)
        with self._db.session() as s:
            self._answer(s, answer_id).text = text
        return Changes(journeys=True)

    def delete_answer(self, answer_id: int) -> Changes:
        with self._db.session() as s:
            s.delete(self._answer(s, answer_id))
        return Changes(journeys=True)

    def vote_answer(self, answer_id: int, delta: int = 1) -> Changes:
        with self._db.session() as s:
            a = self._answer(s, answer_id)
            a.votes = max(0, a.votes + delta)
        return Changes(journeys=True)

    def vote_gap(self, question_id: int, delta: int = 1) -> Changes:
        """A dot-vote for content to answer the question (``delta`` -1 takes
        one back). A vote says the team wants content: it ticks "Content
        needed" too, so the question joins the content plan; taking votes
        back leaves the tick as it is."""
        with self._db.session() as s:
            q = self._question(s, question_id)
            q.gap_votes = max(0, q.gap_votes + delta)
            if delta > 0 and not q.content_needed:
                self._mark_needed(s, q, True)
                return Changes(journeys=True, requests=True)
        return Changes(journeys=True)

    def link_asset(self, question_id: int, asset_id: int) -> Changes:
        with self._db.session() as s:
            q = self._question(s, question_id)
            if s.get(Asset, asset_id) is None:
                raise NotFoundError(f"No asset has id {asset_id}.")
            if s.get(QuestionAsset, (question_id, asset_id)) is None:
                s.add(QuestionAsset(question_id=question_id, asset_id=asset_id))
            self._touch(s, q)
        return Changes(journeys=True)

    def unlink_asset(self, question_id: int, asset_id: int) -> Changes:
        with self._db.session() as s:
            link = s.get(QuestionAsset, (question_id, asset_id))
            if link is not None:
                s.delete(link)
        return Changes(journeys=True)

    def set_content_needed(
        self, question_id: int, needed: bool, owner: str | None = None
    ) -> Changes:
        """Mark a gap: it joins the content requests (as "planned" work to create).
        ``owner`` (who creates the content) is kept as it is when None, and kept
        too when the mark is taken off, so ticking it again loses nothing."""
        with self._db.session() as s:
            q = self._question(s, question_id)
            if owner is not None:
                q.action_owner = one_line(owner)
            self._mark_needed(s, q, needed)
        return Changes(journeys=True, requests=True)

    def _mark_needed(self, s: Session, q: WorkshopQuestion, needed: bool) -> None:
        """Tick or untick "Content needed", with its content request."""
        q.content_needed = needed
        key = _request_key(q.id)
        req = s.scalar(select(RequestRow).where(RequestRow.request_key == key))
        if needed:
            stage = s.get(WorkshopStage, q.workshop_stage_id)
            assert stage is not None
            workshop = s.get(Workshop, stage.workshop_id)
            assert workshop is not None
            personas, sectors = self._scope(s, workshop.id)
            if req is None:
                req = RequestRow(request_key=key, status="open", created_at=utcnow())
                s.add(req)
            req.text = q.text
            req.stage, req.persona, req.sector = stage.name, personas, sectors
            req.updated_at = utcnow()
        elif req is not None and req.status == "open":
            s.delete(req)

    def set_action_owner(self, question_id: int, owner: str) -> Changes:
        """Who creates the content a question needs (the pack's action list)."""
        with self._db.session() as s:
            q = self._question(s, question_id)
            owner = one_line(owner)
            if q.action_owner == owner:
                return Changes()
            q.action_owner = owner
            self._touch(s, q)
        return Changes(journeys=True)

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _scope(s: Session, workshop_id: int) -> tuple[str, str]:
        terms = s.scalars(
            select(Term)
            .join(WorkshopTerm, WorkshopTerm.term_id == Term.id)
            .where(WorkshopTerm.workshop_id == workshop_id)
        ).all()
        sectors = load_terms(s, SECTOR)
        personas = ", ".join(t.name for t in terms if t.dimension == PERSONA)
        return personas, ", ".join(sectors.path(t) for t in terms if t.dimension == SECTOR)

    @staticmethod
    def _workshop(s: Session, workshop_id: int) -> Workshop:
        row = s.get(Workshop, workshop_id)
        if row is None:
            raise NotFoundError(f"No workshop has id {workshop_id}.")
        return row

    @staticmethod
    def _gap_requests(s: Session, row: Workshop) -> list[RequestRow]:
        """The content requests the workshop's gaps made (any status)."""
        keys = [_request_key(q.id) for st in row.stages for q in st.questions]
        return list(s.scalars(select(RequestRow).where(RequestRow.request_key.in_(keys))))

    @staticmethod
    def _set_terms(s: Session, workshop_id: int, terms: Sequence[Term]) -> None:
        for old in s.scalars(select(WorkshopTerm).where(WorkshopTerm.workshop_id == workshop_id)):
            s.delete(old)
        s.flush()
        for term in {t.id: t for t in terms}.values():
            s.add(WorkshopTerm(workshop_id=workshop_id, term_id=term.id))
        s.flush()

    @staticmethod
    def _question(s: Session, question_id: int) -> WorkshopQuestion:
        q = s.get(WorkshopQuestion, question_id)
        if q is None:
            raise NotFoundError(f"No workshop question has id {question_id}.")
        return q

    @staticmethod
    def _answer(s: Session, answer_id: int) -> WorkshopAnswer:
        a = s.get(WorkshopAnswer, answer_id)
        if a is None:
            raise NotFoundError(f"No answer has id {answer_id}.")
        return a

    @staticmethod
    def _touch(s: Session, q: WorkshopQuestion) -> None:
        stage = s.get(WorkshopStage, q.workshop_stage_id)
        if stage is not None:
            workshop = s.get(Workshop, stage.workshop_id)
            if workshop is not None:
                workshop.updated_at = utcnow()


def _linked(asset: Asset) -> LinkedAsset:
    location = asset.url if asset.kind == "link" else (asset.file_name or "")
    type_name = asset.asset_type.name if asset.asset_type is not None else None
    return LinkedAsset(asset.id, asset.title, type_name, location or "", asset.status)
