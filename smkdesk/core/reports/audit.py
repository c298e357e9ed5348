"""The content audit report (.docx): summary figures, the stage × persona
coverage map with its gaps, the unused-content queue with reasons, the top
content requests and the retirements of the period. Written for a marketing
lead to send to the sales lead as it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from smkdesk.core.reports.docx_kit import (
    GAP_FILL,
    MUTED,
    cover,
    figure_cards,
    months,
    new_report,
    save_atomically,
    set_text,
    set_widths,
    shade,
    table,
)
from smkdesk.core.reports.source import ReportSource
from smkdesk.core.usage.dashboard_types import Coverage, DashboardFilters, Figures
from smkdesk.core.usage.review import ReviewItem, ReviewSettings
from smkdesk.core.util.numbers import percent_of
from smkdesk.core.util.timeutil import local_date, local_today

TITLE = "Content audit"
MAX_QUEUE_ROWS = 40
MAX_REQUESTS = 15
WIDTH_CM = 17.0  # A4 portrait text width with 2 cm margins


@dataclass(frozen=True)
class AuditSummary:
    path: Path
    published: int
    unused: int
    open_requests: int
    gaps: int
    retired: int


def _day(value: date | datetime | None) -> str:
    return local_date(value, "never")  # a stored instant as its local day


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def write_audit_report(
    lib: ReportSource,
    path: Path,
    today: date | None = None,
    days: int = 90,
) -> AuditSummary:
    today = today or local_today()
    start = today - timedelta(days=days - 1)
    rules = ReviewSettings(unused_days=days, stale_days=days)
    period = DashboardFilters(start=start, end=today)
    figures = lib.dashboard.figures(period, today, rules)
    coverage = lib.dashboard.coverage()
    queue = lib.review.queue(rules, today)
    requests = [r for r in lib.requests.list_requests("open")][:MAX_REQUESTS]
    retired = [
        r for r in lib.lifecycle.retired() if r.retired_at is None or r.retired_at.date() >= start
    ]

    doc = new_report(TITLE, lib.path.name)
    cover(
        doc,
        TITLE,
        f"{lib.path.name} — what sales uses, what it misses, what to retire",
        [
            f"Period: {months(start)} to {months(today)} ({days} days)",
            f"Prepared on {months(today)} with smkdesk",
        ],
    )
    _summary(doc, figures, coverage, days)
    _coverage(doc, coverage)
    _queue(doc, queue, days)
    _requests(doc, requests)
    _retirements(doc, retired)
    save_atomically(doc, path)
    return AuditSummary(
        Path(path),
        figures.published,
        figures.unused,
        figures.open_requests,
        len(coverage.gaps),
        len(retired),
    )


def _summary(doc: Document, f: Figures, coverage: Coverage, days: int) -> None:
    doc.add_heading("Summary", level=1)
    figure_cards(
        doc,
        [
            (str(f.published), "assets published"),
            (percent_of(f.used_recently, f.published), f"used in the last {days} days"),
            (str(f.unused), "unused"),
            (str(f.open_requests), "content requests open"),
            (str(f.past_review), "past their review date"),
        ],
        WIDTH_CM,
    )
    gaps = _gap_names(coverage)
    text = (
        f"Of {_plural(f.published, 'published asset')}, {f.used_recently} "
        f"({percent_of(f.used_recently, f.published)}) were used by sales in the last {days} days. "
        f"{_plural(f.unused, 'asset')} went unused and {f.past_review} "
        f"{'is' if f.past_review == 1 else 'are'} past the review date; they are listed below "
        "for a decision: retire, refresh or keep. "
    )
    if f.open_requests:
        text += (
            f"Reps searched for {_plural(f.open_requests, 'thing')} the library does not have; "
            "the most frequent are listed as content requests. "
        )
    if gaps:
        text += f"The coverage map shows {_plural(len(gaps), 'gap')}: {', '.join(gaps[:4])}"
        text += " and more." if len(gaps) > 4 else "."
    else:
        text += "Every buyer-journey stage has content for every persona."
    doc.add_paragraph(text)


def _gap_names(coverage: Coverage) -> list[str]:
    names = []
    for i, stage in enumerate(coverage.stages):
        for j, persona in enumerate(coverage.personas):
            if coverage.counts[i][j] == 0 and stage.id is not None and persona.id is not None:
                names.append(f"{stage.name} content for {persona.name}")
    return names


def _blue(n: int, top: int) -> str:
    """A fill from pale to strong blue, by share of the largest cell."""
    t = n / top if top else 0
    low, high = (0xE3, 0xEE, 0xF8), (0x4A, 0x8F, 0xC8)
    return "".join(f"{round(a + (b - a) * t):02X}" for a, b in zip(low, high, strict=True))


def _coverage(doc: Document, coverage: Coverage) -> None:
    doc.add_heading("Coverage by buyer-journey stage and persona", level=1)
    doc.add_paragraph(
        "Published assets for each persona at each stage. A gap is a conversation sales "
        "has to have without content; it is the first place to invest."
    )
    if not coverage.stages or not coverage.personas:
        doc.add_paragraph("No stages or personas are defined yet.")
        return
    t = doc.add_table(rows=1 + len(coverage.personas), cols=1 + len(coverage.stages))
    t.style = doc.styles["Table Grid"]
    t.autofit = False
    first = 5.0
    other = (WIDTH_CM - first) / len(coverage.stages)
    top = max((max(row) for row in coverage.counts if row), default=0)
    set_text(t.cell(0, 0), "Persona \\ stage", bold=True, size=9.5)
    shade(t.cell(0, 0), "E8EEF5")
    for j, stage in enumerate(coverage.stages):
        cell = t.cell(0, j + 1)
        shade(cell, "E8EEF5")
        set_text(cell, stage.name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=9.5)
    for i, persona in enumerate(coverage.personas):
        set_text(t.cell(i + 1, 0), persona.name, size=9.5)
        for j, _stage in enumerate(coverage.stages):
            n = coverage.counts[j][i]
            cell = t.cell(i + 1, j + 1)
            if n == 0:
                shade(cell, GAP_FILL)
                set_text(cell, "gap", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=9.5)
            else:
                shade(cell, _blue(n, top))
                set_text(cell, str(n), align=WD_ALIGN_PARAGRAPH.CENTER, size=9.5)
    set_widths(t, [first] + [other] * len(coverage.stages))
    note = doc.add_paragraph("Darker cells hold more content; “gap” cells hold none.")
    note.runs[0].font.color.rgb = MUTED


def _queue(doc: Document, queue: tuple[ReviewItem, ...], days: int) -> None:
    doc.add_heading("Unused and stale content", level=1)
    if not queue:
        doc.add_paragraph(
            f"Nothing to review: every published asset was used in the last {days} days, is "
            "within its review date and is rated helpful."
        )
        return
    doc.add_paragraph(
        f"{_plural(len(queue), 'asset')} for the owners to decide on, with why each is listed. "
        "Retiring is reversible and keeps the history."
    )
    rows = [
        (
            i.title,
            i.type or "",
            i.owner or "—",
            "; ".join(r.text for r in i.reasons),
            _day(i.last_used),
        )
        for i in queue[:MAX_QUEUE_ROWS]
    ]
    widths = (4.6, 2.7, 2.6, 5.0, 2.1)
    table(doc, ("Asset", "Type", "Owner", "Why", "Last used"), rows, widths)
    if len(queue) > MAX_QUEUE_ROWS:
        doc.add_paragraph(
            f"…and {len(queue) - MAX_QUEUE_ROWS} more. The full list is in smkdesk "
            "(Review) or as a spreadsheet: smkdesk export unused --out unused.csv."
        )


def _requests(doc: Document, requests: list) -> None:  # type: ignore[type-arg]
    doc.add_heading("What sales looked for and did not find", level=1)
    if not requests:
        doc.add_paragraph(
            "No open content requests: reps found something for every search in the period."
        )
        return
    doc.add_paragraph(
        "Searches that returned nothing, grouped by their words and filters, most frequent first."
    )
    rows = [
        (r.text or "(filters only)", r.stage or "any", r.persona or "any", r.sector or "any",
         str(r.searches), _day(r.last_searched))
        for r in requests
    ]  # fmt: skip
    table(
        doc,
        ("Searched for", "Stage", "Persona", "Sector", "Times", "Last"),
        rows,
        (4.6, 2.4, 2.6, 2.6, 1.6, 2.2),
        numeric=(4,),
    )


def _retirements(doc: Document, retired: list) -> None:  # type: ignore[type-arg]
    doc.add_heading("Retired in this period", level=1)
    if not retired:
        doc.add_paragraph("No content was retired in this period.")
        return
    rows = [(r.title, _day(r.retired_at), r.retired_by or "—", r.reason or "—") for r in retired]
    table(doc, ("Asset", "Retired", "By", "Reason"), rows, (5.6, 2.4, 2.8, 6.2))
