"""Export a list to CSV from a page: ask where, write it on a reader thread,
then say how many rows went out (or why nothing did)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from smkdesk.core.library import Library
from smkdesk.gui.context import AppContext
from smkdesk.gui.tasks import Task
from smkdesk.gui.widgets.fields import plural


def ask_csv_path(parent: QWidget, title: str, default_name: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, default_name, "CSV files (*.csv)")
    return Path(name) if name else None


def write_csv(
    parent: QWidget, ctx: AppContext, path: Path, write: Callable[[Library, Path], int]
) -> Task:
    """``write(library, path)`` returns the number of rows written."""
    lib = ctx.library
    task = ctx.tasks.read("Export", lambda _t: write(lib, path))
    task.succeeded.connect(
        lambda n: QMessageBox.information(
            parent, "Export", f"Wrote {plural(int(n), 'row')} to {path.name}."
        )
    )
    task.failed.connect(lambda msg: QMessageBox.warning(parent, "Export failed", msg))
    return task
