"""Text extraction from imported files, safely.

``extract_file`` checks a file (type by content, size, zip bombs) and reads its
text and title in the calling process. ``ExtractorPool`` does the same in
long-lived worker processes with a time limit and a memory limit, so that a
malicious or broken file cannot hang or crash the application.

Files that cannot be imported raise :class:`smkdesk.core.errors.RejectedFile`
with a one-line reason for the user.
"""

from __future__ import annotations

from .dispatch import extract_file
from .model import SUPPORTED_EXTENSIONS, Extraction, Limits
from .pool import ExtractorPool
from .safety import check_file, detect_kind

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "Extraction",
    "ExtractorPool",
    "Limits",
    "check_file",
    "detect_kind",
    "extract_file",
]
