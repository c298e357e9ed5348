"""Dashboard figures: what is used, what is not, where content is missing.

Filters: ``start``/``end`` (UTC days, inclusive) limit usage to that period
(and influence to deals closed in it); ``sector`` (a name, path or id, with its
sub-sectors) and ``owner`` limit the *assets* counted. Usage counts under the
buyer's stage/persona/sector given with the event, else the asset's first tag
at the time of use (see ``usage/rollup.py``).

Queries live in ``usage/queries.py``: they read the per-day and per-asset totals
(``usage/rollup.py``) or, with sector/owner filters, the events of the matching
assets through covering indexes. Nothing here scans every event.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from smkdesk.core.catalogue.dto import PERSONA, SECTOR, STAGE
from smkdesk.core.catalogue.models import Asset, AssetTerm, AssetUsage, Term
from smkdesk.core.catalogue.taxonomy import TermTable, load_terms
from smkdesk.core.errors import ValidationError
from smkdesk.core.store.db import Database
from smkdesk.core.usage.dashboard_types import (
    AssetUse,
    Axis,
    Coverage,
    Dashboard,
    DashboardFilters,
    Figures,
    Influence,
    Series,
    UsageOverTime,
    UsageShare,
)
from smkdesk.core.usage.models import ContentRequest as RequestRow
from smkdesk.core.usage.queries import (
    asset_conditions,
    asset_ids,
    by_day_and_term,
    influence,
    next_month,
    period_counts,
    ranked,
    term_totals,
    usage_version,
)
from smkdesk.core.usage.review import (
    DEFAULT_SETTINGS,
    ReviewSettings,
    live_assets,
    never_used,
    not_used_recently,
)
from smkdesk.core.util.gcpause import cyclic_gc_paused
from smkdesk.core.util.timeutil import day_start, utcnow

__all__ = ["DashboardFilters", "DashboardService"]
BUCKETS = ("month", "week")
NO_FILTERS = DashboardFilters()
NONE_LABELS = {STAGE: "No stage", PERSONA: "No persona", SECTOR: "No sector"}


def bucket_start(day: date, bucket: str) -> date:
    return day.replace(day=1) if bucket == "month" else day - timedelta(days=day.weekday())


def next_bucket(day: date, bucket: str) -> date:
    return day + timedelta(days=7) if bucket == "week" else next_month(day)


class DashboardService:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._memo: tuple[tuple[object, ...], Counter[int]] | None = None

    def _period_counts(self, s: Session, f: DashboardFilters) -> Counter[int] | None:
        """Per-asset uses in the period, shared by "most" and "least used".

        Remembered for unfiltered periods until the usage totals change (asset
        filters are not remembered: any tag or owner edit may change them).
        """
        if f.start is None and f.end is None:
            return None
        if f.owner or f.sector not in (None, ""):
            return period_counts(s, f)
        key = (f.start, f.end, *usage_version(s))
        memo = self._memo
        if memo is not None and memo[0] == key:
            return memo[1]
        counts = period_counts(s, f)
        self._memo = (key, counts)
        return counts

    @cyclic_gc_paused()  # as for the review queue: many objects, no cycles
    def refresh(self, filters: DashboardFilters, today: date | None = None) -> Dashboard:
        """Everything the dashboard shows, in one call (period counts worked out once)."""
        # the coverage query is the longest; SQLite runs it on a second
        # connection (and core) while this thread does the rest
        with ThreadPoolExecutor(1, thread_name_prefix="dashboard") as pool:
            coverage = pool.submit(self.coverage, filters)
            with self._db.reader() as s:
                counts = self._period_counts(s, filters)
                most = ranked(s, 10, filters, True, counts)
                least = ranked(s, 10, filters, False, counts)
            figures = self.figures(filters, today)
            over_time = self.usage_over_time(filters)
            by_sector = self.usage_by(SECTOR, filters)
            by_persona = self.usage_by(PERSONA, filters)
            influence = self.influence(filters)
            return Dashboard(
                figures=figures,
                coverage=coverage.result(),
                over_time=over_time,
                most_used=most,
                least_used=least,
                by_sector=by_sector,
                by_persona=by_persona,
                influence=influence,
            )

    def figures(
        self,
        filters: DashboardFilters = NO_FILTERS,
        today: date | None = None,
        settings: ReviewSettings = DEFAULT_SETTINGS,
    ) -> Figures:
        today = today or utcnow().date()
        with self._db.reader() as s:
            scope = asset_conditions(s, filters)

            def count(*conds: ColumnElement[bool]) -> int:
                q = select(func.count()).select_from(Asset)
                q = q.outerjoin(AssetUsage, AssetUsage.asset_id == Asset.id)
                return int(s.scalar(q.where(*scope, *conds)) or 0)

            published = count(Asset.status == "published")
            recent = day_start(today - timedelta(days=settings.stale_days))
            used = count(Asset.status == "published", AssetUsage.last_used >= recent)
            live = live_assets(today)
            unused = count(live, never_used(settings, today) | not_used_recently(settings, today))
            past_review = count(live, Asset.review_by < today)
            requests = s.scalar(
                select(func.count()).select_from(RequestRow).where(RequestRow.status == "open")
            )
        return Figures(
            published=published,
            used_recently=used,
            used_recently_pct=round(100.0 * used / published, 1) if published else 0.0,
            unused=unused,
            open_requests=int(requests or 0),
            past_review=past_review,
        )

    def coverage(self, filters: DashboardFilters = NO_FILTERS) -> Coverage:
        """Published assets per stage × persona; zero cells are the gaps."""
        st, pe = AssetTerm.__table__.alias("st"), AssetTerm.__table__.alias("pe")
        ts, tp = Term.__table__.alias("ts"), Term.__table__.alias("tp")
        with self._db.reader() as s:
            q = (
                select(st.c.term_id, pe.c.term_id, func.count())
                .select_from(Asset)
                .join(st, st.c.asset_id == Asset.id)
                .join(ts, and_(ts.c.id == st.c.term_id, ts.c.dimension == STAGE))
                .join(pe, pe.c.asset_id == Asset.id)
                .join(tp, and_(tp.c.id == pe.c.term_id, tp.c.dimension == PERSONA))
                .where(Asset.status == "published", *asset_conditions(s, filters))
                .group_by(st.c.term_id, pe.c.term_id)
            )
            cells = {(int(a), int(b)): int(n) for a, b, n in s.connection().execute(q)}
            stages = _axis(load_terms(s, STAGE), {a for a, _ in cells})
            personas = _axis(load_terms(s, PERSONA), {b for _, b in cells})
        counts = tuple(
            tuple(cells.get((sa.id or 0, pa.id or 0), 0) for pa in personas) for sa in stages
        )
        return Coverage(stages=stages, personas=personas, counts=counts)

    def usage_over_time(
        self, filters: DashboardFilters = NO_FILTERS, bucket: str = "month"
    ) -> UsageOverTime:
        """Uses per period (month or ISO week) and stage."""
        if bucket not in BUCKETS:
            raise ValidationError(f"Unknown period {bucket!r}; use month or week.")
        with self._db.reader() as s:
            rows = by_day_and_term(s, STAGE, filters)
            table = load_terms(s, STAGE)
        if not rows:
            return UsageOverTime(bucket=bucket, periods=(), series=())
        first = bucket_start(filters.start or min(d for d, _, _ in rows), bucket)
        last = bucket_start(filters.end or max(d for d, _, _ in rows), bucket)
        periods: list[date] = []
        while first <= last:
            periods.append(first)
            first = next_bucket(first, bucket)
        index = {p: i for i, p in enumerate(periods)}
        totals: dict[int | None, list[int]] = {}
        for day, term, n in rows:
            i = index.get(bucket_start(day, bucket))
            if i is not None:
                totals.setdefault(term, [0] * len(periods))[i] += n
        none = NONE_LABELS[STAGE] if None in totals else None
        axis = _axis(table, {t for t in totals if t is not None}, none)
        zeros = [0] * len(periods)
        series = tuple(Series(a.id, a.name, tuple(totals.get(a.id, zeros))) for a in axis)
        return UsageOverTime(bucket=bucket, periods=tuple(periods), series=series)

    def usage_by(
        self, dimension: str = SECTOR, filters: DashboardFilters = NO_FILTERS
    ) -> tuple[UsageShare, ...]:
        """Uses per buyer sector or persona, most first."""
        if dimension not in (SECTOR, PERSONA, STAGE):
            raise ValidationError(
                f"Usage can be broken down by sector, persona or stage, not {dimension!r}."
            )
        with self._db.reader() as s:
            sums = term_totals(s, dimension, filters)
            table = load_terms(s, dimension)
        total = sum(sums.values())
        shares = [
            UsageShare(
                term_id=t,
                name=table.path(table.by_id[t]) if t in table.by_id else NONE_LABELS[dimension],
                uses=n,
                share=round(n / total, 4) if total else 0.0,
            )
            for t, n in sums.items()
            if n
        ]
        return tuple(sorted(shares, key=lambda u: (-u.uses, u.name.lower())))

    def most_used(
        self, n: int = 10, filters: DashboardFilters = NO_FILTERS
    ) -> tuple[AssetUse, ...]:
        """The assets used most in the period (any status)."""
        with self._db.reader() as s:
            return ranked(s, n, filters, True, self._period_counts(s, filters))

    def least_used(
        self, n: int = 10, filters: DashboardFilters = NO_FILTERS
    ) -> tuple[AssetUse, ...]:
        """Published assets used least in the period (never-used ones first)."""
        with self._db.reader() as s:
            return ranked(s, n, filters, False, self._period_counts(s, filters))

    def influence(self, filters: DashboardFilters = NO_FILTERS, top: int = 10) -> Influence:
        """Assets used in the most won / lost deals (deals closed in the period)."""
        with self._db.reader() as s:
            won, lost = influence(s, top, asset_ids(s, filters), filters.start, filters.end)
        return Influence(won=won, lost=lost)


def _axis(table: TermTable, used: set[int], none_label: str | None = None) -> tuple[Axis, ...]:
    """Active terms in taxonomy order (retired ones only if they have counts)."""
    out = [Axis(t.id, table.path(t)) for t, _ in table.ordered() if not t.retired or t.id in used]
    if none_label is not None:
        out.append(Axis(None, none_label))
    return tuple(out)
