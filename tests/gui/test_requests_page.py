"""Content requests: zero-result searches listed for marketers, planned and answered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from smkdesk.core.dto import SearchQuery
from smkdesk.core.usage import User
from smkdesk.gui.context import AppContext
from smkdesk.gui.usage.requests_page import AssetPicker, RequestsPage

pytestmark = pytest.mark.gui
WAIT = 10_000
REP = User("Sam Rep", "sales rep")


@pytest.fixture
def requests_page(app_ctx: AppContext, qtbot, gh, lib) -> Iterator[RequestsPage]:
    gh.add_link(lib, "Procurement checklist for CFOs")
    for day in (1, 2, 3):  # three separate searches (within minutes they would be one)
        when = datetime(2026, 5, day, 10, 0)
        lib.requests.log_search(SearchQuery(text="procurement checklist"), 0, REP, when)
    lib.requests.log_search(SearchQuery(text="hospital case study", stages=("Decision",)), 0, REP)
    lib.requests.log_search(SearchQuery(text="pricing"), 4, REP)  # found something: no request
    page = RequestsPage(app_ctx)
    page.resize(1100, 600)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    yield page
    gh.dispose(qtbot, app_ctx, page)


def rows(page: RequestsPage) -> list[tuple[str, ...]]:
    return [
        tuple(page.proxy.index(r, c).data() for c in (0, 1, 4, 6))
        for r in range(page.proxy.rowCount())
    ]


def test_zero_result_searches_are_listed_most_searched_first(
    requests_page: RequestsPage, qtmodeltester
) -> None:
    assert sorted(rows(requests_page)) == [
        ("hospital case study", "Decision", "1", "Open"),
        ("procurement checklist", "any", "3", "Open"),
    ]
    assert "2 open requests" in requests_page.summary.text()
    qtmodeltester.check(requests_page.model)


def select_text(page: RequestsPage, text: str) -> None:
    page.table.clearSelection()
    for r in range(page.proxy.rowCount()):
        if page.proxy.index(r, 0).data() == text:
            page.table.selectRow(r)


def test_plan_answer_and_reopen(requests_page: RequestsPage, lib, qtbot) -> None:
    select_text(requests_page, "hospital case study")
    with qtbot.waitSignal(requests_page.loaded, timeout=WAIT):
        requests_page.actions_["planned"].trigger()
    assert [r.text for r in lib.requests.list_requests("planned")] == ["hospital case study"]
    assert [r[0] for r in rows(requests_page)] == ["procurement checklist"]  # "Open" view

    select_text(requests_page, "procurement checklist")
    requests_page.actions_["answered"].trigger()
    picker = requests_page.findChild(AssetPicker)
    assert picker is not None
    qtbot.waitUntil(lambda: picker.results.count() == 1, timeout=WAIT)
    with qtbot.waitSignal(requests_page.loaded, timeout=WAIT):
        picker.ok.click()
    answered = lib.requests.list_requests("answered")
    assert [(r.text, r.answered_title) for r in answered] == [
        ("procurement checklist", "Procurement checklist for CFOs")
    ]
    assert requests_page.stack.currentWidget() is requests_page.empty

    requests_page.status.setCurrentIndex(requests_page.status.findData(""))
    assert len(rows(requests_page)) == 2
    select_text(requests_page, "procurement checklist")
    with qtbot.waitSignal(requests_page.loaded, timeout=WAIT):
        requests_page.actions_["reopen"].trigger()
    assert {r.text for r in lib.requests.list_requests("open")} == {"procurement checklist"}


def test_search_this_carries_the_filters(requests_page: RequestsPage, qtbot) -> None:
    select_text(requests_page, "hospital case study")
    with qtbot.waitSignal(requests_page.search_requested, timeout=WAIT) as blocker:
        requests_page.actions_["search"].trigger()
    query = blocker.args[0]
    assert (query.text, query.stages) == ("hospital case study", ("Decision",))
