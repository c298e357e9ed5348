""" "Did you mean": Whoosh's list corrector over the ``spell`` field's words.

Whoosh's ReaderCorrector walks the on-disk term file with a Levenshtein
automaton and costs tens of milliseconds per word; the same automaton over an
in-memory sorted word list (loaded once per segment) costs a few.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from whoosh.spelling import ListCorrector


class FrequencyCorrector(ListCorrector):  # type: ignore[misc]
    """Ranks suggestions by edit distance, then by document frequency."""

    def __init__(self, freqs: Mapping[str, int], ordered: list[str] | None = None) -> None:
        super().__init__(ordered if ordered is not None else sorted(freqs))
        self.freqs = freqs

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        if not self.wordlist:
            return
        for score, word in super()._suggestions(text, maxdist, prefix):
            yield score - 0.5 / max(1, self.freqs.get(word, 1)), word

    def frequency(self, word: str) -> int:
        return self.freqs.get(word, 0)
