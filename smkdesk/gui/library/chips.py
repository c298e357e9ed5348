"""Active filters shown as removable chips, with "Clear all".

Values of one facet are combined with OR, so their chips say so: "Persona:
CFO ✕ or VP Sales ✕", each value still removable on its own. The chips are
drawn from the palette (and drawn again when it changes), so they read in
light and dark themes alike.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from smkdesk.gui.library.facets import FACET_TITLES, Selection

CHIP_STYLE = (
    "QToolButton {{ border: 1px solid {border}; border-radius: 10px; padding: 2px 8px;"
    " background: {background}; color: {text}; }}"
    "QToolButton:hover {{ border-color: {hover}; }}"
)


def chip_style(palette: QPalette) -> str:
    """A pill in the palette's colours (not a fixed white)."""
    role = QPalette.ColorRole
    return CHIP_STYLE.format(
        border=palette.color(role.Mid).name(),
        background=palette.color(role.AlternateBase).name(),
        text=palette.color(role.Text).name(),
        hover=palette.color(role.Highlight).name(),
    )


class ChipBar(QWidget):
    removed = Signal(str, str)  # dimension, key
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._chips: list[QToolButton] = []
        self._parts: list[QWidget] = []  # the chips and the "or" between them
        self._selection: Selection = {}
        self._defaults: Selection = {}
        self._label = QLabel("Filters:")
        self._layout.addWidget(self._label)
        self._clear = QToolButton()
        self._clear.setText("Clear all")
        self._clear.setAutoRaise(True)
        self._clear.setToolTip(
            "Remove every filter you set; your role's defaults stay (Ctrl+Shift+Backspace)"
        )
        self._clear.clicked.connect(self.cleared)
        self._layout.addStretch(1)
        self._layout.addWidget(self._clear)
        self.setVisible(False)

    def show_selection(self, selection: Selection, defaults: Selection | None = None) -> None:
        """One chip a value; ``defaults`` (the role's filters) say so in their tip."""
        self._selection = {dim: dict(values) for dim, values in selection.items()}
        self._defaults = defaults or {}
        for part in self._parts:
            self._layout.removeWidget(part)
            part.deleteLater()
        self._chips, self._parts = [], []
        style = chip_style(self.palette())
        position = 1
        for dim, values in selection.items():
            title = FACET_TITLES.get(dim, dim)
            for n, (key, label) in enumerate(values.items()):
                if n:
                    word = QLabel("or")
                    word.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                    word.setToolTip(f"Values of {title} are combined: either one matches")
                    self._layout.insertWidget(position, word)
                    self._parts.append(word)
                    position += 1
                chip = QToolButton()
                chip.setText(f"{title}: {label}  ✕" if n == 0 else f"{label}  ✕")
                tip = f"Remove the filter {title}: {label}"
                if key in self._defaults.get(dim, {}):
                    tip += " (your role's default: Clear all keeps it)"
                chip.setToolTip(tip)
                chip.setAccessibleName(f"Remove filter {label}")
                chip.setStyleSheet(style)
                chip.clicked.connect(lambda _=False, d=dim, k=key: self.removed.emit(d, k))
                self._layout.insertWidget(position, chip)
                position += 1
                self._chips.append(chip)
                self._parts.append(chip)
        self.setVisible(bool(self._chips))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._chips:
            style = chip_style(self.palette())  # a live theme switch
            for chip in self._chips:
                chip.setStyleSheet(style)
