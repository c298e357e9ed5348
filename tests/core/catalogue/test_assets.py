"""The asset catalogue: links, reading, editing, bulk tagging, retiring, deleting."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from smkdesk.core.catalogue.dto import AssetUpdate, ImportOptions, TagEdit
from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.library import Library
from smkdesk.core.search.dto import SearchQuery


# -- links ------------------------------------------------------------------------------
def test_add_link(lib: Library, h) -> None:
    detail = lib.assets.add_link(
        "  https://example.com/roi-calculator?x=1  ",
        "ROI   calculator",
        ImportOptions(
            stages=("Decision",),
            personas=("CFO",),
            sectors=("Retail/Groceries",),
            asset_type="One-pager",
            owner=" Dana ",
            abm_tier="one-to-few",
            keywords=("roi", "ROI", "payback, tco"),
            description="Interactive model",
        ),
    )
    assert detail.kind == "link"
    assert detail.url == "https://example.com/roi-calculator?x=1"
    assert detail.title == "ROI calculator"
    assert detail.stages == ("Decision",)
    assert detail.personas == ("CFO",)
    assert detail.sectors == ("Retail/Groceries",)
    assert detail.type == "One-pager"
    assert detail.owner == "Dana"
    assert detail.abm_tier == "one-to-few"
    assert sorted(k.lower() for k in detail.keywords) == ["payback", "roi", "tco"]
    assert detail.status == "published"
    assert detail.file_name is None and detail.stored_path is None
    assert h.hit_ids(lib, "calculator") == {detail.id}
    assert h.hit_ids(lib, "payback") == {detail.id}  # keywords are indexed
    assert h.hit_ids(lib, "interactive") == {detail.id}  # so is the description


@pytest.mark.parametrize(
    "url",
    [
        "",
        "example.com",
        "ftp://example.com/file",
        "javascript:alert(1)",
        "https://",
        "file:///etc/passwd",
    ],
)
def test_add_link_refuses_bad_urls(lib: Library, url: str) -> None:
    with pytest.raises(ValidationError, match="web address"):
        lib.assets.add_link(url, "Some page")
    assert lib.assets.count() == 0


def test_add_link_refuses_empty_title_and_bad_values(lib: Library) -> None:
    with pytest.raises(ValidationError, match="title"):
        lib.assets.add_link("https://example.com", "   ")
    with pytest.raises(ValidationError, match="status"):
        lib.assets.add_link("https://example.com", "x", ImportOptions(status="archived"))
    with pytest.raises(ValidationError, match="ABM tier"):
        lib.assets.add_link("https://example.com", "x", ImportOptions(abm_tier="two-to-many"))
    with pytest.raises(ValidationError, match="asset type"):
        lib.assets.add_link("https://example.com", "x", ImportOptions(asset_type="Podcast"))
    assert lib.assets.count() == 0
    assert lib.index_status().documents == 0


# -- reading ---------------------------------------------------------------------------
def test_get_list_and_summaries(lib: Library, h) -> None:
    a = h.add_link(lib, "Alpha", stages=("Awareness",))
    b = h.add_link(lib, "Bravo", status="draft")
    c = h.add_link(lib, "Charlie", status="retired")
    assert [s.id for s in lib.assets.list()] == [a, b]
    assert [s.id for s in lib.assets.list(include_retired=True)] == [a, b, c]
    assert [s.title for s in lib.assets.list(include_retired=True, limit=1, offset=1)] == ["Bravo"]
    assert [s.title for s in lib.assets.summaries([c, a])] == ["Charlie", "Alpha"]
    assert lib.assets.count() == 3 and lib.assets.count(include_retired=False) == 2
    detail = lib.assets.get(a)
    assert detail.stages == ("Awareness",) and detail.use_count == 0 and detail.last_used is None
    assert detail.created <= detail.updated or detail.created == detail.updated
    with pytest.raises(NotFoundError):
        lib.assets.get(987654)
    assert lib.assets.summaries([987654]) == []


# -- editing --------------------------------------------------------------------------
def test_update_fields_and_tags(lib: Library, h) -> None:
    aid = h.add_link(lib, "Draft deck", stages=("Awareness",), abm_tier="one-to-one")
    before = lib.assets.get(aid)
    changes = lib.assets.update(
        aid,
        AssetUpdate(
            title="Board deck 2026",
            description="For the quarterly board",
            asset_type="Presentation",
            owner="Sam",
            status="draft",
            abm_tier="1 to many",
            review_by=date(2027, 1, 31),
            language="en",
            url="https://example.com/board",
            stages=("Consideration", "Decision"),
            personas=("C-level executive",),
            sectors=("Retail/Fashion", "Financial services"),
            keywords=("board", "Board", "governance"),
        ),
    )
    assert changes.assets == frozenset({aid}) and not changes.taxonomy
    d = lib.assets.get(aid)
    assert (d.title, d.description, d.type, d.owner, d.status) == (
        "Board deck 2026",
        "For the quarterly board",
        "Presentation",
        "Sam",
        "draft",
    )
    assert d.abm_tier == "one-to-many"
    assert d.review_by == date(2027, 1, 31)
    assert d.language == "en" and d.url == "https://example.com/board"
    assert d.stages == ("Consideration", "Decision")
    assert d.personas == ("C-level executive",)
    assert set(d.sectors) == {"Retail/Fashion", "Financial services"}
    assert sorted(d.keywords) == ["board", "governance"] or sorted(d.keywords) == [
        "Board",
        "governance",
    ]
    assert d.updated >= before.updated
    # the index follows the edit
    assert h.hit_ids(lib, "governance") == {aid}
    assert h.hit_ids(lib, "quarterly") == {aid}
    assert h.hit_ids(lib, stages=("Awareness",)) == set()
    assert h.hit_ids(lib, stages=("Decision",), statuses=("draft",)) == {aid}
    assert h.hit_ids(lib, types=("Presentation",)) == {aid}

    # "" clears; None leaves as it is
    lib.assets.update(aid, AssetUpdate(asset_type="", abm_tier="", review_by=""))
    d = lib.assets.get(aid)
    assert d.type is None and d.abm_tier is None and d.review_by is None
    assert d.title == "Board deck 2026" and d.stages == ("Consideration", "Decision")


def test_update_with_a_bad_value_changes_nothing(lib: Library, h) -> None:
    aid = h.add_link(lib, "Stable title", stages=("Awareness",))
    for bad in (
        AssetUpdate(title="New title", status="archived"),
        AssetUpdate(title="New title", stages=("Awarness",)),
        AssetUpdate(title="New title", url="not a url"),
        AssetUpdate(title="   "),
    ):
        with pytest.raises(ValidationError):
            lib.assets.update(aid, bad)
    d = lib.assets.get(aid)
    assert d.title == "Stable title" and d.stages == ("Awareness",)
    with pytest.raises(NotFoundError):
        lib.assets.update(987654, AssetUpdate(title="x"))
    with pytest.raises(ValidationError):
        lib.assets.update_many([], AssetUpdate(title="x"))


def test_unknown_tag_names_the_known_values(lib: Library, h) -> None:
    aid = h.add_link(lib, "Anything")
    with pytest.raises(ValidationError) as info:
        lib.assets.update(aid, AssetUpdate(stages=("Awarness",)))
    msg = str(info.value)
    assert "Awarness" in msg
    for known in ("Awareness", "Consideration", "Decision"):
        assert known in msg
    with pytest.raises(ValidationError) as info:
        lib.assets.add_link("https://example.com/p", "P", ImportOptions(personas=("Chief Wizard",)))
    assert "Chief Wizard" in str(info.value) and "CFO" in str(info.value)
    with pytest.raises(ValidationError) as info:
        lib.assets.edit_tags([aid], TagEdit(add={"sector": ("Retail/Shoes",)}))
    assert "Retail/Fashion" in str(info.value)
    assert lib.assets.count() == 1


def test_edit_tags_in_bulk(lib: Library, h) -> None:
    ids = [
        h.add_link(lib, "One", stages=("Awareness",), keywords=("old", "keep")),
        h.add_link(lib, "Two", stages=("Awareness", "Consideration"), personas=("CFO",)),
        h.add_link(lib, "Three", keywords=("OLD",)),
    ]
    untouched = h.add_link(lib, "Four", stages=("Awareness",))
    changes = lib.assets.edit_tags(
        ids,
        TagEdit(
            add={"stage": ("Decision",), "persona": ("CFO", "VP Sales"), "sector": ("Retail/DIY",)},
            remove={"stage": ("Awareness",)},
            add_keywords=("renewal",),
            remove_keywords=("old",),
        ),
    )
    assert changes.assets == frozenset(ids)
    one, two, three = (lib.assets.get(i) for i in ids)
    assert one.stages == ("Decision",)
    assert two.stages == ("Consideration", "Decision")
    assert three.stages == ("Decision",)
    for d in (one, two, three):
        assert set(d.personas) == {"CFO", "VP Sales"} and len(d.personas) == 2
        assert d.sectors == ("Retail/DIY",)
        assert "renewal" in d.keywords
        assert not any(k.lower() == "old" for k in d.keywords)
    assert "keep" in one.keywords
    assert lib.assets.get(untouched).stages == ("Awareness",)
    assert h.hit_ids(lib, stages=("Decision",)) == set(ids)
    assert h.hit_ids(lib, stages=("Awareness",)) == {untouched}
    assert h.hit_ids(lib, "renewal") == set(ids)
    assert h.hit_ids(lib, sectors=("Retail",)) == set(ids)

    with pytest.raises(ValidationError, match="tag dimension"):
        lib.assets.edit_tags(ids, TagEdit(add={"type": ("Ebook",)}))
    with pytest.raises(NotFoundError):
        lib.assets.edit_tags([ids[0], 987654], TagEdit(add={"stage": ("Awareness",)}))
    assert lib.assets.get(ids[0]).stages == ("Decision",)


# -- status -------------------------------------------------------------------------------
def test_retired_assets_leave_default_search(lib: Library, h) -> None:
    live = h.add_link(lib, "Pricing sheet current")
    old = h.add_link(lib, "Pricing sheet 2019")
    assert h.hit_ids(lib, "pricing") == {live, old}
    lib.assets.update(old, AssetUpdate(status="retired", reason="Superseded"))
    assert h.hit_ids(lib, "pricing") == {live}
    assert h.hit_ids(lib, "pricing", include_retired=True) == {live, old}
    assert h.hit_ids(lib, "pricing", statuses=("retired",)) == {old}
    assert [s.id for s in lib.assets.list()] == [live]
    res = lib.search(SearchQuery(text="pricing", include_retired=True))
    status = res.facet("status")
    assert status is not None
    assert {v.key: v.count for v in status.values}["retired"] == 1
    lib.assets.update(old, AssetUpdate(status="published"))
    assert h.hit_ids(lib, "pricing") == {live, old}


# -- deleting ------------------------------------------------------------------------------
def test_delete_removes_file_row_and_index_entry(lib: Library, tmp_path: Path, h) -> None:
    src = h.write_md(tmp_path / "in" / "kickoff.md", "Kickoff agenda", "Quokka alignment workshop.")
    outcome = lib.assets.import_file(src)
    assert outcome.outcome == "imported", outcome
    aid = outcome.asset_id
    assert aid is not None
    keep = h.add_link(lib, "Quokka reference page")
    stored = lib.assets.stored_path(aid)
    assert stored is not None and stored.is_file()
    assert stored.read_bytes() == src.read_bytes()
    assert h.hit_ids(lib, "quokka") == {aid, keep}
    with pytest.raises(ValidationError, match="web address"):
        lib.assets.update(aid, AssetUpdate(url="https://example.com"))

    changes = lib.assets.delete([aid])
    assert changes.deleted == frozenset({aid})
    assert not stored.exists()
    assert h.stored_files(lib) == []
    assert src.is_file()  # the original is never touched
    with pytest.raises(NotFoundError):
        lib.assets.get(aid)
    assert aid not in lib.index.doc_ids()
    assert h.hit_ids(lib, "quokka") == {keep}
    with pytest.raises(NotFoundError):
        lib.assets.delete([aid])
    # the same file can be imported again after deletion
    again = lib.assets.import_file(src)
    assert again.outcome == "imported"
    assert lib.check().ok


def test_set_created(lib: Library, h) -> None:
    older = h.add_link(lib, "Whitepaper on churn")
    newer = h.add_link(lib, "Whitepaper on pricing")
    lib.assets.set_created(older, datetime(2020, 1, 2, 3, 4, 5))
    assert lib.assets.get(older).created == datetime(2020, 1, 2, 3, 4, 5)
    res = lib.search(SearchQuery(text="whitepaper", sort="newest"))
    assert [hit.id for hit in res.hits] == [newer, older]
    lib.assets.set_created(older, datetime(2099, 1, 1))
    res = lib.search(SearchQuery(text="whitepaper", sort="newest"))
    assert [hit.id for hit in res.hits] == [older, newer]
    # an aware datetime is stored as naive UTC, like every other datetime
    lib.assets.set_created(older, datetime(2021, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=2))))
    assert lib.assets.get(older).created == datetime(2021, 6, 1, 10, 0)
    with pytest.raises(NotFoundError):
        lib.assets.set_created(987654, datetime(2020, 1, 1))


def test_html_looking_title_is_stored_literally(lib: Library, h) -> None:
    title = "<b>Bold</b> & <script>alert('x')</script> &amp; offer"
    aid = h.add_link(lib, title)
    assert lib.assets.get(aid).title == title
    assert lib.assets.summaries([aid])[0].title == title
    res = lib.search(SearchQuery(text="offer"))
    assert [hit.title for hit in res.hits] == [title]
    lib.assets.update(aid, AssetUpdate(title="<i>x</i>"))
    assert lib.assets.get(aid).title == "<i>x</i>"


def test_bulk_update_sets_type_review_date_and_tier(lib: Library, h) -> None:
    from smkdesk.core.catalogue.options import months_ahead

    ids = [h.add_link(lib, f"Bulk {i}", asset_type="Ebook") for i in range(3)]
    review = date(2027, 6, 30)
    lib.assets.update_many(
        ids, AssetUpdate(asset_type="Case study", review_by=review, abm_tier="one-to-few")
    )
    got = [lib.assets.get(i) for i in ids]
    assert {(a.type, a.review_by, a.abm_tier) for a in got} == {
        ("Case study", review, "one-to-few")
    }
    lib.assets.update_many(ids[:1], AssetUpdate(asset_type="", review_by="", abm_tier=""))
    first = lib.assets.get(ids[0])
    assert (first.type, first.review_by, first.abm_tier) == (None, None, None)
    assert "review_by" in {e.action for e in lib.lifecycle.audit(ids[1])}
    assert months_ahead(12, date(2026, 1, 31)) == date(2027, 1, 31)
    assert months_ahead(1, date(2026, 1, 31)) == date(2026, 2, 28)
    assert months_ahead(0, date(2026, 1, 31)) is None


def test_cli_import_sets_status_type_and_review_date(lib: Library, h, tmp_path: Path) -> None:
    from smkdesk.cli import run
    from smkdesk.core.catalogue.options import months_ahead

    base = ["--library", str(lib.path), "import"]
    one = h.write_md(tmp_path / "a" / "one.md", "Walrus one", "walrus one body")
    two = h.write_md(tmp_path / "b" / "two.md", "Walrus two", "walrus two body")
    args = ["--status", "draft", "--type", "Case study", "--review-months", "12"]
    assert run([*base, str(one), *args]) == 0
    assert run([*base, str(two), "--review-by", "2027-03-01"]) == 0
    assert run([*base, str(two), "--review-months", "0"]) == 2
    assert run([*base, str(two), "--review-by", "2027-03-01", "--review-months", "2"]) == 2
    assert lib.assets.count() == 2  # a fresh library: ids 1 and 2
    by_title = {a.title: a for a in (lib.assets.get(1), lib.assets.get(2))}
    first = by_title["Walrus one"]
    assert (first.status, first.type, first.review_by) == ("draft", "Case study", months_ahead(12))
    assert by_title["Walrus two"].review_by == date(2027, 3, 1)


# -- the audit trail of edits, and undo ----------------------------------------------------
def test_bulk_edit_records_every_changed_field_with_the_user(lib: Library, h) -> None:
    from smkdesk.core.changes import User

    ids = [
        h.add_link(lib, f"Audit {i}", asset_type="Ebook", stages=("Awareness",)) for i in (1, 2, 3)
    ]
    dana = User("Dana Marketer", "marketer")
    lib.assets.update_many(
        ids,
        AssetUpdate(asset_type="Case study", abm_tier="one-to-few", review_by=date(2027, 6, 30)),
        dana,
    )
    lib.assets.edit_tags(ids, TagEdit(add={"stage": ("Decision",)}), dana)
    for aid in ids:
        trail = {e.action: e for e in lib.lifecycle.audit(aid)}
        assert set(trail) == {"type", "abm_tier", "review_by", "stages"}
        assert {e.user_name for e in trail.values()} == {"Dana Marketer"}
        assert trail["type"].detail == "Ebook → Case study"
        assert trail["abm_tier"].detail == "none → one-to-few"
        assert trail["review_by"].detail == "none → 2027-06-30"
        assert trail["stages"].detail == "+Decision"
    # setting a value an asset already has records nothing for it
    lib.assets.update_many(ids, AssetUpdate(asset_type="Case study", owner="Sam"), dana)
    assert lib.lifecycle.audit(ids[0])[0].action == "owner"
    assert len(lib.lifecycle.audit(ids[0])) == 5


def test_single_edit_records_each_field(lib: Library, h) -> None:
    aid = h.add_link(lib, "Old title", personas=("CFO",), keywords=("roi",))
    lib.assets.update(
        aid,
        AssetUpdate(
            title="New title",
            description="Longer text",
            personas=("VP Sales",),
            keywords=("roi", "tco"),
            status="retired",
            reason="Superseded",
        ),
        "Ana",
    )
    trail = {e.action: e for e in lib.lifecycle.audit(aid)}
    assert set(trail) == {"title", "description", "personas", "keywords", "retire"}
    assert trail["title"].detail == "Old title → New title"
    assert trail["description"].detail == "edited"  # prose is not copied into the trail
    assert trail["personas"].detail == "+VP Sales, −CFO"
    assert trail["keywords"].detail == "+tco"
    assert trail["retire"].reason == "Superseded"
    assert all(e.user_name == "Ana" for e in trail.values())


def test_restore_snapshot_undoes_a_bulk_edit(lib: Library, h) -> None:
    ids = [
        h.add_link(lib, "Undo one", asset_type="Ebook", stages=("Awareness",), keywords=("a",)),
        h.add_link(lib, "Undo two", personas=("CFO",)),
    ]
    lib.assets.update_many(ids[:1], AssetUpdate(review_by=date(2026, 1, 1), abm_tier="one-to-one"))
    before = [lib.assets.get(i) for i in ids]
    snapshot = lib.assets.snapshot(ids)
    lib.assets.update_many(
        ids,
        AssetUpdate(asset_type="Case study", abm_tier="", review_by="", status="retired",
                    reason="Old"),
        "Dana",
    )  # fmt: skip
    lib.assets.edit_tags(
        ids, TagEdit(add={"stage": ("Decision",)}, remove={"stage": ("Awareness",)},
                     add_keywords=("b",)), "Dana"
    )  # fmt: skip
    assert h.hit_ids(lib, stages=("Awareness",)) == set()

    changes = lib.assets.restore_snapshot(snapshot, "Dana")
    assert changes.assets == frozenset(ids)
    after = [lib.assets.get(i) for i in ids]
    for old, new in zip(before, after, strict=True):
        assert (new.type, new.abm_tier, new.review_by, new.status) == (
            old.type, old.abm_tier, old.review_by, old.status
        )  # fmt: skip
        assert (new.stages, new.personas, new.keywords) == (old.stages, old.personas, old.keywords)
    assert h.hit_ids(lib, stages=("Awareness",)) == {ids[0]}  # the index follows
    undo = [e for e in lib.lifecycle.audit(ids[0]) if e.reason == "undo"]
    assert {e.action for e in undo} == {"type", "abm_tier", "review_by", "restore", "stages",
                                        "keywords"}  # fmt: skip
    assert {e.user_name for e in undo} == {"Dana"}
    # an asset deleted since the edit is skipped, and undoing twice changes nothing
    lib.assets.delete(ids[1:])
    assert lib.assets.restore_snapshot(snapshot, "Dana").assets == frozenset()
