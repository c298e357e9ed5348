"""The Workshops workspace at the smallest supported screen (1024×700) and
maximised: the board shows every stage column, nothing in the top row or the
question panel overlaps or is clipped, the presentation's key hints stay on
one line and its scrolling never cuts the top line, the brief dialog has room,
and the gap and content colours read on light and dark palettes."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import QCheckBox, QPushButton, QToolButton, QWidget

from smkdesk.core.library import Library
from smkdesk.gui.context import AppContext
from smkdesk.gui.journeys.board import COLUMN_MIN_PX
from smkdesk.gui.journeys.page import WorkshopsPage
from smkdesk.gui.journeys.presentation import (
    MIN_HINT_PX,
    PresentationWindow,
    covered_colour,
    fill_stage,
    gap_colour,
)
from smkdesk.gui.theme import dark_palette, light_palette

pytestmark = pytest.mark.gui
WAIT = 10_000
LONG_NAME = "Retail leadership team – buyer's journey workshop for the autumn planning round"
LONG_TITLE = (
    "Harbour & Pine grows foodservice pipeline 38% with one shared account view across "
    "fourteen regional wholesale markets"
)
# the page's share of a 1024×700 main window (menu, workspace bar and status bar
# take the rest), and of a maximised 1600×1000 one
SMALL, LARGE = (1008, 600), (1584, 900)


def _workshop(lib: Library, gh) -> int:
    w = lib.journeys.create_workshop(LONG_NAME, date(2026, 9, 17), personas=["CFO"])
    first = w.stages[0].questions[0]
    lib.journeys.add_answer(first.id, "sales", "CFOs talk about pipeline that stalls after a call")
    lib.journeys.add_answer(first.id, "marketing", "Search data: 'content findability'")
    lib.journeys.link_asset(first.id, gh.add_link(lib, LONG_TITLE, personas=("CFO",)))
    lib.journeys.set_content_needed(w.stages[2].questions[1].id, True, "Hannah")
    return w.id


def _page(qtbot, app_ctx: AppContext, size: tuple[int, int]) -> WorkshopsPage:
    page = WorkshopsPage(app_ctx)
    page.resize(*size)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.panel.question is not None, timeout=WAIT)
    return page


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, widget.rect().topLeft()), widget.size())


def _whole(widget: QWidget, ancestor: QWidget) -> bool:
    """Shown at least at its minimum size, and inside ``ancestor``."""
    hint = widget.minimumSizeHint()
    inside = ancestor.rect().contains(_rect_in(widget, ancestor))
    return widget.width() >= hint.width() and widget.height() >= hint.height() and inside


def test_the_board_fits_a_1024_by_700_screen(qtbot, gh, lib, app_ctx: AppContext) -> None:
    _workshop(lib, gh)
    page = _page(qtbot, app_ctx, SMALL)
    assert page.minimumSizeHint().width() <= SMALL[0]
    # every stage column shows: no sideways scrolling, the Decision column included
    qtbot.waitUntil(lambda: page.board_scroll.horizontalScrollBar().maximum() == 0, timeout=WAIT)
    viewport = page.board_scroll.viewport()
    heads = [b for b in page.board.findChildren(QToolButton) if b.objectName().startswith("plan-")]
    assert len(heads) == 3
    qtbot.waitUntil(lambda: all(plan.isVisible() for plan in heads), timeout=WAIT)
    for plan in heads:
        assert viewport.rect().contains(_rect_in(plan, viewport))
    # the top row: the chooser, then the buttons, side by side and each whole
    row = [page.chooser] + [
        b for b in page.findChildren(QPushButton) if b.parent() is page and b.isVisible()
    ]
    row.sort(key=lambda w: w.x())
    assert row[0] is page.chooser and len(row) == 7
    for left, right in itertools.pairwise(row):
        assert left.geometry().right() < right.geometry().left(), (left, right)
    for widget in row[1:]:
        assert _whole(widget, page), widget.text()
    assert page.chooser.width() >= page.chooser.minimumSizeHint().width()
    # the question panel: answer, link and "content needed" controls all whole
    panel = page.panel
    controls = panel.findChildren(QPushButton) + panel.findChildren(QCheckBox)
    controls += [panel.owner, panel.search_box]
    for widget in controls:
        assert widget.isVisible() and _whole(widget, panel), widget
    for view in (panel.answers, panel.assets, panel.suggestions):
        assert view.height() >= view.fontMetrics().lineSpacing() * 3
    # a long linked title wraps: its row is no wider than the list
    assets = panel.assets
    assert assets.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    item_rect = assets.visualRect(assets.model().index(0, 0))
    assert item_rect.width() <= assets.viewport().width()
    assert item_rect.height() > assets.fontMetrics().lineSpacing() * 1.5  # two lines
    gh.dispose(qtbot, app_ctx, page)


def test_the_board_uses_a_maximised_window(qtbot, gh, lib, app_ctx: AppContext) -> None:
    _workshop(lib, gh)
    small = _page(qtbot, app_ctx, SMALL)
    chooser_small = small.chooser.width()
    gh.dispose(qtbot, app_ctx, small)
    page = _page(qtbot, app_ctx, LARGE)
    qtbot.waitUntil(lambda: page.board_scroll.width() > 0.55 * LARGE[0], timeout=WAIT)
    assert page.panel.width() >= 480  # the panel grows too
    assert page.chooser.width() > chooser_small  # more of a long name shows
    holders = [page.columns.itemAt(i).widget() for i in range(page.columns.count())]
    assert all(h is not None and h.width() > COLUMN_MIN_PX + 60 for h in holders)
    gh.dispose(qtbot, app_ctx, page)


def test_a_long_workshop_name_never_widens_the_page(qtbot, gh, lib, app_ctx: AppContext) -> None:
    _workshop(lib, gh)
    page = _page(qtbot, app_ctx, SMALL)
    full = page.chooser.fontMetrics().horizontalAdvance(page.chooser.currentText())
    assert page.chooser.sizeHint().width() < full  # sized by its first characters
    assert LONG_NAME in page.chooser.toolTip()  # the whole name is a hover away
    gh.dispose(qtbot, app_ctx, page)


def _presentation(qtbot, lib: Library, gh) -> PresentationWindow:
    w = lib.journeys.workshop(_workshop(lib, gh))
    for q in w.stages[0].questions:  # enough text to scroll
        for n in range(3):
            lib.journeys.add_answer(q.id, "sales", f"Answer {n} for this question, long enough")
    show = PresentationWindow(lib.journeys.workshop(w.id))
    qtbot.addWidget(show)
    return show


def test_presentation_hints_stay_on_one_line(qtbot, gh, lib) -> None:
    show = _presentation(qtbot, lib, gh)
    show.show()
    qtbot.waitExposed(show)
    hint = show.hint

    def one_line() -> bool:
        metrics = QFontMetrics(hint.font())
        return (
            hint.height() < 2 * metrics.lineSpacing()  # "Esc leave" on the same line
            and metrics.horizontalAdvance(hint.text()) <= hint.width()
        )

    for width, height in ((1024, 768), (1024, 700), (1280, 720), (800, 600)):
        show.resize(width, height)
        qtbot.waitUntil(lambda w=width: show.width() == w and one_line(), timeout=WAIT)
        assert hint.fontInfo().pixelSize() >= MIN_HINT_PX
    show.resize(1024, 768)
    qtbot.waitUntil(lambda: show.hint.fontInfo().pixelSize() >= 20, timeout=WAIT)
    show.close()


def test_presentation_scrolls_by_whole_lines(qtbot, gh, lib) -> None:
    show = _presentation(qtbot, lib, gh)
    show.resize(1024, 700)
    show.show()
    qtbot.waitExposed(show)
    bar = show.body.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT)
    seen = []
    for _ in range(40):
        qtbot.keyClick(show, Qt.Key.Key_Down)
        tops = show.line_tops()
        assert bar.value() in tops, bar.value()  # the top line starts at the view's top
        seen.append(bar.value())
        if bar.value() == bar.maximum():
            break
    assert bar.value() == bar.maximum() and len(seen) > 1
    assert seen == sorted(seen)
    for _ in range(40):
        qtbot.keyClick(show, Qt.Key.Key_Up)
        assert bar.value() == 0 or bar.value() in show.line_tops()
        if bar.value() == 0:
            break
    assert bar.value() == 0
    show.close()


def test_brief_dialog_has_room(qtbot, app_ctx: AppContext) -> None:
    from smkdesk.gui.journeys.brief_dialog import BriefDialog

    dialog = BriefDialog(app_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() >= 480 and dialog.height() >= dialog.minimumSizeHint().height()
    for widget in (dialog.persona, dialog.sector, dialog.stage, dialog.account, dialog.ok):
        assert _whole(widget, dialog)
    assert dialog.account.width() >= 360  # a sector path or an account name fits
    dialog.reject()


def _luminance(c: QColor) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def _contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("palette", [light_palette, dark_palette], ids=["light", "dark"])
def test_gap_and_content_colours_read_on_the_palette(palette) -> None:
    pal = palette()
    for colour in (gap_colour(pal), covered_colour(pal)):
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            assert _contrast(colour, pal.color(role)) >= 4.5, (colour.name(), role)


def test_cards_and_presentation_follow_a_dark_palette(qtbot, gh, lib, app_ctx) -> None:
    from PySide6.QtGui import QTextDocument

    wid = _workshop(lib, gh)
    page = _page(qtbot, app_ctx, SMALL)
    card = next(iter(page.cards.values()))
    role = QPalette.ColorRole.WindowText
    assert card.status.palette().color(role) == covered_colour(light_palette())
    page.setPalette(dark_palette())  # as View → Theme → Dark does for every widget
    qtbot.waitUntil(
        lambda: card.status.palette().color(role) == covered_colour(dark_palette()), timeout=WAIT
    )
    gap_card = next(c for c in page.cards.values() if c.is_gap)
    assert gap_card.status.palette().color(role) == gap_colour(dark_palette())

    doc = QTextDocument()
    fill_stage(doc, lib.journeys.workshop(wid), 2, dark_palette())
    colours = set()
    block = doc.begin()
    while block.isValid():
        for fmt in block.textFormats():
            colours.add(fmt.format.foreground().color().name())
        block = block.next()
    assert gap_colour(dark_palette()).name() in colours
    gh.dispose(qtbot, app_ctx, page)
