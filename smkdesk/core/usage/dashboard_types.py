"""Frozen values the dashboard service returns (safe to hand to the GUI thread)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class DashboardFilters:
    start: date | None = None  # first day of the period (UTC), inclusive
    end: date | None = None  # last day, inclusive
    sector: str | int | None = None  # name, path or id; includes sub-sectors
    owner: str | None = None


@dataclass(frozen=True)
class Figures:
    published: int
    used_recently: int  # published assets used in the last ``stale_days`` days
    used_recently_pct: float  # 0-100, one decimal
    unused: int  # review queue: never used + not used recently
    open_requests: int
    past_review: int


@dataclass(frozen=True)
class Axis:
    id: int | None  # term id (None: no stage/persona/sector)
    name: str


@dataclass(frozen=True)
class Coverage:
    """Published assets per stage (rows) × persona (columns)."""

    stages: tuple[Axis, ...]
    personas: tuple[Axis, ...]
    counts: tuple[tuple[int, ...], ...]  # counts[stage index][persona index]

    def count(self, stage_id: int, persona_id: int) -> int:
        rows = [i for i, a in enumerate(self.stages) if a.id == stage_id]
        cols = [j for j, a in enumerate(self.personas) if a.id == persona_id]
        return self.counts[rows[0]][cols[0]] if rows and cols else 0

    @property
    def gaps(self) -> tuple[tuple[int, int], ...]:
        """(stage id, persona id) of every cell without published content."""
        return tuple(
            (sa.id, pa.id)
            for i, sa in enumerate(self.stages)
            for j, pa in enumerate(self.personas)
            if self.counts[i][j] == 0 and sa.id is not None and pa.id is not None
        )


@dataclass(frozen=True)
class Series:
    term_id: int | None
    name: str
    counts: tuple[int, ...]  # one per period


@dataclass(frozen=True)
class UsageOverTime:
    bucket: str  # month | week
    periods: tuple[date, ...]  # first day of each month / ISO week (Monday)
    series: tuple[Series, ...]  # one per stage, then "No stage" if any

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(col) for col in zip(*(s.counts for s in self.series), strict=True))


@dataclass(frozen=True)
class AssetUse:
    asset_id: int
    title: str
    type: str | None
    owner: str
    status: str
    uses: int  # in the period
    last_used: datetime | None  # ever


@dataclass(frozen=True)
class UsageShare:
    term_id: int | None
    name: str  # sector path or persona name; "No sector"/"No persona" for None
    uses: int
    share: float  # 0-1


@dataclass(frozen=True)
class InfluenceRow:
    asset_id: int
    title: str
    deals: int  # distinct won (or lost) opportunities the asset was used in


@dataclass(frozen=True)
class Influence:
    won: tuple[InfluenceRow, ...]
    lost: tuple[InfluenceRow, ...]


@dataclass(frozen=True)
class Dashboard:
    figures: Figures
    coverage: Coverage
    over_time: UsageOverTime
    most_used: tuple[AssetUse, ...]
    least_used: tuple[AssetUse, ...]
    by_sector: tuple[UsageShare, ...]
    by_persona: tuple[UsageShare, ...]
    influence: Influence
