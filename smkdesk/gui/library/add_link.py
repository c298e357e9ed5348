"""File → Add link: a web page or video added by its address and a title.

The address has focus; Enter adds the link from either field, and a missing
or bad value is said under its field (the core's own checks, so the dialog
and the library never disagree)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from smkdesk.core.catalogue.options import check_url, clean_title
from smkdesk.core.errors import ValidationError
from smkdesk.gui.widgets.fields import (
    ErrorLabel,
    buddy_label,
    hint_label,
    ok_cancel,
    with_error,
)


class AddLinkDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a link")
        self.address = QLineEdit()
        self.address.setPlaceholderText("https://…")
        self.address.setClearButtonEnabled(True)
        self.address_error = ErrorLabel()
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("What a rep will search for")
        self.title_edit.setClearButtonEnabled(True)
        self.title_error = ErrorLabel()
        form = QFormLayout()
        form.addRow(
            buddy_label("Web &address:", self.address), with_error(self.address, self.address_error)
        )
        form.addRow(
            buddy_label("&Title:", self.title_edit), with_error(self.title_edit, self.title_error)
        )
        self.buttons, self.ok = ok_cancel("&Add link", self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label("A web page or a video, kept in the library by its address."))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.address.textChanged.connect(lambda _t: self.address_error.show_message(""))
        self.title_edit.textChanged.connect(lambda _t: self.title_error.show_message(""))
        self.address.setFocus()
        self.resize(520, self.sizeHint().height())

    def url(self) -> str:
        return self.address.text().strip()

    def title(self) -> str:
        return " ".join(self.title_edit.text().split())

    def accept(self) -> None:
        """Add only a valid address with a title; otherwise say what is wrong
        under the field and put the cursor there."""
        checks = (
            (self.address, self.address_error, check_url, "Enter the page's web address."),
            (self.title_edit, self.title_error, clean_title, "Give the link a title."),
        )
        for field, error, check, missing in checks:
            text = field.text().strip()
            try:
                if not text:
                    raise ValidationError(missing)
                check(text)
            except ValidationError as exc:
                error.show_message(str(exc))
                field.setFocus()
                self._fit_height()
                return
        super().accept()

    def _fit_height(self) -> None:
        """Grow to show a wrapped message whole (a layout does not ask for it)."""
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            self.resize(self.width(), max(self.height(), layout.totalHeightForWidth(self.width())))
