"""Pre-call brief: pick the buyer's persona, sector and stage (and the
account), and smkdesk writes a one-to-two-page Word brief."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.dto import PERSONA, SECTOR, STAGE
from smkdesk.gui.context import AppContext, show_error
from smkdesk.gui.widgets.fields import hint_label, ok_cancel


class BriefDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Pre-call brief")
        tax = ctx.library.taxonomy
        self.persona = QComboBox()
        self.persona.addItems([t.name for t in tax.list(PERSONA, include_retired=False)])
        self.sector = QComboBox()
        self.sector.addItems([t.path for t in tax.list(SECTOR, include_retired=False)])
        self.stage = QComboBox()
        self.stage.addItems([t.name for t in tax.list(STAGE, include_retired=False)])
        self.account = QLineEdit()
        self.account.setPlaceholderText("Optional: the account you are calling")
        form = QFormLayout()
        form.addRow("&Persona:", self.persona)
        form.addRow("&Sector:", self.sector)
        form.addRow("S&tage:", self.stage)
        form.addRow("&Account:", self.account)
        self.buttons, self.ok = ok_cancel("&Write brief…", self)
        self.buttons.accepted.connect(self.choose_file)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                "The questions this buyer is likely asking, with your team's workshop answers, "
                "and the best content to have ready — on one or two pages."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def choose_file(self) -> None:
        who = self.account.text().strip() or self.persona.currentText()
        name, _ = QFileDialog.getSaveFileName(
            self, "Pre-call brief", f"Brief – {who}.docx", "Word documents (*.docx)"
        )
        if name:
            self.write(Path(name))

    def write(self, path: Path) -> None:
        from smkdesk.core.reports.brief import brief_data, write_brief

        lib = self.ctx.library
        args = (
            self.persona.currentText(),
            self.sector.currentText(),
            self.stage.currentText(),
            self.account.text(),
        )
        self.ok.setEnabled(False)

        def work(_t: object) -> None:
            write_brief(brief_data(lib, *args), path)

        task = self.ctx.tasks.read("Writing the brief", work)
        task.succeeded.connect(lambda _r: self.accept())
        task.failed.connect(self._failed)

    def _failed(self, message: str) -> None:
        self.ok.setEnabled(True)
        show_error(self, "Brief not written", message)
