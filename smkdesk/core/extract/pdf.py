"""PDF files, with pypdf.

An encrypted PDF is first opened with the empty password (many PDFs are only
protected against editing). If that fails the file is still accepted, without
text, so it can be imported and found by its name. A damaged PDF is rejected.
pypdf's log messages and warnings about sloppy files are silenced here.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import RejectedFile
from .model import Extraction, Limits
from .textutil import TextBuilder, clean_title, describe_error, finish

ENCRYPTED = "the PDF is encrypted (a password is needed to read its text)"
NO_PDF_TEXT = "no extractable text (the PDF may contain only scanned images)"
NO_PAGES = "the PDF has no pages"


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence pypdf's logger and all warnings for the duration."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def extract_pdf(path: Path, limits: Limits) -> Extraction:
    """Extract the text and the title of a PDF file."""
    with _quiet():
        return _extract(path, limits)


def _extract(path: Path, limits: Limits) -> Extraction:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted and not _decrypt(reader):
            return Extraction(
                text="", title=None, no_text_reason=ENCRYPTED, kind="pdf", pages=_count(reader)
            )
        pages = len(reader.pages)
        title = _title(reader)
        builder = TextBuilder(limits.max_text_chars)
        failures, errors = _read_pages(reader, builder, min(pages, limits.max_pdf_pages))
    except (RejectedFile, MemoryError):
        raise
    except PyPdfError as exc:
        detail = describe_error(exc, with_type=False, limit=80)
        reason = f"not a valid PDF: the file is damaged or incomplete ({detail})"
        raise RejectedFile(reason) from None
    except Exception as exc:
        raise RejectedFile(f"not a valid PDF: {describe_error(exc)}") from None
    if pages and failures == min(pages, limits.max_pdf_pages):
        raise RejectedFile(f"not a valid PDF: no page could be read ({errors[0]})")
    return finish(
        builder,
        kind="pdf",
        title=title,
        pages=pages,
        empty_reason=NO_PDF_TEXT if pages else NO_PAGES,
        truncated=pages > limits.max_pdf_pages,
    )


def _decrypt(reader: Any) -> bool:
    """Try the empty password; True when the content can now be read."""
    from pypdf import PasswordType

    try:
        return bool(reader.decrypt("") != PasswordType.NOT_DECRYPTED)
    except Exception:  # an unsupported method, or a missing crypto library
        return False


def _count(reader: Any) -> int | None:
    try:
        return len(reader.pages)
    except Exception:  # the page tree of an unreadable file
        return None


def _title(reader: Any) -> str | None:
    try:
        metadata = reader.metadata
        return clean_title(metadata.title) if metadata is not None else None
    except Exception:  # a damaged /Info dictionary only loses the title
        return None


def _read_pages(reader: Any, builder: TextBuilder, count: int) -> tuple[int, list[str]]:
    """Add the text of the first ``count`` pages; (failed pages, their errors)."""
    failures = 0
    errors: list[str] = []
    for index in range(count):
        try:
            text = reader.pages[index].extract_text()
        except MemoryError:
            raise
        except Exception as exc:  # one bad page must not lose the others
            failures += 1
            errors.append(describe_error(exc))
            continue
        if not builder.add(text or ""):
            break
        builder.add_break()
    return failures, errors
