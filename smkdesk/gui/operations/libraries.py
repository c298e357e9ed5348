"""Which library is open: File → New library, Open library, Open recent.
The window only asks; the application opens the folder (``library_switch_requested``,
``recent_requested``), since a new library needs a new window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMenu

from smkdesk.core.library import is_library
from smkdesk.gui import settings as keys

if TYPE_CHECKING:
    from smkdesk.gui.mainwindow import MainWindow


def new_library(window: MainWindow) -> None:
    folder = QFileDialog.getExistingDirectory(window, "Choose an empty folder for the new library")
    if folder:
        window.library_switch_requested.emit(Path(folder))


def open_library(window: MainWindow) -> None:
    folder = QFileDialog.getExistingDirectory(window, "Open a library folder")
    if folder:
        window.library_switch_requested.emit(Path(folder))


def fill_recent(window: MainWindow, menu: QMenu) -> None:
    """File → Open recent, filled as it opens: a library gone since says so."""
    menu.clear()
    current = str(window.ctx.library.path)
    recent = [p for p in window.ctx.settings.get(keys.RECENT_LIBRARIES) if p != current]
    if not recent:
        menu.addAction("No other recent libraries").setEnabled(False)
    for path in recent:
        found = is_library(Path(path))
        act = menu.addAction(path if found else f"{path} (not found)")
        if not found:
            act.setToolTip("Not found there any more: choose to locate it or open another")
        act.triggered.connect(lambda _=False, p=path: window.recent_requested.emit(Path(p)))
