"""Per-segment caches built from Whoosh readers.

A Whoosh segment never changes once written (only its deletion set does), so
everything here is keyed by segment id and survives the searcher swap after a
commit: after an update only the new, small segment has to be read again.
Deletions are applied by the caller through a per-searcher "live" bitmap.
"""

from __future__ import annotations

import math
import struct
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.reading import IndexReader, TermNotFound
from whoosh.util.numeric import byte_to_length

from smkdesk.core.search.whoosh import bits
from smkdesk.core.search.whoosh.schema import FACET_FIELDS

K1 = 1.2
B = 0.75
_LENGTH_OF_BYTE = [byte_to_length(i) for i in range(256)]
_POSTINGS_CACHE = 512
_PREFIX_CACHE = 256


class ReadBudget:
    """How many more postings lists one query may read to match prefixes."""

    def __init__(self, reads: int) -> None:
        self.left = reads

    def take(self, reads: int = 1) -> bool:
        """Spend ``reads`` if that many are left."""
        if reads > self.left:
            return False
        self.left -= reads
        return True


@dataclass(frozen=True)
class Postings:
    """One term's postings in one segment, ready for scoring.

    ``parts`` holds the BM25 term-frequency part (already times the field's
    boost); the query multiplies it by the term's idf.
    """

    ids: array[int]
    parts: array[float]
    bits: int = 0  # the ids as a segment-local bitmap


@dataclass(frozen=True)
class PositionalPostings:
    ids: tuple[int, ...]
    values: tuple[bytes, ...]


def _read_blocks(
    matcher: Any, with_values: bool, with_weights: bool = True
) -> tuple[list[int], list[float], list[Any]]:
    """All ids/weights(/values) of a postings matcher, block by block.

    Uses the W3 matcher's block API when present (ten times faster than
    stepping posting by posting), else the public matcher protocol.
    """
    m = getattr(matcher, "child", matcher)  # drop the deleted-docs filter
    ids: list[int] = []
    weights: list[float] = []
    values: list[Any] = []
    if all(hasattr(m, a) for a in ("_read_ids", "_read_weights", "_goto", "_lastblock")):
        while m.is_active():
            m._read_ids()
            ids.extend(m._ids)
            if with_weights:
                m._read_weights()
                weights.extend(m._weights)
            if with_values:
                m._read_values()
                values.extend(m._values)
            if m._lastblock:
                break
            m._goto(m._nextoffset)
        return ids, weights, values
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        if with_values:
            values.append(m.value())
        m.next()
    return ids, weights, values


def _column_bytes(col: Any, size: int, width: int) -> bytes | None:
    """The raw bytes of a fixed-width column, or None if not readable so."""
    try:
        raw: bytes = col._dbfile.get(col._basepos, col._count * width)
    except AttributeError:
        return None
    return raw + bytes((size - col._count) * width) if col._count < size else raw


