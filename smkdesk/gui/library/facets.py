"""Facet panel: every dimension with its values and counts for the current query.

Checking a value adds it to the filters (values OR within a dimension,
dimensions AND). Each dimension is counted with every filter but its own, so
ticking a value keeps its siblings on offer with the assets they would add.
Counts update in place so the tree keeps its expansion state and never
flickers while the user types.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from smkdesk.core.search.dto import Facet, FacetValue

FACET_TITLES: dict[str, str] = {
    "stage": "Stage",
    "persona": "Persona",
    "sector": "Sector",
    "type": "Asset type",
    "abm_tier": "ABM tier",
    "owner": "Owner",
    "status": "Status",
}
FACET_ORDER = tuple(FACET_TITLES)
DIM_ROLE = Qt.ItemDataRole.UserRole + 10
KEY_ROLE = Qt.ItemDataRole.UserRole + 11

Selection = dict[str, dict[str, str]]  # dimension -> {key: label}


class FacetModel(QStandardItemModel):
    """Two columns: value (checkable) and count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self._dims: dict[str, QStandardItem] = {}
        self._shape: dict[str, tuple[str, ...]] = {}
        bold = QFont()
        bold.setBold(True)
        for dim in FACET_ORDER:
            item = QStandardItem(FACET_TITLES[dim])
            item.setEditable(False)
            item.setSelectable(False)
            item.setFont(bold)
            item.setData(dim, DIM_ROLE)
            count = QStandardItem("")
            count.setEditable(False)
            count.setSelectable(False)
            self.appendRow([item, count])
            self._dims[dim] = item

    def update(self, facets: tuple[Facet, ...], selected: Selection) -> None:
        for facet in facets:
            parent = self._dims.get(facet.dimension)
            if parent is None:
                continue
            chosen = selected.get(facet.dimension, {})
            visible = self._visible(facet, chosen)
            shape = tuple(v.key for v in visible)
            if shape == self._shape.get(facet.dimension):
                self._refresh(parent, visible, chosen)
            else:
                self._rebuild(parent, visible, chosen)
                self._shape[facet.dimension] = shape
            total = sum(1 for v in visible if v.count)
            parent.setToolTip(f"{total} value(s) in the current results")
            parent.setEnabled(bool(visible))  # greyed out: nothing to filter on

    @staticmethod
    def _visible(facet: Facet, chosen: dict[str, str]) -> list[FacetValue]:
        """Values with results, selected values, and ancestors of either (sector tree)."""
        keep = {v.key for v in facet.values if v.count or v.key in chosen}
        parents = {v.key: v.parent_key for v in facet.values}
        for key in list(keep):
            parent = parents.get(key)
            while parent:
                keep.add(parent)
                parent = parents.get(parent)
        return [v for v in facet.values if v.key in keep]

    def _rebuild(
        self, parent: QStandardItem, values: list[FacetValue], chosen: dict[str, str]
    ) -> None:
        parent.removeRows(0, parent.rowCount())
        by_key: dict[str, QStandardItem] = {}
        dim = parent.data(DIM_ROLE)
        for v in values:
            item = QStandardItem(v.label)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Unchecked)  # every value shows its box
            item.setData(dim, DIM_ROLE)
            item.setData(v.key, KEY_ROLE)
            count = QStandardItem()
            count.setEditable(False)
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._set(item, count, v, chosen)
            holder = by_key.get(v.parent_key or "", parent)
            holder.appendRow([item, count])
            by_key[v.key] = item

    def _refresh(
        self, parent: QStandardItem, values: list[FacetValue], chosen: dict[str, str]
    ) -> None:
        items: list[tuple[QStandardItem, QStandardItem]] = []

        def walk(node: QStandardItem) -> None:
            for row in range(node.rowCount()):
                child = node.child(row, 0)
                items.append((child, node.child(row, 1)))
                walk(child)

        walk(parent)
        by_key = {v.key: v for v in values}
        for item, count in items:
            value = by_key.get(item.data(KEY_ROLE))
            if value is not None:
                self._set(item, count, value, chosen)

    @staticmethod
    def _set(
        item: QStandardItem, count: QStandardItem, v: FacetValue, chosen: dict[str, str]
    ) -> None:
        state = Qt.CheckState.Checked if v.key in chosen else Qt.CheckState.Unchecked
        if item.checkState() != state:
            item.setCheckState(state)
        text = str(v.count) if v.count else "–"
        if count.text() != text:
            count.setText(text)
        if chosen and v.key not in chosen:  # a sibling of a ticked value: OR
            tip = f"{v.label}: {v.count} asset(s); tick it too to include them (OR)"
        else:
            tip = f"{v.label}: {v.count} asset(s) in the current results"
        if item.toolTip() != tip:
            item.setToolTip(tip)


class FacetPanel(QTreeView):
    """Emits ``toggled(dimension, key, label, checked)`` when a value is clicked."""

    toggled = Signal(str, str, str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facet_model = FacetModel(self)
        self.setModel(self.facet_model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName("Filters")
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for dim in ("stage", "persona", "sector", "type"):
            self.expand(self.facet_model.indexFromItem(self.facet_model._dims[dim]))
        self.clicked.connect(self._toggle)
        self.setToolTip("Click values to filter; values in one group are combined with OR.")

    def update_facets(self, facets: tuple[Facet, ...], selected: Selection) -> None:
        """New counts; a group whose values changed is rebuilt, so the values
        the user had unfolded (Retail) are unfolded again, and every ticked
        value (Retail → Groceries) stays in view."""
        expanded = {key for key, item in self._values() if self.isExpanded(item.index())}
        self.facet_model.update(facets, selected)
        for dim in selected:  # a group with a filter on shows it (a rep's "published")
            item = self.facet_model._dims.get(dim)
            if item is not None:
                self.expand(self.facet_model.indexFromItem(item))
        for (dim, key), item in self._values():
            if (dim, key) in expanded and item.hasChildren():
                self.expand(item.index())
            if key in selected.get(dim, {}):
                parent = item.parent()
                while parent is not None:  # its ancestors unfold to show it
                    self.expand(parent.index())
                    parent = parent.parent()

    def _values(self) -> list[tuple[tuple[str, str], QStandardItem]]:
        """Every value item under every group, keyed by (dimension, key)."""
        found: list[tuple[tuple[str, str], QStandardItem]] = []

        def walk(node: QStandardItem) -> None:
            for row in range(node.rowCount()):
                child = node.child(row, 0)
                if child is not None:
                    found.append(((child.data(DIM_ROLE), child.data(KEY_ROLE)), child))
                    walk(child)

        for group in self.facet_model._dims.values():
            walk(group)
        return found

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._toggle(self.currentIndex())
            return
        super().keyPressEvent(event)

    def _toggle(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """A click anywhere on a value's row toggles it; on a group, folds it."""
        first = self.facet_model.index(index.row(), 0, index.parent())
        item = self.facet_model.itemFromIndex(first)
        if item is None:
            return
        key = item.data(KEY_ROLE)
        if key is None:
            self.setExpanded(first, not self.isExpanded(first))
            return
        checked = item.checkState() != Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.toggled.emit(item.data(DIM_ROLE), key, item.text(), checked)
