"""Active filters shown as removable chips, with "Clear all"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from smkdesk.gui.library.facets import FACET_TITLES, Selection


class ChipBar(QWidget):
    removed = Signal(str, str)  # dimension, key
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._chips: list[QToolButton] = []
        self._label = QLabel("Filters:")
        self._layout.addWidget(self._label)
        self._clear = QToolButton()
        self._clear.setText("Clear all")
        self._clear.setAutoRaise(True)
        self._clear.setToolTip("Remove every filter (Ctrl+Shift+Backspace)")
        self._clear.clicked.connect(self.cleared)
        self._layout.addStretch(1)
        self._layout.addWidget(self._clear)
        self.setVisible(False)

    def show_selection(self, selection: Selection) -> None:
        for chip in self._chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        position = 1
        for dim, values in selection.items():
            for key, label in values.items():
                chip = QToolButton()
                chip.setText(f"{FACET_TITLES.get(dim, dim)}: {label}  ✕")
                chip.setToolTip(f"Remove the filter {label}")
                chip.setAccessibleName(f"Remove filter {label}")
                chip.setStyleSheet(
                    "QToolButton { border: 1px solid palette(mid); border-radius: 10px;"
                    " padding: 2px 8px; background: palette(alternate-base); }"
                )
                chip.clicked.connect(lambda _=False, d=dim, k=key: self.removed.emit(d, k))
                self._layout.insertWidget(position, chip)
                position += 1
                self._chips.append(chip)
        self.setVisible(bool(self._chips))
