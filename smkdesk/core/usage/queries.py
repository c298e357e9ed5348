"""Aggregate usage queries behind the dashboard (portable SQL over the totals).

Each query reads the smallest table that can answer it: ``usage_daily`` when no
asset filter is set; otherwise the events of the matching assets through the
covering index ``ix_usage_asset_context``. Per-asset counts for a period come
from ``asset_usage_monthly`` for whole months plus the events of the partial
months at either end (index ``ix_usage_day_asset``).
"""

from __future__ import annotations

import heapq
from collections import Counter
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.orm import Session

from smkdesk.core.catalogue.dto import ASSET_TYPE, SECTOR
from smkdesk.core.catalogue.models import Asset, AssetTerm, AssetUsage, Term
from smkdesk.core.catalogue.taxonomy import load_terms, resolve
from smkdesk.core.usage.dashboard_types import AssetUse, DashboardFilters, InfluenceRow
from smkdesk.core.usage.models import (
    AssetOpportunity,
    AssetUsageMonthly,
    Opportunity,
    UsageDaily,
    UsageEvent,
)
from smkdesk.core.usage.rollup import NO_TERM, effective_column, month_of
from smkdesk.core.util.timeutil import day_start

AnySelect = Select[*tuple[Any, ...]]


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def asset_conditions(s: Session, f: DashboardFilters) -> list[ColumnElement[bool]]:
    """Conditions on ``Asset`` for the owner and sector (with sub-sectors) filters."""
    conds: list[ColumnElement[bool]] = []
    if f.owner is not None and f.owner.strip():
        conds.append(Asset.owner == " ".join(f.owner.split()))
    if f.sector is not None and f.sector != "":
        table = load_terms(s, SECTOR)
        root = resolve(s, SECTOR, [f.sector])[0]
        ids = [root.id, *(t.id for t in table.descendants(root))]
        tagged = select(AssetTerm.asset_id).where(
            AssetTerm.asset_id == Asset.id, AssetTerm.term_id.in_(ids)
        )
        conds.append(exists(tagged))
    return conds


def asset_ids(s: Session, f: DashboardFilters) -> AnySelect | None:
    """The matching asset ids as a subquery, or None when every asset counts."""
    conds = asset_conditions(s, f)
    return select(Asset.id).where(*conds) if conds else None


def _in_days(q: AnySelect, day: Any, start: date | None, end: date | None) -> AnySelect:
    if start is not None:
        q = q.where(day >= start)
    if end is not None:
        q = q.where(day <= end)
    return q


def by_day_and_term(
    s: Session, dimension: str, f: DashboardFilters
) -> list[tuple[date, int | None, int]]:
    """(day, effective term or None, uses) rows for the filters."""
    assets = asset_ids(s, f)
    if assets is None:
        ud = UsageDaily
        q: AnySelect = select(ud.day, ud.term_id, ud.uses).where(ud.dimension == dimension)
        q = _in_days(q, ud.day, f.start, f.end)
    else:
        e, col = UsageEvent, effective_column(dimension)
        q = select(e.occurred_on, col, func.count()).where(e.asset_id.in_(assets))
        q = _in_days(q, e.occurred_on, f.start, f.end).group_by(e.occurred_on, col)
    return [
        (d, (t if t != NO_TERM else None), int(n)) for d, t, n in s.connection().execute(q).all()
    ]


def term_totals(s: Session, dimension: str, f: DashboardFilters) -> dict[int | None, int]:
    """Uses per effective term (None: none) for the filters."""
    assets = asset_ids(s, f)
    if assets is None:
        ud = UsageDaily
        q: AnySelect = select(ud.term_id, func.sum(ud.uses)).where(ud.dimension == dimension)
        q = _in_days(q, ud.day, f.start, f.end).group_by(ud.term_id)
    else:
        e, col = UsageEvent, effective_column(dimension)
        q = select(col, func.count()).where(e.asset_id.in_(assets))
        q = _in_days(q, e.occurred_on, f.start, f.end).group_by(col)
    out: dict[int | None, int] = {}
    for term, n in s.connection().execute(q).all():
        key = None if term in (None, NO_TERM) else int(term)
        out[key] = out.get(key, 0) + int(n or 0)
    return out


def usage_version(s: Session) -> tuple[int, int, int]:
    """Changes whenever usage is logged or an asset with usage is deleted (cheap)."""
    au = AssetUsage
    last = s.scalar(select(func.max(UsageEvent.id))) or 0
    total, weighted = s.execute(
        select(
            func.coalesce(func.sum(au.uses), 0), func.coalesce(func.sum(au.uses * au.asset_id), 0)
        )
    ).one()
    return int(last), int(total), int(weighted)


