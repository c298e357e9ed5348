"""The library workspace: search box, facets, results, detail pane."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.catalogue.audit import AuditRecord
from smkdesk.core.catalogue.dto import AssetDetail
from smkdesk.core.changes import Changes
from smkdesk.core.errors import SearchIndexError
from smkdesk.core.search.dto import SearchQuery, SearchResults
from smkdesk.core.search.model import Snippet
from smkdesk.core.usage.events import UsageRecord
from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext
from smkdesk.gui.library import filters
from smkdesk.gui.library.chips import ChipBar
from smkdesk.gui.library.columns import ColumnFitter
from smkdesk.gui.library.detail import DetailPane
from smkdesk.gui.library.facets import FacetPanel, Selection
from smkdesk.gui.library.results_model import (
    COLUMNS,
    ID_ROLE,
    BadgeDelegate,
    ResultsModel,
    ResultsProxy,
)
from smkdesk.gui.library.search_log import SearchLog
from smkdesk.gui.library.sorting import ResultsSort
from smkdesk.gui.library.states import EmptyLibrary, NoResults
from smkdesk.gui.widgets.live_page import LivePage
from smkdesk.gui.widgets.rowmodel import list_table

DEBOUNCE_MS = 150
PAGE = 100
HISTORY = 30  # uses and audit entries shown in the detail pane
COLUMN_WIDTHS = (0, 90, 110, 130, 120, 88, 50)  # 0: the title stretches
BULK_ACTIONS = ("bulk_edit", "log_sent", "log_presented", "retire", "delete")


#: The detail pane never gets narrower than this (its buttons, three a row).
DETAIL_MIN = 270


def default_split(width: int) -> list[int]:
    """Facets, results and detail pane for a splitter ``width`` pixels wide: at
    1024 the results keep the most, the pane stays readable; when maximised the
    pane grows to read a preview without crowding the table."""
    facets = 190 if width < 1300 else 220
    detail = max(DETAIL_MIN, min(480, int(width * 0.29)))
    return [facets, max(320, width - facets - detail), detail]


@dataclass(frozen=True)
class SearchOutcome:
    results: SearchResults | None
    library_size: int
    problem: str = ""


@dataclass(frozen=True)
class DetailOutcome:
    asset: AssetDetail
    history: tuple[UsageRecord, ...]
    snippet: Snippet | None
    audit: tuple[AuditRecord, ...] = ()


class LibraryPage(LivePage, QWidget):
    #: The window's actions (edit, retire, log use…) work on its selection from
    #: any workspace: a deleted or changed asset leaves it at once, shown or not.
    live_while_hidden = True

    selection_changed = Signal(list)  # asset ids
    detail_loaded = Signal(object)  # AssetDetail shown in the detail pane
    results_shown = Signal(int, int)  # shown, total
    import_files_requested = Signal()
    import_folder_requested = Signal()
    demo_requested = Signal()

    def __init__(
        self, ctx: AppContext, detail_actions: list[QAction], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.selection: Selection = self.default_selection()
        self.search_log = SearchLog(ctx, self)  # which searches count, and when
        self._bulk_actions: list[QAction] | None = None
        self._detail_stale = False  # the asset in the detail pane changed while hidden
        self._last_query = SearchQuery()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)

        # -- search row ----------------------------------------------------------
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(
            'Search titles and inside documents — words, "a phrase", OR, NOT   (Ctrl+K)'
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Search")
        self.search_box.textChanged.connect(lambda _t: self.schedule_search())
        self.search_box.textEdited.connect(self._text_edited)
        self.search_box.returnPressed.connect(self._enter_pressed)
        self.search_box.installEventFilter(self)
        self.search_box.setToolTip(
            "Enter: search now (or press the highlighted button when nothing matches)\n"
            "Esc: clear the search box; Esc again: clear the filters"
        )
        self.sort_box = QComboBox()  # filled by ResultsSort below
        self.retired_box = QCheckBox("Show retired")
        self.retired_box.setToolTip("Include retired assets (shown greyed, marked retired)")
        self.retired_box.setChecked(ctx.settings.get(keys.SHOW_RETIRED))
        self.retired_box.toggled.connect(self._retired_toggled)
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(110)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout()
        row.addWidget(self.search_box, 1)
        row.addWidget(self.sort_box)
        row.addWidget(self.retired_box)
        row.addWidget(self.count_label)

        # -- facets, results, detail -------------------------------------------------
        self.facets = FacetPanel()
        self.facets.toggled.connect(self._facet_toggled)
        self.chips = ChipBar()
        self.chips.removed.connect(self._chip_removed)
        self.chips.cleared.connect(self.clear_filters)

        self.model = ResultsModel(self)
        self.model.request_more = self._fetch_more
        self.proxy = ResultsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = list_table(self.proxy, "Results")
        self.table.setItemDelegateForColumn(0, BadgeDelegate(self.table))
        # header clicks sort through ResultsSort, so that header and sort box agree
        self.table.setSortingEnabled(False)
        header = self.table.horizontalHeader()
        self.sorting = ResultsSort(self.sort_box, header, self.proxy, ctx.settings, self.run_search)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the title fills the rest
        header.setStretchLastSection(False)
        header.setSectionsMovable(True)
        for col, width in enumerate(COLUMN_WIDTHS):
            if width:
                self.table.setColumnWidth(col, width)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setToolTip("Click to sort; drag to reorder; right-click to show or hide columns")
        saved = ctx.settings.get(keys.RESULTS_HEADER)
        if not saved.isEmpty():
            header.restoreState(saved)
        self.sorting.show_indicator()
        dates = [c for c, (key, _t) in enumerate(COLUMNS) if key in ("last_used", "use_count")]
        self.column_fit = ColumnFitter(self.table, COLUMN_WIDTHS, keep=dates)  # small windows
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.empty = EmptyLibrary()
        self.empty.import_files.connect(self.import_files_requested)
        self.empty.import_folder.connect(self.import_folder_requested)
        self.empty.open_demo.connect(self.demo_requested)
        self.no_results = NoResults()
        self.no_results.clear_filters.connect(self.clear_filters)
        self.no_results.use_suggestion.connect(self.use_suggestion)
        self.stack = QStackedWidget()
        for w in (self.table, self.no_results, self.empty):
            self.stack.addWidget(w)

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.chips)
        centre_layout.addWidget(self.stack, 1)

        self.detail = DetailPane(detail_actions)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.facets)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.detail.setMinimumWidth(DETAIL_MIN)
        self.splitter.setChildrenCollapsible(False)
        saved_split = ctx.settings.get(keys.MAIN_SPLITTER)
        #: No saved split: share the width out once the page has its real width.
        self._split_pending = saved_split.isEmpty() or not self.splitter.restoreState(saved_split)
        if self._split_pending:
            self.splitter.setSizes(default_split(1400))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(row)
        layout.addWidget(self.splitter, 1)
        self.setAcceptDrops(False)  # the main window takes drops
        self.watch_changes(ctx.bus, stale=False)  # the window runs the first search
        self.chips.show_selection(self.selection, self.default_selection())

    def _header_menu(self, pos: QPoint) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for col, (_key, title) in enumerate(COLUMNS):
            act = menu.addAction(title)
            act.setCheckable(True)
            act.setChecked(not header.isSectionHidden(col))
            act.setEnabled(col != 0)  # the title always shows
            act.toggled.connect(lambda on, c=col: header.setSectionHidden(c, not on))
        menu.exec(header.mapToGlobal(pos))

    # -- state ---------------------------------------------------------------------
    def save_state(self) -> None:
        s = self.ctx.settings
        self.column_fit.natural()  # saved at the widths the user chose, not shrunk ones
        s.set(keys.RESULTS_HEADER, self.table.horizontalHeader().saveState())
        self.column_fit.fit()
        s.set(keys.MAIN_SPLITTER, self.splitter.saveState())

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [int(self.proxy.data(i, ID_ROLE)) for i in rows]

    def current_asset(self) -> AssetDetail | None:
        return self.detail.asset

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def query(self, offset: int = 0) -> SearchQuery:
        return SearchQuery(
            text=self.search_box.text().strip(),
            include_retired=self.retired_box.isChecked(),
            sort=self.sorting.service_sort(),
            limit=PAGE,
            offset=offset,
            with_snippets=False,
            **filters.query_fields(self.selection),
        )

    # -- searching -------------------------------------------------------------------
    def schedule_search(self) -> None:
        self._timer.start()

    def _text_edited(self, _text: str) -> None:
        self.search_log.edited()

    def _enter_pressed(self) -> None:
        """Enter confirms the search: log it now, or as soon as it has run. When
        nothing matched, it does what the highlighted button says ("Search
        'retail case study'", "Clear 2 filters")."""
        if self._timer.isActive():
            self.search_log.log_when_shown()
            self.run_search()
            return
        default = self.no_results.default_button()
        if self.stack.currentWidget() is self.no_results and default is not None:
            default.click()  # each settles or drops the search it replaces
        else:
            self.search_log.flush()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search_box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            return self._escape_pressed()
        return super().eventFilter(watched, event)

    def _escape_pressed(self) -> bool:
        """Esc clears the search box; in an empty box, it clears the filters
        (back to the role's defaults). True when it did something."""
        if self.search_box.text():
            self.search_box.clear()
            return True
        if self.filter_count():
            self.clear_filters()
            return True
        return False

    def run_search(self) -> None:
        """Search for what is on screen (``search_log`` says whether it counts)."""
        self._timer.stop()
        typed = self.search_log.starting()
        self.ctx.tasks.drop(self, "more results")  # a page of the results this replaces
        query = self.query()
        lib = self.ctx.library

        def work(_task: object) -> SearchOutcome:
            size = lib.assets.count(include_retired=True)
            if size == 0:
                return SearchOutcome(None, 0)
            try:
                return SearchOutcome(lib.search(query), size)
            except SearchIndexError as exc:
                return SearchOutcome(None, size, str(exc))

        self.ctx.tasks.latest(
            self,
            "search",
            work,
            lambda out: self._show_results(query, out, typed),
            lambda msg: self._show_results(query, SearchOutcome(None, -1, msg)),
        )

    def use_suggestion(self, text: str) -> None:
        """Search the app's "did you mean". Neither search is a request: the
        typo, if not logged yet, never is; the correction is not a typed search
        (logged with ``typed=False``, it only marks a logged typo corrected)."""
        self.search_box.setText(text)
        self.search_log.suggestion_taken()
        self.run_search()

    def kept_filters(self) -> str:
        """The role's default filters that are on ("Status: published")."""
        return filters.kept_text(self.selection, self.default_selection())

    def filter_count(self) -> int:
        """Filter values set beyond the role's defaults (what "clear" removes)."""
        return filters.extra_count(self.selection, self.default_selection())

    def _show_results(self, query: SearchQuery, out: SearchOutcome, typed: bool = False) -> None:
        self.search_log.shown(
            query,
            out.results.total if out.results else None,
            bool(out.results and out.results.suggestion),
            typed,
        )
        self._last_query = query
        keep = self.selected_ids()
        res = out.results
        self._show_library_parts(out.library_size != 0)
        self.detail.show_hint(res is not None and res.total > 0)
        if res is None:
            self.model.reset([], 0)
            if out.library_size == 0:
                self.stack.setCurrentWidget(self.empty)
                self.count_label.setText("")
            else:
                self.no_results.show_for(
                    query.text, self.filter_count(), None, out.problem, kept=self.kept_filters()
                )
                self.stack.setCurrentWidget(self.no_results)
                self.count_label.setText("")
            self.results_shown.emit(0, 0)
            return
        self.model.reset(list(res.hits), res.total)
        self.facets.update_facets(res.facets, self.selection)
        if res.total == 0:
            logged = typed and self.ctx.library.writes_refused is None
            self.no_results.show_for(
                query.text,
                self.filter_count(),
                res.suggestion,
                logged=logged,
                kept=self.kept_filters(),
            )
            self.stack.setCurrentWidget(self.no_results)
        else:
            self.stack.setCurrentWidget(self.table)
        label = f"{res.total} result{'s' if res.total != 1 else ''}"
        self.count_label.setText(label)
        if res.prefix_note:
            self.count_label.setText(f"{label} (more words match: type more letters)")
        tips = [f"Did you mean “{res.suggestion}”?" if res.suggestion else "", res.prefix_note]
        self.count_label.setToolTip("\n".join(t for t in tips if t))
        self._reselect(keep)
        self.results_shown.emit(len(res.hits), res.total)

    def stop_timers(self) -> None:
        self._timer.stop()
        self.search_log.stop()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._share_width()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._share_width()

    def _share_width(self) -> None:
        """The first time the page is on screen at its real width, and nothing
        was saved: the default split for that width."""
        if self._split_pending and self.isVisible():
            if (layout := self.layout()) is not None:
                layout.activate()
            if (width := self.splitter.width()) > 0:
                self._split_pending = False
                self.splitter.setSizes(default_split(width))

    def hideEvent(self, event: QHideEvent) -> None:
        # leaving the page (another workspace, closing the window) settles the search
        self.search_log.flush()
        super().hideEvent(event)

    def _show_library_parts(self, on: bool) -> None:
        """An empty library shows only its welcome: nothing to filter or select."""
        self.facets.setVisible(on)
        self.detail.setVisible(on)
        for widget in (self.sort_box, self.retired_box):
            widget.setEnabled(on)

    def _fetch_more(self, offset: int) -> None:
        query = self.query(offset)
        lib = self.ctx.library
        self.ctx.tasks.latest(
            self,
            "more results",
            lambda _t: lib.search(query),
            lambda res: self.model.append(list(res.hits)),
        )

    def _reselect(self, ids: list[int]) -> None:
        sel = self.table.selectionModel()
        first = True
        for asset_id in ids:
            row = self.model.row_of(asset_id)
            if row < 0:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            flags = sel.SelectionFlag.Rows | (
                sel.SelectionFlag.ClearAndSelect if first else sel.SelectionFlag.Select
            )
            sel.select(index, flags)
            if first:
                self.table.scrollTo(index)
            first = False
        if first:
            self._selection_changed()

    # -- filters ------------------------------------------------------------------------
    def _facet_toggled(self, dim: str, key: str, label: str, checked: bool) -> None:
        values = self.selection.setdefault(dim, {})
        if checked:
            values[key] = label
        else:
            values.pop(key, None)
        if not values:
            del self.selection[dim]
        self._filters_changed()

    def _chip_removed(self, dim: str, key: str) -> None:
        self.selection.get(dim, {}).pop(key, None)
        if dim in self.selection and not self.selection[dim]:
            del self.selection[dim]
        self._filters_changed()

    def default_selection(self) -> Selection:
        """The filters the user's role starts with."""
        return filters.role_defaults(self.ctx.settings.get(keys.USER_ROLE))

    def role_changed(self, old_role: str) -> None:
        """The user's role changed (Preferences): swap the old role's default
        filters for the new one's at once, keeping every filter chosen by hand."""
        old = filters.role_defaults(old_role)
        if filters.swap_defaults(self.selection, old, self.default_selection()):
            self._filters_changed()

    def clear_filters(self) -> None:
        """Back to the role's defaults (a rep keeps "published")."""
        self.selection = self.default_selection()
        self._filters_changed()

    def show_query(self, query: SearchQuery) -> None:
        """Replace the text and filters on screen with those of ``query`` (from the
        dashboard, the review queue or a content request) and search. Its
        terms are looked up in the background first."""
        tax, defaults = self.ctx.library.taxonomy, self.default_selection()
        self.ctx.tasks.latest(
            self,
            "filters",
            lambda _t: filters.selection_of(query, tax, defaults),
            lambda selection: self._apply_query(query, selection),
        )

    def _apply_query(self, query: SearchQuery, selection: Selection) -> None:
        self.selection = selection
        self.search_box.blockSignals(True)
        self.search_box.setText(query.text)
        self.search_box.blockSignals(False)
        self.search_log.not_typed()
        if query.include_retired != self.retired_box.isChecked():
            self.retired_box.blockSignals(True)
            self.retired_box.setChecked(query.include_retired)
            self.retired_box.blockSignals(False)
        self._filters_changed()

    def set_filter(self, dim: str, key: str, label: str) -> None:
        self.selection.setdefault(dim, {})[key] = label
        self._filters_changed()

    def _filters_changed(self) -> None:
        self.chips.show_selection(self.selection, self.default_selection())
        self.run_search()

    def _retired_toggled(self, on: bool) -> None:
        self.ctx.settings.set(keys.SHOW_RETIRED, on)
        self.run_search()

    # -- detail --------------------------------------------------------------------------
    def _selection_changed(self, *_: QItemSelection) -> None:
        ids = self.selected_ids()
        self.selection_changed.emit(ids)
        if len(ids) > 1:
            self.ctx.tasks.drop(self, "details")  # a detail on its way is no longer wanted
            if self._bulk_actions is None:
                self.set_bulk_actions(self._window_bulk_actions())
            self.detail.show_many(len(ids))
            return
        if len(ids) != 1:
            self.detail.show_asset(None)
            return
        self.load_detail(ids[0])

    def set_bulk_actions(self, actions: list[QAction]) -> None:
        """The actions the detail pane offers for several selected assets."""
        self._bulk_actions = list(actions)
        self.detail.set_bulk_actions(self._bulk_actions)

    def _window_bulk_actions(self) -> list[QAction]:
        """The main window's bulk actions, when it did not hand them over."""
        found = getattr(self.window(), "actions_", None)
        if not isinstance(found, dict):
            return []
        return [found[name] for name in BULK_ACTIONS if isinstance(found.get(name), QAction)]

    def load_detail(self, asset_id: int) -> None:
        self._detail_stale = False
        text = self._last_query.text
        lib = self.ctx.library

        def work(_task: object) -> DetailOutcome:
            snippet = lib.snippets(text, [asset_id]).get(asset_id) if text else None
            asset = lib.assets.get(asset_id)
            history = lib.usage.history(asset_id, HISTORY)
            return DetailOutcome(asset, history, snippet, lib.lifecycle.audit(asset_id)[:HISTORY])

        def done(out: DetailOutcome) -> None:
            self.detail.show_asset(out.asset, out.history, out.audit)
            self.detail.show_snippet(out.snippet)
            self.detail_loaded.emit(out.asset)

        self.ctx.tasks.latest(
            self, "details", work, done, lambda _msg: self.detail.show_asset(None)
        )

    def activated_index(self) -> QModelIndex:
        return self.table.currentIndex()

    # -- changes ---------------------------------------------------------------------------
    def cares(self, changes: Changes) -> bool:
        shown = changes.assets or changes.deleted or changes.taxonomy or changes.index
        if not (shown or changes.usage):
            return False  # e.g. the search log: nothing on this page changed
        current = self.detail.asset
        if current is not None and current.id in changes.assets:
            self._detail_stale = True  # reloaded with the results
        return True

    def load(self) -> None:
        self.run_search()
        current = self.detail.asset
        if self._detail_stale and current is not None:
            self.load_detail(current.id)
