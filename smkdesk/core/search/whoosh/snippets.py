"""Cheap plain-text snippets with highlight offsets.

Instead of re-analysing a whole document (Whoosh's highlighter), the stored
excerpt is scanned with one accent-insensitive regular expression for words
that *could* match a query term (they start with the term's stem), and only
those candidates are stemmed to confirm. CJK terms (character bigrams) are
found wherever they occur, and overlapping ones are shown as one range. The
best ~200-character window is returned; no markup is ever added.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from whoosh.support.charset import accent_map

from smkdesk.core.search.model import Highlight, Snippet
from smkdesk.core.search.whoosh.cjk import has_cjk
from smkdesk.core.search.whoosh.schema import ANALYZER, fold

SNIPPET_CHARS = 200
ELLIPSIS = "…"
_MAX_CANDIDATES = 400
_MAX_HITS = 60
_PER_START = 10
_FIRST_STRETCH = 6000
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD = re.compile(r"\w+")
_WS = re.compile(r"\s+")


def _accent_classes() -> dict[str, str]:
    variants: dict[str, set[str]] = defaultdict(set)
    for code, base in accent_map.items():
        variants[base.lower()].add(chr(code))
    return {
        base: "[" + re.escape(base) + "".join(re.escape(c) for c in sorted(chars)) + "]"
        for base, chars in variants.items()
        if len(base) == 1
    }


_CLASSES = _accent_classes()


def _insensitive(text: str) -> str:
    """Regex source matching ``text`` with any accents (use IGNORECASE)."""
    return "".join(_CLASSES.get(c, re.escape(c)) for c in text)


Hit = tuple[int, int, str]


@lru_cache(maxsize=65_536)
def _analysed(word: str) -> str | None:
    toks = [t.text for t in ANALYZER(word)]
    return toks[0] if len(toks) == 1 else None


Prefixes = tuple[str, ...]


def _starts(stems: frozenset[str], prefixes: Prefixes) -> set[str]:
    """What a matching word must begin with (stems lose a letter: y->i etc.)."""
    starts = {s[:-1] if len(s) > 3 else s for s in stems if s}
    starts.update(p for p in prefixes if p)
    return starts


@lru_cache(maxsize=1024)
def _pattern(starts: frozenset[str]) -> re.Pattern[str] | None:
    if not starts:
        return None
    alts = "|".join(_insensitive(s) for s in sorted(starts, key=len, reverse=True))
    return re.compile(rf"\b(?:{alts})\w*", re.IGNORECASE)


def _confirm(word: str, terms: frozenset[str], prefixes: Prefixes) -> str | None:
    """The query term ``word`` (lower case) stands for, or None."""
    if not word.isascii():
        word = fold(word)
    if prefixes and word.startswith(prefixes):
        return next(p for p in prefixes if word.startswith(p))
    stem = _analysed(word)
    return stem if stem is not None and stem in terms else None


def _word_at(low: str, i: int) -> int:
    m = _WORD.match(low, i)
    return m.end() if m else i + 1


def _find_fast(
    low: str, starts: set[str], terms: frozenset[str], prefix: Prefixes
) -> dict[int, Hit]:
    """``str.find`` per start string on the lower-cased text (C speed)."""
    hits: dict[int, Hit] = {}
    for start in starts:
        found = 0
        i = low.find(start)
        while i >= 0 and found < _PER_START:
            if i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_"):
                end = _word_at(low, i)
                term = _confirm(low[i:end], terms, prefix)
                if term is not None:
                    hits[i] = (i, end, term)
                    found += 1
            i = low.find(start, i + 1)
    return hits


def _find_accented(
    low: str, starts: set[str], terms: frozenset[str], prefix: Prefixes, hits: dict[int, Hit]
) -> None:
    """Words with non-ASCII letters ("Zürich" for "zurich") that find() missed."""
    starts_t = tuple(starts)
    last = -1
    for m in _NON_ASCII.finditer(low):
        i = m.start()
        if i < last or not low[i].isalnum():
            continue
        while i > 0 and (low[i - 1].isalnum() or low[i - 1] == "_"):
            i -= 1
        last = end = _word_at(low, i)
        if i in hits or not fold(low[i:end]).startswith(starts_t):
            continue
        term = _confirm(low[i:end], terms, prefix)
        if term is not None:
            hits[i] = (i, end, term)


def _find_cjk(text: str, cjk: set[str]) -> list[Hit]:
    """Every occurrence of the CJK ``terms`` (no word boundaries in CJK text),
    overlapping occurrences merged into one range."""
    found: list[Hit] = []
    for term in cjk:
        i = text.find(term)
        n = 0
        while i >= 0 and n < _MAX_HITS:
            found.append((i, i + len(term), term))
            n += 1
            i = text.find(term, i + 1)
    found.sort()
    merged: list[Hit] = []
    for s, e, term in found:
        if merged and s < merged[-1][1]:
            ms, me, mterm = merged[-1]
            merged[-1] = (ms, max(me, e), mterm)
        else:
            merged.append((s, e, term))
    return merged


def find_hits(text: str, terms: frozenset[str], prefix: Prefixes) -> list[Hit]:
    """(start, end, term) of words in ``text`` that match the query, in order.

    Looks at a first stretch of the text and reads on only when it found
    little there: a snippet needs one good window, not every occurrence.
    """
    cjk = {t for t in (*terms, *prefix) if has_cjk(t)}
    if cjk:
        latin = find_hits(
            text,
            frozenset(t for t in terms if t not in cjk),
            tuple(p for p in prefix if p not in cjk),
        )
        return sorted(latin + _find_cjk(text, cjk))
    starts = _starts(terms, prefix)
    if not starts:
        return []
    cut = text.find(" ", _FIRST_STRETCH)
    if 0 < cut < len(text) - _FIRST_STRETCH // 2:
        hits = _scan(text[:cut], starts, terms, prefix)
        if len(hits) >= 4 or len({h[2] for h in hits}) >= 2:
            return hits
    return _scan(text, starts, terms, prefix)


def _scan(text: str, starts: set[str], terms: frozenset[str], prefix: Prefixes) -> list[Hit]:
    low = text.lower()
    if len(low) == len(text):
        found = _find_fast(low, starts, terms, prefix)
        if not text.isascii():
            _find_accented(low, starts, terms, prefix, found)
        return [found[k] for k in sorted(found)]
    # lower() changed the length (rare letters like "İ"): slow, exact path
    pattern = _pattern(frozenset(starts))
    hits: list[Hit] = []
    for n, m in enumerate(pattern.finditer(text) if pattern else ()):
        if n >= _MAX_CANDIDATES or len(hits) >= _MAX_HITS:
            break
        term = _confirm(m.group(0).lower(), terms, prefix)
        if term is not None:
            hits.append((m.start(), m.end(), term))
    return hits


def _best_window(hits: list[Hit], width: int) -> tuple[int, int]:
    """Indexes [i, j) of the hit run that fits ``width`` with most distinct terms."""
    best = (0, 1)
    best_key = (0, 0)
    counts: dict[str, int] = {}
    j = 0
    for i in range(len(hits)):
        while j < len(hits) and hits[j][1] - hits[i][0] <= width:
            counts[hits[j][2]] = counts.get(hits[j][2], 0) + 1
            j += 1
        key = (len(counts), j - i)
        if key > best_key:
            best_key, best = key, (i, max(j, i + 1))
        if j > i:
            term = hits[i][2]
            counts[term] -= 1
            if not counts[term]:
                del counts[term]
        else:
            j = i + 1
    return best


def _cut(text: str, start: int, end: int, hits: Iterable[Hit]) -> Snippet:
    """``text[start:end]`` snapped to word boundaries, whitespace runs
    collapsed, with the hits inside it as highlights."""
    i = start
    while i > max(0, start - 20) and not text[i - 1].isspace():
        i -= 1
    if i == 0 or text[i - 1].isspace():
        start = i
    j = end
    while j < min(len(text), end + 20) and not text[j].isspace():
        j += 1
    if j == len(text) or text[j].isspace():
        end = j
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    lead = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(text) else ""
    parts = [lead]
    seg_raw: list[int] = []  # raw offset where each output segment starts
    seg_out: list[int] = []  # ... and where it lands in the output
    out_len = len(lead)
    pos = start
    for ws in _WS.finditer(text, start, end):
        seg_raw.append(pos)
        seg_out.append(out_len)
        parts.append(text[pos : ws.start()])
        parts.append(" ")
        out_len += ws.start() - pos + 1
        pos = ws.end()
    seg_raw.append(pos)
    seg_out.append(out_len)
    parts.append(text[pos:end])
    highlights = []
    for s, e, _term in hits:
        if start <= s and e <= end:
            k = bisect_right(seg_raw, s) - 1
            out = seg_out[k] + s - seg_raw[k]
            highlights.append(Highlight(out, out + e - s))
    return Snippet("".join(parts) + tail, tuple(highlights))


def make_snippet(
    sources: Sequence[str],
    fallback: Sequence[str],
    terms: Iterable[str],
    prefixes: Prefixes = (),
    width: int = SNIPPET_CHARS,
) -> Snippet | None:
    """Best window of the first source with a match, else the start of the
    first non-empty fallback text (without highlights)."""
    term_set = frozenset(terms)
    for text in sources:
        hits = find_hits(text, term_set, prefixes) if text else []
        if not hits:
            continue
        i, j = _best_window(hits, width)
        first, last = hits[i][0], hits[j - 1][1]
        slack = max(0, width - (last - first))
        start = max(0, first - slack // 3)
        end = min(len(text), max(last, start + width))
        return _cut(text, start, end, hits)
    for text in fallback:
        m = re.search(r"\S", text)
        if m:
            return _cut(text, m.start(), min(len(text), m.start() + width), ())
    return None
