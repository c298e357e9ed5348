"""The pre-call brief's shortlist, in a real library: what workshops linked to
the stage's questions first, then what is tagged for the context (by fit, use
and won deals), then what only matches by text, marked as such. Never retired
content; drafts after published content, labelled. What was already sent to
the account, with when."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from docx import Document

from smkdesk.core.catalogue.dto import ImportOptions
from smkdesk.core.changes import User
from smkdesk.core.library import Library
from smkdesk.core.reports.brief import NOT_TAGGED, brief_data, summary_from_text, write_brief
from smkdesk.core.usage.events import UsageContext
from smkdesk.core.util.timeutil import local_text

DECISION_CFO_GROCERIES = {
    "stages": ("Decision",),
    "personas": ("CFO",),
    "sectors": ("Retail/Groceries",),
}


def _workshop(lib: Library, name: str, personas: list[str], sectors: list[str]):
    return lib.journeys.create_workshop(
        name, date(2026, 9, 17), "Claire Dubois", personas=personas, sectors=sectors
    )


def _use(lib: Library, asset: int, times: int, account: str, deal: str) -> None:
    for _ in range(times):
        lib.usage.log(asset, "sent", User("Priya"), UsageContext(account=account, opportunity=deal))


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_the_shortlist_ranks_as_a_rep_expects(lib: Library, h, tmp_path: Path) -> None:
    retail = _workshop(lib, "Retail CFO workshop", ["CFO"], ["Retail"])
    evidence = retail.stages[2].questions[0]
    lib.journeys.add_answer(evidence.id, "sales", "Retail references with numbers")
    linked = h.add_link(
        lib,
        "Harbour & Pine grows pipeline 38%",
        description="A grocery wholesaler unified sales and marketing. It grew pipeline 38%.",
        **DECISION_CFO_GROCERIES,
    )
    lib.journeys.link_asset(evidence.id, linked)
    gone = h.add_link(lib, "Old Harbour case", **DECISION_CFO_GROCERIES)
    lib.journeys.link_asset(evidence.id, gone)
    lib.lifecycle.retire([gone], "out of date")
    # a workshop for another persona and sector: its links are not this context's
    plant = _workshop(lib, "Plant managers", ["IT manager"], ["Manufacturing"])
    other = h.add_link(lib, "Factory floor story", stages=("Decision",))
    lib.journeys.link_asset(plant.stages[2].questions[0].id, other)

    used = h.add_link(lib, "Grocer ROI deck", **DECISION_CFO_GROCERIES)
    _use(lib, used, 5, "Calder Retail", "Loyalty")
    lib.usage.set_outcome("Calder Retail", "Loyalty", "won")
    parent = h.add_link(
        lib, "Retail payback model", stages=("Decision",), personas=("CFO",), sectors=("Retail",)
    )
    draft = h.add_link(lib, "Grocer pricing sheet", status="draft", **DECISION_CFO_GROCERIES)
    words_only = h.add_link(
        lib,
        "Evidence pack: retail references with numbers",
        stages=("Awareness",),
        personas=("IT manager",),
    )
    h.add_link(lib, "Generic awareness blog", stages=("Awareness",), sectors=("Retail",))
    # just imported, never used, no description: summarised from its text
    note = h.write_md(
        tmp_path / "freshmart.md",
        "Freshmart case",
        "Why grocers switch\n\nFreshmart cut the time from enquiry to quote by half across "
        "80 stores. Its finance team saw payback in seven months.\n\nMore detail follows here "
        "for readers who want every figure.",
    )
    fresh = lib.assets.import_files([note], ImportOptions(**DECISION_CFO_GROCERIES)).outcomes[0]
    assert fresh.asset_id is not None

    brief = brief_data(lib, "CFO", "Retail/Groceries", "Decision", "Calder Retail")
    titles = [a.title for a in brief.assets]
    assert titles == [
        "Harbour & Pine grows pipeline 38%",  # linked in a workshop for CFO · Retail
        "Grocer ROI deck",  # tagged, used 5 times, in a won deal
        "Freshmart case",  # tagged, never used
        "Retail payback model",  # tagged with the parent sector
        "Grocer pricing sheet",  # a draft: after the published ones
        "Evidence pack: retail references with numbers",  # words only
    ]
    by_title = {a.title: a for a in brief.assets}
    assert "Retail CFO workshop" in by_title["Harbour & Pine grows pipeline 38%"].why
    assert by_title["Grocer ROI deck"].won_deals == 1 and by_title["Grocer ROI deck"].uses == 5
    assert by_title["Grocer pricing sheet"].status == "draft"
    assert not by_title["Evidence pack: retail references with numbers"].tagged
    assert all(a.tagged for a in brief.assets[:-1])
    assert "Retail (parent sector)" in by_title["Retail payback model"].why
    assert by_title["Freshmart case"].summary == (
        "Freshmart cut the time from enquiry to quote by half across 80 stores. "
        "Its finance team saw payback in seven months."
    )
    assert {gone, other} & {a.id for a in brief.assets} == set()
    assert brief.nearest_sector == ""
    # already sent to the account: once per asset, with how often and when
    assert [(s.title, s.action) for s in brief.sent] == [("Grocer ROI deck", "sent (5×)")]
    assert by_title["Grocer ROI deck"].sent_at == brief.sent[0].when

    out = tmp_path / "brief.docx"
    write_brief(brief, out)
    text = _text(out)
    headings = [p.text for p in Document(str(out)).paragraphs if p.style.name.startswith("Head")]
    assert headings == [
        "What a CFO is likely asking now",
        "Content to have ready",
        "Already sent to Calder Retail",
    ]
    assert local_text(brief.sent[0].when) in text
    assert "Grocer pricing sheet  [Draft]" in text
    assert NOT_TAGGED.capitalize() in text
    assert "sent to this account" in text
    assert words_only in {a.id for a in brief.assets} and draft and parent and used


def test_the_brief_file_gets_normal_permissions(lib: Library, tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    write_brief(brief_data(lib, "CFO", "Retail", "Decision"), out)
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # like any saved file, not 0600


def test_partial_tags_rank_after_full_ones_and_sectors_fall_back(lib: Library, h) -> None:
    full = h.add_link(lib, "Groceries CFO case", **DECISION_CFO_GROCERIES)
    other_sector = h.add_link(
        lib, "SaaS CFO case", stages=("Decision",), personas=("CFO",), sectors=("Technology",)
    )
    _use(lib, other_sector, 9, "Stackwise", "Renewal")
    lib.usage.set_outcome("Stackwise", "Renewal", "won")
    brief = brief_data(lib, "CFO", "Retail/Groceries", "Decision", "Nobody Yet")
    assert [a.id for a in brief.assets][:2] == [full, other_sector]
    assert "Technology (another sector)" in brief.assets[1].why
    assert brief.sent == ()

    fashion = brief_data(lib, "CFO", "Retail/Fashion", "Decision")
    assert fashion.assets[0].id == full and fashion.nearest_sector == "Retail"


def test_summary_from_text_skips_headings_and_cuts_on_a_word() -> None:
    text = "QUARTERLY REVIEW\n\n• Revenue grew in every region we serve this year.\nShort line"
    assert summary_from_text(text) == "Revenue grew in every region we serve this year."
    long = "Word " * 100 + "end."
    summary = summary_from_text(long)
    assert len(summary) <= 221 and summary.endswith("…") and " Wor…" not in summary
    assert summary_from_text("Title only\n\n1 2 3 4 5 6 7 8") == ""
