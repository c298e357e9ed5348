"""The Workshops page by keyboard and in the room: unique access keys, an
answer dialog that Enter submits, answers corrected and removed with Undo,
gap votes taken back, cards that follow the theme, a presentation clock per
stage, drafts labelled, the last workshop reopened, coverage said plainly."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from smkdesk.gui.context import AppContext
from smkdesk.gui.journeys.answer_dialog import AnswerDialog
from smkdesk.gui.journeys.board import card_facts
from smkdesk.gui.journeys.page import WorkshopsPage
from smkdesk.gui.journeys.presentation import PresentationWindow, gap_colour
from smkdesk.gui.theme import dark_palette, light_palette

pytestmark = pytest.mark.gui
WAIT = 10_000
MENU_KEYS = set("feavth")  # File, Edit, Asset, View, Tools, Help


def _page(qtbot, app_ctx: AppContext) -> WorkshopsPage:
    page = WorkshopsPage(app_ctx)
    page.resize(1400, 800)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=WAIT)
    return page


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def test_access_keys_are_unique_and_leave_the_menus_alone(qtbot, gh, lib, app_ctx) -> None:
    lib.journeys.create_workshop("Retail CFOs", date(2026, 9, 17))
    page = _page(qtbot, app_ctx)
    keys: dict[str, str] = {}
    widgets = [*page.findChildren(QAbstractButton), *page.findChildren(QLabel)]
    for widget in widgets:
        key = _mnemonic(widget.text())
        if key is None:
            continue
        assert key not in MENU_KEYS, widget.text()
        assert key not in keys, (widget.text(), keys.get(key))
        keys[key] = widget.text()
    assert keys["n"] == "&New workshop…" and keys["x"] == "E&xport pack…"
    assert keys["c"].startswith("&Content needed")
    gh.dispose(qtbot, app_ctx, page)


def test_answer_dialog_enter_submits_and_text_is_trimmed(qtbot, gh, lib, app_ctx) -> None:
    w = lib.journeys.create_workshop("Retail CFOs", date(2026, 9, 17))
    q = w.questions()[0]
    page = _page(qtbot, app_ctx)
    dialog = page.panel.add_answer("sales")
    assert isinstance(dialog, AnswerDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    assert dialog.focusWidget() is dialog.edit
    assert _mnemonic(dialog.ok.text()) == "a" and dialog.ok.isDefault()
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)  # nothing typed: said inline
    assert dialog.isVisible() and dialog.error.text()
    qtbot.keyClicks(dialog.edit, "They say stock-outs eat margin")
    assert not dialog.error.text()
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(dialog.edit, "and trust ")
    assert dialog.edit.toPlainText() == "They say stock-outs eat margin\nand trust "
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Tab)  # moves on, types nothing
    assert "\t" not in dialog.edit.toPlainText() and dialog.focusWidget() is not dialog.edit
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    answers = lib.journeys.workshop(w.id).question(q.id).answers
    assert [a.text for a in answers] == ["They say stock-outs eat margin\nand trust"]

    # Ctrl+Enter submits too; Escape cancels
    dialog = page.panel.add_answer("marketing")
    qtbot.keyClicks(dialog.edit, "Webinars")
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = page.panel.add_answer("marketing")
    qtbot.keyClicks(dialog.edit, "Never mind")
    with qtbot.waitSignal(dialog.rejected, timeout=WAIT):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)
    gh.wait_idle(qtbot, app_ctx)
    assert len(lib.journeys.workshop(w.id).question(q.id).answers) == 2
    gh.dispose(qtbot, app_ctx, page)


def test_answers_are_corrected_and_removed_with_undo(qtbot, gh, lib, app_ctx, monkeypatch) -> None:
    w = lib.journeys.create_workshop("Retail CFOs", date(2026, 9, 17))
    q = w.questions()[0]
    lib.journeys.add_answer(q.id, "sales", "Stock outs")
    answer = lib.journeys.workshop(w.id).question(q.id).answers[0]
    lib.journeys.vote_answer(answer.id, 2)
    page = _page(qtbot, app_ctx)
    panel = page.panel
    offers: list[tuple[str, object]] = []
    page.undo_offered.connect(lambda text, fn: offers.append((text, fn)))
    panel.answers.setCurrentRow(0)
    dialog = panel.edit_answer()  # as a double-click or Enter on the answer does
    assert dialog is not None and dialog.edit.toPlainText() == "Stock outs"
    assert dialog.windowTitle() == "Edit the sales answer"
    dialog.edit.selectAll()
    qtbot.keyClicks(dialog.edit, "Stock-outs eat margin")
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    after = lib.journeys.workshop(w.id).question(q.id).answers
    assert [(a.text, a.votes) for a in after] == [("Stock-outs eat margin", 2)]

    panel.answers.setFocus()
    panel.answers.setCurrentRow(0)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(panel.answers, Qt.Key.Key_Delete)
    assert not lib.journeys.workshop(w.id).question(q.id).answers
    ((text, undo),) = offers
    assert text == "Removed the sales answer ‘Stock-outs eat margin’ and its 2 votes"
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        undo()  # type: ignore[operator]
    back = lib.journeys.workshop(w.id).question(q.id).answers
    assert [(a.side, a.text, a.votes) for a in back] == [("sales", "Stock-outs eat margin", 2)]

    # where no status bar offers Undo, Remove asks first
    alone = WorkshopsPage(app_ctx)
    with qtbot.waitSignal(alone.loaded, timeout=WAIT):
        alone.show()
    alone.panel.answers.setCurrentRow(0)
    asked: list[str] = []
    monkeypatch.setattr(
        "smkdesk.gui.journeys.question_panel.confirm",
        lambda _p, _t, text, _a=None: asked.append(text) or False,
    )
    alone.panel.remove_answer()
    gh.wait_idle(qtbot, app_ctx)
    assert asked and len(lib.journeys.workshop(w.id).question(q.id).answers) == 1
    gh.dispose(qtbot, app_ctx, alone)
    gh.dispose(qtbot, app_ctx, page)


def test_gap_votes_tick_content_needed_and_can_be_taken_back(qtbot, gh, lib, app_ctx) -> None:
    w = lib.journeys.create_workshop("Retail CFOs", date(2026, 9, 17))
    q = w.questions()[0]
    page = _page(qtbot, app_ctx)
    panel = page.panel
    assert not panel.gap_unvote.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.mouseClick(panel.gap_votes, Qt.MouseButton.LeftButton)
    assert panel.needed.isChecked() and panel.gap_votes.text() == "Vote gap ● 1"
    assert lib.journeys.workshop(w.id).question(q.id).content_needed
    assert panel.gap_unvote.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.mouseClick(panel.gap_unvote, Qt.MouseButton.LeftButton)
    assert panel.gap_votes.text() == "Vote gap ● 0" and not panel.gap_unvote.isEnabled()
    assert lib.journeys.workshop(w.id).question(q.id).gap_votes == 0
    gh.dispose(qtbot, app_ctx, page)


def test_ticking_content_needed_moves_to_the_owner(qtbot, gh, lib, app_ctx) -> None:
    lib.journeys.create_workshop("Retail CFOs", date(2026, 9, 17))
    page = _page(qtbot, app_ctx)
    panel = page.panel
    panel.needed.setFocus()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(panel.needed, Qt.Key.Key_Space)
    assert panel.needed.isChecked()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.owner, timeout=WAIT)
    gh.dispose(qtbot, app_ctx, page)


def test_cards_follow_a_theme_switch(qtbot, gh, lib, app_ctx) -> None:
    w = lib.journeys.create_workshop("Retail CFOs", date(2026, 9, 17))
    page = _page(qtbot, app_ctx)
    app = QApplication.instance()
    before = app.palette()
    card = page.cards[w.questions()[0].id]
    assert card.selected
    try:
        for palette in (dark_palette(), light_palette()):
            app.setPalette(palette)
            QApplication.processEvents()
            text = palette.color(QPalette.ColorRole.WindowText)
            assert card.title.palette().color(QPalette.ColorRole.WindowText) == text
            status = card.status.palette().color(QPalette.ColorRole.WindowText)
            assert status == gap_colour(palette)
    finally:
        app.setPalette(before)
    gh.dispose(qtbot, app_ctx, page)


def test_drafts_are_labelled_on_the_card_and_in_presentation(qtbot, gh, lib, app_ctx) -> None:
    w = lib.journeys.create_workshop("Retail CFOs", date(2026, 9, 17))
    q = w.stages[0].questions[0]
    lib.journeys.link_asset(q.id, gh.add_link(lib, "Pilot plan", status="draft"))
    lib.journeys.link_asset(q.id, gh.add_link(lib, "Case study"))
    w = lib.journeys.workshop(w.id)
    assert card_facts(w.question(q.id)) == "Sales 0 · Marketing 0 · 2 assets (1 draft)"
    show = PresentationWindow(w)
    qtbot.addWidget(show)
    assert "Content: Pilot plan (draft); Case study" in show.body.toPlainText()


def test_presentation_keeps_each_stages_clock(qtbot, lib) -> None:
    w = lib.journeys.create_workshop("Retail CFOs", date(2026, 9, 17))
    show = PresentationWindow(w)
    qtbot.addWidget(show)
    show.show()
    assert show.clock.text() == "25:00" and "clock waits: Space starts it" in show.progress.text()
    qtbot.keyClick(show, Qt.Key.Key_Space)
    assert show.timer.isActive() and "clock" not in show.progress.text()
    for _ in range(5):
        show._tick()  # five seconds, without waiting for them
    assert show.clock.text() == "24:55"
    qtbot.keyClick(show, Qt.Key.Key_Right)
    # the next stage's clock waits for Space; the first keeps its time
    assert not show.timer.isActive() and show.clock.text() == "20:00"
    assert "clock waits: Space starts it" in show.progress.text()
    qtbot.keyClick(show, Qt.Key.Key_Left)
    assert show.clock.text() == "24:55" and "clock paused: Space goes on" in show.progress.text()
    qtbot.keyClick(show, Qt.Key.Key_R)
    assert show.clock.text() == "25:00"


def test_the_last_workshop_is_reopened(qtbot, gh, lib, app_ctx) -> None:
    lib.journeys.create_workshop("First", date(2026, 9, 1))
    second = lib.journeys.create_workshop("Second", date(2026, 9, 17))
    page = _page(qtbot, app_ctx)
    assert page.chooser.itemText(0) == "Second — 17 Sep 2026"  # day_text, as everywhere
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.chooser.setCurrentIndex(1)
    assert page.workshop is not None and page.workshop.name == "First"
    gh.dispose(qtbot, app_ctx, page)
    again = _page(qtbot, app_ctx)  # as after a restart
    assert again.workshop is not None and again.workshop.name == "First"
    assert second.id != again.workshop.id
    gh.dispose(qtbot, app_ctx, again)


def test_coverage_says_not_mapped_and_counts_properly(qtbot, gh, lib, app_ctx) -> None:
    from smkdesk.gui.journeys.coverage import CoverageDialog

    w = lib.journeys.create_workshop("Retail CFOs", date(2026, 9, 17), personas=["CFO"])
    gh.add_link(lib, "Orphan one")
    gh.add_link(lib, "Orphan two")
    dialog = CoverageDialog(app_ctx, None, w.id)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.table.model().modelReset, timeout=WAIT, raising=False):
        dialog.show_all.setChecked(True)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 1, timeout=WAIT)
    rows = [dialog.table.verticalHeaderItem(i).text() for i in range(dialog.table.rowCount())]
    cfo = rows.index("CFO")
    other = next(i for i, name in enumerate(rows) if name != "CFO")
    assert dialog.table.item(cfo, 0).text() == "gap"
    assert dialog.table.item(other, 0).text() == "not mapped"
    assert dialog.orphans_label.text() == "2 published assets answer no workshop question:"
