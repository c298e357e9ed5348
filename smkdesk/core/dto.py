"""Plain, frozen values that cross from the core into the GUI and the CLI.

Never hand a live ORM object out of a service: these dataclasses are safe to
pass between threads and to serialise (see ``to_json``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from smkdesk.core.search import Snippet
from smkdesk.core.timeutil import iso_with_offset

STAGE = "stage"
PERSONA = "persona"
SECTOR = "sector"
ASSET_TYPE = "type"
DIMENSIONS: tuple[str, ...] = (STAGE, PERSONA, SECTOR, ASSET_TYPE)
DIMENSION_LABELS = {STAGE: "stage", PERSONA: "persona", SECTOR: "sector", ASSET_TYPE: "asset type"}

STATUSES: tuple[str, ...] = ("draft", "published", "retired")
ABM_TIERS: tuple[str, ...] = ("one-to-one", "one-to-few", "one-to-many")

Outcome = Literal["imported", "imported_no_text", "restored", "rejected"]
SortOrder = Literal["relevance", "newest", "most_used"]


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


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    stages: tuple[str | int, ...] = ()  # names or term ids
    personas: tuple[str | int, ...] = ()
    sectors: tuple[str | int, ...] = ()  # a sector includes its descendants
    types: tuple[str | int, ...] = ()
    statuses: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    abm_tiers: tuple[str, ...] = ()
    include_retired: bool = False
    sort: SortOrder = "relevance"
    limit: int = 20
    offset: int = 0
    with_snippets: bool = True


@dataclass(frozen=True, kw_only=True)
class SearchHit(AssetSummary):
    score: float = 0.0
    snippet: Snippet | None = None


@dataclass(frozen=True)
class FacetValue:
    key: str  # term id as text, or the literal value (status, owner, tier)
    label: str
    count: int
    depth: int = 0
    parent_key: str | None = None


@dataclass(frozen=True)
class Facet:
    dimension: str  # stage | persona | sector | type | status | owner | abm_tier
    values: tuple[FacetValue, ...]


@dataclass(frozen=True)
class SearchResults:
    query: SearchQuery
    total: int
    hits: tuple[SearchHit, ...]
    facets: tuple[Facet, ...]
    suggestion: str | None = None
    #: Prefix words (as typed) with more completions than one search reads:
    #: the hits cover their most frequent completions; "type more letters".
    incomplete_prefixes: tuple[str, ...] = ()

    @property
    def prefix_note(self) -> str | None:
        """What to tell a user when a short prefix matched only its common words."""
        if not self.incomplete_prefixes:
            return None
        words = ", ".join(f"“{w}…”" for w in self.incomplete_prefixes)
        return f"Showing matches for the most common words starting with {words}: type more letters"

    def facet(self, dimension: str) -> Facet | None:
        return next((f for f in self.facets if f.dimension == dimension), None)


@dataclass(frozen=True)
class Changes:
    """What a mutating service changed; the GUI broadcasts it to every view."""

    assets: frozenset[int] = frozenset()
    deleted: frozenset[int] = frozenset()
    taxonomy: bool = False
    index: bool = False
    usage: bool = False  # usage events or opportunity outcomes
    requests: bool = False  # content requests (search log)
    journeys: bool = False  # journey templates and workshops

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            assets=self.assets | other.assets,
            deleted=self.deleted | other.deleted,
            taxonomy=self.taxonomy or other.taxonomy,
            index=self.index or other.index,
            usage=self.usage or other.usage,
            requests=self.requests or other.requests,
            journeys=self.journeys or other.journeys,
        )

    @property
    def empty(self) -> bool:
        flags = self.taxonomy or self.index or self.usage or self.requests or self.journeys
        return not (self.assets or self.deleted or flags)


@dataclass(frozen=True)
class Problem:
    area: str  # database | index | files
    message: str
    repairable: bool
    repaired: bool = False


@dataclass(frozen=True)
class CheckReport:
    problems: tuple[Problem, ...]
    assets: int
    indexed: int
    files: int

    @property
    def ok(self) -> bool:
        return all(p.repaired for p in self.problems)


def to_json(value: Any) -> Any:
    """Turn DTOs (and what they contain) into JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [to_json(v) for v in value]
        return sorted(items) if isinstance(value, set | frozenset) else items
    if isinstance(value, datetime):
        return iso_with_offset(value)  # stored naive UTC: say so, "…T09:15:00+00:00"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return value
