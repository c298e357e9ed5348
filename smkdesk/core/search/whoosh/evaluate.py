"""Evaluates a parsed Whoosh query tree on a :class:`View` with bitmaps.

Whoosh's own matchers score every posting in pure Python (hundreds of ms per
query at 10,000 long documents); here each term's postings are read once per
segment, kept as arrays, and combined as int bitmaps. Scores are BM25 sums
computed only for the documents that survive the query and the filters.

A prefix matches every index term starting with it. Only its most frequent
completions (``PREFIX_EXPANSIONS``, fewer for short prefixes) are scored and
highlighted as terms; the others only add their documents, as a union of
bitmaps that reads at most ``PREFIX_MATCH_READS`` postings lists per query
(terms in one or two documents cost no read; unions are cached per segment).
A prefix with more completions than that (one or two letters in a large
library) matches only the free ones and is reported in
:attr:`Evaluator.incomplete`, so the user can be told to type more.
"""

from __future__ import annotations

from whoosh import query

from smkdesk.core.search.whoosh import bits
from smkdesk.core.search.whoosh.querying import ParsedQuery, Prefix
from smkdesk.core.search.whoosh.segments import ReadBudget
from smkdesk.core.search.whoosh.view import Leaf, Match, View

#: How many index terms of an as-you-type prefix are scored (by prefix
#: length: short prefixes are ambiguous and match the longest postings).
PREFIX_EXPANSIONS = 12
_SHORT_PREFIX_EXPANSIONS = {1: 4, 2: 4, 3: 8}
#: Postings lists one query may read to match the other completions.
PREFIX_MATCH_READS = 200


class Evaluator:
    def __init__(
        self, view: View, parsed: ParsedQuery, prefix_limit: int = PREFIX_EXPANSIONS
    ) -> None:
        self.view = view
        self.parsed = parsed
        self.prefix_limit = prefix_limit
        #: analysed terms to highlight (positive terms and prefix expansions)
        self.terms: set[str] = set()
        #: prefix words (as typed) not every completion of which was matched
        self.incomplete: list[str] = []
        self._expansions: dict[str, list[str]] = {}
        self._budget = ReadBudget(PREFIX_MATCH_READS)

    # -- public -----------------------------------------------------------------
    def run(self) -> Match:
        return self._eval(self.parsed.query, positive=True)

    def expansions(self, p: Prefix) -> list[str]:
        """The scored index terms prefix ``p`` stands for (its own stem first)."""
        terms = self._expansions.get(p.marker)
        if terms is None:
            terms = [p.stem] if p.stem else []
            limit = min(self.prefix_limit, _SHORT_PREFIX_EXPANSIONS.get(len(p.text), 99))
            for t in self.view.expand_prefix(p.text, limit):
                if t not in terms:
                    terms.append(t)
            self._expansions[p.marker] = terms
        return terms

    def collect_terms(self) -> set[str]:
        """Positive terms without evaluating (for snippets of given ids)."""
        self._collect(self.parsed.query, positive=True)
        return self.terms

    # -- tree walk -----------------------------------------------------------------
    def _collect(self, q: query.Query, positive: bool) -> None:
        if isinstance(q, query.Term):
            if positive:
                p = self.parsed.prefix_of(q.text)
                self.terms.update(self.expansions(p) if p is not None else [q.text])
        elif isinstance(q, query.Phrase):
            if positive:
                self.terms.update(q.words)
        elif isinstance(q, query.Not):
            self._collect(q.query, not positive)
        elif isinstance(q, query.AndNot):
            self._collect(q.a, positive)
            self._collect(q.b, not positive)
        elif isinstance(q, query.CompoundQuery):
            for sub in q.subqueries:
                self._collect(sub, positive)

    def _eval(self, q: query.Query, positive: bool) -> Match:
        view = self.view
        if isinstance(q, query.Term):
            return self._term(q, positive)
        if isinstance(q, query.Phrase):
            return self._phrase(q, positive)
        if isinstance(q, query.Not):
            inner = self._eval(q.query, not positive)
            return Match(view.live & ~inner.bits)
        if isinstance(q, query.AndNot):
            a = self._eval(q.a, positive)
            b = self._eval(q.b, not positive)
            return Match(a.bits & ~b.bits, a.leaves)
        if isinstance(q, query.And):
            return self._and(q.subqueries, positive)
        if isinstance(q, query.Or):
            out = Match()
            for sub in q.subqueries:
                m = self._eval(sub, positive)
                out.bits |= m.bits
                out.leaves.extend(m.leaves)
            return out
        if isinstance(q, type(query.NullQuery)):
            return Match()
        # anything else the parser may produce: let Whoosh match it, unscored
        return Match(bits.from_ids(q.docs(view.searcher), view.size))

    def _and(self, subqueries: list[query.Query], positive: bool) -> Match:
        out = Match(self.view.live)
        negated: list[query.Query] = []
        for sub in subqueries:
            if isinstance(sub, query.Not):
                negated.append(sub.query)
                continue
            m = self._eval(sub, positive)
            out.bits &= m.bits
            out.leaves.extend(m.leaves)
        for sub in negated:
            out.bits &= ~self._eval(sub, not positive).bits
        return out

    def _term(self, q: query.Term, positive: bool) -> Match:
        view = self.view
        p = self.parsed.prefix_of(q.text)
        if p is None:
            if positive:
                self.terms.add(q.text)
            m = view.term(q.fieldname, q.text)
            return _boosted(m, q.boost)
        out = Match()
        scored = self.expansions(p)
        for text in scored:
            if positive:
                self.terms.add(text)
            m = view.term(q.fieldname, text)
            out.bits |= m.bits
            out.leaves.extend(m.leaves)
        rest, complete = view.prefix_bits(q.fieldname, p.text, scored, self._budget)
        out.bits |= rest
        if not complete and p.word not in self.incomplete:
            self.incomplete.append(p.word)
        return _boosted(out, q.boost)

    def _phrase(self, q: query.Phrase, positive: bool) -> Match:
        words = list(q.words)
        if positive:
            self.terms.update(words)
        if not words:
            return Match()
        if len(words) == 1:
            return _boosted(self.view.term(q.fieldname, words[0]), q.boost)
        return _boosted(self.view.phrase(q.fieldname, words), q.boost)


def _boosted(m: Match, boost: float) -> Match:
    if boost == 1.0:
        return m
    leaves: list[Leaf] = [(p, off, w * boost) for p, off, w in m.leaves]
    return Match(m.bits, leaves)
