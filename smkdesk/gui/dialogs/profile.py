"""Who is using smkdesk: a name and a role (first run and Preferences)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.usage import ROLES
from smkdesk.gui import settings as keys
from smkdesk.gui.settings import Settings
from smkdesk.gui.widgets.fields import buddy_label, fit_width, hint_label, ok_cancel

ROLE_TEXT = {
    "sales rep": ("Sales &rep", "Find the right content for a prospect and send it."),
    "marketer": ("&Marketer", "Catalogue, tag and review content; see what gets used."),
    "workshop facilitator": (
        "&Workshop facilitator",
        "Run buyer-journey workshops and find content gaps.",
    ),
}


class ProfileDialog(QDialog):
    def __init__(
        self, settings: Settings, parent: QWidget | None = None, first_run: bool = False
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Welcome to smkdesk" if first_run else "Your profile")
        layout = QVBoxLayout(self)
        if first_run:
            welcome = hint_label("Welcome to smkdesk")
            font = QFont(welcome.font())
            font.setPointSizeF(font.pointSizeF() * 1.3)
            font.setBold(True)
            welcome.setFont(font)
            welcome.setForegroundRole(welcome.foregroundRole().WindowText)
            layout.addWidget(welcome)
            layout.addWidget(hint_label("Before you start, tell smkdesk who you are."))

        self.name = QLineEdit(settings.get(keys.USER_NAME))
        self.name.setPlaceholderText("e.g. Dana Lee")
        self.name.setMaxLength(100)
        self.name.setToolTip("Recorded with the content you send, present or rate")
        form = QFormLayout()
        form.addRow(buddy_label("Your &name:", self.name), self.name)
        layout.addLayout(form)

        box = QGroupBox("Your role")
        roles = QVBoxLayout(box)
        self.roles = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        current = settings.get(keys.USER_ROLE)
        for i, role in enumerate(ROLES):
            text, description = ROLE_TEXT.get(role, (role.capitalize(), ""))
            radio = QRadioButton(text)
            radio.setToolTip(description)
            radio.setChecked(role == current)
            self.roles.addButton(radio, i)
            self.radios[role] = radio
            roles.addWidget(radio)
            if description:
                hint = hint_label(description)
                hint.setIndent(radio.iconSize().width() + 10)
                roles.addWidget(hint)
                roles.addSpacing(4)
        layout.addWidget(box)
        layout.addWidget(
            hint_label(
                "Your role picks the workspace smkdesk opens with and is recorded with usage, "
                "so marketing can see which content helps sales. Change it any time in "
                "Preferences."
            )
        )
        self.buttons, self.ok = ok_cancel("&Start" if first_run else "&Save", self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if first_run:
            self.buttons.button(self.buttons.StandardButton.Cancel).hide()
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self.refresh)
        self.roles.idToggled.connect(self.refresh)
        self.refresh()
        fit_width(self, 460)

    def role(self) -> str:
        i = self.roles.checkedId()
        return ROLES[i] if 0 <= i < len(ROLES) else ""

    def refresh(self) -> None:
        self.ok.setEnabled(bool(self.name.text().strip() and self.role()))

    def accept(self) -> None:
        if not (self.name.text().strip() and self.role()):
            return
        self.settings.set(keys.USER_NAME, " ".join(self.name.text().split()))
        self.settings.set(keys.USER_ROLE, self.role())
        self.settings.sync()
        super().accept()
