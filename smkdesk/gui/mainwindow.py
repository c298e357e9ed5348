"""The main window: menus, status bar, drag and drop, and the library page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from smkdesk import __version__
from smkdesk.core.catalogue.dto import AssetDetail, ImportOptions, ImportReport
from smkdesk.core.changes import Changes
from smkdesk.core.library import is_library
from smkdesk.core.search.dto import SearchQuery
from smkdesk.gui import settings as keys
from smkdesk.gui.actions import (
    QUICK_LOG,
    SELECTION_ACTIONS,
    SINGLE_ACTIONS,
    SPECS,
    WRITE_ACTIONS,
    make_actions,
)
from smkdesk.gui.context import AppContext, show_error
from smkdesk.gui.dialogs.import_dialog import ImportDialog, ImportSummaryDialog
from smkdesk.gui.library.page import LibraryPage
from smkdesk.gui.operations import assets, upkeep
from smkdesk.gui.shortcut_hints import ShortcutHints
from smkdesk.gui.statusbar import LibraryStatusBar
from smkdesk.gui.tasks import Task
from smkdesk.gui.workspaces import Workspace, Workspaces

#: The import summary opens this long after the views start refreshing, so that
#: its construction and the new results each get an event-loop turn to themselves.
SUMMARY_DELAY_MS = 120
#: The window's size on first start, on a screen with room for it.
DEFAULT_SIZE = QSize(1420, 860)
#: What a window manager's frame (title bar, borders) may add around the window.
FRAME_ALLOWANCE = QSize(16, 40)


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
        self._build_status_bar()
        self._connect()
        self._restore_geometry()
        self._update_selection_actions([])
        self.status.verify()
        self.shortcut_hints = ShortcutHints(self)
        self.setWindowTitle(window_title(ctx.library.path))
        self.workspaces.show(self.workspaces.home_for(ctx.settings.get(keys.USER_ROLE)))

    # -- construction ----------------------------------------------------------------
    def _add_workspaces(self) -> None:
        ws = self.workspaces
        ws.add(Workspace("library", "Library", "Find, open and send content", lambda: self.page))
        ws.add(
            Workspace(
                "review",
                "Review",
                "Unused and stale content: retire, keep or hand over",
                self._review_page,
            )
        )
        ws.add(
            Workspace(
                "dashboard",
                "Dashboard",
                "Coverage, usage and influence at a glance",
                self._dashboard_page,
            )
        )
        ws.add(
            Workspace(
                "requests",
                "Requests",
                "What reps searched for and did not find",
                self._requests_page,
            )
        )
        ws.add(
            Workspace(
                "workshops",
                "Workshops",
                "Buyer's-journey workshops: answers, linked content and gaps",
                self._workshops_page,
            )
        )

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

    def _build_menus(self) -> None:
        a = self.actions_
        bar = self.menuBar()
        file = bar.addMenu("&File")
        for name in ("import_files", "import_folder", "add_link"):
            file.addAction(a[name])
        file.addSeparator()
        for name in ("new_library", "open_library"):
            file.addAction(a[name])
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addAction(a["open_demo"])
        file.addSeparator()
        file.addAction(a["quit"])
        edit = bar.addMenu("&Edit")
        for name in ("edit", "bulk_edit", "retire", "delete"):
            edit.addAction(a[name])
        edit.addSeparator()
        edit.addAction(a["taxonomy"])
        edit.addAction(a["preferences"])
        asset = bar.addMenu("&Asset")
        for name in ("open_asset", "log_use"):
            asset.addAction(a[name])
        asset.addMenu(self.quick_log_menu)
        for name in ("copy_link", "reveal", "save_copy"):
            asset.addAction(a[name])
        view = bar.addMenu("&View")
        for action in self.workspaces.actions.values():
            view.addAction(action)
        view.addSeparator()
        view.addAction(a["find"])
        view.addAction(a["clear_filters"])
        view.addSeparator()
        from smkdesk.gui.theme import theme_menu

        view.addMenu(theme_menu(self.ctx.settings, view))
        tools = bar.addMenu("&Tools")
        tools.addAction(a["brief"])
        tools.addAction(a["deals"])
        tools.addAction(a["report_audit"])
        tools.addSeparator()
        tools.addAction(a["reindex"])
        tools.addAction(a["check"])
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(a["shortcuts"])
        help_menu.addAction(a["about"])

    def _build_status_bar(self) -> None:
        write_actions = [self.actions_[name] for name in WRITE_ACTIONS]
        self.status = LibraryStatusBar(self.ctx, self.statusBar(), write_actions)
        self.status.refresh()

    def _connect(self) -> None:
        a, page = self.actions_, self.page
        handlers: dict[str, Callable[[], object]] = {
            "import_files": self.import_files,
            "import_folder": self.import_folder,
            "add_link": self.add_link,
            "new_library": self.new_library,
            "open_library": self.open_library,
            "open_demo": self.demo_requested.emit,
            "quit": self.close,
            "find": self.find_in_library,
            "clear_filters": page.clear_filters,
            "open_asset": self.open_asset,
            "reveal": self.reveal_asset,
            "save_copy": self.save_copy,
            "copy_link": self.copy_link,
            "log_use": self.log_use,
            "log_sent": lambda: self.quick_log("sent"),
            "log_presented": lambda: self.quick_log("presented"),
            "log_helpful": lambda: self.quick_log("feedback", 1),
            "log_not_helpful": lambda: self.quick_log("feedback", -1),
            "edit": self.edit_asset,
            "bulk_edit": self.bulk_edit,
            "retire": self.retire_assets,
            "delete": self.delete_assets,
            "taxonomy": self.edit_taxonomy,
            "preferences": self.preferences,
            "report_audit": self.report_audit,
            "deals": self.show_deals,
            "brief": self.show_brief,
            "reindex": self.reindex,
            "check": self.check_library,
            "shortcuts": self.show_shortcuts,
            "about": self.about,
        }
        for name, handler in handlers.items():
            a[name].triggered.connect(lambda _=False, h=handler: h())
        page.selection_changed.connect(self._update_selection_actions)
        page.detail_loaded.connect(lambda _a: self._update_selection_actions(page.selected_ids()))
        page.table.doubleClicked.connect(lambda _i: self.open_asset())
        page.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        page.table.customContextMenuRequested.connect(self._results_menu)
        page.import_files_requested.connect(self.import_files)
        page.import_folder_requested.connect(self.import_folder)
        page.demo_requested.connect(self.demo_requested.emit)
        page.results_shown.connect(lambda _s, _t: self.refresh_status())
        self.workspaces.shown.connect(
            lambda _k: self._update_selection_actions(page.selected_ids())
        )
        # a bound method, so that Qt disconnects it when the window goes
        self.ctx.bus.changed.connect(self._bus_changed)

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

    # -- status ------------------------------------------------------------------------
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

    # -- importing -----------------------------------------------------------------------
    def find_in_library(self) -> None:
        self.workspaces.show("library")
        self.page.focus_search()

    def warm_up(self) -> None:
        """Start the extraction workers in the background, once the window is up,
        so the first import does not pay for their start-up while it runs."""
        lib = self.ctx.library
        self.ctx.tasks.read("Starting extractors", lambda _t: lib.start_extractors())

    def import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Import files",
            "",
            "Documents (*.docx *.pptx *.pdf *.md *.markdown *.txt *.html *.htm);;All files (*)",
        )
        if files:
            self.start_import([Path(f) for f in files])

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder")
        if folder:
            self.start_import([Path(folder)])

    def start_import(self, paths: list[Path]) -> None:
        if (refused := self.ctx.library.writes_refused) is not None:  # e.g. files dropped
            show_error(self, "Import", refused)
            return
        dialog = ImportDialog(self.ctx, paths, self)
        dialog.accepted.connect(lambda: self.run_import(paths, dialog.options()))
        open_dialog(dialog)

    def run_import(self, paths: list[Path], options: ImportOptions) -> Task:
        lib = self.ctx.library

        def work(task: Task) -> ImportReport:
            return lib.assets.import_files(
                paths, options, progress=task.report, cancelled=task.token
            )

        task = self.ctx.tasks.write("Importing", work)
        task.succeeded.connect(self._import_done)
        task.failed.connect(lambda msg: show_error(self, "Import failed", msg))
        return task

    def _import_done(self, report: ImportReport) -> None:
        ids = frozenset(o.asset_id for o in report.outcomes if o.asset_id)
        self.ctx.bus.publish(Changes(assets=ids))
        # a moment later: the views' refresh and the summary each get a turn of
        # their own instead of one long one
        QTimer.singleShot(SUMMARY_DELAY_MS, self, lambda: self._show_import_summary(report))

    def _show_import_summary(self, report: ImportReport) -> None:
        self.last_import_summary = ImportSummaryDialog(report, self)
        self.last_import_summary.open()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.start_import(paths)

    def add_link(self) -> None:
        url, ok = QInputDialog.getText(self, "Add a link", "Web address (https://…):")
        if not ok or not url.strip():
            return
        title, ok = QInputDialog.getText(self, "Add a link", "Title:")
        if not ok:
            return
        owner = self.ctx.user.name
        self.ctx.write(
            "Add link",
            lambda lib: Changes(
                assets=frozenset({lib.assets.add_link(url, title, ImportOptions(owner=owner)).id})
            ),
            self,
        )

    # -- asset actions ---------------------------------------------------------------------
    def _one(self) -> int | None:
        ids = self.page.selected_ids()
        return ids[0] if len(ids) == 1 else None

    def open_asset(self) -> None:
        asset = self.page.current_asset()
        if asset is None or asset.id != self._one():
            return
        self.page.log_search()  # the search that found it counts now
        self.open_detail(asset)

    def open_asset_id(self, asset_id: int) -> None:
        """Open an asset chosen elsewhere (review queue, dashboard, workshops)."""
        lib = self.ctx.library
        task = self.ctx.tasks.read("Loading", lambda _t: lib.assets.get(asset_id))
        task.succeeded.connect(self.open_detail)
        task.failed.connect(lambda msg: show_error(self, "Cannot open", msg))

    def open_detail(self, asset: AssetDetail) -> None:
        assets.open_detail(self.ctx, self, asset)

    def reveal_asset(self) -> None:
        if (asset := self.page.current_asset()) is not None:
            assets.reveal(self.ctx, self, asset)

    def save_copy(self) -> None:
        if (asset := self.page.current_asset()) is not None:
            assets.save_copy(self.ctx, self, asset, self.statusBar().showMessage)

    def copy_link(self) -> None:
        if (asset := self.page.current_asset()) is not None:
            assets.copy_to_clipboard(self.ctx, self, asset, self.statusBar().showMessage)

    def log_use(self) -> None:
        from smkdesk.gui.dialogs.log_use import LogUseDialog

        asset = self.page.current_asset()
        if asset is not None:
            open_dialog(LogUseDialog(self.ctx, asset, self, offer_undo=self.status.offer_undo))

    def quick_log(self, action: str, rating: int | None = None) -> None:
        if self.workspaces.current() != "library":  # never assets out of sight
            name = {"sent": "log_sent", "presented": "log_presented"}.get(action, "log_helpful")
            self.shortcut_hints.say_why(name if rating is None or rating > 0 else "log_not_helpful")
            return
        model, current = self.page.model, self.page.current_asset()
        chosen = []
        for asset_id in self.page.selected_ids():
            if current is not None and current.id == asset_id:
                chosen.append(current)  # with its description (why it is a draft)
            elif (row := model.row_of(asset_id)) >= 0:
                chosen.append(model.asset(row))
        say = self.statusBar().showMessage
        assets.quick_log(self.ctx, self, chosen, action, rating, say, self.status.offer_undo)

    def _results_menu(self, pos: QPoint) -> None:
        if not self.page.selected_ids():
            return
        a = self.actions_
        menu = QMenu(self)
        for name in ("open_asset", "log_use"):
            menu.addAction(a[name])
        menu.addMenu(self.quick_log_menu)
        menu.addSeparator()
        for name in ("copy_link", "reveal", "save_copy"):
            menu.addAction(a[name])
        menu.addSeparator()
        for name in ("edit", "bulk_edit", "retire", "delete"):
            menu.addAction(a[name])
        menu.popup(self.page.table.viewport().mapToGlobal(pos))

    def edit_asset(self) -> None:
        from smkdesk.gui.operations import edit

        edit.edit_asset(self.ctx, self, self.page.current_asset(), self.status.offer_undo)

    def bulk_edit(self) -> None:
        from smkdesk.gui.operations import edit

        edit.bulk_edit(self.ctx, self, self.page.selected_ids(), self.status.offer_undo)

    def retire_assets(self) -> None:
        """Retire the selection (the Review page's dialog and rule), with Undo."""
        if ids := self.page.selected_ids():
            model = self.page.model
            titles = [model.asset(r).title if (r := model.row_of(i)) >= 0 else "" for i in ids]
            assets.retire(self.ctx, self, ids, titles, self.status.offer_undo)

    def delete_assets(self) -> None:
        if ids := self.page.selected_ids():
            model = self.page.model
            titles = [model.asset(model.row_of(i)).title for i in ids[:5]]
            assets.delete(self.ctx, self, ids, titles)

    # -- library -----------------------------------------------------------------------------
    def edit_taxonomy(self) -> None:
        from smkdesk.gui.dialogs.taxonomy import TaxonomyDialog

        open_dialog(TaxonomyDialog(self.ctx, self))

    def preferences(self) -> None:
        from smkdesk.gui.dialogs.profile import ProfileDialog

        before = self.ctx.settings.get(keys.USER_ROLE)
        dialog = ProfileDialog(self.ctx.settings, self, first_run=False)

        def saved() -> None:
            role = self.ctx.settings.get(keys.USER_ROLE)
            if role != before:  # a new role: its default filters, and its own workspace
                self.page.role_changed(before)
                self.workspaces.show(self.workspaces.home_for(role))

        dialog.accepted.connect(saved)
        open_dialog(dialog)

    def show_brief(self) -> None:
        from smkdesk.gui.journeys.brief_dialog import BriefDialog

        open_dialog(BriefDialog(self.ctx, self, filters=self.page.query()))

    def show_deals(self) -> None:
        from smkdesk.gui.usage.deals_dialog import DealsDialog

        open_dialog(DealsDialog(self.ctx, self))

    def report_audit(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Content audit report", "content-audit.docx", "Word documents (*.docx)"
        )
        if name:
            self.write_audit_report(Path(name))

    def write_audit_report(self, path: Path) -> Task:
        """Write the report in the background; say where it went when done."""
        from smkdesk.core.reports.audit import write_audit_report

        lib = self.ctx.library
        task = self.ctx.tasks.read("Writing the report", lambda _t: write_audit_report(lib, path))
        task.succeeded.connect(
            lambda _s: self.statusBar().showMessage(f"Content audit written to {path}", 8000)
        )
        task.failed.connect(lambda msg: show_error(self, "Report not written", msg))
        return task

    def reindex(self) -> Task:
        return upkeep.rebuild_index(self.ctx, self, self.status)

    def check_library(self) -> None:
        upkeep.check_library(self.ctx, self, self.status)

    def new_library(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Choose an empty folder for the new library"
        )
        if folder:
            self.library_switch_requested.emit(Path(folder))

    def open_library(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a library folder")
        if folder:
            self.library_switch_requested.emit(Path(folder))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = str(self.ctx.library.path)
        recent = [p for p in self.ctx.settings.get(keys.RECENT_LIBRARIES) if p != current]
        if not recent:
            self.recent_menu.addAction("No other recent libraries").setEnabled(False)
        for path in recent:
            found = is_library(Path(path))
            act = self.recent_menu.addAction(path if found else f"{path} (not found)")
            if not found:
                act.setToolTip("Not found there any more: choose to locate it or open another")
            act.triggered.connect(lambda _=False, p=path: self.recent_requested.emit(Path(p)))

    # -- help --------------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        lines = []
        for name, action in self.actions_.items():
            keys_ = ", ".join(k.toString() for k in action.shortcuts())
            if keys_:
                lines.append(f"{SPECS[name].text.replace('&', '').rstrip('…'):<28} {keys_}")
        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", "\n".join(lines),
                          QMessageBox.StandardButton.Close, self)  # fmt: skip
        box.setTextFormat(box.textFormat().PlainText)
        box.open()

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About smkdesk",
            f"smkdesk {__version__}\n\nOne content library for sales and marketing: "
            "find it, use it, measure it, retire it.",
        )

    # -- closing ------------------------------------------------------------------------------
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


def window_title(path: Path) -> str:
    """The library's name; Qt adds the application's display name itself
    (" — smkdesk"), so it is added here only where nobody set one."""
    name = path.name or str(path)
    return name if QGuiApplication.applicationDisplayName() == "smkdesk" else f"{name} — smkdesk"


def fit_to_screen(wanted: QRect, area: QRect, centre: bool = False) -> QRect:
    """``wanted`` made to fit inside ``area`` (a screen's available geometry):
    no larger than it, and moved onto it (or centred on it) if need be. A
    window that does not fit whole leaves room for its frame's title bar."""
    fits = wanted.width() <= area.width() and wanted.height() <= area.height()
    size = wanted.size() if fits else wanted.size().boundedTo(area.size() - FRAME_ALLOWANCE)
    rect = QRect(wanted.topLeft(), size)
    if centre:
        rect.moveCenter(area.center())
    rect.moveLeft(max(area.left(), min(rect.left(), area.right() - rect.width() + 1)))
    rect.moveTop(max(area.top(), min(rect.top(), area.bottom() - rect.height() + 1)))
    return rect


def open_dialog(dialog: QDialog) -> None:
    """Show a window-modal dialog that frees itself when closed."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
