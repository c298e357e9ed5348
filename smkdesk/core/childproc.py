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
import sys
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
    until the file is done. A daemon thread waits on the parent's sentinel.
    """
    parent = multiprocessing.parent_process()
    if parent is None or parent.pid is None:
        return
    watcher = threading.Thread(
        target=_watch, args=(parent, parent.pid), name="smkdesk-parent-watch", daemon=True
    )
    watcher.start()


def _watch(parent: multiprocessing.process.BaseProcess, parent_pid: int) -> None:
    parent.join()  # returns when the parent's end of the start-up pipe closes
    # On POSIX that end closes with the parent; make sure it did not just drop it.
    if sys.platform == "win32" or os.getppid() != parent_pid:
        os._exit(0)
