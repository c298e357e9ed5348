"""The keyboard in every small dialog: which field has focus when it opens,
what Enter and Escape do, and what a missing required value says.

Keys go to the widget that has focus (``dialog.focusWidget()``), as a user's do.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from smkdesk.core.catalogue.dto import ImportOptions
from smkdesk.core.changes import User
from smkdesk.core.library import Library
from smkdesk.core.usage.events import UsageContext
from smkdesk.core.usage.review import ReviewSettings
from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext
from smkdesk.gui.events import ChangeBus
from smkdesk.gui.library.edit_asset import EditAssetDialog
from smkdesk.gui.library.log_use import LogUseDialog
from smkdesk.gui.settings import Settings
from smkdesk.gui.tasks import TaskManager
from smkdesk.gui.taxonomy.dialog import TaxonomyDialog
from smkdesk.gui.taxonomy.prompts import AddTermDialog
from smkdesk.gui.usage.deals_dialog import DealsDialog
from smkdesk.gui.usage.lifecycle_dialogs import (
    OwnerDialog,
    RetireDialog,
    ReviewSettingsDialog,
    keep_dialog,
)
from smkdesk.gui.widgets.fields import confirm, ok_cancel

pytestmark = pytest.mark.gui
WAIT = 5000
Accepted, Rejected = QDialog.DialogCode.Accepted, QDialog.DialogCode.Rejected


@pytest.fixture
def ctx(tmp_path: Path, qapp: object) -> Iterator[AppContext]:
    library = Library.create(tmp_path / "lib")
    tasks = TaskManager()
    context = AppContext(library, tasks, ChangeBus(), Settings(tmp_path / "s.ini"))
    context.settings.set(keys.USER_NAME, "Sam Rep")
    context.settings.set(keys.USER_ROLE, "sales rep")
    yield context
    tasks.wait(5000)
    library.close()


def shown(qtbot, dialog: QDialog) -> QWidget:
    """Show ``dialog`` as a user sees it; return the widget that has focus."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    focus = dialog.focusWidget()
    assert focus is not None
    return focus


def within(field: QWidget, focus: QWidget | None) -> bool:
    """``focus`` is ``field`` or part of it (an editable combo's line edit)."""
    return focus is not None and (focus is field or field.isAncestorOf(focus))


def press(qtbot, widget: QWidget, key: Qt.Key) -> None:
    qtbot.keyClick(widget, key)


# -- retire: the lost-work case -------------------------------------------------------------
def test_retire_dialog_has_focus_in_the_reason_and_enter_retires(qtbot) -> None:
    dialog = RetireDialog(["Old pricing deck"])
    focus = shown(qtbot, dialog)
    assert within(dialog.reason, focus)  # typing goes into the reason
    assert dialog.ok.isEnabled() and dialog.ok.isDefault()
    qtbot.keyClicks(focus, "Superseded by the 2026 kit")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        press(qtbot, focus, Qt.Key.Key_Return)
    assert dialog.result() == Accepted
    assert dialog.text() == "Superseded by the 2026 kit"
    assert dialog.reason.count() == 5  # Enter did not add the text to the list


