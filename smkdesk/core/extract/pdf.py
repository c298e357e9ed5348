"""PDF files, with pypdf.

An encrypted PDF is first opened with the empty password (many PDFs are only
protected against editing; AES needs the ``cryptography`` package). If that
fails (a real password, an encryption method pypdf cannot read, damaged
encryption settings) the file is still accepted, without text and with a reason
saying which, so it can be imported and found by its name. A damaged PDF is
rejected. pypdf's log messages and warnings about sloppy files are silenced here.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from smkdesk.core.errors import RejectedFile
from smkdesk.core.extract.model import Extraction, Limits
from smkdesk.core.extract.textutil import TextBuilder, clean_title, describe_error, finish

ENCRYPTED = "the PDF is encrypted (a password is needed to read its text)"
ENCRYPTION_UNSUPPORTED = (
    "the PDF is encrypted with a method smkdesk cannot decrypt "
    "(such as certificate security or a vendor's own scheme)"
)
ENCRYPTION_NEEDS_AES = (
    "the PDF is encrypted with AES, which this installation of smkdesk cannot decrypt "
    "(its decryption component is missing)"
)
ENCRYPTION_DAMAGED = "the PDF is encrypted but its encryption settings are damaged"
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
    from pypdf.errors import FileNotDecryptedError

    try:
        reader = PdfReader(str(path), strict=False)  # reads the encryption settings too
    except MemoryError:
        raise
    except Exception as exc:
        if not _encrypted_but_sound(path):
            raise _invalid(exc) from None
        return _without_text(_encryption_failure(exc), None)
    if reader.is_encrypted:
        locked = _decrypt(reader)
        if locked is not None:
            return _without_text(locked, _count(reader))
    try:
        pages = len(reader.pages)
        title = _title(reader)
        builder = TextBuilder(limits.max_text_chars)
        failures, errors = _read_pages(reader, builder, min(pages, limits.max_pdf_pages))
    except (RejectedFile, MemoryError):
        raise
    except FileNotDecryptedError:
        return _without_text(ENCRYPTED, None)
    except Exception as exc:
        raise _invalid(exc) from None
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


def _without_text(reason: str, pages: int | None) -> Extraction:
    return Extraction(text="", title=None, no_text_reason=reason, kind="pdf", pages=pages)


def _invalid(exc: Exception) -> RejectedFile:
    from pypdf.errors import PyPdfError

    if isinstance(exc, PyPdfError):
        detail = describe_error(exc, with_type=False, limit=80)
        return RejectedFile(f"not a valid PDF: the file is damaged or incomplete ({detail})")
    return RejectedFile(f"not a valid PDF: {describe_error(exc)}")


def _decrypt(reader: Any) -> str | None:
    """Try the empty password: None when the content can now be read, else why not."""
    from pypdf import PasswordType

    try:
        if reader.decrypt("") != PasswordType.NOT_DECRYPTED:
            return None
    except MemoryError:
        raise
    except Exception as exc:
        return _encryption_failure(exc)
    return ENCRYPTED


def _encrypted_but_sound(path: Path) -> bool:
    """Whether a PDF that failed to open reads fine when its encryption is left
    alone: then what failed was the encryption (the only step skipped)."""
    from pypdf import PdfReader

    class _Unopened(PdfReader):
        @property
        def is_encrypted(self) -> bool:  # asked by the constructor only here
            return False

    try:
        reader = _Unopened(str(path), strict=False)
    except MemoryError:
        raise
    except Exception:
        return False
    return "/Encrypt" in reader.trailer


def _encryption_failure(exc: Exception) -> str:
    """Why an encrypted PDF cannot be read, ``exc`` being what decrypting it raised."""
    from pypdf.errors import DependencyError

    if isinstance(exc, DependencyError):  # no AES without the ``cryptography`` package
        return ENCRYPTION_NEEDS_AES
    if isinstance(exc, NotImplementedError):  # another security handler or method
        return ENCRYPTION_UNSUPPORTED
    return ENCRYPTION_DAMAGED


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
