"""Journey coverage: stages × personas counted by the assets workshops linked
to their questions (a zero is a gap), and the "orphan" assets that answer no
workshop question. Opened from a workshop, it shows that workshop's personas
and links; a switch shows every persona across every workshop."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
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

from smkdesk.core.journeys.coverage import JourneyCoverage
from smkdesk.gui.context import AppContext
from smkdesk.gui.journeys.presentation import gap_colour
from smkdesk.gui.widgets.fields import hint_label, plural


class CoverageDialog(QDialog):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, workshop_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.workshop_id = workshop_id
        self.setWindowTitle("Journey coverage")
        self.scope = hint_label()
        self.show_all = QCheckBox("Show &every persona, across all workshops")
        self.show_all.setToolTip(
            "Off: only the personas this workshop maps, counted from its own links"
        )
        self.show_all.setVisible(workshop_id is not None)
        self.show_all.toggled.connect(lambda _on: self.load())
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.orphans = QListWidget()
        self.orphans_label = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)  # Enter and Escape both close this read-only view
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope)
        layout.addWidget(self.show_all)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.orphans_label)
        layout.addWidget(self.orphans, 1)
        layout.addWidget(buttons)
        self.resize(760, 620)
        self.table.setFocus()
        self.load()

    def load(self) -> None:
        lib = self.ctx.library
        wid, every = self.workshop_id, self.show_all.isChecked()

        def work(_t: object) -> JourneyCoverage:
            return lib.journey_coverage.coverage(wid, all_personas=every)

        self.ctx.tasks.latest(self, "Coverage", work, self.show_coverage)

    def _fit_table(self) -> None:
        """No taller than its rows: with a workshop's two or three personas the
        rest of the height goes to the orphan list."""
        table = self.table
        rows = sum(table.rowHeight(i) for i in range(table.rowCount()))
        head = table.horizontalHeader().sizeHint().height()  # the columns stretch: no scroll bar
        table.setMaximumHeight(head + rows + 2 * table.frameWidth())

    def show_coverage(self, cov: JourneyCoverage) -> None:
        self.coverage = cov
        if cov.workshop is not None:
            self.scope.setText(
                f"Published assets linked to the questions of ‘{cov.workshop}’, by stage and "
                f"by the personas it maps ({', '.join(cov.mapped)}). A gap: no linked content "
                "for that buyer at that stage."
            )
        else:
            self.scope.setText(
                "Published assets linked to workshop questions, by stage and by the personas "
                "the workshops mapped. A gap: no linked content for that buyer at that stage; "
                "not mapped: no workshop maps that persona yet."
            )
        self.table.clear()
        self.table.setRowCount(len(cov.personas))
        self.table.setColumnCount(len(cov.stages))
        self.table.setHorizontalHeaderLabels(list(cov.stages))
        self.table.setVerticalHeaderLabels(list(cov.personas))
        for j, _stage in enumerate(cov.stages):
            for i, persona in enumerate(cov.personas):
                n = cov.counts[j][i]
                unmapped = not n and persona in cov.unmapped
                item = QTableWidgetItem(str(n) if n else "not mapped" if unmapped else "gap")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if unmapped:
                    item.setToolTip("No workshop maps this persona yet")
                    item.setForeground(
                        self.table.palette().color(QPalette.ColorRole.PlaceholderText)
                    )
                elif not n:
                    fill = QColor(gap_colour(self.table.palette()))
                    fill.setAlpha(60)
                    item.setBackground(fill)
                self.table.setItem(i, j, item)
        self._fit_table()
        self.orphans_label.setText(
            f"{plural(len(cov.orphans), 'published asset')} "
            f"answer{'s' if len(cov.orphans) == 1 else ''} no workshop question:"
            if cov.orphans
            else "Every published asset answers at least one workshop question."
        )
        self.orphans.clear()
        for asset in cov.orphans:
            self.orphans.addItem(f"{asset.title}  ·  {asset.type or 'asset'}")
