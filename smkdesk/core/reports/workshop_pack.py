"""The workshop pack (.docx) a facilitator hands to the client's sales and
marketing leads as it is: a cover with the workshop's details; a page with
the outcomes at a glance and the contents (with page numbers); each stage's
questions with the sales and marketing answers and the content that
addresses them (by title, and where the team finds it: the link, or the
asset's number and original file name in the team library), the gaps
ordered by votes, and the action list (content to create, with its owner).

Questions are counted as everywhere else (``QuestionCounts``): with content
means at least one linked asset; a gap has no content, or the team asked
for more.

Each stage, and the gaps, start a new page; a question's heading never sits
alone at the foot of a page, and a short question stays on one page."""

from __future__ import annotations

import re
from pathlib import Path

from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from smkdesk.core.journeys.types import LinkedAsset, Question, QuestionCounts, WorkshopDetail
from smkdesk.core.reports.docx_kit import (
    MUTED,
    add_toc,
    drop_trailing_spacer,
    facts_table,
    figure_cards,
    heading,
    keep_together,
    months,
    new_report,
    save_atomically,
    table,
)

SIDES = (("sales", "Sales view"), ("marketing", "Marketing view"))
GAPS, ACTIONS = "pack_gaps", "pack_actions"
SHORT_BLOCK = 8  # answers and links: a question up to this size stays on one page
STORED_NAME = re.compile(r"^[0-9a-f]{40,64}(\.\w+)?$", re.IGNORECASE)


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def write_workshop_pack(w: WorkshopDetail, path: Path) -> None:
    doc = new_report(f"{w.name} — workshop pack", w.template_name)
    _cover(doc, w)
    entries = [(st.name, f"pack_stage_{i}") for i, st in enumerate(w.stages)]
    entries += [("Gaps, by priority", GAPS), ("Action list", ACTIONS)]
    doc.add_page_break()  # type: ignore[no-untyped-call]
    _outcomes(doc, w)  # the summary shares its page with the contents
    add_toc(doc, entries)
    note = doc.add_paragraph(
        "Each stage lists the questions the team worked through, what sales and marketing "
        "said, and the content that already answers each question, with where the team finds "
        "it. Gaps, by priority, lists the questions with no content yet or where the team "
        "asked for more; the action list names who creates what."
    )
    note.paragraph_format.space_before = note.paragraph_format.space_after
    for (_name, mark), stage in zip(entries, w.stages, strict=False):
        drop_trailing_spacer(doc)
        heading(doc, stage.name, 1, bookmark=mark, new_page=True)
        if stage.description:
            doc.add_paragraph(stage.description)
        for q in stage.questions:
            _question(doc, q)
    _gaps(doc, w)
    _actions(doc, w)
    save_atomically(doc, path)


def _cover(doc: Document, w: WorkshopDetail) -> None:
    doc.add_paragraph(w.name, style="Title")
    doc.add_paragraph("Buyer's journey workshop: answers, content and gaps", style="Subtitle")
    sales = [p.name for p in w.participants if p.side == "sales"]
    marketing = [p.name for p in w.participants if p.side == "marketing"]
    stages = ", ".join(f"{st.name} ({st.minutes} min)" for st in w.stages)
    facts = [
        ("Date", months(w.held_on)),
        ("Facilitator", w.facilitator or "not recorded"),
        ("Sales team", ", ".join(sales) or "not recorded"),
        ("Marketing team", ", ".join(marketing) or "not recorded"),
        ("Buyers mapped", ", ".join(w.personas) or "every persona"),
        ("Sectors", ", ".join(s.replace("/", " › ") for s in w.sectors) or "every sector"),
        ("Stages covered", stages or "none"),
    ]
    facts_table(doc, facts, (4.0, 13.0))


def _with_content(c: QuestionCounts, assets: int) -> str:
    """ "1 question already has content that answers it (2 assets in all)"."""
    if not c.with_content:
        return "No question has content that answers it yet."
    has = "has content that answers it" if c.with_content == 1 else "have content that answers them"
    more = f"; the team asked for more on {c.more_needed}" if c.more_needed else ""
    return (
        f"{_plural(c.with_content, 'question')} already {has} "
        f"({_plural(assets, 'asset')} in all){more}."
    )


def _outcomes(doc: Document, w: WorkshopDetail) -> None:
    doc.add_heading("Outcomes at a glance", level=2)
    questions = w.questions()
    c = w.counts()
    gaps = [q for q in questions if q.is_gap]
    needed = sorted((q for q in questions if q.content_needed), key=lambda q: -q.gap_votes)
    figure_cards(
        doc,
        [
            (f"{c.answered}/{c.questions}", "questions answered"),
            (f"{c.with_content}/{c.questions}", "with content that answers them"),
            (str(c.gaps), "gap" + ("" if c.gaps == 1 else "s") + " (no content, or more needed)"),
            (
                str(c.content_needed),
                "content to create" if c.content_needed == 1 else "pieces of content to create",
            ),
        ],
        17.0,
    )
    sales_n = sum(a.side == "sales" for q in questions for a in q.answers)
    marketing_n = sum(a.side == "marketing" for q in questions for a in q.answers)
    assets = {a.id for q in questions for a in q.assets}
    doc.add_paragraph(
        f"The team answered {c.answered} of {_plural(c.questions, 'question')}, with "
        f"{_plural(sales_n, 'answer')} from sales and {marketing_n} from marketing. "
        + _with_content(c, len(assets))
    )
    if needed:
        doc.add_paragraph("The team asked for new content, most votes first:")
        for q in needed[:5]:
            owner = q.action_owner or "owner to be assigned"
            votes = f", {_plural(q.gap_votes, 'vote')}" if q.gap_votes else ""
            doc.add_paragraph(f"{q.text} ({owner}{votes})", style="List Bullet")
        if len(needed) > 5:
            doc.add_paragraph(f"…and {len(needed) - 5} more in the action list.")
    elif gaps:
        have = "has" if c.without_content == 1 else "have"
        doc.add_paragraph(
            f"{_plural(c.without_content, 'question')} {have} no content yet; no new content "
            "was requested in the workshop."
        )
    else:
        doc.add_paragraph("Every question has content that answers it.")


