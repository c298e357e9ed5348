"""Bytes to text for plain-text formats. Never raises: the result is always str.

Order: a byte-order mark (UTF-8/16/32), strict UTF-8, UTF-16 without a BOM
(recognised by its NUL pattern), then Windows-1252 when the bytes decode as it
and read like Western European text, then charset_normalizer's best guess, and
finally Windows-1252 with replacement characters. Windows-1252 goes before
charset_normalizer because the latter guesses badly on short Western texts
(it reads "café – naïve" as Cyrillic code page 1125).
"""

from __future__ import annotations

import codecs
from pathlib import Path

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels that browsers (WHATWG) and real files mean as Windows-1252.
_CP1252_ALIASES = frozenset({"latin1", "latin-1", "iso-8859-1", "iso8859-1", "ascii", "us-ascii"})
_SAMPLE = 64 * 1024
_GUESS_SAMPLE = 1024 * 1024
_MAX_NON_ASCII_LETTERS = 0.3


def read_prefix(path: Path, max_chars: int) -> tuple[bytes, bool]:
    """The first bytes of ``path`` (enough for ``max_chars`` characters)."""
    budget = max_chars * 4 + 4
    with path.open("rb") as fp:
        data = fp.read(budget)
        more = bool(fp.read(1))
    return data, more


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``; ``declared`` is an encoding named by the file itself."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if declared:
        text = _decode_declared(data, declared)
        if text is not None:
            return text
    text = _utf8(data)
    if text is not None:
        return text
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    text = _western(data)
    if text is not None:
        return text
    text = _guess(data)
    if text is not None:
        return text
    return data.decode("cp1252", errors="replace")


def _decode_declared(data: bytes, declared: str) -> str | None:
    label = declared.strip().lower()
    if label in _CP1252_ALIASES:
        label = "cp1252"
    try:
        codec = codecs.lookup(label)
    except LookupError:
        return None
    if codec.name == "utf-8":
        return _utf8(data) or data.decode("utf-8", errors="replace")
    if codec.name.startswith(("utf-16", "utf-32")):
        return None  # a BOM-less UTF-16 page cannot really declare itself
    return data.decode(codec.name, errors="replace")


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A prefix read may cut the last character in half: drop that part.
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            try:
                return data[: exc.start].decode("utf-8")
            except UnicodeDecodeError:
                return None
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:_SAMPLE]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _western(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [char for char in text[:_SAMPLE] if char.isalpha()]
    non_ascii = sum(1 for char in letters if not char.isascii())
    if letters and non_ascii / len(letters) > _MAX_NON_ASCII_LETTERS:
        return None  # mostly accented letters: probably another script
    return text


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(data[:_GUESS_SAMPLE]).best()
    except Exception:  # a guessing library must never break an import
        return None
    if best is None or not best.encoding:
        return None
    try:
        return data.decode(best.encoding, errors="replace")
    except LookupError:
        return None
