"""Deals: the opportunities reps logged content against, and their outcome.
Marking one won or lost closes the loop: its content counts as influence on
won or lost deals on the dashboard and in the detail pane."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.changes import Changes
from smkdesk.core.library import Library
from smkdesk.core.usage.events import OpportunityRecord
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.results_model import short_date
from smkdesk.gui.widgets.fields import hint_label
from smkdesk.gui.widgets.live_page import LivePage
from smkdesk.gui.widgets.rowmodel import Column, RowFilter, RowModel, list_table

COLUMNS: list[Column[OpportunityRecord]] = [
    Column("Account", lambda o: o.account),
    Column("Opportunity", lambda o: o.name),
    Column("Assets used", lambda o: str(o.assets), sort=lambda o: o.assets, numeric=True),
    Column("Uses", lambda o: str(o.uses), sort=lambda o: o.uses, numeric=True),
    Column("Outcome", lambda o: o.outcome.capitalize()),
    Column("Closed", lambda o: short_date(o.closed_at) if o.closed_at else ""),
]


class DealsDialog(LivePage, QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Deals and outcomes")
        self.model: RowModel[OpportunityRecord] = RowModel(COLUMNS, self)
        self.proxy = RowFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = list_table(self.proxy, "Deals")
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 200)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for outcome, text, tip in (
            ("won", "Mark &won", "The content used in it counts towards won deals"),
            ("lost", "Mark &lost", "The content used in it counts towards lost deals"),
            ("open", "Re&open", "Still in progress"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, o=outcome: self.set_outcome(o))
            row.addWidget(button)
            self.buttons[outcome] = button
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                "Opportunities reps logged content against (Log as used → account and "
                "opportunity). Mark them won or lost when they close."
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.watch_changes(ctx.bus)
        self.resize(760, 440)
        self.table.setFocus()  # arrows pick a deal; Alt+W / Alt+L mark it
        self._update()
        self.refresh()

    def cares(self, changes: Changes) -> bool:
        return changes.usage

    def load(self) -> None:
        lib = self.ctx.library
        self.ctx.tasks.latest(
            self, "Deals", lambda _t: lib.usage.list_opportunities(), self._loaded
        )

    def _loaded(self, rows: Sequence[OpportunityRecord]) -> None:
        keep = {o.id for o in self.selected()}
        self.model.reset(rows)
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if self.model.row(self.proxy.mapToSource(index).row()).id in keep:
                self.table.selectRow(r)
        self._update()

    def selected(self) -> list[OpportunityRecord]:
        rows = self.table.selectionModel().selectedRows()
        return [self.model.row(self.proxy.mapToSource(i).row()) for i in rows]

    def _update(self) -> None:
        chosen = self.selected()
        for outcome, button in self.buttons.items():
            button.setEnabled(any(o.outcome != outcome for o in chosen))

    def set_outcome(self, outcome: str) -> None:
        deals = [(o.account, o.name) for o in self.selected() if o.outcome != outcome]

        def work(lib: Library) -> Changes:
            changes = Changes()
            for account, name in deals:
                changes |= lib.usage.set_outcome(account, name, outcome)
            return changes

        if deals:
            self.ctx.write("Deal outcome", work, self)

    def keyPressEvent(self, event: object) -> None:  # Esc closes, Enter does not
        key = getattr(event, "key", lambda: None)()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]
