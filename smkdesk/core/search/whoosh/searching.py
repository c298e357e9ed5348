"""One search on a :class:`View`: filters, facets, ordering, snippets and
"did you mean". Pure functions; the caller holds the view's lock."""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Collection, Mapping, Sequence

from smkdesk.core.search.model import IndexHit, IndexResult, SearchFilters, Snippet, SortOrder
from smkdesk.core.search.whoosh import bits
from smkdesk.core.search.whoosh.evaluate import Evaluator
from smkdesk.core.search.whoosh.querying import ParsedQuery, QueryReader, analyse_word
from smkdesk.core.search.whoosh.schema import fold
from smkdesk.core.search.whoosh.snippets import make_snippet
from smkdesk.core.search.whoosh.spelling import edit_distance
from smkdesk.core.search.whoosh.view import View

#: Below this many results a "did you mean" is looked for even when every
#: word is in the index.
FEW_RESULTS = 3
_SPELL_FIELDS = ("title", "keywords", "body")
_MAX_CORRECTIONS = 3
#: Close words looked at per misspelt word, and corrected queries tried (each
#: one is run to check that it finds something with the filters on screen).
_CANDIDATES = 4
_MAX_TRIES = 8
#: Share of the best text score added per dimension named in the query
#: ("retail", "cfo") that a document is tagged with; a named asset type
#: ("case study") counts most: it says what kind of thing the rep wants.
TAG_BOOST = 0.5
NAMED_BOOST = {"type": 1.0}


def _base_bits(view: View, f: SearchFilters) -> int:
    """Live documents before any facet filter (retired ones only if asked)."""
    if f.include_retired or "retired" in f.statuses:
        return view.live
    return view.live & ~view.facets.get("status", {}).get("retired", 0)


def dimension_bits(view: View, f: SearchFilters) -> dict[str, int]:
    """Per filtered dimension, the documents its values allow (OR'ed)."""
    out: dict[str, int] = {}
    for facet, wanted in (
        ("stage", f.stage_ids),
        ("persona", f.persona_ids),
        ("sector", f.sector_ids),
        ("type", f.type_ids),
        ("owner", f.owners),
        ("abm_tier", f.abm_tiers),
        ("status", f.statuses),
    ):
        if wanted:
            values = view.facets.get(facet, {})
            any_of = 0
            for v in wanted:
                any_of |= values.get(str(v), 0)
            out[facet] = any_of
    return out


def filter_bits(view: View, f: SearchFilters) -> int:
    """Live documents allowed by the filters."""
    allowed = _base_bits(view, f)
    for b in dimension_bits(view, f).values():
        allowed &= b
    return allowed


def facet_counts(
    view: View, matched: int, dims: Mapping[str, int] | None = None
) -> dict[str, dict[str, int]]:
    """Counts per facet value among ``matched`` documents (which passed the
    base filter but not yet ``dims``): each facet is counted with every filter
    but its own (disjunctive faceting), so ticking one value keeps its siblings
    on offer with the counts they would add."""
    dims = dims or {}
    every = matched
    for b in dims.values():
        every &= b
    out: dict[str, dict[str, int]] = {}
    for facet, values in view.facets.items():
        within = every
        if facet in dims:
            within = matched
            for other, b in dims.items():
                if other != facet:
                    within &= b
        counts = {v: n for v, b in values.items() if (n := (b & within).bit_count())}
        out[facet] = counts
    return out


def boost_scores(
    view: View, scores: list[float], matched: int, boosts: Mapping[str, Collection[str]]
) -> None:
    """Raise the scores of matched documents tagged with a term the query names
    ("case study", "retail"): each named dimension a document carries adds a
    share of the best text score, so a case study tagged retail ranks above a
    deck that only mentions both words often."""
    top = max((scores[d] for d in bits.to_ids(matched, view.size)), default=0.0)
    if top <= 0:
        return
    for facet, wanted in boosts.items():
        values = view.facets.get(facet, {})
        tagged = 0
        for v in wanted:
            tagged |= values.get(v, 0)
        bonus = top * NAMED_BOOST.get(facet, TAG_BOOST)
        for d in bits.to_ids(matched & tagged, view.size):
            scores[d] += bonus


