"""User text -> Whoosh query tree.

Syntax: words are AND'ed, ``"quoted phrases"``, ``OR``, ``NOT`` / ``-word``,
parentheses. Anything else is punctuation. Syntax errors never reach the
caller: the text is re-read as plain words.

The last word of as-you-type text is a *prefix*: it is replaced by a marker
term before parsing and the evaluator swaps the marker for the most frequent
index terms starting with it (bounded, see ``evaluate``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh import fields, query
from whoosh.qparser import MultifieldParser, OperatorsPlugin, plugins

from smkdesk.core.search.schema import ANALYZER, TEXT_FIELDS, fold

MAX_QUERY_CHARS = 500
#: A last word shorter than this is not expanded yet (it would match nearly
#: every document and cost the most).
MIN_PREFIX = 2
#: Stands for the prefix word inside the parsed tree; survives analysis as is.
PREFIX_MARKER = "qqsmkprefixmarkerqq"
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
# anything that is not part of a word, a quote, a group or an operator sign
_PUNCT = re.compile(r"[^\w\s\"()'.\-+]")
_INNER_SIGN = re.compile(r"(?<=[\w.'])[-+]+")
_LEADING_MINUS = re.compile(r"(?:(?<=\s)|(?<=\()|^)-+(?=[\w\"(])")
_STRAY_SIGN = re.compile(r"[-+]+")
_LAST_WORD = re.compile(r"(\w+)$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query plus what the evaluator and the snippet maker need."""

    text: str  # the cleaned user text
    parsed_text: str  # what the parser saw (prefix word replaced by the marker)
    query: query.Query
    prefix: str | None  # folded, lower-case prefix of the last word
    prefix_stem: str | None  # the last word analysed as a whole word
    prefix_word: str | None  # the last word as typed
    words: tuple[str, ...]  # plain words the user finished typing (for "did you mean")
    blank: bool = False  # nothing to search yet (just one letter typed)

    @property
    def is_empty(self) -> bool:
        return self.query is query.NullQuery


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
    return " ".join(text.split()) + (" " if text[-1:].isspace() else "")


@lru_cache(maxsize=65_536)
def analyse_word(word: str) -> str | None:
    """The single index term ``word`` becomes, or None (stop word, several)."""
    toks = [t.text for t in ANALYZER(word)]
    return toks[0] if len(toks) == 1 else None


class QueryReader:
    """Parses user text with one schema; cheap to reuse, not thread-safe."""

    def __init__(self, schema: fields.Schema) -> None:
        self._parser = _make_parser(schema, syntax=True)
        self._plain = _make_parser(schema, syntax=False)

    def parse(self, text: str, *, prefix_last: bool = True) -> ParsedQuery:
        cleaned = clean(text)
        prefix = prefix_stem = prefix_word = None
        to_parse = cleaned.rstrip()
        words = [w for w in _WORD.findall(cleaned) if w not in _OPERATORS]
        if prefix_last and cleaned and not cleaned[-1].isspace():
            m = _LAST_WORD.search(to_parse)
            if m and m.group(1) not in _OPERATORS and to_parse.count('"') % 2 == 0:
                word = words.pop()
                if len(word) < MIN_PREFIX:  # one letter: wait for the next one
                    to_parse = to_parse[: m.start(1)]
                else:
                    prefix, prefix_stem, prefix_word = fold(word).lower(), analyse_word(word), word
                    to_parse = to_parse[: m.start(1)] + PREFIX_MARKER
        try:
            q = self._parser.parse(to_parse)
        except Exception:  # whoosh's parser has many ways to fail; never raise
            q = self._plain.parse(" ".join(_WORD.findall(to_parse)))
        blank = not words and prefix is None
        return ParsedQuery(
            cleaned, to_parse, q, prefix, prefix_stem, prefix_word, tuple(words), blank
        )

    def parse_plain(self, text: str) -> query.Query:
        return self._plain.parse(" ".join(_WORD.findall(clean(text))))
