"""Dialogs of the content requests page: pick the asset that answers a request,
and dismiss requests as noise with a reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.requests.service import DISMISS_REASONS
from smkdesk.gui.widgets.fields import ErrorLabel, buddy_label, hint_label, ok_cancel


class DismissDialog(QDialog):
    """Dismiss requests as noise, with a reason. The reason has focus; Enter
    dismisses once there is one (and a note, for "other"), and says inline
    what is missing otherwise."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dismiss request")
        intro = hint_label(
            f"Dismiss {what}? It leaves the open list (Show: Dismissed lists it) and can be "
            "brought back with Reopen."
        )
        self.reason = QComboBox()
        for code, label in DISMISS_REASONS:
            self.reason.addItem(label, code)
        self.reason.setCurrentIndex(-1)
        self.reason.setPlaceholderText("Why is it not a content need? (required)")
        self.reason.setToolTip("Kept with the request; shown in the Status column")
        self.note = QLineEdit()
        self.note.setPlaceholderText("A few words more (required for “other”)")
        self.note.setClearButtonEnabled(True)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(buddy_label("&Reason:", self.reason), self.reason)
        form.addRow(buddy_label("&Note:", self.note), self.note)
        form.addRow(self.error)  # under both fields: it may be about either
        self.buttons, self.ok = ok_cancel("&Dismiss", self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reason.currentIndexChanged.connect(lambda _i: self.error.show_message(""))
        self.note.textChanged.connect(lambda _t: self.error.show_message(""))
        self.reason.setFocus()
        self.resize(480, self.sizeHint().height())

    def code(self) -> str:
        return str(self.reason.currentData() or "")

    def note_text(self) -> str:
        return " ".join(self.note.text().split())

    def accept(self) -> None:
        if not self.code():
            self.error.show_message("Pick a reason to dismiss it.")
            self.reason.setFocus()
            return
        if self.code() == "other" and not self.note_text():
            self.error.show_message("Say why in a note when the reason is “other”.")
            self.note.setFocus()
            return
        super().accept()
