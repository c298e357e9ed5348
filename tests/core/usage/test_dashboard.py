"""Dashboard figures on a small library, checked against values computed by hand;
usage totals stay right through deletes, merges, rebuilds and a schema upgrade."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from smkdesk.core.changes import User
from smkdesk.core.library import DB_FILE, MARKER, Library
from smkdesk.core.search.dto import SearchQuery
from smkdesk.core.search.whoosh.index import SearchIndex
from smkdesk.core.store.db import alembic_config, make_engine, sqlite_url
from smkdesk.core.usage.dashboard import DashboardFilters
from smkdesk.core.usage.events import UsageContext

TODAY = date(2026, 6, 30)
REP = User("Sam Rep", "sales rep")


@dataclass(frozen=True)
class Demo:
    lib: Library
    a1: int  # Fashion case study: Decision/CFO/Fashion, Ana, used in 2 won deals and 1 lost
    a2: int  # Grocery ebook: Awareness+Consideration/IT manager/Groceries, Ben, past review
    a3: int  # Bank battlecard: Decision/CFO+VP Sales/Banking, Ana
    a4: int  # draft webinar: Awareness/CFO, Ben
    a5: int  # retired sheet: Consideration/CFO, Ben, used in the lost deal
    a6: int  # never used, untagged, Cara


def _at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 10, 30)


@pytest.fixture
def demo(lib: Library, h) -> Demo:
    def add(title: str, **o: object) -> int:
        aid: int = h.add_link(lib, title, **o)
        lib.assets.set_created(aid, datetime(2025, 1, 1, 9, 0))
        return aid

    a1 = add(
        "Fashion case study",
        stages=("Decision",),
        personas=("CFO",),
        sectors=("Fashion",),
        owner="Ana",
    )
    a2 = add(
        "Grocery ebook",
        stages=("Awareness", "Consideration"),
        personas=("IT manager",),
        sectors=("Groceries",),
        owner="Ben",
        review_by=date(2026, 3, 1),
    )
    a3 = add(
        "Bank battlecard",
        stages=("Decision",),
        personas=("CFO", "VP Sales"),
        sectors=("Banking",),
        owner="Ana",
    )
    a4 = add("Draft webinar", stages=("Awareness",), personas=("CFO",), owner="Ben", status="draft")
    a5 = add("Old sheet", stages=("Consideration",), personas=("CFO",), owner="Ben")
    a6 = add("Never used", owner="Cara")

    def use(aid: int, when: datetime, action: str = "sent", **ctx: object) -> None:
        lib.usage.log(aid, action, REP, UsageContext(**ctx), when)  # type: ignore[arg-type]

    use(a1, _at(2026, 1, 10), account="Acme", opportunity="Renewal", stage="Consideration")
    use(a1, _at(2026, 1, 20), "presented", account="Beta", opportunity="Expansion")
    use(
        a1,
        _at(2026, 2, 5),
        account="Gamma",
        opportunity="New logo",
        persona="IT manager",
        sector="Insurance",
    )
    use(a1, _at(2026, 6, 15), "opened")
    use(a1, _at(2026, 6, 16), account="Acme", opportunity="Renewal")
    use(a2, _at(2026, 1, 15), "opened")
    use(a2, _at(2026, 2, 20), account="Beta", opportunity="Expansion")
    use(a3, _at(2026, 6, 1), "feedback", account="Delta", opportunity="Pilot", rating=-1)
    use(a4, _at(2026, 6, 20), "opened")
    use(a5, _at(2025, 12, 20), account="Gamma", opportunity="New logo")
    lib.usage.set_outcome("Acme", "Renewal", "won", _at(2026, 3, 1))
    lib.usage.set_outcome("Beta", "Expansion", "won", _at(2026, 6, 10))
    lib.usage.set_outcome("Gamma", "New logo", "lost", _at(2026, 2, 15))
    lib.lifecycle.retire([a5], "Superseded", "Ana")
    lib.requests.log_search(SearchQuery("zeppelin"), 0, "Sam")
    lib.requests.log_search(SearchQuery("airship"), 0, "Ana")
    lib.requests.mark_planned(lib.requests.list_requests()[0].id)
    return Demo(lib, a1, a2, a3, a4, a5, a6)


def test_figures(demo: Demo) -> None:
    d = demo.lib.dashboard
    f = d.figures(DashboardFilters(), TODAY)
    assert (f.published, f.used_recently, f.used_recently_pct) == (4, 2, 50.0)
    assert (f.unused, f.open_requests, f.past_review) == (2, 1, 1)
    queue = demo.lib.review.queue(today=TODAY)
    flagged = {i.id for i in queue if i.has("never_used") or i.has("not_used_recently")}
    assert flagged == {demo.a6, demo.a2} and len(flagged) == f.unused

    ana = d.figures(DashboardFilters(owner="Ana"), TODAY)
    assert (ana.published, ana.used_recently, ana.used_recently_pct, ana.unused) == (2, 2, 100.0, 0)
    retail = d.figures(DashboardFilters(sector="Retail"), TODAY)  # Fashion + Groceries
    assert (retail.published, retail.used_recently, retail.unused, retail.past_review) == (
        2,
        1,
        1,
        1,
    )


def test_coverage_matrix_and_gaps(demo: Demo) -> None:
    cov = demo.lib.dashboard.coverage()
    tax = demo.lib.taxonomy
    sid = {n: tax.find("stage", n).id for n in ("Awareness", "Consideration", "Decision")}
    pid = {n: tax.find("persona", n).id for n in ("CFO", "IT manager", "VP Sales")}
    assert [a.name for a in cov.stages] == ["Awareness", "Consideration", "Decision"]
    assert len(cov.personas) == 7
    assert cov.count(sid["Decision"], pid["CFO"]) == 2  # A1, A3 (the draft does not count)
    assert cov.count(sid["Awareness"], pid["IT manager"]) == 1
    assert cov.count(sid["Consideration"], pid["IT manager"]) == 1
    assert cov.count(sid["Decision"], pid["VP Sales"]) == 1
    assert cov.count(sid["Awareness"], pid["CFO"]) == 0
    assert len(cov.gaps) == 3 * 7 - 4
    assert (sid["Awareness"], pid["CFO"]) in cov.gaps
    assert sum(map(sum, cov.counts)) == 5
    ana = demo.lib.dashboard.coverage(DashboardFilters(owner="Ana"))
    assert sum(map(sum, ana.counts)) == 3 and ana.count(sid["Decision"], pid["CFO"]) == 2


def test_usage_over_time_by_effective_stage(demo: Demo) -> None:
    over = demo.lib.dashboard.usage_over_time()
    assert over.periods == tuple(
        date(y, m, 1) for y, m in [(2025, 12)] + [(2026, i) for i in range(1, 7)]
    )
    series = {s.name: list(s.counts) for s in over.series}
    assert series == {
        "Awareness": [0, 1, 1, 0, 0, 0, 1],
        "Consideration": [1, 1, 0, 0, 0, 0, 0],
        "Decision": [0, 1, 1, 0, 0, 0, 3],
    }
    assert sum(over.totals) == 10

    june = DashboardFilters(start=date(2026, 6, 1), end=date(2026, 6, 30))
    weeks = demo.lib.dashboard.usage_over_time(june, "week")
    assert weeks.periods[0] == date(2026, 6, 1) and all(p.weekday() == 0 for p in weeks.periods)
    assert len(weeks.periods) == 5 and sum(weeks.totals) == 4
    # filtered by owner: only A1 and A3 (read from the events, not the day totals)
    ana = demo.lib.dashboard.usage_over_time(DashboardFilters(owner="Ana"))
    assert {s.name: sum(s.counts) for s in ana.series} == {
        "Awareness": 0,
        "Consideration": 1,
        "Decision": 5,
    }


def test_usage_by_sector_and_persona(demo: Demo) -> None:
    d = demo.lib.dashboard
    by_sector = [(u.name, u.uses) for u in d.usage_by("sector")]
    assert by_sector == [
        ("Retail/Fashion", 4),
        ("No sector", 2),
        ("Retail/Groceries", 2),
        ("Financial services/Banking", 1),
        ("Financial services/Insurance", 1),
    ]
    assert [(u.name, u.uses, u.share) for u in d.usage_by("persona")] == [
        ("CFO", 7, 0.7),
        ("IT manager", 3, 0.3),
    ]
    # sector filter = assets tagged Retail or below (A1, A2), whatever the buyer's sector
    retail = {u.name: u.uses for u in d.usage_by("sector", DashboardFilters(sector="Retail"))}
    assert retail == {"Retail/Fashion": 4, "Retail/Groceries": 2, "Financial services/Insurance": 1}
    june = DashboardFilters(start=date(2026, 6, 1))
    assert {u.name: u.uses for u in d.usage_by("persona", june)} == {"CFO": 4}


def test_most_and_least_used(demo: Demo) -> None:
    d = demo.lib.dashboard
    assert [(u.asset_id, u.uses) for u in d.most_used(3)] == [
        (demo.a1, 5),
        (demo.a2, 2),
        (demo.a3, 1),
    ]
    june = DashboardFilters(start=date(2026, 6, 1), end=date(2026, 6, 30))
    assert [(u.asset_id, u.uses) for u in d.most_used(10, june)] == [
        (demo.a1, 2),
        (demo.a3, 1),
        (demo.a4, 1),
    ]
    least = d.least_used(10)
    assert [(u.asset_id, u.uses) for u in least] == [
        (demo.a6, 0),
        (demo.a3, 1),
        (demo.a2, 2),
        (demo.a1, 5),
    ]
    assert least[0].last_used is None and least[0].owner == "Cara"
    assert [u.asset_id for u in d.least_used(10, june)] == [demo.a6, demo.a2, demo.a3, demo.a1]
    assert [u.asset_id for u in d.least_used(2, june)] == [demo.a6, demo.a2]  # unused in June
    assert [u.asset_id for u in d.most_used(10, DashboardFilters(owner="Ben"))] == [
        demo.a2,
        demo.a4,
        demo.a5,
    ]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # partial months at both ends, a whole month (January) in between
        (date(2025, 12, 15), date(2026, 2, 5), {"a1": 3, "a2": 1, "a5": 1}),
        (date(2026, 1, 15), date(2026, 2, 10), {"a1": 2, "a2": 1}),  # no whole month
        (date(2026, 1, 12), date(2026, 1, 18), {"a2": 1}),  # inside one month
        (date(2026, 2, 1), None, {"a1": 3, "a2": 1, "a3": 1, "a4": 1}),
        (None, date(2026, 1, 14), {"a1": 1, "a5": 1}),
    ],
)
def test_period_counts_split_whole_and_partial_months(
    demo: Demo, start: date | None, end: date | None, expected: dict[str, int]
) -> None:
    ids = {getattr(demo, k): k for k in ("a1", "a2", "a3", "a4", "a5", "a6")}
    used = demo.lib.dashboard.most_used(10, DashboardFilters(start=start, end=end))
    assert {ids[u.asset_id]: u.uses for u in used} == expected


def test_influence_counts_distinct_won_and_lost_deals(demo: Demo) -> None:
    won, lost = demo.lib.usage.influence()
    assert [(r.asset_id, r.title, r.deals) for r in won] == [
        (demo.a1, "Fashion case study", 2),  # Renewal (used twice) and Expansion
        (demo.a2, "Grocery ebook", 1),
    ]
    assert [(r.asset_id, r.deals) for r in lost] == [(demo.a1, 1), (demo.a5, 1)]
    closed_june = demo.lib.dashboard.influence(DashboardFilters(start=date(2026, 6, 1)))
    assert [(r.asset_id, r.deals) for r in closed_june.won] == [(demo.a1, 1), (demo.a2, 1)]
    assert closed_june.lost == ()
    ana = demo.lib.dashboard.influence(DashboardFilters(owner="Ana"))
    assert [(r.asset_id, r.deals) for r in ana.won] == [(demo.a1, 2)]
    opps = {(o.account, o.name): o for o in demo.lib.usage.list_opportunities()}
    assert (opps[("Acme", "Renewal")].outcome, opps[("Acme", "Renewal")].uses) == ("won", 2)
    assert opps[("Beta", "Expansion")].assets == 2
    assert opps[("Delta", "Pilot")].closed_at is None


def test_refresh_bundles_every_panel(demo: Demo) -> None:
    board = demo.lib.dashboard.refresh(DashboardFilters(), TODAY)
    assert board.figures.published == 4 and board.most_used[0].asset_id == demo.a1
    assert board.influence.won[0].deals == 2 and board.by_persona[0].name == "CFO"


def test_totals_follow_deletes_merges_and_rebuilds(demo: Demo) -> None:
    lib, d = demo.lib, demo.lib.dashboard
    before = d.usage_over_time()
    lib.usage.rebuild_rollups()
    assert d.usage_over_time() == before

    lib.assets.delete([demo.a4])  # its June "Awareness" use goes with it
    series = {s.name: list(s.counts) for s in d.usage_over_time().series}
    assert series["Awareness"] == [0, 1, 1, 0, 0, 0, 0]
    assert sum(u.uses for u in d.usage_by("persona")) == 9

    it = lib.taxonomy.find("persona", "IT manager")
    lib.taxonomy.merge(it.id, lib.taxonomy.find("persona", "CFO").id)
    assert [(u.name, u.uses) for u in d.usage_by("persona")] == [("CFO", 9)]
    assert [(u.name, u.uses) for u in d.usage_by("persona", DashboardFilters(owner="Ben"))] == [
        ("CFO", 3)
    ]
    incremental = (d.usage_over_time(), d.usage_by("persona"), d.most_used(10))
    lib.usage.rebuild_rollups()
    assert (d.usage_over_time(), d.usage_by("persona"), d.most_used(10)) == incremental


def test_export_usage_reads_back(demo: Demo, tmp_path: Path) -> None:
    out = tmp_path / "usage.csv"
    assert demo.lib.export.export_usage(out) == 10
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 10 and rows[0]["when_utc"] == "2026-06-20 10:30:00"  # newest first
    feedback = next(r for r in rows if r["action"] == "feedback")
    assert (feedback["feedback"], feedback["opportunity"], feedback["outcome"]) == (
        "not helpful",
        "Pilot",
        "open",
    )
    given = next(r for r in rows if r["sector"])
    assert (given["persona"], given["sector"], given["outcome"]) == (
        "IT manager",
        "Insurance",
        "lost",
    )
    june = tmp_path / "june.csv"
    assert demo.lib.export.export_usage(june, since=date(2026, 6, 1)) == 4


def test_upgrade_from_0003_keeps_usage_and_builds_totals(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    engine = make_engine(sqlite_url(folder / DB_FILE))
    try:
        with engine.begin() as conn:
            cfg = alembic_config(engine)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0003")
        with engine.begin() as conn:
            now = datetime(2026, 3, 4, 5, 6, 7)
            conn.execute(
                text(
                    "INSERT INTO terms (id, dimension, name, position, retired, created_at) "
                    "VALUES (1, 'stage', 'Awareness', 0, 0, :now), "
                    "(2, 'stage', 'Decision', 1, 0, :now)"
                ),
                {"now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO assets (id, kind, title, description, owner, status, created_at, "
                    "updated_at, url, text_status) VALUES (7, 'link', 'Zeppelin guide', '', "
                    "'Ana', 'published', :now, :now, 'https://example.com/z', 'none')"
                ),
                {"now": now},
            )
            conn.execute(text("INSERT INTO asset_terms (asset_id, term_id) VALUES (7, 1)"))
            for stage in ("NULL", "2"):
                conn.execute(
                    text(
                        "INSERT INTO usage_events (asset_id, action, occurred_at, user_name, "
                        "account, note, user_role, stage_id) "
                        f"VALUES (7, 'sent', :now, 'Sam', 'Acme', '', 'sales rep', {stage})"
                    ),
                    {"now": now},
                )
    finally:
        engine.dispose()
    index = SearchIndex.open(folder / "index")
    index.rebuild([], 0)
    index.close()
    (folder / MARKER).write_text(json.dumps({"app": "smkdesk", "format": 1}), "utf-8")

    with Library.open(folder) as lib:
        assert lib.migration_backup is not None
        assert lib.assets.get(7).use_count == 2
        over = lib.dashboard.usage_over_time()
        assert over.periods == (date(2026, 3, 1),)
        assert {s.name: s.counts for s in over.series} == {"Awareness": (1,), "Decision": (1,)}
        assert [e.stage for e in lib.usage.history(7)] == ["Decision", None]
        assert lib.review.queue(today=date(2026, 3, 5)) == ()


def test_period_counts_follow_new_uses_and_deletes(demo: Demo) -> None:
    d, june = demo.lib.dashboard, DashboardFilters(start=date(2026, 6, 1), end=date(2026, 6, 30))
    assert d.most_used(1, june)[0].asset_id == demo.a1  # 2 uses in June
    for day in (21, 22, 23):
        demo.lib.usage.log(demo.a3, "opened", REP, when=_at(2026, 6, day))
    assert [(u.asset_id, u.uses) for u in d.most_used(1, june)] == [(demo.a3, 4)]
    demo.lib.assets.delete([demo.a3])
    assert [(u.asset_id, u.uses) for u in d.most_used(1, june)] == [(demo.a1, 2)]
    assert demo.a3 not in {u.asset_id for u in d.least_used(10, june)}
