"""Word documents from the Tools menu: the content audit report and the
pre-call brief. Both are written in the background."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from smkdesk.gui.context import show_error
from smkdesk.gui.operations.general import open_dialog
from smkdesk.gui.tasks import Task

if TYPE_CHECKING:
    from smkdesk.gui.mainwindow import MainWindow


def report_audit(window: MainWindow) -> None:
    """Tools → Content audit report…: ask where, then write it."""
    name, _ = QFileDialog.getSaveFileName(
        window, "Content audit report", "content-audit.docx", "Word documents (*.docx)"
    )
    if name:
        write_audit_report(window, Path(name))


def write_audit_report(window: MainWindow, path: Path) -> Task:
    """Write the report in the background; say where it went when done."""
    from smkdesk.core.reports.audit import write_audit_report as write

    lib = window.ctx.library
    task = window.ctx.tasks.read("Writing the report", lambda _t: write(lib, path))
    task.succeeded.connect(
        lambda _s: window.statusBar().showMessage(f"Content audit written to {path}", 8000)
    )
    task.failed.connect(lambda msg: show_error(window, "Report not written", msg))
    return task


def show_brief(window: MainWindow) -> None:
    """Tools → Pre-call brief…, starting from the Library's filters."""
    from smkdesk.gui.journeys.brief_dialog import BriefDialog

    open_dialog(BriefDialog(window.ctx, window, filters=window.page.query()))
