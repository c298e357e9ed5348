"""One way of counting a workshop's questions, used by the board, the CLI and
the pack; answers are trimmed; a gap vote marks content needed and can be
taken back; a removed answer comes back with its votes; drafts, owners and
where to find content are said in the CLI and the pack."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document

from smkdesk.cli import run
from smkdesk.core.journeys.types import question_counts
from smkdesk.core.library import Library
from smkdesk.core.reports.workshop_pack import write_workshop_pack


def _workshop(lib: Library, h) -> tuple[int, int, int]:
    """13 questions: one with two assets and Content needed (a draft among them)."""
    w = lib.journeys.create_workshop("New CFO workshop", date(2026, 12, 7), "Claire")
    q = w.stages[2].questions[0]
    published = h.add_link(lib, "Orrin proposal", stages=("Decision",))
    draft = h.add_link(lib, "Pilot plan", stages=("Decision",), status="draft")
    lib.journeys.link_asset(q.id, published)
    lib.journeys.link_asset(q.id, draft)
    lib.journeys.set_content_needed(q.id, True, "Hannah Okafor")
    return w.id, q.id, draft


def test_one_definition_of_content_and_gaps(lib: Library, h) -> None:
    wid, _qid, _draft = _workshop(lib, h)
    w = lib.journeys.workshop(wid)
    c = w.counts()
    assert (c.questions, c.with_content, c.without_content, c.more_needed) == (13, 1, 12, 1)
    assert c.gaps == 13 and c.content_needed == 1
    assert c.text() == "13 questions: 1 with content, 13 gaps (12 with no content, 1 needing more)"
    # the list of workshops counts content the same way
    assert lib.journeys.workshops()[0].covered == c.with_content
    # singular and plural
    one = question_counts(w.stages[2].questions[:1])
    assert one.text() == "1 question: 1 with content, 1 gap (1 needing more)"
    none = question_counts(w.stages[0].questions[:1])
    assert none.text() == "1 question: 0 with content, 1 gap"


def test_answers_are_trimmed(lib: Library) -> None:
    w = lib.journeys.create_workshop("W", date(2026, 12, 7))
    q = w.questions()[0]
    lib.journeys.add_answer(q.id, "sales", "They say stock-outs eat margin\n\t\n  ")
    answer = lib.journeys.workshop(w.id).question(q.id).answers[0]
    assert answer.text == "They say stock-outs eat margin"
    lib.journeys.edit_answer(answer.id, "  Stock-outs eat margin \n\n\tand trust\t")
    assert lib.journeys.workshop(w.id).question(q.id).answers[0].text == (
        "Stock-outs eat margin\nand trust"
    )


def test_a_removed_answer_comes_back_with_its_votes(lib: Library) -> None:
    w = lib.journeys.create_workshop("W", date(2026, 12, 7))
    q = w.questions()[0]
    lib.journeys.add_answer(q.id, "marketing", "Webinars")
    answer = lib.journeys.workshop(w.id).question(q.id).answers[0]
    lib.journeys.vote_answer(answer.id, 3)
    lib.journeys.delete_answer(answer.id)
    assert not lib.journeys.workshop(w.id).question(q.id).answers
    lib.journeys.add_answer(q.id, "marketing", "Webinars", votes=3)  # what Undo does
    back = lib.journeys.workshop(w.id).question(q.id).answers[0]
    assert (back.side, back.text, back.votes) == ("marketing", "Webinars", 3)


def test_a_gap_vote_marks_content_needed_and_can_be_taken_back(lib: Library) -> None:
    w = lib.journeys.create_workshop("W", date(2026, 12, 7))
    q = w.questions()[0]
    changes = lib.journeys.vote_gap(q.id)
    assert changes.requests  # it joins the content plan
    after = lib.journeys.workshop(w.id).question(q.id)
    assert after.content_needed and after.gap_votes == 1
    assert any(r.text == q.text for r in lib.requests.list_requests())
    lib.journeys.vote_gap(q.id, -1)
    lib.journeys.vote_gap(q.id, -1)  # never below zero
    after = lib.journeys.workshop(w.id).question(q.id)
    assert after.gap_votes == 0 and after.content_needed  # the tick stays


def test_cli_show_says_counts_drafts_and_owners(lib: Library, h, capsys) -> None:
    wid, _qid, _draft = _workshop(lib, h)
    assert run(["--library", str(lib.path), "journey", "show", str(wid)]) == 0
    out = capsys.readouterr().out
    assert "New CFO workshop — 7 Dec 2026, facilitated by Claire" in out
    assert "13 questions: 1 with content, 13 gaps (12 with no content, 1 needing more)" in out
    assert "Pilot plan (draft)" in out and "Orrin proposal (" not in out
    assert "more content needed: Hannah Okafor" in out
    assert "gap: no content yet" in out
    assert run(["--library", str(lib.path), "journey", "workshops"]) == 0
    assert "7 Dec 2026" in capsys.readouterr().out


def test_pack_counts_flags_and_where(lib: Library, h, tmp_path: Path) -> None:
    wid, qid, _draft = _workshop(lib, h)
    w = lib.journeys.workshop(wid)
    out = tmp_path / "pack.docx"
    write_workshop_pack(w, out)
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "1 question already has content that answers it (2 assets in all)" in text
    assert "the team asked for more on 1" in text
    # the question with content and Content needed is flagged in its stage
    assert "The team asked for more content here (Hannah Okafor)." in text
    # nobody voted: no column of zeros
    gaps = next(t for t in doc.tables if t.rows[0].cells[0].text == "Question")
    assert [c.text for c in gaps.rows[0].cells] == ["Question", "Stage", "Why"]
    assert gaps.rows[1].cells[2].text == "more needed"
    # with votes, the column shows, a dash for none
    lib.journeys.vote_gap(qid, 2)
    write_workshop_pack(lib.journeys.workshop(wid), out)
    gaps = next(t for t in Document(str(out)).tables if t.rows[0].cells[0].text == "Question")
    assert [c.text for c in gaps.rows[0].cells][-1] == "Votes"
    assert gaps.rows[1].cells[3].text == "2" and gaps.rows[2].cells[3].text == "—"
    links = next(t for t in doc.tables if t.rows[0].cells[0].text == "Content that answers it")
    assert links.rows[2].cells[0].text == "Pilot plan" and links.rows[2].cells[1].text == "Draft"


def test_coverage_says_which_personas_no_workshop_maps(lib: Library, h) -> None:
    w = lib.journeys.create_workshop("W", date(2026, 12, 7), personas=["CFO"])
    asset = h.add_link(lib, "CFO guide", stages=("Decision",))
    lib.journeys.link_asset(w.stages[2].questions[0].id, asset)
    cov = lib.journey_coverage.coverage(w.id, all_personas=True)
    assert "CFO" not in cov.unmapped
    assert set(cov.personas) - {"CFO"} == set(cov.unmapped)
