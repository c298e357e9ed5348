"""Workspaces on a 1024×700 screen and when maximised: nothing clipped or
hidden behind a scroll bar, the title columns get the width, the window opens
no larger than the screen, and the dashboard's labels show whole."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QStatusBar, QToolButton

from smkdesk.gui import theme
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.columns import TITLE_MIN
from smkdesk.gui.library.page import DETAIL_MIN, default_split
from smkdesk.gui.mainwindow import DEFAULT_SIZE, MainWindow
from smkdesk.gui.screen_fit import DialogFitter, fit_to_screen
from smkdesk.gui.settings import Settings
from smkdesk.gui.statusbar import LibraryStatusBar
from smkdesk.gui.usage.charts import LABEL_GAP, BarList, BarRow
from smkdesk.gui.usage.requests_page import RequestsPage
from smkdesk.gui.usage.review_page import ReviewPage
from smkdesk.gui.widgets.fields import ErrorLabel, warning_color

pytestmark = pytest.mark.gui
WAIT = 10_000
SMALL, LARGE = QSize(1024, 700), QSize(1600, 1000)


def add_assets(gh, lib, n: int = 6) -> None:
    """Long titles, tagged; added long ago, so the review queue flags them."""
    for i in range(n):
        asset_id = gh.add_link(
            lib,
            f"Harbour & Pine grows foodservice pipeline 38% with one shared deck {i}",
            owner="Tomás Ferreira",
            stages=("Consideration",),
            personas=("CFO", "VP Sales"),
            sectors=("Retail",),
        )
        lib.assets.set_created(asset_id, datetime(2025, 1, 6, 9))


@pytest.fixture
def small_window(app_ctx: AppContext, qtbot, gh, lib) -> Iterator[MainWindow]:
    add_assets(gh, lib)
    win = MainWindow(app_ctx)
    win.resize(SMALL)
    win.workspaces.show("library")
    win.show()
    qtbot.waitExposed(win)
    gh.search(qtbot, win.page)
    yield win
    gh.dispose(qtbot, app_ctx, win)


# -- the window and the screen ------------------------------------------------------------
def test_fit_to_screen_shrinks_and_moves_a_window_onto_the_screen() -> None:
    area = QRect(0, 0, 1024, 700)
    fitted = fit_to_screen(QRect(300, 200, 1420, 860), area)
    assert area.contains(fitted) and fitted.width() < 1024 and fitted.height() < 700
    assert fit_to_screen(QRect(-500, 900, 800, 500), area).topLeft().y() == 200  # back on
    centred = fit_to_screen(QRect(0, 0, 800, 500), area, centre=True)
    assert centred.center() == area.center()
    kept = QRect(10, 10, 900, 600)
    assert fit_to_screen(kept, area) == kept  # a window that fits stays as it was


def test_window_never_opens_larger_than_the_screen(
    app_ctx: AppContext, qtbot, gh, settings_path: Path
) -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    first = MainWindow(app_ctx)
    first.show()
    qtbot.waitExposed(first)
    assert first.size() == DEFAULT_SIZE.boundedTo(area.size())  # fits: the default size
    first.setGeometry(area.x() + 600, area.y() + 400, area.width() + 500, area.height() + 300)
    gh.wait_idle(qtbot, app_ctx, first.page)
    first.close()  # saves a geometry larger than the screen (another monitor, say)
    first.deleteLater()
    ctx = AppContext(app_ctx.library, app_ctx.tasks, app_ctx.bus, Settings(settings_path))
    second = MainWindow(ctx)
    second.show()
    qtbot.waitExposed(second)
    try:
        assert area.contains(second.geometry()), (second.geometry(), area)
    finally:
        gh.dispose(qtbot, ctx, second)


# -- the library ---------------------------------------------------------------------------
def test_default_split_gives_the_results_the_most_and_the_pane_a_minimum() -> None:
    for width in (1008, 1280, 1584, 2400):
        facets, results, detail = default_split(width)
        assert detail >= DETAIL_MIN and results > detail > 0 and facets > 0
        assert facets + results + detail <= width
    assert default_split(1584)[2] > default_split(1008)[2]  # maximised: a wider pane


def test_library_at_1024_shows_every_column_and_the_whole_detail_pane(
    small_window: MainWindow, qtbot, gh, app_ctx
) -> None:
    page = small_window.page
    table = page.table
    header = table.horizontalHeader()
    assert not table.horizontalScrollBar().isVisible()  # Last used and Uses on screen
    assert header.sectionSize(0) >= TITLE_MIN  # the title keeps the width
    last = max(range(header.count()), key=header.sectionViewportPosition)
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
        table.viewport().width()
    )
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.asset is not None, timeout=WAIT)
    detail = page.detail
    assert detail.width() >= DETAIL_MIN
    assert detail.mapTo(small_window, detail.rect().topRight()).x() <= small_window.width()
    body = detail.scroll.viewport()
    qtbot.waitUntil(lambda: detail.body.width() <= body.width(), timeout=WAIT)  # laid out
    assert detail._button_columns in (2, 3)
    for button in detail.body.findChildren(QToolButton):
        if button.isVisible():  # every action button whole, inside the pane
            right = button.mapTo(body, button.rect().topRight()).x()
            assert right <= body.width(), button.text()
    assert detail.meta.width() <= body.width()


def test_library_maximised_gives_the_extra_width_to_results_and_pane(
    app_ctx: AppContext, qtbot, gh, lib
) -> None:
    add_assets(gh, lib)
    win = MainWindow(app_ctx)
    win.resize(LARGE)
    win.workspaces.show("library")
    win.show()
    qtbot.waitExposed(win)
    try:
        gh.search(qtbot, win.page)
        _facets, results, detail = win.page.splitter.sizes()
        assert results > 800 and detail > 400
        assert win.page.table.horizontalHeader().sectionSize(0) > 250
    finally:
        gh.dispose(qtbot, app_ctx, win)


# -- review and requests ---------------------------------------------------------------------
def test_review_queue_title_gets_the_width_at_1024(app_ctx: AppContext, qtbot, gh, lib) -> None:
    add_assets(gh, lib)
    page = ReviewPage(app_ctx)
    page.resize(SMALL.width() - 20, 600)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    try:
        header = page.table.horizontalHeader()
        assert page.proxy.rowCount() > 0
        assert header.sectionSize(0) >= 200 and header.sectionSize(0) > header.sectionSize(1)
        assert not page.table.horizontalScrollBar().isVisible()
        fm = QFontMetrics(page.table.font())
        assert header.sectionSize(1) >= fm.horizontalAdvance("Never used · Past review date")
    finally:
        page._reload.stop()
        gh.dispose(qtbot, app_ctx, page)


def test_requests_searched_for_gets_the_width_at_1024(app_ctx: AppContext, qtbot, gh, lib) -> None:
    page = RequestsPage(app_ctx)
    page.resize(SMALL.width() - 20, 600)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    try:
        header = page.table.horizontalHeader()
        others = [header.sectionSize(c) for c in range(1, header.count())]
        assert header.sectionSize(0) >= 340 and header.sectionSize(0) > 2 * max(others)
        assert not page.table.horizontalScrollBar().isVisible()
    finally:
        gh.dispose(qtbot, app_ctx, page)


# -- the dashboard ---------------------------------------------------------------------------
def test_bar_labels_that_fit_are_never_elided(qtbot) -> None:
    """ "Marketing director" was cut to "Marketing direct…" even at full size."""
    chart = BarList(())
    qtbot.addWidget(chart)
    chart.set_rows([BarRow("Marketing director", (20,)), BarRow("CFO", (18,))])
    fm = QFontMetrics(chart.font())
    for width in (480, 690):
        label_w = chart.label_width(fm, width, fm.horizontalAdvance("00000") + 6)
        shown = fm.elidedText(
            "Marketing director", Qt.TextElideMode.ElideRight, label_w - LABEL_GAP
        )
        assert shown == "Marketing director"


def test_long_bar_labels_take_more_room_while_bars_keep_theirs(qtbot) -> None:
    chart = BarList(())
    qtbot.addWidget(chart)
    title = "The one-team revenue playbook – aligning sales and marketing around one funnel"
    chart.set_rows([BarRow(title, (0,))])
    fm = QFontMetrics(chart.font())
    number_w = fm.horizontalAdvance("00000") + 6
    label_w = chart.label_width(fm, 490, number_w)
    assert label_w > 490 * 0.45  # more than before at 1024 (least-used titles)
    assert 490 - label_w - number_w >= BarList.MIN_BAR


# -- dark theme ---------------------------------------------------------------------------------
def test_inline_errors_and_the_state_label_follow_a_live_theme_switch(
    qapp: QApplication, qtbot, app_ctx: AppContext
) -> None:
    label = ErrorLabel()
    qtbot.addWidget(label)
    bar = QStatusBar()
    qtbot.addWidget(bar)
    status = LibraryStatusBar(app_ctx, bar, [])
    try:
        for mode in ("light", "dark", "light"):
            theme.apply_theme(qapp, mode)
            qapp.processEvents()
            wanted = warning_color(qapp.palette())
            assert label.palette().color(label.foregroundRole()) == wanted, mode
            state = status.state_label
            assert state.palette().color(state.foregroundRole()) == wanted, mode
    finally:
        theme.apply_theme(qapp, "system")


def test_a_dialog_taller_than_the_screen_is_fitted_onto_it(qtbot) -> None:
    """The template editor asks for 720 px; on a 700 px screen its buttons
    would be off the bottom. The application's DialogFitter shrinks it."""
    from PySide6.QtWidgets import QApplication, QDialog

    app = QApplication.instance()
    fitter = DialogFitter(app)
    app.installEventFilter(fitter)
    try:
        dialog = QDialog()
        qtbot.addWidget(dialog)
        area = dialog.screen().availableGeometry()
        dialog.resize(area.width() + 200, area.height() + 300)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.width() <= area.width() and dialog.height() <= area.height()
        assert area.contains(dialog.geometry())
        small = QDialog()
        qtbot.addWidget(small)
        small.resize(300, 200)
        small.show()
        assert small.size().width() == 300 and small.size().height() == 200  # left alone
    finally:
        app.removeEventFilter(fitter)
