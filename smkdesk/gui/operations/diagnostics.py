"""Help → Copy diagnostics: versions, platform, library size and the log's end,
on the clipboard for a bug report."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from smkdesk.diagnostics import diagnostics_text
from smkdesk.gui.context import AppContext
from smkdesk.gui.tasks import Task

COPIED = "Diagnostics copied to the clipboard: versions, library size and the log's last lines"


def copy_diagnostics(ctx: AppContext, say: Callable[[str, int], None]) -> Task:
    """Gather the diagnostics off the GUI thread (they count the library's
    assets and read the log), then copy them and say so in the status bar."""
    lib = ctx.library
    task = ctx.tasks.read("Gathering diagnostics", lambda _t: diagnostics_text(lib))

    def copy(text: object) -> None:
        QApplication.clipboard().setText(str(text))
        say(COPIED, 8000)

    task.succeeded.connect(copy)
    task.failed.connect(lambda msg: say(f"Could not gather the diagnostics: {msg}", 8000))
    return task
