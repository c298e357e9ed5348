"""Pick an asset by searching for it: answering a content request, linking
content to a workshop question."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.search.dto import SearchHit, SearchQuery
from smkdesk.gui.context import AppContext
from smkdesk.gui.widgets.fields import ErrorLabel, hint_label, ok_cancel

TITLE_ROLE = Qt.ItemDataRole.UserRole + 1


class AssetPicker(QDialog):
    """Search the library and pick one asset (e.g. the one answering a request)."""

    def __init__(self, ctx: AppContext, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Answered by which asset?")
        self.search = QLineEdit(text)
        self.search.setPlaceholderText("Search the library")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.results = QListWidget()
        self.error = ErrorLabel()
        self.buttons, self.ok = ok_cancel("&Choose", self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label("Pick the asset that now answers this search (↑ and ↓ move in the list).")
        )
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.results.currentItemChanged.connect(lambda _c, _p: self.error.show_message(""))
        self.results.itemDoubleClicked.connect(lambda _i: self.accept())
        self.search.setFocus()
        self.search.selectAll()
        self.resize(520, 420)
        self.run_search()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the search field move the choice in the list."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(event.key()))
            if step is not None and self.results.count():
                row = min(max(self.results.currentRow() + step, 0), self.results.count() - 1)
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        if self.asset_id() is None:
            self.error.show_message(
                "No asset is chosen: search for the one that answers it and pick it in the list."
            )
            self.search.setFocus()
            return
        super().accept()

    def run_search(self) -> None:
        lib = self.ctx.library
        query = SearchQuery(text=self.search.text().strip(), limit=30, with_snippets=False)
        self.ctx.tasks.latest(self, "search", lambda _t: lib.search(query).hits, self._show)

    def _show(self, hits: Sequence[SearchHit]) -> None:
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(f"{hit.title}  ·  {hit.type or 'asset'}")
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            item.setData(TITLE_ROLE, hit.title)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def asset_id(self) -> int | None:
        item = self.results.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def asset_title(self) -> str:
        item = self.results.currentItem()
        return str(item.data(TITLE_ROLE)) if item is not None else ""
