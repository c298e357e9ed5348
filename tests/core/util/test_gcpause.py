from __future__ import annotations

import gc
import threading

from smkdesk.core.util.gcpause import cyclic_gc_paused


def test_paused_while_any_user_is_inside_and_resumed_after() -> None:
    assert gc.isenabled()
    inside = threading.Event()
    leave = threading.Event()

    def other() -> None:
        with cyclic_gc_paused():
            inside.set()
            leave.wait(5)

    t = threading.Thread(target=other)
    with cyclic_gc_paused():
        assert not gc.isenabled()
        t.start()
        assert inside.wait(5)
    assert not gc.isenabled()  # the other thread is still inside
    leave.set()
    t.join(5)
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_resumed_after_an_error() -> None:
    try:
        with cyclic_gc_paused():
            raise ValueError
    except ValueError:
        pass
    assert gc.isenabled()


def test_as_a_decorator_each_call_pauses_and_resumes() -> None:
    @cyclic_gc_paused()
    def inside() -> bool:
        return gc.isenabled()

    assert gc.isenabled()
    assert inside() is False and inside() is False  # a fresh pause per call
    assert gc.isenabled()
