"""One searcher plus the per-segment caches, combined into index-wide data.

A :class:`View` is made right after a commit (a *new* searcher, never
``Searcher.refresh()``) and thrown away at the next one. Docnums here are the
searcher's global docnums (segment offset + local docnum).
"""

from __future__ import annotations

import heapq
import pickle
import threading
from collections.abc import Callable, Collection, Iterable, MutableMapping
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from whoosh import formats
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from smkdesk.core.search.whoosh import bits
from smkdesk.core.search.whoosh.querying import analyse_word
from smkdesk.core.search.whoosh.schema import BODY_TERMS, SPELL_FIELD, TEXT_FIELDS
from smkdesk.core.search.whoosh.segments import Postings, ReadBudget, SegmentData, idf
from smkdesk.core.search.whoosh.spelling import FrequencyCorrector

_TERM_CACHE = 4096
_PHRASE_CACHE = 256
#: Spelling-field words with a prefix whose stems are looked at (see
#: :meth:`View.prefix_bits`); more make the prefix match incomplete.
_SPELLED_STEMS = 500
_UINT = 4  # whoosh.system.pack_uint size

#: Leaves of a score: postings of one segment, its docnum offset and a factor.
Leaf = tuple[Postings, int, float]


@dataclass
class Match:
    """Documents matched by a (sub)query and how to score them."""

    bits: int = 0
    leaves: list[Leaf] = field(default_factory=list)


def _term_field(fieldname: str) -> str:
    return BODY_TERMS if fieldname == "body" else fieldname


