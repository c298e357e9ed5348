"""A tree model over the terms of one taxonomy: name and "N assets".

Flat taxonomies (stages, personas, types) are a tree without children. Each
index carries its term id as internal id, so the model needs no node objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from smkdesk.core.catalogue.dto import Term
from smkdesk.gui.widgets.fields import plural

TERM_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Name", "Used on")
_ROOT = QModelIndex()


class TermTreeModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terms: dict[int, Term] = {}
        self._children: dict[int | None, list[int]] = {None: []}
        self._row: dict[int, int] = {}

    def set_terms(self, terms: Sequence[Term]) -> None:
        self.beginResetModel()
        self._terms = {t.id: t for t in terms}
        self._children = {None: []}
        for t in terms:  # depth-first order keeps siblings in position order
            pid = t.parent_id if t.parent_id in self._terms else None
            self._children.setdefault(pid, []).append(t.id)
        self._row = {tid: r for kids in self._children.values() for r, tid in enumerate(kids)}
        self.endResetModel()

    def term(self, index: Index) -> Term | None:
        return self._terms.get(int(index.internalId())) if index.isValid() else None

    def index_of(self, term_id: int, column: int = 0) -> QModelIndex:
        if term_id not in self._terms:
            return QModelIndex()
        return self.createIndex(self._row[term_id], column, term_id)

    def terms(self) -> list[Term]:
        return list(self._terms.values())

    # -- QAbstractItemModel ------------------------------------------------------
    def _parent_id(self, parent: Index) -> int | None:
        return int(parent.internalId()) if parent.isValid() else None

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        kids = self._children.get(self._parent_id(parent), [])
        if not (0 <= row < len(kids) and 0 <= column < len(HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index: Index | None = None) -> Any:
        if index is None:
            return super().parent()
        term = self.term(index)
        if term is None or term.parent_id not in self._terms:
            return QModelIndex()
        return self.index_of(term.parent_id)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(self._parent_id(parent), []))

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        term = self.term(index)
        if term is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return term.name + (" (retired)" if term.retired else "")
            return plural(term.asset_count, "asset")
        if role == Qt.ItemDataRole.ToolTipRole:
            state = "retired: hidden from pickers, kept on assets" if term.retired else "in use"
            return f"{term.path} — {plural(term.asset_count, 'asset')}, {state}"
        if role == Qt.ItemDataRole.ForegroundRole and (
            term.retired or (col == 1 and not term.asset_count)
        ):
            return QApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == 0:
            return f"{term.name}, {plural(term.asset_count, 'asset')}"
        if role == TERM_ROLE:
            return term
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
