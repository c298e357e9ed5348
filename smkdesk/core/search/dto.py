"""What the search service is asked and answers (frozen, safe to hand to the GUI thread)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from smkdesk.core.catalogue.dto import AssetSummary
from smkdesk.core.search.model import Snippet

SortOrder = Literal["relevance", "newest", "most_used"]


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
