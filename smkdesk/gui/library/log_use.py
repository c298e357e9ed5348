"""Record that an asset was used: sent, presented, copied, opened or rated."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.catalogue.dto import STAGE, AssetSummary
from smkdesk.core.usage.events import KnownAccount, UsageContext
from smkdesk.core.util.timeutil import utcnow
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.results_model import short_date
from smkdesk.gui.library.usage_log import (
    OfferUndo,
    QuickLog,
    confirm_unpublished,
    logged_text,
    offer_log_undo,
    unpublished_question,
)
from smkdesk.gui.widgets.fields import (
    ErrorLabel,
    buddy_label,
    chain_tab_order,
    combo_value,
    fit_width,
    hint_label,
    ok_cancel,
    set_combo_value,
    value_combo,
    with_error,
)

ACTION_LABELS = {
    "sent": "Sent to a prospect",
    "presented": "Presented",
    "copied": "Copied or downloaded",
    "opened": "Opened",
    "feedback": "Feedback",
}


class LogUseDialog(QDialog):
    loaded = Signal()  # the stages and accounts to choose from are in

    def __init__(
        self,
        ctx: AppContext,
        asset: AssetSummary,
        parent: QWidget | None = None,
        action: str = "sent",
        offer_undo: OfferUndo | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.asset = asset
        #: Where "Logged … for …" and its Undo go (the window's status bar).
        self.offer_undo = offer_undo
        self.setWindowTitle("Log use")
        heading = hint_label(asset.title)
        heading.setForegroundRole(heading.foregroundRole().WindowText)
        font = QFont(heading.font())
        font.setBold(True)
        heading.setFont(font)

        self.action = value_combo(
            ((label, key) for key, label in ACTION_LABELS.items()),
            "What you did with this content",
        )
        set_combo_value(self.action, action)
        self.account = QLineEdit()
        self.account.setPlaceholderText("Company or account name")
        self.account.setClearButtonEnabled(True)
        self.accounts = QStandardItemModel(self)
        completer = QCompleter(self.accounts, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setModelSorting(QCompleter.ModelSorting.UnsortedModel)  # this asset's first
        completer.setMaxVisibleItems(12)
        self.account.setCompleter(completer)
        self.account.setToolTip(
            "Accounts already used with this asset are listed first, in bold; "
            "then every other account content was logged against"
        )
        self.opportunity = QLineEdit()
        self.opportunity.setPlaceholderText("Deal or opportunity (optional)")
        self.opportunity.setClearButtonEnabled(True)
        # the asset's own stages at once; every stage of the library once it is read
        self.stage = value_combo(
            ((name, name) for name in asset.stages),
            "Where the buyer is in their journey",
            none=True,
        )
        set_combo_value(self.stage, asset.stages[0] if asset.stages else None)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("What happened, what the buyer said (optional)")
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.helpful = QRadioButton("&Helpful")
        self.not_helpful = QRadioButton("Not help&ful")
        self.rating = QButtonGroup(self)
        self.rating.addButton(self.helpful, 1)
        self.rating.addButton(self.not_helpful, 2)  # -1 means 'none checked'
        rating_row = QHBoxLayout()
        rating_row.addWidget(self.helpful)
        rating_row.addWidget(self.not_helpful)
        rating_row.addStretch(1)
        self.rating_box = QWidget()
        self.rating_box.setLayout(rating_row)
        rating_row.setContentsMargins(0, 0, 0, 0)
        self.rating_error = ErrorLabel()
        self.rating_field = with_error(self.rating_box, self.rating_error)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(buddy_label("&Action:", self.action), self.action)
        self.form.addRow("Rating:", self.rating_field)
        self.form.addRow(buddy_label("Acco&unt:", self.account), self.account)
        self.form.addRow(buddy_label("&Opportunity:", self.opportunity), self.opportunity)
        self.form.addRow(buddy_label("Buyer &stage:", self.stage), self.stage)
        self.form.addRow(buddy_label("&Note:", self.note), self.note)
        self.buttons, self.ok = ok_cancel("&Log", self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addSpacing(4)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.action.currentIndexChanged.connect(self.refresh)
        self.rating.idToggled.connect(self.refresh)
        chain_tab_order(
            self.action,
            self.helpful,
            self.not_helpful,
            self.account,
            self.opportunity,
            self.stage,
            self.note,
        )
        self.account.setFocus()  # the action is usually preset by the menu that opened this
        #: Asks before logging unpublished content as sent (tests answer it).
        self.confirm: Callable[[str, str, str], bool] = self._confirm_unpublished
        self.refresh()
        fit_width(self, 460)
        self._load_choices()

    def _confirm_unpublished(self, _title: str, question: str, action: str) -> bool:
        return confirm_unpublished(self, question, action)

    def _load_choices(self) -> None:
        """The library's stages and the accounts to complete, read in the background."""
        lib, asset_id = self.ctx.library, self.asset.id

        def work(_t: object) -> tuple[list[str], Sequence[KnownAccount]]:
            stages = [t.name for t in lib.taxonomy.list(STAGE) if not t.retired]
            return stages, lib.usage.known_accounts(asset_id)

        self.ctx.tasks.latest(self, "Log use choices", work, lambda out: self._show_choices(*out))

    def _show_choices(self, stages: Sequence[str], accounts: Sequence[KnownAccount]) -> None:
        current = combo_value(self.stage)  # kept: it may have been chosen already
        self.stage.blockSignals(True)
        while self.stage.count() > 1:  # after "(none)"
            self.stage.removeItem(1)
        for name in stages:
            self.stage.addItem(name, name)
        set_combo_value(self.stage, current)
        self.stage.blockSignals(False)
        self._show_accounts(accounts)
        self.loaded.emit()

    def _show_accounts(self, accounts: Sequence[KnownAccount]) -> None:
        self.accounts.clear()
        for known in accounts:
            item = QStandardItem(known.name)
            when = short_date(known.last_used)
            if known.with_asset:
                font = QFont(self.font())
                font.setBold(True)
                item.setFont(font)
                item.setToolTip(f"Used with this asset; last logged {when}")
            else:
                item.setToolTip(f"Logged with other content; last {when}")
            self.accounts.appendRow(item)

    def refresh(self) -> None:
        feedback = combo_value(self.action) == "feedback"
        self.form.setRowVisible(self.rating_field, feedback)
        if self.rating.checkedId() in (1, 2) or not feedback:
            self.rating_error.show_message("")

    def usage_context(self) -> UsageContext:
        feedback = combo_value(self.action) == "feedback"
        return UsageContext(
            account=self.account.text().strip(),
            opportunity=self.opportunity.text().strip(),
            stage=combo_value(self.stage),
            note=self.note.toPlainText().strip(),
            rating={1: 1, 2: -1}.get(self.rating.checkedId()) if feedback else None,
        )

    def save(self) -> None:
        asset_id, action = self.asset.id, combo_value(self.action) or "opened"
        if action == "feedback" and self.rating.checkedId() not in (1, 2):
            self.rating_error.show_message("Choose Helpful or Not helpful to give feedback.")
            self.helpful.setFocus()
            return
        question = unpublished_question([self.asset], action)
        if question and not self.confirm("Not published yet", question, action):
            return
        user, context = self.ctx.user, self.usage_context()
        log = QuickLog((asset_id,), action, context.rating)
        text = logged_text(log.what, [self.asset.title], 1, context.account)
        since = utcnow() - timedelta(microseconds=1)
        # the window outlives this dialog: the Undo is offered on its behalf
        owner = self.parentWidget() or self
        say = window_say(owner)

        def done(_c: object) -> None:
            offer_log_undo(self.ctx, owner, log, text, since, say, self.offer_undo)
            self.accept()

        self.buttons.setEnabled(False)
        task = self.ctx.record(
            "Log use",
            lambda lib: lib.usage.log(asset_id, action, user, context),
            parent=self,
            on_done=done,
        )
        task.failed.connect(lambda _m: self.buttons.setEnabled(True))


def window_say(widget: QWidget) -> Callable[[str, int], None]:
    """Passing messages in ``widget``'s window's status bar (if it has one)."""
    bar = getattr(widget.window(), "statusBar", None)

    def say(text: str, msecs: int) -> None:
        if callable(bar):
            bar().showMessage(text, msecs)

    return say
