"""Keeping the library sound: rebuild the search index, check and repair."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget

from smkdesk.core.changes import Changes
from smkdesk.core.check import CheckReport
from smkdesk.core.library import Library
from smkdesk.gui.context import AppContext, show_error
from smkdesk.gui.statusbar import LibraryStatusBar
from smkdesk.gui.tasks import Task


def rebuild_index(ctx: AppContext, parent: QWidget, status: LibraryStatusBar) -> Task:
    lib = ctx.library

    def work(task: Task) -> Changes:
        lib.reindex(progress=lambda d, t: task.report(d, t, ""), cancelled=task.token)
        return Changes(index=True)

    task = ctx.tasks.write("Rebuilding the search index", work)
    status.show_rebuild(task)
    task.succeeded.connect(ctx.bus.publish)
    task.failed.connect(lambda msg: show_error(parent, "Rebuilding the index failed", msg))
    return task


@dataclass(frozen=True)
class _Checked:
    report: CheckReport
    ways_out: str | None  # how to repair a damaged database


def _check(lib: Library) -> _Checked:
    report = lib.check(repair=False)
    return _Checked(report, lib.ways_out() if lib.damaged is not None else None)


def check_library(ctx: AppContext, parent: QWidget, status: LibraryStatusBar) -> Task:
    lib = ctx.library
    task = ctx.tasks.write("Checking the library", lambda _t: _check(lib))

    def done(checked: _Checked) -> None:
        status.show_state()
        report = checked.report
        lines = [f"{report.assets} assets, {report.indexed} indexed, {report.files} stored files."]
        lines += [f"• {p.area}: {p.message}" for p in report.problems] or [
            "Everything is consistent."
        ]
        if checked.ways_out:
            lines += ["", f"The database is damaged, so changes are stopped: {checked.ways_out}"]
        icon = QMessageBox.Icon.Warning if report.problems else QMessageBox.Icon.Information
        box = QMessageBox(icon, "Check library", "\n".join(lines),
                          QMessageBox.StandardButton.Close, parent)  # fmt: skip
        box.setTextFormat(box.textFormat().PlainText)
        repair = None
        if lib.writes_refused is None and any(p.repairable for p in report.problems):
            repair = box.addButton("Repair", QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        if repair is not None and box.clickedButton() is repair:
            ctx.write("Repairing the library", _repair, parent)

    task.succeeded.connect(done)
    task.failed.connect(lambda msg: show_error(parent, "Check failed", msg))
    return task


def _repair(lib: Library) -> Changes:
    lib.check(repair=True)
    return Changes(index=True)
