"""``smkdesk check``: consistency of database, index and file store, and repairs."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from smkdesk.core.catalogue.dto import ImportOptions
from smkdesk.core.check import CheckReport, Problem
from smkdesk.core.library import Library
from smkdesk.core.search.model import IndexDoc
from smkdesk.core.store.files import PART_GRACE_SECONDS


def _problems(report: CheckReport, area: str) -> list[Problem]:
    return [p for p in report.problems if p.area == area]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """A closed library with two imported files and two links, built once."""
    base = tmp_path_factory.mktemp("check-template")
    src = base / "src"
    for name, title, body in (
        ("alpha.md", "Alpha battlecard", "Wombat pricing objections."),
        ("beta.md", "Beta case study", "Wombat logistics rollout."),
    ):
        src.mkdir(exist_ok=True)
        (src / name).write_text(f"# {title}\n\n{body}\n", "utf-8")
    with Library.create(base / "lib") as lib:
        report = lib.assets.import_files([src])
        assert [o.outcome for o in report.outcomes] == ["imported", "imported"]
        ids = {o.title or "": o.asset_id or 0 for o in report.outcomes}
        ids["link1"] = lib.assets.add_link("https://example.com/1", "Wombat webinar").id
        ids["link2"] = lib.assets.add_link(
            "https://example.com/2", "Wombat podcast", ImportOptions(stages=("Awareness",))
        ).id
    shutil.rmtree(src)  # the originals are gone (test_import_race covers restoring from them)
    return base / "lib", ids


@pytest.fixture
def filled(
    template: tuple[Path, dict[str, int]], tmp_path: Path
) -> Iterator[tuple[Library, dict[str, int]]]:
    """A private copy of the template library, open."""
    path, ids = template
    shutil.copytree(path, tmp_path / "lib")
    with Library.open(tmp_path / "lib") as lib:
        yield lib, dict(ids)


def test_fresh_library_checks_clean(filled: tuple[Library, dict[str, int]]) -> None:
    lib, _ = filled
    report = lib.check()
    assert report.ok
    assert report.problems == ()
    assert (report.assets, report.indexed, report.files) == (4, 4, 2)
    deep = lib.check(deep=True)
    assert deep.ok and deep.problems == ()


def test_empty_library_checks_clean(lib: Library) -> None:
    report = lib.check(deep=True)
    assert report.ok and report.problems == ()
    assert (report.assets, report.indexed, report.files) == (0, 0, 0)


def test_deleted_index_is_reported_and_rebuilt(tmp_path: Path, h) -> None:
    path = tmp_path / "lib"
    with Library.create(path) as lib:
        a = h.add_link(lib, "Narwhal launch plan")
        b = h.add_link(lib, "Narwhal retro")
    shutil.rmtree(path / "index")

    with Library.open(path) as lib:
        report = lib.check()
        index_problems = _problems(report, "index")
        assert index_problems, report
        assert all(p.repairable and not p.repaired for p in index_problems)
        assert not report.ok

        repaired = lib.check(repair=True)
        assert _problems(repaired, "index") and all(
            p.repaired for p in _problems(repaired, "index")
        )
        assert repaired.ok

        assert h.hit_ids(lib, "narwhal") == {a, b}
        after = lib.check()
        assert after.ok and after.problems == ()
        assert after.indexed == 2
        # and it stays usable for new changes
        c = h.add_link(lib, "Narwhal FAQ")
        assert h.hit_ids(lib, "narwhal") == {a, b, c}


def test_missing_stored_file_is_reported_not_repairable(
    filled: tuple[Library, dict[str, int]],
) -> None:
    lib, ids = filled
    aid = ids["Alpha battlecard"]
    stored = lib.assets.stored_path(aid)
    assert stored is not None
    stored.unlink()

    report = lib.check()
    files = _problems(report, "files")
    assert len(files) == 1
    assert f"#{aid}" in files[0].message and "Alpha battlecard" in files[0].message
    assert "import alpha.md again to restore it" in files[0].message
    assert not files[0].repairable
    assert not report.ok

    again = lib.check(repair=True)
    assert [p.repaired for p in _problems(again, "files")] == [False]
    assert not again.ok
    assert lib.assets.get(aid).title == "Alpha battlecard"  # the record is kept


def test_damaged_stored_file_is_reported(filled: tuple[Library, dict[str, int]]) -> None:
    lib, ids = filled
    aid = ids["Beta case study"]
    stored = lib.assets.stored_path(aid)
    assert stored is not None
    data = bytearray(stored.read_bytes())
    data[-2] ^= 0x20  # same size, different bytes
    stored.write_bytes(bytes(data))
    assert lib.check().ok  # the quick check only compares sizes
    deep = lib.check(deep=True)
    assert [p.area for p in deep.problems] == ["files"]
    assert f"#{aid}" in deep.problems[0].message and not deep.problems[0].repairable

    stored.write_bytes(b"short")
    quick = lib.check()
    assert [p.area for p in quick.problems] == ["files"]
    assert "size" in quick.problems[0].message


def test_unreferenced_file_is_moved_to_orphans(filled: tuple[Library, dict[str, int]]) -> None:
    lib, _ = filled
    stray = lib.path / "files" / "ab" / ("ab" + "0" * 62 + ".pdf")
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"%PDF-1.4 someone else's file")

    report = lib.check()
    files = _problems(report, "files")
    assert len(files) == 1 and files[0].repairable and not files[0].repaired
    assert stray.name in files[0].message
    assert stray.exists()  # a plain check changes nothing

    repaired = lib.check(repair=True)
    assert repaired.ok
    moved = lib.path / "orphans" / stray.name
    assert not stray.exists()
    assert moved.read_bytes() == b"%PDF-1.4 someone else's file"  # moved, never deleted
    assert lib.check().problems == ()


def test_unfinished_copy_is_cleaned_up(filled: tuple[Library, dict[str, int]]) -> None:
    lib, _ = filled
    part = lib.path / "files" / "cd" / ".cd123.docx.999.part"
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(b"half a file")
    assert lib.check().problems == ()  # young: an import elsewhere may be writing it
    hours_ago = time.time() - PART_GRACE_SECONDS - 60
    os.utime(part, (hours_ago, hours_ago))
    report = lib.check()
    assert [p.repairable for p in _problems(report, "files")] == [True]
    assert lib.check(repair=True).ok
    assert not part.exists()
    assert lib.check().problems == ()


def test_asset_missing_from_index_is_repaired(filled: tuple[Library, dict[str, int]], h) -> None:
    lib, ids = filled
    aid = ids["link2"]
    lib.index.delete([aid])
    assert aid not in lib.index.doc_ids()
    assert aid not in h.hit_ids(lib, "wombat")

    report = lib.check()
    index = _problems(report, "index")
    assert len(index) == 1
    assert index[0].repairable and not index[0].repaired
    assert f"#{aid}" in index[0].message
    assert report.indexed == 3

    repaired = lib.check(repair=True)
    assert repaired.ok and repaired.indexed == 4
    assert aid in lib.index.doc_ids()
    assert h.hit_ids(lib, "wombat") == set(ids.values())
    assert h.hit_ids(lib, stages=("Awareness",)) == {aid}
    assert lib.check().problems == ()


def test_index_entry_of_a_deleted_asset_is_removed(
    filled: tuple[Library, dict[str, int]], h
) -> None:
    lib, ids = filled
    lib.index.update([IndexDoc(asset_id=4242, title="Wombat ghost")])
    assert 4242 in lib.index.doc_ids()
    report = lib.check()
    index = _problems(report, "index")
    assert len(index) == 1 and "#4242" in index[0].message and index[0].repairable
    assert lib.check(repair=True).ok
    assert 4242 not in lib.index.doc_ids()
    assert h.hit_ids(lib, "wombat") == set(ids.values())


def test_index_deleted_while_open_loses_no_change(lib: Library, h) -> None:
    a = h.add_link(lib, "Narwhal one")
    shutil.rmtree(lib.path / "index")
    assert [p.area for p in lib.check().problems] == ["index"]
    # a change made while the index is gone waits in the queue...
    b = h.add_link(lib, "Narwhal two")
    status = lib.index_status()
    assert status.health == "missing" and status.pending >= 1
    # ...and is in the rebuilt index
    assert lib.check(repair=True).ok
    assert h.hit_ids(lib, "narwhal") == {a, b}
    assert lib.index_status().pending == 0
    assert lib.check().problems == ()
