"""Search log and content requests: zero-result searches become counted requests."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from smkdesk.core.changes import User
from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.library import Library
from smkdesk.core.search.dto import SearchQuery
from smkdesk.core.usage.models import SearchLog

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


# -- noise: corrections, grouping, dismissing -------------------------------------------


def test_near_identical_searches_are_one_request_with_their_variants(lib: Library) -> None:
    _log(lib, "drone insurance", 0, "Sam", 0)
    _log(lib, "Drone insurances", 0, "Ana", 100)  # case and plural
    _log(lib, "insurance drone", 0, "Sam", 200)  # word order
    _log(lib, "drone insurence", 0, "Lee", 300)  # a typo
    _log(lib, "drone insurance", 0, "Ana", 400)
    _log(lib, "drone insurance", 0, "Sam", 500, personas=("CFO",))  # other filters: its own
    _log(lib, "boat insurance", 0, "Sam", 600)  # another word: its own
    by_scope = {(r.text, r.persona): r for r in lib.requests.list_requests()}
    assert set(by_scope) == {("drone insurance", ""), ("drone insurance", "CFO"),
                             ("boat insurance", "")}  # fmt: skip
    drone = by_scope[("drone insurance", "")]
    assert (drone.searches, drone.people) == (5, 3)
    assert drone.variants[0] == "drone insurance"  # the most searched spelling first
    assert set(drone.variants) == {
        "drone insurance", "Drone insurances", "insurance drone", "drone insurence"
    }  # fmt: skip
    assert lib.requests.get(drone.id) == drone


def test_a_search_corrected_to_one_with_results_is_not_a_request(lib: Library) -> None:
    _log(lib, "retial case study", 0, "Sam", 0)
    _log(lib, "retail case study", 4, "Sam", 20)  # corrected: found something
    _log(lib, "hospital case study", 0, "Sam", 100)
    _log(lib, "case study", 9, "Sam", 110)  # settled for less: still a request
    _log(lib, "zeppelin pricing", 0, "Ana", 200)
    _log(lib, "zeppelin prices", 3, "Sam", 210)  # another user's search corrects nothing
    _log(lib, "airship roi", 0, "Sam", 300)
    _log(lib, "airship roi calculator", 2, "Sam", 300 + 3 * 60)  # too late to be a correction
    assert sorted(r.text for r in lib.requests.list_requests()) == [
        "airship roi", "hospital case study", "zeppelin pricing"
    ]  # fmt: skip
    corrected = {r.text: r.corrected_to for r in _log_rows(lib) if r.corrected_to}
    assert corrected == {"retial case study": "retail case study"}


def test_a_corrected_search_leaves_a_grouped_request_its_other_searches(lib: Library) -> None:
    _log(lib, "drone insurance", 0, "Ana", 0)
    _log(lib, "drone insurence", 0, "Sam", 100)
    _log(lib, "drone insurance", 0, "Sam", 110)  # Sam's typo fixed, still nothing
    _log(lib, "drone insurance cover", 5, "Sam", 120)  # then found: corrects both of Sam's
    (req,) = lib.requests.list_requests()
    assert (req.searches, req.people, req.variants) == (1, 1, ("drone insurance",))


def test_a_suggestion_the_app_ran_is_never_a_request_but_corrects(lib: Library) -> None:
    when = T0 + timedelta(seconds=30)
    q = SearchQuery("done insurance")  # the app's "did you mean", nothing found
    assert not lib.requests.log_search(q, 0, "Sam", when, typed=False).requests
    assert lib.requests.list_requests() == () and _log_rows(lib) == []

    _log(lib, "drone insurence", 0, "Sam", 40)
    changes = lib.requests.log_search(SearchQuery("drone insurance"), 2, "Sam", T0 + timedelta(
        seconds=50), typed=False)  # fmt: skip
    assert changes.requests
    assert lib.requests.list_requests() == ()
    assert [r.corrected_to for r in _log_rows(lib)] == ["drone insurance"]  # not logged itself


def test_dismiss_with_a_reason_and_bring_back(lib: Library) -> None:
    _log(lib, "asdfgh", 0, "Sam", 0)
    _log(lib, "lunch menu", 0, "Ana", 10)
    typo, lunch = sorted(lib.requests.list_requests(), key=lambda r: r.text)
    assert lib.requests.dismiss(typo.id, "typo", user="Hannah").requests
    lib.requests.dismiss(lunch.id, "Not-Content", "asked for the canteen")
    assert lib.requests.list_requests("open") == ()
    assert lib.requests.open_count() == 0
    dismissed = {r.text: r for r in lib.requests.list_requests("dismissed")}
    assert (dismissed["asdfgh"].dismiss_reason, dismissed["asdfgh"].status_by) == (
        "typo", "Hannah"
    )  # fmt: skip
    assert dismissed["lunch menu"].dismiss_note == "asked for the canteen"
    _log(lib, "asdfgh", 0, "Sam", 100)  # searched again: counts, stays dismissed
    assert lib.requests.get(typo.id).status == "dismissed"
    assert lib.requests.get(typo.id).searches == 2

    lib.requests.undismiss(typo.id)
    again = lib.requests.get(typo.id)
    assert (again.status, again.dismiss_reason) == ("open", "")
    with pytest.raises(ValidationError, match="not dismissed"):
        lib.requests.undismiss(typo.id)
    with pytest.raises(ValidationError, match="Unknown reason"):
        lib.requests.dismiss(typo.id, "boring")
    with pytest.raises(ValidationError, match="note"):
        lib.requests.dismiss(typo.id, "other", "  ")
    with pytest.raises(NotFoundError):
        lib.requests.dismiss(999, "typo")


def test_restore_puts_each_request_back_as_it_was(lib: Library, h) -> None:
    _log(lib, "zeppelin pricing", 0, "Sam", 0)
    _log(lib, "airship roi", 0, "Sam", 10)
    _log(lib, "blimp demo", 0, "Sam", 20)
    zep, air, blimp = sorted(lib.requests.list_requests(), key=lambda r: r.text, reverse=True)
    answer = h.add_link(lib, "Airship ROI calculator")
    lib.requests.mark_answered(air.id, answer)
    lib.requests.dismiss(blimp.id, "other", "a joke")
    before = [lib.requests.get(i).state for i in (zep.id, air.id, blimp.id)]
    for i in (zep.id, air.id, blimp.id):
        lib.requests.mark_planned(i)
    assert {r.status for r in lib.requests.list_requests()} == {"planned"}
    lib.assets.delete([answer])  # gone meanwhile: the answer cannot come back
    lib.requests.restore(before)
    after = {r.id: r for r in lib.requests.list_requests()}
    assert after[zep.id].status == "open"
    assert (after[air.id].status, after[air.id].answered_by) == ("answered", None)
    assert (after[blimp.id].status, after[blimp.id].dismiss_note) == ("dismissed", "a joke")


def test_workshop_requests_are_not_grouped_with_searches(lib: Library) -> None:
    from smkdesk.core.usage.models import ContentRequest as RequestRow

    with lib.db.session() as s:
        s.add(RequestRow(request_key="workshop:1", text="drone insurance", status="open"))
    _log(lib, "drone insurance", 0, "Sam", 0)
    requests = lib.requests.list_requests()
    assert sorted(r.searches for r in requests) == [0, 1]


def test_the_same_words_found_after_changing_the_filters_are_not_a_request(lib: Library) -> None:
    decision = lib.taxonomy.find("stage", "Decision")
    _log(lib, "security review", 0, "Sam", 0, stages=(decision.id,))  # a gap click's filters
    assert [r.text for r in lib.requests.list_requests()] == ["security review"]
    # the rep clears the filters: the app re-runs the same words (not typed) and finds 8
    q = SearchQuery("security review")
    changes = lib.requests.log_search(q, 8, "Sam", T0 + timedelta(seconds=15), typed=False)
    assert changes.requests and lib.requests.list_requests() == ()
    assert [r.corrected_to for r in _log_rows(lib)] == ["security review"]
    # the same words and filters again finding something is no correction of a refused one
    _log(lib, "lunch menu", 0, "Sam", 30, stages=(decision.id,))
    lib.requests.log_search(
        SearchQuery("lunch menu", stages=(decision.id,)), 2, "Sam", T0 + timedelta(seconds=40),
        typed=False,
    )  # fmt: skip
    assert [r.text for r in lib.requests.list_requests()] == ["lunch menu"]
