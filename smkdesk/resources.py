"""Locate bundled resources (taxonomy, icons, demo sources).

In a source checkout ``resources/`` sits at the repository root; in an
installed wheel it is packaged as ``smkdesk/_resources``.
"""

from __future__ import annotations

from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Return the path of a bundled resource, e.g. ``resource_path("taxonomy", "default.json")``.

    Raises FileNotFoundError, naming the places searched, if it does not exist.
    """
    here = Path(__file__).resolve().parent
    candidates = (here / "_resources" / Path(*parts), here.parent / "resources" / Path(*parts))
    for candidate in candidates:
        if candidate.exists():
            return candidate
    searched = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"Resource {'/'.join(parts)!r} not found (looked in: {searched}).")
