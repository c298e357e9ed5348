"""Windows never larger than the screen's free area (a laptop after a large
monitor, a 1024×700 screen): the main window on restore, and every dialog when
it is shown (``DialogFitter``, installed on the application)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtWidgets import QDialog

#: Room for a window manager's frame and title bar around a window that is
#: shrunk to the screen.
FRAME_ALLOWANCE = QSize(16, 40)


def fit_to_screen(wanted: QRect, area: QRect, centre: bool = False) -> QRect:
    """``wanted`` made to fit inside ``area`` (a screen's available geometry):
    no larger than it, and moved onto it (or centred on it) if need be. A
    window that does not fit whole leaves room for its frame's title bar."""
    fits = wanted.width() <= area.width() and wanted.height() <= area.height()
    size = wanted.size() if fits else wanted.size().boundedTo(area.size() - FRAME_ALLOWANCE)
    rect = QRect(wanted.topLeft(), size)
    if centre:
        rect.moveCenter(area.center())
    rect.moveLeft(max(area.left(), min(rect.left(), area.right() - rect.width() + 1)))
    rect.moveTop(max(area.top(), min(rect.top(), area.bottom() - rect.height() + 1)))
    return rect


class DialogFitter(QObject):
    """Application event filter: a dialog shown taller or wider than its
    screen's free area is shrunk and moved onto it, so that its buttons are
    never off screen (each dialog picks a roomy size of its own)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            screen = watched.screen()
            area = screen.availableGeometry() if screen is not None else QRect()
            frame = watched.frameGeometry()
            if not area.isEmpty() and not area.contains(frame):
                watched.setGeometry(fit_to_screen(watched.geometry(), area, centre=True))
        return False
