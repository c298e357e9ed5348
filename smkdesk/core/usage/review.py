"""The review queue: content a marketer should look at, each with its reasons.

Reasons (``Reason.code``):

- ``never_used``: no use since it was added, more than ``unused_days`` ago;
- ``not_used_recently``: used, but not in the last ``stale_days`` days;
- ``past_review``: its review date has passed;
- ``not_helpful``: at least ``min_feedback`` ratings, of which at least
  ``not_helpful_ratio`` were "not helpful";
- ``near_duplicate``: its text is at least ``duplicate_threshold`` similar to
  another asset that is not retired (estimated Jaccard similarity of 5-word
  shingles; see ``catalogue/similarity.py``; pairs are found at import time by
  ``catalogue/duplicates.py``, and thresholds under 0.5 act as 0.5).

Retired assets, and assets kept ("snoozed") until a date on or after today, are
left out. Usage figures come from the ``asset_usage`` totals and similarity
from stored pairs, so the queue costs two queries, not one per asset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from smkdesk.core.catalogue import duplicates
from smkdesk.core.catalogue.models import Asset, AssetSignature, AssetText, AssetUsage, Term
from smkdesk.core.store.db import Database
from smkdesk.core.util.gcpause import cyclic_gc_paused
from smkdesk.core.util.numbers import percent
from smkdesk.core.util.timeutil import day_start, day_text, local_day, utcnow

SIGN_BATCH = 100


def fmt_day(d: date) -> str:
    """'12 Mar 2026' (the same in every locale)."""
    return day_text(d)


@dataclass(frozen=True)
class ReviewSettings:
    unused_days: int = 90  # never used, and added more than this many days ago
    stale_days: int = 90  # last used more than this many days ago
    min_feedback: int = 3  # ratings needed before "not helpful" counts
    not_helpful_ratio: float = 0.6
    duplicate_threshold: float = 0.8  # estimated Jaccard similarity; below 0.5 acts as 0.5


DEFAULT_SETTINGS = ReviewSettings()


@dataclass(frozen=True)
class Reason:
    code: str  # never_used | not_used_recently | past_review | not_helpful | near_duplicate
    text: str


@dataclass(frozen=True, kw_only=True)
class ReviewItem:
    id: int
    title: str
    type: str | None
    owner: str
    status: str
    created: datetime
    last_used: datetime | None
    use_count: int
    review_by: date | None = None
    reasons: tuple[Reason, ...] = field(default=())

    def has(self, code: str) -> bool:
        return any(r.code == code for r in self.reasons)


def live_assets(today: date) -> ColumnElement[bool]:
    """Assets the queue considers: not retired, not kept past ``today``."""
    return and_(
        Asset.status != "retired",
        or_(Asset.snoozed_until.is_(None), Asset.snoozed_until < today),
    )


def never_used(settings: ReviewSettings, today: date) -> ColumnElement[bool]:
    """SQL twin of the ``never_used`` rule (needs an outer join to AssetUsage)."""
    added_before = day_start(today - timedelta(days=settings.unused_days))
    return and_(func.coalesce(AssetUsage.uses, 0) == 0, Asset.created_at < added_before)


def not_used_recently(settings: ReviewSettings, today: date) -> ColumnElement[bool]:
    return AssetUsage.last_used < day_start(today - timedelta(days=settings.stale_days))


class ReviewService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # thousands of rows and items, no reference cycles: a collection pass in
    # the middle only adds time (it doubled the p95, bench/bench_usage.py)
    @cyclic_gc_paused()
    def queue(
        self, settings: ReviewSettings = DEFAULT_SETTINGS, today: date | None = None
    ) -> tuple[ReviewItem, ...]:
        """Assets needing review, most reasons first (``today``: the clock, for tests)."""
        today = today or utcnow().date()
        self.ensure_signatures()
        with self._db.reader() as s:
            dups = duplicates.near_duplicates(s, settings.duplicate_threshold)
            flagged = _may_be_flagged(settings, today, dups)
            rows = s.connection().execute(_queue_rows(today).where(flagged)).all()
        rules = _Rules(settings, today)
        items: list[ReviewItem] = []
        for (
            aid,
            title,
            type_name,
            owner,
            status,
            created,
            review_by,
            uses,
            last,
            rated,
            bad,
        ) in rows:
            reasons = rules.reasons(created, review_by, uses or 0, last, rated or 0, bad or 0)
            dup = dups.get(aid)
            if dup is not None:
                other, other_title, sim = dup
                text = f"Near-duplicate of #{other} '{other_title}' ({percent(sim)} similar)"
                reasons.append(Reason("near_duplicate", text))
            if reasons:
                items.append(
                    ReviewItem(
                        id=aid,
                        title=title,
                        type=type_name,
                        owner=owner,
                        status=status,
                        created=created,
                        last_used=last,
                        use_count=uses or 0,
                        review_by=review_by,
                        reasons=tuple(reasons),
                    )
                )
        items.sort(key=lambda i: (-len(i.reasons), i.last_used or datetime.min, i.created, i.id))
        return tuple(items)

    def ensure_signatures(self) -> int:
        """Compute the MinHash signature of every asset with text that lacks one."""
        with self._db.reader() as s:
            missing = list(
                s.scalars(
                    select(Asset.id)
                    .where(Asset.text_status == "text")
                    .where(~select(AssetSignature.asset_id).where(_signed()).exists())
                    .order_by(Asset.id)
                )
            )
        for start in range(0, len(missing), SIGN_BATCH):
            chunk = missing[start : start + SIGN_BATCH]
            with self._db.session() as s:
                bodies = s.execute(
                    select(AssetText.asset_id, AssetText.body).where(AssetText.asset_id.in_(chunk))
                ).all()
                found = {int(a): str(b) for a, b in bodies}
                for a in chunk:
                    duplicates.store_signature(s, a, found.get(a, ""))
        return len(missing)


def _may_be_flagged(
    settings: ReviewSettings, today: date, dups: dict[int, tuple[int, str, float]]
) -> ColumnElement[bool]:
    """A superset of the rules in SQL, so only candidate rows reach Python."""
    au = AssetUsage
    conds = [
        never_used(settings, today),
        not_used_recently(settings, today),
        Asset.review_by < today,
        and_(
            au.rated >= max(settings.min_feedback, 1),
            au.not_helpful >= au.rated * settings.not_helpful_ratio - 1e-9,
        ),
    ]
    if len(dups) <= 2000:
        conds.append(Asset.id.in_(list(dups)))
    else:
        conds.append(Asset.id.is_not(None))  # too many to list: take every row
    return or_(*conds)


def _signed() -> ColumnElement[bool]:
    return AssetSignature.asset_id == Asset.id


def _queue_rows(today: date) -> Select[*tuple[Any, ...]]:
    return (
        select(
            Asset.id,
            Asset.title,
            Term.name.label("type_name"),
            Asset.owner,
            Asset.status,
            Asset.created_at,
            Asset.review_by,
            AssetUsage.uses,
            AssetUsage.last_used,
            AssetUsage.rated,
            AssetUsage.not_helpful,
        )
        .outerjoin(AssetUsage, AssetUsage.asset_id == Asset.id)
        .outerjoin(Term, Term.id == Asset.type_id)
        .where(live_assets(today))
    )


class _Rules:
    """The Python side of the rules, with the cut-offs worked out once per queue."""

    def __init__(self, settings: ReviewSettings, today: date) -> None:
        self.settings, self.today = settings, today
        self.added_before = day_start(today - timedelta(days=settings.unused_days))
        self.used_before = day_start(today - timedelta(days=settings.stale_days))
        self._memo: dict[tuple[str, object], Reason] = {}

    def _reason(self, code: str, key: object, text: Callable[[], str]) -> Reason:
        """Reasons repeat (same age, same day): build each one once."""
        reason = self._memo.get((code, key))
        if reason is None:
            reason = self._memo[(code, key)] = Reason(code, text())
        return reason

    def reasons(
        self,
        created: datetime,
        review_by: date | None,
        uses: int,
        last: datetime | None,
        rated: int,
        bad: int,
    ) -> list[Reason]:
        s, today = self.settings, self.today
        out: list[Reason] = []
        if uses == 0:
            if created < self.added_before:
                age = (today - created.date()).days
                out.append(
                    self._reason(
                        "never_used", age, lambda: f"Never used since it was added {age} days ago"
                    )
                )
        elif last is not None and last < self.used_before:
            day = local_day(last)  # the day the user saw it used
            out.append(
                self._reason(
                    "not_used_recently",
                    day,
                    lambda: f"Not used in the last {s.stale_days} days (last used {fmt_day(day)})",
                )
            )
        if review_by is not None and review_by < today:
            when = review_by
            out.append(
                self._reason("past_review", when, lambda: f"Past its review date ({fmt_day(when)})")
            )
        if rated >= s.min_feedback and rated and bad / rated >= s.not_helpful_ratio:
            out.append(Reason("not_helpful", f"{bad} of {rated} ratings were 'not helpful'"))
        return out
