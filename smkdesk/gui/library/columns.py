"""Results columns that fit a small window: when the table is too narrow for
every column at its natural width, the tag columns give up width (down to a
floor) so that the title stays readable and Uses stays on screen instead of
behind a horizontal scroll bar; when the room comes back, so do their widths.

Only columns still at their default width shrink: a width the user chose is
kept, and the saved header state always holds the natural widths.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

#: The title keeps at least this much before other columns shrink.
TITLE_MIN = 170
#: No column shrinks below this.
FLOOR = 48


class ColumnFitter(QObject):
    """``widths``: each column's default width (0 for the stretching title);
    ``keep``: columns that never shrink (dates and numbers would not read).
    Make it after the header state is restored."""

    def __init__(self, table: QTableView, widths: Sequence[int], keep: Sequence[int] = ()) -> None:
        super().__init__(table)
        self.table = table
        self.widths = list(widths)
        self.keep = set(keep)
        header = table.horizontalHeader()
        #: columns the user sized (or restored at a width of their own)
        self.user = {c for c, w in enumerate(self.widths) if w and header.sectionSize(c) != w}
        self.shrunk = False
        self._fitting = False
        header.sectionResized.connect(self._resized)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and self.widths[column]:
            self.user.add(column)  # the user dragged it: theirs from now on

    def _adjustable(self) -> list[int]:
        header = self.table.horizontalHeader()
        return [
            c
            for c, w in enumerate(self.widths)
            if w and c not in self.keep and c not in self.user and not header.isSectionHidden(c)
        ]

    def natural(self) -> None:
        """Every shrunk column back at its default width (before saving state)."""
        self._set({c: self.widths[c] for c in self._adjustable()})
        self.shrunk = False

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        others = [c for c, w in enumerate(self.widths) if w and not header.isSectionHidden(c)]
        adjustable = self._adjustable()
        fixed = sum(header.sectionSize(c) for c in others if c not in adjustable)
        room = self.table.viewport().width() - TITLE_MIN - fixed
        natural = sum(self.widths[c] for c in adjustable)
        if room >= natural:
            if self.shrunk:  # the window grew again
                self.natural()
            return
        floors = {c: min(FLOOR, self.widths[c]) for c in adjustable}
        spare = max(0, room - sum(floors.values()))
        extra = sum(self.widths[c] - floors[c] for c in adjustable) or 1
        self._set(
            {c: floors[c] + (self.widths[c] - floors[c]) * spare // extra for c in adjustable}
        )
        self.shrunk = True

    def _set(self, widths: dict[int, int]) -> None:
        self._fitting = True
        try:
            for c, w in widths.items():
                self.table.setColumnWidth(c, w)
        finally:
            self._fitting = False
