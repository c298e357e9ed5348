"""Plain value types of the search package (no Whoosh, no database)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class IndexHealth(enum.StrEnum):
    """State of the on-disk index as found by :meth:`SearchIndex.open`."""

    OK = "ok"
    MISSING = "missing"
    OUTDATED = "outdated"
    DAMAGED = "damaged"


class SortOrder(enum.StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    MOST_USED = "most_used"


@dataclass(frozen=True)
class IndexDoc:
    """Everything the index needs to know about one asset.

    ``sector_ids`` holds the tagged sectors *and all their ancestors*, so a
    filter on a parent sector also finds assets tagged with a child.
    """

    asset_id: int
    title: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    body: str = ""
    tag_text: str = ""
    stage_ids: tuple[int, ...] = ()
    persona_ids: tuple[int, ...] = ()
    sector_ids: tuple[int, ...] = ()
    type_id: int | None = None
    status: str = "published"
    owner: str = ""
    abm_tier: str | None = None
    language: str | None = None
    created: datetime = _EPOCH
    updated: datetime = _EPOCH


@dataclass(frozen=True)
class SearchFilters:
    """Values inside one dimension are OR'ed; dimensions are AND'ed.

    Empty ``statuses`` means every status except ``retired`` (unless
    ``include_retired``).
    """

    stage_ids: frozenset[int] = frozenset()
    persona_ids: frozenset[int] = frozenset()
    sector_ids: frozenset[int] = frozenset()
    type_ids: frozenset[int] = frozenset()
    statuses: frozenset[str] = frozenset()
    owners: frozenset[str] = frozenset()
    abm_tiers: frozenset[str] = frozenset()
    include_retired: bool = False


@dataclass(frozen=True)
class Highlight:
    """Character range ``[start, end)`` inside :attr:`Snippet.text`."""

    start: int
    end: int


@dataclass(frozen=True)
class Snippet:
    """Plain text (never markup) plus the ranges the GUI should emphasise."""

    text: str
    highlights: tuple[Highlight, ...] = ()


@dataclass(frozen=True)
class IndexHit:
    asset_id: int
    score: float
    snippet: Snippet | None = None


@dataclass(frozen=True)
class IndexResult:
    """One page of results plus facet counts over *all* matching documents.

    ``facets`` maps "stage"/"persona"/"sector"/"type" to ``{str(id): count}``
    and "status"/"owner"/"abm_tier" to ``{value: count}``.
    """

    total: int
    hits: tuple[IndexHit, ...]
    facets: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    #: Prefix words (as typed) with more completions than one search matches
    #: (the results cover the most frequent ones): say "type more letters".
    incomplete_prefixes: tuple[str, ...] = ()
