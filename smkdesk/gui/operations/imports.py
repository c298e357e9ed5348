"""Bringing content in: File → Import files, Import folder, Add link, and
files dropped on the window. Each import asks its options first (the Import
dialog), runs on the writer thread with progress, and ends with its summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog

from smkdesk.core.catalogue.dto import ImportOptions, ImportReport
from smkdesk.core.changes import Changes
from smkdesk.gui.context import show_error
from smkdesk.gui.library.add_link import AddLinkDialog
from smkdesk.gui.library.import_dialog import ImportDialog
from smkdesk.gui.library.import_summary import ImportSummaryDialog
from smkdesk.gui.operations.general import open_dialog
from smkdesk.gui.tasks import Task

if TYPE_CHECKING:
    from smkdesk.gui.mainwindow import MainWindow

#: The import summary opens this long after the views start refreshing, so that
#: its construction and the new results each get an event-loop turn to themselves.
SUMMARY_DELAY_MS = 120
DOCUMENTS = "Documents (*.docx *.pptx *.pdf *.md *.markdown *.txt *.html *.htm);;All files (*)"


def import_files(window: MainWindow) -> None:
    """File → Import files…"""
    files, _ = QFileDialog.getOpenFileNames(window, "Import files", "", DOCUMENTS)
    if files:
        start_import(window, [Path(f) for f in files])


def import_folder(window: MainWindow) -> None:
    """File → Import folder…"""
    folder = QFileDialog.getExistingDirectory(window, "Import a folder")
    if folder:
        start_import(window, [Path(folder)])


def start_import(window: MainWindow, paths: list[Path]) -> None:
    """Ask the import's options (type, status, tags), then import."""
    if (refused := window.ctx.library.writes_refused) is not None:  # e.g. files dropped
        show_error(window, "Import", refused)
        return
    dialog = ImportDialog(window.ctx, paths, window)
    dialog.accepted.connect(lambda: run_import(window, paths, dialog.options()))
    open_dialog(dialog)


def run_import(window: MainWindow, paths: list[Path], options: ImportOptions) -> Task:
    """Import on the writer thread; publish the new assets, then show the summary."""
    lib = window.ctx.library

    def work(task: Task) -> ImportReport:
        return lib.assets.import_files(paths, options, progress=task.report, cancelled=task.token)

    def done(report: ImportReport) -> None:
        ids = frozenset(o.asset_id for o in report.outcomes if o.asset_id)
        window.ctx.bus.publish(Changes(assets=ids))
        # a moment later: the views' refresh and the summary each get a turn of
        # their own instead of one long one
        QTimer.singleShot(SUMMARY_DELAY_MS, window, lambda: show_summary(window, report))

    task = window.ctx.tasks.write("Importing", work)
    task.succeeded.connect(done)
    task.failed.connect(lambda msg: show_error(window, "Import failed", msg))
    return task


def show_summary(window: MainWindow, report: ImportReport) -> None:
    window.last_import_summary = ImportSummaryDialog(report, window)
    window.last_import_summary.open()


def add_link(window: MainWindow) -> None:
    """File → Add link…: a web page or video, by its address."""
    ctx = window.ctx
    dialog = AddLinkDialog(window)

    def accepted() -> None:
        url, title, owner = dialog.url(), dialog.title(), ctx.user.name
        ctx.write(
            "Add link",
            lambda lib: Changes(
                assets=frozenset({lib.assets.add_link(url, title, ImportOptions(owner=owner)).id})
            ),
            window,
        )

    dialog.accepted.connect(accepted)
    open_dialog(dialog)
