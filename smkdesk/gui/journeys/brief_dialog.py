"""Pre-call brief: pick the buyer's persona, sector and stage (and the
account), and smkdesk writes a one-to-two-page Word brief, then says where it
went and offers to open it.

It opens on what the user is looking at: a persona, sector or stage ticked
alone in the Library's filters, otherwise the one used for the last brief. The
Account field completes from every account content was logged against (as Log
use does), loaded in the background."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.catalogue.dto import PERSONA, SECTOR, STAGE
from smkdesk.core.search.dto import SearchQuery
from smkdesk.core.usage.events import KnownAccount
from smkdesk.core.util.timeutil import local_date
from smkdesk.gui.context import AppContext, show_error
from smkdesk.gui.settings import Key
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
#: What the last brief was for (the dialog opens on it unless the Library's
#: filters name one value).
LAST_PERSONA = Key("brief/persona", "")
LAST_SECTOR = Key("brief/sector", "")
LAST_STAGE = Key("brief/stage", "")


def _library_query(parent: QWidget | None) -> SearchQuery | None:
    """The Library's current search (the main window's ``page``), if there is one."""
    page = getattr(parent, "page", None)
    query = getattr(page, "query", None)
    return query() if callable(query) else None


class BriefDialog(QDialog):
    accounts_loaded = Signal()

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        filters: SearchQuery | None = None,
    ) -> None:
        """``filters``: the Library's search, to open on its persona, sector and
        stage (the parent's Library page when not given)."""
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Pre-call brief")
        tax = ctx.library.taxonomy
        query = filters if filters is not None else _library_query(parent)
        self.persona = QComboBox()
        self.sector = QComboBox()
        self.stage = QComboBox()
        for combo, dim, last, picked in (
            (self.persona, PERSONA, LAST_PERSONA, query.personas if query else ()),
            (self.sector, SECTOR, LAST_SECTOR, query.sectors if query else ()),
            (self.stage, STAGE, LAST_STAGE, query.stages if query else ()),
        ):
            terms = tax.list(dim, include_retired=False)
            for t in terms:
                combo.addItem(t.path if dim == SECTOR else t.name, t.id)
            ticked = combo.findData(picked[0]) if len(picked) == 1 else -1
            index = ticked if ticked >= 0 else combo.findText(ctx.settings.get(last))
            if index >= 0:
                combo.setCurrentIndex(index)
        self.account = QLineEdit()
        self.account.setPlaceholderText("Optional: the account you are calling")
        self.account.setToolTip(
            "With an account, the brief also lists what was already sent to it, and when"
        )
        self.account.setClearButtonEnabled(True)
        self.accounts = QStandardItemModel(self)
        completer = QCompleter(self.accounts, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setModelSorting(QCompleter.ModelSorting.UnsortedModel)  # most recent first
        completer.setMaxVisibleItems(12)
        self.account.setCompleter(completer)
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
        # The buyer comes prefilled (the Library's filters or the last brief); what a
        # rep types first is the account. Typing into a focused combo box would
        # silently pick another persona.
        self.account.setFocus()
        lib = ctx.library
        task = ctx.tasks.read("Accounts", lambda _t: lib.usage.known_accounts())
        task.succeeded.connect(self._show_accounts)

    def _show_accounts(self, accounts: Sequence[KnownAccount]) -> None:
        self.accounts.clear()
        for known in accounts:
            item = QStandardItem(known.name)
            item.setToolTip(f"Last logged {local_date(known.last_used)}")
            self.accounts.appendRow(item)
        self.accounts_loaded.emit()

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
        for key, combo in (
            (LAST_PERSONA, self.persona),
            (LAST_SECTOR, self.sector),
            (LAST_STAGE, self.stage),
        ):
            self.ctx.settings.set(key, combo.currentText())

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
