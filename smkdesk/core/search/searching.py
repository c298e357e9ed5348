"""One search on a :class:`View`: filters, facets, ordering, snippets and
"did you mean". Pure functions; the caller holds the view's lock."""

from __future__ import annotations

import heapq
import re
from collections.abc import Mapping, Sequence

from smkdesk.core.search import bits
from smkdesk.core.search.evaluate import Evaluator
from smkdesk.core.search.model import (
    IndexHit,
    IndexResult,
    SearchFilters,
    Snippet,
    SortOrder,
)
from smkdesk.core.search.querying import ParsedQuery, QueryReader, analyse_word
from smkdesk.core.search.schema import fold
from smkdesk.core.search.snippets import make_snippet
from smkdesk.core.search.view import View

#: Below this many results a "did you mean" is looked for even when every
#: word is in the index.
FEW_RESULTS = 3
_SPELL_FIELDS = ("title", "keywords", "body")
_MAX_CORRECTIONS = 3


def filter_bits(view: View, f: SearchFilters) -> int:
    """Live documents allowed by the filters."""
    allowed = view.live
    for facet, wanted in (
        ("stage", f.stage_ids),
        ("persona", f.persona_ids),
        ("sector", f.sector_ids),
        ("type", f.type_ids),
        ("owner", f.owners),
        ("abm_tier", f.abm_tiers),
    ):
        if wanted:
            values = view.facets.get(facet, {})
            any_of = 0
            for v in wanted:
                any_of |= values.get(str(v), 0)
            allowed &= any_of
    statuses = view.facets.get("status", {})
    if f.statuses:
        any_of = 0
        for v in f.statuses:
            any_of |= statuses.get(v, 0)
        allowed &= any_of
    elif not f.include_retired:
        allowed &= ~statuses.get("retired", 0)
    return allowed


def facet_counts(view: View, matched: int) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for facet, values in view.facets.items():
        counts = {v: n for v, b in values.items() if (n := (b & matched).bit_count())}
        out[facet] = counts
    return out


def order(
    view: View,
    docs: list[int],
    scores: list[float] | None,
    sort: SortOrder,
    usage: Mapping[int, int] | None,
    count: int,
) -> list[int]:
    """The first ``count`` docnums of ``docs`` in the requested order."""
    created = view.created
    if sort is SortOrder.MOST_USED:
        used = [0] * view.size
        for asset_id, n in (usage or {}).items():
            d = view.docnum_of(asset_id)
            if d is not None:
                used[d] = n
        if scores is None:
            return heapq.nlargest(count, docs, key=lambda d: (used[d], created[d]))
        return heapq.nlargest(count, docs, key=lambda d: (used[d], scores[d], created[d]))
    if sort is SortOrder.NEWEST or scores is None:
        return heapq.nlargest(count, docs, key=created.__getitem__)
    return heapq.nlargest(count, docs, key=lambda d: (scores[d], created[d]))


def snippets_for(
    view: View, docnums: Sequence[int], terms: set[str], prefixes: tuple[str, ...]
) -> dict[int, Snippet]:
    out: dict[int, Snippet] = {}
    searcher = view.searcher
    for d in docnums:
        stored = searcher.stored_fields(d)
        excerpt = str(stored.get("excerpt") or "")
        description = str(stored.get("description") or "")
        snippet = make_snippet((excerpt, description), (description, excerpt), terms, prefixes)
        if snippet is not None:
            out[d] = snippet
    return out


def suggest(view: View, parsed: ParsedQuery, ev: Evaluator, total: int) -> str | None:
    """A corrected query string, or None."""
    words = list(parsed.words)
    for p in parsed.prefixes:
        if not any(view.term_exists(t) for t in ev.expansions(p)):
            words.append(p.word)
    absent: dict[str, bool] = {}
    for word in words:
        stem = analyse_word(word) if len(word) >= 3 and word.isalpha() else None
        if stem is not None:
            absent[word] = not view.term_exists(stem, _SPELL_FIELDS)
    if any(absent.values()):
        todo = [w for w, a in absent.items() if a]
    elif total < FEW_RESULTS:
        todo = list(absent)
    else:
        return None
    corrector = view.corrector()
    fixes: dict[str, str] = {}
    for word in todo[:_MAX_CORRECTIONS]:
        key = fold(word).lower()
        found = corrector.suggest(key, limit=3, maxdist=2, prefix=1)
        if absent[word]:
            choice = next((s for s in found if s != key), None)
        else:  # present but rare: only a much more frequent neighbour
            own = max(corrector.frequency(key), 1)
            choice = next(
                (s for s in found if s != key and corrector.frequency(s) >= 10 * own), None
            )
        if choice:
            fixes[word] = choice
    if not fixes:
        return None
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in fixes) + r")\b")
    corrected = pattern.sub(lambda m: fixes.get(m.group(1), m.group(1)), parsed.text.strip())
    return corrected if corrected != parsed.text.strip() else None


def run(
    view: View,
    reader: QueryReader,
    text: str,
    filters: SearchFilters,
    sort: SortOrder,
    usage: Mapping[int, int] | None,
    limit: int,
    offset: int,
    with_snippets: bool,
    prefix_last: bool,
) -> IndexResult:
    allowed = filter_bits(view, filters)
    parsed = reader.parse(text, prefix_last=prefix_last) if text.strip() else None
    if parsed is not None and parsed.blank:
        parsed = None
    ev: Evaluator | None = None
    scores: list[float] | None = None
    if parsed is None:
        matched = allowed
    else:
        ev = Evaluator(view, parsed)
        m = ev.run()
        matched = m.bits & allowed
        if m.leaves and sort is not SortOrder.NEWEST:
            scores = view.scores(m.leaves, bits.flags(matched, view.size))
    docs = bits.to_ids(matched, view.size)
    total = len(docs)
    page = order(view, docs, scores, sort, usage, offset + limit)[offset:]
    snips: dict[int, Snippet] = {}
    if with_snippets and ev is not None and parsed is not None and page:
        snips = snippets_for(view, page, ev.terms, parsed.prefix_texts)
    hits = tuple(
        IndexHit(view.asset_ids[d], float(scores[d]) if scores else 0.0, snips.get(d)) for d in page
    )
    suggestion = None
    incomplete: tuple[str, ...] = ()
    if ev is not None and parsed is not None:
        suggestion = suggest(view, parsed, ev, total)
        incomplete = tuple(ev.incomplete)
    return IndexResult(total, hits, facet_counts(view, matched), suggestion, incomplete)
