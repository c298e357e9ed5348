"""The audit trail: who changed what on an asset (its lifecycle and every edited
field), when and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from smkdesk.core.catalogue.models import Asset, AuditEvent
from smkdesk.core.changes import User, user_name
from smkdesk.core.util.textclean import one_line
from smkdesk.core.util.timeutil import utcnow

AUDIT_ACTIONS: tuple[str, ...] = (
    "retire", "restore", "keep", "status", "owner", "review_by",
    "title", "description", "type", "abm_tier", "language", "url",
    "stages", "personas", "sectors", "keywords",
)  # fmt: skip
ARROW = " → "


@dataclass(frozen=True)
class AuditRecord:
    id: int
    asset_id: int
    occurred_at: datetime
    user_name: str
    action: str  # one of AUDIT_ACTIONS
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
    return audit_note(asset_id, user, action, f"{_shown(old)}{ARROW}{_shown(new)}", reason)


# -- edits: one row per changed field ----------------------------------------------
#: The fields an edit records, in the order they are listed (action names).
EDIT_FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "type",
    "owner",
    "status",
    "abm_tier",
    "review_by",
    "language",
    "url",
    "stages",
    "personas",
    "sectors",
    "keywords",
)
TAG_FIELDS = frozenset({"stages", "personas", "sectors", "keywords"})


def asset_fields(a: Asset) -> dict[str, object]:
    """What an edit can change on an asset, as the audit trail words it."""
    by_dim: dict[str, list[str]] = {"stage": [], "persona": [], "sector": []}
    for t in a.terms:
        by_dim.setdefault(t.dimension, []).append(t.name)
    return {
        "title": a.title,
        "description": a.description or "",
        "type": a.asset_type.name if a.asset_type else None,
        "owner": a.owner,
        "status": a.status,
        "abm_tier": a.abm_tier,
        "review_by": a.review_by,
        "language": a.language,
        "url": a.url,
        "stages": tuple(by_dim["stage"]),
        "personas": tuple(by_dim["persona"]),
        "sectors": tuple(by_dim["sector"]),
        "keywords": tuple(k.keyword for k in a.keywords),
    }


def _names(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, tuple) else ()


def _tag_detail(old: tuple[str, ...], new: tuple[str, ...]) -> str:
    """'+Decision, −Awareness' (what was added and what was taken off)."""
    lower_old, lower_new = {o.lower() for o in old}, {n.lower() for n in new}
    added = [f"+{n}" for n in new if n.lower() not in lower_old]
    removed = [f"−{o}" for o in old if o.lower() not in lower_new]
    return ", ".join(added + removed)


def edit_rows(
    asset_id: int,
    user: User | str,
    before: dict[str, object],
    after: dict[str, object],
    reason: str = "",
) -> list[AuditEvent]:
    """One audit row for each field that an edit changed, with who and why.

    Status keeps its lifecycle words: becoming retired is "retire", leaving
    retired is "restore" (what ``restore`` reads back to undo a retirement)."""
    rows: list[AuditEvent] = []
    for name in EDIT_FIELDS:
        old, new = before.get(name), after.get(name)
        if name in TAG_FIELDS:
            old_t, new_t = _names(old), _names(new)
            if {o.lower() for o in old_t} == {n.lower() for n in new_t}:
                continue
            rows.append(audit_note(asset_id, user, name, _tag_detail(old_t, new_t), reason))
            continue
        if (old or None) == (new or None):
            continue
        if name == "description":
            rows.append(audit_note(asset_id, user, name, "edited", reason))
        elif name == "status" and new == "retired":
            rows.append(audit_row(asset_id, user, "retire", old, new, reason))
        elif name == "status" and old == "retired":
            rows.append(audit_row(asset_id, user, "restore", old, new, reason))
        else:
            rows.append(audit_row(asset_id, user, name, old, new, reason))
    return rows


def audit_note(
    asset_id: int, user: User | str, action: str, detail: str, reason: str = ""
) -> AuditEvent:
    return AuditEvent(
        asset_id=asset_id,
        occurred_at=utcnow(),
        user_name=user_name(user),
        action=action,
        detail=detail,
        reason=one_line(reason),
    )
