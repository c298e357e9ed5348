"""Search service: turns a SearchQuery (names or ids) into an index query and
hydrates the hits with catalogue data from the database."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from smkdesk.core.catalogue import dto
from smkdesk.core.catalogue.assets import load_assets, summary_fields
from smkdesk.core.catalogue.dto import ASSET_TYPE, PERSONA, SECTOR, STAGE
from smkdesk.core.catalogue.models import AssetUsage
from smkdesk.core.catalogue.taxonomy import TermTable, load_terms, resolve
from smkdesk.core.search.dto import Facet, FacetValue, SearchHit, SearchQuery, SearchResults
from smkdesk.core.search.model import SearchFilters, Snippet
from smkdesk.core.search.sync import IndexSync
from smkdesk.core.search.whoosh.querying import analyse_word, clean
from smkdesk.core.search.whoosh.schema import fold

TERM_FACETS = (STAGE, PERSONA, SECTOR, ASSET_TYPE)
VALUE_FACETS = ("status", "owner", "abm_tier")
#: Longest term name, in words, looked for in the query text.
_MAX_NAME_WORDS = 4
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    """Folded words as the index would match them (stems; stop words as they are)."""
    return [analyse_word(w) or w for w in _WORD.findall(fold(text).lower())]


def named_terms(text: str, tables: Mapping[str, TermTable]) -> dict[str, frozenset[str]]:
    """Terms whose name the query text spells out, as ``{dimension: {str(id)}}``:
    "case study retail" names the type Case study and the sector Retail, whose
    assets then rank higher. Words after NOT are not names."""
    words: list[str | None] = []
    negate = False
    for token in _WORD.findall(clean(text)):
        if token == "NOT":
            negate = True
            continue
        if token in ("AND", "OR"):
            words.append(None)  # a name never spans an operator
            continue
        found = _words(token)
        words.append(found[0] if found and not negate else None)
        negate = False
    if not any(words):
        return {}
    grams = {
        tuple(words[i : i + n])
        for n in range(1, _MAX_NAME_WORDS + 1)
        for i in range(len(words) - n + 1)
        if all(words[i : i + n])
    }
    out: dict[str, frozenset[str]] = {}
    for dim, table in tables.items():
        ids = frozenset(
            str(t.id) for t in table.rows if not t.retired and tuple(_words(t.name)) in grams
        )
        if ids:
            out[dim] = ids
    return out


class SearchService:
    def __init__(self, sync: IndexSync) -> None:
        self._sync = sync
        self._db = sync.db

    def search(self, q: SearchQuery) -> SearchResults:
        with self._db.reader() as s:
            ids = {
                dim: frozenset(t.id for t in resolve(s, dim, values))
                for dim, values in (
                    (STAGE, q.stages),
                    (PERSONA, q.personas),
                    (SECTOR, q.sectors),
                    (ASSET_TYPE, q.types),
                )
            }
            usage = self._usage_counts(s) if q.sort == "most_used" or not q.text.strip() else None
            tables = {dim: load_terms(s, dim) for dim in TERM_FACETS}
        filters = SearchFilters(
            stage_ids=ids[STAGE],
            persona_ids=ids[PERSONA],
            sector_ids=ids[SECTOR],
            type_ids=ids[ASSET_TYPE],
            statuses=frozenset(q.statuses),
            owners=frozenset(q.owners),
            abm_tiers=frozenset(q.abm_tiers),
            include_retired=q.include_retired or "retired" in q.statuses,
        )
        result = self._sync.index.search(
            q.text,
            filters,
            sort=q.sort,
            usage=usage,
            limit=q.limit,
            offset=q.offset,
            with_snippets=q.with_snippets,
            boosts=named_terms(q.text, tables),
        )
        with self._db.reader() as s:
            hit_ids = [h.asset_id for h in result.hits]
            fields = {f["id"]: f for f in summary_fields(s, load_assets(s, hit_ids))}
            hits = tuple(
                SearchHit(**fields[h.asset_id], score=h.score, snippet=h.snippet)  # type: ignore[arg-type]
                for h in result.hits
                if h.asset_id in fields
            )
        facets = tuple(
            self._term_facet(d, tables[d], result.facets.get(d, {})) for d in TERM_FACETS
        )
        facets += tuple(self._value_facet(d, result.facets.get(d, {})) for d in VALUE_FACETS)
        return SearchResults(
            query=q,
            total=result.total,
            hits=hits,
            facets=facets,
            suggestion=result.suggestion,
            incomplete_prefixes=result.incomplete_prefixes,
        )

    def snippets(self, text: str, asset_ids: Sequence[int]) -> dict[int, Snippet]:
        return self._sync.index.snippets(text, asset_ids)

    @staticmethod
    def _usage_counts(s: Session) -> dict[int, int]:
        rows = s.execute(select(AssetUsage.asset_id, AssetUsage.uses))
        return {int(a): int(n) for a, n in rows}

    @staticmethod
    def _term_facet(dim: str, table: TermTable, counts: Mapping[str, int]) -> Facet:
        values = tuple(
            FacetValue(
                key=str(t.id),
                label=t.name,
                count=int(counts.get(str(t.id), 0)),
                depth=depth,
                parent_key=str(t.parent_id) if t.parent_id else None,
            )
            for t, depth in table.ordered()
            if counts.get(str(t.id)) or not t.retired
        )
        return Facet(dim, values)

    @staticmethod
    def _value_facet(dim: str, counts: Mapping[str, int]) -> Facet:
        if dim == "status":
            order = list(dto.STATUSES)
        elif dim == "abm_tier":
            order = list(dto.ABM_TIERS)
        else:
            order = sorted((k for k in counts if k), key=str.lower)
        return Facet(
            dim, tuple(FacetValue(key=k, label=k, count=int(counts.get(k, 0))) for k in order)
        )
