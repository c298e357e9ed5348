"""One tab of the taxonomy dialog: a view over one taxonomy and its buttons."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QAction, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.catalogue.dto import DIMENSION_LABELS, SECTOR, Term
from smkdesk.gui.taxonomy.model import TermTreeModel
from smkdesk.gui.widgets.tagpickers import draw_placeholder

# key, button text, shortcut, tooltip
BUTTONS = (
    ("add", "&Add…", "Ctrl+N", "Add a new value"),
    ("rename", "&Rename…", "F2", "Rename the selected value on every asset"),
    ("merge", "&Merge into…", "", "Move every tag to another value and remove this one"),
    ("up", "Move &up", "Alt+Up", "Show this value earlier in lists"),
    ("down", "Move &down", "Alt+Down", "Show this value later in lists"),
    ("retire", "Re&tire", "Del", "Hide from pickers; assets keep the tag (reversible)"),
    ("under", "Move u&nder…", "", "Move this sector under another one, or to the top level"),
)


class TermView(QTreeView):
    placeholder = ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        draw_placeholder(self, self.placeholder)


class TermPane(QWidget):
    """One taxonomy: a view over its terms and the buttons that change it."""

    def __init__(self, dimension: str, actions: dict[str, QAction]) -> None:
        super().__init__()
        self.dimension = dimension
        self.label = DIMENSION_LABELS[dimension]
        self.model = TermTreeModel(self)
        self.view = TermView()
        self.view.placeholder = f"No {self.label} values yet. Add one with Add… (Ctrl+N)."
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(dimension == SECTOR)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.buttons: dict[str, QPushButton] = {}
        column = QVBoxLayout()
        for key, text, shortcut, tip in BUTTONS:
            if key == "under" and dimension != SECTOR:
                continue
            button = QPushButton(text)
            button.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
            button.setAutoDefault(False)
            button.clicked.connect(actions[key].trigger)
            column.addWidget(button)
            self.buttons[key] = button
            if key in ("merge", "down"):
                column.addSpacing(8)
        column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(column)

    def reload(self, terms: list[Term], select: int | None = None) -> None:
        keep = select if select is not None else (t.id if (t := self.current()) else None)
        self.model.set_terms(terms)
        self.view.expandAll()
        index = self.model.index_of(keep) if keep is not None else self.model.index(0, 0)
        if index.isValid():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            flags |= QItemSelectionModel.SelectionFlag.Rows
            self.view.selectionModel().setCurrentIndex(index, flags)
        self.update_buttons()

    def current(self) -> Term | None:
        return self.model.term(self.view.currentIndex())

    def siblings(self, term: Term) -> list[Term]:
        return [t for t in self.model.terms() if t.parent_id == term.parent_id]

    def subtree(self, term: Term) -> list[Term]:
        out, stack = [], [term.id]
        while stack:
            pid = stack.pop()
            kids = [t for t in self.model.terms() if t.parent_id == pid]
            out += kids
            stack += [k.id for k in kids]
        return out

    def update_buttons(self) -> None:
        term = self.current()
        sibs = self.siblings(term) if term else []
        for key in ("rename", "merge", "retire", "under"):
            if key in self.buttons:
                self.buttons[key].setEnabled(term is not None)
        self.buttons["up"].setEnabled(bool(term and sibs and sibs[0].id != term.id))
        self.buttons["down"].setEnabled(bool(term and sibs and sibs[-1].id != term.id))
        self.buttons["retire"].setText("Res&tore" if term and term.retired else "Re&tire")
