"""Record that an asset was used: sent, presented, copied, opened or rated."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
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

from smkdesk.core.dto import STAGE, AssetSummary
from smkdesk.core.errors import SmkError
from smkdesk.core.usage import UsageContext
from smkdesk.gui.context import AppContext
from smkdesk.gui.widgets.fields import (
    buddy_label,
    chain_tab_order,
    combo_value,
    fit_width,
    hint_label,
    ok_cancel,
    set_combo_value,
    value_combo,
)

ACTION_LABELS = {
    "sent": "Sent to a prospect",
    "presented": "Presented",
    "copied": "Copied or downloaded",
    "opened": "Opened",
    "feedback": "Feedback",
}


class LogUseDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        asset: AssetSummary,
        parent: QWidget | None = None,
        action: str = "sent",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.asset = asset
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
        self.account.setCompleter(self._accounts())
        self.opportunity = QLineEdit()
        self.opportunity.setPlaceholderText("Deal or opportunity (optional)")
        self.opportunity.setClearButtonEnabled(True)
        stages = [t for t in ctx.library.taxonomy.list(STAGE) if not t.retired]
        self.stage = value_combo(
            ((t.name, t.name) for t in stages), "Where the buyer is in their journey", none=True
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

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(buddy_label("&Action:", self.action), self.action)
        self.form.addRow("Rating:", self.rating_box)
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
        self.refresh()
        fit_width(self, 460)

    def _accounts(self) -> QCompleter:
        try:
            history = self.ctx.library.usage.history(self.asset.id)
        except SmkError:
            history = ()
        accounts = sorted({r.account for r in history if r.account}, key=str.lower)
        completer = QCompleter(accounts, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        return completer

    def refresh(self) -> None:
        feedback = combo_value(self.action) == "feedback"
        self.form.setRowVisible(self.rating_box, feedback)
        self.ok.setEnabled(not feedback or self.rating.checkedId() in (1, 2))

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
        user, context = self.ctx.user, self.usage_context()
        self.buttons.setEnabled(False)
        task = self.ctx.record(
            "Log use",
            lambda lib: lib.usage.log(asset_id, action, user, context),
            parent=self,
            on_done=lambda _c: self.accept(),
        )
        task.failed.connect(lambda _m: self.buttons.setEnabled(True))
