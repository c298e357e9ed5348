"""Getting Whoosh's writer lock with retry and backoff.

Whoosh locks with ``fcntl.flock`` / ``msvcrt.locking`` on the ``*_WRITELOCK``
file. The operating system drops such a lock when its process dies, so a lock
*file* left behind by a crashed smkdesk does not block anybody: only a live
writer does, and that one is waited for.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

from whoosh.index import Index, LockError

from smkdesk.core.errors import IndexLockedError, SearchIndexError, SmkError

LOCKED_MESSAGE = (
    "The search index is being written by another smkdesk process; try again in a moment."
)


def acquire_writer(ix: Index, timeout: float, **writer_args: Any) -> Any:
    """``ix.writer(**writer_args)``, retried for up to ``timeout`` seconds."""
    deadline = time.monotonic() + max(0.0, timeout)
    delay = 0.02
    while True:
        try:
            return ix.writer(**writer_args)
        except LockError:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise IndexLockedError(LOCKED_MESSAGE) from None
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, 0.5)


@contextlib.contextmanager
def writing(writer: Any) -> Iterator[Any]:
    """Cancel ``writer`` on any failure; report it as a :class:`SearchIndexError`."""
    try:
        yield writer
    except BaseException as exc:
        cancel(writer)
        if isinstance(exc, SmkError | KeyboardInterrupt):
            raise
        raise SearchIndexError(f"Could not write to the search index: {exc}") from exc


def cancel(writer: Any) -> None:
    with contextlib.suppress(Exception):  # already done or broken: nothing to undo
        writer.cancel()