def order(
    view: View,
    docs: list[int],
    scores: list[float] | None,
    sort: SortOrder,
    usage: Mapping[int, int] | None,
    count: int,
) -> list[int]:
    """The first ``count`` docnums of ``docs`` in the requested order. Every
    order ends with the asset id (newest first), so equal keys (a batch imported
    in one second, assets never used) come in the same order on every run,
    whatever the index's segments look like."""
    created, ids = view.created, view.asset_ids
    used = [0] * view.size
    for asset_id, n in (usage or {}).items():
        d = view.docnum_of(asset_id)
        if d is not None:
            used[d] = n
    if sort is SortOrder.MOST_USED:
        if scores is None:
            return heapq.nlargest(count, docs, key=lambda d: (used[d], created[d], ids[d]))
        return heapq.nlargest(count, docs, key=lambda d: (used[d], scores[d], created[d], ids[d]))
    if sort is SortOrder.NEWEST:
        return heapq.nlargest(count, docs, key=lambda d: (created[d], ids[d]))
    if scores is None:
        # "Best match" with nothing to match: what a rep reaches for. Published
        # content first (a marketer's drafts after it); then what the team uses
        # most (when the caller passed the use counts), a proven asset before
        # an untried one; then the newest, and the id to settle ties.
        published = bits.flags(view.facets.get("status", {}).get("published", 0), view.size)
        return heapq.nlargest(
            count, docs, key=lambda d: (published[d], used[d], created[d], ids[d])
        )
    return heapq.nlargest(count, docs, key=lambda d: (scores[d], created[d], ids[d]))


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


def _finds_any(view: View, reader: QueryReader, text: str, allowed: int, prefix_last: bool) -> bool:
    """Whether ``text`` finds anything among the ``allowed`` documents."""
    parsed = reader.parse(text, prefix_last=prefix_last)
    if parsed.blank:
        return False
    return bool(Evaluator(view, parsed).run().bits & allowed)


def _replace_words(text: str, fixes: Mapping[str, str]) -> str:
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in fixes) + r")\b")
    return pattern.sub(lambda m: fixes.get(m.group(1), m.group(1)), text)


def suggest(
    view: View,
    reader: QueryReader,
    parsed: ParsedQuery,
    ev: Evaluator,
    total: int,
    allowed: int,
    prefix_last: bool = True,
) -> str | None:
    """A corrected query string that finds something among the ``allowed``
    documents (the same filters), or None: a suggestion never leads to an
    empty page."""
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
    sources: list[str] = []
    options: list[list[tuple[str, int, int]]] = []  # per word: (word, edits, frequency)
    for word in todo[:_MAX_CORRECTIONS]:
        key = fold(word).lower()
        found = corrector.candidates(key, limit=_CANDIDATES)
        if absent[word]:
            choices = [(c, edit_distance(key, c), corrector.frequency(c)) for c in found]
        else:  # present but rare: only a much more frequent neighbour, or as it is
            own = max(corrector.frequency(key), 1)
            choices = [(word, 0, 0)] + [
                (c, edit_distance(key, c), corrector.frequency(c))
                for c in found
                if corrector.frequency(c) >= 10 * own
            ]
        if len(choices) > (0 if absent[word] else 1):
            sources.append(word)
            options.append(choices)
    if not options:
        return None
    # fewest edits first, then the most frequent words
    combos = sorted(
        itertools.product(*options),
        key=lambda c: (sum(e for _w, e, _f in c), -sum(f for _w, _e, f in c)),
    )
    text = parsed.text.strip()
    tried = 0
    for combo in combos:
        fixes = {src: c for src, (c, _e, _f) in zip(sources, combo, strict=True) if c != src}
        if not fixes:
            continue
        corrected = _replace_words(text, fixes)
        if corrected == text:
            continue
        if _finds_any(view, reader, corrected, allowed, prefix_last):
            return corrected
        tried += 1
        if tried >= _MAX_TRIES:
            break
    return None


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
    boosts: Mapping[str, Collection[str]] | None = None,
) -> IndexResult:
    base = _base_bits(view, filters)
    dims = dimension_bits(view, filters)
    allowed = base
    for b in dims.values():
        allowed &= b
    parsed = reader.parse(text, prefix_last=prefix_last) if text.strip() else None
    if parsed is not None and parsed.blank:
        parsed = None
    ev: Evaluator | None = None
    scores: list[float] | None = None
    if parsed is None:
        found = base
        matched = allowed
    else:
        ev = Evaluator(view, parsed)
        m = ev.run()
        found = m.bits & base
        matched = m.bits & allowed
        if m.leaves and sort is not SortOrder.NEWEST:
            scores = view.scores(m.leaves, bits.flags(matched, view.size))
            if boosts:
                boost_scores(view, scores, matched, boosts)
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
        suggestion = suggest(view, reader, parsed, ev, total, allowed, prefix_last)
        incomplete = tuple(ev.incomplete)
    return IndexResult(total, hits, facet_counts(view, found, dims), suggestion, incomplete)
