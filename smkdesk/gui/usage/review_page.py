"""The review queue: content nobody uses, past its review date, rated not
helpful or nearly duplicated, and what a marketer does about it (retire with a
reason, keep until a date, change owner or review date, open). Every action
works on the whole selection. A second view lists retired content to restore.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.catalogue.audit import RetiredItem
from smkdesk.core.changes import Changes
from smkdesk.core.library import Library
from smkdesk.core.usage.review import ReviewItem, ReviewSettings
from smkdesk.core.util.timeutil import local_date
from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.states import Message
from smkdesk.gui.settings import Settings
from smkdesk.gui.tasks import Task
from smkdesk.gui.usage.lifecycle_dialogs import (
    OwnerDialog,
    RetireDialog,
    ReviewSettingsDialog,
    keep_dialog,
    review_by_dialog,
)
from smkdesk.gui.widgets.csvexport import ask_csv_path, write_csv
from smkdesk.gui.widgets.fields import column_widths, hint_label, page_title, plural
from smkdesk.gui.widgets.live_page import LivePage
from smkdesk.gui.widgets.rowmodel import Column, RowFilter, RowModel, list_table
from smkdesk.gui.widgets.viewbutton import ViewButton

REASONS = (
    ("", "All reasons"),
    ("never_used", "Never used"),
    ("not_used_recently", "Not used recently"),
    ("past_review", "Past review date"),
    ("not_helpful", "Mostly not helpful"),
    ("near_duplicate", "Near-duplicate"),
)
SHORT = {code: label for code, label in REASONS if code}
Queue = Sequence[ReviewItem]
Retired = Sequence[RetiredItem]


def load_rules(settings: Settings) -> ReviewSettings:
    return ReviewSettings(
        unused_days=settings.get(keys.REVIEW_UNUSED_DAYS),
        stale_days=settings.get(keys.REVIEW_STALE_DAYS),
        min_feedback=settings.get(keys.REVIEW_MIN_FEEDBACK),
        not_helpful_ratio=settings.get(keys.REVIEW_NOT_HELPFUL),
        duplicate_threshold=settings.get(keys.REVIEW_DUPLICATE),
    )


def save_rules(settings: Settings, rules: ReviewSettings) -> None:
    settings.set(keys.REVIEW_UNUSED_DAYS, rules.unused_days)
    settings.set(keys.REVIEW_STALE_DAYS, rules.stale_days)
    settings.set(keys.REVIEW_MIN_FEEDBACK, rules.min_feedback)
    settings.set(keys.REVIEW_NOT_HELPFUL, rules.not_helpful_ratio)
    settings.set(keys.REVIEW_DUPLICATE, rules.duplicate_threshold)


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return local_date(value)  # a stored instant as its local day; a plain date as it is


QUEUE_COLUMNS: list[Column[ReviewItem]] = [
    Column("Title", lambda i: i.title),
    Column("Why it is flagged", lambda i: " · ".join(SHORT[r.code] for r in i.reasons),
           sort=lambda i: (len(i.reasons), i.reasons[0].code if i.reasons else ""),
           tip=lambda i: "\n".join(r.text for r in i.reasons)),
    Column("Type", lambda i: i.type or ""),
    Column("Owner", lambda i: i.owner or "—"),
    Column("Last used", lambda i: _day(i.last_used) or "never",
           sort=lambda i: i.last_used or datetime.min),
    Column("Uses", lambda i: str(i.use_count), sort=lambda i: i.use_count, numeric=True),
    Column("Added", lambda i: _day(i.created), sort=lambda i: i.created),
    Column("Review by", lambda i: _day(i.review_by), sort=lambda i: i.review_by or date.max),
]  # fmt: skip
RETIRED_COLUMNS: list[Column[RetiredItem]] = [
    Column("Title", lambda i: i.title),
    Column("Reason", lambda i: i.reason or "—", tip=lambda i: i.reason),
    Column("Owner", lambda i: i.owner or "—"),
    Column(
        "Retired", lambda i: _day(i.retired_at) or "—", sort=lambda i: i.retired_at or datetime.min
    ),
    Column("By", lambda i: i.retired_by or "—"),
]


#: Sample contents that size each column (the title stretches).
QUEUE_WIDTHS = ("", "Never used · Past review date", "Presentation", "Tomás Ferreira",
                "Last used", "Uses", "30 Sep 2026", "30 Sep 2026")  # fmt: skip
RETIRED_WIDTHS = ("", "Superseded by the 2026 kit, see the new", "Tomás Ferreira",
                  "30 Sep 2026", "Tomás Ferreira")  # fmt: skip


class ReviewPage(LivePage, QWidget):
    open_requested = Signal(int)  # asset id: open the stored copy
    asset_requested = Signal(int)  # asset id: show it in the library
    #: (what was done, a callable that undoes it): the window's status bar
    #: offers it, the one place Undo lives (``LibraryStatusBar.offer_undo``)
    undo_offered = Signal(str, object)
    loaded = Signal()
    live_delay_ms = 200  # a burst of changes reloads once

    def __init__(
        self, ctx: AppContext, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.rules = load_rules(ctx.settings)
        self._last_retired: list[int] = []
        self.owners: list[str] = []

        title = page_title("Review queue")
        self.summary = hint_label()
        # the active view is bold and underlined in the highlight colour (both themes)
        self.queue_button = ViewButton("To review")
        self.retired_button = ViewButton("Retired")
        views = QButtonGroup(self)
        for button in (self.queue_button, self.retired_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            views.addButton(button)
        self.queue_button.setChecked(True)
        views.setExclusive(True)
        self.queue_button.setToolTip("Content the review rules flag")
        self.retired_button.setToolTip("Retired content, with why and when; restore from here")
        self.reason = QComboBox()
        for code, label in REASONS:
            self.reason.addItem(label, code)
        self.reason.setToolTip("Show only one kind of flag")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by title or owner")
        self.filter.setClearButtonEnabled(True)
        rules = QPushButton("Rules…")
        rules.setToolTip("How long before content counts as unused, and the other thresholds")
        rules.clicked.connect(self.edit_rules)
        export = QPushButton("Export CSV…")
        export.setToolTip("Save the queue with its reasons as a spreadsheet (CSV)")
        export.clicked.connect(self.export_csv)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.queue_button)
        top.addWidget(self.retired_button)
        top.addStretch(1)
        top.addWidget(rules)
        top.addWidget(export)
        filters = QHBoxLayout()
        filters.addWidget(self.reason)
        filters.addWidget(self.filter, 1)

        self.actions_ = self._make_actions()
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in ("retire", "keep", "owner", "review_by", None, "open", "show", "restore"):
            if name is None:
                bar.addSeparator()
            else:
                bar.addAction(self.actions_[name])

        self.queue_model: RowModel[ReviewItem] = RowModel(QUEUE_COLUMNS, self)
        self.retired_model: RowModel[RetiredItem] = RowModel(RETIRED_COLUMNS, self)
        self.proxy = RowFilter(self)
        self.proxy.setSourceModel(self.queue_model)
        self.table = list_table(self.proxy, "Review queue")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.doubleClicked.connect(lambda _i: self._act_one(self.asset_requested.emit))
        self._size_columns()

        self.empty = Message()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(bar)
        layout.addWidget(self.stack, 1)

        views.buttonToggled.connect(self._view_toggled)
        self.reason.currentIndexChanged.connect(self._apply_filter)
        self.filter.textChanged.connect(self._apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.watch_changes(ctx.bus)
        self._update_actions()

    # -- construction helpers ---------------------------------------------------------
    def _make_actions(self) -> dict[str, QAction]:
        specs: list[tuple[str, str, str, str, Callable[[], object]]] = [
            ("retire", "&Retire…", "Ctrl+Shift+Del", "Retire the selection, with a reason",
             self.retire),
            ("keep", "&Keep until…", "Ctrl+Shift+K", "Leave it out of the queue until a date",
             self.keep),
            ("owner", "Change &owner…", "", "Give the selection to someone else", self.set_owner),
            ("review_by", "Review &by…", "", "Set when the owner checks it again",
             self.set_review_by),
            ("open", "&Open", "Ctrl+Return", "Open the stored copy",
             lambda: self._act_one(self.open_requested.emit)),
            ("show", "Show in &library", "", "Show the asset in the library",
             lambda: self._act_one(self.asset_requested.emit)),
            ("restore", "Re&store", "Ctrl+Shift+R", "Bring retired content back", self.restore),
        ]  # fmt: skip
        actions = {}
        for name, text, shortcut, tip, handler in specs:
            action = QAction(text, self)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                tip = f"{tip} ({shortcut})"
            action.setToolTip(tip)
            action.triggered.connect(lambda _=False, h=handler: h())
            self.addAction(action)
            actions[name] = action
        return actions

    def _size_columns(self) -> None:
        """The title stretches; the others are as wide as their usual content, so
        the title keeps most of a 1024-pixel window (longer reasons elide, with
        the whole list in the tooltip)."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        samples = RETIRED_WIDTHS if self.showing_retired else QUEUE_WIDTHS
        for column, width in enumerate(column_widths(self.table, samples, pad=16)):
            if column and column < self.proxy.columnCount():
                self.table.setColumnWidth(column, width)

    # -- loading -------------------------------------------------------------------------
    @property
    def showing_retired(self) -> bool:
        return self.retired_button.isChecked()

    def cares(self, changes: Changes) -> bool:
        return bool(changes.assets or changes.deleted or changes.usage or changes.taxonomy)

    def load(self) -> None:
        rules, today, lib = self.rules, self.today, self.ctx.library
        if not self.queue_model.rowCount():
            self.summary.setText("Checking the library…")

        def work(_t: object) -> tuple[Queue, Retired, list[str]]:
            return lib.review.queue(rules, today), lib.lifecycle.retired(), lib.assets.owners()

        self.ctx.tasks.latest(
            self,
            "Review queue",
            work,
            lambda out: self._loaded(*out),
            lambda msg: self.summary.setText(f"The queue cannot be loaded: {msg}"),
        )

    def _loaded(self, queue: Queue, retired: Retired, owners: list[str]) -> None:
        self.owners = owners  # offered by Change owner
        keep = set(self.selected_ids())
        self.queue_model.reset(queue)
        self.retired_model.reset(retired)
        self._show_view(keep)
        self.loaded.emit()

    def _view_toggled(self, _button: object, on: bool) -> None:
        if on:
            self._show_view()

    def _show_view(self, keep: set[int] | None = None) -> None:
        model = self.retired_model if self.showing_retired else self.queue_model
        if self.proxy.sourceModel() is not model:
            self.proxy.setSourceModel(model)
            self._size_columns()
        self.reason.setVisible(not self.showing_retired)
        self._apply_filter()
        self._summarise()
        if keep:
            self._select(keep)
        self._update_actions()

    def _summarise(self) -> None:
        r = self.rules
        if self.showing_retired:
            n = self.retired_model.rowCount()
            self.summary.setText(
                f"{plural(n, 'retired asset')}. They are out of reps' searches; their files "
                "and history are kept. Select and Restore to bring them back."
            )
            self.empty.heading.setText("Nothing is retired")
            self.empty.text.setText("Content you retire from the queue is listed here.")
        else:
            n = self.queue_model.rowCount()
            self.summary.setText(
                f"{plural(n, 'asset')} to review: never used {r.unused_days}+ days after being "
                f"added, not used in {r.stale_days} days, past the review date, mostly rated "
                f"not helpful, or a near-duplicate. Select several to act on them at once."
            )
            self.empty.heading.setText("Nothing to review")
            self.empty.text.setText(
                f"Every published asset has been used in the last {r.stale_days} days, is "
                "within its review date and is rated helpful. Rules… changes the thresholds."
            )
        self.stack.setCurrentWidget(self.table if n else self.empty)

    def _apply_filter(self, *_args: object) -> None:
        code = self.reason.currentData() if not self.showing_retired else ""
        text = self.filter.text().strip().casefold()

        def accept(row: object) -> bool:
            if isinstance(row, ReviewItem) and code and not row.has(code):
                return False
            title = str(getattr(row, "title", "")).casefold()
            owner = str(getattr(row, "owner", "")).casefold()
            return not text or text in title or text in owner

        self.proxy.set_predicate(accept)

    # -- selection -----------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return [int(self._row(i).id) for i in sorted(rows, key=lambda i: i.row())]

    def _row(self, index: QModelIndex) -> ReviewItem | RetiredItem:
        source = self.proxy.mapToSource(index)
        model = self.proxy.sourceModel()
        assert isinstance(model, RowModel)
        return model.row(source.row())  # type: ignore[no-any-return]

    def _titles(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [self._row(i).title for i in rows]

    def _select(self, ids: set[int]) -> None:
        selection = self.table.selectionModel()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self._row(index).id in ids:
                selection.select(
                    index,
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )

    def _update_actions(self, *_args: object) -> None:
        n = len(self.selected_ids())
        queue = not self.showing_retired
        for name in ("retire", "keep", "owner", "review_by"):
            self.actions_[name].setEnabled(queue and n > 0)
        self.actions_["restore"].setEnabled(not queue and n > 0)
        self.actions_["restore"].setVisible(not queue)
        for name in ("open", "show"):
            self.actions_[name].setEnabled(n == 1)

    def _act_one(self, emit: Callable[[int], object]) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            emit(ids[0])

    def _menu(self, pos: QPoint) -> None:
        if not self.selected_ids():
            return
        menu = QMenu(self)
        for name in ("retire", "keep", "owner", "review_by", "restore", "open", "show"):
            action = self.actions_[name]
            if action.isVisible():
                menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    # -- actions -------------------------------------------------------------------------
    def _write(
        self,
        label: str,
        fn: Callable[[Library], Changes],
        done: Callable[[], object] = lambda: None,
    ) -> None:
        self.ctx.write(label, fn, self, on_done=lambda _c: done())

    def retire(self) -> None:
        ids, titles = self.selected_ids(), self._titles()
        if not ids:
            return
        dialog = RetireDialog(titles, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        user = self.ctx.user

        def accepted() -> None:
            reason = dialog.text()

            def done() -> None:
                self._last_retired = ids
                text = f"Retired {plural(len(ids), 'asset')}: {reason}."
                self.undo_offered.emit(text, self.undo_retire)

            self._write("Retire", lambda lib: lib.lifecycle.retire(ids, reason, user), done)

        dialog.accepted.connect(accepted)
        dialog.open()

    def undo_retire(self) -> None:
        ids, self._last_retired = self._last_retired, []
        if ids:
            user = self.ctx.user
            self._write("Restore", lambda lib: lib.lifecycle.restore(ids, user))

    def restore(self) -> None:
        ids = self.selected_ids()
        if ids and self.showing_retired:
            self._last_retired = []  # restored by hand: the Undo on offer is stale
            user = self.ctx.user
            self._write("Restore", lambda lib: lib.lifecycle.restore(ids, user))

    def keep(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        dialog = keep_dialog(len(ids), self)
        user = self.ctx.user

        def accepted() -> None:
            until = dialog.value()
            self._write("Keep", lambda lib: lib.lifecycle.keep(ids, until, user))

        self._open(dialog, accepted)

    def set_owner(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        dialog = OwnerDialog(self.owners, len(ids), self)  # the names as of the last load
        user = self.ctx.user

        def accepted() -> None:
            owner = dialog.value()
            self._write("Change owner", lambda lib: lib.lifecycle.set_owner(ids, owner, user))

        self._open(dialog, accepted)

    def set_review_by(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        dialog = review_by_dialog(len(ids), self)
        user = self.ctx.user

        def accepted() -> None:
            day = dialog.value()
            self._write("Review date", lambda lib: lib.lifecycle.set_review_by(ids, day, user))

        self._open(dialog, accepted)

    @staticmethod
    def _open(dialog: QWidget, accepted: Callable[[], None]) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(accepted)  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]

    def edit_rules(self) -> None:
        dialog = ReviewSettingsDialog(self.rules, self)

        def accepted() -> None:
            self.rules = dialog.value()
            save_rules(self.ctx.settings, self.rules)
            self.refresh()

        self._open(dialog, accepted)

    def export_csv(self) -> None:
        path = ask_csv_path(
            self, "Export the review queue", "review-queue.csv", settings=self.ctx.settings
        )
        if path:
            self.write_csv(path)

    def write_csv(self, path: Path) -> Task:
        rules = self.rules
        return write_csv(self, self.ctx, path, lambda lib, p: lib.export.export_unused(p, rules))
