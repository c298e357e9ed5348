"""HTML pages (.html, .htm): the visible text, with the standard library parser.

The parser never expands entities a page defines itself, but a DOCTYPE with an
internal subset would otherwise show up as text. One that defines entities
built of other entities (the "billion laughs" XML bomb) is rejected; any other
is skipped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from smkdesk.core.errors import RejectedFile
from smkdesk.core.extract.decoding import decode_bytes, read_prefix
from smkdesk.core.extract.model import Extraction, Limits
from smkdesk.core.extract.textutil import XML_BOMB, TextBuilder, clean_title, finish

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SNIFF_BYTES = 4096
# Elements whose content is never shown as text.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object"})
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    }
)
_CELLS = frozenset({"td", "th"})
_SPACE_RE = re.compile(r"\s+")
_TAG_RE = re.compile(r"<[^>]*>")
# A DOCTYPE with an internal subset ``[...]`` ahead of the first element.
_INTERNAL_SUBSET_RE = re.compile(
    r"\A\ufeff?\s*(?:<\?[^>]*>\s*|<!--.*?-->\s*)*<!DOCTYPE\b[^\[>]*\[(.*?)\]\s*>", re.S | re.I
)
# An entity whose value refers to another entity: what entity bombs are made of.
_NAME = r"[A-Za-z_:][-\w.:]*"
_NESTED_ENTITY_RE = re.compile(
    rf"""<!ENTITY\s[^>]*?(?:"[^"]*?[&%]{_NAME};[^"]*"|'[^']*?[&%]{_NAME};[^']*')""", re.I
)


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.h1_done = False
        self.title_done = False
        self._hidden = 0
        self._pre = 0
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "title" and not self._hidden:
            self._in_title = True
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _CELLS:
            self.parts.append("\t")
        elif tag in _BLOCKS:
            self.parts.append("\n")
            if tag == "pre":
                self._pre += 1
            elif tag == "h1" and not self.h1_done:
                self._in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "title":
            if self._in_title:
                self.title_done = True
            self._in_title = False
        elif tag in _BLOCKS:
            self.parts.append("\n")
            if tag == "pre":
                self._pre = max(0, self._pre - 1)
            elif tag == "h1" and self._in_h1:
                self._in_h1 = False
                self.h1_done = True

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._in_title:
            if not self.title_done:
                self.title_parts.append(data)
            return
        if not self._pre:
            data = _SPACE_RE.sub(" ", data)
        if self._in_h1:
            self.h1_parts.append(data)
        self.parts.append(data)


def extract_html(path: Path, limits: Limits) -> Extraction:
    """Extract the visible text and the title of an HTML page."""
    data, more = read_prefix(path, limits.max_text_chars)
    match = _META_CHARSET_RE.search(data[:_SNIFF_BYTES])
    declared = match.group(1).decode("ascii", errors="replace") if match else None
    markup = _without_internal_subset(decode_bytes(data, declared))
    parser = _VisibleText()
    try:
        parser.feed(markup)
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # the stdlib parser is lenient; this is a last resort
        text = _TAG_RE.sub(" ", markup)
    # One line per block; HTML has no meaningful blank lines.
    lines = (line.strip() for line in text.split("\n"))
    builder = TextBuilder(limits.max_text_chars)
    builder.add("\n".join(line for line in lines if line))
    title = clean_title("".join(parser.title_parts)) or clean_title("".join(parser.h1_parts))
    return finish(builder, kind="html", title=title, truncated=more)


def _without_internal_subset(markup: str) -> str:
    """``markup`` without a leading DOCTYPE's internal subset; rejects entity bombs."""
    match = _INTERNAL_SUBSET_RE.match(markup)
    if match is None:
        return markup
    if _NESTED_ENTITY_RE.search(match.group(1)):
        raise RejectedFile(XML_BOMB)
    return markup[match.end() :]
