"""The main window's status bar: what the library holds, how its index is,
long work in progress, and whether the library takes changes at all.

A read-only folder or a damaged database is shown as a permanent message
(status tips never cover it) and turns the window's editing actions off; the
core refuses the changes anyway, this only says so before anyone tries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStatusBar, QWidget

from smkdesk.core.library import IndexStatus
from smkdesk.gui.context import AppContext
from smkdesk.gui.progress import ProgressStrip
from smkdesk.gui.tasks import Task
from smkdesk.gui.widgets.fields import WarningText, plural

#: Tasks whose progress the strip shows.
TRACKED = ("Importing", "Rebuilding the search index", "Checking the library")
#: How long an Undo stays on offer.
UNDO_MS = 30_000


class LibraryStatusBar(QObject):
    def __init__(self, ctx: AppContext, bar: QStatusBar, write_actions: Iterable[QAction]) -> None:
        super().__init__(bar)
        self.ctx = ctx
        self._write_actions = tuple(write_actions)
        self._generation = 0
        #: The rebuild whose progress owns the index label, while it runs.
        self.rebuilding: Task | None = None
        self.count_label = QLabel()
        self.index_label = QLabel()
        self.folder_label = QLabel()
        self.folder_label.setToolTip("Library folder")
        self.state_label = WarningText()  # read-only or damaged: changes are off
        self.state_label.setAccessibleName("Library state")
        self.state_label.hide()
        self.progress = ProgressStrip()
        for label in (self.state_label, self.count_label, self.index_label, self.folder_label):
            label.setContentsMargins(6, 0, 6, 0)
        self.undo_label = QLabel()
        self.undo_label.setTextFormat(Qt.TextFormat.PlainText)
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setAutoDefault(False)
        self.undo_button.clicked.connect(self._undo_clicked)
        self.undo_box = QWidget()
        undo = QHBoxLayout(self.undo_box)
        undo.setContentsMargins(6, 0, 6, 0)
        undo.addWidget(self.undo_label)
        undo.addWidget(self.undo_button)
        self.undo_box.hide()
        self._undo: Callable[[], object] | None = None
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(self.clear_undo)
        bar.addWidget(self.count_label)
        bar.addWidget(self.index_label)
        bar.addPermanentWidget(self.undo_box)  # permanent: passing messages never hide it
        bar.addPermanentWidget(self.state_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.folder_label)
        ctx.tasks.task_started.connect(self._task_started)

    def refresh(self) -> None:
        """Count assets and ask the index how it is, on a reader thread: both
        read the database and the index, which a writer may be holding."""
        self._generation += 1
        generation = self._generation
        lib = self.ctx.library
        task = self.ctx.tasks.read(
            "status", lambda _t: (lib.assets.count(include_retired=False), lib.index_status())
        )
        task.succeeded.connect(lambda out: self._show(generation, *out))
        task.failed.connect(lambda _msg: self.show_state())  # damage found by reading
        self.folder_label.setText(str(lib.path))
        self.show_state()

    def verify(self) -> None:
        """Off the GUI thread: SQLite's quick check of the whole file (damage
        turns editing off at once), then the daily rolling backup."""
        lib = self.ctx.library

        def run(_t: Task) -> None:
            if lib.verify() is None and lib.writes_refused is None:
                lib.backup_if_due()

        task = self.ctx.tasks.read("Verifying the library", run)
        task.finished.connect(self.show_state)

    def show_state(self) -> None:
        """A read-only folder or a damaged database: say so, and turn editing off.
        (A library only gets worse within a session: it is repaired closed.)"""
        lib = self.ctx.library
        reason = lib.writes_refused
        if reason is None:
            return
        self.state_label.setText(
            "Damaged database: changes are stopped (Tools → Check library)"
            if lib.damaged is not None
            else "Read-only library: changes are off"
        )
        self.state_label.setToolTip(reason)
        self.state_label.show()
        for action in self._write_actions:
            action.setEnabled(False)
            action.setToolTip(reason)

    # -- undo ---------------------------------------------------------------------------
    def offer_undo(self, text: str, undo: Callable[[], object], msecs: int = UNDO_MS) -> None:
        """Say what was just done, with an Undo button, until the next offer
        replaces it, ``msecs`` pass, or Undo is pressed (it offers once)."""
        self._undo = undo
        self.undo_label.setText(text)
        self.undo_button.setToolTip(f"Undo: {text}")
        self.undo_box.show()
        self._undo_timer.start(msecs)

    def clear_undo(self, text: str = "") -> None:
        """Withdraw the offer (it no longer applies); ``text`` says why, briefly."""
        self._undo = None
        self._undo_timer.stop()
        self.undo_box.hide()
        if text:
            bar = self.parent()
            if isinstance(bar, QStatusBar):
                bar.showMessage(text, 5000)

    @property
    def undo_offered(self) -> str:
        return self.undo_label.text() if self._undo is not None else ""

    def _undo_clicked(self) -> None:
        undo, self._undo = self._undo, None
        self.clear_undo()
        if undo is not None:
            undo()

    def show_rebuild(self, task: Task) -> None:
        self.rebuilding = task
        task.finished.connect(lambda: setattr(self, "rebuilding", None))
        self.index_label.setText("Index: rebuilding")
        task.progress.connect(
            lambda done, total, _l: self.index_label.setText(f"Index: rebuilding {done} of {total}")
        )
        task.cancelled.connect(self.refresh)
        task.failed.connect(self.refresh)

    def _show(self, generation: int, count: int, status: IndexStatus) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        self.count_label.setText(plural(count, "asset"))
        if self.rebuilding is not None:
            return  # the rebuild's progress owns the index label
        if status.health != "ok":
            text, tip = "Index: needs rebuilding", status.detail
        elif status.pending:
            text, tip = f"Index: {status.pending} change(s) waiting", status.last_error or ""
        else:
            text, tip = "Index: OK", f"{status.documents} documents indexed"
        self.index_label.setText(text)
        self.index_label.setToolTip(tip)

    def _task_started(self, task: Task) -> None:
        task.failed.connect(lambda _m: self.show_state())  # e.g. damage found by an edit
        if task.writes and self._undo is not None:
            self.clear_undo()  # another change came after it: one Undo on screen, never stale
        if task.label in TRACKED:
            self.progress.track(task)
