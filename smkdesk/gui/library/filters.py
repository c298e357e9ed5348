"""The Library's filters as a ``Selection`` ({dimension: {key: label}}): the
role's defaults, the query they make, and the way back from a query.

Pure functions, no widgets: the page keeps one ``Selection`` and asks here.
"""

from __future__ import annotations

from typing import Any

from smkdesk.core.catalogue.taxonomy import TaxonomyService
from smkdesk.core.errors import SmkError
from smkdesk.core.search.dto import SearchQuery
from smkdesk.gui.library.facets import FACET_TITLES, Selection

#: Filters a role starts with (and returns to on "Clear"): reps see published
#: content unless they choose otherwise.
ROLE_DEFAULTS: dict[str, dict[str, dict[str, str]]] = {
    "sales rep": {"status": {"published": "published"}},
}
TERM_DIMS = {"stage": "stages", "persona": "personas", "sector": "sectors", "type": "types"}
VALUE_DIMS = {"status": "statuses", "owner": "owners", "abm_tier": "abm_tiers"}


def role_defaults(role: str) -> Selection:
    return {dim: dict(values) for dim, values in ROLE_DEFAULTS.get(role, {}).items()}


def query_fields(selection: Selection) -> dict[str, Any]:
    """The ``SearchQuery`` fields the selection sets."""
    fields: dict[str, Any] = {}
    for dim, field in TERM_DIMS.items():
        fields[field] = tuple(int(k) for k in selection.get(dim, {}))
    for dim, field in VALUE_DIMS.items():
        fields[field] = tuple(selection.get(dim, {}))
    return fields


def selection_of(query: SearchQuery, tax: TaxonomyService, defaults: Selection) -> Selection:
    """The filters of ``query`` (from the dashboard, the review queue, a
    request), plus the role's defaults; a term renamed or merged since is dropped."""
    selection: Selection = {}
    for dim, field in TERM_DIMS.items():
        for value in getattr(query, field):
            try:
                term = tax.get(value) if isinstance(value, int) else tax.find(dim, value)
            except SmkError:
                continue
            selection.setdefault(dim, {})[str(term.id)] = term.path
    for dim, field in VALUE_DIMS.items():
        for value in getattr(query, field):
            selection.setdefault(dim, {})[value] = value
    for dim, values in defaults.items():
        selection.setdefault(dim, values)  # a rep still sees published content
    return selection


def kept_text(selection: Selection, defaults: Selection) -> str:
    """The defaults that are on ("Status: published"): shown as chips, kept by "clear"."""
    on = [
        f"{FACET_TITLES.get(dim, dim)}: {label}"
        for dim, values in defaults.items()
        for key, label in values.items()
        if key in selection.get(dim, {})
    ]
    return ", ".join(on)


def extra_count(selection: Selection, defaults: Selection) -> int:
    """Filter values set beyond the defaults (what "clear" removes)."""
    return sum(
        1 for dim, values in selection.items() for key in values if key not in defaults.get(dim, {})
    )


def swap_defaults(selection: Selection, old: Selection, new: Selection) -> bool:
    """Replace ``old`` defaults by ``new`` in place, keeping what was chosen by
    hand; False when there is nothing to change."""
    if old == new:
        return False
    for dim, values in old.items():
        for key in values:
            selection.get(dim, {}).pop(key, None)
        if dim in selection and not selection[dim]:
            del selection[dim]
    for dim, values in new.items():
        selection.setdefault(dim, {}).update(values)
    return True
