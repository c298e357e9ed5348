"""The main window's commands: every action runs one function of
``gui/operations/``, and the commands that open a dialog open it ready for
the keyboard (File → Add link is the example here)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from smkdesk.gui.actions import SPECS
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.add_link import AddLinkDialog
from smkdesk.gui.mainwindow import COMMANDS, MainWindow
from smkdesk.gui.operations import general

pytestmark = pytest.mark.gui
WAIT = 10_000


def test_every_action_has_exactly_one_command(window: MainWindow) -> None:
    assert set(COMMANDS) == set(SPECS)
    assert set(window.actions_) == set(SPECS)


def test_every_action_is_in_a_menu(window: MainWindow) -> None:
    """Each command can be found with the mouse too, not only by its keys."""

    def actions(menu: QMenu) -> set[str]:
        found = set()
        for act in menu.actions():
            if (sub := act.menu()) is not None:
                found |= actions(sub)
            found.add(act.text())
        return found

    in_menus: set[str] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        in_menus |= actions(menu)
    missing = [n for n, a in window.actions_.items() if a.text() not in in_menus]
    assert missing == []


def test_shortcut_list_names_each_key_once(window: MainWindow) -> None:
    rows = dict(general.shortcut_rows(window))
    assert rows["Go to Library"] == "Ctrl+1" and rows["Go to Workshops"] == "Ctrl+5"
    assert rows["Import files"] == "Ctrl+I"
    assert rows["Retire"] == "Ctrl+Shift+Del"
    assert rows["Log: sent to a prospect"] == "Ctrl+Alt+S"
    assert len(rows) == len(general.shortcut_rows(window))  # no command twice


def add_link_dialog(qtbot, window: MainWindow) -> AddLinkDialog:
    window.actions_["add_link"].trigger()
    dialog = window.findChild(AddLinkDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_add_link_starts_in_the_address_and_enter_adds_it(
    qtbot, gh, app_ctx: AppContext, window: MainWindow
) -> None:
    dialog = add_link_dialog(qtbot, window)
    assert dialog.focusWidget() is dialog.address
    assert dialog.ok.isDefault() and dialog.ok.text() == "&Add link"
    qtbot.keyClicks(dialog.address, "https://example.com/roi-video")
    qtbot.keyClick(dialog.address, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.title_edit
    qtbot.keyClicks(dialog.title_edit, "  ROI   video ")
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=WAIT):
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.findChild(AddLinkDialog) is None, timeout=WAIT)  # closed
    gh.search(qtbot, window.page)
    assert gh.result_titles(window.page) == ["ROI video"]
    asset = app_ctx.library.assets.get(window.page.model.asset(0).id)
    assert asset.kind == "link" and asset.url == "https://example.com/roi-video"


def test_add_link_says_what_is_missing_under_the_field(
    qtbot, app_ctx: AppContext, window: MainWindow
) -> None:
    dialog = add_link_dialog(qtbot, window)
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)  # nothing typed: Enter never cancels
    assert dialog.isVisible()
    assert dialog.address_error.isVisible() and "web address" in dialog.address_error.text()
    qtbot.keyClicks(dialog.address, "example.com")  # typing clears the message
    assert not dialog.address_error.isVisible()
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)
    assert "http" in dialog.address_error.text() and dialog.focusWidget() is dialog.address
    dialog.address.setText("https://example.com")
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)  # no title yet: focus goes there
    assert dialog.isVisible() and dialog.focusWidget() is dialog.title_edit
    assert dialog.title_error.isVisible() and "title" in dialog.title_error.text()
    assert app_ctx.library.assets.count(include_retired=True) == 0


def test_add_link_escape_cancels(qtbot, app_ctx: AppContext, window: MainWindow) -> None:
    dialog = add_link_dialog(qtbot, window)
    qtbot.keyClicks(dialog.address, "https://example.com")
    rejected: list[bool] = []
    dialog.rejected.connect(lambda: rejected.append(True))
    qtbot.keyClick(dialog.address, Qt.Key.Key_Escape)
    assert rejected == [True]
    qtbot.waitUntil(lambda: window.findChild(AddLinkDialog) is None, timeout=WAIT)
    assert app_ctx.library.assets.count(include_retired=True) == 0
