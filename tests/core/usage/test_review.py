"""The review queue, on a controlled clock (``today=``) with backdated assets and events."""

from __future__ import annotations

import csv
import random
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete

from smkdesk.core.catalogue import similarity
from smkdesk.core.catalogue.models import AssetSignature, NearDuplicate, SignatureBand
from smkdesk.core.changes import User
from smkdesk.core.library import Library
from smkdesk.core.usage.events import UsageContext
from smkdesk.core.usage.review import ReviewItem, ReviewSettings

TODAY = date(2026, 6, 1)
REP = User("Sam Rep", "sales rep")


def _at(d: date) -> datetime:
    return datetime.combine(d, datetime.min.time()) + timedelta(hours=9)


def _asset(lib: Library, h, title: str, added: date, **options: object) -> int:
    aid: int = h.add_link(lib, title, **options)
    lib.assets.set_created(aid, _at(added))
    return aid


def _queue(lib: Library, today: date = TODAY, **settings: object) -> dict[int, ReviewItem]:
    return {i.id: i for i in lib.review.queue(ReviewSettings(**settings), today=today)}  # type: ignore[arg-type]


def _codes(item: ReviewItem | None) -> list[str]:
    return [r.code for r in item.reasons] if item else []


def test_usage_rules(lib: Library, h) -> None:
    old_unused = _asset(lib, h, "Old unused", date(2026, 1, 1))  # 151 days before TODAY
    young_unused = _asset(lib, h, "Young unused", date(2026, 4, 1))  # 61 days
    stale = _asset(lib, h, "Stale", date(2025, 6, 1))
    fresh = _asset(lib, h, "Fresh", date(2025, 6, 1))
    edge = _asset(lib, h, "Edge", date(2025, 6, 1))
    lib.usage.log(stale, "sent", REP, when=_at(date(2026, 2, 12)))
    lib.usage.log(stale, "opened", REP, when=_at(date(2025, 12, 1)))
    lib.usage.log(fresh, "sent", REP, when=_at(date(2026, 5, 20)))
    lib.usage.log(edge, "sent", REP, when=_at(TODAY - timedelta(days=90)))

    queue = _queue(lib)
    assert queue[old_unused].reasons[0].code == "never_used"
    assert queue[old_unused].reasons[0].text == "Never used since it was added 151 days ago"
    assert (queue[old_unused].use_count, queue[old_unused].last_used) == (0, None)
    assert queue[stale].reasons[0].text == "Not used in the last 90 days (last used 12 Feb 2026)"
    assert queue[stale].use_count == 2
    assert queue[stale].title == "Stale" and queue[stale].status == "published"
    assert young_unused not in queue and fresh not in queue
    assert edge not in queue  # used exactly 90 days ago: still "in the last 90 days"
    assert edge in _queue(lib, TODAY + timedelta(days=1))

    stricter = _queue(lib, unused_days=30, stale_days=10)
    assert _codes(stricter.get(young_unused)) == ["never_used"]
    assert _codes(stricter.get(fresh)) == ["not_used_recently"]


def test_review_date_and_feedback_rules(lib: Library, h) -> None:
    past = _asset(lib, h, "Past review", date(2026, 5, 1), review_by=date(2026, 3, 31))
    due_today = _asset(lib, h, "Due today", date(2026, 5, 1), review_by=TODAY)
    disliked = _asset(lib, h, "Disliked", date(2026, 5, 1))
    few = _asset(lib, h, "Few ratings", date(2026, 5, 1))
    mixed = _asset(lib, h, "Mixed", date(2026, 5, 1))
    day = _at(date(2026, 5, 15))
    for aid, ratings in ((disliked, [-1, -1, 1, -1, -1]), (few, [-1, -1]), (mixed, [1, 1, -1])):
        for r in ratings:
            lib.usage.log(aid, "feedback", REP, UsageContext(rating=r), when=day)

    queue = _queue(lib)
    assert queue[past].reasons[0].code == "past_review"
    assert queue[past].reasons[0].text == "Past its review date (31 Mar 2026)"
    assert queue[past].review_by == date(2026, 3, 31)
    assert due_today not in queue
    assert [r.text for r in queue[disliked].reasons] == ["4 of 5 ratings were 'not helpful'"]
    assert few not in queue and mixed not in queue
    # exactly the ratio (3 of 5 = 0.6) counts
    lib.usage.log(mixed, "feedback", REP, UsageContext(rating=-1), when=day)
    lib.usage.log(mixed, "feedback", REP, UsageContext(rating=-1), when=day)
    assert _codes(_queue(lib).get(mixed)) == ["not_helpful"]


def test_retired_and_kept_assets_leave_the_queue(lib: Library, h) -> None:
    kept = _asset(lib, h, "Kept", date(2025, 1, 1))
    retired = _asset(lib, h, "Retired", date(2025, 1, 1))
    other = _asset(lib, h, "Other", date(2025, 1, 1))
    assert {kept, retired, other} <= set(_queue(lib))
    lib.lifecycle.retire([retired], "Obsolete", "Ana")
    lib.lifecycle.keep([kept], date(2026, 9, 30), "Ana", "Evergreen", today=TODAY)
    queue = _queue(lib)
    assert other in queue and kept not in queue and retired not in queue
    assert kept not in _queue(lib, date(2026, 9, 30))  # kept *until* that day, inclusive
    assert _codes(_queue(lib, date(2026, 10, 1)).get(kept)) == ["never_used"]
    lib.lifecycle.restore([retired], "Ana")
    assert retired in _queue(lib)


