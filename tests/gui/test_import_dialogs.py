"""Cataloguing at import: the Import dialog's type, status and review date
(prefilled from Preferences), bulk edit of type, review date and ABM tier,
the Preferences for new imports, and whole reasons in the import summary.
Focus, Enter and Escape in each."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from smkdesk.core.catalogue.dto import ImportOutcome, ImportReport
from smkdesk.core.catalogue.options import months_ahead
from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext
from smkdesk.gui.dialogs.profile import ProfileDialog
from smkdesk.gui.library.bulk_edit import BulkEditDialog
from smkdesk.gui.library.import_dialog import ImportDialog
from smkdesk.gui.library.import_summary import ImportSummaryDialog
from smkdesk.gui.widgets.fields import set_combo_value
from smkdesk.gui.widgets.review_date import NO_DATE

pytestmark = pytest.mark.gui
WAIT = 10_000


def test_import_dialog_offers_type_status_and_review_date(
    qtbot, app_ctx: AppContext, tmp_path: Path
) -> None:
    app_ctx.settings.set(keys.IMPORT_STATUS, "draft")
    app_ctx.settings.set(keys.IMPORT_REVIEW_MONTHS, 6)
    dialog = ImportDialog(app_ctx, [tmp_path / "a.docx"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.type_combo
    assert dialog.ok.isDefault()
    set_combo_value(dialog.type_combo, "Case study")
    options = dialog.options()
    assert (options.status, options.asset_type) == ("draft", "Case study")
    assert options.review_by == months_ahead(6)
    dialog.review.setDate(NO_DATE)  # "No review date"
    assert dialog.review.text() == "No review date" and dialog.options().review_by is None
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        qtbot.keyClick(dialog.type_combo, Qt.Key.Key_Return)

    again = ImportDialog(app_ctx, [tmp_path / "a.docx"])
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    with qtbot.waitSignal(again.rejected, timeout=WAIT):
        qtbot.keyClick(again.type_combo, Qt.Key.Key_Escape)


def test_defaults_without_preferences_are_published_and_a_year(
    qtbot, app_ctx: AppContext, tmp_path: Path
) -> None:
    dialog = ImportDialog(app_ctx, [tmp_path / "a.docx"])
    qtbot.addWidget(dialog)
    assert dialog.options().status == "published"
    assert dialog.options().review_by == months_ahead(12)


def test_preferences_hold_the_import_defaults(qtbot, tmp_path: Path) -> None:
    from smkdesk.gui.settings import Settings

    settings = Settings(tmp_path / "p.ini")
    first = ProfileDialog(settings, None, first_run=True)
    qtbot.addWidget(first)
    assert not first.imports.isVisibleTo(first)  # the first run asks only who you are
    assert first.missing.text() == "Type your name and pick your role to go on."
    settings.set(keys.USER_NAME, "Dana Lee")
    settings.set(keys.USER_ROLE, "marketer")
    prefs = ProfileDialog(settings, None, first_run=False)
    qtbot.addWidget(prefs)
    prefs.show()
    qtbot.waitExposed(prefs)
    assert prefs.imports.isVisibleTo(prefs) and not prefs.missing.isVisibleTo(prefs)
    assert prefs.focusWidget() is prefs.name
    set_combo_value(prefs.import_status, "draft")
    prefs.review_months.setValue(0)
    assert prefs.review_months.text() == "No review date"
    with qtbot.waitSignal(prefs.accepted, timeout=WAIT):
        qtbot.keyClick(prefs.name, Qt.Key.Key_Return)
    assert settings.get(keys.IMPORT_STATUS) == "draft"
    assert settings.get(keys.IMPORT_REVIEW_MONTHS) == 0


def test_bulk_edit_sets_type_review_date_and_tier(qtbot, app_ctx: AppContext, gh) -> None:
    lib = app_ctx.library
    ids = [gh.add_link(lib, f"Bulk {i}") for i in range(3)]
    dialog = BulkEditDialog(app_ctx, ids)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_type.setChecked(True)
    assert dialog.focusWidget() is dialog.type_combo  # ticking a field goes to it
    set_combo_value(dialog.type_combo, "Battlecard")
    dialog.set_tier.setChecked(True)
    set_combo_value(dialog.tier, "one-to-one")
    dialog.set_review.setChecked(True)
    dialog.review.setDate(QDate(2027, 5, 1))
    assert "sets the type to Battlecard" in dialog.summary.text()
    assert "sets the review date to 01 May 2027" in dialog.summary.text()
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        qtbot.keyClick(dialog.review, Qt.Key.Key_Return)
    got = {(a.type, a.abm_tier, a.review_by) for a in (lib.assets.get(i) for i in ids)}
    assert got == {("Battlecard", "one-to-one", date(2027, 5, 1))}

    clear = BulkEditDialog(app_ctx, ids[:1])
    qtbot.addWidget(clear)
    clear.set_review.setChecked(True)
    clear.review.setDate(NO_DATE)
    assert "clears the review date" in clear.summary.text()
    assert clear.asset_update().review_by == ""
    gh.wait_idle(qtbot, app_ctx)


def test_import_summary_shows_reasons_whole(qtbot) -> None:
    reason = (
        "a copy of procurement-checklist.docx (same content), which this import kept; "
        "the file is a second copy that a colleague saved from an e-mail attachment last spring"
    )
    report = ImportReport(
        (
            ImportOutcome(Path("procurement-checklist (copy).docx"), "rejected", reason=reason),
            ImportOutcome(Path("procurement-checklist.docx"), "imported", asset_id=1, title="P"),
        ),
        total=2,
    )
    dialog = ImportSummaryDialog(report)
    qtbot.addWidget(dialog)
    dialog.resize(700, 440)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    index = dialog.proxy.index(0, 2)
    assert index.data() == reason and index.data(Qt.ItemDataRole.ToolTipRole) == reason
    one_line = table.fontMetrics().height() + 10
    assert table.wordWrap() and table.rowHeight(0) > one_line  # wrapped, not cut
    assert reason in dialog.detail.text() and "procurement-checklist (copy).docx" in (
        dialog.detail.text()
    )
    assert dialog.focusWidget() is table
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Rejected  # Close: nothing to undo
