"""Raw SQL with date and datetime parameters works on every Python the app supports.

Python 3.12 deprecates sqlite3's default adapters, and the suite turns warnings into
errors; ``core/store/db.py`` registers explicit ones that write the same text.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import smkdesk.core.store.db  # noqa: F401  (registers the adapters)


def test_raw_sql_stores_dates_and_datetimes_as_iso_text(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "t.sqlite")) as con:
        con.execute("CREATE TABLE t (d TEXT, dt TEXT, micro TEXT)")
        con.execute(
            "INSERT INTO t VALUES (?, ?, ?)",
            (date(2025, 3, 4), datetime(2025, 3, 4, 5, 6, 7), datetime(2025, 3, 4, 5, 6, 7, 8)),
        )
        row = con.execute("SELECT d, dt, micro FROM t").fetchone()
    # what the deprecated default adapters wrote, so old rows and new ones compare alike
    assert row == ("2025-03-04", "2025-03-04 05:06:07", "2025-03-04 05:06:07.000008")
