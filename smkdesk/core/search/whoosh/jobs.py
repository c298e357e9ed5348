"""The jobs a writer process runs (``writer_process.py``): commit one batch of
documents, or merge small segments. The parent's own commits use ``apply_batch``.

Kept apart from ``index.py`` so that the writer process need not import the
whole index (and so that the two do not import each other).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from whoosh import index as wh_index

from smkdesk.core.search.model import IndexDoc
from smkdesk.core.search.whoosh.locking import acquire_writer, writing
from smkdesk.core.search.whoosh.merging import (
    merge_in_background,
    merge_tiny,
    publish,
    staged_segment,
)
from smkdesk.core.search.whoosh.schema import to_fields
from smkdesk.core.util.gcpause import cyclic_gc_paused

#: Memory the Whoosh writer may use for its posting pool before spilling.
WRITER_LIMIT_MB = 32
BATCH_JOB, MERGE_JOB = "batch", "merge"


def apply_batch(writer: Any, docs: Sequence[IndexDoc], delete_ids: Sequence[int]) -> None:
    for doc in docs:
        writer.update_document(**to_fields(doc))
    for asset_id in delete_ids:
        writer.delete_by_term("asset_id", str(asset_id))


def run_job(
    kind: str,
    generation: Path,
    docs: Sequence[IndexDoc],
    delete_ids: Sequence[int],
    lock_timeout: float,
) -> int:
    """One request to a writer process; the document count after it."""
    with cyclic_gc_paused():
        if kind == MERGE_JOB:
            merge_in_background(generation, lock_timeout, WRITER_LIMIT_MB)
        else:
            commit_batch(generation, docs, delete_ids, lock_timeout)
    count: int = wh_index.open_dir(str(generation)).doc_count()
    return count


def commit_batch(
    generation: Path, docs: Sequence[IndexDoc], delete_ids: Sequence[int], lock_timeout: float
) -> None:
    """One batch in one commit, in a writer process.

    The batch's segment is built first, without the index lock
    (``merging.staged_segment``), so two writer processes build at the same
    time. The lock is then taken only to delete the documents' old versions,
    move the segment in and write the new table of contents (Whoosh's own
    multi-process writer commits its sub-writers' segments the same way).
    """
    ix = wh_index.open_dir(str(generation))

    def fill(builder: Any) -> None:
        apply_batch(builder, docs, ())

    with contextlib.ExitStack() as stack:
        staged = None
        if docs:
            staged = stack.enter_context(
                staged_segment(generation, ix.schema, WRITER_LIMIT_MB, fill)
            )
        writer = acquire_writer(ix, lock_timeout, limitmb=WRITER_LIMIT_MB)
        with writing(writer):
            for asset_id in sorted({d.asset_id for d in docs} | set(delete_ids)):
                writer.delete_by_term("asset_id", str(asset_id))
            publish(writer, writer._merge_segments(merge_tiny, False, True), staged)
