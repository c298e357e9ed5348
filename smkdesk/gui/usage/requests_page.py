"""Content requests: what reps searched for and did not find, grouped by the
search (near-identical spellings together) and its stage/persona/sector filters,
most searched first. A marketer plans the content, marks the request answered
by an asset, or dismisses it as noise; each of these can be undone from the
window's status bar (``undo_offered``). Requests a workshop raised (a question
marked "Content needed") say so in the Source column. Its dialogs live in
``request_dialogs``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.changes import Changes
from smkdesk.core.library import Library
from smkdesk.core.requests.service import ContentRequest, RequestState, dismiss_label
from smkdesk.core.search.dto import SearchQuery
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.results_model import short_date
from smkdesk.gui.library.states import Message
from smkdesk.gui.usage.request_dialogs import DismissDialog
from smkdesk.gui.widgets.asset_picker import AssetPicker
from smkdesk.gui.widgets.csvexport import ask_csv_path, write_csv
from smkdesk.gui.widgets.fields import (
    buddy_label,
    column_widths,
    hint_label,
    page_title,
    plural,
)
from smkdesk.gui.widgets.live_page import LivePage
from smkdesk.gui.widgets.rowmodel import Column, RowFilter, RowModel, list_table

__all__ = ["AssetPicker", "DismissDialog", "RequestsPage"]

STATUSES = (
    ("open", "Open"),
    ("planned", "Planned"),
    ("answered", "Answered"),
    ("dismissed", "Dismissed"),
    ("", "All"),
)


def _status(r: ContentRequest) -> str:
    if r.status == "answered":
        return f"Answered by #{r.answered_by} {r.answered_title}".strip()
    if r.status == "dismissed":
        return f"Dismissed: {dismiss_label(r.dismiss_reason).lower()}"
    return r.status.capitalize()


def _status_tip(r: ContentRequest) -> str:
    who = f" by {r.status_by}" if r.status_by else ""
    if r.status == "dismissed":
        note = f" — {r.dismiss_note}" if r.dismiss_note else ""
        return f"Dismissed{who}: {dismiss_label(r.dismiss_reason)}{note}"
    return f"{_status(r)}{who}"


def _searched_for(r: ContentRequest) -> str:
    text = r.text or "(filters only)"
    more = len(r.variants) - 1
    return f"{text}  (+{plural(more, 'variant')})" if more > 0 else text


def _variants_tip(r: ContentRequest) -> str:
    if len(r.variants) < 2:
        return r.text
    return "Searched as:\n" + "\n".join(f"• {v}" for v in r.variants)


def _when(r: ContentRequest) -> datetime | None:
    """The day it was last searched; for a workshop's request, the day it was raised."""
    return r.created if r.workshop else r.last_searched


def _when_tip(r: ContentRequest) -> str:
    when = _when(r)
    if when is None:
        return ""
    if r.workshop:
        return f"Marked “Content needed” in the workshop {r.workshop} on {short_date(when)}"
    return f"Last searched on {short_date(when)}"


def _count(r: ContentRequest, n: int) -> str:
    """A workshop's request was not searched: a dash, not a bare 0."""
    return "—" if r.workshop and not r.searches else str(n)


def _count_tip(r: ContentRequest) -> str:
    if r.workshop and not r.searches:
        return "Raised in a workshop, not searched for"
    return f"Searched {plural(r.searches, 'time')} by {plural(r.people, 'person', 'people')}"


COLUMNS: list[Column[ContentRequest]] = [
    Column("Searched for", _searched_for, sort=lambda r: r.text.casefold(), tip=_variants_tip),
    Column("Source", lambda r: r.source, tip=lambda r: r.source),
    Column("Stage", lambda r: r.stage or "any"),
    Column("Persona", lambda r: r.persona or "any"),
    Column("Sector", lambda r: r.sector or "any"),
    Column(
        "Times",
        lambda r: _count(r, r.searches),
        sort=lambda r: r.searches,
        tip=_count_tip,
        numeric=True,
    ),
    Column(
        "People",
        lambda r: _count(r, r.people),
        sort=lambda r: r.people,
        tip=_count_tip,
        numeric=True,
    ),
    Column(
        "Date",
        lambda r: short_date(w) if (w := _when(r)) else "",
        sort=lambda r: _when(r) or datetime.min,
        tip=_when_tip,
    ),
    Column("Status", _status, tip=_status_tip),
]


#: Sample contents that size each column ("Searched for" stretches).
COLUMN_SAMPLES = ("", "Workshop: CFO", "Consideration", "IT manager", "Healthcare",
                  "Times", "People", "28 Dec 2026", "Dismissed…")  # fmt: skip


def _quoted(chosen: Sequence[ContentRequest]) -> str:
    """“drone insurance” for one request, "3 requests" for several."""
    if len(chosen) == 1:
        return f"“{chosen[0].text or '(filters only)'}”"
    return plural(len(chosen), "request")


