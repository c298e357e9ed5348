"""smkdesk core: the content library without any GUI (never imports Qt)."""

from smkdesk.core.dto import (
    AssetDetail,
    AssetSummary,
    AssetUpdate,
    Changes,
    ImportOptions,
    ImportOutcome,
    ImportReport,
    SearchQuery,
    SearchResults,
    TagEdit,
)
from smkdesk.core.errors import SmkError
from smkdesk.core.library import Library, default_library_path

__all__ = [
    "AssetDetail",
    "AssetSummary",
    "AssetUpdate",
    "Changes",
    "ImportOptions",
    "ImportOutcome",
    "ImportReport",
    "Library",
    "SearchQuery",
    "SearchResults",
    "SmkError",
    "TagEdit",
    "default_library_path",
]
