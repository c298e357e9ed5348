"""Pre-call brief: pick the buyer's persona, sector and stage (and the
account), and smkdesk writes a one-to-two-page Word brief, then says where it
went and offers to open it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.dto import PERSONA, SECTOR, STAGE
from smkdesk.gui.context import AppContext, show_error
from smkdesk.gui.widgets.exports import (
    WORD_FILTER,
    ExportNotice,
    announce_export,
    choose_save_path,
)
from smkdesk.gui.widgets.fields import ErrorLabel, hint_label, ok_cancel, plural

if TYPE_CHECKING:
    from smkdesk.core.reports.brief import BriefData

MIN_WIDTH_PX = 480
WIDTH_PX = 580


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
        self.account.setToolTip(
            "With an account, the brief also lists what was already sent to it, and when"
        )
        self.account.setClearButtonEnabled(True)
        self.error = ErrorLabel()
        self.notice: ExportNotice | None = None
        form = QFormLayout()
        form.addRow("&Persona:", self.persona)
        form.addRow("&Sector:", self.sector)
        form.addRow("S&tage:", self.stage)
        form.addRow("&Account:", self.account)
        form.addRow("", hint_label("With an account, the brief also lists what was sent to it."))
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
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # wide enough for a sector path and the explanation on two lines
        self.setMinimumWidth(MIN_WIDTH_PX)
        self.resize(WIDTH_PX, self.sizeHint().height())
        self.persona.setFocus()

    def missing(self) -> str:
        """What the brief still needs (an empty taxonomy leaves a combo empty)."""
        for combo, what in (
            (self.persona, "persona"),
            (self.sector, "sector"),
            (self.stage, "stage"),
        ):
            if not combo.currentText():
                return f"Add a {what} under Taxonomy first: the brief needs one."
        return ""

    def choose_file(self) -> None:
        problem = self.missing()
        self.error.show_message(problem)
        if problem:
            return
        who = self.account.text().strip() or self.persona.currentText()
        path = choose_save_path(
            self, self.ctx.settings, "Save the pre-call brief", f"Brief – {who}.docx", WORD_FILTER
        )
        if path is not None:
            self.write(path)

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

        def work(_t: object) -> str:
            brief = brief_data(lib, *args)
            write_brief(brief, path)
            return brief_detail(brief)

        task = self.ctx.tasks.read("Writing the brief", work)
        task.succeeded.connect(lambda detail: self._written(path, detail))
        task.failed.connect(self._failed)

    def _written(self, path: Path, detail: str = "") -> None:
        self.notice = announce_export(self.parentWidget(), path, "Pre-call brief", detail)
        self.accept()

    def _failed(self, message: str) -> None:
        self.ok.setEnabled(True)
        self.error.show_message(f"The brief was not written: {message}")
        show_error(self, "Brief not written", message)


def brief_detail(brief: BriefData) -> str:
    """What the brief holds, for the "saved" message: "3 questions, 5 assets;
    2 already sent to Calder"."""
    text = f"{plural(len(brief.questions), 'question')}, {plural(len(brief.assets), 'asset')}"
    if brief.account.strip():
        sent = len(brief.sent)
        text += (
            f"; {sent} already sent to {brief.account.strip()}"
            if sent
            else (f"; nothing logged as sent to {brief.account.strip()} yet")
        )
    return text + "."
