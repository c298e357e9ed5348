"""Typing a sales or marketing answer, or correcting one: Enter saves,
Shift+Enter starts a new line, Tab moves on, Escape cancels."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from smkdesk.gui.widgets.fields import ErrorLabel, hint_label, ok_cancel

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class AnswerDialog(QDialog):
    """One answer to ``question``: a new one from ``side``, or ``text`` to correct."""

    def __init__(
        self, side: str, question: str, text: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        editing = bool(text)
        self.setWindowTitle(f"{'Edit the' if editing else 'New'} {side} answer")
        prompt = QLabel(question)
        prompt.setTextFormat(Qt.TextFormat.PlainText)
        prompt.setWordWrap(True)
        font = prompt.font()
        font.setBold(True)
        prompt.setFont(font)
        self.edit = QPlainTextEdit(text)
        self.edit.setAccessibleName(f"{side.capitalize()} answer")
        self.edit.setPlaceholderText(
            "What sales says buyers tell them" if side == "sales" else "What marketing sees"
        )
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 5 + 12)
        self.edit.installEventFilter(self)
        self.error = ErrorLabel()
        self.edit.textChanged.connect(lambda: self.error.show_message(""))
        self.buttons, self.ok = ok_cancel("&Save" if editing else "&Add answer", self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addWidget(hint_label("Enter saves · Shift+Enter starts a new line · Esc cancels"))
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())
        self.edit.setFocus()
        self.edit.selectAll()

    def text(self) -> str:
        """The answer as typed, trimmed (blank lines and line-end spaces dropped)."""
        lines = (line.strip() for line in self.edit.toPlainText().splitlines())
        return "\n".join(line for line in lines if line)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in ENTER_KEYS
        ):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.edit.insertPlainText("\n")
            else:
                self.accept()  # Enter, Ctrl+Enter or the keypad's Enter
            return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        if not self.text():
            self.error.show_message("Type the answer first (or Esc to cancel).")
            self.edit.setFocus()
            return
        super().accept()
