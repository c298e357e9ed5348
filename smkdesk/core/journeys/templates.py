"""Journey templates as JSON (export, import, the default template) and as
frozen values."""

from __future__ import annotations

import json

from smkdesk.core.errors import ValidationError
from smkdesk.core.journeys.models import JourneyTemplate
from smkdesk.core.journeys.types import StageDraft, TemplateInfo
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
