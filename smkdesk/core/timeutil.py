"""Time helpers. All stored datetimes are naive UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time


def utcnow() -> datetime:
    """The current time as naive UTC (what the database stores)."""
    return datetime.now(UTC).replace(tzinfo=None)


def naive_utc(when: datetime) -> datetime:
    """``when`` as naive UTC (aware values are converted, naive ones taken as UTC)."""
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo is not None else when


def day_start(day: date) -> datetime:
    """Midnight (UTC) at the start of ``day``."""
    return datetime.combine(day, time.min)


def local_text(when: datetime) -> str:
    """A stored (naive UTC) time as the user's local time, to the minute."""
    return when.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