def test_retire_without_a_reason_says_so_inline_and_stays_open(qtbot) -> None:
    dialog = RetireDialog(["Old pricing deck", "Stale case study"])
    focus = shown(qtbot, dialog)
    assert dialog.error.isHidden()  # no scolding before anything happened
    press(qtbot, focus, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != Accepted
    assert dialog.error.isVisible() and "reason" in dialog.error.text()
    assert within(dialog.reason, dialog.focusWidget())
    qtbot.keyClicks(focus, "Off-brand")
    assert dialog.error.isHidden()
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        press(qtbot, focus, Qt.Key.Key_Enter)  # the keypad's Enter too


def test_retire_picks_a_common_reason_from_the_keyboard(qtbot) -> None:
    dialog = RetireDialog(["Old pricing deck"])
    focus = shown(qtbot, dialog)
    press(qtbot, focus, Qt.Key.Key_Down)  # the first common reason
    assert dialog.text() == "Outdated"
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        press(qtbot, dialog.focusWidget(), Qt.Key.Key_Return)


def test_escape_cancels_and_enter_on_a_focused_cancel_still_means_ok(qtbot) -> None:
    dialog = RetireDialog(["Old pricing deck"])
    focus = shown(qtbot, dialog)
    with qtbot.waitSignal(dialog.rejected, timeout=WAIT):
        press(qtbot, focus, Qt.Key.Key_Escape)
    assert dialog.result() == Rejected

    again = RetireDialog(["Old pricing deck"])
    focus = shown(qtbot, again)
    qtbot.keyClicks(focus, "Outdated")
    cancel = again.buttons.button(again.buttons.StandardButton.Cancel)
    cancel.setFocus()
    assert not cancel.autoDefault()
    with qtbot.waitSignal(again.accepted, timeout=WAIT):
        press(qtbot, cancel, Qt.Key.Key_Return)  # never a silent cancel


def test_ok_cancel_keeps_ok_the_default(qtbot) -> None:
    holder = QDialog()
    box, ok = ok_cancel("&Apply", holder)
    assert ok.isDefault() and ok.text() == "&Apply"
    assert box.button(box.StandardButton.Cancel).text() == "&Cancel"
    holder.deleteLater()


# -- the other review-queue dialogs ---------------------------------------------------------
def test_owner_dialog_focus_inline_message_and_enter(qtbot) -> None:
    dialog = OwnerDialog(["Chris Content", "Dana Lee"], 2)
    focus = shown(qtbot, dialog)
    assert within(dialog.owner, focus)
    press(qtbot, focus, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.isVisible()
    qtbot.keyClicks(focus, "Pat Writer")
    assert dialog.error.isHidden()
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        press(qtbot, focus, Qt.Key.Key_Return)
    assert dialog.value() == "Pat Writer"


def test_date_and_rules_dialogs_focus_their_first_field(qtbot) -> None:
    keep = keep_dialog(1)
    focus = shown(qtbot, keep)
    assert within(keep.date_edit, focus)
    with qtbot.waitSignal(keep.accepted, timeout=WAIT):
        press(qtbot, focus, Qt.Key.Key_Return)

    rules = ReviewSettingsDialog(ReviewSettings())
    focus = shown(qtbot, rules)
    assert within(rules.unused, focus)
    with qtbot.waitSignal(rules.rejected, timeout=WAIT):
        press(qtbot, focus, Qt.Key.Key_Escape)


# -- log use --------------------------------------------------------------------------------
def add(lib: Library, title: str, n: int, **options: object) -> int:
    url = f"https://example.com/k/{n}"
    return lib.assets.add_link(url, title, ImportOptions(**options)).id  # type: ignore[arg-type]


def test_log_use_focuses_the_account_and_enter_logs(ctx: AppContext, qtbot) -> None:
    aid = add(ctx.library, "Battlecard", 1)
    dialog = LogUseDialog(ctx, ctx.library.assets.get(aid))
    focus = shown(qtbot, dialog)
    assert focus is dialog.account
    qtbot.keyClicks(focus, "Acme Retail")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        press(qtbot, focus, Qt.Key.Key_Return)
    event = ctx.library.usage.history(aid)[0]
    assert (event.action, event.account) == ("sent", "Acme Retail")


def test_log_use_completes_this_assets_accounts_first(ctx: AppContext, qtbot) -> None:
    lib, rep = ctx.library, User("Sam Rep")
    aid, other = add(lib, "Case study", 2), add(lib, "Pitch deck", 3)
    lib.usage.log(other, "sent", rep, UsageContext(account="Acme Retail"))
    lib.usage.log(aid, "sent", rep, UsageContext(account="Harbour & Pine"))
    lib.usage.log(other, "sent", rep, UsageContext(account="Acme Logistics"))
    dialog = LogUseDialog(ctx, lib.assets.get(aid))
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.accounts.rowCount() == 3, timeout=WAIT)
    names = [dialog.accounts.item(r).text() for r in range(3)]
    assert names == ["Harbour & Pine", "Acme Logistics", "Acme Retail"]
    assert dialog.accounts.item(0).font().bold() and not dialog.accounts.item(1).font().bold()
    completer = dialog.account.completer()
    completer.setCompletionPrefix("a")  # "contains": Harbour & Pine matches "a" too
    shown_names = [completer.completionModel().index(r, 0).data() for r in range(3)]
    assert shown_names[0] == "Harbour & Pine"
    dialog.reject()


def test_feedback_without_a_rating_asks_for_one_inline(ctx: AppContext, qtbot) -> None:
    aid = add(ctx.library, "FAQ", 4)
    dialog = LogUseDialog(ctx, ctx.library.assets.get(aid), action="feedback")
    focus = shown(qtbot, dialog)
    assert dialog.ok.isEnabled()
    press(qtbot, focus, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.rating_error.isVisible()
    assert "Helpful" in dialog.rating_error.text()
    dialog.not_helpful.setChecked(True)
    assert dialog.rating_error.isHidden()
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        press(qtbot, dialog.account, Qt.Key.Key_Return)
    assert ctx.library.usage.history(aid)[0].rating == -1


def test_logging_a_draft_as_sent_asks_first(ctx: AppContext, qtbot) -> None:
    aid = add(ctx.library, "Lead SLA whitepaper", 5, status="draft")
    asked: list[str] = []
    answers = iter([False, True])

    def answer(_title: str, text: str, _action: str) -> bool:
        asked.append(text)
        return next(answers)

    dialog = LogUseDialog(ctx, ctx.library.assets.get(aid))
    focus = shown(qtbot, dialog)
    dialog.confirm = answer
    press(qtbot, focus, Qt.Key.Key_Return)
    assert len(asked) == 1 and "is a draft" in asked[0] and "Log it as sent anyway?" in asked[0]
    assert dialog.isVisible() and ctx.library.usage.history(aid) == ()  # "no" logs nothing
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        press(qtbot, focus, Qt.Key.Key_Return)
    assert [e.action for e in ctx.library.usage.history(aid)] == ["sent"]


def test_confirm_box_enter_presses_the_named_action(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    answers: list[bool] = []

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert box.defaultButton().text() == "Log as sent"
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press_enter)
    answers.append(confirm(parent, "Not published yet", "Log it as sent anyway?", "Log as sent"))

    def press_escape() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(0, press_escape)
    answers.append(confirm(parent, "Not published yet", "Log it as sent anyway?", "Log as sent"))
    assert answers == [True, False]


# -- edit, taxonomy, deals --------------------------------------------------------------------
def test_edit_dialog_focuses_the_title_enter_saves_escape_cancels(ctx: AppContext, qtbot) -> None:
    aid = add(ctx.library, "Old title", 6)
    dialog = EditAssetDialog(ctx, ctx.library.assets.get(aid))
    focus = shown(qtbot, dialog)
    assert focus is dialog.title_edit
    focus.selectAll()
    qtbot.keyClicks(focus, "New title")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        press(qtbot, focus, Qt.Key.Key_Return)
    assert ctx.library.assets.get(aid).title == "New title"

    again = EditAssetDialog(ctx, ctx.library.assets.get(aid))
    focus = shown(qtbot, again)
    with qtbot.waitSignal(again.rejected, timeout=WAIT):
        press(qtbot, focus, Qt.Key.Key_Escape)


def test_add_term_dialog_asks_for_a_name_inline(qtbot) -> None:
    dialog = AddTermDialog(None, "persona")
    focus = shown(qtbot, dialog)
    assert focus is dialog.name
    press(qtbot, focus, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.isVisible()
    qtbot.keyClicks(focus, "Head of RevOps")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        press(qtbot, focus, Qt.Key.Key_Return)
    assert dialog.value() == ("Head of RevOps", None)


def test_taxonomy_dialog_enter_on_a_value_does_not_close_it(ctx: AppContext, qtbot) -> None:
    dialog = TaxonomyDialog(ctx)
    focus = shown(qtbot, dialog)
    assert focus is dialog.pane.view
    press(qtbot, focus, Qt.Key.Key_Down)
    press(qtbot, focus, Qt.Key.Key_Return)
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.rejected, timeout=WAIT):
        press(qtbot, focus, Qt.Key.Key_Escape)


def test_deals_dialog_focuses_the_list_enter_stays_escape_closes(ctx: AppContext, qtbot) -> None:
    dialog = DealsDialog(ctx)
    focus = shown(qtbot, dialog)
    assert focus is dialog.table
    press(qtbot, focus, Qt.Key.Key_Return)
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.rejected, timeout=WAIT):
        press(qtbot, focus, Qt.Key.Key_Escape)
    ctx.tasks.wait(5000)
