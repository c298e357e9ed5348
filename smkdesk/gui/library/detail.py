"""Detail pane: metadata, tags, why it matched, a readable preview, actions.

Everything from documents (titles, descriptions, text) is shown as plain
text: labels use Qt.PlainText and text views are QPlainTextEdit, so nothing
an asset contains is ever interpreted as rich text or HTML.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.catalogue.audit import AuditRecord
from smkdesk.core.catalogue.dto import AssetDetail
from smkdesk.core.search.model import Snippet
from smkdesk.core.usage.events import UsageRecord
from smkdesk.core.util.timeutil import local_date
from smkdesk.gui.library.history import history_lines, usage_summary
from smkdesk.gui.library.results_model import BADGES


def plain_label(text: str = "", wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def human_size(size: int | None) -> str:
    if not size:
        return ""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return ""


#: Action buttons a row, when the pane is wide enough for them whole.
BUTTON_COLUMNS = 3
#: Text on the search-highlight yellow, in light and dark palettes alike.
HIGHLIGHT_TEXT = "#1a1a1a"
HINT = "Select an asset to see its details, why it matched and a preview."
#: The preview is at least this many lines high (as high as its text: the
#: pane scrolls).
PREVIEW_LINES = 10


def badge_label() -> QLabel:
    """A rounded "Draft" / "Retired" badge (hidden for published assets)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName("Status")
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    label.hide()
    return label


def show_badge(label: QLabel, status: str) -> None:
    badge = BADGES.get(status)
    label.setVisible(badge is not None)
    if badge is None:
        return
    text, background, foreground = badge
    label.setText(text)
    label.setStyleSheet(
        f"QLabel {{ background: {background}; color: {foreground}; border-radius: 9px;"
        " padding: 1px 8px; font-weight: bold; }"
    )
    label.setToolTip(
        "A draft: not published for reps yet"
        if status == "draft"
        else "Retired: kept for the record, not for use"
    )


