"""A library that is not where it was: say which one, and offer the ways on
(find where it went, open another, start a new one, or a recent library)
instead of quietly opening an empty one in its place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.library import is_library
from smkdesk.gui.widgets.fields import ErrorLabel, buddy_label, hint_label


@dataclass(frozen=True)
class Choice:
    """Where to go instead: ``path`` to open, and whether it may be created."""

    path: Path
    create: bool = False


def describe(path: Path, opened: datetime | None) -> str:
    when = f"\nLast opened {opened.strftime('%d %b %Y, %H:%M')}." if opened else ""
    gone = "The folder is gone" if not path.exists() else "The folder holds no library any more"
    return (
        f"smkdesk cannot find the library “{path.name or path}”.\n{path}\n{gone}: it may "
        f"have been moved, renamed or deleted, or sit on a drive that is not connected.{when}"
    )


class MissingLibraryDialog(QDialog):
    """Locate… (the default), Open another…, Create new, or a recent library."""

    def __init__(
        self,
        missing: Path,
        opened: datetime | None,
        recent: Sequence[str],
        new_path: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Library not found")
        self.missing, self.new_path = missing, new_path
        self.choice: Choice | None = None
        #: Folder pickers (tests replace them): (title, start folder) → folder or "".
        self.pick_folder: Callable[[str, str], str] = lambda title, start: (
            QFileDialog.getExistingDirectory(self, title, start)
        )
        text = QLabel(describe(missing, opened))
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent libraries")
        for path in recent:
            if Path(path) != missing and is_library(Path(path)):
                item = QListWidgetItem(path)
                item.setData(Qt.ItemDataRole.UserRole, path)
                self.recent.addItem(item)
        self.recent.itemActivated.connect(self._recent_chosen)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox()
        self.locate = self._button("&Locate…", "Point to where the library is now", self._locate)
        self._button("&Open another…", "Open a different library folder", self._open_other)
        self._button(
            "Create &new",
            f"Start a new, empty library in {new_path}",
            lambda: self._done(Choice(new_path, create=True)),
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText("&Quit")
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        if self.recent.count():
            layout.addWidget(buddy_label("Or open a &recent library (double-click):", self.recent))
            layout.addWidget(self.recent)
        else:
            layout.addWidget(hint_label("No other recent library was found."))
            self.recent.hide()
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.locate.setDefault(True)  # once in the dialog: Enter means Locate…
        self.locate.setFocus()
        self.resize(560, self.sizeHint().height())

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False: slot())
        return button

    def _start_folder(self) -> str:
        parent = self.missing.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        return str(parent)

    def _locate(self) -> None:
        folder = self.pick_folder(f"Where is “{self.missing.name}” now?", self._start_folder())
        if not folder:
            return
        if not is_library(Path(folder)):
            self.error.show_message(
                f"{folder} is not a smkdesk library. Pick the library's own folder, "
                "or use Open another… to start a new library there."
            )
            return
        self._done(Choice(Path(folder)))

    def _open_other(self) -> None:
        folder = self.pick_folder("Open a library folder (or an empty one)", self._start_folder())
        if folder:
            self._done(Choice(Path(folder), create=True))

    def _recent_chosen(self, item: QListWidgetItem) -> None:
        self._done(Choice(Path(str(item.data(Qt.ItemDataRole.UserRole)))))

    def _done(self, choice: Choice) -> None:
        self.choice = choice
        self.accept()
