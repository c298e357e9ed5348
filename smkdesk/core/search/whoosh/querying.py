"""User text -> Whoosh query tree.

Syntax: words are AND'ed, ``"quoted phrases"``, ``OR``, ``NOT`` / ``-word``,
parentheses. Anything else is punctuation. Syntax errors never reach the
caller: the text is re-read as plain words.

A word ending in ``*`` (anywhere) and the last word of as-you-type text are
*prefixes*: each is replaced by a marker term before parsing and the evaluator
matches the marker against every index term starting with it (see
``evaluate``).

CJK runs (see ``cjk``) are indexed as character bigrams; a query run of more
than one bigram is read as a phrase of them, a one-character run as a prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh import fields, query
from whoosh.qparser import MultifieldParser, OperatorsPlugin, plugins

from smkdesk.core.search.whoosh.cjk import CJK_CHAR, has_cjk, is_cjk
from smkdesk.core.search.whoosh.schema import ANALYZER, TEXT_FIELDS, fold

MAX_QUERY_CHARS = 500
#: A last word shorter than this is not expanded yet (it would match nearly
#: every document and cost the most).
MIN_PREFIX = 2
#: Prefix words are replaced by ``PREFIX_MARKER`` + a letter code + "qq" in the
#: parsed tree; such a term survives analysis as is.
PREFIX_MARKER = "qqsmkprefixmarker"
#: Prefix words one query expands; further ``word*`` are plain words, so a pasted
#: list of stars cannot make one search expand thousands of terms.
MAX_PREFIXES = 4
_MARKER_END = "qq"
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
# anything that is not part of a word, a quote, a group or an operator sign
_PUNCT = re.compile(r"[^\w\s\"()'.\-+*]")
_STRAY_STAR = re.compile(r"(?<![\w*])\*+|\*+(?=\w)")
_STAR_WORD = re.compile(r"(\w+)\*+")
_QUOTE_OR_WORD = re.compile(r'"|\w+')
_INNER_SIGN = re.compile(r"(?<=[\w.'])[-+]+")
_LEADING_MINUS = re.compile(r"(?:(?<=\s)|(?<=\()|^)-+(?=[\w\"(])")
_STRAY_SIGN = re.compile(r"[-+]+")
_LAST_WORD = re.compile(r"(\w+)$")
_LONE_CJK = re.compile(rf"(?<!\w){CJK_CHAR}(?!\w)")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Prefix:
    """One prefix word of a query."""

    marker: str  # the term standing for it in the parsed tree
    text: str  # folded, lower-case prefix
    stem: str | None  # the word analysed as a whole word
    word: str  # as typed


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query plus what the evaluator and the snippet maker need."""

    text: str  # the cleaned user text
    parsed_text: str  # what the parser saw (prefix words replaced by markers)
    query: query.Query
    prefixes: tuple[Prefix, ...]
    words: tuple[str, ...]  # plain words the user finished typing (for "did you mean")
    blank: bool = False  # nothing to search yet (just one letter typed)

    @property
    def is_empty(self) -> bool:
        return self.query is query.NullQuery

    @property
    def prefix_texts(self) -> tuple[str, ...]:
        return tuple(p.text for p in self.prefixes)

    def prefix_of(self, term: str) -> Prefix | None:
        """The prefix a marker term of the parsed tree stands for."""
        if not term.startswith(PREFIX_MARKER):
            return None
        return next((p for p in self.prefixes if p.marker == term), None)


def _marker(n: int) -> str:
    code = ""
    while True:
        n, r = divmod(n, 26)
        code = chr(97 + r) + code
        if not n:
            return PREFIX_MARKER + code + _MARKER_END


def _make_parser(schema: fields.Schema, *, syntax: bool) -> MultifieldParser:
    parser = MultifieldParser(list(TEXT_FIELDS), schema)
    keep: tuple[type, ...] = (plugins.WhitespacePlugin, plugins.MultifieldPlugin)
    if syntax:
        keep += (plugins.PhrasePlugin, plugins.GroupPlugin)
    for plugin in list(parser.plugins):
        if not isinstance(plugin, keep):
            parser.remove_plugin(plugin)
    if syntax:
        parser.add_plugin(OperatorsPlugin(AndNot=None, AndMaybe=None, Require=None))
    return parser


