"""Lifecycle: retire (with a reason), restore, keep, owner/review/status changes,
each with an audit trail; retired content leaves default search but keeps its history."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from smkdesk.core.catalogue.dto import AssetUpdate
from smkdesk.core.changes import User
from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.library import Library
from smkdesk.core.usage.events import UsageContext
from smkdesk.core.util.timeutil import utcnow


def test_retire_requires_a_reason(lib: Library, h) -> None:
    aid = h.add_link(lib, "Zeppelin pricing sheet")
    for reason in ("", "   "):
        with pytest.raises(ValidationError, match=r"^A reason is required to retire content\.$"):
            lib.lifecycle.retire([aid], reason, "Ana")
    assert lib.assets.get(aid).status == "published"
    assert lib.lifecycle.audit(aid) == ()
    assert h.hit_ids(lib, "zeppelin") == {aid}


def test_retire_and_restore_keep_history_and_audit(lib: Library, h) -> None:
    published = h.add_link(lib, "Zeppelin battlecard")
    draft = h.add_link(lib, "Zeppelin draft one-pager", status="draft")
    other = h.add_link(lib, "Zeppelin webinar")
    when = datetime(2026, 3, 1, 10, 0)
    lib.usage.log(published, "sent", User("Sam", "sales rep"), UsageContext(account="Acme"), when)
    lib.usage.log(published, "opened", User("Sam", "sales rep"), when=when + timedelta(days=1))

    before = utcnow()
    changes = lib.lifecycle.retire(
        [published, draft], "Replaced by the 2027 edition", "Ana Marketer"
    )
    assert changes.assets == {published, draft}
    for aid in (published, draft):
        assert lib.assets.get(aid).status == "retired"
    # out of the default search, still there when asked for
    assert h.hit_ids(lib, "zeppelin") == {other}
    assert h.hit_ids(lib, "zeppelin", include_retired=True) == {published, draft, other}
    # usage history is kept
    detail = lib.assets.get(published)
    assert detail.use_count == 2
    assert [e.action for e in lib.usage.history(published)] == ["opened", "sent"]

    (trail,) = lib.lifecycle.audit(published)
    assert (trail.action, trail.user_name, trail.detail, trail.reason) == (
        "retire",
        "Ana Marketer",
        "published → retired",
        "Replaced by the 2027 edition",
    )
    assert before <= trail.occurred_at <= utcnow()
    assert lib.lifecycle.audit(draft)[0].detail == "draft → retired"

    # retiring again changes nothing and writes no audit row
    assert lib.lifecycle.retire([published], "again", "Ana").assets == frozenset()
    assert len(lib.lifecycle.audit(published)) == 1

    changes = lib.lifecycle.restore([published, draft, other], User("Ben Lead", "marketer"))
    assert changes.assets == {published, draft}  # `other` was not retired
    assert lib.assets.get(published).status == "published"
    assert lib.assets.get(draft).status == "draft"  # back to what it was
    assert h.hit_ids(lib, "zeppelin") == {published, draft, other}
    latest = lib.lifecycle.audit(published)[0]
    assert (latest.action, latest.user_name, latest.detail, latest.reason) == (
        "restore",
        "Ben Lead",
        "retired → published",
        "",
    )
    assert [r.action for r in lib.lifecycle.audit(published)] == ["restore", "retire"]
    assert lib.assets.get(published).use_count == 2


def test_retired_status_survives_a_reindex(lib: Library, h) -> None:
    aid = h.add_link(lib, "Zeppelin case study")
    lib.lifecycle.retire([aid], "Customer left", "Ana")
    lib.reindex()
    assert h.hit_ids(lib, "zeppelin") == set()
    assert h.hit_ids(lib, "zeppelin", include_retired=True) == {aid}


def test_keep_snoozes_with_a_reason_and_refuses_the_past(lib: Library, h) -> None:
    aid = h.add_link(lib, "Evergreen FAQ")
    today = date(2026, 6, 1)
    changes = lib.lifecycle.keep([aid], date(2026, 9, 30), "Ana", "Evergreen", today=today)
    assert changes.assets == {aid}
    (row,) = lib.lifecycle.audit(aid)
    assert (row.action, row.detail, row.reason) == ("keep", "none → 2026-09-30", "Evergreen")
    lib.lifecycle.keep([aid], date(2026, 12, 31), "Ana", today=today)
    assert lib.lifecycle.audit(aid)[0].detail == "2026-09-30 → 2026-12-31"
    with pytest.raises(ValidationError, match="past"):
        lib.lifecycle.keep([aid], date(2026, 5, 31), "Ana", today=today)


def test_owner_review_date_and_status_changes_are_audited(lib: Library, h) -> None:
    aid = h.add_link(lib, "ROI calculator", owner="Ana")
    lib.lifecycle.set_owner([aid], "  Ben   Lead ", "Ana")
    lib.lifecycle.set_owner([aid], "Ben Lead", "Ana")  # no change, no row
    lib.lifecycle.set_review_by([aid], date(2027, 3, 31), "Ben")
    lib.lifecycle.set_review_by([aid], None, "Ben")
    lib.lifecycle.set_status([aid], "draft", "Ben")
    detail = lib.assets.get(aid)
    assert (detail.owner, detail.review_by, detail.status) == ("Ben Lead", None, "draft")
    trail = [(r.action, r.detail) for r in reversed(lib.lifecycle.audit(aid))]
    assert trail == [
        ("owner", "Ana → Ben Lead"),
        ("review_by", "none → 2027-03-31"),
        ("review_by", "2027-03-31 → none"),
        ("status", "published → draft"),
    ]
    assert h.hit_ids(lib, "roi", statuses=("draft",)) == {aid}  # status is indexed


def test_bad_lifecycle_input_is_refused(lib: Library, h) -> None:
    aid = h.add_link(lib, "Pricing page")
    with pytest.raises(ValidationError, match="reason is required"):
        lib.lifecycle.set_status([aid], "retired", "Ana")
    with pytest.raises(ValidationError, match="Unknown status"):
        lib.lifecycle.set_status([aid], "archived", "Ana")
    with pytest.raises(NotFoundError, match="9999"):
        lib.lifecycle.retire([aid, 9999], "gone", "Ana")
    assert lib.assets.get(aid).status == "published"  # all or nothing
    with pytest.raises(ValidationError, match="No assets"):
        lib.lifecycle.restore([], "Ana")
    with pytest.raises(NotFoundError):
        lib.lifecycle.audit(9999)


def test_audit_rows_go_with_a_deleted_asset(lib: Library, h) -> None:
    aid = h.add_link(lib, "Old deck")
    lib.lifecycle.retire([aid], "Outdated", "Ana")
    lib.assets.delete([aid])
    with pytest.raises(NotFoundError):
        lib.lifecycle.audit(aid)


def test_edits_through_the_asset_service_are_audited_too(lib: Library, h) -> None:
    aid = h.add_link(lib, "Pricing one-pager", owner="Ana", status="draft")
    lib.assets.update(
        aid, AssetUpdate(owner="Ben", title="Pricing sheet"), User("Cleo", "marketer")
    )
    with pytest.raises(ValidationError, match="reason"):
        lib.assets.update(aid, AssetUpdate(status="retired"), "Cleo")
    lib.assets.update(aid, AssetUpdate(status="retired", reason="Old prices"), "Cleo")
    assert [(r.action, r.user_name, r.detail, r.reason) for r in lib.lifecycle.audit(aid)] == [
        ("retire", "Cleo", "draft → retired", "Old prices"),
        ("owner", "Cleo", "Ana → Ben", ""),
        ("title", "Cleo", "Pricing one-pager → Pricing sheet", ""),
    ]
    lib.lifecycle.restore([aid], "Dan")
    assert lib.assets.get(aid).status == "draft"  # what it was before that edit


def test_retired_list_says_why_when_and_who(lib: Library, h) -> None:
    a = h.add_link(lib, "Old deck")
    b = h.add_link(lib, "Older deck")
    h.add_link(lib, "Live deck")
    lib.lifecycle.retire([b], "Superseded", "Ana")
    lib.lifecycle.retire([a], "Off-brand", User("Ben", "marketer"))
    items = lib.lifecycle.retired()
    assert [(i.id, i.reason, i.retired_by) for i in items] == [
        (a, "Off-brand", "Ben"),
        (b, "Superseded", "Ana"),
    ]
    assert all(i.retired_at is not None for i in items)
    lib.lifecycle.restore([a])
    assert [i.id for i in lib.lifecycle.retired()] == [b]
