"""Usage events: a rep opened, sent, presented, copied or rated an asset.

Each ``log`` call commits at once (SQLite WAL, synchronous=NORMAL), so an
event survives an application crash right after the click.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from smkdesk.core.db import Database
from smkdesk.core.dto import PERSONA, SECTOR, STAGE, Changes
from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.models import Asset, Opportunity, Term, UsageEvent
from smkdesk.core.taxonomy import load_terms, resolve
from smkdesk.core.timeutil import utcnow

ACTIONS: tuple[str, ...] = ("opened", "sent", "presented", "copied", "feedback")
ROLES: tuple[str, ...] = ("sales rep", "marketer", "workshop facilitator")


@dataclass(frozen=True)
class User:
    name: str = ""
    role: str = ""


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
        with self._db.session() as s:
            if s.get(Asset, asset_id) is None:
                raise NotFoundError(f"No asset has id {asset_id}.")
            event = UsageEvent(
                asset_id=asset_id,
                action=action,
                occurred_at=when or utcnow(),
                user_name=user.name.strip(),
                user_role=user.role,
                account=context.account.strip(),
                note=context.note.strip(),
                rating=context.rating,
                stage_id=_term_id(s, STAGE, context.stage),
                persona_id=_term_id(s, PERSONA, context.persona),
                sector_id=_term_id(s, SECTOR, context.sector),
            )
            if context.opportunity.strip():
                event.opportunity_id = _opportunity(s, context.account, context.opportunity).id
            s.add(event)
        return Changes(assets=frozenset({asset_id}))

    def history(self, asset_id: int, limit: int = 50) -> tuple[UsageRecord, ...]:
        with self._db.reader() as s:
            stages = {t.id: t.name for t in load_terms(s, STAGE).rows}
            rows = s.execute(
                select(UsageEvent, Opportunity.name)
                .outerjoin(Opportunity, Opportunity.id == UsageEvent.opportunity_id)
                .where(UsageEvent.asset_id == asset_id)
                .order_by(UsageEvent.occurred_at.desc(), UsageEvent.id.desc())
                .limit(limit)
            ).all()
            return tuple(
                UsageRecord(
                    id=e.id,
                    asset_id=e.asset_id,
                    action=e.action,
                    occurred_at=e.occurred_at,
                    user_name=e.user_name,
                    user_role=e.user_role,
                    account=e.account,
                    opportunity=opp or "",
                    stage=stages.get(e.stage_id) if e.stage_id else None,
                    note=e.note,
                    rating=e.rating,
                )
                for e, opp in rows
            )


def _term_id(s: Session, dimension: str, value: str | int | None) -> int | None:
    if value in (None, ""):
        return None
    term: Term = resolve(s, dimension, [value])[0]
    return term.id


def _opportunity(s: Session, account: str, name: str) -> Opportunity:
    account, name = account.strip(), name.strip()
    opp = s.scalar(
        select(Opportunity).where(Opportunity.account == account, Opportunity.name == name)
    )
    if opp is None:
        opp = Opportunity(account=account, name=name, outcome="open")
        s.add(opp)
        s.flush()
    return opp
