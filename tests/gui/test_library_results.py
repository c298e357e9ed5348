"""The results table and the detail pane: header and sort box agree, several
selected rows offer the bulk actions, History wraps and Preview uses the
space; and only searches a person typed reach the search log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPlainTextEdit, QToolButton

from smkdesk.core.changes import User
from smkdesk.core.search.dto import SearchQuery
from smkdesk.core.usage.events import UsageContext
from smkdesk.gui.library.page import LibraryPage
from smkdesk.gui.library.results_model import COLUMNS

pytestmark = pytest.mark.gui
COLUMN = {key: i for i, (key, _title) in enumerate(COLUMNS)}


def click_header(qtbot, page: LibraryPage, key: str, wait: bool = False) -> None:
    header = page.table.horizontalHeader()
    col = COLUMN[key]
    assert not header.isSectionHidden(col)
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    pos = QPoint(x, header.height() // 2)
    if wait:
        with qtbot.waitSignal(page.results_shown, timeout=10_000):
            qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    else:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def shown_titles(page: LibraryPage) -> list[str]:
    return [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]


def test_header_and_sort_box_agree_and_numbers_sort_largest_first(qtbot, gh, lib, page) -> None:
    rep = User("Priya Raman", "sales rep")
    few = gh.add_link(lib, "Beta deck")
    many = gh.add_link(lib, "Alpha deck")
    gh.add_link(lib, "Gamma deck")
    for _ in range(3):
        lib.usage.log(many, "sent", rep)
    lib.usage.log(few, "sent", rep)
    gh.search(qtbot, page)
    header = page.table.horizontalHeader()
    assert page.sort_box.currentData() == "relevance"

    click_header(qtbot, page, "use_count", wait=True)  # first click: most used first
    assert page.sort_box.currentData() == "most_used"
    assert page.sort_box.currentText() == "Most used"
    assert header.sortIndicatorSection() == COLUMN["use_count"]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert shown_titles(page) == ["Alpha deck", "Beta deck", "Gamma deck"]

    click_header(qtbot, page, "use_count")  # second click: fewest first, on the loaded rows
    assert shown_titles(page) == ["Gamma deck", "Beta deck", "Alpha deck"]
    assert page.sort_box.currentText() == "By uses (smallest first)"
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder

    click_header(qtbot, page, "title")  # text: A to Z first
    assert shown_titles(page) == ["Alpha deck", "Beta deck", "Gamma deck"]
    assert page.sort_box.currentText() == "By title (A–Z)"
    assert header.sortIndicatorSection() == COLUMN["title"]

    click_header(qtbot, page, "last_used")  # a date: the latest first
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert shown_titles(page)[-1] == "Gamma deck"  # never used

    # the sort box drives the header too
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.sort_box.setCurrentIndex(page.sort_box.findData("most_used"))
    assert header.sortIndicatorSection() == COLUMN["use_count"]
    assert page.sort_box.findData("column") == -1  # the column entry is gone
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.sort_box.setCurrentIndex(page.sort_box.findData("relevance"))
    assert header.sortIndicatorSection() == -1
    assert page.proxy.sortColumn() == -1


def test_several_selected_rows_offer_the_bulk_actions(qtbot, gh, lib, page) -> None:
    for title in ("One", "Two", "Three"):
        gh.add_link(lib, title)
    bulk = QAction("Bulk edit…", page)
    page.set_bulk_actions([bulk])
    gh.search(qtbot, page)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.asset is not None, timeout=10_000)
    page.table.selectAll()
    many = page.detail.many
    assert many.isVisible()
    assert many.heading.text() == "3 assets selected"
    assert not page.detail.placeholder.isVisible()
    assert not page.detail.scroll.isVisible()
    buttons = [b for b in many.findChildren(QToolButton) if b.isVisible()]
    assert [b.defaultAction() for b in buttons] == [bulk]
    with qtbot.waitSignal(bulk.triggered, timeout=1000):
        qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)

    page.table.selectRow(1)  # back to one asset
    qtbot.waitUntil(lambda: page.detail.asset is not None, timeout=10_000)
    assert not many.isVisible()
    assert page.detail.scroll.isVisible()


def test_the_main_window_hands_its_bulk_actions_to_the_pane(qtbot, gh, lib, window) -> None:
    page = window.page
    for title in ("One", "Two"):
        gh.add_link(lib, title)
    gh.search(qtbot, page)
    page.table.selectAll()
    many = page.detail.many
    qtbot.waitUntil(many.isVisible, timeout=10_000)
    assert many.heading.text() == "2 assets selected"
    texts = [b.defaultAction().text() for b in many.buttons]
    assert window.actions_["bulk_edit"].text() in texts
    assert window.actions_["delete"].text() in texts
    assert all(b.isEnabled() for b in many.buttons)


def test_history_wraps_and_preview_uses_the_space(qtbot, gh, lib, page) -> None:
    aid = gh.add_link(lib, "ROI one-pager")
    rep = User("Priya Raman", "sales rep")
    deal = UsageContext(
        account="Fjord Mutual Insurance Holdings",
        opportunity="Broker portal renewal 2026",
        note="they asked for the long version with the appendix on claims",
    )
    lib.usage.log(aid, "sent", rep, deal)
    gh.search(qtbot, page)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.asset is not None, timeout=10_000)
    detail = page.detail
    preview = detail.preview
    assert detail.tabs.currentWidget() is preview  # the preview first, with the height
    assert preview.height() >= preview.fontMetrics().lineSpacing() * 10
    assert detail.tabs.tabText(1) == "History (1)"
    history = detail.history
    detail.tabs.setCurrentWidget(history)
    qtbot.waitUntil(history.isVisible)
    assert history.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
    assert not history.horizontalScrollBar().isVisible()
    line = history.document().firstBlock()
    assert history.blockBoundingRect(line).height() > history.fontMetrics().lineSpacing() * 1.5


def test_only_typed_searches_are_logged(qtbot, gh, lib, app_ctx, page) -> None:
    gh.add_link(lib, "Pricing playbook", personas=("CFO",))
    gh.add_link(lib, "Onboarding guide", personas=("IT manager",))
    gh.search(qtbot, page)

    # a heat-map click (any programmatic show_library) is not a search
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.show_query(SearchQuery(text="drone insurance", personas=("CFO",)))
    assert page.stack.currentWidget() is page.no_results
    assert "tell marketing" not in page.no_results.text.text()
    page.search_log.flush()  # what Enter or opening a result would do
    gh.wait_idle(qtbot, app_ctx, page)
    assert lib.requests.list_requests() == ()
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.clear_filters()

    # a typo with a "did you mean": taking the suggestion logs neither
    page.search_box.clear()
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClicks(page.search_box, "pricng")
    assert page.no_results.suggest_button.isVisible()
    assert page.search_log.pending is not None  # typed: would be logged if left on screen
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.mouseClick(page.no_results.suggest_button, Qt.MouseButton.LeftButton)
    assert gh.result_titles(page) == ["Pricing playbook"]
    assert page.search_log.pending is None
    page.search_log.flush()
    gh.wait_idle(qtbot, app_ctx, page)
    assert lib.requests.list_requests() == ()

    # the typo was logged already (left on screen): taking the suggestion corrects it
    page.search_box.clear()
    gh.search(qtbot, page)
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClicks(page.search_box, "onbaording")
    assert page.no_results.suggest_button.text() == "Search “onboarding”"
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000):
        page.search_log.flush()  # what the timer does after a while
    gh.wait_idle(qtbot, app_ctx, page)
    assert [r.text for r in lib.requests.list_requests()] == ["onbaording"]
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000):
        qtbot.mouseClick(page.no_results.suggest_button, Qt.MouseButton.LeftButton)
    gh.wait_idle(qtbot, app_ctx, page)
    assert gh.result_titles(page) == ["Onboarding guide"]
    assert lib.requests.list_requests() == ()

    # a typed search, then a facet click: the typed one counts, the click does not
    page.search_box.clear()
    gh.search(qtbot, page)
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        qtbot.keyClicks(page.search_box, "zebra")
    assert page.search_log.pending is not None
    with qtbot.waitSignal(page.results_shown, timeout=10_000):
        page.set_filter("persona", str(lib.taxonomy.find("persona", "CFO").id), "CFO")
    gh.wait_idle(qtbot, app_ctx, page)
    assert [r.text for r in lib.requests.list_requests()] == ["zebra"]
    assert page.search_log.pending is None


def test_enter_logs_what_was_typed_even_before_the_search_ran(qtbot, gh, lib, app_ctx, page):
    gh.add_link(lib, "Pricing playbook")
    gh.search(qtbot, page)
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000):
        qtbot.keyClicks(page.search_box, "zebra")
        assert page._timer.isActive()  # the debounce has not searched yet
        qtbot.keyClick(page.search_box, Qt.Key.Key_Return)
    gh.wait_idle(qtbot, app_ctx, page)
    assert [r.text for r in lib.requests.list_requests()] == ["zebra"]
    assert page.search_log.pending is None


def test_every_column_fits_a_small_window_and_widths_come_back(qtbot, gh, lib, page) -> None:
    from smkdesk.gui.library.page import COLUMN_WIDTHS

    gh.add_link(lib, "A rather long title for a case study about retail", sectors=("Retail",))
    gh.search(qtbot, page)
    header = page.table.horizontalHeader()
    page.resize(1024, 700)
    qtbot.waitUntil(lambda: page.table.viewport().width() < 700, timeout=5000)
    qtbot.waitUntil(lambda: page.column_fit.shrunk, timeout=5000)
    total = sum(header.sectionSize(c) for c in range(header.count()))
    assert total <= page.table.viewport().width()  # nothing behind a horizontal scroll
    assert not page.table.horizontalScrollBar().isVisible()
    title = header.sectionSize(COLUMN["title"])
    assert title > max(header.sectionSize(c) for c in range(1, header.count()))  # widest
    assert header.sectionSize(COLUMN["last_used"]) == COLUMN_WIDTHS[COLUMN["last_used"]]
    page.save_state()  # saves the natural widths, not the shrunk ones
    assert page.column_fit.shrunk and header.sectionSize(COLUMN["sectors"]) < 120
    page.resize(1900, 900)
    qtbot.waitUntil(lambda: not page.column_fit.shrunk, timeout=5000)
    assert header.sectionSize(COLUMN["sectors"]) == COLUMN_WIDTHS[COLUMN["sectors"]]

    # a width the user chose is kept, however small the window
    page.table.setColumnWidth(COLUMN["stages"], 200)
    page.resize(1024, 700)
    qtbot.waitUntil(lambda: page.column_fit.shrunk, timeout=5000)
    assert header.sectionSize(COLUMN["stages"]) == 200
    assert header.sectionSize(COLUMN["sectors"]) < COLUMN_WIDTHS[COLUMN["sectors"]]


def test_the_detail_pane_is_one_scroll_area_that_starts_at_the_top(qtbot, gh, lib, page) -> None:
    from PySide6.QtCore import Qt as _Qt

    for n in range(2):
        gh.add_link(lib, f"Long asset {n}", description="A line of description. " * 80)
    page.resize(900, 420)
    page.show()
    qtbot.waitExposed(page)
    gh.search(qtbot, page)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.asset is not None, timeout=10_000)
    detail = page.detail
    for text in (detail.preview, detail.history, detail.snippet):
        assert text.verticalScrollBarPolicy() == _Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    bar = detail.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=10_000)
    bar.setValue(bar.maximum())
    first = detail.asset.id
    page.table.selectRow(1)
    qtbot.waitUntil(lambda: detail.asset is not None and detail.asset.id != first, timeout=10_000)
    assert bar.value() == 0  # the new asset's title and buttons are in view
