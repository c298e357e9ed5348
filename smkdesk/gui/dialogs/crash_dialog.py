"""An unexpected error: say so in a sentence, point at the log, keep running.

``install`` routes every error the app did not expect to the log file and to
one :class:`CrashDialog`: an exception that escapes a slot or an event handler
(``sys.excepthook``), one in a Python thread (``threading.excepthook``), and a
background job that fails with anything but an ``SmkError`` or an ``OSError``
(those are said where the job was started). Qt's own messages go to the log.
While the dialog is open, further errors are counted in it rather than
opening more windows. ``offer_previous_crash`` offers, once, the report of a
hard crash that ended the previous run.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from smkdesk import diagnostics
from smkdesk.diagnostics import CrashReport
from smkdesk.gui.tasks import Task, TaskManager
from smkdesk.gui.widgets.fields import hint_label

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")
#: The same traceback is logged this many times, then only counted.
REPEATS_LOGGED = 3
QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


class CrashDialog(QDialog):
    """A short sentence, the log file's location, Copy details and Close.

    ``details`` (a traceback, a crash report) is what Copy details puts on the
    clipboard, followed by the diagnostics (versions, platform, the log's tail).
    ``show_text`` shows it in the dialog too (a crash report someone asked to see).
    """

    def __init__(
        self,
        sentence: str,
        details: str,
        log_file: Path,
        parent: QWidget | None = None,
        show_text: bool = False,
        title: str = "Unexpected error",
        log_note: str = "The details are in the log file:",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.details = details
        self.more = 0
        self.message = QLabel(sentence)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.log_label = hint_label(f"{log_note}\n{log_file}")
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.more_label = hint_label()
        self.more_label.setVisible(False)
        self.copied = hint_label()
        self.copied.setVisible(False)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        icon = QLabel()
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(warning.pixmap(32, 32))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(icon)
        words = QVBoxLayout()
        words.addWidget(self.message)
        words.addWidget(self.log_label)
        words.addStretch(1)
        top.addLayout(words, 1)
        layout.addLayout(top)
        self.text: QPlainTextEdit | None = None
        if show_text:
            self.text = QPlainTextEdit(details)
            self.text.setReadOnly(True)
            self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            self.text.setMinimumHeight(220)
            layout.addWidget(self.text, 1)
        layout.addWidget(self.more_label)
        box = QDialogButtonBox(self)
        self.copy_button = QPushButton("&Copy details")
        self.copy_button.setAutoDefault(False)  # Enter closes; copying is a click (or Alt+C)
        box.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = box.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText("Close")
        self.close_button.setDefault(True)
        self.copy_button.clicked.connect(self.copy_details)
        box.rejected.connect(self.reject)
        layout.addWidget(self.copied)
        layout.addWidget(box)
        self.setMinimumWidth(460)
        if show_text:
            self.resize(720, 480)
        self.close_button.setFocus()

    def add(self, details: str) -> None:
        """Another error while this one is on screen: count it, copy it too."""
        self.more += 1
        if details not in self.details:  # the same error again (each paint...): counted only
            self.details = f"{self.details}\n\n{details}"
        noun = "error" if self.more == 1 else "errors"
        self.more_label.setText(f"{self.more} more {noun} since (Copy details holds them all).")
        self.more_label.setVisible(True)

    def copy_details(self) -> None:
        text = f"{self.details.rstrip()}\n\n{diagnostics.diagnostics_text()}"
        QApplication.clipboard().setText(text)
        self.copied.setText("Copied to the clipboard, with the app's versions and the log's end.")
        self.copied.setVisible(True)


def _sentence(doing: str | None, line: str) -> str:
    where = f" while {doing[:1].lower()}{doing[1:]}" if doing else ""
    return (
        f"Something went wrong{where} ({line}). The app keeps running: carry on, or "
        "save your work and restart it if something looks wrong."
    )


class CrashReporter(QObject):
    """Routes unexpected errors to the log and to one dialog at a time."""

    #: (what was going on, the error's line, traceback); emitted from any thread.
    reported = Signal(str, str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._hooks: tuple[Any, Any] | None = None
        self._qt_previous: Any = None
        self._tasks: list[TaskManager] = []
        self._seen: dict[str, int] = {}  # traceback -> times it was raised

    # -- the hooks ---------------------------------------------------------------------
    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        details = diagnostics.format_exception(exc_type, exc, tb)
        seen = self._seen[details] = self._seen.get(details, 0) + 1
        if seen <= REPEATS_LOGGED:  # an error in a paint event comes back at every paint
            diagnostics.log_exception("unexpected error", exc_type, exc, tb)
            if sys.stderr is not None:  # none in a windowed app on Windows
                traceback.print_exception(exc_type, exc, tb, file=sys.stderr)
        elif seen == REPEATS_LOGGED + 1:
            log.error("the same error again: not logged any more this session")
        self.reported.emit("", diagnostics.error_line(exc_type, exc), details)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit) or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "a thread"
        diagnostics.log_exception(
            f"uncaught exception in thread {name}",
            args.exc_type,
            args.exc_value,
            args.exc_traceback,
        )
        self.reported.emit(
            "",
            diagnostics.error_line(args.exc_type, args.exc_value),
            diagnostics.format_exception(args.exc_type, args.exc_value, args.exc_traceback),
        )

    def task_crashed(self, label: str, line: str, details: str) -> None:
        """A background job failed unexpectedly (``TaskManager.crashed``; logged there)."""
        self.reported.emit(label, line, details)

    def qt_message(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        category = context.category if context.category not in (None, "default") else ""
        qt_log.log(
            QT_LEVELS.get(mode, logging.WARNING),
            "%s%s",
            f"{category}: " if category else "",
            message,
        )
        if self._qt_previous is not None:
            self._qt_previous(mode, context, message)

    def watch(self, tasks: TaskManager) -> None:
        tasks.crashed.connect(self.task_crashed)
        self._tasks.append(tasks)

    def install(self) -> None:
        self._hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_hook
        self._qt_previous = qInstallMessageHandler(self.qt_message)

    def uninstall(self) -> None:
        """Put back the hooks found by ``install`` (tests)."""
        if self._hooks is not None:
            sys.excepthook, threading.excepthook = self._hooks
            self._hooks = None
            qInstallMessageHandler(self._qt_previous)
            self._qt_previous = None
        for tasks in self._tasks:
            tasks.crashed.disconnect(self.task_crashed)
        self._tasks.clear()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    # -- the dialog ----------------------------------------------------------------------
    def _show(self, doing: str, line: str, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(details)
            return
        if self.dialog is not None:
            self.dialog.deleteLater()
        # No parent: a window-modal message box on the main window must not block it.
        self.dialog = CrashDialog(_sentence(doing, line), details, diagnostics.log_path())
        anchor = QApplication.activeWindow() or next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMainWindow) and w.isVisible()
            ),
            None,
        )
        if anchor is not None:  # over the window in use, not the middle of the screen
            self.dialog.adjustSize()
            frame = self.dialog.frameGeometry()
            frame.moveCenter(anchor.frameGeometry().center())
            self.dialog.move(frame.topLeft())
        self.dialog.show()  # a new window: on top already
        self.dialog.activateWindow()


def install(tasks: TaskManager | None = None, parent: QObject | None = None) -> CrashReporter:
    """Route unexpected errors (and Qt's messages) to the log and the dialog."""
    reporter = CrashReporter(parent)
    reporter.install()
    if tasks is not None:
        reporter.watch(tasks)
    return reporter


# -- a hard crash that ended the previous run -------------------------------------------------
_shown: list[QDialog] = []


def _keep(dialog: QDialog) -> None:
    """Hold a window that may have no parent until it is closed."""
    _shown.append(dialog)

    def forget(_result: int) -> None:
        _shown.remove(dialog)
        dialog.deleteLater()

    dialog.finished.connect(forget)


def crash_offer(report: CrashReport, parent: QWidget | None) -> QMessageBox:
    """A non-modal message: Show (the default) opens the report, Dismiss closes it."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "smkdesk stopped unexpectedly",
        f"smkdesk stopped unexpectedly on {report.when:%d %b %Y at %H:%M} and left a crash "
        "report. Show it, to copy it into a bug report?",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(f"It is kept at {report.path}")
    show = box.addButton("&Show", QMessageBox.ButtonRole.AcceptRole)
    dismiss = box.addButton("&Dismiss", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(show)
    box.setEscapeButton(dismiss)
    box.setWindowModality(Qt.WindowModality.NonModal)

    def clicked(button: object) -> None:
        if button is show:
            dialog = CrashDialog(
                "The crash report of the previous run: what each thread was doing when "
                "smkdesk stopped.",
                report.text,
                diagnostics.log_path(),
                parent,
                show_text=True,
                title="Crash report",
                log_note="The log file, with what led up to it:",
            )
            _keep(dialog)
            dialog.show()

    box.buttonClicked.connect(clicked)
    _keep(box)
    box.show()
    return box


def offer_previous_crash(tasks: TaskManager, parent: Callable[[], QWidget | None]) -> Task:
    """Look for a crash report off the GUI thread; offer it (non-modal) if there is one."""
    task = tasks.read("Looking for a crash report", lambda _t: diagnostics.previous_crash())

    def found(report: object) -> None:
        if isinstance(report, CrashReport):
            crash_offer(report, parent())

    task.succeeded.connect(found)
    return task
