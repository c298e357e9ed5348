"""Content lifecycle: retire (with a reason), restore, keep, and change owner,
review date or status, each with an audit trail (who, when, what, why).

Retiring is reversible and keeps the asset, its file and its usage history; a
retired asset only leaves the default search and the review queue. Every change
queues the assets for the search index (status is indexed) and returns a
``Changes`` value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from smkdesk.core.catalogue.audit import ARROW, AuditRecord, RetiredItem, audit_row
from smkdesk.core.catalogue.follow import IndexFollower
from smkdesk.core.catalogue.models import Asset, AuditEvent
from smkdesk.core.catalogue.options import check_status
from smkdesk.core.changes import Changes, User
from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.util.textclean import one_line
from smkdesk.core.util.timeutil import utcnow


class LifecycleService:
    def __init__(self, sync: IndexFollower) -> None:
        self._sync = sync
        self._db = sync.db

    def retire(self, ids: Sequence[int], reason: str, user: User | str = "") -> Changes:
        """Take content out of circulation (reversibly); a reason is required."""
        reason = one_line(reason)
        if not reason:
            raise ValidationError("A reason is required to retire content.")

        def change(s: Session, a: Asset) -> AuditEvent | None:
            if a.status == "retired":
                return None
            row = audit_row(a.id, user, "retire", a.status, "retired", reason)
            a.status, a.retired_reason = "retired", reason
            return row

        return self._apply(ids, change)

    def restore(self, ids: Sequence[int], user: User | str = "") -> Changes:
        """Bring retired content back, with the status it had before."""

        def change(s: Session, a: Asset) -> AuditEvent | None:
            if a.status != "retired":
                return None
            before = _status_before_retire(s, a.id)
            row = audit_row(a.id, user, "restore", "retired", before)
            a.status, a.retired_reason = before, None
            return row

        return self._apply(ids, change)

    def keep(
        self,
        ids: Sequence[int],
        until: date,
        user: User | str = "",
        reason: str = "",
        today: date | None = None,
    ) -> Changes:
        """Keep content out of the review queue until ``until`` (inclusive)."""
        if until < (today or utcnow().date()):
            raise ValidationError("The keep-until date cannot be in the past.")

        def change(s: Session, a: Asset) -> AuditEvent | None:
            row = audit_row(a.id, user, "keep", a.snoozed_until, until, reason)
            a.snoozed_until = until
            return row

        return self._apply(ids, change)

    def set_owner(self, ids: Sequence[int], owner: str, user: User | str = "") -> Changes:
        owner = one_line(owner)

        def change(s: Session, a: Asset) -> AuditEvent | None:
            if a.owner == owner:
                return None
            row = audit_row(a.id, user, "owner", a.owner, owner)
            a.owner = owner
            return row

        return self._apply(ids, change)

    def set_review_by(
        self, ids: Sequence[int], review_by: date | None, user: User | str = ""
    ) -> Changes:
        def change(s: Session, a: Asset) -> AuditEvent | None:
            if a.review_by == review_by:
                return None
            row = audit_row(a.id, user, "review_by", a.review_by, review_by)
            a.review_by = review_by
            return row

        return self._apply(ids, change)

    def set_status(self, ids: Sequence[int], status: str, user: User | str = "") -> Changes:
        """Draft or published; retiring goes through ``retire`` (it needs a reason)."""
        check_status(status)
        if status == "retired":
            raise ValidationError("A reason is required to retire content.")

        def change(s: Session, a: Asset) -> AuditEvent | None:
            if a.status == status:
                return None
            row = audit_row(a.id, user, "status", a.status, status)
            a.status, a.retired_reason = status, None
            return row

        return self._apply(ids, change)

    def audit(self, asset_id: int) -> tuple[AuditRecord, ...]:
        """The asset's audit trail, newest first."""
        with self._db.reader() as s:
            if s.get(Asset, asset_id) is None:
                raise NotFoundError(f"No asset has id {asset_id}.")
            rows = s.scalars(
                select(AuditEvent)
                .where(AuditEvent.asset_id == asset_id)
                .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            )
            return tuple(
                AuditRecord(
                    r.id, r.asset_id, r.occurred_at, r.user_name, r.action, r.detail, r.reason
                )
                for r in rows
            )

    def retired(self) -> tuple[RetiredItem, ...]:
        """Retired assets with why, when and by whom, most recently retired first."""
        with self._db.reader() as s:
            assets = list(s.scalars(select(Asset).where(Asset.status == "retired")))
            last: dict[int, tuple[datetime | None, str, str]] = {}
            if assets:
                events = s.execute(
                    select(
                        AuditEvent.asset_id,
                        AuditEvent.occurred_at,
                        AuditEvent.user_name,
                        AuditEvent.reason,
                    )
                    .where(
                        AuditEvent.asset_id.in_([a.id for a in assets]),
                        AuditEvent.detail.like(f"%{ARROW}retired"),
                    )
                    .order_by(AuditEvent.occurred_at, AuditEvent.id)
                )
                for aid, when, user, note in events:
                    last[aid] = (when, user, note)  # the latest wins
            items: list[RetiredItem] = []
            for a in assets:
                at, who, why = last.get(a.id, (None, "", ""))
                reason = a.retired_reason or why
                items.append(RetiredItem(a.id, a.title, a.owner, reason, at, who))
        items.sort(key=lambda i: i.retired_at or datetime.min, reverse=True)
        return tuple(items)

    def _apply(
        self, ids: Sequence[int], change: Callable[[Session, Asset], AuditEvent | None]
    ) -> Changes:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            raise ValidationError("No assets were selected.")
        changed: list[int] = []
        with self._db.session() as s:
            assets = {a.id: a for a in s.scalars(select(Asset).where(Asset.id.in_(wanted)))}
            missing = [i for i in wanted if i not in assets]
            if missing:
                raise NotFoundError(f"No asset has id {', '.join(map(str, missing))}.")
            for aid in wanted:
                row = change(s, assets[aid])
                if row is not None:
                    s.add(row)
                    assets[aid].updated_at = utcnow()
                    changed.append(aid)
            self._sync.queue(s, changed)
        if changed:
            self._sync.flush()
        return Changes(assets=frozenset(changed))


def _status_before_retire(s: Session, asset_id: int) -> str:
    """The status the asset had before it was last retired (by ``retire`` or an edit)."""
    detail = s.scalar(
        select(AuditEvent.detail)
        .where(
            AuditEvent.asset_id == asset_id,
            AuditEvent.action.in_(("retire", "status")),
            AuditEvent.detail.like(f"%{ARROW}retired"),
        )
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(1)
    )
    before = detail.split(ARROW)[0] if detail else ""
    return before if before in ("draft", "published") else "published"
