"""Full-text search over assets: a Whoosh index derived from the database.

The package knows nothing about the database: callers hand it
:class:`IndexDoc` values and get asset ids back.
"""

from smkdesk.core.search.index import INDEX_VERSION, SearchIndex
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
    "INDEX_VERSION",
    "Highlight",
    "IndexDoc",
    "IndexHealth",
    "IndexHit",
    "IndexResult",
    "SearchFilters",
    "SearchIndex",
    "Snippet",
    "SortOrder",
]
