"""Table model over search hits (plain DTOs, never ORM objects)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from smkdesk.core.catalogue.dto import AssetSummary
from smkdesk.core.util.timeutil import local_date

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
#: "Draft" / "Retired" for assets that are not published, else None.
BADGE_ROLE = Qt.ItemDataRole.UserRole + 3
Index = QModelIndex | QPersistentModelIndex

#: Badge text and colours (background, text) per status that is not published;
#: the same colours read on light and dark palettes.
BADGES: dict[str, tuple[str, str, str]] = {
    "draft": ("Draft", "#f2c14e", "#1f1f1f"),
    "retired": ("Retired", "#8a8a8a", "#ffffff"),
}
#: A title column narrower than this shows the badge as its first letter
#: (the tooltip and the accessible text still say "Draft").
COMPACT_BADGE_BELOW = 260
#: Columns that sort largest first on their first click.
NUMERIC_COLUMNS = frozenset({"last_used", "use_count"})
COLUMNS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("type", "Type"),
    ("stages", "Stages"),
    ("personas", "Personas"),
    ("sectors", "Sectors"),
    ("last_used", "Last used"),
    ("use_count", "Uses"),
)


def short_date(value: date | datetime | None) -> str:
    """A stored instant as its local day ("4 Dec 2026"), or "never"."""
    return local_date(value, "never")


class ResultsModel(QAbstractTableModel):
    """Rows are loaded page by page: ``fetchMore`` asks ``request_more`` for
    the next page and ``append`` adds it when it arrives."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AssetSummary] = []
        self._total = 0
        self._pending = False
        self.request_more: Callable[[int], None] | None = None

    # -- loading -------------------------------------------------------------
    def reset(self, rows: Sequence[AssetSummary], total: int) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._total = max(total, len(self._rows))
        self._pending = False
        self.endResetModel()

    def append(self, rows: Sequence[AssetSummary]) -> None:
        self._pending = False
        known = {r.id for r in self._rows}
        fresh = [r for r in rows if r.id not in known]
        if not fresh:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._rows.extend(fresh)
        self.endInsertRows()

    def replace(self, updated: Sequence[AssetSummary]) -> None:
        """Refresh rows in place (after an edit or a logged use)."""
        by_id = {u.id: u for u in updated}
        for row, item in enumerate(self._rows):
            if item.id in by_id:
                self._rows[row] = by_id[item.id]
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def remove_ids(self, ids: set[int]) -> None:
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].id in ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self._total -= 1
                self.endRemoveRows()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        if parent.isValid():
            return False
        return not self._pending and len(self._rows) < self._total and bool(self.request_more)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if self.canFetchMore(parent) and self.request_more:
            self._pending = True
            self.request_more(len(self._rows))

    # -- access ----------------------------------------------------------------
    def asset(self, row: int) -> AssetSummary:
        return self._rows[row]

    def ids(self) -> list[int]:
        return [r.id for r in self._rows]

    def row_of(self, asset_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == asset_id), -1)

    @property
    def total(self) -> int:
        return self._total

    # -- Qt model API ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        item = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, key)
        if role == ID_ROLE:
            return item.id
        if role == BADGE_ROLE:
            return BADGES[item.status][0] if key == "title" and item.status in BADGES else None
        if role == Qt.ItemDataRole.AccessibleTextRole and key == "title":
            badge = BADGES.get(item.status)
            return f"{badge[0]}: {item.title}" if badge else item.title
        if role == SORT_ROLE:
            return self._sort_value(item, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, key)
        if role == Qt.ItemDataRole.FontRole and key == "title" and item.status != "published":
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and item.status == "retired":
            return QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "use_count":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(item: AssetSummary, key: str) -> str:
        if key == "title":  # the status is a badge (see BadgeDelegate)
            return item.title
        if key == "type":
            return item.type or ("Link" if item.kind == "link" else "")
        if key in ("stages", "personas", "sectors"):
            values: tuple[str, ...] = getattr(item, key)
            return ", ".join(values)
        if key == "last_used":
            return short_date(item.last_used)
        if key == "use_count":
            return str(item.use_count)
        return ""

    @staticmethod
    def _sort_value(item: AssetSummary, key: str) -> Any:
        if key == "last_used":
            return item.last_used.timestamp() if item.last_used else 0.0
        if key == "use_count":
            return item.use_count
        if key == "title":
            return item.title.lower()
        return ResultsModel._display(item, key).lower()

    @staticmethod
    def _tooltip(item: AssetSummary, key: str) -> str:
        if key == "title":
            where = item.file_name or "web link"
            return f"{item.title}\n{where} · {item.status}"
        return ResultsModel._display(item, key)


class BadgeDelegate(QStyledItemDelegate):
    """Paints a coloured "Draft"/"Retired" badge before the title, so a status
    shows even when a long title is elided."""

    PAD = 6

    def _badge_width(self, option: QStyleOptionViewItem, text: str) -> int:
        return option.fontMetrics.horizontalAdvance(text) + 2 * self.PAD

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        text = index.data(BADGE_ROLE)
        if not text:
            super().paint(painter, option, index)
            return
        status = next(k for k, v in BADGES.items() if v[0] == text)
        _label, background, foreground = BADGES[status]
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else None
        if style is not None:  # the row's background and selection first
            opt_text = opt.text
            opt.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
            opt.text = opt_text
        if opt.rect.width() < COMPACT_BADGE_BELOW:  # a narrow title: "D", not "Draft"
            text = text[0]
        width = self._badge_width(opt, text)
        height = min(opt.rect.height() - 6, opt.fontMetrics.height() + 2)
        badge = opt.rect.adjusted(4, 0, 0, 0)
        badge.setWidth(width)
        badge.setTop(opt.rect.top() + (opt.rect.height() - height) // 2)
        badge.setHeight(height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(QColor(foreground))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
        role = QPalette.ColorRole.Text
        if opt.state & QStyle.StateFlag.State_Selected:
            role = QPalette.ColorRole.HighlightedText
        rect = opt.rect.adjusted(width + 11, 0, -3, 0)
        elided = QFontMetrics(opt.font).elidedText(
            opt.text, Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(role))
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), elided
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        text = index.data(BADGE_ROLE)
        if text:
            size.setWidth(size.width() + self._badge_width(option, text) + 8)
        return size


class ResultsProxy(QSortFilterProxyModel):
    """Sorts loaded rows by the column's natural value (numbers as numbers)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)


__all__ = ["BADGE_ROLE", "COLUMNS", "ID_ROLE", "BadgeDelegate", "ResultsModel", "ResultsProxy"]
