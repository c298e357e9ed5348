"""Small form helpers shared by the dialogs: combos, inline errors, buttons.

Values typed by users or read from documents are always shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.catalogue.dto import ABM_TIERS, STATUSES, Term
from smkdesk.core.library import Library

NONE_LABEL = "(none)"
STATUS_LABELS = {"draft": "Draft", "published": "Published", "retired": "Retired"}
TIER_LABELS = {"one-to-one": "One-to-one", "one-to-few": "One-to-few", "one-to-many": "One-to-many"}


def warning_color(palette: QPalette) -> QColor:
    """A red that stays readable on light and dark palettes."""
    light = palette.color(QPalette.ColorRole.Base).lightnessF() > 0.5
    return QColor("#b3261e") if light else QColor("#ff8a80")


class WarningText(QLabel):
    """Plain text in the warning red of the palette in use: it follows a live
    theme switch (View → Theme) instead of keeping the red it was made with."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._recolour()

    def _recolour(self) -> None:
        pal = self.palette()
        colour = warning_color(pal)
        if pal.color(QPalette.ColorRole.WindowText) != colour:  # else no new PaletteChange
            pal.setColor(QPalette.ColorRole.WindowText, colour)
            self.setPalette(pal)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._recolour()


class ErrorLabel(WarningText):
    """An inline validation message under a field; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setVisible(False)

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def with_error(field: QWidget, error: ErrorLabel) -> QWidget:
    """``field`` with its inline error right under it (one form row)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    return box


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A form label with a mnemonic (``&Title:``) that focuses ``buddy``."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def hint_label(text: str = "") -> QLabel:
    """Secondary, wrapped plain text (explanations, summaries)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def value_combo(
    items: Iterable[tuple[str, str | None]], tooltip: str = "", none: bool = False
) -> QComboBox:
    """A combo of (label, value) pairs, optionally headed by "(none)"."""
    combo = QComboBox()
    if none:
        combo.addItem(NONE_LABEL, None)
    for label, value in items:
        combo.addItem(label, value)
    combo.setToolTip(tooltip)
    return combo


def combo_value(combo: QComboBox) -> str | None:
    value = combo.currentData()
    return str(value) if value is not None else None


def set_combo_value(combo: QComboBox, value: str | None, label: str | None = None) -> None:
    """Select ``value``; a value the combo lacks is appended (e.g. a retired type)."""
    i = combo.findData(value)
    if i < 0 and value is not None:
        combo.addItem(label or value, value)
        i = combo.count() - 1
    combo.setCurrentIndex(max(i, 0))


def type_combo(terms: Sequence[Term], current: str | None = None) -> QComboBox:
    combo = value_combo(
        ((t.name, t.name) for t in terms if not t.retired),
        "What kind of content this is (case study, ebook, webinar…)",
        none=True,
    )
    set_combo_value(combo, current, f"{current} (retired)" if current else None)
    return combo


def tier_combo(current: str | None = None) -> QComboBox:
    combo = value_combo(
        ((TIER_LABELS[t], t) for t in ABM_TIERS),
        "Account-based marketing tier: one-to-one (a single account), "
        "one-to-few (a cluster) or one-to-many (a segment)",
        none=True,
    )
    set_combo_value(combo, current)
    return combo


def status_combo(current: str = "published", statuses: Sequence[str] = STATUSES) -> QComboBox:
    combo = value_combo(
        ((STATUS_LABELS[s], s) for s in statuses),
        "Draft: not ready for reps · Published: ready to use · Retired: out of circulation",
    )
    set_combo_value(combo, current)
    return combo


def keywords_edit(words: Sequence[str] = ()) -> QLineEdit:
    edit = QLineEdit(", ".join(words))
    edit.setPlaceholderText("e.g. pricing, ROI, onboarding")
    edit.setToolTip("Extra search words, separated by commas")
    edit.setClearButtonEnabled(True)
    edit.setCursorPosition(0)  # show the first words, not the end of a long list
    return edit


def parse_keywords(text: str) -> tuple[str, ...]:
    """Comma-separated words, trimmed, without case-insensitive duplicates."""
    out: dict[str, str] = {}
    for part in text.split(","):
        word = " ".join(part.split())
        if word and word.lower() not in out:
            out[word.lower()] = word
    return tuple(out.values())


def owner_edit(library: Library, current: str = "") -> QLineEdit:
    """Owner field completing the owners already used in the library."""
    edit = QLineEdit(current)
    edit.setPlaceholderText("Who maintains this content")
    edit.setToolTip("The person who keeps this content up to date")
    edit.setClearButtonEnabled(True)
    owners = library.assets.owners()
    completer = QCompleter(owners, edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
    edit.setCursorPosition(0)
    return edit


def ok_cancel(ok_text: str, parent: QWidget | None = None) -> tuple[QDialogButtonBox, QPushButton]:
    """A button box whose OK button has ``ok_text`` (with a mnemonic) and is the default."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setText("&Cancel")
    # Enter always means OK, even with Cancel focused (Space or Escape cancel): a
    # focused Cancel must never turn Enter into a silent "nothing happened".
    cancel.setAutoDefault(False)
    return box, ok


def confirm(parent: QWidget, title: str, text: str, action: str | None = None) -> bool:
    """Ask before a change; the accept button is named after it ("Merge")."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton)
    box.setParent(parent, box.windowFlags())
    box.setTextFormat(box.textFormat().PlainText)
    yes = box.addButton(action or title, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def fit_width(widget: QWidget, width: int) -> None:
    """Resize to ``width`` and the height its (word-wrapped) layout needs there."""
    layout = widget.layout()
    height = layout.totalHeightForWidth(width) if layout is not None else -1
    widget.resize(width, height if height > 0 else widget.sizeHint().height())


def column_widths(table: QWidget, samples: Sequence[str], pad: int = 24) -> list[int]:
    """Widths that show each sample text whole in ``table``'s font (0 for an
    empty sample: the column that stretches), so columns fit any font size."""
    metrics = table.fontMetrics()
    return [metrics.horizontalAdvance(s) + pad if s else 0 for s in samples]


def chain_tab_order(*widgets: QWidget) -> None:
    """Tab through ``widgets`` in the given order (the layout's reading order)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def page_title(text: str) -> QLabel:
    """The large bold heading at the top of a workspace page."""
    title = QLabel(text)
    title.setTextFormat(Qt.TextFormat.PlainText)
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    title.setFont(font)
    return title


def debounce(parent: QWidget, msecs: int, slot: Callable[[], object]) -> QTimer:
    """A single-shot timer that runs ``slot`` ``msecs`` after its last start()."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msecs)
    timer.timeout.connect(slot)
    return timer
