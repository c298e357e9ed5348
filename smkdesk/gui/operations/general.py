"""Commands about the app itself: Find, Preferences, Keyboard shortcuts, About;
and ``open_dialog``, the way every command opens its dialog."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from smkdesk import __version__
from smkdesk.gui import settings as keys
from smkdesk.gui.actions import SPECS

if TYPE_CHECKING:
    from smkdesk.gui.mainwindow import MainWindow


def open_dialog(dialog: QDialog) -> None:
    """Show a window-modal dialog that frees itself when closed."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def find(window: MainWindow) -> None:
    """View → Find: the Library's search box, from any page."""
    window.workspaces.show("library")
    window.page.focus_search()


def preferences(window: MainWindow) -> None:
    """Edit → Preferences: name and role. A new role applies its default
    filters at once and brings its own workspace to the front."""
    from smkdesk.gui.dialogs.profile import ProfileDialog

    settings = window.ctx.settings
    before = settings.get(keys.USER_ROLE)
    dialog = ProfileDialog(settings, window, first_run=False)

    def saved() -> None:
        role = settings.get(keys.USER_ROLE)
        if role != before:
            window.page.role_changed(before)
            window.workspaces.show(window.workspaces.home_for(role))

    dialog.accepted.connect(saved)
    open_dialog(dialog)


def shortcut_rows(window: MainWindow) -> list[tuple[str, str]]:
    """(command, its keys) for each command with a key: the pages first (Ctrl+1…)."""
    rows = [
        (f"Go to {action.text()}", action.shortcut().toString())
        for action in window.workspaces.actions.values()
    ]
    for name, action in window.actions_.items():
        keys_ = ", ".join(k.toString() for k in action.shortcuts())
        if keys_:
            rows.append((SPECS[name].text.replace("&", "").rstrip("…"), keys_))
    return rows


def show_shortcuts(window: MainWindow) -> None:
    """Help → Keyboard shortcuts: a two-column table."""
    cells = "".join(
        f"<tr><td>{escape(what)}</td><td style='padding-left:24px'>{escape(keys_)}</td></tr>"
        for what, keys_ in shortcut_rows(window)
    )
    box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", f"<table>{cells}</table>",
                      QMessageBox.StandardButton.Close, window)  # fmt: skip
    box.setTextFormat(Qt.TextFormat.RichText)
    box.open()


def about(window: MainWindow) -> None:
    """Help → About smkdesk."""
    QMessageBox.about(
        window,
        "About smkdesk",
        f"smkdesk {__version__}\n\nOne content library for sales and marketing: "
        "find it, use it, measure it, retire it.",
    )
