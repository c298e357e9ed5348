"""Start the desktop app: open a library, show the main window, switch libraries.

A library that is not where it was is never replaced in silence: the app says
which one is missing and offers Locate…, Open another…, Create new or a recent
library. On first run (and while the demo library is built) a progress window
shows from the moment Start is pressed, before any slow import or work.
"""

from __future__ import annotations

import sys
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QProgressDialog, QWidget

from smkdesk.core.errors import SmkError
from smkdesk.core.library import Library, default_library_path, is_library
from smkdesk.core.store.files import NamedCopies
from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext, show_error
from smkdesk.gui.dialogs.missing_library import Choice, MissingLibraryDialog
from smkdesk.gui.events import ChangeBus
from smkdesk.gui.mainwindow import MainWindow
from smkdesk.gui.operations import assets as assets_ops
from smkdesk.gui.screen_fit import DialogFitter
from smkdesk.gui.settings import Key, Settings
from smkdesk.gui.tasks import Task, TaskManager

#: When each recent library was last opened: "ISO time<TAB>path" entries.
OPENED_AT: Key[list[str]] = Key("library/opened_at", [])


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
        #: The start-up progress window, until the first library window shows.
        self.startup: StartupProgress | None = None

    def open(self, path: Path, create: bool = True) -> bool:
        parent: QWidget | None = self.window
        if self.startup is not None:
            self.startup.say(f"Opening the library “{path.name}”…")
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
        remember_opened(self.settings, lib.path)
        self.ctx = AppContext(lib, self.tasks, self.bus, self.settings)
        window = MainWindow(self.ctx)
        window.library_switch_requested.connect(self.switch)
        window.recent_requested.connect(self.open_recent)
        window.demo_requested.connect(self.open_demo)
        self.window = window
        window.show()
        if self.startup is not None:
            self.startup.close()
            self.startup = None
        if lib.needs_rebuild():
            window.reindex()
        window.page.run_search()
        window.warm_up()
        return True

    def switch(self, path: Path) -> None:
        if self.ctx is not None and path == self.ctx.library.path:
            return
        self.open(path)

    def open_recent(self, path: Path) -> None:
        """A library from File → Recent; one that is gone is asked about, not recreated."""
        if is_library(path):
            self.switch(path)
            return
        choice = ask_missing(self.settings, path, self.window)
        if choice is not None and (self.ctx is None or choice.path != self.ctx.library.path):
            self.open(choice.path, create=choice.create)

    def _close_current(self) -> None:
        window, self.window = self.window, None  # once, even if asked again meanwhile
        if window is not None:
            window.save_state()
            window.hide()  # settles the search on screen (search log) first
            self.tasks.cancel_all()
            self.tasks.wait()
            window.deleteLater()
        ctx, self.ctx = self.ctx, None
        if ctx is not None:
            ctx.library.close()

    def open_demo(self) -> None:
        target = demo_folder()
        if is_library(target) or build_demo_with_progress(self, target):
            self.switch(target)

    def shutdown(self) -> None:
        self._close_current()
        assets_ops.close_copies()  # this session's named copies of opened files


def first_run(settings: Settings) -> None:
    if settings.has_profile:
        return
    from smkdesk.gui.dialogs.profile import ProfileDialog

    ProfileDialog(settings, None, first_run=True).exec()


class StartupProgress:
    """A progress window shown (and painted) at once, before any slow work."""

    def __init__(self, text: str) -> None:
        self.dialog = QProgressDialog(text, "", 0, 0)
        self.dialog.setWindowTitle("smkdesk")
        self.dialog.setCancelButton(None)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        self.dialog.show()
        self.flush()

    def say(self, text: str, done: int = 0, total: int = 0) -> None:
        self.dialog.setLabelText(text)
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        self.flush()

    def flush(self) -> None:
        """Paint now: the next step may hold the GUI thread for a while."""
        for _ in range(3):  # map the window, lay it out, paint it
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        self.dialog.repaint()

    def close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()


