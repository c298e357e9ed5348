"""Full-text search over assets: a Whoosh index derived from the database."""

from smkdesk.core.search.model import (
    Highlight,
    IndexDoc,
    IndexHealth,
    IndexHit,
    IndexResult,
    SearchFilters,
    Snippet,
    SortOrder,
)

__all__ = [
    "Highlight",
    "IndexDoc",
    "IndexHealth",
    "IndexHit",
    "IndexResult",
    "SearchFilters",
    "Snippet",
    "SortOrder",
]
from smkdesk.core.search.index import SearchIndex  # noqa: E402

__all__ += ["SearchIndex"]
