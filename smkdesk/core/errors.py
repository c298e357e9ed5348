"""One exception hierarchy for the core.

Every error carries a message a user can read as it is: the CLI prints it on
one line, the GUI shows it in a dialog. Never put a traceback in front of a
user; raise one of these instead.
"""

from __future__ import annotations


class SmkError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class LibraryError(SmkError):
    """The library folder cannot be opened or created."""


class NewerLibraryError(LibraryError):
    """The library was written by a newer smkdesk; it is left untouched."""


class ReadOnlyLibraryError(LibraryError):
    """The library folder cannot be written: it opens for reading only."""


class DamagedLibraryError(LibraryError):
    """The database file is damaged: changes stop until it is repaired."""


class DiskFullError(LibraryError):
    """The disk holding the library is full; nothing was saved."""


class MigrationError(LibraryError):
    """A schema migration failed; the backup made before it is named."""


class NotFoundError(SmkError):
    """An asset, tag or other record does not exist."""


class ValidationError(SmkError):
    """Input that breaks a rule (empty title, unknown stage, bad URL...)."""


class DuplicateError(ValidationError):
    """A value already exists (a file already imported, a tag name taken)."""


class RejectedFile(SmkError):
    """A file cannot be imported. ``reason`` is the one-line explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SearchIndexError(SmkError):
    """The search index is locked, damaged or otherwise unusable."""


class IndexLockedError(SearchIndexError):
    """Another writer holds the index lock and did not release it in time."""


class Cancelled(SmkError):
    """A long operation was cancelled by the user; finished work stays."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)


class ExportError(SmkError):
    """An export file could not be written (nothing half-written is left)."""