class SegmentData:
    """Static, lazily filled data about one segment."""

    def __init__(self, reader: IndexReader) -> None:
        self.segment_id: str = reader.segment().segment_id()
        self.size: int = reader.doc_count_all()
        self._lock = threading.Lock()
        self._postings: OrderedDict[tuple[str, str], Postings | None] = OrderedDict()
        self._norms: dict[str, list[float]] = {}
        self._boosts: dict[str, float] = {}
        self._vocab: dict[str, Vocab] = {}
        #: (field, prefix) -> union so far, terms still to read
        self._prefix_bits: OrderedDict[tuple[str, str], tuple[int, list[str]]] = OrderedDict()
        self.asset_ids: list[int] = [int(v) for v in reader.column_reader("asset_id")]
        self.created: list[int] = self._numeric_column(reader, "created")
        self.facets: dict[str, dict[str, int]] = {
            facet: self._value_bitmaps(reader, fieldname)
            for facet, fieldname in FACET_FIELDS.items()
        }

    # -- static per-document data ---------------------------------------------
    def _numeric_column(self, reader: IndexReader, fieldname: str) -> list[int]:
        col = reader.column_reader(fieldname, translate=False)
        raw = _column_bytes(col, self.size, 8)
        if raw is None:
            return [int(v) for v in col]
        return list(struct.unpack(f">{self.size}Q", raw))

    def _value_bitmaps(self, reader: IndexReader, fieldname: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for btext, _info in reader.iter_field(fieldname):
            text = btext.decode("utf-8") if isinstance(btext, bytes) else str(btext)
            ids, _w, _v = _read_blocks(reader.postings(fieldname, text), False)
            out[text] = bits.from_ids(ids, self.size)
        return out

    def norms(self, reader: IndexReader, fieldname: str) -> list[float]:
        """``K1 * (1 - B + B * length / average length)`` per docnum."""
        norms = self._norms.get(fieldname)
        if norms is not None:
            return norms
        lengths: list[int] | None = None
        perdoc = getattr(reader, "_perdoc", None)
        lenfield = f"_{fieldname}_len"
        if perdoc is not None and perdoc.has_column(lenfield):
            raw = _column_bytes(perdoc.column_reader(lenfield, LENGTHS_COLUMN), self.size, 1)
            if raw is not None:
                table = _LENGTH_OF_BYTE
                lengths = [table[b] for b in raw]
        if lengths is None:
            lengths = [reader.doc_field_length(d, fieldname, 0) for d in range(self.size)]
        avg = (sum(lengths) / self.size) if self.size else 1.0
        avg = avg or 1.0
        norms = [K1 * (1 - B + B * n / avg) for n in lengths]
        self._norms[fieldname] = norms
        return norms

    # -- postings ------------------------------------------------------------
    def postings(self, reader: IndexReader, fieldname: str, text: str) -> Postings | None:
        key = (fieldname, text)
        with self._lock:
            if key in self._postings:
                self._postings.move_to_end(key)
                return self._postings[key]
        try:
            matcher = reader.postings(fieldname, text)
        except TermNotFound:
            result: Postings | None = None
        else:
            ids, weights, _ = _read_blocks(matcher, False)
            boost = self._boost(reader, fieldname)
            norms = self.norms(reader, fieldname)
            k1p = (K1 + 1) * boost
            parts = array(
                "f",
                [
                    (tf := w / boost) * k1p / (tf + norms[d])
                    for d, w in zip(ids, weights, strict=True)
                ],
            )
            result = Postings(array("I", ids), parts, bits.from_ids(ids, self.size))
        with self._lock:
            self._postings[key] = result
            if len(self._postings) > _POSTINGS_CACHE:
                self._postings.popitem(last=False)
        return result

    def prefix_bits(
        self,
        reader: IndexReader,
        fieldname: str,
        prefix: str,
        skip: Collection[str],
        budget: ReadBudget,
    ) -> tuple[int, bool]:
        """Segment-local bitmap of the documents with any term of ``fieldname``
        starting with ``prefix``, and whether it is complete.

        A term in at most two documents costs nothing (its term info names
        them); the postings of ``skip`` terms are already cached; every other
        term takes one read from ``budget``. When the budget cannot cover
        them all, none is read (a partial union would cost the same time and
        still be incomplete). Unions are cached (a segment never changes).
        """
        key = (fieldname, prefix)
        with self._lock:
            cached = self._prefix_bits.get(key)
            if cached is not None:
                self._prefix_bits.move_to_end(key)
        if cached is not None:
            out, todo = cached
        else:
            out, todo = self._prefix_start(reader, fieldname, prefix, skip)
        if todo and budget.take(len(todo)):
            out |= self._union(reader, fieldname, todo)
            todo = []
        with self._lock:
            self._prefix_bits[key] = (out, todo)
            if len(self._prefix_bits) > _PREFIX_CACHE:
                self._prefix_bits.popitem(last=False)
        return out, not todo

    def _prefix_start(
        self, reader: IndexReader, fieldname: str, prefix: str, skip: Collection[str]
    ) -> tuple[int, list[str]]:
        """The free part of :meth:`prefix_bits` and the terms left to read."""
        vocab = self.vocab(reader, fieldname)
        out = 0
        named: list[int] = []
        todo: list[str] = []
        lo, hi = vocab.span(prefix)
        for text, df, low, high in zip(
            vocab.terms[lo:hi], vocab.dfs[lo:hi], vocab.lows[lo:hi], vocab.highs[lo:hi], strict=True
        ):
            if df <= 2:
                named += (low, high)
            elif text in skip and (p := self.postings(reader, fieldname, text)) is not None:
                out |= p.bits
            else:
                todo.append(text)
        if named:
            out |= bits.from_ids(named, self.size)
        return out, todo

    def _union(self, reader: IndexReader, fieldname: str, texts: list[str]) -> int:
        """Documents with any of ``texts``: cached postings' bitmaps, else ids
        only (no score parts), turned into one bitmap at the end."""
        out = 0
        ids: list[int] = []
        for text in texts:
            with self._lock:
                cached = self._postings.get((fieldname, text))
            if cached is not None:
                out |= cached.bits
                continue
            try:
                matcher = reader.postings(fieldname, text)
            except TermNotFound:
                continue
            ids += _read_blocks(matcher, False, with_weights=False)[0]
        return out | bits.from_ids(ids, self.size)

    def positional(self, reader: IndexReader, fieldname: str, text: str) -> PositionalPostings:
        """Ids and encoded positions (not cached: only phrase queries need them)."""
        try:
            matcher = reader.postings(fieldname, text)
        except TermNotFound:
            return PositionalPostings((), ())
        ids, _w, values = _read_blocks(matcher, True)
        return PositionalPostings(tuple(ids), tuple(values))

    def _boost(self, reader: IndexReader, fieldname: str) -> float:
        boost = self._boosts.get(fieldname)
        if boost is None:
            boost = float(reader.schema[fieldname].format.field_boost) or 1.0
            self._boosts[fieldname] = boost
        return boost

    def phrase_parts(
        self, reader: IndexReader, fieldname: str, ids: list[int], freqs: list[int]
    ) -> Postings:
        """Score parts for phrase matches, treating phrase count as tf."""
        boost = self._boost(reader, fieldname)
        norms = self.norms(reader, fieldname)
        k1p = (K1 + 1) * boost
        parts = array("f", [tf * k1p / (tf + norms[d]) for d, tf in zip(ids, freqs, strict=True)])
        return Postings(array("I", ids), parts, bits.from_ids(ids, self.size))

    # -- vocabulary -------------------------------------------------------------
    def vocab(self, reader: IndexReader, fieldname: str) -> Vocab:
        """Every term of ``fieldname`` (sorted) with its document frequency,
        read once per segment: prefix look-ups are then bisections."""
        with self._lock:
            cached = self._vocab.get(fieldname)
        if cached is not None:
            return cached
        terms: list[str] = []
        dfs: list[int] = []
        lows, highs = array("l"), array("l")
        for btext, info in reader.iter_field(fieldname):
            terms.append(btext.decode("utf-8") if isinstance(btext, bytes) else str(btext))
            dfs.append(int(info.doc_frequency()))
            lows.append(info.min_id())
            highs.append(info.max_id())
        vocab = Vocab(terms, dfs, lows, highs)
        with self._lock:
            self._vocab[fieldname] = vocab
        return vocab


@dataclass(frozen=True)
class Vocab:
    terms: list[str]  # sorted
    dfs: list[int]
    lows: array[int]  # the first and last docnum of each term
    highs: array[int]

    def span(self, prefix: str) -> tuple[int, int]:
        """``[lo, hi)`` of the terms starting with ``prefix``."""
        lo = bisect_left(self.terms, prefix)
        return lo, bisect_left(self.terms, prefix + "\U0010ffff", lo)

    def with_prefix(self, prefix: str) -> Iterator[tuple[str, int]]:
        lo, hi = self.span(prefix)
        return zip(self.terms[lo:hi], self.dfs[lo:hi], strict=True)

    def freq(self, term: str) -> int:
        i = bisect_left(self.terms, term)
        return self.dfs[i] if i < len(self.terms) and self.terms[i] == term else 0


def idf(total_docs: int, doc_freq: int) -> float:
    """Whoosh's BM25 idf."""
    return math.log(total_docs / (doc_freq + 1)) + 1.0
