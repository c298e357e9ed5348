"""Where exports go and how they end: one save dialog and one "saved" message
for every export (pre-call brief, workshop pack, audit report, CSV lists).

``choose_save_path`` opens in the user's Documents folder the first time and
in the folder of the last export afterwards (never in the program's working
folder), and adds the extension when the name has none. ``announce_export``
says what was saved where, and offers Open, Show in folder and Close::

    path = choose_save_path(self, ctx.settings, "Workshop pack", "Pack – Acme.docx",
                            WORD_FILTER)
    if path:
        task = ctx.tasks.read("Writing the pack", lambda _t: write_pack(..., path))
        task.succeeded.connect(lambda _r: announce_export(self, path, "Workshop pack"))
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PySide6.QtCore import QProcess, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from smkdesk.gui import settings as keys
from smkdesk.gui.settings import Settings

WORD_FILTER = "Word documents (*.docx)"
CSV_FILTER = "CSV files (*.csv)"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_file_name(name: str) -> str:
    """``name`` without characters a file name cannot hold (an account called
    "A/B Foods" gives "A-B Foods")."""
    cleaned = " ".join(_UNSAFE.sub("-", name).split()).strip(" .")
    return cleaned or "export"


def documents_folder() -> Path:
    """The user's Documents folder (their home folder if there is none)."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if docs and Path(docs).is_dir():
        return Path(docs)
    return Path.home()


def export_folder(settings: Settings) -> Path:
    """Where the save dialog opens: the last export's folder while it exists,
    else Documents."""
    last = settings.get(keys.EXPORT_FOLDER)
    if last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


def remember_folder(settings: Settings, path: Path) -> None:
    settings.set(keys.EXPORT_FOLDER, str(path.parent))


def suffix_of(name_filter: str) -> str:
    """The extension of the first pattern of a filter: "Word (*.docx)" gives ".docx"."""
    match = re.search(r"\*(\.[\w.]+)", name_filter)
    return match.group(1) if match else ""


def with_suffix(path: Path, suffix: str) -> Path:
    if suffix and path.suffix.lower() != suffix.lower():
        return path.with_name(path.name + suffix)
    return path


def _ask(parent: QWidget | None, caption: str, start: Path, name_filter: str) -> str:
    """The save dialog itself (tests replace this one function)."""
    name, _ = QFileDialog.getSaveFileName(parent, caption, str(start), name_filter)
    return name


def choose_save_path(
    parent: QWidget | None,
    settings: Settings,
    caption: str,
    suggested_name: str,
    name_filter: str,
) -> Path | None:
    """Ask where to save an export; ``None`` when the user cancels. The folder
    chosen is remembered for the next export."""
    suffix = suffix_of(name_filter)
    suggested = with_suffix(Path(safe_file_name(suggested_name)), suffix)
    name = _ask(parent, caption, export_folder(settings) / suggested.name, name_filter)
    if not name:
        return None
    path = with_suffix(Path(name), suffix)
    remember_folder(settings, path)
    return path


# -- after the export ---------------------------------------------------------------------
def open_path(path: Path) -> bool:
    """Open a file or folder with the desktop's application for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    """Show the file in the file manager (selected where the platform allows)."""
    if sys.platform == "win32":
        return QProcess.startDetached("explorer", [f"/select,{path}"])[0]
    if sys.platform == "darwin":
        return QProcess.startDetached("open", ["-R", str(path)])[0]
    return open_path(path.parent)


class ExportNotice(QMessageBox):
    """ "Pre-call brief saved: Brief – Acme.docx", with the folder below it.
    Enter opens the file; Escape or Close closes the message."""

    def __init__(self, parent: QWidget | None, path: Path, what: str, detail: str = "") -> None:
        super().__init__(parent)
        self.path = path
        self.setIcon(QMessageBox.Icon.Information)
        self.setWindowTitle(f"{what} saved")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(f"{what} saved: {path.name}")
        folder = f"In the folder {path.parent}"
        self.setInformativeText(f"{detail}\n{folder}" if detail else folder)
        self.open_button: QPushButton = self.addButton("&Open", QMessageBox.ButtonRole.AcceptRole)
        self.folder_button: QPushButton = self.addButton(
            "Show in &folder", QMessageBox.ButtonRole.ActionRole
        )
        self.close_button: QPushButton = self.addButton("&Close", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.open_button)
        self.setEscapeButton(self.close_button)
        self.open_button.setToolTip(f"Open {path.name} in the application your system uses for it")
        self.folder_button.setToolTip(f"Show {path.parent} in the file manager")
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: object) -> None:
        if button is self.open_button:
            open_path(self.path)
        elif button is self.folder_button:
            show_in_folder(self.path)


def announce_export(
    parent: QWidget | None, path: Path, what: str, detail: str = ""
) -> ExportNotice:
    """Say that ``what`` ("Pre-call brief") was saved at ``path``, offering
    Open and Show in folder. The message is window-modal and does not block
    the caller; it deletes itself when closed."""
    notice = ExportNotice(parent, path, what, detail)
    notice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    notice.open()
    return notice
