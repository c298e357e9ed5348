"""CJK text (Han, Hiragana, Katakana, Hangul) as overlapping character bigrams.

Chinese and Japanese write no spaces between words, so a whole sentence is one
``\\w+`` token; Korean attaches particles to words. Each CJK run of a token is
indexed as its overlapping bigrams ("東京の" -> 東京, 京の), a one-character run
as that character; the non-CJK parts of a mixed token ("Tokyo東京") stay
tokens of their own. A query run is read the same way and matched as a phrase
of its bigrams, which finds the run anywhere inside running text.

Text without any CJK character goes through Whoosh's tokenizer untouched.
The classes here are pickled into the index schema: keep their names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import RegexTokenizer, StopFilter, Token

_RANGES = (
    "\u1100-\u11ff"  # Hangul jamo
    "\u3005-\u3007"  # 々 〆 〇
    "\u3040-\u309f"  # Hiragana
    "\u30a0-\u30ff"  # Katakana (with the prolonged sound mark)
    "\u3130-\u318f"  # Hangul compatibility jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # Han extension A
    "\u4e00-\u9fff"  # Han
    "\ua960-\ua97f"  # Hangul jamo extended A
    "\uac00-\ud7af"  # Hangul syllables
    "\ud7b0-\ud7ff"  # Hangul jamo extended B
    "\uf900-\ufaff"  # Han compatibility
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # Han extensions B-G
)
CJK_CHAR = f"[{_RANGES}]"
_CJK = re.compile(CJK_CHAR)
_ALL_CJK = re.compile(f"{CJK_CHAR}+")
_RUNS = re.compile(f"({CJK_CHAR}+)|([^{_RANGES}]+)")


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def is_cjk(text: str) -> bool:
    """True if every character of (non-empty) ``text`` is CJK."""
    return _ALL_CJK.fullmatch(text) is not None


def pieces(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the terms one ``\\w+`` token stands for: CJK
    bigrams (a lone CJK character as itself) and the other parts as they are."""
    for m in _RUNS.finditer(text):
        start, end = m.span()
        if m.group(1) is None:
            while start < end and text[start] == ".":
                start += 1
            while end > start and text[end - 1] == ".":
                end -= 1
            if start < end:
                yield start, end
        elif end - start == 1:
            yield start, end
        else:
            for i in range(start, end - 1):
                yield i, i + 2


def bigrams(text: str) -> list[str]:
    """The terms of ``text`` (a ``\\w+`` token), as :func:`pieces`."""
    return [text[s:e] for s, e in pieces(text)]


class CjkTokenizer(RegexTokenizer):  # type: ignore[misc]
    """Whoosh's RegexTokenizer that splits tokens with CJK runs (see module)."""

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]:
        tokens: Iterator[Token] = super().__call__(value, **kwargs)
        if not kwargs.get("tokenize", True) or not has_cjk(value):
            return tokens  # no CJK: Whoosh's tokens as they are
        return self._split(tokens, **kwargs)

    @staticmethod
    def _split(tokens: Iterator[Token], **kwargs: Any) -> Iterator[Token]:
        positions = kwargs.get("positions", False)
        chars = kwargs.get("chars", False)
        keep = kwargs.get("keeporiginal", False)
        pos = kwargs.get("start_pos", 0)
        for t in tokens:
            text = t.text
            if not has_cjk(text):
                if positions:
                    t.pos = pos
                pos += 1
                yield t
                continue
            base = t.startchar if chars else 0
            for start, end in pieces(text):
                t.text = text[start:end]
                if keep:
                    t.original = t.text
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar, t.endchar = base + start, base + end
                pos += 1
                yield t


class CjkStopFilter(StopFilter):  # type: ignore[misc]
    """StopFilter that keeps one-character CJK terms (a lone character is a
    word; a lone Latin letter is not)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stoplist, minsize, maxsize, renumber = self.stops, self.min, self.max, self.renumber
        pos = None
        for t in tokens:
            text = t.text
            if (
                (len(text) >= minsize or _CJK.match(text) is not None)
                and (maxsize is None or len(text) <= maxsize)
                and text not in stoplist
            ):
                if renumber and t.positions:
                    if pos is None:
                        pos = t.pos
                    else:
                        pos += 1
                        t.pos = pos
                t.stopped = False
                yield t
            elif not t.removestops:
                t.stopped = True
                yield t
