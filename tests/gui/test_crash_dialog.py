"""An unexpected error shows the crash dialog, lands in the log and the app
keeps running; a hard crash of the previous run is offered once; Help → Copy
diagnostics (real library, real log file in tmp_path, real widgets)."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, qInfo
from PySide6.QtWidgets import QApplication, QMessageBox

from smkdesk import diagnostics
from smkdesk.core.errors import ValidationError
from smkdesk.gui.context import AppContext
from smkdesk.gui.dialogs import crash_dialog
from smkdesk.gui.dialogs.crash_dialog import CrashDialog, CrashReporter
from smkdesk.gui.mainwindow import MainWindow
from smkdesk.gui.operations.diagnostics import COPIED
from smkdesk.gui.tasks import Task

pytestmark = pytest.mark.gui
WAIT_MS = 10_000


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "logs"
    monkeypatch.setenv(diagnostics.LOG_DIR_ENV, str(folder))
    monkeypatch.delenv(diagnostics.DEBUG_ENV, raising=False)
    monkeypatch.setattr(threading, "excepthook", lambda _args: None)
    diagnostics.setup_logging()
    yield folder
    diagnostics.stop_logging()


@pytest.fixture
def reporter(app_ctx: AppContext, log_dir: Path, qtbot) -> Iterator[CrashReporter]:
    """The hooks as the app installs them, on the test's task helper."""
    installed = crash_dialog.install(app_ctx.tasks)
    yield installed
    installed.uninstall()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, CrashDialog | QMessageBox):
            widget.close()
            widget.deleteLater()


def crash_dialogs() -> list[CrashDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()
    ]


def log_text(folder: Path) -> str:
    diagnostics._state.handler.flush()  # type: ignore[union-attr]
    return (folder / diagnostics.LOG_NAME).read_text("utf-8")


def fail_on_purpose(_task: Task) -> None:
    raise RuntimeError("broken on purpose")


def test_an_unexpected_error_in_a_background_job_shows_the_dialog(
    qtbot, app_ctx: AppContext, reporter: CrashReporter, log_dir: Path
) -> None:
    failed: list[str] = []
    task = app_ctx.tasks.read("Loading the dashboard", fail_on_purpose)  # as a page does
    task.failed.connect(failed.append)
    qtbot.waitUntil(lambda: bool(crash_dialogs()), timeout=WAIT_MS)
    [dialog] = crash_dialogs()
    assert failed == ["Unexpected error (RuntimeError: broken on purpose). The app keeps running."]
    message = dialog.message.text()
    assert "Something went wrong while loading the dashboard" in message
    assert "RuntimeError: broken on purpose" in message and "keeps running" in message
    assert str(log_dir / "smkdesk.log") in dialog.log_label.text()
    # Close has the focus and takes Enter; Copy details never does
    assert dialog.focusWidget() is dialog.close_button and dialog.close_button.isDefault()
    assert not dialog.copy_button.autoDefault()

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert "Traceback (most recent call last)" in copied and "fail_on_purpose" in copied
    assert "RuntimeError: broken on purpose" in copied
    assert "smkdesk diagnostics" in copied and "Python: 3." in copied
    assert "task 'Loading the dashboard' failed" in copied  # the log's tail
    assert dialog.isVisible() and dialog.copied.isVisible()

    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    text = log_text(log_dir)
    assert "task 'Loading the dashboard' failed after" in text
    assert "RuntimeError: broken on purpose" in text and "Traceback" in text

    # the app keeps running: the next job runs and succeeds
    with qtbot.waitSignal(app_ctx.tasks.read("Next job", lambda _t: 42).succeeded) as done:
        pass
    assert done.args == [42]


def test_more_errors_while_it_is_open_are_counted_in_the_same_dialog(
    qtbot, app_ctx: AppContext, reporter: CrashReporter
) -> None:
    app_ctx.tasks.read("Searching", fail_on_purpose)
    qtbot.waitUntil(lambda: bool(crash_dialogs()), timeout=WAIT_MS)
    app_ctx.tasks.write("Saving", fail_on_purpose)
    qtbot.waitUntil(lambda: crash_dialogs()[0].more == 1, timeout=WAIT_MS)
    [dialog] = crash_dialogs()
    assert dialog.more_label.text().startswith("1 more error since")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Escape closes it too
    assert crash_dialogs() == []


