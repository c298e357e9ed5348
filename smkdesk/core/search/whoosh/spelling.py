""" "Did you mean": Whoosh's list corrector over the ``spell`` field's words.

Whoosh's ReaderCorrector walks the on-disk term file with a Levenshtein
automaton and costs tens of milliseconds per word; the same automaton over an
in-memory sorted word list (loaded once per segment) costs a few.

The automaton finds the words within two Levenshtein edits; they are then
ranked by the optimal-string-alignment distance, in which swapping two
neighbouring letters is one edit ("retial" is one edit from "retail" and two
from "real"), and among equally close words the more frequent one first.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping

from whoosh.spelling import ListCorrector


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions
    and transpositions of neighbouring letters each cost one."""
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


#: Longest word that only one edit may correct.
SHORT_WORD = 5


class _Skipper:
    """The first listed word at or after ``w`` (Whoosh's own skipper passes
    over the first word of the list when it sorts after the automaton's
    first string)."""

    def __init__(self, data: list[str]) -> None:
        self.data = data
        self.i = 0

    def __call__(self, w: str) -> str | None:
        self.i = bisect_left(self.data, w, self.i)
        return self.data[self.i] if self.i < len(self.data) else None


class FrequencyCorrector(ListCorrector):  # type: ignore[misc]
    """Ranks suggestions by edit distance, then by document frequency."""

    Skipper = _Skipper

    def __init__(self, freqs: Mapping[str, int], ordered: list[str] | None = None) -> None:
        super().__init__(ordered if ordered is not None else sorted(freqs))
        self.freqs = freqs

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        if not self.wordlist:
            return
        for score, word in super()._suggestions(text, maxdist, prefix):
            yield score - 0.5 / max(1, self.freqs.get(word, 1)), word

    def candidates(self, word: str, limit: int = 4, prefix: int = 1) -> list[str]:
        """Words of the library close to ``word`` (never ``word`` itself), the
        likeliest first: fewest edits (a transposition is one), then the most
        frequent. Words of up to ``SHORT_WORD`` letters allow one edit only:
        two edits turn a short word into too many others ("drone" -> "don")."""
        if not self.wordlist:
            return []
        most = 1 if len(word) <= SHORT_WORD else 2
        found = {w for _score, w in super()._suggestions(word, 2, prefix) if w != word}
        close = {w: d for w in found if (d := edit_distance(word, w)) <= most}
        ranked = sorted(close, key=lambda w: (close[w], -self.frequency(w), w))
        return ranked[:limit]

    def frequency(self, word: str) -> int:
        return self.freqs.get(word, 0)
