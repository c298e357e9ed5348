"""The main window, a shell: menus, workspaces, status bar, drag and drop.

Every menu command is a function in ``gui/operations/`` taking the window;
``COMMANDS`` (at the end) wires each action of ``actions.SPECS`` to one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QMessageBox, QWidget

from smkdesk.core.changes import Changes
from smkdesk.core.search.dto import SearchQuery
from smkdesk.gui import settings as keys
from smkdesk.gui.actions import (
    QUICK_LOG,
    SELECTION_ACTIONS,
    SINGLE_ACTIONS,
    WRITE_ACTIONS,
    make_actions,
)
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.page import LibraryPage
from smkdesk.gui.operations import (
    assets,
    diagnostics,
    general,
    imports,
    libraries,
    reports,
    selection,
    taxonomy,
    upkeep,
    usage,
)
from smkdesk.gui.screen_fit import fit_to_screen
from smkdesk.gui.shortcut_hints import ShortcutHints
from smkdesk.gui.statusbar import LibraryStatusBar
from smkdesk.gui.tasks import Task
from smkdesk.gui.workspaces import Workspace, Workspaces

#: The window's size on first start, on a screen with room for it.
DEFAULT_SIZE = QSize(1420, 860)
#: What a window manager's frame (title bar, borders) may add around the window.
#: The Asset menu and the results' context menu (None: a separator).
ASSET_MENU = ("open_asset", "log_use", "quick_log", None, "copy_link", "reveal", "save_copy")
EDIT_MENU = ("edit", "bulk_edit", "retire", "delete")


class MainWindow(QMainWindow):
    library_switch_requested = Signal(Path)  # handled by the application
    recent_requested = Signal(Path)  # File → Recent: it may be gone since
    demo_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAcceptDrops(True)
        self.setMinimumSize(900, 560)
        self.actions_ = make_actions(self)
        # "Log as used…" opens its dialog; the one-step logs are a submenu of their own
        self.quick_log_menu = QMenu("Log &quickly", self)
        for name in QUICK_LOG:
            self.quick_log_menu.addAction(self.actions_[name])
        self.last_import_summary: QDialog | None = None  # the latest import's report
        a = self.actions_
        self.page = LibraryPage(
            ctx,
            [a["open_asset"], a["log_use"], a["copy_link"], a["reveal"], a["save_copy"], a["edit"]],
        )
        self.page.set_bulk_actions(
            [a["bulk_edit"], a["log_sent"], a["log_presented"], a["retire"], a["delete"]]
        )
        self.workspaces = Workspaces(self)
        self._add_workspaces()
        self.setCentralWidget(self.workspaces.stack)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.workspaces.toolbar)
        self._build_menus()
        self.status = LibraryStatusBar(
            ctx, self.statusBar(), [self.actions_[name] for name in WRITE_ACTIONS]
        )
        self.status.refresh()
        self._connect()
        self._restore_geometry()
        self._update_selection_actions([])
        self.status.verify()
        self.shortcut_hints = ShortcutHints(self)
        self.setWindowTitle(window_title(ctx.library.path))
        self.workspaces.show(self.workspaces.home_for(ctx.settings.get(keys.USER_ROLE)))

    # -- workspaces (built the first time they are shown) ------------------------------
    def _add_workspaces(self) -> None:
        review = "Unused and stale content: retire, keep or hand over"
        workshops = "Buyer's-journey workshops: answers, linked content and gaps"
        for workspace in (  # the order sets each one's Ctrl+number
            Workspace("library", "Library", "Find, open and send content", lambda: self.page),
            Workspace("review", "Review", review, self._review_page),
            Workspace(
                "dashboard",
                "Dashboard",
                "Coverage, usage and influence at a glance",
                self._dashboard_page,
            ),
            Workspace(
                "requests",
                "Requests",
                "What reps searched for and did not find",
                self._requests_page,
            ),
            Workspace("workshops", "Workshops", workshops, self._workshops_page),
        ):
            self.workspaces.add(workspace)

    def _workshops_page(self) -> QWidget:
        from smkdesk.gui.journeys.page import WorkshopsPage

        page = WorkshopsPage(self.ctx)
        page.asset_requested.connect(self.show_asset)
        page.undo_offered.connect(self.status.offer_undo)
        return page

    def _dashboard_page(self) -> QWidget:
        from smkdesk.gui.usage.dashboard_page import DashboardPage

        page = DashboardPage(self.ctx)
        page.search_requested.connect(self.show_library)
        page.asset_requested.connect(self.show_asset)
        page.review_requested.connect(lambda: self.workspaces.show("review"))
        page.requests_requested.connect(lambda: self.workspaces.show("requests"))
        return page

    def _requests_page(self) -> QWidget:
        from smkdesk.gui.usage.requests_page import RequestsPage

        page = RequestsPage(self.ctx)
        page.search_requested.connect(self.show_library)
        page.undo_offered.connect(self.status.offer_undo)
        return page

    def _review_page(self) -> QWidget:
        from smkdesk.gui.usage.review_page import ReviewPage

        page = ReviewPage(self.ctx)
        page.undo_offered.connect(self.status.offer_undo)
        page.open_requested.connect(self.open_asset_id)
        page.asset_requested.connect(self.show_asset)
        return page

    def show_library(self, query: SearchQuery | None = None) -> None:
        """Bring the library to the front, searching for ``query`` if given."""
        self.workspaces.show("library")
        if query is not None:
            self.page.show_query(query)

    def show_asset(self, asset_id: int) -> None:
        self.workspaces.show("library")
        self.page.load_detail(asset_id)

    def open_asset_id(self, asset_id: int) -> None:
        """Open an asset chosen on another page (review queue, dashboard, workshops)."""
        assets.open_by_id(self.ctx, self, asset_id)

    # -- menus ---------------------------------------------------------------------------
    def _build_menus(self) -> None:
        a = self.actions_
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._add(file, ("import_files", "import_folder", "add_link", None))
        self._add(file, ("new_library", "open_library"))
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(lambda: libraries.fill_recent(self, self.recent_menu))
        self._add(file, ("open_demo", None, "quit"))
        self._add(bar.addMenu("&Edit"), (*EDIT_MENU, None, "taxonomy", "preferences"))
        self._add(bar.addMenu("&Asset"), ASSET_MENU)
        view = bar.addMenu("&View")
        for action in self.workspaces.actions.values():
            view.addAction(action)
        self._add(view, (None, "find", "clear_filters", None))
        from smkdesk.gui.theme import theme_menu

        view.addMenu(theme_menu(self.ctx.settings, view))
        self._add(
            bar.addMenu("&Tools"), ("brief", "deals", "report_audit", None, "reindex", "check")
        )
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(a["shortcuts"])
        help_menu.addAction(a["copy_diagnostics"])
        help_menu.addAction(a["about"])

    def _add(self, menu: QMenu, names: tuple[str | None, ...]) -> None:
        """Add the actions ``names`` to ``menu`` (None: a separator)."""
        for name in names:
            if name is None:
                menu.addSeparator()
            elif name == "quick_log":
                menu.addMenu(self.quick_log_menu)
            else:
                menu.addAction(self.actions_[name])

    def _results_menu(self, pos: QPoint) -> None:
        if self.page.selected_ids():
            menu = QMenu(self)
            self._add(menu, (*ASSET_MENU, None, *EDIT_MENU))
            menu.popup(self.page.table.viewport().mapToGlobal(pos))

    def _connect(self) -> None:
        a, page = self.actions_, self.page
        for name, command in COMMANDS.items():
            a[name].triggered.connect(lambda _=False, c=command: c(self))
        page.selection_changed.connect(self._update_selection_actions)
        page.detail_loaded.connect(lambda _a: self._update_selection_actions(page.selected_ids()))
        page.table.doubleClicked.connect(lambda _i: selection.open_asset(self))
        page.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        page.table.customContextMenuRequested.connect(self._results_menu)
        page.import_files_requested.connect(lambda: imports.import_files(self))
        page.import_folder_requested.connect(lambda: imports.import_folder(self))
        page.demo_requested.connect(self.demo_requested.emit)
        page.results_shown.connect(lambda _s, _t: self.refresh_status())
        self.workspaces.shown.connect(
            lambda _k: self._update_selection_actions(page.selected_ids())
        )
        # a bound method, so that Qt disconnects it when the window goes
        self.ctx.bus.changed.connect(self._bus_changed)

    # -- state -----------------------------------------------------------------------------
    def _bus_changed(self, _changes: Changes) -> None:
        self.refresh_status()

    def refresh_status(self) -> None:
        self.status.refresh()

    def _update_selection_actions(self, ids: list[int]) -> None:
        """Single-asset actions wait until that asset's details are loaded, so
        they never act on the previously shown asset."""
        asset = self.page.current_asset()
        shown = self.workspaces.current() == "library"
        loaded = shown and len(ids) == 1 and asset is not None and asset.id == ids[0]
        for name in SINGLE_ACTIONS:
            self.actions_[name].setEnabled(loaded)
        stored = loaded and asset is not None and asset.kind != "link"
        self.actions_["reveal"].setEnabled(stored)
        self.actions_["save_copy"].setEnabled(stored)
        for name in SELECTION_ACTIONS:
            self.actions_[name].setEnabled(shown and len(ids) >= 1)
        if hasattr(self, "status"):
            self.status.show_state()  # a read-only or damaged library keeps editing off

    def warm_up(self) -> None:
        """Start the extraction workers in the background, once the window is up,
        so the first import does not pay for their start-up while it runs."""
        lib = self.ctx.library
        self.ctx.tasks.read("Starting extractors", lambda _t: lib.start_extractors())

    def reindex(self) -> Task:
        """Rebuild the index (the application asks when a library opens needing it)."""
        return upkeep.rebuild_index(self.ctx, self, self.status)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            imports.start_import(self, paths)

    # -- geometry and closing ----------------------------------------------------------------
    def _restore_geometry(self) -> None:
        """The saved geometry, or a roomy default, never larger than the screen's
        free area (a laptop after a large monitor, a 1024×700 screen)."""
        geometry = self.ctx.settings.get(keys.WINDOW_GEOMETRY)
        restored = not geometry.isEmpty() and self.restoreGeometry(geometry)
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else QRect()
        if not area.isEmpty():
            self.setMinimumSize(self.minimumSize().boundedTo(area.size()))
        wanted = self.geometry() if restored else QRect(QPoint(), DEFAULT_SIZE)
        if area.isEmpty():
            self.resize(wanted.size())
        elif not (self.isMaximized() or self.isFullScreen()):  # those fit by themselves
            self.setGeometry(fit_to_screen(wanted, area, centre=not restored))
        state = self.ctx.settings.get(keys.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)

    def save_state(self) -> None:
        s = self.ctx.settings
        s.set(keys.WINDOW_GEOMETRY, self.saveGeometry())
        s.set(keys.WINDOW_STATE, self.saveState())
        for page in self.workspaces.built():
            save = getattr(page, "save_state", None)
            if callable(save):
                save()
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ctx.tasks.writing:
            answer = QMessageBox.question(
                self,
                "Work in progress",
                "An import or another job is still running. Cancel it and quit? "
                "Whatever finished stays in the library.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.ctx.tasks.cancel_all()
        self.save_state()
        event.accept()


#: What each menu command does: a function in ``gui/operations/`` given the window.
COMMANDS: dict[str, Callable[[MainWindow], object]] = {
    "import_files": imports.import_files,
    "import_folder": imports.import_folder,
    "add_link": imports.add_link,
    "new_library": libraries.new_library,
    "open_library": libraries.open_library,
    "open_demo": lambda w: w.demo_requested.emit(),
    "quit": MainWindow.close,
    "find": general.find,
    "clear_filters": lambda w: w.page.clear_filters(),
    "open_asset": selection.open_asset,
    "reveal": selection.reveal,
    "save_copy": selection.save_copy,
    "copy_link": selection.copy,
    "log_use": selection.log_use,
    "log_sent": lambda w: selection.quick_log(w, "sent"),
    "log_presented": lambda w: selection.quick_log(w, "presented"),
    "log_helpful": lambda w: selection.quick_log(w, "feedback", 1),
    "log_not_helpful": lambda w: selection.quick_log(w, "feedback", -1),
    "edit": selection.edit_asset,
    "bulk_edit": selection.bulk_edit,
    "retire": selection.retire,
    "delete": selection.delete,
    "taxonomy": taxonomy.edit_taxonomy,
    "preferences": general.preferences,
    "report_audit": reports.report_audit,
    "deals": usage.show_deals,
    "brief": reports.show_brief,
    "reindex": MainWindow.reindex,
    "check": lambda w: upkeep.check_library(w.ctx, w, w.status),
    "shortcuts": general.show_shortcuts,
    "copy_diagnostics": lambda w: diagnostics.copy_diagnostics(w.ctx, w.statusBar().showMessage),
    "about": general.about,
}


def window_title(path: Path) -> str:
    """The library's name; Qt adds the application's display name itself
    (" — smkdesk"), so it is added here only where nobody set one."""
    name = path.name or str(path)
    return name if QGuiApplication.applicationDisplayName() == "smkdesk" else f"{name} — smkdesk"
