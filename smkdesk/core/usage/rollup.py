"""Usage totals kept in step with ``usage_events``, so reports never scan every event.

Derived tables (``usage/models.py``, and ``AssetUsage`` in ``catalogue/models.py``),
written in the same transaction as each event:

- ``asset_usage``: per asset, uses, first/last use, ratings and "not helpful" ratings
  (the review queue, "most used" and the dashboard figures read only this);
- ``asset_usage_monthly``: uses per asset and month ("most used" in a period);
- ``usage_daily``: events per UTC day and effective stage, persona and sector
  (term 0 = none), for "usage over time" and "usage by sector/persona";
- ``asset_opportunities``: each (opportunity, asset) pair with a use (influence).

An event's *effective* stage (persona, sector) is the buyer's, as the rep gave
it, else the asset's first tag of that dimension at the time of use; it is
stored on the event (``eff_*``) so per-asset reports agree with the totals.

The tables can always be rebuilt from the events (``rebuild``); ``ensure_rollups``
does so when their totals no longer match, e.g. after a bulk load or an upgrade.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, case, delete, func, insert, literal, select, update
from sqlalchemy.orm import Session

from smkdesk.core.catalogue.dto import PERSONA, SECTOR, STAGE
from smkdesk.core.catalogue.models import Asset, AssetUsage
from smkdesk.core.store.db import Database
from smkdesk.core.usage.models import AssetOpportunity, AssetUsageMonthly, UsageDaily, UsageEvent

CONTEXT_DIMENSIONS: tuple[str, ...] = (STAGE, PERSONA, SECTOR)
NO_TERM = 0
_EFFECTIVE = {
    STAGE: UsageEvent.eff_stage_id,
    PERSONA: UsageEvent.eff_persona_id,
    SECTOR: UsageEvent.eff_sector_id,
}
_GIVEN = {STAGE: "stage_id", PERSONA: "persona_id", SECTOR: "sector_id"}


def effective_column(dimension: str) -> Any:
    return _EFFECTIVE[dimension]


def first_tags(asset: Asset) -> dict[str, int]:
    """The asset's first term id of each tag dimension (by position, then id)."""
    out: dict[str, int] = {}
    for t in sorted(asset.terms, key=lambda t: (t.position, t.id)):
        out.setdefault(t.dimension, t.id)
    return out


def set_effective(event: UsageEvent, asset: Asset) -> None:
    tags = first_tags(asset)
    given = {dim: getattr(event, col) for dim, col in _GIVEN.items()}
    event.eff_stage_id = given[STAGE] or tags.get(STAGE)
    event.eff_persona_id = given[PERSONA] or tags.get(PERSONA)
    event.eff_sector_id = given[SECTOR] or tags.get(SECTOR)


def _rowcount(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount)


def record(s: Session, e: UsageEvent) -> None:
    """Add one new event to the totals (call in the event's own transaction)."""
    rated = 1 if e.rating is not None else 0
    unhelpful = 1 if e.rating is not None and e.rating < 0 else 0
    au = AssetUsage
    changed = s.execute(
        update(au)
        .where(au.asset_id == e.asset_id)
        .values(
            uses=au.uses + 1,
            first_used=case(
                (au.first_used.is_(None), e.occurred_at),
                (au.first_used > e.occurred_at, e.occurred_at),
                else_=au.first_used,
            ),
            last_used=case(
                (au.last_used.is_(None), e.occurred_at),
                (au.last_used < e.occurred_at, e.occurred_at),
                else_=au.last_used,
            ),
            rated=au.rated + rated,
            not_helpful=au.not_helpful + unhelpful,
        )
        .execution_options(synchronize_session=False)
    )
    if not _rowcount(changed):
        s.execute(
            insert(au).values(
                asset_id=e.asset_id,
                uses=1,
                first_used=e.occurred_at,
                last_used=e.occurred_at,
                rated=rated,
                not_helpful=unhelpful,
            )
        )
    for dim in CONTEXT_DIMENSIONS:
        term = getattr(e, _EFFECTIVE[dim].key) or NO_TERM
        _add_daily(s, e.occurred_on, dim, term, 1)
    am = AssetUsageMonthly
    _bump(s, am, {"asset_id": e.asset_id, "month": month_of(e.occurred_on)}, 1)
    if e.opportunity_id is not None:
        pair = {"opportunity_id": e.opportunity_id, "asset_id": e.asset_id}
        _bump(s, AssetOpportunity, pair, 1)


def month_of(day: date) -> date:
    return day.replace(day=1)


def _bump(s: Session, table: Any, key: dict[str, Any], uses: int) -> None:
    """Add ``uses`` to the row with this key, creating it if needed (portable upsert)."""
    where = [getattr(table, k) == v for k, v in key.items()]
    changed = s.execute(
        update(table)
        .where(*where)
        .values(uses=table.uses + uses)
        .execution_options(synchronize_session=False)
    )
    if not _rowcount(changed):
        s.execute(insert(table).values(**key, uses=uses))


