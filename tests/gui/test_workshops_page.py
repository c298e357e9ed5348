"""The workshop board: cards per question, the question panel saves at once."""

from __future__ import annotations

from datetime import date

import pytest

from smkdesk.core.journey_types import Participant
from smkdesk.gui.context import AppContext
from smkdesk.gui.journeys.page import WorkshopsPage

pytestmark = pytest.mark.gui
WAIT = 10_000


def test_board_answers_links_and_gaps(qtbot, gh, lib, app_ctx: AppContext) -> None:
    budget = gh.add_link(
        lib, "Budget planning guide for CFOs", stages=("Consideration",), personas=("CFO",)
    )
    w = lib.journeys.create_workshop(
        "Retail CFOs",
        date(2026, 9, 17),
        "Claire",
        personas=["CFO"],
        sectors=["Retail"],
        participants=[Participant("Priya", "sales")],
    )
    page = WorkshopsPage(app_ctx)
    page.resize(1400, 800)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    assert len(page.cards) == 13
    assert "13 questions, 0 with content, 13 gaps" in page.summary.text()
    question = w.stages[1].questions[0]  # budget setting process
    page.select_question(question.id)
    panel = page.panel
    assert panel.title.text() == "Where is the buyer in their budget setting process?"

    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        panel.add_answer("sales", "Budgets are set in Q3")
    assert [a.text for a in lib.journeys.workshop(w.id).question(question.id).answers] == [
        "Budgets are set in Q3"
    ]
    assert panel.answers.item(0).text() == "Sales: Budgets are set in Q3"

    qtbot.waitUntil(lambda: panel.suggestions.count() > 0, timeout=WAIT)
    qtbot.waitUntil(
        lambda: panel.suggestions.item(0).text().startswith("Budget planning guide"), timeout=WAIT
    )
    panel.suggestions.setCurrentRow(0)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        panel.link_suggestion()
    assert [a.id for a in lib.journeys.workshop(w.id).question(question.id).assets] == [budget]
    assert "12 gaps" in page.summary.text()

    decision = w.stages[2].questions[1]
    page.select_question(decision.id)
    panel.owner.setText("Hannah")
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        panel.needed.setChecked(True)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        panel.vote_gap()
    got = lib.journeys.workshop(w.id).question(decision.id)
    assert got.content_needed and got.gap_votes == 1 and got.action_owner == "Hannah"
    assert [r.text for r in lib.requests.list_requests()] == [decision.text]
    page.grab()
    gh.dispose(qtbot, app_ctx, page)


def test_empty_state(qtbot, gh, app_ctx: AppContext) -> None:
    page = WorkshopsPage(app_ctx)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    assert page.empty.isVisible() and "New workshop" in page.empty.text()
    gh.dispose(qtbot, app_ctx, page)


def test_presentation_mode_and_coverage(qtbot, gh, lib, app_ctx: AppContext) -> None:
    from PySide6.QtCore import Qt

    from smkdesk.gui.journeys.coverage import CoverageDialog
    from smkdesk.gui.journeys.presentation import PresentationWindow

    guide = gh.add_link(lib, "Evidence pack", stages=("Decision",))
    orphan = gh.add_link(lib, "Unlinked blog")
    w = lib.journeys.create_workshop("CFO", date(2026, 9, 1), personas=["CFO"])
    evidence = w.stages[2].questions[0]
    lib.journeys.add_answer(evidence.id, "sales", "References with numbers")
    lib.journeys.link_asset(evidence.id, guide)
    w = lib.journeys.workshop(w.id)

    show = PresentationWindow(w)
    qtbot.addWidget(show)
    assert show.heading.text() == "Awareness" and show.clock.text() == "25:00"
    qtbot.keyClick(show, Qt.Key.Key_Right)
    qtbot.keyClick(show, Qt.Key.Key_Right)
    assert show.heading.text() == "Decision" and show.clock.text() == "20:00"
    text = show.body.toPlainText()
    assert "Sales: References with numbers" in text and "Content: Evidence pack" in text
    assert "Content: none yet — a gap" in text
    qtbot.keyClick(show, Qt.Key.Key_Space)
    assert show.timer.isActive()
    show._tick()
    assert show.clock.text() == "19:59"
    qtbot.keyClick(show, Qt.Key.Key_R)
    assert show.clock.text() == "20:00" and not show.timer.isActive()
    qtbot.keyClick(show, Qt.Key.Key_Right)  # past the last stage: stays
    assert show.heading.text() == "Decision"

    dialog = CoverageDialog(app_ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=WAIT)
    stages = [
        dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())
    ]
    personas = [dialog.table.verticalHeaderItem(r).text() for r in range(dialog.table.rowCount())]
    cell = dialog.table.item(personas.index("CFO"), stages.index("Decision"))
    assert cell.text() == "1"
    assert dialog.table.item(personas.index("CFO"), stages.index("Awareness")).text() == "gap"
    assert dialog.orphans.count() == 1 and "Unlinked blog" in dialog.orphans.item(0).text()
    assert orphan
    gh.wait_idle(qtbot, app_ctx)


def test_pack_and_brief_from_the_app(qtbot, gh, lib, app_ctx: AppContext, tmp_path) -> None:
    from docx import Document

    from smkdesk.gui.journeys.brief_dialog import BriefDialog

    gh.add_link(lib, "CFO evidence pack", stages=("Decision",), personas=("CFO",))
    lib.journeys.create_workshop("Retail CFOs", date(2026, 9, 1), personas=["CFO"])
    page = WorkshopsPage(app_ctx)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    page.write_pack(tmp_path / "pack.docx")
    qtbot.waitUntil(lambda: "Workshop pack written" in page.summary.text(), timeout=WAIT)
    assert Document(str(tmp_path / "pack.docx")).paragraphs[0].text == "Retail CFOs"

    dialog = BriefDialog(app_ctx)
    dialog.persona.setCurrentText("CFO")
    dialog.stage.setCurrentText("Decision")
    dialog.sector.setCurrentText("Retail")
    dialog.account.setText("Calder")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        dialog.write(tmp_path / "brief.docx")
    text = "\n".join(p.text for p in Document(str(tmp_path / "brief.docx")).paragraphs)
    assert "Pre-call brief: Calder" in text
    gh.dispose(qtbot, app_ctx, page)
