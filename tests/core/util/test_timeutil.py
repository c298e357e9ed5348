"""Local time and percentage formatting, under fixed time zones."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from smkdesk.core.util.numbers import percent, percent_of
from smkdesk.core.util.timeutil import (
    iso_with_offset,
    local_date,
    local_datetime,
    local_day,
    local_text,
)


@pytest.fixture
def zone() -> Iterator[object]:
    """Set the process time zone for one test (``zone('Asia/Tokyo')``)."""
    before = os.environ.get("TZ")

    def use(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield use
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


LATE = datetime(2026, 12, 4, 22, 30)  # stored naive UTC: already 5 Dec in Tokyo


def test_a_stored_instant_shows_as_its_local_day_and_time(zone) -> None:
    zone("Asia/Tokyo")  # UTC+9, no daylight saving
    assert local_day(LATE) == date(2026, 12, 5)
    assert local_date(LATE) == "5 Dec 2026"
    assert local_datetime(LATE) == "5 Dec 2026 07:30"
    assert local_text(LATE) == "2026-12-05 07:30"
    zone("America/Los_Angeles")  # UTC-8 in December
    assert local_date(datetime(2026, 12, 5, 3, 0)) == "4 Dec 2026"
    assert local_datetime(datetime(2026, 12, 5, 3, 0)) == "4 Dec 2026 19:00"


def test_daylight_saving_is_applied_per_instant(zone) -> None:
    zone("Europe/London")
    assert local_datetime(datetime(2026, 7, 1, 9, 15)) == "1 Jul 2026 10:15"  # BST
    assert local_datetime(datetime(2026, 12, 1, 9, 15)) == "1 Dec 2026 09:15"  # GMT


def test_plain_dates_and_missing_values(zone) -> None:
    zone("Asia/Tokyo")
    assert local_date(date(2026, 3, 12)) == "12 Mar 2026"  # a calendar day: not shifted
    assert local_date(None) == "" and local_date(None, "never") == "never"
    assert local_datetime(None, "—") == "—"


def test_iso_with_offset_is_utc_whatever_the_zone(zone) -> None:
    zone("Asia/Tokyo")
    assert iso_with_offset(LATE) == "2026-12-04T22:30:00+00:00"
    aware = datetime(2026, 12, 5, 7, 30, tzinfo=UTC).astimezone()
    assert iso_with_offset(aware) == "2026-12-05T07:30:00+00:00"
    assert datetime.fromisoformat(iso_with_offset(LATE)).tzinfo is not None


@pytest.mark.parametrize(
    ("fraction", "text"),
    [
        (0, "0%"),
        (0.004, "<1%"),
        (0.005, "1%"),
        (0.442, "44%"),
        (0.445, "45%"),
        (0.45, "45%"),
        (0.994, "99%"),
        (0.999, "99%"),
        (1, "100%"),
        (float("nan"), "–"),
    ],
)
def test_one_percentage_rule(fraction: float, text: str) -> None:
    assert percent(fraction) == text


def test_percent_of() -> None:
    assert percent_of(31, 70) == "44%"
    assert percent_of(0, 0) == "0%"
