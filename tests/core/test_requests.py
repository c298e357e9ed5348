"""Search log and content requests: zero-result searches become counted requests."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from smkdesk.core.dto import SearchQuery
from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.library import Library
from smkdesk.core.models import SearchLog
from smkdesk.core.usage import User

T0 = datetime(2026, 5, 4, 9, 0, 0)


def _log(lib: Library, text: str, found: int, user: str = "Sam", at: float = 0.0, **f: object):
    query = SearchQuery(text=text, **f)  # type: ignore[arg-type]
    return lib.requests.log_search(query, found, user, T0 + timedelta(seconds=at))


def _log_rows(lib: Library) -> list[SearchLog]:
    with lib.db.reader() as s:
        return list(s.scalars(select(SearchLog).order_by(SearchLog.id)))


def test_zero_result_searches_become_counted_requests(lib: Library) -> None:
    _log(lib, "Zeppelin pricing", 0, "Sam", 0)
    _log(lib, "  zeppelin   PRICING! ", 0, "Ana", 1)  # same key once normalised
    _log(lib, "zeppelin pricing", 0, "Sam", 60)  # the same user, later
    _log(lib, "zeppelin pricing", 0, "Sam", 120, stages=("Decision",))  # other filters
    _log(lib, "roi calculator", 3, "Sam", 200)  # found something: no request
    _log(lib, "", 0, "Sam", 300)  # nothing typed and no filter: not a search

    requests = lib.requests.list_requests()
    assert [(r.text, r.stage, r.searches, r.status) for r in requests] == [
        ("zeppelin pricing", "", 3, "open"),
        ("zeppelin pricing", "Decision", 1, "open"),
    ]
    assert requests[0].last_searched == T0 + timedelta(seconds=60)
    assert len(_log_rows(lib)) == 5  # every search is logged, found or not


def test_filters_are_stored_by_name(lib: Library) -> None:
    decision = lib.taxonomy.find("stage", "Decision")
    fashion = lib.taxonomy.find("sector", "Fashion")
    _log(lib, "lookbook", 0, stages=(decision.id,), sectors=("Fashion",), personas=("CFO",))
    lib.taxonomy.rename(decision.id, "Purchase")  # later taxonomy edits do not rewrite history
    (req,) = lib.requests.list_requests()
    assert (req.stage, req.persona, req.sector) == ("Decision", "CFO", fashion.path)
    (row,) = _log_rows(lib)
    filters = json.loads(row.filters)
    assert filters["stages"] == ["Decision"] and filters["sectors"] == [fashion.path]
    assert row.user_name == "Sam" and row.result_count == 0


def test_a_filter_only_search_with_no_results_is_a_request(lib: Library) -> None:
    _log(lib, "", 0, stages=("Decision",), personas=("Procurement",))
    (req,) = lib.requests.list_requests()
    assert (req.text, req.stage, req.persona, req.searches) == ("", "Decision", "Procurement", 1)


def test_typing_replaces_the_recent_prefix_search(lib: Library) -> None:
    _log(lib, "zep", 0, "Sam", 0.0)
    _log(lib, "zeppel", 0, "Sam", 1.0)
    _log(lib, "zeppelin pricing", 0, "Sam", 2.5)  # extends it: replaces it
    _log(lib, "zeppelin pri", 0, "Sam", 3.0)  # backspacing: a prefix of the last, ignored
    rows = _log_rows(lib)
    assert [(r.text, r.occurred_at) for r in rows] == [
        ("zeppelin pricing", T0 + timedelta(seconds=2.5))
    ]
    assert [(r.text, r.searches) for r in lib.requests.list_requests()] == [("zeppelin pricing", 1)]
    _log(lib, "zeppelin", 0, "Ana", 3.5)  # another user: their own search
    _log(lib, "zeppelin pricing", 0, "Sam", 9.0)  # more than 5 s later: a new search
    _log(lib, "zeppelin pricing", 0, "Sam", 9.5, stages=("Decision",))  # new filters: new
    assert len(_log_rows(lib)) == 4
    counts = {(r.text, r.stage): r.searches for r in lib.requests.list_requests()}
    assert counts == {
        ("zeppelin pricing", ""): 2,
        ("zeppelin", ""): 1,
        ("zeppelin pricing", "Decision"): 1,
    }


def test_a_replaced_search_that_found_something_drops_its_request(lib: Library) -> None:
    _log(lib, "pri", 0, "Sam", 0)  # nothing yet while typing...
    _log(lib, "pricing", 12, "Sam", 1)  # ...then results
    assert lib.requests.list_requests() == ()
    (row,) = _log_rows(lib)
    assert (row.text, row.result_count) == ("pricing", 12)


def test_plan_answer_and_reopen(lib: Library, h) -> None:
    _log(lib, "zeppelin pricing", 0, "Sam", 0)
    _log(lib, "zeppelin pricing", 0, "Ana", 1)
    _log(lib, "airship roi", 0, "Sam", 10)
    top, second = lib.requests.list_requests()
    assert (top.text, top.searches, second.text) == ("zeppelin pricing", 2, "airship roi")

    assert lib.requests.mark_planned(top.id).requests
    answer = h.add_link(lib, "Zeppelin price list")
    lib.requests.mark_answered(second.id, answer)
    assert [r.text for r in lib.requests.list_requests("open")] == []
    (planned,) = lib.requests.list_requests("planned")
    assert planned.id == top.id
    (answered,) = lib.requests.list_requests("answered")
    assert (answered.answered_by, answered.answered_title) == (answer, "Zeppelin price list")
    assert lib.requests.open_count() == 0

    lib.requests.reopen(top.id)
    assert [r.id for r in lib.requests.list_requests("open")] == [top.id]
    lib.assets.delete([answer])
    (answered,) = lib.requests.list_requests("answered")
    assert answered.answered_by is None  # the request stays, the link goes

    with pytest.raises(NotFoundError):
        lib.requests.mark_planned(999)
    with pytest.raises(NotFoundError):
        lib.requests.mark_answered(top.id, 999)
    with pytest.raises(ValidationError, match="Unknown status"):
        lib.requests.list_requests("done")


def test_user_objects_and_names_are_accepted(lib: Library) -> None:
    lib.requests.log_search(SearchQuery("zeppelin"), 0, User("Sam Rep", "sales rep"), T0)
    assert _log_rows(lib)[0].user_name == "Sam Rep"


def test_export_requests_reads_back(lib: Library, tmp_path: Path) -> None:
    _log(lib, "=cmd|' /C calc'!A0", 0, "Sam", 0)  # a formula must not run in Excel
    _log(lib, "Kaffee für Händler", 0, "Sam", 10, sectors=("Retail",))
    out = tmp_path / "requests.csv"
    assert lib.export.export_requests(out) == 2
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    texts = {r["text"] for r in rows}
    assert texts == {"'=cmd|' /C calc'!A0", "Kaffee für Händler"}
    assert {r["sector"] for r in rows} == {"", "Retail"}
    assert all(r["searches"] == "1" and r["status"] == "open" for r in rows)
