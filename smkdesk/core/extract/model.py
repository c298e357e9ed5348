"""Value types of the extractor: the limits it enforces and what it returns."""

from __future__ import annotations

from dataclasses import dataclass

#: File kinds the extractor returns, keyed by lower-case extension.
KIND_BY_EXTENSION: dict[str, str] = {
    ".docx": "docx",
    ".pptx": "pptx",
    ".pdf": "pdf",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
}

SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(KIND_BY_EXTENSION)

#: What a user is told is supported (aliases such as .htm left out for brevity).
SUPPORTED_FOR_USERS = ".docx, .pptx, .pdf, .md, .txt, .html"


@dataclass(frozen=True)
class Limits:
    """Bounds on the work and memory spent on one file.

    Size and zip checks run before any parser sees the file; ``timeout_seconds``
    and ``max_memory_bytes`` are enforced by :class:`ExtractorPool` workers.
    """

    max_file_bytes: int = 200 * 1024 * 1024
    max_uncompressed_bytes: int = 500 * 1024 * 1024
    max_compression_ratio: float = 100.0
    #: The ratio check only applies above this many uncompressed bytes, so that
    #: small, highly compressible XML parts do not trip it.
    ratio_floor_bytes: int = 10 * 1024 * 1024
    max_zip_members: int = 10_000
    max_text_chars: int = 5_000_000
    timeout_seconds: float = 30.0
    max_memory_bytes: int = 1024 * 1024 * 1024
    max_pdf_pages: int = 2000


@dataclass(frozen=True)
class Extraction:
    """The text and metadata read from one file."""

    text: str
    title: str | None
    no_text_reason: str | None
    kind: str
    pages: int | None
    language: str | None = None
    truncated: bool = False

    @property
    def has_text(self) -> bool:
        """True when some non-blank text was extracted."""
        return bool(self.text.strip())


def truncation_note(pages: int | None, chars: int, limits: Limits) -> str:
    """Says where the searchable text of a truncated file stops."""
    if pages is not None and pages > limits.max_pdf_pages:
        return f"text truncated after {limits.max_pdf_pages:,} of {pages:,} pages"
    return f"text truncated after {chars:,} characters"
