"""Start the desktop app: open a library, show the main window, switch libraries."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QWidget

from smkdesk.core.errors import SmkError
from smkdesk.core.library import Library, default_library_path, is_library
from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext, show_error
from smkdesk.gui.events import ChangeBus
from smkdesk.gui.mainwindow import MainWindow
from smkdesk.gui.settings import Settings
from smkdesk.gui.tasks import TaskManager


def demo_folder() -> Path:
    return default_library_path().parent / "demo"


class Controller(QObject):
    """Owns the open library and its window; switching libraries replaces both."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.tasks = TaskManager(self)
        self.bus = ChangeBus(self)
        self.window: MainWindow | None = None
        self.ctx: AppContext | None = None

    def open(self, path: Path, create: bool = True) -> bool:
        parent: QWidget | None = self.window
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            lib = Library.open(path, create=create)
        except SmkError as exc:
            QApplication.restoreOverrideCursor()
            show_error(parent, "Cannot open the library", str(exc))
            return False
        except OSError as exc:
            QApplication.restoreOverrideCursor()
            show_error(parent, "Cannot open the library", f"{exc.strerror or exc}: {path}")
            return False
        QApplication.restoreOverrideCursor()
        self._close_current()
        self.settings.add_recent(lib.path)
        self.ctx = AppContext(lib, self.tasks, self.bus, self.settings)
        window = MainWindow(self.ctx)
        window.library_switch_requested.connect(self.switch)
        window.demo_requested.connect(self.open_demo)
        self.window = window
        window.show()
        if lib.needs_rebuild():
            window.reindex()
        window.page.run_search()
        window.warm_up()
        return True

    def switch(self, path: Path) -> None:
        if self.ctx is not None and path == self.ctx.library.path:
            return
        self.open(path)

    def _close_current(self) -> None:
        if self.window is not None:
            self.window.save_state()
            self.window.hide()  # settles the search on screen (search log) first
            self.tasks.cancel_all()
            self.tasks.wait()
            self.window.deleteLater()
            self.window = None
        if self.ctx is not None:
            self.ctx.library.close()
            self.ctx = None

    def open_demo(self) -> None:
        target = demo_folder()
        if is_library(target) or build_demo_with_progress(self, target):
            self.switch(target)

    def shutdown(self) -> None:
        self._close_current()


def first_run(settings: Settings) -> None:
    if settings.has_profile:
        return
    from smkdesk.gui.dialogs.profile import ProfileDialog

    ProfileDialog(settings, None, first_run=True).exec()


def build_demo_with_progress(controller: Controller, target: Path) -> bool:
    """Build the demo library off the GUI thread, showing progress; True on success."""
    from smkdesk.demo import build_demo

    dialog = QProgressDialog("Building the demo library…", "", 0, 0)
    dialog.setWindowTitle("smkdesk")
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(0)
    label = "Building the demo library"
    task = controller.tasks.write(label, lambda t: build_demo(target, t.report))

    def show(done: int, total: int, _name: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    task.progress.connect(show)
    outcome: dict[str, str] = {}
    loop = QEventLoop()
    task.failed.connect(lambda msg: outcome.setdefault("error", msg))
    task.finished.connect(loop.quit)
    dialog.show()
    loop.exec()
    dialog.close()
    if "error" in outcome:
        show_error(None, "Could not build the demo library", outcome["error"])
        return False
    return True


def run_gui(library: str | None = None, demo: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("smkdesk")
    app.setOrganizationName("smkdesk")
    app.setApplicationDisplayName("smkdesk")
    settings = Settings()
    first_run(settings)
    controller = Controller(settings)
    if demo:
        path = demo_folder()
        if not is_library(path) and not build_demo_with_progress(controller, path):
            return 1
    elif library:
        path = Path(library).expanduser()
    else:
        last = settings.get(keys.LAST_LIBRARY)
        path = Path(last) if last and is_library(Path(last)) else default_library_path()
    while not controller.open(path):
        folder = QFileDialog.getExistingDirectory(None, "Choose a library folder (or an empty one)")
        if not folder:
            return 1
        path = Path(folder)
    app.aboutToQuit.connect(controller.shutdown)
    code = app.exec()
    return int(code)
