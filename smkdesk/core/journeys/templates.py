"""Journey templates: the service that keeps them (``TemplateService``, as
``Library.templates``), their JSON form (export, import, the default template)
and their frozen values."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from smkdesk.core.catalogue.dto import STAGE
from smkdesk.core.catalogue.taxonomy import load_terms, resolve
from smkdesk.core.changes import Changes
from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.journeys.models import (
    JourneyTemplate,
    TemplateQuestion,
    TemplateStage,
)
from smkdesk.core.journeys.types import (
    StageDraft,
    TemplateInfo,
)
from smkdesk.core.store.db import Database
from smkdesk.core.util.textclean import multi_line, one_line
from smkdesk.resources import resource_path


def template_from_json(data: object) -> tuple[str, str, tuple[StageDraft, ...]]:
    """Name, description and stages from a template's JSON form (see
    resources/journey/default_template.json); a clear message when it is not one."""

    def bad(why: str) -> ValidationError:
        return ValidationError(f"Not a journey template: {why}.")

    if not isinstance(data, dict):
        raise bad("expected an object with a name and stages")
    name, stages = data.get("name"), data.get("stages")
    if not isinstance(name, str) or not name.strip():
        raise bad("it has no name")
    if not isinstance(stages, list) or not stages:
        raise bad("it has no stages")
    drafts = []
    for i, st in enumerate(stages, 1):
        if not isinstance(st, dict) or not isinstance(st.get("name"), str):
            raise bad(f"stage {i} has no name")
        questions = st.get("questions")
        if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
            raise bad(f"stage {i} ('{st['name']}') needs a list of questions")
        minutes = st.get("minutes", 20)
        if not isinstance(minutes, int) or isinstance(minutes, bool):
            raise bad(f"stage {i} ('{st['name']}'): minutes must be a whole number")
        stage = st.get("stage")
        drafts.append(
            StageDraft(
                name=st["name"],
                questions=tuple(questions),
                stage=stage if isinstance(stage, str) else None,
                description=str(st.get("description") or ""),
                minutes=minutes,
            )
        )
    return name, str(data.get("description") or ""), tuple(drafts)


def template_to_json(t: TemplateInfo) -> dict[str, object]:
    """The JSON form ``template_from_json`` reads."""
    return {
        "name": t.name,
        "description": t.description,
        "stages": [
            {
                "name": st.name,
                "stage": st.stage,
                "minutes": st.minutes,
                "description": st.description,
                "questions": list(st.questions),
            }
            for st in t.stages
        ],
    }


def load_default_template() -> tuple[str, str, tuple[StageDraft, ...]]:
    data = json.loads(resource_path("journey", "default_template.json").read_text("utf-8"))
    return template_from_json(data)


def template_info(t: JourneyTemplate, stage_names: dict[int, str]) -> TemplateInfo:
    return TemplateInfo(
        id=t.id,
        name=t.name,
        description=t.description,
        stages=tuple(
            StageDraft(
                name=st.name,
                questions=tuple(q.text for q in st.questions),
                stage=stage_names.get(st.stage_id) if st.stage_id else None,
                description=st.description,
                minutes=st.minutes,
            )
            for st in t.stages
        ),
    )


class TemplateService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def ensure_default(self) -> None:
        """Seed the default template (seed 003's questions) into a library with none."""
        with self._db.session() as s:
            if s.scalar(select(func.count()).select_from(JourneyTemplate)):
                return
            name, description, stages = load_default_template()
            # a library whose stages are named otherwise gets the questions unmapped
            s.add(self._template_row(s, name, description, stages, strict=False))

    def all(self) -> tuple[TemplateInfo, ...]:
        with self._db.reader() as s:
            rows = s.scalars(
                select(JourneyTemplate)
                .options(selectinload(JourneyTemplate.stages).selectinload(TemplateStage.questions))
                .order_by(JourneyTemplate.id)
            )
            stages = {t.id: t.name for t in load_terms(s, STAGE).rows}
            return tuple(template_info(t, stages) for t in rows)

    def get(self, template_id: int) -> TemplateInfo:
        found = [t for t in self.all() if t.id == template_id]
        if not found:
            raise NotFoundError(f"No journey template has id {template_id}.")
        return found[0]

    def save(self, name: str, stages: Sequence[StageDraft], description: str = "") -> TemplateInfo:
        """Save edited stages and questions as a new template."""
        name = one_line(name)
        if not name:
            raise ValidationError("A template needs a name.")
        with self._db.session() as s:
            taken = s.scalar(select(JourneyTemplate.id).where(JourneyTemplate.name == name))
            if taken is not None:
                raise ValidationError(f"A template called '{name}' exists already.")
            row = self._template_row(s, name, description, stages)
            s.add(row)
            s.flush()
            template_id = row.id
        return self.get(template_id)

    def delete(self, template_id: int) -> Changes:
        """Delete a template. Workshops made from it keep their own copy."""
        with self._db.session() as s:
            row = s.get(JourneyTemplate, template_id)
            if row is None:
                raise NotFoundError(f"No journey template has id {template_id}.")
            if (s.scalar(select(func.count()).select_from(JourneyTemplate)) or 0) <= 1:
                raise ValidationError("The last template cannot be deleted.")
            s.delete(row)
        return Changes(journeys=True)

    def _template_row(
        self,
        s: Session,
        name: str,
        description: str,
        stages: Sequence[StageDraft],
        strict: bool = True,
    ) -> JourneyTemplate:
        if not stages:
            raise ValidationError("A template needs at least one stage.")
        row = JourneyTemplate(name=name, description=multi_line(description))
        for i, draft in enumerate(stages):
            stage_name = one_line(draft.name)
            questions = [one_line(q) for q in draft.questions if one_line(q)]
            if not stage_name:
                raise ValidationError(f"Stage {i + 1} needs a name.")
            if not questions:
                raise ValidationError(f"The stage '{stage_name}' needs at least one question.")
            term_id = _stage_id(s, draft.stage, strict)
            stage = TemplateStage(
                position=i,
                name=stage_name,
                stage_id=term_id,
                description=multi_line(draft.description),
                minutes=max(1, draft.minutes),
            )
            stage.questions = [
                TemplateQuestion(position=j, text=q) for j, q in enumerate(questions)
            ]
            row.stages.append(stage)
        return row


def _stage_id(s: Session, name: str | None, strict: bool) -> int | None:
    if not name:
        return None
    if strict:
        return resolve(s, STAGE, [name])[0].id
    table = load_terms(s, STAGE)
    found = [t for t in table.rows if t.name.lower() == name.lower() and not t.retired]
    return found[0].id if found else None
