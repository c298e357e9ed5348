"""One searcher plus the per-segment caches, combined into index-wide data.

A :class:`View` is made right after a commit (a *new* searcher, never
``Searcher.refresh()``) and thrown away at the next one. Docnums here are the
searcher's global docnums (segment offset + local docnum).
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field

from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from smkdesk.core.search import bits
from smkdesk.core.search.schema import BODY_TERMS, SPELL_FIELD, TEXT_FIELDS
from smkdesk.core.search.segments import Postings, SegmentData, idf
from smkdesk.core.search.spelling import FrequencyCorrector

_TERM_CACHE = 4096

#: Leaves of a score: postings of one segment, its docnum offset and a factor.
Leaf = tuple[Postings, int, float]


@dataclass
class Match:
    """Documents matched by a (sub)query and how to score them."""

    bits: int = 0
    leaves: list[Leaf] = field(default_factory=list)


def _term_field(fieldname: str) -> str:
    return BODY_TERMS if fieldname == "body" else fieldname


def _stem_of(term: str, prefix: str, shortest: int) -> bool:
    """Could ``term`` be the stem of a word starting with ``prefix``?"""
    if not shortest <= len(term) <= len(prefix):
        return False
    if prefix.startswith(term):
        return True  # "calculat" -> "calcul"
    cut = len(term) - 1  # "pricin" -> "price", "journey" -> "journei"
    return term[-1] in "ei" and prefix.startswith(term[:cut]) and prefix[cut] in "iy"


class View:
    def __init__(self, searcher: Searcher, cache: MutableMapping[str, SegmentData]) -> None:
        self.searcher = searcher
        reader = searcher.reader()
        self.size: int = reader.doc_count_all()
        self.segments: list[tuple[IndexReader, int, SegmentData]] = []
        live = bits.full(self.size)
        self.asset_ids: list[int] = []
        self.created: list[int] = []
        self.facets: dict[str, dict[str, int]] = {}
        leaves = list(reader.leaf_readers()) if self.size else []
        for segreader, offset in leaves:
            seg = cache.get(segreader.segment().segment_id())
            if seg is None:
                seg = SegmentData(segreader)
                cache[seg.segment_id] = seg
            self.segments.append((segreader, offset, seg))
            self.asset_ids.extend(seg.asset_ids)
            self.created.extend(seg.created)
            deleted = getattr(segreader, "deleted_docs_set", None)
            if deleted is None:
                deleted = [d for d in range(seg.size) if segreader.is_deleted(d)]
            if deleted:
                live &= ~bits.from_ids(deleted, seg.size, offset)
            for facet, values in seg.facets.items():
                combined = self.facets.setdefault(facet, {})
                for value, vbits in values.items():
                    combined[value] = combined.get(value, 0) | (vbits << offset)
        self.live = live
        self.doc_count = live.bit_count()
        self._lock = threading.Lock()
        self._terms: dict[tuple[str, str], Match] = {}
        self._prefixes: dict[str, list[str]] = {}
        self._docnums: dict[int, int] | None = None
        self._corrector: FrequencyCorrector | None = None

    # -- documents -----------------------------------------------------------
    def docnum_of(self, asset_id: int) -> int | None:
        if self._docnums is None:
            flags = bits.flags(self.live, self.size)
            self._docnums = {a: d for d, a in enumerate(self.asset_ids) if flags[d]}
        return self._docnums.get(asset_id)

    def live_asset_ids(self) -> set[int]:
        flags = bits.flags(self.live, self.size)
        return {a for a, f in zip(self.asset_ids, flags, strict=True) if f}

    # -- terms -----------------------------------------------------------------
    def term(self, fieldname: str, text: str) -> Match:
        """Docs containing ``text`` in ``fieldname`` (deleted docs included)."""
        fieldname = _term_field(fieldname)
        key = (fieldname, text)
        with self._lock:
            hit = self._terms.get(key)
        if hit is not None:
            return hit
        match = Match()
        df = 0
        for segreader, offset, seg in self.segments:
            p = seg.postings(segreader, fieldname, text)
            if p is not None and len(p.ids):
                match.bits |= bits.from_ids(p.ids, seg.size, offset)
                match.leaves.append((p, offset, 1.0))
                df += len(p.ids)
        if df:
            weight = idf(self.size, df)
            match.leaves = [(p, off, weight) for p, off, _w in match.leaves]
        with self._lock:
            if len(self._terms) > _TERM_CACHE:
                self._terms.clear()
            self._terms[key] = match
        return match

    def phrase(self, fieldname: str, words: list[str]) -> Match:
        """Docs with ``words`` at consecutive positions (the analyser renumbers
        positions after dropping stop words, so "journey of the buyer" is
        "journey buyer")."""
        match = Match()
        df = 0
        fmt = self.searcher.schema[fieldname].format
        for segreader, offset, seg in self.segments:
            posts = [seg.positional(segreader, fieldname, w) for w in words]
            if not all(p.ids for p in posts):
                continue
            maps = [dict(zip(p.ids, p.values, strict=True)) for p in posts]
            order = sorted(range(len(words)), key=lambda i: len(posts[i].ids))
            common = set(maps[order[0]]).intersection(*(maps[i] for i in order[1:]))
            found: list[int] = []
            freqs: list[int] = []
            for d in sorted(common):
                starts = set(fmt.decode_positions(maps[0][d]))
                for i in range(1, len(words)):
                    nxt = fmt.decode_positions(maps[i][d])
                    starts &= {p - i for p in nxt}
                    if not starts:
                        break
                if starts:
                    found.append(d)
                    freqs.append(len(starts))
            if found:
                p = seg.phrase_parts(segreader, fieldname, found, freqs)
                match.bits |= bits.from_ids(found, seg.size, offset)
                match.leaves.append((p, offset, 1.0))
                df += len(found)
        if df:
            weight = idf(self.size, df)
            match.leaves = [(p, off, weight) for p, off, _w in match.leaves]
        return match

    def expand_prefix(self, prefix: str, limit: int) -> list[str]:
        """The ``limit`` most frequent terms (over all text fields) the typed
        ``prefix`` may stand for: as-you-type never expands to thousands.

        Terms are stems, often shorter than the word being typed ("calculat"
        is on its way to "calculator" = "calcul", "pricin" to "price"), so a
        term also qualifies when it begins ``prefix``, or does so after the
        stemmer's final e/i is swapped for the i/y of the typed word.
        """
        with self._lock:
            cached = self._prefixes.get(prefix)
        if cached is not None:
            return cached
        scan = prefix[: max(3, len(prefix) - 4)]
        freq: dict[str, int] = {}
        for segreader, _offset, seg in self.segments:
            for fieldname in TEXT_FIELDS:
                fieldname = _term_field(fieldname)
                for text, df in seg.prefix_terms(segreader, fieldname, scan):
                    if text.startswith(prefix) or _stem_of(text, prefix, len(scan)):
                        freq[text] = freq.get(text, 0) + df
        top = heapq.nlargest(limit, freq.items(), key=lambda kv: (kv[1], kv[0]))
        terms = [t for t, _df in top]
        with self._lock:
            self._prefixes[prefix] = terms
        return terms

    def corrector(self) -> FrequencyCorrector:
        """Spelling corrector over the spell field of every segment."""
        if self._corrector is None:
            merged: dict[str, int] = {}
            for segreader, _offset, seg in self.segments:
                for word, df in seg.words(segreader, SPELL_FIELD).items():
                    merged[word] = merged.get(word, 0) + df
            self._corrector = FrequencyCorrector(merged)
        return self._corrector

    def term_exists(self, text: str, fieldnames: Iterable[str] = TEXT_FIELDS) -> bool:
        return any(self.term(f, text).bits for f in fieldnames)

    # -- scoring ----------------------------------------------------------------
    def scores(self, leaves: list[Leaf], candidates: bytes) -> list[float]:
        """Sum of leaf scores per docnum, only for docnums flagged in ``candidates``."""
        acc = [0.0] * self.size
        for p, offset, weight in leaves:
            if offset:
                for d, part in zip(p.ids, p.parts, strict=True):
                    g = d + offset
                    if candidates[g]:
                        acc[g] += part * weight
            else:
                for d, part in zip(p.ids, p.parts, strict=True):
                    if candidates[d]:
                        acc[d] += part * weight
        return acc

    def close(self) -> None:
        self.searcher.close()
