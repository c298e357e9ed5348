"""Time helpers. All stored datetimes are naive UTC.

What people see is local time: ``local_date`` / ``local_datetime`` (the GUI,
reports: "4 Dec 2026", "4 Dec 2026 10:15") and ``local_text`` (human CLI
output: "2026-12-04 10:15"). A stored instant shown as a day is the *local*
day of that instant (late evening UTC is already tomorrow east of Greenwich).
A plain ``date`` (a review-by date, a workshop day) is a calendar day and is
shown as it is. JSON and other machine output use ``iso_with_offset``: ISO
8601 in UTC with an explicit ``+00:00``, the same whatever the machine's zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def utcnow() -> datetime:
    """The current time as naive UTC (what the database stores)."""
    return datetime.now(UTC).replace(tzinfo=None)


def naive_utc(when: datetime) -> datetime:
    """``when`` as naive UTC (aware values are converted, naive ones taken as UTC)."""
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo is not None else when


def day_start(day: date) -> datetime:
    """Midnight (UTC) at the start of ``day``."""
    return datetime.combine(day, time.min)


def to_local(when: datetime) -> datetime:
    """A stored (naive UTC) or aware time as an aware datetime in the local zone."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return aware.astimezone()


def local_day(when: date | datetime) -> date:
    """The local calendar day of a stored instant (a plain date is returned as it is)."""
    return to_local(when).date() if isinstance(when, datetime) else when


def local_today() -> date:
    """Today in the user's time zone."""
    return datetime.now().astimezone().date()


def day_text(day: date) -> str:
    """'4 Dec 2026', the same in every locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def local_date(when: date | datetime | None, empty: str = "") -> str:
    """A stored instant as its local day, '4 Dec 2026' (``empty`` for None)."""
    return empty if when is None else day_text(local_day(when))


def local_datetime(when: datetime | None, empty: str = "") -> str:
    """A stored instant in local time to the minute, '4 Dec 2026 10:15'."""
    if when is None:
        return empty
    local = to_local(when)
    return f"{day_text(local.date())} {local:%H:%M}"


def local_text(when: datetime) -> str:
    """A stored (naive UTC) time as the user's local time, to the minute (CLI style)."""
    return to_local(when).strftime("%Y-%m-%d %H:%M")


def iso_with_offset(when: datetime) -> str:
    """A stored instant as ISO 8601 in UTC with its offset: '2026-12-04T09:15:00+00:00'."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()
