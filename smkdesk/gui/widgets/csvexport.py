"""Export a list to CSV from a page: ask where (Documents, then the last export
folder), write it on a reader thread, then say how many rows went out and
offer to open the file or its folder (or say why nothing was written)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from smkdesk.core.library import Library
from smkdesk.gui.context import AppContext
from smkdesk.gui.settings import Settings
from smkdesk.gui.tasks import Task
from smkdesk.gui.widgets.exports import CSV_FILTER, announce_export, choose_save_path
from smkdesk.gui.widgets.fields import plural


def _settings_of(parent: QWidget | None) -> Settings:
    """The app's settings, from the first widget up the chain that has a context."""
    widget = parent
    while widget is not None:
        ctx = getattr(widget, "ctx", None)
        if isinstance(ctx, AppContext):
            return ctx.settings
        widget = widget.parentWidget()
    return Settings()


def ask_csv_path(
    parent: QWidget, title: str, default_name: str, settings: Settings | None = None
) -> Path | None:
    return choose_save_path(
        parent, settings or _settings_of(parent), title, default_name, CSV_FILTER
    )


def write_csv(
    parent: QWidget, ctx: AppContext, path: Path, write: Callable[[Library, Path], int]
) -> Task:
    """``write(library, path)`` returns the number of rows written."""
    lib = ctx.library
    task = ctx.tasks.read("Export", lambda _t: write(lib, path))
    task.succeeded.connect(
        lambda n: announce_export(parent, path, "CSV export", f"{plural(int(n), 'row')} written.")
    )
    task.failed.connect(lambda msg: QMessageBox.warning(parent, "Export failed", msg))
    return task
