"""A page (or dialog) that shows library data and keeps it current.

Every workspace page did the same four things: listen to the change bus, reload
when a change it shows arrives and it is visible, otherwise remember that it is
stale (a ``_dirty`` flag) and reload in ``showEvent``, and drop the results of
an older load (a generation counter). ``LivePage`` does the first three; the
fourth is ``TaskManager.latest``. A page mixes it in before its Qt class::

    class ReviewPage(LivePage, QWidget):
        live_delay_ms = 200  # a burst of changes reloads once

        def __init__(self, ctx):
            super().__init__()
            ...
            self.watch_changes(ctx.bus)

        def cares(self, changes):
            return changes.usage or bool(changes.assets)

        def load(self):  # read in the background; the newest read wins
            self.ctx.tasks.latest(self, "Review queue", work, self._loaded)

``refresh()`` loads now (and clears the stale mark). Changes the page made
itself (``Changes.by(page)``) do not reload it: it has shown them already.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent

from smkdesk.core.changes import Changes
from smkdesk.gui.events import ChangeBus

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    _Base = QWidget
else:
    _Base = object


class LivePage(_Base):
    """Mixin for a QWidget subclass: list it first (``class P(LivePage, QWidget)``)."""

    #: Wait this long after the last change before reloading (0: at once).
    live_delay_ms = 0
    #: Reload even while hidden (a page whose state others use from anywhere).
    live_while_hidden = False
    _stale = True  # nothing loaded yet
    _reload: QTimer | None = None

    def watch_changes(self, bus: ChangeBus, stale: bool = True) -> None:
        """Start following the change bus (at the end of ``__init__``).
        ``stale=False``: the first show does not load (someone else does)."""
        self._stale = stale
        if self.live_delay_ms:
            self._reload = QTimer(self)
            self._reload.setSingleShot(True)
            self._reload.setInterval(self.live_delay_ms)
            self._reload.timeout.connect(self.refresh)
        bus.changed.connect(self._live_changed)

    def cares(self, changes: Changes) -> bool:
        """Whether ``changes`` alter what the page shows (any change, unless overridden)."""
        return not changes.empty

    def load(self) -> None:
        """Start loading what the page shows (with ``ctx.tasks.latest``)."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Load now; the page is no longer stale."""
        self._stale = False
        if self._reload is not None:
            self._reload.stop()
        self.load()

    @property
    def stale(self) -> bool:
        """A change arrived (or nothing was loaded) since the last refresh."""
        return self._stale

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _live_changed(self, changes: Changes) -> None:
        if changes.initiator is self or not self.cares(changes):
            return
        self._stale = True
        if not (self.isVisible() or self.live_while_hidden):
            return  # loaded when shown
        if self._reload is not None:
            self._reload.start()
        else:
            self.refresh()
