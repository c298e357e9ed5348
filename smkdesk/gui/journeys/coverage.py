"""Journey coverage for the whole library: stages × personas counted by the
assets workshops linked to their questions (a zero is a gap), and the
"orphan" assets that answer no workshop question."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.journey_coverage import JourneyCoverage
from smkdesk.gui.context import AppContext
from smkdesk.gui.widgets.fields import hint_label

GAP = QColor("#D55E00")


class CoverageDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Journey coverage")
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.orphans = QListWidget()
        self.orphans_label = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                "Published assets linked to workshop questions, by stage and by the personas "
                "the workshops mapped. A gap: no linked content for that buyer at that stage."
            )
        )
        layout.addWidget(self.table, 2)
        layout.addWidget(self.orphans_label)
        layout.addWidget(self.orphans, 1)
        layout.addWidget(buttons)
        self.resize(760, 620)
        lib = ctx.library
        task = ctx.tasks.read("Coverage", lambda _t: lib.journey_coverage.coverage())
        task.succeeded.connect(self.show_coverage)

    def show_coverage(self, cov: JourneyCoverage) -> None:
        self.coverage = cov
        self.table.setRowCount(len(cov.personas))
        self.table.setColumnCount(len(cov.stages))
        self.table.setHorizontalHeaderLabels(list(cov.stages))
        self.table.setVerticalHeaderLabels(list(cov.personas))
        for j, _stage in enumerate(cov.stages):
            for i, _persona in enumerate(cov.personas):
                n = cov.counts[j][i]
                item = QTableWidgetItem(str(n) if n else "gap")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if not n:
                    fill = QColor(GAP)
                    fill.setAlpha(50)
                    item.setBackground(fill)
                self.table.setItem(i, j, item)
        self.orphans_label.setText(
            f"{len(cov.orphans)} published asset(s) answer no workshop question:"
            if cov.orphans
            else "Every published asset answers at least one workshop question."
        )
        self.orphans.clear()
        for asset in cov.orphans:
            self.orphans.addItem(f"{asset.title}  ·  {asset.type or 'asset'}")
