"""The review queue page on a real library with a controlled clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton, QStatusBar

from smkdesk.core.changes import User
from smkdesk.gui.context import AppContext
from smkdesk.gui.statusbar import LibraryStatusBar
from smkdesk.gui.usage.lifecycle_dialogs import OwnerDialog, RetireDialog
from smkdesk.gui.usage.review_page import ReviewPage

pytestmark = pytest.mark.gui
TODAY = date(2026, 6, 1)
WAIT = 10_000


def at(d: date) -> datetime:
    return datetime.combine(d, datetime.min.time()) + timedelta(hours=9)


@pytest.fixture
def assets(gh, lib) -> dict[str, int]:
    ids = {
        "old": gh.add_link(lib, "Old unused deck", owner="Ana"),
        "stale": gh.add_link(lib, "Stale case study", owner="Ben"),
        "fresh": gh.add_link(lib, "Fresh battlecard", owner="Ben"),
    }
    for aid in ids.values():
        lib.assets.set_created(aid, at(date(2025, 6, 1)))
    rep = User("Sam Rep", "sales rep")
    lib.usage.log(ids["stale"], "sent", rep, when=at(date(2026, 1, 10)))
    lib.usage.log(ids["fresh"], "sent", rep, when=at(date(2026, 5, 20)))
    return ids


@pytest.fixture
def review(app_ctx: AppContext, qtbot, gh, assets) -> Iterator[ReviewPage]:
    page = ReviewPage(app_ctx, today=TODAY)
    page.resize(1200, 700)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    yield page
    page._reload.stop()
    gh.dispose(qtbot, app_ctx, page)


@pytest.fixture
def status(review: ReviewPage, app_ctx: AppContext) -> Iterator[LibraryStatusBar]:
    """The window's status bar, where the page offers its Undo (as in the app)."""
    bar = QStatusBar()
    status = LibraryStatusBar(app_ctx, bar, [])
    review.undo_offered.connect(status.offer_undo)
    bar.show()
    yield status
    bar.close()
    bar.deleteLater()


def titles(page: ReviewPage) -> list[str]:
    return sorted(page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount()))


def select_titles(page: ReviewPage, wanted: set[str]) -> None:
    page.table.clearSelection()
    selection = page.table.selectionModel()
    for r in range(page.proxy.rowCount()):
        index = page.proxy.index(r, 0)
        if index.data() in wanted:
            selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)


def test_queue_lists_flagged_assets_with_reasons(review: ReviewPage, qtmodeltester) -> None:
    assert titles(review) == ["Old unused deck", "Stale case study"]
    reasons = {
        review.proxy.index(r, 0).data(): review.proxy.index(r, 1).data()
        for r in range(review.proxy.rowCount())
    }
    assert reasons == {"Old unused deck": "Never used", "Stale case study": "Not used recently"}
    tips = {review.proxy.index(r, 1).data(Qt.ItemDataRole.ToolTipRole) for r in range(2)}
    assert any("added" in tip for tip in tips)  # the full reason, e.g. "added 365 days ago"
    assert "2 assets to review" in review.summary.text()
    qtmodeltester.check(review.queue_model)
    qtmodeltester.check(review.proxy)
    review.reason.setCurrentIndex(review.reason.findData("never_used"))
    assert titles(review) == ["Old unused deck"]
    review.reason.setCurrentIndex(0)
    review.filter.setText("stale")
    assert titles(review) == ["Stale case study"]


def test_retire_several_with_a_reason_then_undo_and_restore(
    review: ReviewPage, status: LibraryStatusBar, app_ctx: AppContext, lib, assets, qtbot
) -> None:
    assert not review.actions_["retire"].isEnabled()
    select_titles(review, {"Old unused deck", "Stale case study"})
    assert review.actions_["retire"].isEnabled()
    review.actions_["retire"].trigger()
    dialog = review.findChild(RetireDialog)
    assert dialog is not None
    dialog.ok.click()  # no reason yet: the dialog stays and asks for one inline
    assert dialog.isVisible() and dialog.error.text()
    dialog.reason.setEditText("Superseded by the 2026 kit")
    assert dialog.ok.isEnabled()
    with qtbot.waitSignal(review.loaded, timeout=WAIT):
        dialog.ok.click()
    assert titles(review) == []
    assert review.stack.currentWidget() is review.empty
    assert status.undo_box.isVisible() and "Superseded" in status.undo_offered
    # one Undo place, the status bar's: the page has no Undo (nor Alt+U) of its own
    assert all("Undo" not in b.text() for b in review.findChildren(QPushButton))
    trail = lib.lifecycle.audit(assets["old"])
    assert (trail[0].action, trail[0].reason, trail[0].user_name) == (
        "retire",
        "Superseded by the 2026 kit",
        "Dana Lee",
    )

    review.retired_button.click()
    assert titles(review) == ["Old unused deck", "Stale case study"]
    assert review.actions_["restore"].isVisible()
    with qtbot.waitSignal(review.loaded, timeout=WAIT):
        status.undo_button.click()
    assert titles(review) == []  # nothing retired any more
    assert status.undo_box.isHidden()
    review.queue_button.click()
    assert titles(review) == ["Old unused deck", "Stale case study"]
    assert lib.assets.get(assets["old"]).status == "published"

    lib.lifecycle.retire([assets["old"]], "Off-brand")
    app_ctx.bus.publish(lib.lifecycle.retire([assets["stale"]], "Off-brand"))
    qtbot.waitUntil(lambda: titles(review) == [], timeout=WAIT)
    review.retired_button.click()
    select_titles(review, {"Stale case study"})
    with qtbot.waitSignal(review.loaded, timeout=WAIT):
        review.actions_["restore"].trigger()
    assert titles(review) == ["Old unused deck"]