def clean(text: str) -> str:
    """Normalise quotes, signs and punctuation; ``-word`` becomes ``NOT word``."""
    text = text[:MAX_QUERY_CHARS].translate(_QUOTES)
    text = _PUNCT.sub(" ", text)
    text = _INNER_SIGN.sub(" ", text)  # e-mail, B2B-ready: just two words
    text = _LEADING_MINUS.sub("NOT ", text)
    text = _STRAY_SIGN.sub(" ", text)
    text = _STRAY_STAR.sub(" ", text)  # "*" only counts at the end of a word
    return " ".join(text.split()) + (" " if text[-1:].isspace() else "")


@lru_cache(maxsize=65_536)
def analyse_word(word: str) -> str | None:
    """The single index term ``word`` becomes, or None (stop word, several)."""
    toks = [t.text for t in ANALYZER(word)]
    return toks[0] if len(toks) == 1 else None


def _cjk_run(word: str) -> bool:
    """A word with CJK in it, longer than one character: read as a phrase of
    bigrams, which already matches inside longer runs (never a prefix)."""
    return len(word) > 1 and has_cjk(word)


def _inside_quotes(text: str, i: int) -> bool:
    return text.count('"', 0, i) % 2 == 1


def _quote_cjk(text: str) -> str:
    """Wrap words with CJK runs of several bigrams in quotes (a phrase)."""
    if not has_cjk(text):
        return text
    out: list[str] = []
    last = 0
    inside = False
    for m in _QUOTE_OR_WORD.finditer(text):
        word = m.group(0)
        if word == '"':
            inside = not inside
        elif not inside and has_cjk(word) and analyse_word(word) is None:
            out += [text[last : m.start()], f'"{word}"']
            last = m.end()
    out.append(text[last:])
    return "".join(out)


class QueryReader:
    """Parses user text with one schema; cheap to reuse, not thread-safe."""

    def __init__(self, schema: fields.Schema) -> None:
        self._parser = _make_parser(schema, syntax=True)
        self._plain = _make_parser(schema, syntax=False)

    def parse(self, text: str, *, prefix_last: bool = True) -> ParsedQuery:
        cleaned = clean(text)
        prefixes: list[Prefix] = []

        def mark(word: str) -> str:
            p = Prefix(_marker(len(prefixes)), fold(word).lower(), analyse_word(word), word)
            prefixes.append(p)
            return p.marker

        def star(m: re.Match[str]) -> str:
            word = m.group(1)
            if _inside_quotes(m.string, m.start()) or _cjk_run(word):
                return word  # a phrase word; a CJK run already matches inside words
            if len(word) < MIN_PREFIX or len(prefixes) >= MAX_PREFIXES:
                return word  # "a*", or a pasted list of stars: a plain word, cheap
            return mark(word)

        to_parse = _STAR_WORD.sub(star, cleaned.rstrip())
        if prefix_last and cleaned and not cleaned[-1].isspace() and cleaned[-1] != "*":
            m = _LAST_WORD.search(to_parse)
            if (
                m
                and m.group(1) not in _OPERATORS
                and not m.group(1).startswith(PREFIX_MARKER)
                and not _inside_quotes(to_parse, m.start())
                and not _cjk_run(m.group(1))
            ):
                word = m.group(1)
                if len(word) < MIN_PREFIX and not is_cjk(word):
                    to_parse = to_parse[: m.start(1)]  # one letter: wait for the next one
                elif len(prefixes) < MAX_PREFIXES:
                    to_parse = to_parse[: m.start(1)] + mark(word)
        to_parse = _LONE_CJK.sub(
            lambda m: m.group(0) if _inside_quotes(m.string, m.start()) else mark(m.group(0)),
            to_parse,
        )
        to_parse = _quote_cjk(to_parse)
        words = tuple(
            w
            for w in _WORD.findall(to_parse)
            if w not in _OPERATORS and not w.startswith(PREFIX_MARKER)
        )
        try:
            q = self._parser.parse(to_parse)
        except Exception:  # whoosh's parser has many ways to fail; never raise
            q = self._plain.parse(" ".join(_WORD.findall(to_parse)))
        blank = not words and not prefixes
        return ParsedQuery(cleaned, to_parse, q, tuple(prefixes), words, blank)

    def parse_plain(self, text: str) -> query.Query:
        return self._plain.parse(" ".join(_WORD.findall(clean(text))))
