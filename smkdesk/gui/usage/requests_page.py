"""Content requests: what reps searched for and did not find, grouped by the
search and its stage/persona/sector filters, most searched first. A marketer
plans the content, or marks the request answered by an asset."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.dto import Changes, SearchHit, SearchQuery
from smkdesk.core.library import Library
from smkdesk.core.requests import ContentRequest
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.results_model import short_date
from smkdesk.gui.library.states import Message
from smkdesk.gui.widgets.csvexport import ask_csv_path, write_csv
from smkdesk.gui.widgets.fields import hint_label, ok_cancel, page_title, plural
from smkdesk.gui.widgets.rowmodel import Column, RowFilter, RowModel, list_table

STATUSES = (("open", "Open"), ("planned", "Planned"), ("answered", "Answered"), ("", "All"))


def _status(r: ContentRequest) -> str:
    if r.status == "answered":
        return f"Answered by #{r.answered_by} {r.answered_title}".strip()
    return r.status.capitalize()


COLUMNS: list[Column[ContentRequest]] = [
    Column("Searched for", lambda r: r.text or "(filters only)"),
    Column("Stage", lambda r: r.stage or "any"),
    Column("Persona", lambda r: r.persona or "any"),
    Column("Sector", lambda r: r.sector or "any"),
    Column("Times", lambda r: str(r.searches), sort=lambda r: r.searches, numeric=True),
    Column(
        "Last searched",
        lambda r: short_date(r.last_searched) if r.last_searched else "",
        sort=lambda r: r.last_searched or datetime.min,
    ),
    Column("Status", _status),
]


class AssetPicker(QDialog):
    """Search the library and pick one asset (e.g. the one answering a request)."""

    def __init__(self, ctx: AppContext, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Answered by which asset?")
        self._generation = 0
        self.search = QLineEdit(text)
        self.search.setPlaceholderText("Search the library")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.buttons, self.ok = ok_cancel("&Choose", self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label("Pick the asset that now answers this search."))
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.results.currentItemChanged.connect(lambda cur, _p: self.ok.setEnabled(cur is not None))
        self.results.itemDoubleClicked.connect(lambda _i: self.accept())
        self.resize(520, 420)
        self.run_search()

    def run_search(self) -> None:
        self._generation += 1
        generation, lib = self._generation, self.ctx.library
        query = SearchQuery(text=self.search.text().strip(), limit=30, with_snippets=False)
        task = self.ctx.tasks.read("search", lambda _t: lib.search(query).hits)
        task.succeeded.connect(lambda hits: self._show(generation, hits))

    def _show(self, generation: int, hits: Sequence[SearchHit]) -> None:
        if generation != self._generation:
            return
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(f"{hit.title}  ·  {hit.type or 'asset'}")
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def asset_id(self) -> int | None:
        item = self.results.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


class RequestsPage(QWidget):
    search_requested = Signal(object)  # SearchQuery: run it in the library
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._generation = 0
        self._dirty = True
        title = page_title("Content requests")
        self.summary = hint_label()
        self.status = QComboBox()
        for key, label in STATUSES:
            self.status.addItem(label, key)
        self.status.setToolTip("Which requests to show")
        export = QPushButton("Export CSV…")
        export.setToolTip("Save the requests as a spreadsheet (CSV)")
        export.clicked.connect(self.export_csv)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(QLabel("Show:"))
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(export)

        self.actions_: dict[str, QAction] = {}
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        specs: list[tuple[str, str, str, Callable[[], object]]] = [
            ("planned", "Mark &planned", "Content is on its way", self.mark_planned),
            ("answered", "&Answered by…", "Pick the asset that answers it", self.mark_answered),
            ("reopen", "&Reopen", "Back to open", self.reopen),
            ("search", "&Search this", "Run the search in the library", self.search_this),
        ]
        for name, text, tip, handler in specs:
            action = QAction(text, self)
            action.setToolTip(tip)
            action.triggered.connect(lambda _=False, h=handler: h())
            bar.addAction(action)
            self.actions_[name] = action

        self.model: RowModel[ContentRequest] = RowModel(COLUMNS, self)
        self.proxy = RowFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = list_table(self.proxy, "Content requests")
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((0, 120, 140, 160, 60, 110, 220)):
            if column:
                self.table.setColumnWidth(column, width)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.doubleClicked.connect(lambda _i: self.search_this())
        self.empty = Message()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(bar)
        layout.addWidget(self.stack, 1)
        self.status.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        ctx.bus.changed.connect(self._on_changes)
        self._update_actions()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        if changes.requests or changes.deleted or changes.taxonomy:
            self._dirty = True
            if self.isVisible():
                self.refresh()

    def refresh(self) -> None:
        self._dirty = False
        self._generation += 1
        generation, lib = self._generation, self.ctx.library
        task = self.ctx.tasks.read("Content requests", lambda _t: lib.requests.list_requests())
        task.succeeded.connect(lambda rows: self._loaded(generation, rows))

    def _loaded(self, generation: int, rows: Sequence[ContentRequest]) -> None:
        if generation != self._generation:
            return
        self.model.reset(rows)
        self._apply_filter()
        self.loaded.emit()

    def _apply_filter(self) -> None:
        status = self.status.currentData()
        self.proxy.set_predicate(lambda r: not status or r.status == status)
        shown = self.proxy.rowCount()
        open_n = sum(r.status == "open" for r in self.model.rows())
        self.summary.setText(
            f"{plural(open_n, 'open request')}. Each is a search reps ran that found nothing, "
            "grouped by its words and filters: the content they looked for and did not have."
        )
        self.empty.heading.setText("No content requests here")
        self.empty.text.setText(
            "When a rep's search finds nothing, it is listed here so marketing can plan the "
            "missing content. Change “Show” to see planned or answered requests."
        )
        self.stack.setCurrentWidget(self.table if shown else self.empty)
        self._update_actions()

    def selected(self) -> list[ContentRequest]:
        rows = self.table.selectionModel().selectedRows()
        return [self.model.row(self.proxy.mapToSource(i).row()) for i in rows]

    def _update_actions(self) -> None:
        chosen = self.selected()
        self.actions_["planned"].setEnabled(any(r.status != "planned" for r in chosen))
        self.actions_["answered"].setEnabled(len(chosen) >= 1)
        self.actions_["reopen"].setEnabled(any(r.status != "open" for r in chosen))
        self.actions_["search"].setEnabled(len(chosen) == 1)

    def _menu(self, pos: QPoint) -> None:
        if self.selected():
            menu = QMenu(self)
            for action in self.actions_.values():
                menu.addAction(action)
            menu.popup(self.table.viewport().mapToGlobal(pos))

    def _write_each(self, label: str, fn: Callable[[Library, int], Changes]) -> None:
        ids = [r.id for r in self.selected()]

        def work(lib: Library) -> Changes:
            changes = Changes()
            for request_id in ids:
                changes |= fn(lib, request_id)
            return changes

        if ids:
            self.ctx.write(label, work, self)

    def mark_planned(self) -> None:
        self._write_each("Plan content", lambda lib, i: lib.requests.mark_planned(i))

    def reopen(self) -> None:
        self._write_each("Reopen", lambda lib, i: lib.requests.reopen(i))

    def mark_answered(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        picker = AssetPicker(self.ctx, chosen[0].text, self)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            asset_id = picker.asset_id()
            if asset_id is not None:
                self._write_each(
                    "Answer request", lambda lib, i: lib.requests.mark_answered(i, asset_id)
                )

        picker.accepted.connect(accepted)
        picker.open()

    def search_this(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            r = chosen[0]

            def names(value: str) -> tuple[str, ...]:
                return tuple(v for v in value.split(", ") if v)

            query = SearchQuery(
                text=r.text,
                stages=names(r.stage),
                personas=names(r.persona),
                sectors=names(r.sector),
            )
            self.search_requested.emit(query)

    def export_csv(self) -> None:
        path = ask_csv_path(self, "Export content requests", "content-requests.csv")
        if path:
            write_csv(self, self.ctx, path, lambda lib, p: lib.export.export_requests(p))