def test_keep_and_owner_apply_to_the_selection(
    review: ReviewPage, lib, assets, qtbot, monkeypatch
) -> None:
    select_titles(review, {"Old unused deck", "Stale case study"})
    review.actions_["owner"].trigger()
    dialog = review.findChild(OwnerDialog)
    assert dialog is not None
    dialog.ok.click()  # no owner yet: the dialog stays and asks for one inline
    assert dialog.isVisible() and dialog.error.text()
    dialog.owner.setEditText("Chris Content")
    with qtbot.waitSignal(review.loaded, timeout=WAIT):
        dialog.ok.click()
    assert {lib.assets.get(a).owner for a in (assets["old"], assets["stale"])} == {"Chris Content"}
    select_titles(review, {"Old unused deck"})
    review.actions_["keep"].trigger()
    keep = next(d for d in review.findChildren(QDialog) if d.windowTitle() == "Keep 1 asset")
    keep.date_edit.setDate(keep.date_edit.date().addDays(10))
    with qtbot.waitSignal(review.loaded, timeout=WAIT):
        keep.accept()
    assert titles(review) == ["Stale case study"]
    assert lib.lifecycle.audit(assets["old"])[0].action == "keep"


def test_open_and_show_emit_the_asset(review: ReviewPage, assets, qtbot) -> None:
    select_titles(review, {"Stale case study"})
    with qtbot.waitSignal(review.open_requested, timeout=WAIT) as opened:
        review.actions_["open"].trigger()
    assert opened.args == [assets["stale"]]
    with qtbot.waitSignal(review.asset_requested, timeout=WAIT) as shown:
        review.actions_["show"].trigger()
    assert shown.args == [assets["stale"]]


def test_rules_change_the_queue_and_are_remembered(
    review: ReviewPage, app_ctx: AppContext, qtbot
) -> None:
    from smkdesk.gui.usage.lifecycle_dialogs import ReviewSettingsDialog
    from smkdesk.gui.usage.review_page import load_rules

    review.edit_rules()
    dialog = review.findChild(ReviewSettingsDialog)
    assert dialog is not None
    dialog.stale.setValue(180)  # the stale case study was used 142 days before TODAY
    with qtbot.waitSignal(review.loaded, timeout=WAIT):
        dialog.accept()
    assert titles(review) == ["Old unused deck"]
    assert load_rules(app_ctx.settings).stale_days == 180


def test_export_writes_the_queue(review: ReviewPage, tmp_path, qtbot) -> None:
    from smkdesk.gui.widgets.exports import ExportNotice

    out = tmp_path / "queue.csv"
    review.write_csv(out)
    qtbot.waitUntil(lambda: review.findChild(ExportNotice) is not None, timeout=WAIT)
    review.findChild(ExportNotice).close()
    assert "Old unused deck" in out.read_text("utf-8")


@pytest.fixture
def honolulu() -> Iterator[None]:
    """UTC-10 all year: 09:00 UTC is 23:00 the day before."""
    import os
    import time

    before = os.environ.get("TZ")
    os.environ["TZ"] = "Pacific/Honolulu"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_days_are_the_local_days_of_stored_instants(honolulu, review: ReviewPage) -> None:
    model = review.proxy
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    last, added = headers.index("Last used"), headers.index("Added")
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    stale = rows["Stale case study"]
    # used at 09:00 UTC on 10 Jan, i.e. 23:00 on 9 Jan in Honolulu
    assert model.index(stale, last).data() == "9 Jan 2026"
    assert model.index(stale, added).data() == "31 May 2025"
    assert "(last used 9 Jan 2026)" in model.index(stale, 1).data(Qt.ItemDataRole.ToolTipRole)


def test_restore_by_hand_withdraws_the_stale_undo(
    review: ReviewPage, status: LibraryStatusBar, lib, assets, qtbot
) -> None:
    """Retire, then Restore from the Retired view: the "Retired 1 asset… Undo"
    offer goes, so nobody undoes a retirement that is already undone."""
    select_titles(review, {"Old unused deck"})
    review.actions_["retire"].trigger()
    dialog = review.findChild(RetireDialog)
    assert dialog is not None
    dialog.reason.setEditText("Off-brand")
    with qtbot.waitSignal(review.loaded, timeout=WAIT):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert status.undo_offered == "Retired 1 asset: Off-brand."
    review.retired_button.click()
    select_titles(review, {"Old unused deck"})
    with qtbot.waitSignal(review.loaded, timeout=WAIT):
        review.actions_["restore"].trigger()
    assert status.undo_offered == "" and status.undo_box.isHidden()
    assert review._last_retired == []
    review.undo_retire()  # even called directly, nothing stale is undone twice
    assert lib.assets.get(assets["old"]).status == "published"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_active_view_shows_in_both_themes(review: ReviewPage, qtbot, theme: str) -> None:
    from PySide6.QtGui import QPalette

    from smkdesk.gui.theme import dark_palette, light_palette

    palette = dark_palette() if theme == "dark" else light_palette()
    review.setPalette(palette)
    highlight = palette.color(QPalette.ColorRole.Highlight).rgb()

    def marked(button) -> bool:
        image = button.grab().toImage()
        ratio = image.devicePixelRatio()
        y = int((button.height() - 2) * ratio)
        return image.pixelColor(int(button.width() / 2 * ratio), y).rgb() == highlight

    assert review.queue_button.font().bold() and marked(review.queue_button)
    assert not review.retired_button.font().bold() and not marked(review.retired_button)
    review.retired_button.click()
    assert review.retired_button.font().bold() and marked(review.retired_button)
    assert not review.queue_button.font().bold() and not marked(review.queue_button)
