"""The receive loop's side of a child process that serves its parent over a pipe.

The extraction workers and the index writer processes both answer requests
from the process that started them. When that process dies (killed, crashed,
the terminal closed) the pipe breaks: the child must then exit quietly, not
print a ``BrokenPipeError`` traceback into the user's terminal. :func:`receive`
and :func:`reply` turn a broken or closed pipe into "stop"; :func:`exit_with_parent`
ends a child that is busy on a long job as soon as its parent is gone.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.connection import Connection
from typing import Any

#: What a pipe raises once the other end is gone (BrokenPipeError and
#: ConnectionResetError are OSErrors; ValueError: the handle is closed).
PARENT_GONE = (EOFError, OSError, ValueError)


def receive(conn: Connection) -> Any:
    """The next request (as sent); None when the parent asks to stop or is gone."""
    try:
        request = conn.recv()
    except PARENT_GONE:
        return None
    return request


def reply(conn: Connection, message: object) -> bool:
    """Send ``message``; False (and no exception) when the parent is gone."""
    try:
        conn.send(message)
    except PARENT_GONE:
        return False
    return True


def exit_with_parent() -> None:
    """End this process, silently and at once, when its parent process dies.

    For children whose work can be dropped at any point (a read-only
    extraction): without it, a child busy on a slow file outlives its parent
    until the file is done (the receive loop only notices once it reads the
    pipe again). A daemon thread blocks on the parent's sentinel, the end of
    the start-up pipe that the parent holds until it dies (or closes its
    Process object, which the pool does only after killing the child).
    Nothing polls; ``getppid`` would not do either: the pipe closes before
    the system hands the child to a new parent.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    threading.Thread(
        target=_watch, args=(parent,), name="smkdesk-parent-watch", daemon=True
    ).start()


def _watch(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns once the parent's end of the start-up pipe is closed
    os._exit(0)