def _add_daily(s: Session, day: date, dimension: str, term_id: int, uses: int) -> None:
    _bump(s, UsageDaily, {"day": day, "dimension": dimension, "term_id": term_id}, uses)


def forget_assets(s: Session, asset_ids: Sequence[int]) -> None:
    """Take the events of assets about to be deleted out of ``usage_daily``.

    (The per-asset totals go with the assets through their foreign keys.)
    """
    if not asset_ids:
        return
    for dim in CONTEXT_DIMENSIONS:
        col = _EFFECTIVE[dim]
        rows = s.execute(
            select(UsageEvent.occurred_on, col, func.count())
            .where(UsageEvent.asset_id.in_(asset_ids))
            .group_by(UsageEvent.occurred_on, col)
        ).all()
        for day, term, n in rows:
            _add_daily(s, day, dim, term or NO_TERM, -int(n))
    s.execute(delete(UsageDaily).where(UsageDaily.uses <= 0))


def repoint_term(s: Session, dimension: str, source_id: int, target_id: int) -> None:
    """A taxonomy merge: usage recorded under ``source`` now counts under ``target``."""
    if dimension not in CONTEXT_DIMENSIONS:
        return
    given = getattr(UsageEvent, _GIVEN[dimension])
    eff = _EFFECTIVE[dimension]
    for col in (given, eff):
        s.execute(
            update(UsageEvent)
            .where(col == source_id)
            .values({col.key: target_id})
            .execution_options(synchronize_session=False)
        )
    rows = s.execute(
        select(UsageDaily.day, UsageDaily.uses).where(
            UsageDaily.dimension == dimension, UsageDaily.term_id == source_id
        )
    ).all()
    s.execute(
        delete(UsageDaily).where(UsageDaily.dimension == dimension, UsageDaily.term_id == source_id)
    )
    for day, uses in rows:
        _add_daily(s, day, dimension, target_id, int(uses))


def rebuild(s: Session) -> None:
    """Recompute every total from the events (aggregate SQL, portable)."""
    for table in (AssetUsage, AssetUsageMonthly, UsageDaily, AssetOpportunity):
        s.execute(delete(table))
    e = UsageEvent
    s.execute(
        insert(AssetUsage).from_select(
            ["asset_id", "uses", "first_used", "last_used", "rated", "not_helpful"],
            select(
                e.asset_id,
                func.count(),
                func.min(e.occurred_at),
                func.max(e.occurred_at),
                func.count(e.rating),
                func.sum(case((e.rating < 0, 1), else_=0)),
            ).group_by(e.asset_id),
        )
    )
    for dim in CONTEXT_DIMENSIONS:
        term = func.coalesce(_EFFECTIVE[dim], NO_TERM)
        s.execute(
            insert(UsageDaily).from_select(
                ["day", "dimension", "term_id", "uses"],
                select(e.occurred_on, literal(dim), term, func.count()).group_by(
                    e.occurred_on, term
                ),
            )
        )
    s.execute(
        insert(AssetOpportunity).from_select(
            ["opportunity_id", "asset_id", "uses"],
            select(e.opportunity_id, e.asset_id, func.count())
            .where(e.opportunity_id.is_not(None))
            .group_by(e.opportunity_id, e.asset_id),
        )
    )
    months: Counter[tuple[int, date]] = Counter()
    for asset_id, day, n in s.execute(
        select(e.asset_id, e.occurred_on, func.count()).group_by(e.asset_id, e.occurred_on)
    ):
        months[(int(asset_id), month_of(day))] += int(n)
    rows = [{"asset_id": a, "month": m, "uses": n} for (a, m), n in months.items()]
    for start in range(0, len(rows), 20_000):
        s.execute(insert(AssetUsageMonthly), rows[start : start + 20_000])


def in_step(s: Session) -> bool:
    """Do the totals add up to the events? (A few index counts: cheap.)

    ``asset_opportunities`` is written in the same transactions as the others,
    so it is not counted separately (that would scan an index of every deal use).
    """

    def total(col: Any) -> int:
        return int(s.scalar(select(func.coalesce(func.sum(col), 0))) or 0)

    events = int(s.scalar(select(func.count()).select_from(UsageEvent)) or 0)
    daily = s.execute(
        select(UsageDaily.dimension, func.sum(UsageDaily.uses)).group_by(UsageDaily.dimension)
    ).all()
    by_dim = {str(d): int(n or 0) for d, n in daily}
    return (
        total(AssetUsage.uses) == events
        and total(AssetUsageMonthly.uses) == events
        and all(by_dim.get(d, 0) == events for d in CONTEXT_DIMENSIONS)
    )


def ensure_rollups(db: Database) -> bool:
    """Rebuild the totals if they do not match the events. True if it rebuilt them."""
    with db.reader() as s:
        if in_step(s):
            return False
    with db.session() as s:
        rebuild(s)
    return True
