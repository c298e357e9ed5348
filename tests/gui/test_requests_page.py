"""Content requests: zero-result searches listed for marketers, planned and answered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton, QStatusBar, QWidget

from smkdesk.core.changes import User
from smkdesk.core.search.dto import SearchQuery
from smkdesk.gui.context import AppContext
from smkdesk.gui.statusbar import LibraryStatusBar
from smkdesk.gui.usage.requests_page import DismissDialog, RequestsPage
from smkdesk.gui.widgets.asset_picker import AssetPicker

pytestmark = pytest.mark.gui
WAIT = 10_000
REP = User("Sam Rep", "sales rep")


@pytest.fixture
def requests_page(app_ctx: AppContext, qtbot, gh, lib) -> Iterator[RequestsPage]:
    gh.add_link(lib, "Procurement checklist for CFOs")
    for day in (1, 2, 3):  # three separate searches (within minutes they would be one)
        when = datetime(2026, 5, day, 10, 0)
        lib.requests.log_search(SearchQuery(text="procurement checklist"), 0, REP, when)
    lib.requests.log_search(SearchQuery(text="hospital case study", stages=("Decision",)), 0, REP)
    lib.requests.log_search(SearchQuery(text="pricing"), 4, REP)  # found something: no request
    page = RequestsPage(app_ctx)
    page.resize(1100, 600)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    yield page
    gh.dispose(qtbot, app_ctx, page)


@pytest.fixture
def status(requests_page: RequestsPage, app_ctx: AppContext) -> Iterator[LibraryStatusBar]:
    """The window's status bar, where the page's Undo is offered (as MainWindow wires it)."""
    bar = QStatusBar()
    status = LibraryStatusBar(app_ctx, bar, [])
    requests_page.undo_offered.connect(status.offer_undo)
    bar.show()
    yield status
    bar.close()
    bar.deleteLater()


def rows(page: RequestsPage) -> list[tuple[str, ...]]:
    return [
        tuple(page.proxy.index(r, c).data() for c in (0, 2, 5, 8))
        for r in range(page.proxy.rowCount())
    ]


def test_zero_result_searches_are_listed_most_searched_first(
    requests_page: RequestsPage, qtmodeltester
) -> None:
    assert sorted(rows(requests_page)) == [
        ("hospital case study", "Decision", "1", "Open"),
        ("procurement checklist", "any", "3", "Open"),
    ]
    assert "2 open requests" in requests_page.summary.text()
    qtmodeltester.check(requests_page.model)


def select_text(page: RequestsPage, text: str) -> None:
    page.table.clearSelection()
    for r in range(page.proxy.rowCount()):
        if page.proxy.index(r, 0).data() == text:
            page.table.selectRow(r)


def test_plan_answer_and_reopen(requests_page: RequestsPage, lib, qtbot) -> None:
    select_text(requests_page, "hospital case study")
    with qtbot.waitSignal(requests_page.loaded, timeout=WAIT):
        requests_page.actions_["planned"].trigger()
    assert [r.text for r in lib.requests.list_requests("planned")] == ["hospital case study"]
    assert [r[0] for r in rows(requests_page)] == ["procurement checklist"]  # "Open" view

    select_text(requests_page, "procurement checklist")
    requests_page.actions_["answered"].trigger()
    picker = requests_page.findChild(AssetPicker)
    assert picker is not None
    qtbot.waitUntil(lambda: picker.results.count() == 1, timeout=WAIT)
    with qtbot.waitSignal(requests_page.loaded, timeout=WAIT):
        picker.ok.click()
    answered = lib.requests.list_requests("answered")
    assert [(r.text, r.answered_title) for r in answered] == [
        ("procurement checklist", "Procurement checklist for CFOs")
    ]
    assert requests_page.stack.currentWidget() is requests_page.empty

    requests_page.status.setCurrentIndex(requests_page.status.findData(""))
    assert len(rows(requests_page)) == 2
    select_text(requests_page, "procurement checklist")
    with qtbot.waitSignal(requests_page.loaded, timeout=WAIT):
        requests_page.actions_["reopen"].trigger()
    assert {r.text for r in lib.requests.list_requests("open")} == {"procurement checklist"}


def test_search_this_carries_the_filters(requests_page: RequestsPage, qtbot) -> None:
    select_text(requests_page, "hospital case study")
    with qtbot.waitSignal(requests_page.search_requested, timeout=WAIT) as blocker:
        requests_page.actions_["search"].trigger()
    query = blocker.args[0]
    assert (query.text, query.stages) == ("hospital case study", ("Decision",))


# -- noise: variants, dismiss, undo ----------------------------------------------------


def shown(qtbot, dialog: QDialog) -> QWidget:
    qtbot.waitExposed(dialog)
    focus = dialog.focusWidget()
    assert focus is not None
    return focus


def test_near_identical_searches_show_as_one_row_with_variants(app_ctx, qtbot, gh, lib) -> None:
    for day, (text, user) in enumerate(
        (("drone insurance", "Sam"), ("Drone insurances", "Ana"), ("insurance drone", "Sam")), 1
    ):
        lib.requests.log_search(SearchQuery(text=text), 0, user, datetime(2026, 5, day, 10))
    page = RequestsPage(app_ctx)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    assert page.proxy.rowCount() == 1
    first = page.proxy.index(0, 0)
    assert first.data() == "insurance drone  (+2 variants)"  # the latest of equals first
    tip = first.data(Qt.ItemDataRole.ToolTipRole)
    assert "• Drone insurances" in tip and "• drone insurance" in tip
    assert (page.proxy.index(0, 5).data(), page.proxy.index(0, 6).data()) == ("3", "2")
    gh.dispose(qtbot, app_ctx, page)


def test_mark_planned_says_what_happened_and_undo_puts_it_back(
    requests_page: RequestsPage, status: LibraryStatusBar, lib, qtbot
) -> None:
    page = requests_page
    assert not status.undo_offered
    select_text(page, "hospital case study")
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.actions_["planned"].trigger()
    assert status.undo_box.isVisible() and status.undo_button.isVisible()
    assert status.undo_offered == "Marked “hospital case study” planned."
    # one Undo place, the status bar's: the page has no Undo (nor Alt+U) of its own
    assert all("Undo" not in b.text() for b in page.findChildren(QPushButton))
    assert [r[0] for r in rows(page)] == ["procurement checklist"]
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.mouseClick(status.undo_button, Qt.MouseButton.LeftButton)
    assert {r.text for r in lib.requests.list_requests("open")} == {
        "hospital case study",
        "procurement checklist",
    }
    assert not status.undo_offered and status.undo_box.isHidden()
    assert len(rows(page)) == 2


def test_answered_says_which_asset_and_can_be_undone(
    requests_page: RequestsPage, status: LibraryStatusBar, lib, qtbot
) -> None:
    page = requests_page
    select_text(page, "procurement checklist")
    page.actions_["answered"].trigger()
    picker = page.findChild(AssetPicker)
    assert picker is not None
    focus = shown(qtbot, picker)
    assert focus is picker.search and picker.ok.isDefault()
    qtbot.waitUntil(lambda: picker.results.count() == 1, timeout=WAIT)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(focus, Qt.Key.Key_Return)  # Enter chooses the highlighted asset
    assert status.undo_offered == (
        "Marked “procurement checklist” answered by “Procurement checklist for CFOs”."
    )
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        status.undo_button.click()
    assert lib.requests.list_requests("answered") == ()


def test_asset_picker_without_a_choice_says_so_and_escape_cancels(
    requests_page: RequestsPage, status: LibraryStatusBar, qtbot
) -> None:
    page = requests_page
    select_text(page, "hospital case study")
    page.actions_["answered"].trigger()
    picker = page.findChild(AssetPicker)
    assert picker is not None
    focus = shown(qtbot, picker)
    qtbot.keyClicks(focus, "zzzz nothing like it")  # replaces the selected request text
    picker.run_search()
    qtbot.wait(200)
    assert picker.results.count() == 0
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    assert picker.isVisible() and picker.error.isVisible() and "No asset" in picker.error.text()
    with qtbot.waitSignal(picker.rejected, timeout=WAIT):
        qtbot.keyClick(picker.focusWidget(), Qt.Key.Key_Escape)
    assert not status.undo_offered


def test_dismiss_with_the_keyboard_then_show_dismissed_and_undo(
    requests_page: RequestsPage, status: LibraryStatusBar, app_ctx, lib, qtbot
) -> None:
    page = requests_page
    select_text(page, "hospital case study")
    page.actions_["dismiss"].trigger()
    dialog = page.findChild(DismissDialog)
    assert dialog is not None
    focus = shown(qtbot, dialog)
    assert focus is dialog.reason and dialog.ok.isDefault()
    qtbot.keyClick(focus, Qt.Key.Key_Return)  # no reason yet: says so, stays open
    assert dialog.isVisible() and "Pick a reason" in dialog.error.text()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Down)  # the first reason: typo
    assert dialog.code() == "typo" and dialog.error.isHidden()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    (dismissed,) = lib.requests.list_requests("dismissed")
    assert (dismissed.text, dismissed.dismiss_reason, dismissed.status_by) == (
        "hospital case study",
        "typo",
        app_ctx.user.name,
    )
    assert status.undo_offered == "Dismissed “hospital case study”: typo or misspelling."
    assert [r[0] for r in rows(page)] == ["procurement checklist"]  # off the open list
    page.status.setCurrentIndex(page.status.findData("dismissed"))
    assert rows(page) == [
        ("hospital case study", "Decision", "1", "Dismissed: typo or misspelling")
    ]
    assert "1 request dismissed" in page.summary.text()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        status.undo_button.click()
    assert lib.requests.list_requests("dismissed") == ()
    assert page.stack.currentWidget() is page.empty


def test_dismiss_as_other_needs_a_note_and_escape_changes_nothing(
    requests_page: RequestsPage, status: LibraryStatusBar, lib, qtbot
) -> None:
    page = requests_page
    select_text(page, "procurement checklist")
    page.actions_["dismiss"].trigger()
    dialog = page.findChild(DismissDialog)
    assert dialog is not None
    focus = shown(qtbot, dialog)
    dialog.reason.setCurrentIndex(dialog.reason.findData("other"))
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    assert dialog.isVisible() and "note" in dialog.error.text()
    assert dialog.focusWidget() is dialog.note
    with qtbot.waitSignal(dialog.rejected, timeout=WAIT):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
    qtbot.wait(50)
    assert lib.requests.list_requests("dismissed") == ()
    assert not status.undo_offered


def test_workshop_requests_say_where_they_came_from(
    requests_page: RequestsPage, lib, qtbot
) -> None:
    from datetime import date

    page = requests_page
    w = lib.journeys.create_workshop(
        "Retail CFO session", date(2026, 9, 17), personas=["CFO"], sectors=["Retail"]
    )
    question = w.stages[2].questions[0]
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.ctx.bus.publish(lib.journeys.set_content_needed(question.id, True, "Hannah"))
    by_text = {
        page.proxy.index(r, 0).data(): [page.proxy.index(r, c).data() for c in range(9)]
        for r in range(page.proxy.rowCount())
    }
    gap = by_text[question.text]
    assert gap[1] == "Workshop: Retail CFO session"
    assert gap[5:7] == ["—", "—"]  # not searched: a dash, not a bare 0
    assert gap[7]  # the day the workshop raised it
    row = next(
        r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data() == question.text
    )
    assert "workshop" in page.proxy.index(row, 5).data(Qt.ItemDataRole.ToolTipRole).lower()
    searched = by_text["procurement checklist"]
    assert searched[1] == "Search" and searched[5:7] == ["3", "1"]
    assert lib.requests.get(
        next(r.id for r in lib.requests.list_requests() if r.workshop)
    ).source == ("Workshop: Retail CFO session")