class RequestsPage(LivePage, QWidget):
    search_requested = Signal(object)  # SearchQuery: run it in the library
    loaded = Signal()
    #: (what was done, a callable that undoes it): the window's status bar
    #: offers it, the one place Undo lives (``LibraryStatusBar.offer_undo``)
    undo_offered = Signal(str, object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
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
        top.addWidget(buddy_label("S&how:", self.status))
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(export)

        self.actions_: dict[str, QAction] = {}
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        specs: list[tuple[str, str, str, Callable[[], object]]] = [
            ("planned", "Mark &planned", "Content is on its way", self.mark_planned),
            ("answered", "&Answered by…", "Pick the asset that answers it", self.mark_answered),
            ("dismiss", "&Dismiss…", "Not a content need (a typo, say): say why", self.dismiss),
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
        # what was searched for gets the width; the rest is as wide as it needs
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate(column_widths(self.table, COLUMN_SAMPLES, pad=12)):
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
        self.watch_changes(ctx.bus)
        self._update_actions()

    def cares(self, changes: Changes) -> bool:
        return changes.requests or bool(changes.deleted) or changes.taxonomy

    def load(self) -> None:
        lib = self.ctx.library
        self.ctx.tasks.latest(
            self, "Content requests", lambda _t: lib.requests.list_requests(), self._loaded
        )

    def _loaded(self, rows: Sequence[ContentRequest]) -> None:
        self.model.reset(rows)
        self._apply_filter()
        self.loaded.emit()

    def _apply_filter(self) -> None:
        status = self.status.currentData()
        self.proxy.set_predicate(lambda r: not status or r.status == status)
        shown = self.proxy.rowCount()
        open_n = sum(r.status == "open" for r in self.model.rows())
        dismissed = sum(r.status == "dismissed" for r in self.model.rows())
        aside = f" {plural(dismissed, 'request')} dismissed as noise." if dismissed else ""
        self.summary.setText(
            f"{plural(open_n, 'open request')}.{aside} Each is content reps searched for and did "
            "not find: their searches with no results, near-identical spellings together, "
            "leaving out searches corrected at once to one that found something."
        )
        self.empty.heading.setText("No content requests here")
        self.empty.text.setText(
            "When a rep's search finds nothing, it is listed here so marketing can plan the "
            "missing content. Change “Show” to see planned, answered or dismissed requests."
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
        self.actions_["dismiss"].setEnabled(any(r.status != "dismissed" for r in chosen))
        self.actions_["reopen"].setEnabled(any(r.status != "open" for r in chosen))
        self.actions_["search"].setEnabled(len(chosen) == 1)

    def _menu(self, pos: QPoint) -> None:
        if self.selected():
            menu = QMenu(self)
            for action in self.actions_.values():
                menu.addAction(action)
            menu.popup(self.table.viewport().mapToGlobal(pos))

    def _change(
        self,
        label: str,
        chosen: Sequence[ContentRequest],
        fn: Callable[[Library, int], Changes],
        done: str,
    ) -> None:
        """Apply ``fn`` to each chosen request, then say ``done`` with an Undo."""
        if not chosen:
            return
        ids, before = [r.id for r in chosen], [r.state for r in chosen]

        def work(lib: Library) -> Changes:
            changes = Changes()
            for request_id in ids:
                changes |= fn(lib, request_id)
            return changes

        def finished(_changes: Changes) -> None:
            self.undo_offered.emit(done, lambda: self.undo(before))

        self.ctx.write(label, work, self, on_done=finished)

    def undo(self, states: Sequence[RequestState]) -> None:
        """Put the requests back as they were before an action (the status bar's Undo)."""
        if states:
            user, chosen = self.ctx.user, list(states)
            self.ctx.write("Undo", lambda lib: lib.requests.restore(chosen, user), self)

    def mark_planned(self) -> None:
        chosen, user = [r for r in self.selected() if r.status != "planned"], self.ctx.user
        self._change(
            "Plan content",
            chosen,
            lambda lib, i: lib.requests.mark_planned(i, user),
            f"Marked {_quoted(chosen)} planned.",
        )

    def reopen(self) -> None:
        chosen, user = [r for r in self.selected() if r.status != "open"], self.ctx.user
        self._change(
            "Reopen",
            chosen,
            lambda lib, i: lib.requests.reopen(i, user),
            f"Reopened {_quoted(chosen)}.",
        )

    def dismiss(self) -> None:
        chosen = [r for r in self.selected() if r.status != "dismissed"]
        if not chosen:
            return
        dialog = DismissDialog(_quoted(chosen), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        user = self.ctx.user

        def accepted() -> None:
            code, note = dialog.code(), dialog.note_text()
            self._change(
                "Dismiss request",
                chosen,
                lambda lib, i: lib.requests.dismiss(i, code, note, user),
                f"Dismissed {_quoted(chosen)}: {dismiss_label(code).lower()}.",
            )

        dialog.accepted.connect(accepted)
        dialog.open()

    def mark_answered(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        picker = AssetPicker(self.ctx, chosen[0].text, self)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        user = self.ctx.user

        def accepted() -> None:
            asset_id, title = picker.asset_id(), picker.asset_title()
            if asset_id is not None:
                self._change(
                    "Answer request",
                    chosen,
                    lambda lib, i: lib.requests.mark_answered(i, asset_id, user),
                    f"Marked {_quoted(chosen)} answered by “{title}”.",
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
        path = ask_csv_path(
            self, "Export content requests", "content-requests.csv", settings=self.ctx.settings
        )
        if path:
            write_csv(self, self.ctx, path, lambda lib, p: lib.export.export_requests(p))
