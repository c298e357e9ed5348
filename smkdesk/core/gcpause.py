"""Pause Python's cyclic garbage collector around bursts of allocation.

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
