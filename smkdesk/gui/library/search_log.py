"""Which searches in the Library count for the search log (and so for content
requests), and when they are logged.

Only searches a person typed count: not facet or chip clicks, sorting, a
"did you mean" or a link from another page. A typed search is logged once its
results have been on screen for a while, or when the user acts on them (Enter,
opening a result, leaving the page), so that the prefixes typed on the way are
not searches of their own. A zero-result search followed by one that finds
something (a suggestion taken, or the same words with other filters) is marked
corrected: it was no request for content.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from smkdesk.core.search.dto import SearchQuery
from smkdesk.gui.context import AppContext

#: A search counts once its results have been on screen this long.
LOG_AFTER_MS = 1500
#: A typed search that found nothing but has a "did you mean" waits longer:
#: taking the suggestion means it was a typo, not a request for content.
LOG_SUGGESTED_AFTER_MS = 8000


class SearchLog(QObject):
    def __init__(self, ctx: AppContext, parent: QObject) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.after_ms = LOG_AFTER_MS
        self.suggested_ms = LOG_SUGGESTED_AFTER_MS
        #: The search on screen, waiting to be logged.
        self.pending: tuple[SearchQuery, int] | None = None
        self._typed = False  # the box was edited by a person since the last search
        self._log_when_shown = False  # Enter came before the search it confirms
        self._suggestion_taken = False  # the next results are a "did you mean"
        #: The last typed search logged found nothing: a re-run that finds
        #: something (filters cleared or changed) corrects it.
        self._zero_logged = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)

    def edited(self) -> None:
        """A person typed in the search box."""
        self._typed = True

    def not_typed(self) -> None:
        """The box was filled by the app (a link from another page)."""
        self._typed = False

    def starting(self) -> bool:
        """A search starts: whether it is a typed one. Any other search first
        settles the typed search it refines."""
        typed, self._typed = self._typed, False
        if not typed:
            self.flush()
        return typed

    def log_when_shown(self) -> None:
        """Enter was pressed before its search ran: log it once it is shown."""
        self._log_when_shown = True

    def suggestion_taken(self) -> None:
        """The user took the "did you mean": the typo, if not logged yet, never is."""
        self._timer.stop()
        self.pending = None
        self._typed = False
        self._suggestion_taken = True

    def shown(self, query: SearchQuery, total: int | None, suggested: bool, typed: bool) -> None:
        """Results are on screen (``total`` None: the search failed or the library is empty)."""
        log_now, self._log_when_shown = self._log_when_shown, False
        taken, self._suggestion_taken = self._suggestion_taken, False
        if total is None:
            return
        if typed:
            self.pending = (query, total)
            self._timer.start(self.suggested_ms if total == 0 and suggested else self.after_ms)
            if log_now:
                self.flush()
        elif (taken or self._zero_logged) and total > 0:
            # a "did you mean", or the same words with other filters, found
            # something: the zero-result search before it was no request
            self._zero_logged = False
            self._record(query, total, typed=False)

    def flush(self) -> None:
        """Log the search on screen now; a search with no results becomes (or
        adds to) a content request for marketers."""
        self._timer.stop()
        pending, self.pending = self.pending, None
        if pending is not None:
            self._record(*pending)

    def stop(self) -> None:
        self._timer.stop()
        self.pending = None

    def _record(self, query: SearchQuery, total: int, typed: bool = True) -> None:
        if typed:
            self._zero_logged = total == 0
        user, requests = self.ctx.user, self.ctx.library.requests
        self.ctx.tasks.record(  # a closed window's task manager never runs it
            "Log search",
            lambda _t: requests.log_search(query, total, user, typed=typed),
            self.ctx.bus.publish,
        )
