"""Index writes in writer processes, group commits and segment merges.

Real Whoosh indexes on disk, real child processes, a real library for the
import path. Nothing is mocked; a writer process is killed for real.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from whoosh import index as wh_index

from smkdesk.core.catalogue import importer as importer_module
from smkdesk.core.catalogue.dto import ImportOptions
from smkdesk.core.catalogue.models import Asset
from smkdesk.core.library import Library
from smkdesk.core.search.model import IndexDoc
from smkdesk.core.search.models import IndexPending
from smkdesk.core.search.whoosh import locking, merging
from smkdesk.core.search.whoosh.index import SearchIndex

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def doc(asset_id: int, title: str, body: str = "") -> IndexDoc:
    when = T0 + timedelta(days=asset_id)
    return IndexDoc(
        asset_id=asset_id,
        title=title,
        body=body or f"Body text number {asset_id} about retail pricing.",
        created=when,
        updated=when,
    )


def find(ix: SearchIndex, text: str) -> set[int]:
    return {h.asset_id for h in ix.search(text, limit=1000, with_snippets=False).hits}


def segment_sizes(ix: SearchIndex) -> list[int]:
    assert ix._generation is not None
    return sorted(s.doc_count() for s in wh_index.open_dir(str(ix._generation))._segments())


@pytest.fixture
def ix(tmp_path: Path) -> Iterator[SearchIndex]:
    index = SearchIndex.open(tmp_path / "index", lock_timeout=2.0)
    index.rebuild([doc(1, "Seed asset")], 1)
    yield index
    index.close()


def test_offloaded_batches_are_committed_by_writer_processes(ix: SearchIndex) -> None:
    first = ix.offload([doc(i, f"Zeppelin guide {i}") for i in range(10, 40)], ())
    second = ix.offload([doc(i, f"Zeppelin guide {i}") for i in range(40, 70)], [1])
    assert len(ix._writers) == 2  # both batches were built in parallel
    assert ix.collect(wait=True) == {first: None, second: None}
    assert find(ix, "zeppelin") == set(range(10, 70))
    assert find(ix, "seed") == set()  # the delete travelled with the second batch
    assert segment_sizes(ix) == [30, 30]  # one new segment per batch; the emptied one dropped


def test_a_dead_writer_process_costs_nothing(ix: SearchIndex) -> None:
    ix.start_writer_processes()
    for writer in ix._writers:
        writer._process.kill()
        writer._process.join(5)
    ticket = ix.offload([doc(i, f"Airship brief {i}") for i in range(2, 12)], ())
    assert ix.collect(wait=True) == {ticket: None}  # written in this process instead
    assert find(ix, "airship") == set(range(2, 12))
    ticket = ix.offload([doc(20, "Airship after restart")], ())  # fresh processes start
    assert ix.collect(wait=True) == {ticket: None}
    assert 20 in find(ix, "airship")


def test_a_locked_index_fails_the_batch_and_keeps_the_index_whole(ix: SearchIndex) -> None:
    ix.lock_timeout = 0.3
    assert ix._ix is not None
    holder = ix._ix.writer()  # another writer holds the lock
    try:
        ticket = ix.offload([doc(5, "Blocked asset")], ())
        result = ix.collect(wait=True)
    finally:
        holder.cancel()
    assert "being written by another smkdesk process" in (result[ticket] or "")
    assert find(ix, "blocked") == set()
    assert find(ix, "seed") == {1}


def test_tiny_segments_are_merged_by_the_next_commit(ix: SearchIndex) -> None:
    for i in range(2, 2 + merging.TINY_COUNT):
        ix.update([doc(i, f"Tiny edit {i}")])
    sizes = segment_sizes(ix)
    assert len(sizes) < merging.TINY_COUNT  # merged, not one segment per edit
    assert sum(sizes) == 1 + merging.TINY_COUNT
    assert find(ix, "tiny") == set(range(2, 2 + merging.TINY_COUNT))


def _fill_tier(ix: SearchIndex, start: int = 100) -> None:
    for batch in range(merging.MERGE_FACTOR):
        base = start + batch * 30
        ix.offload([doc(i, f"Tiered document {i}") for i in range(base, base + 30)], ())
        assert set(ix.collect(wait=True).values()) == {None}


def test_a_background_merge_combines_a_full_tier(ix: SearchIndex) -> None:
    _fill_tier(ix)
    assert segment_sizes(ix).count(30) == merging.MERGE_FACTOR
    ticket = ix.offload_merge()
    assert ticket is not None
    ix._collect_locked(wait=True)
    assert ix.collect() == {ticket: None}
    assert segment_sizes(ix) == [1, 30 * merging.MERGE_FACTOR]
    assert len(find(ix, "tiered")) == 30 * merging.MERGE_FACTOR


def test_a_merge_carries_over_deletions_made_while_it_ran(
    ix: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill_tier(ix)
    assert ix._generation is not None
    generation = ix._generation
    original = locking.acquire_writer

    def edit_first(index: object, timeout: float, **kw: object) -> object:
        # another writer deletes two documents after the merge read its sources
        other = original(wh_index.open_dir(str(generation)), timeout)
        other.delete_by_term("asset_id", "100")
        other.delete_by_term("asset_id", "130")
        other.commit(merge=False)
        return original(index, timeout, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(merging, "acquire_writer", edit_first)
    assert merging.merge_in_background(generation, 2.0, 8)
    merged = wh_index.open_dir(str(generation))
    with merged.searcher() as searcher:
        live = {f["asset_id"] for f in searcher.all_stored_fields()}
    assert "100" not in live and "130" not in live
    assert len(live) == 1 + 30 * merging.MERGE_FACTOR - 2


def test_plan_merge_leaves_a_tier_alone_until_it_is_full(ix: SearchIndex) -> None:
    for batch in range(merging.MERGE_FACTOR - 1):
        base = 100 + batch * 30
        ix.offload([doc(i, f"Doc {i}") for i in range(base, base + 30)], ())
        ix.collect(wait=True)
    assert ix._generation is not None
    assert merging.plan_merge(wh_index.open_dir(str(ix._generation))._segments()) == []


# -- through the library --------------------------------------------------------


def _md_files(folder: Path, n: int, word: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"note-{i:03d}.md"
        path.write_text(f"# {word.title()} note {i}\n\nA {word} story, number {i}.\n", "utf-8")
        paths.append(path)
    return paths


def test_a_bulk_import_indexes_through_the_writer_processes(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, h
) -> None:
    monkeypatch.setattr(importer_module, "OFFLOAD_MIN", 3)
    files = _md_files(tmp_path / "src", importer_module.OFFLOAD_FROM + 5, "dirigible")
    report = lib.assets.import_files(files, ImportOptions())
    assert report.count("imported") == len(files)
    assert lib.index._writers  # the writer processes did the work
    assert lib.index_status().pending == 0
    assert h.hit_ids(lib, "dirigible") == {o.asset_id for o in report.outcomes}


def test_a_change_during_a_batch_in_flight_is_not_lost(lib: Library, h) -> None:
    ids = [h.add_link(lib, f"Balloon link {i}") for i in range(3)]
    with lib.db.session() as s:
        s.execute(update(Asset).where(Asset.id == ids[0]).values(title="Hot air balloon"))
        lib.sync.queue(s, ids)
    assert lib.sync.flush(offload=True)  # the batch is now in a writer process
    with lib.db.session() as s:  # the asset changes again while the batch is written
        s.execute(update(Asset).where(Asset.id == ids[0]).values(title="Blimp link"))
        lib.sync.queue(s, [ids[0]])
    assert lib.sync.settle()
    with lib.db.reader() as s:
        assert list(s.scalars(select(IndexPending.asset_id))) == [ids[0]]  # still queued
    assert lib.sync.flush()
    assert lib.index_status().pending == 0
    assert {hit.id for hit in lib.search("blimp").hits} == {ids[0]}
