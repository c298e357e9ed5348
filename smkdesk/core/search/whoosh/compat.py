"""The one Whoosh release this engine was written for, checked when an index opens.

The engine reads about 30 private names of whoosh-reloaded 2.7.5 (segment
internals, the writer's pool, the searcher's readers) and patches its writer
(``io.py``). That release is the last of an abandoned package, so
``pyproject.toml`` pins it exactly; a different version (or the original Whoosh)
would fail in obscure ways deep in a search, so :func:`check_whoosh_version`
refuses it up front with a message that says how to put it right.
"""

from __future__ import annotations

from importlib import metadata

from smkdesk.core.errors import SearchIndexError

DISTRIBUTION = "whoosh-reloaded"
REQUIRED = "2.7.5"
REINSTALL = f"pip install '{DISTRIBUTION}=={REQUIRED}'"


class WhooshVersionError(SearchIndexError):
    """The installed Whoosh is not the release the search engine was written for."""


def installed_version() -> str:
    """The installed Whoosh as ``"2.7.5"``, or a description of what is there instead."""
    try:
        packaged: str | None = metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        packaged = None
    try:
        import whoosh  # here, not above: a missing module is one more thing to report
    except ImportError:
        if packaged is None:
            return "no Whoosh at all"
        return f"{DISTRIBUTION} {packaged} without its whoosh module"
    module = str(whoosh.versionstring())
    if packaged is None:
        return f"Whoosh {module}, not from the {DISTRIBUTION} package"
    if packaged != module:
        return f"{DISTRIBUTION} {packaged} whose whoosh module says {module}"
    return packaged


def check_whoosh_version() -> None:
    """Raise :class:`WhooshVersionError` unless whoosh-reloaded 2.7.5 is installed."""
    found = installed_version()
    if found != REQUIRED:
        raise WhooshVersionError(
            f"smkdesk needs Whoosh-Reloaded {REQUIRED}; found {found}. Reinstall with: {REINSTALL}"
        )
