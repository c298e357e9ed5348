"""The change bus: every mutating service returns ``Changes``; the GUI
broadcasts it here, and each view refreshes itself if it cares."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from smkdesk.core.changes import Changes


class ChangeBus(QObject):
    changed = Signal(object)  # Changes
    library_opened = Signal(object)  # Library or None

    def publish(self, changes: Changes) -> None:
        if not changes.empty:
            self.changed.emit(changes)
