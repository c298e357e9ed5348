"""The questions the taxonomy dialog asks. Tests replace these hooks."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from smkdesk.gui.widgets.fields import ErrorLabel, buddy_label, confirm, hint_label, ok_cancel

TOP_LEVEL = "(top level)"
__all__ = ["TOP_LEVEL", "AddTermDialog", "ask_item", "ask_text", "confirm"]


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    value = " ".join(value.split())
    return value if ok and value else None


def ask_item(parent: QWidget, title: str, label: str, items: Sequence[str]) -> str | None:
    if not items:
        return None
    value, ok = QInputDialog.getItem(parent, title, label, list(items), 0, False)
    return value if ok else None


class AddTermDialog(QDialog):
    """Name of a new value; for sectors also where it goes in the tree."""

    def __init__(
        self,
        parent: QWidget | None,
        label: str,
        parents: Sequence[str] | None = None,
        default_parent: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Add a {label}")
        self.name = QLineEdit()
        self.name.setMaxLength(120)
        self.name.setPlaceholderText(f"Name of the new {label}")
        form = QFormLayout()
        form.addRow(buddy_label("&Name:", self.name), self.name)
        self.under: QComboBox | None = None
        if parents is not None:
            self.under = QComboBox()
            self.under.addItems([TOP_LEVEL, *parents])
            self.under.setCurrentText(default_parent or TOP_LEVEL)
            self.under.setToolTip("Put the new sector under an existing one, or at the top level")
            form.addRow(buddy_label("&Under:", self.under), self.under)
        self.buttons, self.ok = ok_cancel("&Add", self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.error = ErrorLabel()
        self.name.textChanged.connect(self._typed)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        if parents is not None:
            layout.addWidget(hint_label("A name cannot contain '/' (it separates sector levels)."))
        layout.addWidget(self.buttons)
        self.name.setFocus()
        self.resize(380, self.sizeHint().height())

    def _typed(self, text: str) -> None:
        if text.strip():
            self.error.show_message("")

    def accept(self) -> None:
        if not self.name.text().strip():
            self.error.show_message("Type a name for the new value.")
            self.name.setFocus()
            return
        super().accept()

    def value(self) -> tuple[str, str | None]:
        under = self.under.currentText() if self.under is not None else TOP_LEVEL
        return " ".join(self.name.text().split()), (None if under == TOP_LEVEL else under)


def ask_new(
    parent: QWidget,
    label: str,
    parents: Sequence[str] | None = None,
    default_parent: str | None = None,
) -> tuple[str, str | None] | None:
    dialog = AddTermDialog(parent, label, parents, default_parent)
    return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