def build_demo_with_progress(
    controller: Controller, target: Path, progress: StartupProgress | None = None
) -> bool:
    """Build the demo library off the GUI thread, showing progress; True on success.

    The progress window shows before anything else happens; even the demo
    builder's modules (document writers) are imported on the worker thread."""
    own = progress is None
    shown = progress or StartupProgress("Building the demo library…")
    shown.say("Building the demo library…")

    def work(task: Task) -> object:
        from smkdesk.demo import build_demo

        return build_demo(target, task.report)

    task = controller.tasks.write("Building the demo library", work)

    def show(done: int, total: int, name: str) -> None:
        text = (
            f"Building the demo library… {done} of {total}" if total else shown.dialog.labelText()
        )
        shown.dialog.setLabelText(f"{text}\n{name}" if name and total else text)
        shown.dialog.setMaximum(total)
        shown.dialog.setValue(done)

    task.progress.connect(show)
    outcome: dict[str, str] = {}
    loop = QEventLoop()
    task.failed.connect(lambda msg: outcome.setdefault("error", msg))
    task.finished.connect(loop.quit)
    loop.exec()
    if own:
        shown.close()
    if "error" in outcome:
        show_error(None, "Could not build the demo library", outcome["error"])
        return False
    return True


def remember_opened(settings: Settings, path: Path) -> None:
    now = datetime.now().astimezone().isoformat(timespec="minutes")
    kept = [e for e in settings.get(OPENED_AT) if e.partition("\t")[2] != str(path)]
    settings.set(OPENED_AT, [f"{now}\t{path}", *kept][:20])


def last_opened(settings: Settings, path: Path) -> datetime | None:
    for entry in settings.get(OPENED_AT):
        when, _tab, where = entry.partition("\t")
        if where == str(path):
            try:
                return datetime.fromisoformat(when)
            except ValueError:
                return None
    return None


def ask_missing(settings: Settings, path: Path, parent: QWidget | None = None) -> Choice | None:
    """Which library to open instead of the missing ``path`` (None: the user quit)."""
    new_path, n = default_library_path(), 1
    while is_library(new_path):  # never "create" over a library that is there
        n += 1
        new_path = new_path.with_name(f"{default_library_path().name}-{n}")
    dialog = MissingLibraryDialog(
        path, last_opened(settings, path), settings.get(keys.RECENT_LIBRARIES), new_path, parent
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choice


def run_gui(library: str | None = None, demo: bool = False, debug: bool = False) -> int:
    from smkdesk.diagnostics import setup_logging
    from smkdesk.gui.dialogs import crash_dialog

    with suppress(OSError):  # already done by ``smkdesk``; a log folder never stops the app
        setup_logging(debug)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("smkdesk")
    app.setOrganizationName("smkdesk")
    app.setApplicationDisplayName("smkdesk")
    fitter = DialogFitter(app)  # every dialog fits the screen (a 1024×700 laptop)
    app.installEventFilter(fitter)
    settings = Settings()
    from smkdesk.gui.theme import apply_theme

    apply_theme(app, settings.get(keys.THEME))  # before the first window shows
    welcomed = not settings.has_profile
    first_run(settings)
    controller = Controller(settings)
    reporter = crash_dialog.install(controller.tasks, controller)  # unexpected errors: a dialog
    controller.tasks.read("Tidying up", lambda _t: NamedCopies.sweep())  # earlier sessions'
    create = True
    if demo or welcomed:  # at once: the demo build or a new library take a few seconds
        controller.startup = StartupProgress("Starting smkdesk…")
    if demo:
        path = demo_folder()
        if not is_library(path) and not build_demo_with_progress(
            controller, path, controller.startup
        ):
            return 1
    elif library:
        path = Path(library).expanduser()
    else:
        last = settings.get(keys.LAST_LIBRARY)
        path = Path(last) if last else default_library_path()
        if last and not is_library(path):
            if controller.startup is not None:
                controller.startup.close()
                controller.startup = None
            choice = ask_missing(settings, path)
            if choice is None:
                return 1
            path, create = choice.path, choice.create
    while not controller.open(path, create=create):
        folder = QFileDialog.getExistingDirectory(None, "Choose a library folder (or an empty one)")
        if not folder:
            return 1
        path, create = Path(folder), True
    app.aboutToQuit.connect(controller.shutdown)
    crash_dialog.offer_previous_crash(controller.tasks, lambda: controller.window)
    code = app.exec()
    reporter.uninstall()
    return int(code)
