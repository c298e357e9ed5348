"""What an edit needs to be undone: each asset's editable values before it, and
putting them back (with the audit trail saying so)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from smkdesk.core.catalogue.audit import asset_fields, edit_rows
from smkdesk.core.catalogue.models import Asset, AssetKeyword, Term
from smkdesk.core.changes import User
from smkdesk.core.util.timeutil import utcnow

UNDO_REASON = "undo"


@dataclass(frozen=True)
class AssetSnapshot:
    """An asset's editable values at one moment (taken before an edit)."""

    id: int
    title: str
    description: str
    type_id: int | None
    owner: str
    status: str
    retired_reason: str | None
    abm_tier: str | None
    review_by: date | None
    language: str | None
    url: str | None
    term_ids: tuple[int, ...]
    keywords: tuple[str, ...]


def take(assets: Sequence[Asset]) -> tuple[AssetSnapshot, ...]:
    return tuple(
        AssetSnapshot(
            id=a.id,
            title=a.title,
            description=a.description or "",
            type_id=a.asset_type.id if a.asset_type else None,
            owner=a.owner,
            status=a.status,
            retired_reason=a.retired_reason,
            abm_tier=a.abm_tier,
            review_by=a.review_by,
            language=a.language,
            url=a.url,
            term_ids=tuple(t.id for t in a.terms),
            keywords=tuple(k.keyword for k in a.keywords),
        )
        for a in assets
    )


def put_back(
    s: Session, assets: Sequence[Asset], snapshots: Sequence[AssetSnapshot], user: User | str
) -> list[int]:
    """Give each asset its snapshot's values; the ids that changed."""
    by_id = {a.id: a for a in assets}
    wanted = {t for snap in snapshots for t in snap.term_ids} | {
        snap.type_id for snap in snapshots if snap.type_id is not None
    }
    terms = {t.id: t for t in s.scalars(select(Term).where(Term.id.in_(wanted)))}
    changed: list[int] = []
    for snap in snapshots:
        a = by_id[snap.id]
        before = asset_fields(a)
        a.title, a.description, a.owner = snap.title, snap.description, snap.owner
        a.asset_type = terms.get(snap.type_id) if snap.type_id is not None else None
        a.status, a.retired_reason, a.abm_tier = snap.status, snap.retired_reason, snap.abm_tier
        a.review_by, a.language, a.url = snap.review_by, snap.language, snap.url
        a.terms = [terms[t] for t in snap.term_ids if t in terms]
        if [k.keyword for k in a.keywords] != list(snap.keywords):
            a.keywords = [AssetKeyword(keyword=k) for k in snap.keywords]
        rows = edit_rows(a.id, user, before, asset_fields(a), UNDO_REASON)
        if rows:
            s.add_all(rows)
            a.updated_at = utcnow()
            changed.append(a.id)
    return changed
