"""The audit trail of lifecycle changes: who changed what on an asset, when and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from smkdesk.core.models import AuditEvent
from smkdesk.core.textclean import one_line
from smkdesk.core.timeutil import utcnow
from smkdesk.core.usage import User, user_name

AUDIT_ACTIONS: tuple[str, ...] = ("retire", "restore", "keep", "status", "owner", "review_by")
ARROW = " → "


@dataclass(frozen=True)
class AuditRecord:
    id: int
    asset_id: int
    occurred_at: datetime
    user_name: str
    action: str  # retire | restore | keep | status | owner | review_by
    detail: str  # e.g. "published → retired"
    reason: str


@dataclass(frozen=True)
class RetiredItem:
    id: int
    title: str
    owner: str
    reason: str
    retired_at: datetime | None  # from the audit trail (None: retired before it existed)
    retired_by: str


def _shown(value: object) -> str:
    if value is None or value == "":
        return "none"
    return value.isoformat() if isinstance(value, date) else str(value)


def audit_row(
    asset_id: int, user: User | str, action: str, old: object, new: object, reason: str = ""
) -> AuditEvent:
    return AuditEvent(
        asset_id=asset_id,
        occurred_at=utcnow(),
        user_name=user_name(user),
        action=action,
        detail=f"{_shown(old)}{ARROW}{_shown(new)}",
        reason=one_line(reason),
    )
