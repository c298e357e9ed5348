"""Start the desktop app: open a library, show the main window, switch libraries."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from smkdesk.core.errors import SmkError
from smkdesk.core.library import Library, default_library_path, is_library
from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext, show_error
from smkdesk.gui.events import ChangeBus
from smkdesk.gui.mainwindow import MainWindow
from smkdesk.gui.settings import Settings
from smkdesk.gui.tasks import Task, TaskManager


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
        return True

    def switch(self, path: Path) -> None:
        if self.ctx is not None and path == self.ctx.library.path:
            return
        self.open(path)

    def _close_current(self) -> None:
        if self.window is not None:
            self.window.save_state()
            self.tasks.cancel_all()
            self.tasks.wait()
            self.window.hide()
            self.window.deleteLater()
            self.window = None
        if self.ctx is not None:
            self.ctx.library.close()
            self.ctx = None

    def open_demo(self) -> None:
        target = demo_folder()
        if is_library(target):
            self.switch(target)
            return
        from smkdesk.demo import build_demo

        def work(task: Task) -> Path:
            build_demo(target, progress=task.report)
            return target

        task = self.tasks.write("Building the demo library", work)
        if self.window is not None:
            self.window.progress.track(task)
            self.window.statusBar().showMessage("Building the demo library…")
        task.succeeded.connect(lambda p: self.switch(Path(p)))
        task.failed.connect(lambda msg: show_error(self.window, "Could not build the demo", msg))

    def shutdown(self) -> None:
        self._close_current()


def first_run(settings: Settings) -> None:
    if settings.has_profile:
        return
    from smkdesk.gui.dialogs.profile import ProfileDialog

    ProfileDialog(settings, None, first_run=True).exec()


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
        target = demo_folder()
        if not is_library(target):
            from smkdesk.demo import build_demo

            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                build_demo(target)
            finally:
                QApplication.restoreOverrideCursor()
        path = target
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
