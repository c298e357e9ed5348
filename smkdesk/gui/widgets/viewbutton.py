"""A checkable tool button for switching a page between views ("To review" /
"Retired"): the active one is bold with a bar under it in the palette's
highlight colour, so it reads in light and dark themes alike (Fusion's own
checked shading is barely visible on a dark palette)."""

from __future__ import annotations

from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QToolButton, QWidget

BAR = 3  # pixels


class ViewButton(QToolButton):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(text)
        self.setCheckable(True)
        self.setAutoRaise(True)
        self.toggled.connect(self._restyle)
        self._restyle(False)

    def _restyle(self, checked: bool) -> None:
        font = self.font()
        font.setBold(checked)
        self.setFont(font)
        self.setAccessibleDescription("current view" if checked else "")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.isChecked():
            painter = QPainter(self)
            colour = self.palette().color(QPalette.ColorRole.Highlight)
            painter.fillRect(2, self.height() - BAR, self.width() - 4, BAR, colour)
            painter.end()