def _position_decoder(fmt: Any) -> Callable[[bytes], Iterable[int]]:
    """Fast decoder for Whoosh's Positions values (a uint count, then a
    pickled list of deltas); any other format decodes itself."""
    if type(fmt).decode_positions is not formats.Positions.decode_positions:
        return fmt.decode_positions  # type: ignore[no-any-return]

    def decode(value: bytes) -> Iterable[int]:
        if not value.endswith(b"."):
            value += b"."
        return accumulate(pickle.loads(value[_UINT:]))

    return decode


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
        self._phrases: dict[tuple[str, str], Match] = {}
        self._prefixes: dict[str, list[str]] = {}
        self._spelled_words: dict[str, tuple[list[str], bool]] = {}
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
                match.bits |= p.bits << offset
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
        key = (fieldname, " ".join(words))
        with self._lock:
            hit = self._phrases.get(key)
        if hit is None:
            hit = self._phrase(fieldname, words)
            with self._lock:
                if len(self._phrases) > _PHRASE_CACHE:
                    self._phrases.clear()
                self._phrases[key] = hit
        return hit

    def _phrase(self, fieldname: str, words: list[str]) -> Match:
        match = Match()
        df = 0
        decode = _position_decoder(self.searcher.schema[fieldname].format)
        for segreader, offset, seg in self.segments:
            posts = [seg.positional(segreader, fieldname, w) for w in words]
            if not all(p.ids for p in posts):
                continue
            maps = [dict(zip(p.ids, p.values, strict=True)) for p in posts]
            order = sorted(range(len(words)), key=lambda i: len(posts[i].ids))
            common = set(maps[order[0]]).intersection(*(maps[i] for i in order[1:]))
            found: list[int] = []
            freqs: list[int] = []
            shifts = [(-i).__add__ for i in range(len(words))]  # position -> phrase start
            first, rest = maps[0], list(zip(maps[1:], shifts[1:], strict=True))
            for d in sorted(common):
                starts = set(decode(first[d]))
                for values, shift in rest:
                    starts = starts.intersection(map(shift, decode(values[d])))
                    if not starts:
                        break
                if starts:
                    found.append(d)
                    freqs.append(len(starts))
            if found:
                p = seg.phrase_parts(segreader, fieldname, found, freqs)
                match.bits |= p.bits << offset
                match.leaves.append((p, offset, 1.0))
                df += len(found)
        if df:
            weight = idf(self.size, df)
            match.leaves = [(p, off, weight) for p, off, _w in match.leaves]
        return match

    def expand_prefix(self, prefix: str, limit: int) -> list[str]:
        """The ``limit`` most frequent index terms the typed ``prefix`` may
        stand for: as-you-type never expands to thousands of terms.

        Index terms are stems, which a half-typed word often is not a prefix
        of ("visibi" is on its way to "visibility" = "visibl"), so the
        unstemmed words of the spelling field that start with ``prefix`` are
        stemmed and added to the stems that start with it.
        """
        with self._lock:
            cached = self._prefixes.get(prefix)
        if cached is not None:
            return cached
        freq: dict[str, int] = {}
        for segreader, _offset, seg in self.segments:
            for fieldname in TEXT_FIELDS:
                for text, df in seg.vocab(segreader, _term_field(fieldname)).with_prefix(prefix):
                    freq[text] = freq.get(text, 0) + df
        for word in self._spelled(prefix)[0][: limit * 2]:
            stem = analyse_word(word)
            if stem is not None and stem not in freq:
                freq[stem] = self._doc_frequency(stem)
        top = heapq.nlargest(limit, freq.items(), key=lambda kv: (kv[1], kv[0]))
        terms = [t for t, df in top if df]
        with self._lock:
            self._prefixes[prefix] = terms
        return terms

    def prefix_bits(
        self, fieldname: str, prefix: str, skip: Collection[str], budget: ReadBudget
    ) -> tuple[int, bool]:
        """Docs with any term of ``fieldname`` that starts with ``prefix``, or
        that is the stem of a word starting with it, and whether that is all
        of them (reading postings lists is bounded by ``budget``; ``skip``
        terms were read already and cost nothing). Deleted docs included."""
        field = _term_field(fieldname)
        out = 0
        complete = True
        for segreader, offset, seg in self.segments:
            b, ok = seg.prefix_bits(segreader, field, prefix, skip, budget)
            out |= b << offset
            complete = complete and ok
        stems, ok = self._diverging_stems(prefix)
        todo = [stem for stem in stems if stem not in skip]
        if not budget.take(len(todo)):
            return out, False
        for stem in todo:
            out |= self.term(fieldname, stem).bits
        return out, complete and ok

    def _diverging_stems(self, prefix: str) -> tuple[list[str], bool]:
        """Stems of spelling-field words starting with ``prefix`` that do not
        start with it themselves ("pricin" -> "price"), and whether every such
        word was looked at."""
        words, every = self._spelled(prefix)
        stems: dict[str, None] = {}
        for word in words:
            stem = analyse_word(word)  # cached: cheap from the second search on
            if stem is not None and not stem.startswith(prefix):
                stems[stem] = None
        return list(stems), every

    def _spelled(self, prefix: str) -> tuple[list[str], bool]:
        """The ``_SPELLED_STEMS`` most frequent spelling-field words starting
        with ``prefix`` (most frequent first), and whether that is all of them.
        One pass per prefix serves both :meth:`expand_prefix` and
        :meth:`prefix_bits`."""
        with self._lock:
            cached = self._spelled_words.get(prefix)
        if cached is not None:
            return cached
        spelled: dict[str, int] = {}
        for segreader, _offset, seg in self.segments:
            for word, df in seg.vocab(segreader, SPELL_FIELD).with_prefix(prefix):
                spelled[word] = spelled.get(word, 0) + df
        words = heapq.nlargest(_SPELLED_STEMS, spelled, key=spelled.__getitem__)
        result = (words, len(words) == len(spelled))
        with self._lock:
            if len(self._spelled_words) > _PHRASE_CACHE:
                self._spelled_words.clear()
            self._spelled_words[prefix] = result
        return result

    def _doc_frequency(self, text: str) -> int:
        """Documents with ``text`` in any text field (deleted ones included)."""
        return sum(
            seg.vocab(segreader, _term_field(f)).freq(text)
            for segreader, _offset, seg in self.segments
            for f in TEXT_FIELDS
        )

    def warm(self) -> None:
        """Load what the first searches would otherwise wait for."""
        for segreader, _offset, seg in self.segments:
            for fieldname in (*TEXT_FIELDS, SPELL_FIELD):
                seg.vocab(segreader, _term_field(fieldname))
            for fieldname in (*TEXT_FIELDS, BODY_TERMS):
                seg.norms(segreader, fieldname)
        if self.doc_count:  # Whoosh loads stored-field offsets on first use
            flags = bits.flags(self.live, self.size)
            self.searcher.stored_fields(flags.index(1))

    def corrector(self) -> FrequencyCorrector:
        """Spelling corrector over the spell field of every segment."""
        if self._corrector is None:
            vocabs = [seg.vocab(r, SPELL_FIELD) for r, _o, seg in self.segments]
            if len(vocabs) == 1:
                freqs = dict(zip(vocabs[0].terms, vocabs[0].dfs, strict=True))
                self._corrector = FrequencyCorrector(freqs, vocabs[0].terms)
            else:
                merged: dict[str, int] = {}
                for v in vocabs:
                    for word, df in zip(v.terms, v.dfs, strict=True):
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
