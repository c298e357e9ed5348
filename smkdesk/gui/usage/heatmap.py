"""Coverage heat map: published assets per buyer-journey stage and persona,
shown with personas as rows and stages as columns (persona names are long,
stages few). Darker cells hold more content; an empty cell is a gap,
shown as such and explained in its tooltip."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPalette

from smkdesk.core.usage.dashboard_types import Coverage
from smkdesk.gui.journeys.presentation import gap_colour
from smkdesk.gui.theme import is_dark

Index = QModelIndex | QPersistentModelIndex
FILL = QColor("#0072B2")


class CoverageModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.coverage = Coverage((), (), ())
        self.palette = QPalette()
        self.dark = False

    def reset(self, coverage: Coverage, palette: QPalette) -> None:
        self.beginResetModel()
        self.coverage = coverage
        self._take(palette)
        self.endResetModel()

    def set_palette(self, palette: QPalette) -> None:
        """Recolour for a new palette (a theme switch) without reloading."""
        self._take(palette)
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _take(self, palette: QPalette) -> None:
        self.palette = QPalette(palette)
        self.dark = is_dark(palette)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.coverage.personas)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.coverage.stages)

    def count(self, index: Index) -> int:
        return int(self.coverage.counts[index.column()][index.row()])

    def cell(self, index: Index) -> tuple[int | None, int | None]:
        """(stage id, persona id) of a cell."""
        c = self.coverage
        return c.stages[index.column()].id, c.personas[index.row()].id

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.coverage.counts:
            return None
        n = self.count(index)
        stage = self.coverage.stages[index.column()].name
        persona = self.coverage.personas[index.row()].name
        if role == Qt.ItemDataRole.DisplayRole:
            return str(n) if n else "gap"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if n:
                return f"{n} published {stage} asset(s) for {persona}. Click to list them."
            return f"Gap: no published {stage} content for {persona}. Click to search."
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(n)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(n)
        return None

    def _background(self, n: int) -> QColor:
        if n == 0:
            gap = gap_colour(self.palette)  # the workshops' gap colour, for this palette
            gap.setAlpha(70 if self.dark else 45)
            return gap
        top = max((max(row) for row in self.coverage.counts if row), default=1) or 1
        color = QColor(FILL)
        color.setAlpha(int(40 + 200 * n / top))
        return color

    def _foreground(self, n: int) -> QColor:
        if n == 0:
            return gap_colour(self.palette)
        top = max((max(row) for row in self.coverage.counts if row), default=1) or 1
        strong = n / top > 0.5
        return QColor("white") if strong or self.dark else QColor("#10253F")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        axis = (
            self.coverage.stages
            if orientation == Qt.Orientation.Horizontal
            else self.coverage.personas
        )
        return axis[section].name if 0 <= section < len(axis) else None
