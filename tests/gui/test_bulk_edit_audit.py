"""Bulk edit and the Edit dialog: every changed field in the audit trail with
the user's name, a status-bar message that says what changed, and Undo."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from smkdesk.core.catalogue.dto import AssetUpdate, TagEdit
from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.bulk_edit import BulkEditDialog
from smkdesk.gui.library.edit_asset import EditAssetDialog
from smkdesk.gui.library.edits import describe
from smkdesk.gui.mainwindow import MainWindow


def test_describe_names_fields_and_tags() -> None:
    update = AssetUpdate(asset_type="Case study", abm_tier="one-to-few", review_by=date(2027, 1, 1))
    tags = TagEdit(add={"stage": ("Decision",)}, remove={"persona": ("CFO",)})
    assert describe(update, tags) == "type, ABM tier, review date, +stage Decision, −persona CFO"
    assert describe(AssetUpdate(owner="Sam")) == "owner"


def test_bulk_edit_says_what_changed_records_it_and_undoes(
    qtbot, gh, lib, app_ctx: AppContext, window: MainWindow
) -> None:
    app_ctx.settings.set(keys.USER_NAME, "Dana Marketer")
    ids = [
        gh.add_link(lib, f"Guide {i}", asset_type="Ebook", stages=("Awareness",)) for i in (1, 2, 3)
    ]
    gh.search(qtbot, window.page)
    window.page.table.selectAll()
    window.actions_["bulk_edit"].trigger()
    dialog = window.findChild(BulkEditDialog)
    assert dialog is not None and dialog.offer_undo is not None
    qtbot.waitSignal(dialog.loaded, timeout=5000).wait()
    dialog.set_type.setChecked(True)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("Case study"))
    dialog.set_tier.setChecked(True)
    dialog.tier.setCurrentIndex(dialog.tier.findData("one-to-few"))
    dialog.set_review.setChecked(True)
    dialog.review.setDate(QDate(2027, 6, 30))
    dialog.add.pickers["stage"].set_checked(["Decision"])
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000):
        qtbot.keyClick(dialog.tier, Qt.Key.Key_Return)  # Enter applies from a field
    status = window.status
    text = "Updated 3 assets: type, ABM tier, review date, +stage Decision"
    qtbot.waitUntil(lambda: status.undo_offered == text)
    assert status.undo_box.isVisible()
    for aid in ids:
        a = lib.assets.get(aid)
        assert (a.type, a.abm_tier, a.review_by) == ("Case study", "one-to-few", date(2027, 6, 30))
        assert a.stages == ("Awareness", "Decision")
        trail = lib.lifecycle.audit(aid)
        assert {e.action for e in trail} == {"type", "abm_tier", "review_by", "stages"}
        assert {e.user_name for e in trail} == {"Dana Marketer"}

    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000):
        qtbot.mouseClick(status.undo_button, Qt.MouseButton.LeftButton)
    assert not status.undo_offered
    for aid in ids:
        a = lib.assets.get(aid)
        assert (a.type, a.abm_tier, a.review_by, a.stages) == ("Ebook", None, None, ("Awareness",))
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Undone: Updated 3"))


def test_edit_dialog_records_the_user_and_offers_undo(
    qtbot, gh, lib, app_ctx: AppContext, window: MainWindow
) -> None:
    app_ctx.settings.set(keys.USER_NAME, "Ana Rep")
    aid = gh.add_link(lib, "Pricing FAQ", personas=("CFO",))
    gh.search(qtbot, window.page)
    window.page.table.selectRow(0)
    qtbot.waitUntil(lambda: window.page.current_asset() is not None)
    window.actions_["edit"].trigger()
    dialog = window.findChild(EditAssetDialog)
    assert dialog is not None
    dialog.title_edit.setText("Pricing FAQ 2027")
    dialog.tags.personas.set_checked(["CFO", "VP Sales"])
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000):
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.status.undo_offered == "Saved “Pricing FAQ”: title, personas")
    trail = {e.action: e for e in lib.lifecycle.audit(aid)}
    assert trail["title"].detail == "Pricing FAQ → Pricing FAQ 2027"
    assert trail["personas"].detail == "+VP Sales"
    assert {e.user_name for e in trail.values()} == {"Ana Rep"}
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000):
        qtbot.mouseClick(window.status.undo_button, Qt.MouseButton.LeftButton)
    back = lib.assets.get(aid)
    assert (back.title, back.personas) == ("Pricing FAQ", ("CFO",))


def test_bulk_dialog_on_its_own_still_applies(qtbot, gh, lib, app_ctx: AppContext) -> None:
    ids = [gh.add_link(lib, f"Sheet {i}") for i in (1, 2)]
    dialog = BulkEditDialog(app_ctx, ids)  # no status bar to offer Undo in
    qtbot.addWidget(dialog)
    dialog.set_owner.setChecked(True)
    dialog.owner.setText("Sam")
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000):
        dialog.ok.click()
    assert {a.owner for a in lib.assets.summaries(ids)} == {"Sam"}
