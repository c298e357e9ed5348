"""CSV exports: usage events, the review queue ("unused") and content requests.

Files are UTF-8 with a byte-order mark, so Excel shows accents right, and are
written to a temporary file next to the target, then renamed: an interrupted
export never leaves a half-written file. Text that Excel would run as a formula
(starting with = + - @) is prefixed with an apostrophe. Times are UTC, written
"2026-12-04 09:15:00" without an offset so that spreadsheets read them as
times; the column names say so where it matters (``when_utc``).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from smkdesk.core.errors import ExportError
from smkdesk.core.requests.service import RequestService
from smkdesk.core.usage.events import UsageService
from smkdesk.core.usage.review import DEFAULT_SETTINGS, ReviewService, ReviewSettings

USAGE_COLUMNS = (
    "when_utc", "asset_id", "title", "action", "user", "role", "account", "opportunity",
    "outcome", "stage", "persona", "sector", "feedback", "note",
)  # fmt: skip
UNUSED_COLUMNS = (
    "asset_id", "title", "type", "owner", "status", "created", "last_used", "uses",
    "review_by", "reasons", "details",
)  # fmt: skip
REQUEST_COLUMNS = (
    "request_id", "text", "stage", "persona", "sector", "searches", "last_searched", "status",
    "answered_by", "answered_title", "people", "variants", "dismiss_reason", "dismiss_note",
)  # fmt: skip
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FEEDBACK = {1: "helpful", -1: "not helpful"}


def cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(path: Path, header: Iterable[str], rows: Iterable[Iterable[object]]) -> int:
    """Write rows atomically; returns the number of data rows."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    count = 0
    try:
        with tmp.open("w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            out.writerow(list(header))
            for row in rows:
                out.writerow([cell(v) for v in row])
                count += 1
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


class ExportService:
    def __init__(self, usage: UsageService, review: ReviewService, requests: RequestService):
        self._usage = usage
        self._review = review
        self._requests = requests

    def export_usage(
        self,
        path: Path,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        limit: int | None = None,
    ) -> int:
        """Usage events, newest first (streamed: fine for a million rows)."""
        rows = (
            (
                e.occurred_at,
                e.asset_id,
                e.title,
                e.action,
                e.user_name,
                e.user_role,
                e.account,
                e.opportunity,
                e.outcome,
                e.stage,
                e.persona,
                e.sector,
                FEEDBACK.get(e.rating, "") if e.rating is not None else "",
                e.note,
            )
            for e in self._usage.iter_events(limit, since, until)
        )
        return write_csv(path, USAGE_COLUMNS, rows)

    def export_unused(
        self, path: Path, settings: ReviewSettings = DEFAULT_SETTINGS, today: date | None = None
    ) -> int:
        """The review queue with every reason."""
        rows = (
            (
                i.id,
                i.title,
                i.type,
                i.owner,
                i.status,
                i.created.date(),
                i.last_used,
                i.use_count,
                i.review_by,
                ";".join(r.code for r in i.reasons),
                "; ".join(r.text for r in i.reasons),
            )
            for i in self._review.queue(settings, today)
        )
        return write_csv(path, UNUSED_COLUMNS, rows)

    def export_requests(self, path: Path, status: str | None = None) -> int:
        rows = (
            (
                r.id,
                r.text,
                r.stage,
                r.persona,
                r.sector,
                r.searches,
                r.last_searched,
                r.status,
                r.answered_by,
                r.answered_title,
                r.people,
                "; ".join(r.variants),
                r.dismiss_reason,
                r.dismiss_note,
            )
            for r in self._requests.list_requests(status)
        )
        return write_csv(path, REQUEST_COLUMNS, rows)
