"""Plain, frozen values that cross from the core into the GUI and the CLI.

Never hand a live ORM object out of a service: these dataclasses are safe to
pass between threads and to serialise (see ``to_json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

STAGE = "stage"
PERSONA = "persona"
SECTOR = "sector"
ASSET_TYPE = "type"
DIMENSIONS: tuple[str, ...] = (STAGE, PERSONA, SECTOR, ASSET_TYPE)
DIMENSION_LABELS = {STAGE: "stage", PERSONA: "persona", SECTOR: "sector", ASSET_TYPE: "asset type"}

STATUSES: tuple[str, ...] = ("draft", "published", "retired")
ABM_TIERS: tuple[str, ...] = ("one-to-one", "one-to-few", "one-to-many")

Outcome = Literal["imported", "imported_no_text", "restored", "rejected"]


@dataclass(frozen=True)
class Term:
    id: int
    dimension: str
    name: str
    parent_id: int | None
    position: int
    retired: bool
    path: str  # "Retail/Fashion" for sectors, the name otherwise
    depth: int = 0
    asset_count: int = 0


@dataclass(frozen=True, kw_only=True)
class AssetSummary:
    id: int
    kind: str  # "file" | "link"
    title: str
    file_name: str | None
    type: str | None
    status: str
    owner: str
    stages: tuple[str, ...]
    personas: tuple[str, ...]
    sectors: tuple[str, ...]
    abm_tier: str | None
    keywords: tuple[str, ...]
    created: datetime
    updated: datetime
    text_status: str
    use_count: int = 0
    last_used: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class AssetDetail(AssetSummary):
    description: str = ""
    review_by: date | None = None
    url: str | None = None
    language: str | None = None
    file_size: int | None = None
    file_ext: str | None = None
    sha256: str | None = None
    no_text_reason: str | None = None
    page_count: int | None = None
    stored_path: Path | None = None
    text_preview: str = ""
    #: Where the searchable text stops when the file was too long to index whole.
    truncation: str | None = None


@dataclass(frozen=True)
class ImportOptions:
    """Tags and fields applied to every file of one import."""

    stages: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    asset_type: str | None = None
    owner: str | None = None
    abm_tier: str | None = None
    keywords: tuple[str, ...] = ()
    status: str = "published"
    description: str | None = None
    title: str | None = None
    review_by: date | None = None
    language: str | None = None


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    outcome: Outcome
    reason: str | None = None
    asset_id: int | None = None
    title: str | None = None
    #: What was shortened on the way in ("text truncated after 2,000 of 20,000 pages").
    note: str | None = None


@dataclass(frozen=True)
class ImportReport:
    outcomes: tuple[ImportOutcome, ...]
    cancelled: bool = False
    total: int = 0  # files found; more than len(outcomes) when cancelled

    @property
    def not_reached(self) -> int:
        return max(0, self.total - len(self.outcomes))

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def rejected(self) -> tuple[ImportOutcome, ...]:
        return tuple(o for o in self.outcomes if o.outcome == "rejected")


@dataclass(frozen=True)
class AssetUpdate:
    """Fields to change on an asset; ``None`` leaves a field as it is."""

    title: str | None = None
    description: str | None = None
    asset_type: str | None = None  # "" clears it
    owner: str | None = None
    status: str | None = None
    abm_tier: str | None = None  # "" clears it
    review_by: date | Literal[""] | None = None  # "" clears it
    language: str | None = None
    url: str | None = None
    stages: tuple[str, ...] | None = None
    personas: tuple[str, ...] | None = None
    sectors: tuple[str, ...] | None = None
    keywords: tuple[str, ...] | None = None
    reason: str = ""  # why: required when the status becomes "retired"


@dataclass(frozen=True)
class TagEdit:
    """Tags to add to and remove from one or more assets (bulk edit)."""

    add: dict[str, tuple[str, ...]] = field(default_factory=dict)  # dimension -> names
    remove: dict[str, tuple[str, ...]] = field(default_factory=dict)
    add_keywords: tuple[str, ...] = ()
    remove_keywords: tuple[str, ...] = ()
