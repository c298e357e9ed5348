"""Helpers shared by the per-type extractors: text clean-up, titles, sizes."""

from __future__ import annotations

import re
import zipfile
import zlib

from smkdesk.core.errors import RejectedFile
from smkdesk.core.extract.model import Extraction, Limits

NO_TEXT = "the document contains no text"
XML_BOMB = 'the file defines nested XML entities (an "XML bomb"), which smkdesk does not expand'
# What libxml2 says when it stops expanding entities: the amplification limit
# (billion laughs, quadratic blow-up) or, in older versions, a "loop".
_ENTITY_BOMB_RE = re.compile(
    r"entity amplification|amplification factor|entity reference loop", re.I
)

# C0 controls except tab and newline, and DEL. Lone surrogates cannot be encoded
# (they would break the search index or the database): they become U+FFFD.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_TRAILING_SPACE_RE = re.compile(r"[ \t\u00a0]+\n")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_SPACE_RUN_RE = re.compile(r"[ \t\u00a0\u200b]{2,}")
_TITLE_SPACE_RE = re.compile(r"\s+")

_MAX_TITLE_CHARS = 300
# Titles that office tools write by default; they say nothing about the file.
_PLACEHOLDER_TITLES = frozenset(
    {
        "word document",
        "powerpoint presentation",
        "presentation",
        "document",
        "untitled",
        "title",
        "slide 1",
        "click to add title",
    }
)
_PRODUCER_PREFIX_RE = re.compile(r"^(microsoft (word|powerpoint) - )", re.IGNORECASE)


def normalise(text: str) -> str:
    """Unify line ends, drop control characters, collapse runs of blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n")
    text = text.replace("\f", "\n\n")
    text = _SURROGATE_RE.sub("\ufffd", text)
    text = _CONTROL_RE.sub("", text)
    text = _SPACE_RUN_RE.sub(" ", text)
    text = _TRAILING_SPACE_RE.sub("\n", text)
    text = _BLANK_LINES_RE.sub("\n\n", text)
    return text.strip()


def clean_title(raw: object) -> str | None:
    """A one-line title, or None when ``raw`` is empty or a placeholder."""
    if not isinstance(raw, str):
        return None
    title = _SURROGATE_RE.sub("\ufffd", _CONTROL_RE.sub("", raw))
    title = _TITLE_SPACE_RE.sub(" ", title).strip()
    title = _PRODUCER_PREFIX_RE.sub("", title).strip()
    if not title or title.lower() in _PLACEHOLDER_TITLES:
        return None
    if len(title) > _MAX_TITLE_CHARS:
        title = title[: _MAX_TITLE_CHARS - 1].rstrip() + "…"
    return title


class TextBuilder:
    """Collects text parts and tells the extractor when it has enough.

    Collection stops a little above ``max_chars`` (normalisation shrinks the
    text), so a huge document never needs to be held in memory in full.
    """

    def __init__(self, max_chars: int) -> None:
        self._max_chars = max_chars
        self._budget = max_chars + max_chars // 2 + 1024
        self._parts: list[str] = []
        self._size = 0
        self.full = False

    def add(self, part: str) -> bool:
        """Add one block (a paragraph, a row...). Returns False once full."""
        if self.full:
            return False
        part = part.strip("\n")
        if not part.strip():
            return True
        self._parts.append(part)
        self._size += len(part) + 1
        if self._size > self._budget:
            self.full = True
        return not self.full

    def add_break(self) -> None:
        """Add a paragraph break (a blank line) between larger units."""
        if self._parts and self._parts[-1] != "":
            self._parts.append("")

    def result(self) -> tuple[str, bool]:
        """The normalised text and whether it was truncated."""
        text = normalise("\n".join(self._parts))
        truncated = self.full
        if len(text) > self._max_chars:
            text = text[: self._max_chars]
            truncated = True
        return text, truncated


def finish(
    builder: TextBuilder,
    *,
    kind: str,
    title: str | None,
    pages: int | None = None,
    empty_reason: str = NO_TEXT,
    truncated: bool = False,
) -> Extraction:
    """Build the :class:`Extraction` from what ``builder`` collected."""
    text, cut = builder.result()
    return Extraction(
        text=text,
        title=title,
        no_text_reason=None if text.strip() else empty_reason,
        kind=kind,
        pages=pages,
        truncated=cut or truncated,
    )


def text_extraction(kind: str, text: str, title: str | None, limits: Limits) -> Extraction:
    """An :class:`Extraction` from one already-assembled string."""
    builder = TextBuilder(limits.max_text_chars)
    builder.add(text)
    return finish(builder, kind=kind, title=title)


def format_size(size: float) -> str:
    """``40 KB``, ``212.4 MB``, ``1.9 GB``: sizes the way users read them."""
    if size < 1024:
        return f"{int(size)} bytes"
    for unit in ("KB", "MB", "GB", "TB"):
        size /= 1024
        if size < 1024 or unit == "TB":
            if unit == "KB":
                return f"{round(size)} {unit}"
            return f"{size:.1f}".removesuffix(".0") + f" {unit}"
    raise AssertionError("unreachable")


def format_seconds(seconds: float) -> str:
    """``30``, ``0.5``: a duration without a useless ``.0``."""
    return f"{seconds:.1f}".removesuffix(".0")


def describe_error(exc: BaseException, *, with_type: bool = True, limit: int = 120) -> str:
    """A one-line, bounded description of an unexpected parser error."""
    message = " ".join(str(exc).split())
    if len(message) > limit:
        message = message[: limit - 1] + "…"
    name = type(exc).__name__
    if not message:
        return name
    return f"{name}: {message}" if with_type else message


def parse_failure(doc_name: str, exc: Exception) -> RejectedFile:
    """The :class:`RejectedFile` for content a parser could not read."""
    if type(exc).__name__ == "XMLSyntaxError" and _ENTITY_BOMB_RE.search(str(exc)):
        return RejectedFile(XML_BOMB)
    if isinstance(exc, RecursionError):
        detail = "its structure is nested too deeply"
    elif isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError | OSError):
        detail = f"a part of the zip container is damaged ({describe_error(exc)})"
    elif type(exc).__name__ == "XMLSyntaxError":
        detail = "its XML is damaged" + _xml_position(exc)
    elif isinstance(exc, KeyError):
        detail = f"a required part is missing ({describe_error(exc)})"
    else:
        detail = describe_error(exc)
    return RejectedFile(f"not a valid {doc_name}: {detail}")


def _xml_position(exc: Exception) -> str:
    """`` (line 2, column 35)`` for an lxml error: libxml's own wording is
    parser jargon (and the bomb check above is the only one that reads it)."""
    position = getattr(exc, "position", None)
    if isinstance(position, tuple) and len(position) == 2 and all(position):
        return f" (line {position[0]}, column {position[1]})"
    return ""
