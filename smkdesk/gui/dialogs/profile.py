"""Who is using smkdesk: a name and a role (first run and Preferences); in
Preferences also how new imports start (their status and review date)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.usage.events import ROLES
from smkdesk.gui import settings as keys
from smkdesk.gui.settings import Settings
from smkdesk.gui.widgets.fields import (
    buddy_label,
    combo_value,
    fit_width,
    hint_label,
    ok_cancel,
    status_combo,
)

MAX_REVIEW_MONTHS = 60

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
        self.imports = QGroupBox("New imports")
        status = settings.get(keys.IMPORT_STATUS)
        self.import_status = status_combo(
            status if status in ("published", "draft") else "published", ("published", "draft")
        )
        self.import_status.setToolTip(
            "The status the Import dialog starts with. Draft: reps do not see it yet"
        )
        self.review_months = QSpinBox()
        self.review_months.setRange(0, MAX_REVIEW_MONTHS)
        self.review_months.setSuffix(" months")
        self.review_months.setSpecialValueText("No review date")
        self.review_months.setValue(settings.get(keys.IMPORT_REVIEW_MONTHS))
        self.review_months.setToolTip(
            "New content gets a review date this far ahead (you can change it for each import)"
        )
        imports = QFormLayout(self.imports)
        imports.addRow(buddy_label("S&tatus:", self.import_status), self.import_status)
        imports.addRow(buddy_label("Re&view after:", self.review_months), self.review_months)
        layout.addWidget(self.imports)
        self.imports.setVisible(not first_run)  # the first run asks only who you are
        self.buttons, self.ok = ok_cancel("&Start" if first_run else "&Save", self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if first_run:
            self.buttons.button(self.buttons.StandardButton.Cancel).hide()
        self.missing = hint_label()  # what Start/Save still needs, while it is disabled
        layout.addWidget(self.missing)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self.refresh)
        self.roles.idToggled.connect(self.refresh)
        self.refresh()
        fit_width(self, 460)
        self.name.setFocus()

    def role(self) -> str:
        i = self.roles.checkedId()
        return ROLES[i] if 0 <= i < len(ROLES) else ""

    def refresh(self) -> None:
        named, role = bool(self.name.text().strip()), bool(self.role())
        self.ok.setEnabled(named and role)
        needs = [
            what for what, ok in (("type your name", named), ("pick your role", role)) if not ok
        ]
        self.missing.setText(" and ".join(needs).capitalize() + " to go on." if needs else "")
        self.missing.setVisible(bool(needs))

    def accept(self) -> None:
        if not (self.name.text().strip() and self.role()):
            return
        self.settings.set(keys.USER_NAME, " ".join(self.name.text().split()))
        self.settings.set(keys.USER_ROLE, self.role())
        if self.imports.isVisibleTo(self):
            self.settings.set(keys.IMPORT_STATUS, combo_value(self.import_status) or "published")
            self.settings.set(keys.IMPORT_REVIEW_MONTHS, self.review_months.value())
        self.settings.sync()
        super().accept()
