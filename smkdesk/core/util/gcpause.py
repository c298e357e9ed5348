"""Keep background work from holding the window off the GIL: pause the cyclic
garbage collector around bursts of allocation, and step aside in loops of
quick system calls.

A full collection walks every tracked object and holds the GIL while it does:
at 10,000 assets that is 50-100 ms, and the window cannot paint meanwhile.
Index writes allocate hundreds of thousands of short-lived tuples, which
trigger such collections, yet they make no reference cycles: reference
counting frees them when the commit ends. So the cyclic collector is paused
while an index write runs (``bench/bench_gui.py`` measures the effect).
Nesting and concurrent use from several threads are safe; the collector
resumes when the last user leaves, and only if it was enabled before.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_users = 0
_resume = False


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    global _users, _resume
    with _lock:
        if _users == 0:
            _resume = gc.isenabled()
            gc.disable()
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0 and _resume:
                gc.enable()


#: Long enough for a thread waiting on the GIL to wake up and take it.
STEP_ASIDE_S = 0.001


def step_aside() -> None:
    """Let a thread that waits for the GIL (the window's) run now.

    A loop that makes many quick system calls drops and at once retakes the
    GIL each time; a waiting thread only asks for it after a whole switch
    interval with no hand-over, so such a loop can keep it waiting for tens of
    milliseconds. Sleeping a moment between items hands the GIL over for sure.
    """
    time.sleep(STEP_ASIDE_S)
