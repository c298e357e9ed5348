"""When and how index segments are merged.

Every commit adds a segment, and every segment costs each search a little.
Whoosh's default policy (``MERGE_SMALL``) merges inside the commit that
happens to cross its threshold, under the index lock: in this app that can be
a commit made for one edited tag, in the app's own process, merging several
hundred documents (Whoosh re-reads and re-sorts every posting: slower than
indexing the documents afresh). So the work is split:

- :func:`merge_tiny`, the policy of every commit: merges the segments of fewer
  than ``TINY_DOCS`` documents once there are ``TINY_COUNT`` of them (the
  one-document segments single edits leave). Never more than a few dozen
  documents.
- :func:`plan_merge` + :func:`merge_in_background`: the bigger merges, run by a
  writer process after a bulk import. Segments are grouped in tiers by size
  (powers of ``MERGE_FACTOR``); a tier holding ``MERGE_FACTOR`` segments is
  merged into one segment of the next tier, so each document is rewritten
  about once per tier. The merged segment is built without the index lock;
  the lock is taken only to swap it in. Deletions made meanwhile (an edited
  or deleted asset) are carried over by asset id, and if another writer
  removed a source segment in the meantime the merge is dropped.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from whoosh import index as wh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from smkdesk.core.search.whoosh import storage as store
from smkdesk.core.search.whoosh.locking import acquire_writer, writing

TINY_DOCS = 20
TINY_COUNT = 4
MERGE_FACTOR = 8
MAX_SOURCES = 16
#: A segment with this share of its documents deleted is rewritten anyway.
PURGE_DELETED = 0.5


def merge_tiny(writer: Any, segments: Sequence[Any]) -> list[Any]:
    """Whoosh merge policy: merge the tiny segments once there are enough of them."""
    tiny = [s for s in segments if s.doc_count_all() < TINY_DOCS]
    if len(tiny) < TINY_COUNT:
        return list(segments)
    add_segments(writer, writer.storage, writer.schema, tiny)
    merged = {s.segment_id() for s in tiny}
    return [s for s in segments if s.segment_id() not in merged]


def add_segments(writer: Any, storage: Any, schema: Any, segments: Sequence[Any]) -> None:
    """Copy the live documents of ``segments`` (in ``storage``) into ``writer``."""
    for segment in segments:
        reader = SegmentReader(storage, schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()


def _tier(segment: Any) -> int:
    return int(math.log(max(1, segment.doc_count()), MERGE_FACTOR))


def plan_merge(segments: Sequence[Any]) -> list[Any]:
    """The segments a background merge should combine now (empty: none)."""
    candidates = [s for s in segments if s.doc_count_all() >= TINY_DOCS]
    tiers: dict[int, list[Any]] = {}
    for segment in candidates:
        tiers.setdefault(_tier(segment), []).append(segment)
    for tier in sorted(tiers):
        if len(tiers[tier]) >= MERGE_FACTOR:
            group = sorted(tiers[tier], key=lambda s: s.doc_count())
            return group[:MAX_SOURCES]
    worn = [s for s in candidates if s.deleted_count() >= PURGE_DELETED * s.doc_count_all()]
    return worn[:MAX_SOURCES] if worn else []


@contextlib.contextmanager
def staged_segment(
    generation: Path, schema: Any, limitmb: int, fill: Callable[[Any], object]
) -> Iterator[tuple[Path, Any]]:
    """Build a segment without the index lock, in a staging dot-folder of
    ``generation`` (Whoosh's clean-up skips dot-folders): ``fill(writer)`` adds
    its documents. Yields the folder and the finished segment; the folder is
    removed afterwards."""
    staging = Path(tempfile.mkdtemp(prefix=store.STAGING_PREFIX, dir=generation))
    try:
        scratch = wh_index.create_in(str(staging), schema)
        builder = SegmentWriter(scratch, _lk=False, limitmb=limitmb)
        with writing(builder):
            fill(builder)
            segment = builder._finalize_segment()
            builder._finish()
        yield staging, segment
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish(writer: Any, keep: Sequence[Any], staged: tuple[Path, Any] | None) -> None:
    """Under ``writer``'s lock: move the staged segment in and commit the table
    of contents: ``keep``, what the writer merged itself, the staged segment.
    Segments left with no live document are dropped."""
    final = list(keep)
    if staged is not None:
        staging, segment = staged
        for name in segment_files(staging, segment):
            os.replace(staging / name, Path(writer.storage.folder) / name)
        final.append(segment)
    if writer._added:  # the merge policy merged old segments into the writer
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc([s for s in final if s.doc_count()])
    writer._finish()


def merge_in_background(generation: Path, lock_timeout: float, limitmb: int) -> bool:
    """Run :func:`plan_merge` on the index in ``generation``; True if it merged."""
    ix = wh_index.open_dir(str(generation))
    sources = plan_merge(ix._segments())
    if not sources:
        return False

    def fill(builder: Any) -> None:
        add_segments(builder, ix.storage, ix.schema, sources)

    with staged_segment(generation, ix.schema, limitmb, fill) as (staging, merged):
        writer = acquire_writer(ix, lock_timeout, limitmb=limitmb)
        with writing(writer):
            current = {s.segment_id(): s for s in writer.segments}
            if any(s.segment_id() not in current for s in sources):
                writer.cancel()  # another writer merged or dropped a source
                return False
            gone = _deleted_since(ix, sources, current)
            if gone:
                _delete_asset_ids(FileStorage(str(staging)), ix.schema, merged, gone)
            names = {s.segment_id() for s in sources}
            keep = [s for s in writer.segments if s.segment_id() not in names]
            publish(writer, keep, (staging, merged))
    return True


def _deleted_since(ix: Any, sources: Sequence[Any], current: dict[str, Any]) -> set[str]:
    """Asset ids deleted from the sources after the merge read them."""
    gone: set[str] = set()
    for segment in sources:
        before = set(segment.deleted_docs())
        after = set(current[segment.segment_id()].deleted_docs())
        if after - before:
            reader = SegmentReader(ix.storage, ix.schema, segment)
            try:
                gone.update(reader.stored_fields(d)["asset_id"] for d in after - before)
            finally:
                reader.close()
    return gone


def _delete_asset_ids(storage: Any, schema: Any, segment: Any, asset_ids: set[str]) -> None:
    reader = SegmentReader(storage, schema, segment)
    try:
        for docnum, value in enumerate(reader.column_reader("asset_id")):
            if value in asset_ids:
                segment.delete_document(docnum)
    finally:
        reader.close()


def segment_files(staging: Path, segment: Any) -> list[str]:
    """The files of a segment built in ``staging``."""
    prefix = f"{segment.segment_id()}."
    return [p.name for p in staging.iterdir() if p.name.startswith(prefix)]
