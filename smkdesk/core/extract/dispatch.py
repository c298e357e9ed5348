"""``extract_file``: the pre-checks, then the parser for the file's kind.

Parsers are imported on first use, so importing the package stays cheap for
the GUI process; :class:`ExtractorPool` workers import them all up front.
"""

from __future__ import annotations

from pathlib import Path

from smkdesk.core.errors import RejectedFile
from smkdesk.core.extract.model import Extraction, Limits
from smkdesk.core.extract.safety import check_file

_DEFAULT_LIMITS = Limits()


def extract_file(path: Path, limits: Limits = _DEFAULT_LIMITS) -> Extraction:
    """Check ``path`` and extract its text in this process (no isolation).

    Raises :class:`RejectedFile` with a one-line reason when the file cannot
    be imported. Use :class:`ExtractorPool` for files from untrusted sources.
    """
    path = Path(path)
    kind = check_file(path, limits)
    try:
        return _parse(path, kind, limits)
    except RejectedFile:
        raise
    except RecursionError:
        raise RejectedFile("the file is nested too deeply to be read") from None
    except OSError as exc:
        raise RejectedFile(f"the file cannot be read ({exc.strerror or exc})") from None


def _parse(path: Path, kind: str, limits: Limits) -> Extraction:
    if kind == "docx":
        from smkdesk.core.extract.docx import extract_docx

        return extract_docx(path, limits)
    if kind == "pptx":
        from smkdesk.core.extract.pptx import extract_pptx

        return extract_pptx(path, limits)
    if kind == "pdf":
        from smkdesk.core.extract.pdf import extract_pdf

        return extract_pdf(path, limits)
    if kind == "html":
        from smkdesk.core.extract.html import extract_html

        return extract_html(path, limits)
    from smkdesk.core.extract.text import extract_text

    return extract_text(path, limits, kind)


def warm_up() -> None:
    """Import every parser now (worker start-up), not during the first file."""
    import charset_normalizer  # noqa: F401

    from smkdesk.core.extract import docx, html, pdf, pptx, text  # noqa: F401