def period_counts(s: Session, f: DashboardFilters) -> Counter[int]:
    """Uses per asset between ``f.start`` and ``f.end`` (inclusive), for the filters."""
    assets = asset_ids(s, f)
    lo, hi = f.start, f.end
    full_lo = None if lo is None else (lo if lo.day == 1 else next_month(lo))
    full_hi = None  # exclusive end of the whole months
    if hi is not None:
        full_hi = next_month(hi) if (hi + timedelta(days=1)).day == 1 else month_of(hi)
    counts: Counter[int] = Counter()

    def add(q: AnySelect) -> None:
        for asset_id, n in s.connection().execute(q).all():
            counts[int(asset_id)] += int(n or 0)

    e = UsageEvent
    raw = select(e.asset_id, func.count())
    if assets is not None:
        raw = raw.where(e.asset_id.in_(assets))
    if full_lo is not None and full_hi is not None and full_lo >= full_hi:
        add(_in_days(raw, e.occurred_on, lo, hi).group_by(e.asset_id))  # no whole month
        return counts
    am = AssetUsageMonthly
    months = select(am.asset_id, func.sum(am.uses))
    if assets is not None:
        months = months.where(am.asset_id.in_(assets))
    if full_lo is not None:
        months = months.where(am.month >= full_lo)
    if full_hi is not None:
        months = months.where(am.month < full_hi)
    add(months.group_by(am.asset_id))
    if lo is not None and full_lo is not None and lo < full_lo:
        add(_in_days(raw, e.occurred_on, lo, full_lo - timedelta(days=1)).group_by(e.asset_id))
    if hi is not None and full_hi is not None and full_hi <= hi:
        add(_in_days(raw, e.occurred_on, full_hi, hi).group_by(e.asset_id))
    return counts


def ranked(
    s: Session, n: int, f: DashboardFilters, most: bool, counts: Counter[int] | None = None
) -> tuple[AssetUse, ...]:
    """Most used (any status) or least used (published) assets for the filters.

    ``counts``: ``period_counts(s, f)`` if the caller has it already.
    """
    scope = asset_conditions(s, f)
    au = AssetUsage
    if f.start is None and f.end is None:  # all time: the per-asset totals say it all
        uses = func.coalesce(au.uses, 0)
        q = select(Asset.id, uses).outerjoin(au, au.asset_id == Asset.id).where(*scope)
        if most:
            q = q.where(au.uses > 0).order_by(au.uses.desc(), Asset.id)
        else:
            q = q.where(Asset.status == "published")
            q = q.order_by(uses, au.last_used.nulls_first(), Asset.id)
        picked = {int(a): int(k) for a, k in s.execute(q.limit(n))}
        return _asset_uses(s, picked)
    if counts is None:
        counts = period_counts(s, f)
    if most:
        top = heapq.nsmallest(n, counts.items(), key=lambda item: (-item[1], item[0]))
        return _asset_uses(s, dict(top))
    # Least used: published assets with no use in the period come first, oldest last
    # use first; read them in that order and stop as soon as there are enough.
    published = (
        select(Asset.id, au.last_used)
        .outerjoin(au, au.asset_id == Asset.id)
        .where(Asset.status == "published", *scope)
    )
    idle: list[int] = []
    result = s.connection().execute(published.order_by(au.last_used.nulls_first(), Asset.id))
    for chunk in result.partitions(max(n, 100)):
        idle += [int(a) for a, _ in chunk if a not in counts][: n - len(idle)]
        if len(idle) >= n:
            result.close()
            return _asset_uses(s, dict.fromkeys(idle, 0))
    rows = s.connection().execute(published).all()  # fewer idle assets than asked for
    least = heapq.nsmallest(
        n, rows, key=lambda r: (counts.get(r[0], 0), r[1] is not None, r[1] or 0, r[0])
    )
    return _asset_uses(s, {int(a): counts.get(a, 0) for a, _ in least})


def _asset_uses(s: Session, uses: dict[int, int]) -> tuple[AssetUse, ...]:
    """AssetUse values for ``uses`` (asset id -> uses), in its order."""
    if not uses:
        return ()
    au = AssetUsage
    types = dict(s.execute(select(Term.id, Term.name).where(Term.dimension == ASSET_TYPE)).all())
    rows = s.execute(
        select(
            Asset.id, Asset.title, Asset.type_id, Asset.owner, Asset.status, AssetUsage.last_used
        )
        .outerjoin(au, au.asset_id == Asset.id)
        .where(Asset.id.in_(list(uses)))
    ).all()
    by_id = {int(r[0]): r for r in rows}
    return tuple(
        AssetUse(
            asset_id=a,
            title=by_id[a].title,
            type=types.get(by_id[a].type_id) if by_id[a].type_id else None,
            owner=by_id[a].owner,
            status=by_id[a].status,
            uses=k,
            last_used=by_id[a].last_used,
        )
        for a, k in uses.items()
        if a in by_id
    )


def influence(
    s: Session,
    top: int = 10,
    assets: AnySelect | None = None,
    start: date | None = None,
    end: date | None = None,
) -> tuple[tuple[InfluenceRow, ...], tuple[InfluenceRow, ...]]:
    """Distinct won/lost deals per asset; deals closed in [start, end] when given.

    Reads ``asset_opportunities`` (one row per deal and asset used in it).
    """
    ao, o = AssetOpportunity, Opportunity
    out: list[tuple[InfluenceRow, ...]] = []
    for outcome in ("won", "lost"):
        deals = select(o.id).where(o.outcome == outcome)
        if start is not None:
            deals = deals.where(o.closed_at >= day_start(start))
        if end is not None:
            deals = deals.where(o.closed_at < day_start(end + timedelta(days=1)))
        q = select(ao.asset_id, func.count().label("deals")).where(ao.opportunity_id.in_(deals))
        if assets is not None:
            q = q.where(ao.asset_id.in_(assets))
        q = q.group_by(ao.asset_id).order_by(func.count().desc(), ao.asset_id).limit(top)
        rows = s.execute(q).all()
        titles = dict(
            s.execute(select(Asset.id, Asset.title).where(Asset.id.in_([r[0] for r in rows]))).all()
        )
        out.append(tuple(InfluenceRow(int(a), titles.get(a, ""), int(n)) for a, n in rows))
    return out[0], out[1]