def test_an_expected_error_shows_no_crash_dialog(
    qtbot, app_ctx: AppContext, reporter: CrashReporter, log_dir: Path
) -> None:
    def refuse(_task: Task) -> None:
        raise ValidationError("pick a stage first")

    task = app_ctx.tasks.write("Saving the answer", refuse)
    with qtbot.waitSignal(task.failed, timeout=WAIT_MS) as failed:
        pass
    assert failed.args == ["pick a stage first"]
    qtbot.waitUntil(lambda: not app_ctx.tasks.busy, timeout=WAIT_MS)
    QApplication.processEvents()
    assert crash_dialogs() == []
    assert "task 'Saving the answer' failed after" in log_text(log_dir)
    assert "task 'Saving the answer' started" in log_text(log_dir)  # writes log start and end


def test_an_exception_in_an_event_handler_shows_the_dialog(
    qtbot, reporter: CrashReporter, log_dir: Path
) -> None:
    def slot() -> None:
        raise KeyError("no such column on purpose")

    QTimer.singleShot(0, slot)  # Qt calls sys.excepthook: ours, while the app runs
    qtbot.waitUntil(lambda: bool(crash_dialogs()), timeout=WAIT_MS)
    [dialog] = crash_dialogs()
    assert "Something went wrong (KeyError: 'no such column on purpose')" in dialog.message.text()
    assert "KeyError: 'no such column on purpose'" in log_text(log_dir)
    # the same error over and over (a paint event's): one window, logged a few times
    for _ in range(5):
        QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: dialog.more == 5, timeout=WAIT_MS)
    assert crash_dialogs() == [dialog] and dialog.details.count("Traceback") == 1
    text = log_text(log_dir)
    assert text.count("KeyError: 'no such column on purpose'") == crash_dialog.REPEATS_LOGGED
    assert "the same error again: not logged any more" in text
    dialog.close_button.click()


def test_qt_messages_go_to_the_log(qtbot, reporter: CrashReporter, log_dir: Path) -> None:
    qInfo("a message from Qt on purpose")
    assert "qt: a message from Qt on purpose" in log_text(log_dir)


def _ended_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True, timeout=60)  # fmt: skip
    return int(done.stdout)


def test_a_crash_of_the_previous_run_is_offered_once_then_archived(
    qtbot, app_ctx: AppContext, log_dir: Path
) -> None:
    report = (
        "Fatal Python error: Segmentation fault\n\nCurrent thread 0x1 (most recent call first):\n"
    )
    (log_dir / "crashes" / f"running-{_ended_pid()}.txt").write_text(report, "utf-8")
    window_parent = None

    def offers() -> list[QMessageBox]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible() and "stopped" in w.windowTitle()
        ]

    crash_dialog.offer_previous_crash(app_ctx.tasks, lambda: window_parent)
    qtbot.waitUntil(lambda: bool(offers()), timeout=WAIT_MS)
    [box] = offers()
    assert box.windowModality() == Qt.WindowModality.NonModal  # start-up goes on
    assert box.defaultButton().text() == "&Show"
    [archived] = (log_dir / "crashes").glob("crash-*.txt")
    assert archived.read_text("utf-8") == report and str(archived) in box.informativeText()

    box.defaultButton().click()  # Show
    qtbot.waitUntil(lambda: bool(crash_dialogs()), timeout=WAIT_MS)
    [shown] = crash_dialogs()
    assert shown.text is not None and "Segmentation fault" in shown.text.toPlainText()
    qtbot.mouseClick(shown.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text().startswith("Fatal Python error: Segmentation fault")
    qtbot.keyClick(shown, Qt.Key.Key_Escape)
    assert crash_dialogs() == [] and offers() == []

    task = crash_dialog.offer_previous_crash(app_ctx.tasks, lambda: window_parent)
    with qtbot.waitSignal(task.succeeded, timeout=WAIT_MS):
        pass
    QApplication.processEvents()
    assert offers() == []  # offered once


def test_help_copy_diagnostics_copies_them_and_says_so(
    qtbot, gh, app_ctx: AppContext, log_dir: Path
) -> None:
    gh.add_link(app_ctx.library, "ROI calculator")
    window = MainWindow(app_ctx)
    window.show()
    qtbot.waitExposed(window)
    try:
        help_menu = next(m for m in window.menuBar().actions() if m.text() == "&Help").menu()
        action = next(a for a in help_menu.actions() if a.text() == "Copy &diagnostics")
        QApplication.clipboard().clear()
        action.trigger()
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == COPIED, timeout=WAIT_MS)
        copied = QApplication.clipboard().text()
        assert "smkdesk diagnostics" in copied and "Assets: 1" in copied
        assert "Whoosh: 2.7.5" in copied and "Last " in copied
    finally:
        gh.dispose(qtbot, app_ctx, window)