class WholeText(QPlainTextEdit):
    """Read-only text as tall as its wrapped lines, with no scroll bars of its
    own: the pane around it is the one scroll area (no scroll bar inside a
    scroll bar). At least ``min_lines`` high."""

    def __init__(self, min_lines: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.min_lines = min_lines
        self.setReadOnly(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self.fit_height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        width_changed = event.size().width() != event.oldSize().width()
        super().resizeEvent(event)
        if width_changed:
            self.fit_height()

    def fit_height(self) -> None:
        lines = 0.0
        block = self.document().firstBlock()
        while block.isValid():
            lines += self.blockBoundingRect(block).height()
            block = block.next()
        margins = self.contentsMargins()
        extra = margins.top() + margins.bottom() + 2 * self.document().documentMargin()
        least = self.fontMetrics().lineSpacing() * self.min_lines
        height = int(max(lines, least) + extra + 1)
        if height != self.height():
            self.setFixedHeight(height)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # nothing to scroll here: the pane scrolls


class ManySelected(QWidget):
    """What the pane shows for several selected rows: how many, and the
    actions that work on all of them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = plain_label()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName("Selection")
        self.text = plain_label("Act on all of them at once:")
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        self._buttons = QVBoxLayout()
        self._buttons.setSpacing(4)
        layout.addLayout(self._buttons)
        layout.addStretch(1)
        self.buttons: list[QToolButton] = []

    def set_actions(self, actions: list[QAction]) -> None:
        for button in self.buttons:
            self._buttons.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self._buttons.addWidget(button)
            self.buttons.append(button)
        self.text.setVisible(bool(actions))

    def show_count(self, count: int) -> None:
        self.heading.setText(f"{count} assets selected")


class DetailPane(QWidget):
    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.asset: AssetDetail | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.placeholder = plain_label(HINT)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)
        layout.addWidget(self.placeholder)
        self.many = ManySelected()
        self.many.hide()
        layout.addWidget(self.many, 1)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        self.title = plain_label()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAccessibleName("Asset title")
        self.badge = badge_label()
        self.meta = plain_label()
        self.meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        title_row = QHBoxLayout()
        title_row.setSpacing(8)
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(title_row)
        body.addWidget(self.meta)

        # three a row when they fit whole, else two (or one): never cut off
        self.button_grid = QGridLayout()
        self.button_grid.setSpacing(4)
        self.action_buttons: list[QToolButton] = []
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            if action.menu() is not None:  # "Log as used…" with its one-step variants
                button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.action_buttons.append(button)
        self._button_columns = 0
        self._arrange_buttons(BUTTON_COLUMNS)
        body.addLayout(self.button_grid)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("description", "Description"),
            ("stages", "Stages"),
            ("personas", "Personas"),
            ("sectors", "Sectors"),
            ("abm_tier", "ABM tier"),
            ("keywords", "Keywords"),
            ("review_by", "Review by"),
            ("usage", "Usage"),
            ("text", "Text"),
        ):
            self.fields[key] = plain_label()
            form.addRow(label + ":", self.fields[key])
        body.addLayout(form)

        self.match_label = QLabel("Why it matched")
        self.match_label.setFont(self._bold())
        self.snippet = WholeText(1)  # a few lines, whole: no scroll bar of its own
        self.snippet.setAccessibleName("Matching text")
        body.addWidget(self.match_label)
        body.addWidget(self.snippet)

        # Preview and History share the rest of the pane as tabs: the preview
        # gets the height, and history lines wrap instead of scrolling sideways
        # lines wrap instead of scrolling sideways; each text is as tall as it
        # is, and the whole pane scrolls as one page
        self.history = WholeText(3)
        self.history.setAccessibleName("Usage and change history")
        self.preview = WholeText(PREVIEW_LINES)
        self.preview.setAccessibleName("Text preview")
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.preview, "Preview")
        self.tabs.addTab(self.history, "History")
        body.addWidget(self.tabs)
        body.addStretch(1)
        # the one scroll area of the pane
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.body)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.scroll, 1)
        self.scroll.viewport().installEventFilter(self)
        self.show_asset(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_buttons(self.scroll.viewport().width())
        return False

    def _fit_buttons(self, width: int) -> None:
        """As many buttons a row as fit whole in ``width`` (at most three)."""
        if not self.action_buttons:
            return
        widest = max(b.sizeHint().width() for b in self.action_buttons)
        gap = self.button_grid.horizontalSpacing()
        self._arrange_buttons(max(1, min(BUTTON_COLUMNS, (width + gap) // (widest + gap))))

    def _arrange_buttons(self, columns: int) -> None:
        if columns == self._button_columns:
            return
        self._button_columns = columns
        for button in self.action_buttons:
            self.button_grid.removeWidget(button)
        for column in range(BUTTON_COLUMNS):
            self.button_grid.setColumnStretch(column, 1 if column < columns else 0)
        for i, button in enumerate(self.action_buttons):
            self.button_grid.addWidget(button, i // columns, i % columns)

    @staticmethod
    def _bold() -> QFont:
        font = QFont()
        font.setBold(True)
        return font

    def set_bulk_actions(self, actions: list[QAction]) -> None:
        """The actions offered when several assets are selected."""
        self.many.set_actions(actions)

    def show_many(self, count: int) -> None:
        """Several rows selected: say how many and offer the bulk actions."""
        self.asset = None
        self.placeholder.hide()
        self.scroll.hide()
        self.many.show_count(count)
        self.many.show()

    def show_hint(self, on: bool) -> None:
        """The "select an asset" hint, only when there are results to select."""
        self.placeholder.setText(HINT if on else "")

    def show_asset(
        self,
        asset: AssetDetail | None,
        history: tuple[UsageRecord, ...] = (),
        audit: tuple[AuditRecord, ...] = (),
    ) -> None:
        before, self.asset = self.asset, asset
        self.many.hide()
        self.placeholder.setVisible(asset is None)
        self.scroll.setVisible(asset is not None)
        if asset is None:
            return
        if before is None or before.id != asset.id:
            # another asset starts at its title and buttons
            self.scroll.verticalScrollBar().setValue(0)
        self.title.setText(asset.title)
        show_badge(self.badge, asset.status)
        where = asset.file_name or asset.url or ""
        size = human_size(asset.file_size)
        meta = [asset.type or "Untyped", asset.status.capitalize(), asset.owner or "no owner"]
        meta += [f"added {local_date(asset.created)}", where + (f" ({size})" if size else "")]
        self.meta.setText(" · ".join(m for m in meta if m))
        values = {
            "description": asset.description or "—",
            "stages": ", ".join(asset.stages) or "—",
            "personas": ", ".join(asset.personas) or "—",
            "sectors": ", ".join(asset.sectors) or "—",
            "abm_tier": asset.abm_tier or "—",
            "keywords": ", ".join(asset.keywords) or "—",
            "review_by": local_date(asset.review_by, "—"),  # a calendar day, as it is
            "usage": usage_summary(history, asset.use_count),
            "text": self._text_state(asset),
        }
        for key, value in values.items():
            self.fields[key].setText(value)
        lines = history_lines(history, audit)
        self.history.setPlainText("\n".join(lines) or "No uses or changes recorded yet.")
        self.tabs.setTabText(1, f"History ({len(lines)})" if lines else "History")
        self.preview.setPlainText(asset.text_preview or self._text_state(asset))
        self.preview.moveCursor(QTextCursor.MoveOperation.Start)

    @staticmethod
    def _text_state(asset: AssetDetail) -> str:
        if asset.kind == "link":
            return "Web link: no stored text (found by title, description and tags)."
        if asset.text_status == "text":
            if asset.truncation:
                return f"Searchable, but only in part: {asset.truncation}"
            return "Searchable"
        return f"Not searchable: {asset.no_text_reason or 'no text'} (found by title and tags)"

    def show_snippet(self, snippet: Snippet | None) -> None:
        visible = snippet is not None and bool(snippet.text)
        self.match_label.setVisible(visible)
        self.snippet.setVisible(visible)
        if not visible or snippet is None:
            return
        self.snippet.setPlainText(snippet.text)
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setBackground(QColor(255, 221, 87))  # opaque: as bright on a dark page
        # dark text on the yellow: the dark palette's light text would not read on it
        fmt.setForeground(QColor(HIGHLIGHT_TEXT))
        selections = []
        for h in snippet.highlights:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.snippet.document())
            cursor.setPosition(h.start)
            cursor.setPosition(h.end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            sel.format = fmt
            selections.append(sel)
        self.snippet.setExtraSelections(selections)


__all__ = ["DetailPane", "human_size", "plain_label"]
