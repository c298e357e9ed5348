"""Checkable pickers over taxonomy terms (``dto.Term``).

``CheckList`` is flat (stages, personas); ``SectorTree`` is the sector
hierarchy. Retired terms are hidden unless they are already checked, so an
asset keeps (and shows) an old tag without offering it for new tagging.
Checking a sector never checks its sub-sectors: a parent tag means something
on its own ("Retail" content fits any retailer).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QListView, QTreeView, QWidget

from smkdesk.core.catalogue.dto import Term

TERM_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class _TermPicker:
    """Shared state of both pickers: terms, checked ids and the item model."""

    changed: Any  # the subclass's Signal
    _model: QStandardItemModel

    def _init_picker(self, view: QAbstractItemView, placeholder: str, rows: int) -> None:
        self._terms: list[Term] = []
        self._checked: set[int] = set()
        self._notes: Mapping[int, str] = {}
        self._building = False
        self._rows = rows
        self._show_retired = False
        self.placeholder = placeholder
        self._model = QStandardItemModel(view)
        self._model.itemChanged.connect(self._item_changed)
        view.setModel(self._model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def _make_item(self, term: Term) -> QStandardItem:
        text = term.name if isinstance(self, SectorTree) else term.path
        if term.retired:
            text += " (retired)"
        if term.id in self._notes:
            text += f"  ({self._notes[term.id]})"
        item = QStandardItem(text)
        item.setData(term.id, TERM_ID_ROLE)
        item.setCheckable(True)
        item.setEditable(False)
        item.setToolTip(
            term.path
            + (" — retired: kept on assets, not offered for new tags" if term.retired else "")
        )
        item.setCheckState(
            Qt.CheckState.Checked if term.id in self._checked else Qt.CheckState.Unchecked
        )
        if term.retired:
            item.setForeground(self.palette().brush(QPalette.ColorRole.PlaceholderText))  # type: ignore[attr-defined]
        return item

    def _item_changed(self, item: QStandardItem) -> None:
        if self._building:
            return
        tid = int(item.data(TERM_ID_ROLE))
        if item.checkState() == Qt.CheckState.Checked:
            self._checked.add(tid)
        else:
            self._checked.discard(tid)
        self.changed.emit()

    def _visible(self, term: Term) -> bool:
        return not term.retired or self._show_retired or term.id in self._checked

    def _rebuild(self) -> None:
        raise NotImplementedError

    # -- public API ----------------------------------------------------------
    def set_terms(
        self,
        terms: Iterable[Term],
        notes: Mapping[int, str] | None = None,
        show_retired: bool = False,
    ) -> None:
        """Offer ``terms``; ``notes`` adds a short suffix per term id ("2 of 3")."""
        self._terms = list(terms)
        self._notes = dict(notes or {})
        self._show_retired = show_retired
        known = {t.id for t in self._terms}
        self._checked &= known
        self._rebuild()

    def set_checked(self, values: Iterable[str | int]) -> None:
        """Check terms by id, name or path (case-insensitive); uncheck the rest."""
        wanted = [v.lower() if isinstance(v, str) else v for v in values]
        self._checked = {
            t.id
            for t in self._terms
            if t.id in wanted or t.name.lower() in wanted or t.path.lower() in wanted
        }
        self._rebuild()
        self.changed.emit()

    def checked_terms(self) -> list[Term]:
        return [t for t in self._terms if t.id in self._checked]

    def checked_names(self) -> tuple[str, ...]:
        """Names (paths for sectors) of the checked terms, in taxonomy order."""
        return tuple(t.path for t in self.checked_terms())

    def checked_ids(self) -> tuple[int, ...]:
        return tuple(t.id for t in self.checked_terms())

    def term_count(self) -> int:
        return len(self._terms)


def draw_placeholder(view: QAbstractItemView, text: str) -> None:
    if view.model().rowCount() or not text:
        return
    painter = QPainter(view.viewport())
    painter.setPen(view.palette().color(QPalette.ColorRole.PlaceholderText))
    rect = view.viewport().rect().adjusted(8, 4, -8, -4)
    flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
    painter.drawText(rect, int(flags), text)
    painter.end()


class CheckList(QListView, _TermPicker):
    """A compact checkable list of flat terms (stages, personas)."""

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, placeholder: str = "", rows: int = 5
    ) -> None:
        QListView.__init__(self, parent)
        self._init_picker(self, placeholder, rows)
        self.setUniformItemSizes(True)

    def _rebuild(self) -> None:
        self._building = True
        self._model.clear()
        for term in self._terms:
            if self._visible(term):
                self._model.appendRow(self._make_item(term))
        self._building = False
        self.updateGeometry()
        self.viewport().update()

    def sizeHint(self) -> QSize:
        row = self.sizeHintForRow(0) if self._model.rowCount() else self.fontMetrics().height() + 6
        rows = max(3, min(self._rows, self._model.rowCount()))
        hint = super().sizeHint()
        return QSize(hint.width(), rows * row + 2 * self.frameWidth() + 2)

    def minimumSizeHint(self) -> QSize:
        height = min(self.sizeHint().height(), 3 * (self.fontMetrics().height() + 4))
        return QSize(super().minimumSizeHint().width(), height)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        draw_placeholder(self, self.placeholder)


class SectorTree(QTreeView, _TermPicker):
    """A checkable sector tree; parents and children are checked independently."""

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, placeholder: str = "", rows: int = 8
    ) -> None:
        QTreeView.__init__(self, parent)
        self._init_picker(self, placeholder, rows)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)

    def _rebuild(self) -> None:
        self._building = True
        self._model.clear()
        by_id = {t.id: t for t in self._terms}
        shown = {t.id for t in self._terms if self._visible(t)}
        for term in self._terms:  # a hidden retired parent of a shown child stays visible
            if term.id in shown:
                parent = by_id.get(term.parent_id) if term.parent_id else None
                while parent is not None:
                    shown.add(parent.id)
                    parent = by_id.get(parent.parent_id) if parent.parent_id else None
        items: dict[int, QStandardItem] = {}
        for term in self._terms:  # terms come depth-first, parents before children
            if term.id not in shown:
                continue
            item = self._make_item(term)
            items[term.id] = item
            parent_item = items.get(term.parent_id) if term.parent_id else None
            (parent_item or self._model.invisibleRootItem()).appendRow(item)
        self._building = False
        self.expandAll()
        self.updateGeometry()
        self.viewport().update()

    def checked_paths(self) -> tuple[str, ...]:
        return self.checked_names()

    def sizeHint(self) -> QSize:
        row = self.fontMetrics().height() + 6
        if self._model.rowCount():
            row = max(row, self.rowHeight(self._model.index(0, 0, QModelIndex())))
        hint = super().sizeHint()
        return QSize(hint.width(), self._rows * row + 2 * self.frameWidth() + 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        draw_placeholder(self, self.placeholder)


def tag_counts(values: Sequence[Sequence[str]]) -> dict[str, int]:
    """How many of the given tag lists contain each tag (case-insensitive keys)."""
    counts: dict[str, int] = {}
    for tags in values:
        for tag in {t.lower() for t in tags}:
            counts[tag] = counts.get(tag, 0) + 1
    return counts
