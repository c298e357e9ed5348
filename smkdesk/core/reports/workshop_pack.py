"""The workshop pack (.docx) a facilitator hands to the client's sales and
marketing leads: title page, contents, participants, each stage's questions
with the sales and marketing answers and the assets that address them, the
gaps ordered by votes, and the action list (content to create, with owner)."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document

from smkdesk.core.journey_types import Question, WorkshopDetail
from smkdesk.core.reports.docx_kit import (
    MUTED,
    add_toc,
    cover,
    months,
    new_report,
    save_atomically,
    table,
)

SIDES = (("sales", "Sales view"), ("marketing", "Marketing view"))


def write_workshop_pack(w: WorkshopDetail, path: Path) -> None:
    doc = new_report(f"{w.name} — workshop pack", w.template_name)
    cover(
        doc,
        w.name,
        "Buyer's journey workshop: answers, content and gaps",
        [
            f"Held on {months(w.held_on)}"
            + (f", facilitated by {w.facilitator}" if w.facilitator else ""),
            f"Personas: {', '.join(w.personas) or 'all'}",
            f"Sectors: {', '.join(w.sectors) or 'all'}",
        ],
    )
    sections = ["Participants", *(s.name for s in w.stages), "Gaps, by priority", "Action list"]
    add_toc(doc, sections)
    doc.add_page_break()  # type: ignore[no-untyped-call]
    _participants(doc, w)
    for stage in w.stages:
        doc.add_heading(stage.name, level=1)
        if stage.description:
            doc.add_paragraph(stage.description)
        for q in stage.questions:
            _question(doc, q)
    _gaps(doc, w)
    _actions(doc, w)
    save_atomically(doc, path)


def _participants(doc: Document, w: WorkshopDetail) -> None:
    doc.add_heading("Participants", level=1)
    if not w.participants:
        doc.add_paragraph("No participants were recorded.")
        return
    rows = [(p.name, p.side.capitalize()) for p in w.participants]
    table(doc, ("Name", "Team"), rows, (9.0, 8.0))


def _question(doc: Document, q: Question) -> None:
    doc.add_heading(q.text, level=2)
    for side, label in SIDES:
        answers = sorted((a for a in q.answers if a.side == side), key=lambda a: -a.votes)
        p = doc.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        if not answers:
            p.add_run("no answer recorded.").font.color.rgb = MUTED
        for a in answers:
            votes = f" ({a.votes} vote{'s' if a.votes != 1 else ''})" if a.votes else ""
            doc.add_paragraph(a.text + votes, style="List Bullet")
    if q.assets:
        rows = [(a.title, a.type or "", a.location) for a in q.assets]
        table(doc, ("Content that answers it", "Type", "Where"), rows, (8.0, 3.0, 6.0))
    else:
        gap = doc.add_paragraph("No content answers this question yet: a gap.")
        gap.runs[0].italic = True
        gap.runs[0].font.color.rgb = MUTED


def _gaps(doc: Document, w: WorkshopDetail) -> None:
    doc.add_heading("Gaps, by priority", level=1)
    gaps = [(s.name, q) for s in w.stages for q in s.questions if q.is_gap]
    if not gaps:
        doc.add_paragraph("Every question has content that answers it.")
        return
    gaps.sort(key=lambda g: (-g[1].gap_votes, not g[1].content_needed))
    doc.add_paragraph(
        "Questions with no content, or where the team asked for more, most votes first."
    )
    rows = [(q.text, stage, str(q.gap_votes)) for stage, q in gaps]
    table(doc, ("Question", "Stage", "Votes"), rows, (11.5, 3.5, 2.0), numeric=(2,))


def _actions(doc: Document, w: WorkshopDetail) -> None:
    doc.add_heading("Action list", level=1)
    needed = [(s.name, q) for s in w.stages for q in s.questions if q.content_needed]
    if not needed:
        doc.add_paragraph("No content was requested in this workshop.")
        return
    needed.sort(key=lambda g: -g[1].gap_votes)
    rows = [
        (f"Create content that answers: {q.text}", stage, q.action_owner or "to be assigned")
        for stage, q in needed
    ]
    table(doc, ("Content to create", "Stage", "Owner"), rows, (10.5, 3.0, 3.5))
