"""The pre-call brief (.docx) a rep reads before a call: the questions a buyer
of this persona is likely asking at this stage, with the team's answers from
workshops, and a shortlist of the best assets for that context (ranked by
fit, use by other reps and use in won deals), each with a one-line summary and
where to find it. One or two pages."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Pt
from sqlalchemy import func, select

from smkdesk.core.catalogue.dto import AssetDetail
from smkdesk.core.catalogue.models import Asset
from smkdesk.core.errors import ValidationError
from smkdesk.core.journeys.coverage import keywords
from smkdesk.core.reports.docx_kit import MUTED, cover, months, new_report, save_atomically, table
from smkdesk.core.reports.source import ReportSource
from smkdesk.core.search.dto import SearchQuery
from smkdesk.core.usage.models import UsageEvent
from smkdesk.core.util.textclean import one_line
from smkdesk.core.util.timeutil import local_text, local_today

SHORTLIST = 6
TEXT_ONLY_MAX = 2  # assets that match only by their words, after the tagged ones
SENT_ACTIONS = ("sent", "presented")
MAX_SENT = 8
SUMMARY_CHARS = 220
NOT_TAGGED = "not tagged for this context"


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
    status: str = "published"
    why: str = ""  # why it is on the shortlist, in a few words
    tagged: bool = True  # False: it matches only by text ("not tagged for this context")
    sent_at: datetime | None = None  # last sent to (or presented at) the brief's account


@dataclass(frozen=True)
class BriefSent:
    """Something a rep already sent to (or presented at) the account."""

    asset_id: int
    title: str
    action: str  # "sent", "sent, presented (3×)"
    when: datetime  # the last time, naive UTC as stored
    by: str


@dataclass(frozen=True)
class BriefData:
    persona: str
    sector: str
    stage: str
    account: str
    questions: tuple[BriefQuestion, ...]
    assets: tuple[BriefAsset, ...]
    nearest_sector: str  # where the shortlist came from when the sector had none ("" if exact)
    sent: tuple[BriefSent, ...] = ()  # to the account, newest first (empty without one)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.{20,220}?[.!?])(\s|$)", text)
    return match.group(1) if match else text[:220]


_BULLET = re.compile(r"^(?:[-*•–·▪►]+|\d{1,2}[.)])\s+")
_SENTENCE = re.compile(r".+?[.!?](?=\s|$)")


def summary_from_text(text: str, title: str = "") -> str:
    """The first meaningful sentence(s) of an asset's text: headings, labels,
    the title and lines without a verb's worth of words are skipped; the
    result stays under ~220 characters and ends on a whole word."""
    seen_title = " ".join(title.lower().split())
    for raw in text.splitlines():
        line = _BULLET.sub("", " ".join(raw.replace("\u00ad", "").split())).strip(" #>|")
        if not line or line.lower() == seen_title or line.lower().startswith(seen_title + " "):
            if seen_title and line.lower().startswith(seen_title + " "):
                line = line[len(seen_title) :].strip(" :–-")
            else:
                continue
        words = line.split()
        if len(words) < 6 or sum(c.isalpha() for c in line) < len(line) // 2:
            continue  # a heading, a label, a table row of figures
        out = ""
        for sentence in _SENTENCE.findall(line) or [line]:
            if out and len(out) + len(sentence) + 1 > SUMMARY_CHARS:
                break
            out = f"{out} {sentence.strip()}".strip()
        if len(out) > SUMMARY_CHARS:
            out = out[:SUMMARY_CHARS].rsplit(" ", 1)[0].rstrip(",;:–-") + "…"
        return out
    return ""


def _sector_fit(asset_sectors: tuple[str, ...], sector: str) -> tuple[float, str, str]:
    """How well an asset's sectors fit the brief's: (fit, the words that say
    so, the sector it shares with the brief when it is not tagged with it).
    1 for the sector or one below it; 0.75 for one above it; 0.5 beside it
    under the same parent; 0.25 for content tagged with no sector (it fits
    any); 0 for other sectors only."""
    if not asset_sectors:
        return 0.25, "any sector", ""
    best: tuple[float, str, str] = (0.0, f"{', '.join(asset_sectors[:2])} (another sector)", "")
    for path in asset_sectors:
        if path == sector or path.startswith(sector + "/"):
            return 1.0, path, ""
        if sector.startswith(path + "/") and best[0] < 0.75:
            best = (0.75, f"{path} (parent sector)", path)
        common = _common_parent(path, sector)
        if common and best[0] < 0.5:
            best = (0.5, f"{path} (nearest match)", common)
    return best


def _common_parent(a: str, b: str) -> str:
    shared = []
    for x, y in zip(a.split("/"), b.split("/"), strict=False):
        if x != y:
            break
        shared.append(x)
    return "/".join(shared)


def _workshop_fit(
    personas: tuple[str, ...], sectors: tuple[str, ...], persona: str, sector: str
) -> int:
    """2: the workshop maps this persona and this sector (or one above or below
    it; a workshop that maps none counts as mapping all); 1: one of them; 0."""
    for_persona = not personas or persona in personas
    for_sector = not sectors or any(
        s == sector or sector.startswith(s + "/") or s.startswith(sector + "/") for s in sectors
    )
    return int(for_persona) + int(for_sector)


@dataclass
class _Pick:
    """A shortlist candidate while it is being ranked."""

    id: int
    tier: int  # 0 linked in a workshop for this context, 1 tagged, 2 text only
    score: float
    why: str
    status: str = "published"


def _track(uses: int, won: int) -> float:
    return 0.3 * math.log1p(uses) + 0.6 * math.log1p(won)


def brief_data(
    lib: ReportSource, persona: str, sector: str, stage: str, account: str = ""
) -> BriefData:
    """What the brief says. The shortlist ranks as a rep would: first what
    workshops for this persona and sector linked to this stage's questions;
    then content tagged for the stage with the persona and the sector (a
    parent or sibling sector counts less), by fit, use and use in won deals;
    then, to fill the list, content that matches the questions' words only,
    marked as not tagged for this context. Retired content never; drafts
    only after published content, labelled."""
    for dim, value in (("persona", persona), ("sector", sector), ("stage", stage)):
        lib.taxonomy.find(dim, value)  # unknown values: a clear ValidationError
    template = lib.templates.all()[0]
    drafts = [s for s in template.stages if (s.stage or s.name).lower() == stage.lower()]
    texts = list(drafts[0].questions) if drafts else []
    answers: dict[str, tuple[list[str], list[str]]] = {t: ([], []) for t in texts}
    workshops = [lib.journeys.workshop(w.id) for w in lib.journeys.workshops()]
    fits = {w.id: _workshop_fit(w.personas, w.sectors, persona, sector) for w in workshops}
    relevant = [w for w in workshops if fits[w.id]] or workshops
    relevant.sort(key=lambda w: -fits[w.id])
    picks: dict[int, _Pick] = {}
    for w in relevant:
        for st in w.stages:
            if st.name.lower() != stage.lower():
                continue
            for q in st.questions:
                sales, marketing = answers.setdefault(q.text, ([], []))
                for a in sorted(q.answers, key=lambda a: -a.votes):
                    (sales if a.side == "sales" else marketing).append(a.text)
                for linked in q.assets:
                    if linked.status == "retired" or linked.id in picks or not fits[w.id]:
                        continue
                    picks[linked.id] = _Pick(
                        linked.id,
                        0 if fits[w.id] == 2 else 1,
                        1.0 + fits[w.id],
                        f"linked in ‘{w.name}’ to: {q.text}",
                        linked.status,
                    )
    questions = tuple(BriefQuestion(t, tuple(s[:3]), tuple(m[:3])) for t, (s, m) in answers.items())

    won, _lost = lib.usage.influence(top=1000)
    won_by_id = {r.asset_id: r.deals for r in won}
    tagged = lib.search(
        SearchQuery(
            stages=(stage,), statuses=("published", "draft"), limit=300, with_snippets=False
        )
    ).hits
    nearest: dict[int, str] = {}  # asset id -> the sector shared with the brief's
    exact_sector = False
    for hit in tagged:
        persona_fit = 1.0 if persona in hit.personas else (0.25 if not hit.personas else 0.0)
        sector_fit, sector_words, near = _sector_fit(hit.sectors, sector)
        if persona_fit + sector_fit < 1.0:
            continue
        both = persona_fit > 0 and sector_fit > 0  # well tagged, not for another persona or sector
        fit = persona_fit + sector_fit + (2.0 if both else 0.0)
        exact_sector |= sector_fit == 1
        if near:
            nearest[hit.id] = near
        pick = picks.get(hit.id)
        if pick is not None:
            pick.score += fit
            continue
        persona_words = persona if persona_fit == 1 else "any persona"
        if not persona_fit:
            persona_words = f"{', '.join(hit.personas[:2])} (another persona)"
        why = "tagged " + " · ".join((persona_words, sector_words, stage))
        picks[hit.id] = _Pick(hit.id, 1, fit, why, hit.status)

    # the context's own names are in every tagged asset's text: they say nothing here
    context = {w.lower() for name in (persona, sector, stage) for w in re.split(r"[\W_]+", name)}
    said = [*answers, *(n for s, m in answers.values() for n in (*s, *m))]
    terms = [t for t in keywords(said) if t not in context]
    if terms:
        by_text = lib.search(
            SearchQuery(
                text=" OR ".join(terms), statuses=("published",), limit=30, with_snippets=False
            )
        ).hits
        for hit in [h for h in by_text if h.id not in picks][:TEXT_ONLY_MAX]:
            picks[hit.id] = _Pick(hit.id, 2, 0.0, NOT_TAGGED, hit.status)

    uses = {hit.id: hit.use_count for hit in tagged}
    details: dict[int, AssetDetail] = {}
    for pick in picks.values():
        if pick.id not in uses:
            details[pick.id] = lib.assets.get(pick.id)
            uses[pick.id] = details[pick.id].use_count
    ranked = sorted(
        picks.values(),
        key=lambda p: (
            p.tier,
            p.status != "published",
            -(p.score + _track(uses[p.id], won_by_id.get(p.id, 0))),
        ),
    )
    tagged_first = [p for p in ranked if p.tier < 2][:SHORTLIST]
    chosen = tagged_first + [p for p in ranked if p.tier == 2][: SHORTLIST - len(tagged_first)]

    sent = _sent_to(lib, account) if account.strip() else ()
    last_sent: dict[int, datetime] = {}
    for event in sent:
        last_sent.setdefault(event.asset_id, event.when)
    shortlist = []
    for pick in chosen:
        detail = details.get(pick.id) or lib.assets.get(pick.id)
        summary = _first_sentence(detail.description) if detail.description.strip() else ""
        summary = summary or summary_from_text(detail.text_preview, detail.title) or "—"
        shortlist.append(
            BriefAsset(
                id=detail.id,
                title=detail.title,
                type=detail.type,
                summary=summary,
                location=(detail.url if detail.kind == "link" else detail.file_name) or "",
                uses=detail.use_count,
                won_deals=won_by_id.get(detail.id, 0),
                status=detail.status,
                why=pick.why,
                tagged=pick.tier < 2,
                sent_at=last_sent.get(detail.id),
            )
        )
    chosen_near = [nearest[p.id] for p in chosen if p.id in nearest]
    return BriefData(
        persona,
        sector,
        stage,
        account.strip(),
        questions,
        tuple(shortlist),
        chosen_near[0] if chosen_near and not exact_sector else "",
        sent,
    )


def _sent_to(lib: ReportSource, account: str) -> tuple[BriefSent, ...]:
    """What reps logged as sent to (or presented at) the account: one line per
    asset, newest first, with how often."""
    name = one_line(account).lower()  # stored accounts went through one_line too
    with lib.db.reader() as s:
        rows = s.execute(
            select(
                UsageEvent.asset_id,
                Asset.title,
                UsageEvent.action,
                UsageEvent.occurred_at,
                UsageEvent.user_name,
            )
            .join(Asset, Asset.id == UsageEvent.asset_id)
            .where(
                func.lower(UsageEvent.account) == name,
                UsageEvent.action.in_(SENT_ACTIONS),
            )
            .order_by(UsageEvent.occurred_at.desc(), UsageEvent.id.desc())
            .limit(MAX_SENT * 20)
        ).all()
    first: dict[int, BriefSent] = {}
    actions: dict[int, list[str]] = {}
    for asset_id, title, action, when, by in rows:
        first.setdefault(asset_id, BriefSent(asset_id, title, action, when, by or ""))
        actions.setdefault(asset_id, []).append(action)
    out = []
    for asset_id, event in list(first.items())[:MAX_SENT]:
        done = actions[asset_id]
        what = ", ".join(a for a in SENT_ACTIONS if a in done)
        times = len(done)
        out.append(replace(event, action=what + (f" ({times}×)" if times > 1 else "")))
    return tuple(out)


def write_brief(brief: BriefData, path: Path) -> None:
    if not brief.persona or not brief.stage:
        raise ValidationError("A brief needs a persona and a stage.")
    who = brief.account or brief.persona
    doc = new_report(f"Pre-call brief: {who}", f"{brief.persona} · {brief.sector} · {brief.stage}")
    cover(
        doc,
        f"Pre-call brief: {who}",
        f"{brief.persona} · {brief.sector} · {brief.stage} stage",
        [f"Prepared on {months(local_today())} with smkdesk"],
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
    if brief.account and not brief.sent:
        empty = doc.add_paragraph(
            f"Nothing is logged as sent to {brief.account} yet: all of this is new to them."
        )
        empty.runs[0].font.color.rgb = MUTED
    if brief.nearest_sector:
        doc.add_paragraph(
            f"Nothing for a {brief.persona} at the {brief.stage} stage is tagged "
            f"{brief.sector} yet; these are the nearest match, from {brief.nearest_sector}."
        )
    if not brief.assets:
        doc.add_paragraph("No published content fits this context yet: ask marketing.")
        _sent_section(doc, brief)
        save_atomically(doc, path)
        return
    rows = [
        (
            a.title + ("  [Draft]" if a.status == "draft" else ""),
            a.type or "",
            a.location,
            _track_record(a),
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
        why = row.cells[0].add_paragraph()
        why.paragraph_format.space_after = Pt(2)
        run = why.add_run(
            ("Why: " + asset.why)
            if asset.tagged
            else f"Not tagged for this context: {NOT_TAGGED_WHY}"
        )
        run.italic = True
        run.font.size, run.font.color.rgb = Pt(8), MUTED
    _sent_section(doc, brief)
    save_atomically(doc, path)


def _sent_section(doc: DocxDocument, brief: BriefData) -> None:
    """What the account already has, so the rep sends something new."""
    if not brief.sent:
        return
    doc.add_heading(f"Already sent to {brief.account}", level=1)
    rows = [(e.title, e.action, local_text(e.when), e.by or "—") for e in brief.sent]
    table(doc, ("Asset", "What", "When (local time)", "By"), rows, (8.0, 2.4, 3.6, 3.0))


NOT_TAGGED_WHY = "it matches the words of this stage's questions; check it fits before you send it."


def _track_record(a: BriefAsset) -> str:
    text = f"{a.uses} use{'s' if a.uses != 1 else ''}" + (
        f", {a.won_deals} won" if a.won_deals else ""
    )
    if a.sent_at is not None:
        text += f"; sent to this account {local_text(a.sent_at)}"
    return text
