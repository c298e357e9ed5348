"""Time helpers. All stored datetimes are naive UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time as naive UTC (what the database stores)."""
    return datetime.now(UTC).replace(tzinfo=None)
