"""Near-duplicate text detection with MinHash signatures and LSH banding.

How similarity is computed
--------------------------
Two texts are compared by the **Jaccard similarity of their 5-word shingles**:
the text is lower-cased and split into words (``\\w+``); every run of 5
consecutive words is a shingle; similarity = |A ∩ B| / |A ∪ B| over the two
shingle sets. Changing one word removes up to 5 shingles, so a 400-word copy
with three words edited is still ~93 % similar, while unrelated texts share
almost no shingles.

The Jaccard similarity is *estimated* from a 64-value MinHash signature stored
per asset, using one-permutation hashing (Li, Owen & Zhang, 2012) with
densification (Shrivastava & Li, 2014): each shingle is hashed once
(``zlib.crc32`` of its UTF-8 text with a fixed seed, then a murmur3 finaliser,
so values are stable across processes and machines); the top 6 bits pick one
of 64 bins and each bin keeps its smallest remaining value; empty bins borrow
the next non-empty bin's value. The share of the 64 positions on which two
signatures agree estimates their Jaccard similarity (standard error about
0.05 at 0.8).

Candidate pairs come from LSH banding (16 bands of 4 values): two assets are
compared only if some band matches exactly, which catches pairs above ~0.5
with near certainty. ``duplicates`` keeps the band keys in an indexed table,
so a new asset is compared with a handful of candidates, never with all.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib

SHINGLE_WORDS = 5
NUM_HASHES = 64
BANDS = 16
ROWS = NUM_HASHES // BANDS
MIN_SHINGLES = 8  # shorter texts get no signature: too little to compare
MAX_WORDS = 50_000  # enough to tell documents apart; bounds the cost of huge texts
SEED = 0x5EED5EED
_BIN_BITS = 6
_VALUE_MASK = (1 << (32 - _BIN_BITS)) - 1
_EMPTY = 0xFFFFFFFF
_FORMAT = f"<{NUM_HASHES}I"
_WORD = re.compile(r"\w+")


def _mix(h: int) -> int:
    """murmur3's 32-bit finaliser: spreads crc32's bits evenly."""
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    return h ^ (h >> 16)


def shingle_hashes(text: str) -> set[int]:
    words = _WORD.findall(text.lower())[:MAX_WORDS]
    return {
        _mix(zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8"), SEED))
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(text: str) -> bytes:
    """The text's MinHash signature; empty when it has too few words to compare."""
    hashes = shingle_hashes(text)
    if len(hashes) < MIN_SHINGLES:
        return b""
    bins = [_EMPTY] * NUM_HASHES
    for h in hashes:
        b = h >> (32 - _BIN_BITS)
        v = h & _VALUE_MASK
        if v < bins[b]:
            bins[b] = v
    for i in range(NUM_HASHES):  # densify: borrow from the next non-empty bin
        if bins[i] == _EMPTY:
            for step in range(1, NUM_HASHES):
                other = bins[(i + step) % NUM_HASHES]
                if other != _EMPTY and other <= _VALUE_MASK:
                    bins[i] = (other + step * (_VALUE_MASK + 1)) & 0xFFFFFFFF
                    break
    return struct.pack(_FORMAT, *bins)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures (0 if either is empty)."""
    if len(a) != 4 * NUM_HASHES or len(b) != 4 * NUM_HASHES:
        return 0.0
    va: tuple[int, ...] = struct.unpack(_FORMAT, a)
    vb: tuple[int, ...] = struct.unpack(_FORMAT, b)
    return sum(x == y for x, y in zip(va, vb, strict=True)) / NUM_HASHES


def band_keys(sig: bytes) -> list[int]:
    """One 56-bit key per LSH band (band number included), stable across machines."""
    if len(sig) != 4 * NUM_HASHES:
        return []
    width = 4 * ROWS
    return [
        int.from_bytes(
            hashlib.blake2b(
                bytes((band,)) + sig[band * width : (band + 1) * width], digest_size=7
            ).digest(),
            "big",
        )
        for band in range(BANDS)
    ]
