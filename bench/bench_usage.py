"""Usage reporting benchmark: review queue and dashboard on 10,000 assets / 1,000,000 events.

    python bench/bench_usage.py                 # prepare once (cached), then measure
    python bench/bench_usage.py --prepare-only
    python bench/bench_usage.py --rebuild       # throw the prepared copy away first

The library is a COPY of bench/out/library-10000 (bench_library.py's synthetic
library; built here if missing), in bench/out/library-usage-10000; the
original is never modified. The copy gets tags, owners, review dates and
1,000,000 usage events over two years: Zipf-like popularity over 40 % of the
assets (60 % never used), varied actions, reps, accounts, opportunities
(some won, some lost) and buyer context, inserted with SQLAlchemy Core
executemany in one transaction. The search index of the copy is not updated
for the new tags (nothing here searches).

Measures p95 over 20 runs (after 2 warm-up runs) of (a) the review queue and
(b) a full dashboard refresh: figures + coverage + usage over time + most and
least used + usage by sector and by persona + influence, for all time and for
the last 12 months; (c) the same refresh with sector, owner and 12-month
filters; (d) ``DashboardService.refresh`` (one call). Each refresh uses a fresh
service, so nothing is remembered between runs; (e) shows the remembered case.
Target: p95 <= 200 ms each.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from sqlalchemy import bindparam, insert, select, update  # noqa: E402

from smkdesk.core.catalogue.models import Asset, AssetTerm, Term  # noqa: E402
from smkdesk.core.library import Library  # noqa: E402
from smkdesk.core.usage.dashboard import DashboardFilters, DashboardService  # noqa: E402
from smkdesk.core.usage.models import Opportunity, UsageEvent  # noqa: E402

N_ASSETS = 10_000
N_EVENTS = 1_000_000
SOURCE = HERE / "out" / f"library-{N_ASSETS}"
TARGET = HERE / "out" / f"library-usage-{N_ASSETS}"
MARKER = "bench-usage.json"
TODAY = date(2026, 11, 23)  # the clock the measurements use (events end here)
TARGET_P95_MS = 200.0
ACTIONS = (("opened", 40), ("sent", 30), ("presented", 12), ("copied", 10), ("feedback", 8))


def _source() -> Path:
    if not (SOURCE / "library.sqlite").exists():
        from bench_library import populate

        print(f"building {SOURCE.relative_to(HERE.parent)} (bench_library populate)…")
        shutil.rmtree(SOURCE, ignore_errors=True)
        populate(SOURCE, N_ASSETS)
        with Library.open(SOURCE) as lib:
            lib.reindex()
    return SOURCE


def prepare(rebuild: bool) -> None:
    if rebuild:
        shutil.rmtree(TARGET, ignore_errors=True)
    if (TARGET / MARKER).exists():
        return
    shutil.rmtree(TARGET, ignore_errors=True)
    print(f"copying {_source().relative_to(HERE.parent)} -> {TARGET.relative_to(HERE.parent)}…")
    shutil.copytree(SOURCE, TARGET)
    rng = random.Random(2026)
    t0 = time.perf_counter()
    with Library.open(TARGET) as lib:  # migrates the copy to the current schema
        first = _tag_assets(lib, rng)
        n = _add_events(lib, rng, first)
        lib.usage.rebuild_rollups()
        t1 = time.perf_counter()
        print(f"inserted {n:,} events and rebuilt totals in {t1 - t0:.0f} s; signing texts…")
        signed = lib.review.ensure_signatures()
        print(f"signed {signed:,} texts in {time.perf_counter() - t1:.0f} s")
    (TARGET / MARKER).write_text(json.dumps({"events": n, "today": TODAY.isoformat()}), "utf-8")


def _tag_assets(lib: Library, rng: random.Random) -> dict[int, dict[str, int | None]]:
    """Random but plausible tags, owners and review dates; returns first tag per dimension."""
    with lib.db.session() as s:
        terms = s.execute(select(Term.id, Term.dimension, Term.parent_id)).all()
        by_dim: dict[str, list[int]] = {}
        for tid, dim, parent in terms:
            if dim != "sector" or parent is not None:  # tag leaf sectors
                by_dim.setdefault(dim, []).append(tid)
        ids = list(s.scalars(select(Asset.id).order_by(Asset.id)))
        links: list[dict[str, int]] = []
        first: dict[int, dict[str, int | None]] = {}
        for aid in ids:
            picked = {
                "stage": sorted(rng.sample(by_dim["stage"], rng.randint(1, 2))),
                "persona": sorted(rng.sample(by_dim["persona"], rng.randint(0, 3))),
                "sector": sorted(rng.sample(by_dim["sector"], rng.randint(0, 2))),
            }
            first[aid] = {d: (v[0] if v else None) for d, v in picked.items()}
            links += [{"asset_id": aid, "term_id": t} for v in picked.values() for t in v]
        s.execute(insert(AssetTerm), links)
        types = by_dim["type"]
        review = [
            {
                "aid": aid,
                "type_id": rng.choice(types),
                "review_by": TODAY + timedelta(days=rng.randint(-400, 400))
                if rng.random() < 0.3
                else None,
            }
            for aid in ids
        ]
        s.connection().execute(
            update(Asset.__table__)
            .where(Asset.__table__.c.id == bindparam("aid"))
            .values(type_id=bindparam("type_id"), review_by=bindparam("review_by")),
            review,
        )
    return first


def _add_events(lib: Library, rng: random.Random, first: dict[int, dict[str, int | None]]) -> int:
    """30 % of events belong to 3,000 opportunities, each a 3-20 asset content set used
    within its own 20-180 day window; closed ones are won (35 %) or lost (30 %)."""
    ids = sorted(first)
    used = rng.sample(ids, int(len(ids) * 0.4))  # 60 % never used
    weights = [1.0 / (rank + 1) ** 1.1 for rank in range(len(used))]  # Zipf-like popularity
    accounts = [f"Account {i:03d}" for i in range(400)]
    reps = [f"Rep {i:02d}" for i in range(60)]
    actions, action_w = zip(*ACTIONS, strict=True)
    now = datetime.combine(TODAY, datetime.min.time())
    start = now - timedelta(days=730)
    with lib.db.session() as s:
        stages = list(s.scalars(select(Term.id).where(Term.dimension == "stage")))
        personas = list(s.scalars(select(Term.id).where(Term.dimension == "persona")))
        sectors = list(s.scalars(select(Term.id).where(Term.dimension == "sector")))
        opps = []
        for i in range(3000):
            begin = start + timedelta(days=rng.uniform(0, 700))
            end = begin + timedelta(days=rng.uniform(20, 180))
            roll = rng.random()
            closed = end < now and roll < 0.65
            outcome = ("won" if roll < 0.35 else "lost") if closed else "open"
            opps.append(
                {
                    "account": rng.choice(accounts),
                    "name": f"Deal {i:04d}",
                    "outcome": outcome,
                    "closed_at": end if closed else None,
                    "window": (begin, min(end, now)),
                    "content": rng.choices(used, weights, k=rng.randint(3, 20)),
                }
            )
        columns = ("account", "name", "outcome", "closed_at")
        s.execute(insert(Opportunity), [{k: o[k] for k in columns} for o in opps])
        opp_ids = list(s.scalars(select(Opportunity.id).order_by(Opportunity.id)))
        rows = []
        for n in range(N_EVENTS):
            opp = None
            if n < N_EVENTS * 0.3:
                o = rng.randrange(len(opps))
                opp, (begin, end) = opp_ids[o], opps[o]["window"]
                aid = rng.choice(opps[o]["content"])
                at = begin + (end - begin) * rng.random()
                account = opps[o]["account"]
            else:
                aid = rng.choices(used, weights)[0]
                at = start + timedelta(seconds=rng.randrange(730 * 86400))
                account = rng.choice(accounts)
            action = rng.choices(actions, action_w)[0]
            tags = first[aid]
            stage = None
            if rng.random() < 0.45:  # the rep gave the buyer's stage, usually the asset's own
                stage = tags["stage"] if rng.random() < 0.7 else rng.choice(stages)
            persona = rng.choice(personas) if rng.random() < 0.3 else None
            sector = rng.choice(sectors) if rng.random() < 0.25 else None
            rows.append(
                {
                    "asset_id": aid,
                    "action": action,
                    "occurred_at": at,
                    "occurred_on": at.date(),
                    "user_name": rng.choice(reps),
                    "user_role": "sales rep",
                    "account": account,
                    "note": "",
                    "opportunity_id": opp,
                    "stage_id": stage,
                    "persona_id": persona,
                    "sector_id": sector,
                    "eff_stage_id": stage or tags["stage"],
                    "eff_persona_id": persona or tags["persona"],
                    "eff_sector_id": sector or tags["sector"],
                    "rating": (1 if rng.random() < 0.6 else -1) if action == "feedback" else None,
                }
            )
        conn = s.connection()
        for i in range(0, len(rows), 50_000):
            conn.execute(insert(UsageEvent.__table__), rows[i : i + 50_000])
    return len(rows)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def measure(label: str, fn: Callable[[], object], runs: int = 20) -> float:
    for _ in range(2):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    value = p95(times)
    ok = "ok" if value <= TARGET_P95_MS else "OVER TARGET"
    median = sorted(times)[len(times) // 2]
    print(f"{label:<38} median {median:6.1f} ms   p95 {value:6.1f} ms  ({ok})")
    return value


def median_ms(fn: Callable[[], object], runs: int = 9) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[runs // 2]


def refresh(lib: Library, f: DashboardFilters) -> None:
    """Every panel, on a fresh service: no period counts remembered from the last run
    (as after a new usage event)."""
    d = DashboardService(lib.db)
    d.figures(f, TODAY)
    d.coverage(f)
    d.usage_over_time(f, "month")
    d.most_used(10, f)
    d.least_used(10, f)
    d.usage_by("sector", f)
    d.usage_by("persona", f)
    d.influence(f)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--prepare-only", action="store_true")
    p.add_argument("--rebuild", action="store_true", help="prepare the copy again")
    p.add_argument("--runs", type=int, default=20)
    a = p.parse_args()
    prepare(a.rebuild)
    if a.prepare_only:
        return
    with Library.open(TARGET) as lib:
        events = lib.db.engine.connect().exec_driver_sql("SELECT count(*) FROM usage_events")
        print(f"{lib.assets.count():,} assets, {events.scalar():,} usage events\n")
        queue = lib.review.queue(today=TODAY)
        print(f"review queue: {len(queue):,} assets flagged")
        owner = lib.assets.owners()[0]
        sector = next(t.name for t in lib.taxonomy.list("sector") if t.parent_id is None)
        year = DashboardFilters(start=TODAY - timedelta(days=365), end=TODAY)
        filtered = DashboardFilters(start=year.start, end=TODAY, sector=sector, owner=owner)
        measure("(a) review queue", lambda: lib.review.queue(today=TODAY), a.runs)
        measure("(b) dashboard refresh, all time", lambda: refresh(lib, DashboardFilters()), a.runs)
        measure("(b') dashboard refresh, last 12 months", lambda: refresh(lib, year), a.runs)
        label = f"(c) refresh, {sector} + owner + 12 months"
        measure(label, lambda: refresh(lib, filtered), a.runs)
        fresh = lambda: DashboardService(lib.db).refresh(year, TODAY)  # noqa: E731
        measure("(d) dashboard.refresh(), 12 months", fresh)
        measure("(e) same, period counts remembered", lambda: lib.dashboard.refresh(year, TODAY))
        print("\nbreakdown, last 12 months (median ms):")
        d = lib.dashboard
        for name, fn in (
            ("figures", lambda: d.figures(year, TODAY)),
            ("coverage", lambda: d.coverage(year)),
            ("usage_over_time", lambda: d.usage_over_time(year)),
            ("most_used", lambda: d.most_used(10, year)),
            ("least_used", lambda: d.least_used(10, year)),
            ("usage_by sector", lambda: d.usage_by("sector", year)),
            ("usage_by persona", lambda: d.usage_by("persona", year)),
            ("influence", lambda: d.influence(year)),
        ):
            print(f"  {name:<18} {median_ms(fn):6.1f}")


if __name__ == "__main__":
    main()