def _where(a: LinkedAsset) -> str:
    """The link, or where the team finds the file: in its smkdesk library, by
    the asset's number and its original name (never the stored name)."""
    if a.location.startswith(("http://", "https://", "mailto:")):
        return a.location
    place = f"Team library (smkdesk), asset #{a.id}"
    if not a.location or STORED_NAME.match(a.location):
        return place
    return f"{place}, file {a.location}"


def _type(a: LinkedAsset) -> str:
    kind = a.type or ""
    if a.is_draft:
        kind = f"{kind} ({a.status})" if kind else a.status.capitalize()
    return kind


def _question(doc: Document, q: Question) -> None:
    body = doc.element.body
    start = len(body)
    doc.add_heading(q.text, level=2).paragraph_format.keep_with_next = True
    for side, label in SIDES:
        answers = sorted((a for a in q.answers if a.side == side), key=lambda a: -a.votes)
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        p.add_run(f"{label}: ").bold = True
        if not answers:
            p.add_run("no answer recorded.").font.color.rgb = MUTED
        for a in answers:
            votes = f" ({_plural(a.votes, 'vote')})" if a.votes else ""
            doc.add_paragraph(a.text + votes, style="List Bullet")
    if q.assets:
        rows = [(a.title, _type(a), _where(a)) for a in q.assets]
        table(doc, ("Content that answers it", "Type", "Where to find it"), rows, (7.5, 3.0, 6.5))
    gap_text = ""
    if not q.assets:
        gap_text = "No content answers this question yet: a gap."
    if q.content_needed:
        owner = q.action_owner or "owner to be assigned"
        votes = f", {_plural(q.gap_votes, 'vote')}" if q.gap_votes else ""
        asked = "more content" if q.assets else "content"
        gap_text = f"{gap_text} The team asked for {asked} here ({owner}{votes}).".strip()
    if gap_text:
        gap = doc.add_paragraph(gap_text)
        gap.runs[0].italic = True
        gap.runs[0].font.color.rgb = MUTED
    # a short question stays on one page; a long one keeps at least its heading
    # with the first answer (the heading and labels are kept with the next)
    if len(q.answers) + len(q.assets) <= SHORT_BLOCK:
        keep_together(_elements(doc, body[start:]))


def _elements(doc: Document, children: list[object]) -> list[Paragraph | Table]:
    out: list[Paragraph | Table] = []
    for child in children:
        tag = getattr(child, "tag", "")
        if tag == qn("w:p"):
            out.append(Paragraph(child, doc))  # type: ignore[arg-type]
        elif tag == qn("w:tbl"):
            out.append(Table(child, doc))  # type: ignore[arg-type]
    # the spacer after a table ends the block: it need not stay with anything
    if out and isinstance(out[-1], Paragraph) and not out[-1].text:
        out.pop()
    return out


def _gaps(doc: Document, w: WorkshopDetail) -> None:
    drop_trailing_spacer(doc)
    heading(doc, "Gaps, by priority", 1, bookmark=GAPS, new_page=True)
    gaps = [(s.name, q) for s in w.stages for q in s.questions if q.is_gap]
    if not gaps:
        doc.add_paragraph("Every question has content that answers it.")
        return
    gaps.sort(key=lambda g: (-g[1].gap_votes, not g[1].content_needed))
    doc.add_paragraph(
        "Questions with no content, or where the team asked for more, most votes first."
    )
    voted = any(q.gap_votes for _stage, q in gaps)
    rows: list[tuple[str, ...]] = []
    for stage, q in gaps:
        row: tuple[str, ...] = (q.text, stage, "more needed" if q.assets else "no content")
        rows.append((*row, str(q.gap_votes or "—")) if voted else row)
    if voted:
        table(doc, ("Question", "Stage", "Why", "Votes"), rows, (9.0, 3.0, 3.0, 2.0), numeric=(3,))
    else:  # nobody voted: a column of zeros would say nothing
        table(doc, ("Question", "Stage", "Why"), rows, (11.0, 3.0, 3.0))


def _actions(doc: Document, w: WorkshopDetail) -> None:
    heading(doc, "Action list", 1, bookmark=ACTIONS)
    needed = [(s.name, q) for s in w.stages for q in s.questions if q.content_needed]
    if not needed:
        doc.add_paragraph("No content was requested in this workshop.")
        return
    needed.sort(key=lambda g: -g[1].gap_votes)
    doc.add_paragraph("Content the team asked for, most votes first, with who creates it.")
    rows = [
        (f"Create content that answers: {q.text}", stage, q.action_owner or "to be assigned")
        for stage, q in needed
    ]
    table(doc, ("Content to create", "Stage", "Owner"), rows, (10.5, 3.0, 3.5))