def test_more_reasons_come_first(lib: Library, h) -> None:
    one = _asset(lib, h, "One reason", date(2025, 1, 1))
    two = _asset(lib, h, "Two reasons", date(2025, 1, 1), review_by=date(2026, 1, 1))
    ordered = [i.id for i in lib.review.queue(today=TODAY)]
    assert ordered.index(two) < ordered.index(one)


def _words(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    vocab = [
        "pricing",
        "buyer",
        "journey",
        "retail",
        "fashion",
        "grocery",
        "cfo",
        "budget",
        "evidence",
        "renewal",
        "churn",
        "onboarding",
        "security",
        "compliance",
        "roi",
        "forecast",
        "pipeline",
        "content",
        "persona",
        "stage",
        "awareness",
        "consideration",
        "decision",
        "webinar",
        "ebook",
        "battlecard",
        "partner",
        "channel",
        "analytics",
        "dashboard",
        "integration",
        "workflow",
        "adoption",
        "loyalty",
        "margin",
        "inventory",
    ]
    return [rng.choice(vocab) + str(rng.randrange(40)) for _ in range(n)]


def test_near_duplicates_are_found_and_unrelated_text_is_not(
    lib: Library, h, tmp_path: Path
) -> None:
    words = _words(1, 400)
    copy = list(words)
    for i in (50, 180, 333):  # a few words changed
        copy[i] = "changed"
    files = [
        h.write_md(tmp_path / "src" / "original.md", "Retail pricing guide", " ".join(words)),
        h.write_md(tmp_path / "src" / "copy.md", "Retail pricing guide v2", " ".join(copy)),
        h.write_md(tmp_path / "src" / "other.md", "Security FAQ", " ".join(_words(2, 400))),
    ]
    report = lib.assets.import_files(files)
    original, near, other = (o.asset_id for o in report.outcomes)
    assert original and near and other
    for aid in (original, near, other):
        lib.assets.set_created(aid, _at(date(2026, 5, 30)))  # too young to be "never used"

    queue = _queue(lib)
    assert set(queue) == {original, near}
    (reason,) = queue[near].reasons
    assert reason.code == "near_duplicate"
    assert reason.text.startswith(f"Near-duplicate of #{original} 'Retail pricing guide' (")
    pct = int(reason.text.rsplit("(", 1)[1].split("%")[0])
    assert 80 <= pct <= 100
    assert queue[original].reasons[0].text.startswith(f"Near-duplicate of #{near} ")

    # retiring one of the pair clears the other
    lib.lifecycle.retire([near], "Duplicate", "Ana")
    assert _queue(lib) == {}
    # a higher threshold than the pair's similarity finds nothing
    lib.lifecycle.restore([near], "Ana")
    assert _queue(lib, duplicate_threshold=1.01) == {}


def test_signatures_of_older_assets_are_computed_lazily(lib: Library, h, tmp_path: Path) -> None:
    text = " ".join(_words(3, 300))
    files = [
        h.write_md(tmp_path / "a.md", "Deck A", text),
        h.write_md(tmp_path / "b.md", "Deck B", text + " extra words at the end"),
        h.write_md(tmp_path / "short.md", "Short", "just a few words"),
    ]
    ids = [o.asset_id for o in lib.assets.import_files(files).outcomes]
    for aid in ids:
        lib.assets.set_created(aid, _at(date(2026, 5, 30)))

    def forget() -> None:  # as if imported before signatures existed
        with lib.db.session() as s:
            for table in (NearDuplicate, SignatureBand, AssetSignature):
                s.execute(delete(table))

    forget()
    assert set(_queue(lib)) == set(ids[:2])  # the queue signs what is missing first
    assert lib.review.ensure_signatures() == 0
    forget()
    assert lib.review.ensure_signatures() == 3
    assert lib.review.ensure_signatures() == 0  # short texts are marked, not recomputed


def test_similarity_estimates() -> None:
    text = " ".join(_words(4, 300))
    sig = similarity.signature(text)
    assert similarity.similarity(sig, sig) == 1.0
    assert similarity.signature("too short to compare") == b""
    assert similarity.similarity(sig, b"") == 0.0
    assert similarity.similarity(sig, similarity.signature(" ".join(_words(5, 300)))) < 0.2


def test_export_unused_reads_back(lib: Library, h, tmp_path: Path) -> None:
    aid = _asset(lib, h, "Café pricing = guide", date(2025, 1, 1), review_by=date(2026, 1, 31))
    out = tmp_path / "unused.csv"
    assert lib.export.export_unused(out, ReviewSettings(), TODAY) == 1
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 1
    row = rows[0]
    assert row["asset_id"] == str(aid) and row["title"] == "Café pricing = guide"
    assert row["reasons"] == "never_used;past_review"
    assert "Past its review date (31 Jan 2026)" in row["details"]
    assert not list(tmp_path.glob(".*.part"))
