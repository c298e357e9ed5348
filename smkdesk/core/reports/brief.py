"""The pre-call brief (.docx) a rep reads before a call: the questions a buyer
of this persona is likely asking at this stage, with the team's answers from
workshops, and a shortlist of the best assets for that context (ranked by
fit, use by other reps and use in won deals), each with a one-line summary and
where to find it. One or two pages."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from docx.shared import Pt

from smkdesk.core.errors import ValidationError
from smkdesk.core.library import Library
from smkdesk.core.reports.docx_kit import (
    MUTED,
    cover,
    months,
    new_report,
    save_atomically,
    table,
)
from smkdesk.core.timeutil import utcnow

SHORTLIST = 6


@dataclass(frozen=True)
class BriefQuestion:
    text: str
    sales: tuple[str, ...]
    marketing: tuple[str, ...]


@dataclass(frozen=True)
class BriefAsset:
    id: int
    title: str
    type: str | None
    summary: str
    location: str
    uses: int
    won_deals: int


@dataclass(frozen=True)
class BriefData:
    persona: str
    sector: str
    stage: str
    account: str
    questions: tuple[BriefQuestion, ...]
    assets: tuple[BriefAsset, ...]
    nearest_sector: str  # where the shortlist came from when the sector had none ("" if exact)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.{20,220}?[.!?])(\s|$)", text)
    return match.group(1) if match else text[:220]


def brief_data(lib: Library, persona: str, sector: str, stage: str, account: str = "") -> BriefData:
    for dim, value in (("persona", persona), ("sector", sector), ("stage", stage)):
        lib.taxonomy.find(dim, value)  # unknown values: a clear ValidationError
    template = lib.journeys.templates()[0]
    drafts = [s for s in template.stages if (s.stage or s.name).lower() == stage.lower()]
    texts = list(drafts[0].questions) if drafts else []
    answers: dict[str, tuple[list[str], list[str]]] = {t: ([], []) for t in texts}
    workshops = [lib.journeys.workshop(w.id) for w in lib.journeys.workshops()]
    top = sector.split("/")[0]
    relevant = [
        w
        for w in workshops
        if persona in w.personas or any(s.split("/")[0] == top for s in w.sectors)
    ] or workshops
    for w in relevant:
        for st in w.stages:
            if st.name.lower() != stage.lower():
                continue
            for q in st.questions:
                sales, marketing = answers.setdefault(q.text, ([], []))
                for a in sorted(q.answers, key=lambda a: -a.votes):
                    (sales if a.side == "sales" else marketing).append(a.text)
    questions = tuple(BriefQuestion(t, tuple(s[:3]), tuple(m[:3])) for t, (s, m) in answers.items())

    found = lib.journey_coverage.nearest_assets(sector, stage, persona, limit=30)
    if not found.assets:  # nothing for this persona: the stage in that sector
        found = lib.journey_coverage.nearest_assets(sector, stage, None, limit=30)
    won, _lost = lib.usage.influence(top=1000)
    won_by_id = {r.asset_id: r.deals for r in won}
    ranked = sorted(
        enumerate(found.assets),
        key=lambda p: (
            -(
                1.0 / (1 + p[0])
                + 0.15 * math.log1p(p[1].use_count)
                + 0.5 * won_by_id.get(p[1].id, 0)
            )
        ),
    )
    shortlist = []
    for _i, hit in ranked[:SHORTLIST]:
        detail = lib.assets.get(hit.id)
        shortlist.append(
            BriefAsset(
                id=hit.id,
                title=hit.title,
                type=hit.type,
                summary=_first_sentence(detail.description) or "—",
                location=(detail.url if detail.kind == "link" else detail.file_name) or "",
                uses=hit.use_count,
                won_deals=won_by_id.get(hit.id, 0),
            )
        )
    return BriefData(
        persona,
        sector,
        stage,
        account.strip(),
        questions,
        tuple(shortlist),
        found.sector if found.nearest_match else "",
    )


def write_brief(brief: BriefData, path: Path) -> None:
    if not brief.persona or not brief.stage:
        raise ValidationError("A brief needs a persona and a stage.")
    who = brief.account or brief.persona
    doc = new_report(f"Pre-call brief: {who}", f"{brief.persona} · {brief.sector} · {brief.stage}")
    cover(
        doc,
        f"Pre-call brief: {who}",
        f"{brief.persona} · {brief.sector} · {brief.stage} stage",
        [f"Prepared on {months(utcnow().date())} with smkdesk"],
    )
    doc.add_heading(f"What a {brief.persona} is likely asking now", level=1)
    if not brief.questions:
        doc.add_paragraph("No workshop questions are mapped to this stage yet.")
    for q in brief.questions:
        p = doc.add_paragraph()
        p.add_run(q.text).bold = True
        for label, notes in (("Sales", q.sales), ("Marketing", q.marketing)):
            for note in notes:
                doc.add_paragraph(f"{label}: {note}", style="List Bullet")
        if not (q.sales or q.marketing):
            line = doc.add_paragraph("No answer from a workshop yet.")
            line.runs[0].font.color.rgb = MUTED
    doc.add_heading("Content to have ready", level=1)
    if brief.nearest_sector:
        doc.add_paragraph(
            f"Nothing for a {brief.persona} at the {brief.stage} stage is tagged "
            f"{brief.sector} yet; these are the nearest match, from {brief.nearest_sector}."
        )
    if not brief.assets:
        doc.add_paragraph("No published content fits this context yet: ask marketing.")
    else:
        rows = [
            (
                a.title,
                a.type or "",
                a.location,
                f"{a.uses} use{'s' if a.uses != 1 else ''}"
                + (f", {a.won_deals} won" if a.won_deals else ""),
            )
            for a in brief.assets
        ]
        t = table(doc, ("Asset", "Type", "Where", "Track record"), rows, (8.0, 2.8, 3.9, 2.3))
        for row, asset in zip(t.rows[1:], brief.assets, strict=True):
            line = row.cells[0].paragraphs[0]
            line.runs[0].bold = True
            summary = row.cells[0].add_paragraph()
            summary.paragraph_format.space_after = Pt(2)
            run = summary.add_run(asset.summary)
            run.font.size, run.font.color.rgb = Pt(9), MUTED
    save_atomically(doc, path)
