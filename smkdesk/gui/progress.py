"""Progress for long work in the status bar: shown only after ~500 ms, so
fast operations never flash, with a Cancel button."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from smkdesk.gui.tasks import Task

SHOW_AFTER_MS = 500


class ProgressStrip(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(True)
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop after the current file; finished work stays")
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self._task: Task | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHOW_AFTER_MS)
        self._timer.timeout.connect(self._reveal)
        self.cancel.clicked.connect(self._cancel)
        self.hide()

    def track(self, task: Task) -> None:
        self._task = task
        self.label.setText(task.label + "…")
        self.bar.setRange(0, 0)
        self.cancel.setEnabled(True)
        task.progress.connect(self._progress)
        task.finished.connect(lambda: self._finished(task))
        self._timer.start()

    def _reveal(self) -> None:
        if self._task is not None:
            self.show()

    def _progress(self, done: int, total: int, _label: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.bar.setFormat(f"{done} of {total}")

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel.setEnabled(False)
            self.label.setText("Cancelling…")

    def _finished(self, task: Task) -> None:
        if task is self._task:
            self._task = None
            self._timer.stop()
            self.hide()
