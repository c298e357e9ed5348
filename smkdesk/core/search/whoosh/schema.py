"""Whoosh schema, analysis and the IndexDoc -> Whoosh document mapping."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from whoosh import fields, formats
from whoosh.analysis import Analyzer, CharsetFilter, LowercaseFilter, StemFilter
from whoosh.analysis.filters import STOP_WORDS
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from smkdesk.core.search.model import IndexDoc
from smkdesk.core.search.whoosh.cjk import CjkStopFilter, CjkTokenizer

# Bump ``index.INDEX_VERSION`` whenever anything in this module changes what
# ends up in the index.

#: Body characters stored for snippets. Bodies can be several MB; only this
#: much is kept (and scanned) to build a snippet.
EXCERPT_CHARS = 24_000
#: Body characters whose words feed "did you mean".
SPELL_BODY_CHARS = 8_000

#: Free-text fields searched by a query, with their query-time boosts.
TEXT_FIELDS: tuple[str, ...] = ("title", "description", "keywords", "tag_text", "body")
#: Unstemmed, folded words used only for "did you mean".
SPELL_FIELD = "spell"
#: Frequency-only twin of ``body``: term queries read it (its postings load
#: several times faster than positional ones); phrases read ``body``.
BODY_TERMS = "body_terms"

#: Filter / facet dimensions: facet name -> Whoosh field name.
FACET_FIELDS: dict[str, str] = {
    "stage": "stage",
    "persona": "persona",
    "sector": "sector",
    "type": "type",
    "status": "status",
    "owner": "owner",
    "abm_tier": "abm_tier",
}


def make_analyzer() -> Analyzer:
    """Stemming + accent folding; used for indexing *and* querying.

    Whoosh's StemmingAnalyzer (same tokens, stop words, stems) except that CJK
    runs become character bigrams (``cjk.py``).
    """
    ana: Analyzer = (
        CjkTokenizer()
        | LowercaseFilter()
        | CjkStopFilter(stoplist=STOP_WORDS, minsize=2)
        | StemFilter(cachesize=50000)
        | CharsetFilter(accent_map)
    )
    return ana


ANALYZER = make_analyzer()

_SPELL_WORD = re.compile(r"[^\W\d_]{3,30}")


def fold(text: str) -> str:
    """Accent-fold ``text`` keeping its length (every mapping is 1:1)."""
    return text.translate(accent_map)


def spell_words(*texts: str) -> str:
    """Distinct folded lower-case words of ``texts`` for the spelling field."""
    words: set[str] = set()
    for text in texts:
        words.update(_SPELL_WORD.findall(fold(text).lower()))
    return " ".join(sorted(words))


class _LastAnalysis(threading.local):
    value: object = None
    items: tuple[tuple[str, int, float], ...] = ()


_LAST = _LastAnalysis()


class SharedPositions(formats.Positions):  # type: ignore[misc]
    """Positions format that lets :class:`TwinFrequency` reuse its analysis.

    Whoosh indexes a document's fields in name order, so ``body`` is analysed
    just before ``body_terms``; both get the very same string object.
    """

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[Any]:
        items = list(super().word_values(value, analyzer, **kwargs))
        _LAST.value = value
        _LAST.items = tuple((w, freq, weight) for w, freq, weight, _v in items)
        return iter(items)


class TwinFrequency(formats.Frequency):  # type: ignore[misc]
    """Frequency format that reuses the analysis of the positional twin."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[Any]:
        if _LAST.value is not value or kwargs.get("mode") != "index":
            yield from super().word_values(value, analyzer, **kwargs)
            return
        fb = self.field_boost
        for w, freq, _weight in _LAST.items:
            yield w, freq, freq * fb, pack_uint(freq)
        _LAST.value, _LAST.items = None, ()


def build_schema() -> fields.Schema:
    ana = ANALYZER
    body = fields.TEXT(analyzer=ana)
    body.format = SharedPositions()
    body_terms = fields.TEXT(analyzer=ana, phrase=False)
    body_terms.format = TwinFrequency()
    return fields.Schema(
        asset_id=fields.ID(stored=True, unique=True, sortable=True),
        title=fields.TEXT(analyzer=ana, stored=True, field_boost=3.0),
        description=fields.TEXT(analyzer=ana, stored=True, field_boost=1.5),
        keywords=fields.TEXT(analyzer=ana, field_boost=1.5),
        tag_text=fields.TEXT(analyzer=ana),
        body=body,
        body_terms=body_terms,
        excerpt=fields.STORED(),
        spell=fields.KEYWORD(scorable=True),
        stage=fields.KEYWORD(commas=True),
        persona=fields.KEYWORD(commas=True),
        sector=fields.KEYWORD(commas=True),
        type=fields.KEYWORD(commas=True),
        status=fields.ID(),
        owner=fields.ID(),
        abm_tier=fields.ID(),
        language=fields.ID(),
        created=fields.DATETIME(sortable=True),
        updated=fields.DATETIME(sortable=True),
    )


def naive_utc(value: datetime) -> datetime:
    """Whoosh stores naive datetimes: convert aware ones to naive UTC."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _ids(values: tuple[int, ...] | list[int]) -> str:
    return ",".join(str(int(v)) for v in values)


def to_fields(doc: IndexDoc) -> dict[str, Any]:
    """Keyword arguments for ``writer.add_document`` / ``update_document``."""
    body = doc.body
    keywords = " ; ".join(doc.keywords)
    out: dict[str, Any] = {
        "asset_id": str(doc.asset_id),
        "title": doc.title,
        "description": doc.description,
        "keywords": keywords,
        "tag_text": doc.tag_text,
        "body": body,
        BODY_TERMS: body,
        "excerpt": body[:EXCERPT_CHARS],
        "spell": spell_words(doc.title, doc.description, keywords, body[:SPELL_BODY_CHARS]),
        "status": doc.status or "published",
        "created": naive_utc(doc.created),
        "updated": naive_utc(doc.updated),
    }
    if doc.stage_ids:
        out["stage"] = _ids(doc.stage_ids)
    if doc.persona_ids:
        out["persona"] = _ids(doc.persona_ids)
    if doc.sector_ids:
        out["sector"] = _ids(doc.sector_ids)
    if doc.type_id is not None:
        out["type"] = str(int(doc.type_id))
    if doc.owner:
        out["owner"] = doc.owner
    if doc.abm_tier:
        out["abm_tier"] = doc.abm_tier
    if doc.language:
        out["language"] = doc.language
    return out
