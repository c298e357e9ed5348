"""What every page and dialog needs: the library, the task helper, the
change bus, settings and who is using the app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from smkdesk.core.changes import Changes, User
from smkdesk.core.library import Library
from smkdesk.gui import settings as keys
from smkdesk.gui.events import ChangeBus
from smkdesk.gui.settings import Settings
from smkdesk.gui.tasks import Task, TaskManager


@dataclass
class AppContext:
    library: Library
    tasks: TaskManager
    bus: ChangeBus
    settings: Settings

    @property
    def user(self) -> User:
        return User(self.settings.get(keys.USER_NAME), self.settings.get(keys.USER_ROLE))

    def write(
        self,
        label: str,
        fn: Callable[[Library], Changes],
        parent: QWidget | None = None,
        on_done: Callable[[Changes], Any] | None = None,
    ) -> Task:
        """Run a mutating service call on the writer thread, broadcast its
        Changes, and show any error in a message box on ``parent``."""
        lib = self.library
        task = self.tasks.write(label, lambda _t: fn(lib))

        def done(changes: object) -> None:
            if isinstance(changes, Changes):
                self.bus.publish(changes)
                if on_done:
                    on_done(changes)

        task.succeeded.connect(done)
        # an unexpected error opens the crash dialog instead (gui/dialogs/crash_dialog.py)
        task.failed.connect(lambda msg: None if task.crash else show_error(parent, label, msg))
        return task

    def record(
        self,
        label: str,
        fn: Callable[[Library], Changes],
        parent: QWidget | None = None,
        on_done: Callable[[Changes], Any] | None = None,
    ) -> Task:
        """Like ``write`` for a small database-only change that must reach the
        disk at once, whatever else is running (usage events, the search log)."""
        lib = self.library

        def done(changes: object) -> None:
            if isinstance(changes, Changes):
                self.bus.publish(changes)
                if on_done:
                    on_done(changes)

        def failed(msg: str) -> None:
            if not task.crash:  # an unexpected error opens the crash dialog instead
                show_error(parent, label, msg)

        task = self.tasks.record(label, lambda _t: fn(lib), done, failed)
        return task


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.open() if parent is not None else box.exec()
