"""Usage events: a rep opened, sent, presented, copied or rated an asset.

Each ``log`` call commits at once (SQLite WAL, synchronous=NORMAL), so an
event survives an application crash right after the click. The per-asset and
per-day totals reports read (``usage/rollup.py``) are updated in the same
transaction. Opportunity outcomes (won/lost) close the loop: ``influence``
counts the distinct won and lost deals each asset was used in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, distinct, func, select, update
from sqlalchemy.orm import Session, selectinload

from smkdesk.core.catalogue.dto import PERSONA, SECTOR, STAGE
from smkdesk.core.catalogue.models import Asset, AssetUsage, Term
from smkdesk.core.catalogue.taxonomy import resolve
from smkdesk.core.changes import Changes, User, user_name
from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.store.db import Database
from smkdesk.core.usage import rollup as usage_rollup
from smkdesk.core.usage.dashboard_types import InfluenceRow
from smkdesk.core.usage.models import (
    AssetOpportunity,
    AssetUsageMonthly,
    Opportunity,
    UsageDaily,
    UsageEvent,
)
from smkdesk.core.usage.queries import influence
from smkdesk.core.util.textclean import multi_line, one_line
from smkdesk.core.util.timeutil import day_start, naive_utc, utcnow

ACTIONS: tuple[str, ...] = ("opened", "sent", "presented", "copied", "feedback")
ROLES: tuple[str, ...] = ("sales rep", "marketer", "workshop facilitator")
OUTCOMES: tuple[str, ...] = ("open", "won", "lost")


@dataclass(frozen=True)
class UsageContext:
    account: str = ""
    opportunity: str = ""
    stage: str | int | None = None
    persona: str | int | None = None
    sector: str | int | None = None
    note: str = ""
    rating: int | None = None  # +1 helpful, -1 not helpful (feedback)


@dataclass(frozen=True)
class UsageRecord:
    id: int
    asset_id: int
    action: str
    occurred_at: datetime
    user_name: str
    user_role: str
    account: str
    opportunity: str
    stage: str | None
    note: str
    rating: int | None
    persona: str | None = None
    sector: str | None = None
    title: str = ""
    outcome: str = ""  # the opportunity's outcome, if there is one


@dataclass(frozen=True)
class KnownAccount:
    """An account someone logged content against, for completing the account field."""

    name: str
    last_used: datetime
    uses: int
    #: Already used with the asset asked about (these come first).
    with_asset: bool = False


@dataclass(frozen=True)
class OpportunityRecord:
    id: int
    account: str
    name: str
    outcome: str
    closed_at: datetime | None
    assets: int  # distinct assets used in it
    uses: int


class UsageService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def log(
        self,
        asset_id: int,
        action: str,
        user: User = User(),
        context: UsageContext = UsageContext(),
        when: datetime | None = None,
    ) -> Changes:
        if action not in ACTIONS:
            raise ValidationError(f"Unknown action {action!r}; use one of: {', '.join(ACTIONS)}.")
        if context.rating not in (None, 1, -1):
            raise ValidationError("Feedback is +1 (helpful) or -1 (not helpful).")
        at = naive_utc(when) if when else utcnow()
        with self._db.session() as s:
            asset = s.scalar(
                select(Asset).where(Asset.id == asset_id).options(selectinload(Asset.terms))
            )
            if asset is None:
                raise NotFoundError(f"No asset has id {asset_id}.")
            event = UsageEvent(
                asset_id=asset_id,
                action=action,
                occurred_at=at,
                occurred_on=at.date(),
                user_name=user_name(user),
                user_role=one_line(user.role),
                account=one_line(context.account),
                note=multi_line(context.note),
                rating=context.rating,
                stage_id=_term_id(s, STAGE, context.stage),
                persona_id=_term_id(s, PERSONA, context.persona),
                sector_id=_term_id(s, SECTOR, context.sector),
            )
            usage_rollup.set_effective(event, asset)
            if one_line(context.opportunity):
                event.opportunity_id = _opportunity(s, context.account, context.opportunity).id
            s.add(event)
            s.flush()
            usage_rollup.record(s, event)
        return Changes(assets=frozenset({asset_id}), usage=True)

    def history(self, asset_id: int, limit: int = 50) -> tuple[UsageRecord, ...]:
        return self.list_events(limit=limit, asset_id=asset_id)

    def list_events(
        self,
        limit: int | None = 100,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        asset_id: int | None = None,
    ) -> tuple[UsageRecord, ...]:
        """Events, newest first; ``since``/``until`` are inclusive (a date means that day)."""
        return tuple(self.iter_events(limit, since, until, asset_id))

    def iter_events(
        self,
        limit: int | None = None,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        asset_id: int | None = None,
    ) -> Iterator[UsageRecord]:
        """Like ``list_events`` but streamed in batches (for CSV export)."""
        q = (
            select(UsageEvent, Opportunity.name, Opportunity.outcome, Asset.title)
            .join(Asset, Asset.id == UsageEvent.asset_id)
            .outerjoin(Opportunity, Opportunity.id == UsageEvent.opportunity_id)
            .order_by(UsageEvent.occurred_at.desc(), UsageEvent.id.desc())
        )
        if asset_id is not None:
            q = q.where(UsageEvent.asset_id == asset_id)
        if since is not None:
            q = q.where(UsageEvent.occurred_at >= _lower(since))
        if until is not None:
            q = q.where(UsageEvent.occurred_at < _upper(until))
        if limit is not None:
            q = q.limit(limit)
        with self._db.reader() as s:
            names = dict(
                s.execute(select(Term.id, Term.name).where(Term.dimension.in_(_CONTEXT))).all()
            )
            for e, opp, outcome, title in s.execute(q.execution_options(yield_per=2000)):
                yield UsageRecord(
                    id=e.id,
                    asset_id=e.asset_id,
                    action=e.action,
                    occurred_at=e.occurred_at,
                    user_name=e.user_name,
                    user_role=e.user_role,
                    account=e.account,
                    opportunity=opp or "",
                    stage=names.get(e.stage_id) if e.stage_id else None,
                    note=e.note,
                    rating=e.rating,
                    persona=names.get(e.persona_id) if e.persona_id else None,
                    sector=names.get(e.sector_id) if e.sector_id else None,
                    title=title,
                    outcome=outcome or "",
                )

    def withdraw(
        self, asset_ids: Sequence[int], action: str, user: User | str, since: datetime
    ) -> Changes:
        """Take back the uses just logged (an Undo): the ``action`` events of these
        assets by ``user`` at or after ``since``, and their share of the totals."""
        e = UsageEvent
        with self._db.session() as s:
            events = list(
                s.scalars(
                    select(e).where(
                        e.asset_id.in_(list(asset_ids)),
                        e.action == action,
                        e.user_name == user_name(user),
                        e.occurred_at >= naive_utc(since),
                    )
                )
            )
            if not events:
                return Changes()
            _forget_events(s, events)
            for event in events:
                s.delete(event)
        return Changes(assets=frozenset(ev.asset_id for ev in events), usage=True)

    def known_accounts(self, asset_id: int | None = None) -> tuple[KnownAccount, ...]:
        """Every account content was logged against: those already used with
        ``asset_id`` first, each group most recently used first."""
        e = UsageEvent
        q = (
            select(e.account, func.max(e.occurred_at), func.count())
            .where(e.account != "")
            .group_by(e.account)
        )
        with self._db.reader() as s:
            rows = s.execute(q).all()
            mine: set[str] = set()
            if asset_id is not None:
                mine = set(
                    s.scalars(
                        select(e.account).where(e.asset_id == asset_id, e.account != "").distinct()
                    )
                )
        accounts = [
            KnownAccount(str(name), last, int(n), str(name) in mine) for name, last, n in rows
        ]
        accounts.sort(key=lambda a: (not a.with_asset, -a.last_used.timestamp(), a.name.lower()))
        return tuple(accounts)

    # -- opportunities -------------------------------------------------------------
    def set_outcome(
        self, account: str, opportunity: str, outcome: str, when: datetime | None = None
    ) -> Changes:
        """Record that a deal was won, lost or is open again."""
        if outcome not in OUTCOMES:
            raise ValidationError(
                f"Unknown outcome {outcome!r}; use one of: {', '.join(OUTCOMES)}."
            )
        account, name = one_line(account), one_line(opportunity)
        with self._db.session() as s:
            opp = s.scalar(
                select(Opportunity).where(Opportunity.account == account, Opportunity.name == name)
            )
            if opp is None:
                raise NotFoundError(
                    f"No opportunity {name!r} for account {account!r}; "
                    "log a use with that account and opportunity first."
                )
            opp.outcome = outcome
            opp.closed_at = None if outcome == "open" else naive_utc(when) if when else utcnow()
        return Changes(usage=True)

    def list_opportunities(self) -> tuple[OpportunityRecord, ...]:
        e = UsageEvent
        with self._db.reader() as s:
            stats = {
                int(opp or 0): (int(assets), int(uses))
                for opp, assets, uses in s.execute(
                    select(e.opportunity_id, func.count(distinct(e.asset_id)), func.count())
                    .where(e.opportunity_id.is_not(None))
                    .group_by(e.opportunity_id)
                )
            }
            opps = s.scalars(select(Opportunity).order_by(Opportunity.account, Opportunity.name))
            return tuple(
                OpportunityRecord(
                    id=o.id,
                    account=o.account,
                    name=o.name,
                    outcome=o.outcome,
                    closed_at=o.closed_at,
                    assets=stats.get(o.id, (0, 0))[0],
                    uses=stats.get(o.id, (0, 0))[1],
                )
                for o in opps
            )

    def influence(self, top: int = 10) -> tuple[tuple[InfluenceRow, ...], tuple[InfluenceRow, ...]]:
        """The assets used in the most won deals, and in the most lost deals."""
        with self._db.reader() as s:
            return influence(s, top)

    def rebuild_rollups(self) -> None:
        """Recompute usage totals from the events (after a bulk load, or to repair)."""
        with self._db.session() as s:
            usage_rollup.rebuild(s)


_CONTEXT = (STAGE, PERSONA, SECTOR)


def _lower(when: date | datetime) -> datetime:
    return naive_utc(when) if isinstance(when, datetime) else day_start(when)


def _upper(when: date | datetime) -> datetime:
    """Exclusive upper bound: a date covers its whole day."""
    if isinstance(when, datetime):
        return naive_utc(when) + timedelta(microseconds=1)
    return day_start(when + timedelta(days=1))


def _term_id(s: Session, dimension: str, value: str | int | None) -> int | None:
    if value in (None, ""):
        return None
    term: Term = resolve(s, dimension, [value])[0]
    return term.id


def _opportunity(s: Session, account: str, name: str) -> Opportunity:
    account, name = one_line(account), one_line(name)
    opp = s.scalar(
        select(Opportunity).where(Opportunity.account == account, Opportunity.name == name)
    )
    if opp is None:
        opp = Opportunity(account=account, name=name, outcome="open")
        s.add(opp)
        s.flush()
    return opp


def _forget_events(s: Session, events: Sequence[UsageEvent]) -> None:
    """Take events about to be deleted out of every total (their own transaction).

    ``usage_rollup.record`` added each one; this subtracts it again, and works out
    first and last use from the events that stay.
    """
    daily: Counter[tuple[date, str, int]] = Counter()
    monthly: Counter[tuple[int, date]] = Counter()
    deals: Counter[tuple[int, int]] = Counter()
    per_asset: dict[int, list[UsageEvent]] = {}
    gone = [ev.id for ev in events]
    for ev in events:
        per_asset.setdefault(ev.asset_id, []).append(ev)
        for dim in usage_rollup.CONTEXT_DIMENSIONS:
            term = getattr(ev, usage_rollup.effective_column(dim).key) or usage_rollup.NO_TERM
            daily[(ev.occurred_on, dim, int(term))] += 1
        monthly[(ev.asset_id, usage_rollup.month_of(ev.occurred_on))] += 1
        if ev.opportunity_id is not None:
            deals[(ev.opportunity_id, ev.asset_id)] += 1
    ud, am, ao, au, e = UsageDaily, AssetUsageMonthly, AssetOpportunity, AssetUsage, UsageEvent
    counted: tuple[tuple[Any, tuple[Any, ...], Mapping[tuple[Any, ...], int]], ...] = (
        (ud, (ud.day, ud.dimension, ud.term_id), daily),
        (am, (am.asset_id, am.month), monthly),
        (ao, (ao.opportunity_id, ao.asset_id), deals),
    )
    for table, columns, counts in counted:
        for key, n in counts.items():
            s.execute(
                update(table)
                .where(*(column == value for column, value in zip(columns, key, strict=True)))
                .values(uses=table.uses - n)
                .execution_options(synchronize_session=False)
            )
    for table in (ud, am, ao):
        s.execute(delete(table).where(table.uses <= 0))
    for asset_id, evs in per_asset.items():
        first, last = s.execute(
            select(func.min(e.occurred_at), func.max(e.occurred_at)).where(
                e.asset_id == asset_id, e.id.not_in(gone)
            )
        ).one()
        if first is None:
            s.execute(delete(au).where(au.asset_id == asset_id))
            continue
        rated = sum(1 for ev in evs if ev.rating is not None)
        unhelpful = sum(1 for ev in evs if ev.rating is not None and ev.rating < 0)
        s.execute(
            update(au)
            .where(au.asset_id == asset_id)
            .values(
                uses=au.uses - len(evs),
                first_used=first,
                last_used=last,
                rated=au.rated - rated,
                not_helpful=au.not_helpful - unhelpful,
            )
            .execution_options(synchronize_session=False)
        )
