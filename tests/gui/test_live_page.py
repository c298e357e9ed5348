"""The page helper: ``TaskManager.latest`` (the newest read wins) and
``LivePage`` (reload for a change while visible, else when next shown; never
for a change the page made itself)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from smkdesk.core.changes import Changes
from smkdesk.core.errors import SmkError
from smkdesk.core.library import Library
from smkdesk.gui.context import AppContext
from smkdesk.gui.widgets.live_page import LivePage

pytestmark = pytest.mark.gui
WAIT = 10_000


def test_the_newest_read_for_a_key_wins(qtbot, app_ctx: AppContext, lib: Library) -> None:
    tasks, owner = app_ctx.tasks, QObject()
    started, gate = threading.Event(), threading.Event()
    got: list[object] = []

    def slow(_t: object) -> str:
        started.set()
        gate.wait(WAIT / 1000)  # holds a reader until the newer read has been started
        return "older"

    tasks.latest(owner, "list", slow, got.append)
    qtbot.waitUntil(started.is_set, timeout=WAIT)  # running: its result will be dropped
    tasks.latest(owner, "list", lambda _t: lib.assets.count(include_retired=True), got.append)
    tasks.latest(owner, "other key", lambda _t: "beside", got.append)
    gate.set()
    tasks.wait()
    assert sorted(map(str, got)) == ["0", "beside"]  # "older" was dropped


def test_an_older_read_not_started_yet_never_runs(qtbot, app_ctx: AppContext) -> None:
    tasks, owner = app_ctx.tasks, QObject()
    ran: list[str] = []
    got: list[object] = []
    # both are queued in the same turn of the event loop: the first never starts
    tasks.latest(owner, "list", lambda _t: ran.append("first"), got.append)
    tasks.latest(owner, "list", lambda _t: ran.append("second") or "second", got.append)
    tasks.wait()
    assert ran == ["second"] and got == ["second"]


def test_dropped_reads_and_deleted_owners_get_nothing(qtbot, app_ctx: AppContext) -> None:
    tasks = app_ctx.tasks
    got: list[object] = []
    owner = QObject()
    tasks.latest(owner, "details", lambda _t: "dropped", got.append)
    tasks.drop(owner, "details")
    gone = QWidget()
    tasks.latest(gone, "details", lambda _t: "gone", got.append)
    failed: list[str] = []

    def broken(_t: object) -> None:
        raise SmkError("The library cannot be read.")

    tasks.latest(owner, "broken", broken, got.append, failed.append)
    shiboken6.delete(gone)  # closed before its read came back
    tasks.wait()
    assert got == [] and failed == ["The library cannot be read."]
    assert not any(slot[0] == id(gone) for slot in tasks._latest)  # forgotten with it


class Probe(LivePage, QWidget):
    """A page that counts its loads and cares about usage only."""

    def __init__(self, ctx: AppContext, delay: int = 0) -> None:
        super().__init__()
        self.ctx = ctx
        self.live_delay_ms = delay
        self.loads = 0
        self.watch_changes(ctx.bus)

    def cares(self, changes: Changes) -> bool:
        return changes.usage

    def load(self) -> None:
        self.loads += 1


@pytest.fixture
def probe(app_ctx: AppContext) -> Iterator[Probe]:
    page = Probe(app_ctx)
    yield page
    page.close()
    page.deleteLater()


def test_a_hidden_page_reloads_when_shown(qtbot, app_ctx: AppContext, probe: Probe) -> None:
    assert probe.stale and probe.loads == 0  # nothing loaded before it is shown
    probe.show()
    qtbot.waitExposed(probe)
    assert probe.loads == 1 and not probe.stale
    probe.hide()
    app_ctx.bus.publish(Changes(usage=True))
    assert probe.loads == 1 and probe.stale  # hidden: only marked
    probe.show()
    assert probe.loads == 2 and not probe.stale
    probe.show()  # shown again with nothing new: no reload
    assert probe.loads == 2


def test_a_visible_page_reloads_for_what_it_shows_only(
    qtbot, app_ctx: AppContext, probe: Probe
) -> None:
    probe.show()
    qtbot.waitExposed(probe)
    app_ctx.bus.publish(Changes(usage=True))
    assert probe.loads == 2
    app_ctx.bus.publish(Changes(journeys=True))  # not shown here
    assert probe.loads == 2
    app_ctx.bus.publish(Changes(usage=True).by(probe))  # its own change: shown already
    assert probe.loads == 2 and not probe.stale
    app_ctx.bus.publish(Changes(usage=True).by(object()))  # someone else's
    assert probe.loads == 3


def test_a_burst_of_changes_reloads_once(qtbot, app_ctx: AppContext) -> None:
    page = Probe(app_ctx, delay=50)
    page.show()
    qtbot.waitExposed(page)
    assert page.loads == 1
    for _ in range(3):
        app_ctx.bus.publish(Changes(usage=True))
    assert page.loads == 1 and page._reload is not None and page._reload.isActive()
    qtbot.waitUntil(lambda: page.loads == 2, timeout=WAIT)
    assert not page._reload.isActive()
    page.close()
    page.deleteLater()


def test_a_page_others_rely_on_reloads_while_hidden(qtbot, app_ctx: AppContext) -> None:
    page = Probe(app_ctx)
    page.live_while_hidden = True  # as the library page: the window acts on its selection
    app_ctx.bus.publish(Changes(usage=True))
    assert page.loads == 1 and not page.stale
    page.deleteLater()


def test_a_closed_managers_tasks_never_run(qtbot) -> None:
    """A page's reload timer can fire while its window is being deleted: the
    deleted task manager hands out a cancelled task instead of failing."""
    from smkdesk.gui.tasks import TaskManager

    tasks = TaskManager()
    shiboken6.delete(tasks)
    ran: list[int] = []
    task = tasks.read("late reload", lambda _t: ran.append(1))
    assert task.token()
    qtbot.wait(50)
    assert ran == []
