"""Whoosh I/O that does not hold the GUI thread off the GIL.

1. Open the sub-files of a memory-mapped Whoosh segment without copying them.

Whoosh 2.7 stores each segment as one compound file, memory-maps it, and opens
every sub-file (postings, term table, stored fields…) as a ``BufferFile``,
whose constructor does ``BytesIO(memoryview)``: a full copy of the sub-file,
made while holding the GIL. At 10,000 documents that copy takes 50-400 ms on
every searcher reopen, i.e. after every commit, and the GUI thread waits for
the GIL all that time (an import then stalls the window once per batch).

``install()`` replaces ``CompoundStorage.open_file`` with one that wraps the
mapped bytes in ``MappedFile``: the same ``BufferFile`` API over a memoryview,
whose sequential ``read`` copies only the bytes asked for. Installed once, when
``search/whoosh/index.py`` is imported; pinned to whoosh-reloaded 2.7.5 in
pyproject, and ``tests/core/search/test_search.py`` checks that no copy is made.

2. Keep the sorting runs of small (incremental) index writes in memory.
The writer sorts postings in runs of ``limitmb`` (1 MB for incremental
commits, see ``index.UPDATE_LIMIT_MB``: one sort of a bigger run holds the GIL
too long). Whoosh pickles each run to a temporary file and unpickles it to
merge: slow, and every 8 KiB write or read drops and at once retakes the GIL.
A waiting thread only asks for the GIL when it saw no hand-over for a whole
switch interval; those quick drops keep resetting its wait, so the GUI thread
sat 50-70 ms on an idle event (late-tick dumps: ``bench/bench_gui.py
--watchdog``). In memory, the runs cost no I/O and merge at list speed.

3. Write new segment files (and a rebuild's on-disk runs) through a 1 MiB
buffer, for the same reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from whoosh import writing
from whoosh.filedb import compound, filestore
from whoosh.filedb.structfile import BufferFile, StructFile

RUN_BUFFER = 1 << 20
MEMORY_RUNS_UP_TO = 4 << 20  # pools this small (incremental commits) keep runs in memory
MEMORY_POOL_CAP = 24 << 20  # ... up to this much (estimated); later runs go to disk


class _ViewReader:
    """The part of a binary file object ``StructFile`` uses, over a memoryview."""

    __slots__ = ("_pos", "_view")

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._pos = 0

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if size is None or size < 0 else min(start + size, len(self._view))
        self._pos = max(start, end)
        return bytes(self._view[start:end])

    def readline(self, size: int | None = -1) -> bytes:
        view, start = self._view, self._pos
        stop = len(view) if size is None or size < 0 else min(start + size, len(view))
        end = start
        while end < stop:
            end += 1
            if view[end - 1] == 0x0A:
                break
        self._pos = end
        return bytes(view[start:end])

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: len(self._view)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._view = memoryview(b"")


class MappedFile(BufferFile):  # type: ignore[misc]
    """A ``BufferFile`` that reads the mapped bytes in place."""

    def __init__(self, buf: memoryview, name: str | None = None, onclose: Any = None) -> None:
        self._buf = buf
        self._name = name
        self.file = _ViewReader(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def subset(self, position: int, length: int, name: str | None = None) -> MappedFile:
        return MappedFile(self._buf[position : position + length], name=name or self._name)


def _open_file(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    if self.is_closed or not self._source:
        return _original_open_file(self, name, *args, **kwargs)
    offset, length = self.range(name)
    return MappedFile(memoryview(self._source)[offset : offset + length], name=name)


_original_open_file = compound.CompoundStorage.open_file
_original_create_file = filestore.FileStorage.create_file
_original_new_run = writing.PostingPool._new_run
_original_write_run = writing.PostingPool._write_run
_original_read_run = writing.PostingPool._read_run
_original_cleanup = writing.PostingPool.cleanup


class _MemoryRun(list):  # type: ignore[type-arg]
    """A sorted run kept in memory; stands for both the run's path and its file."""


def _new_run(self: Any) -> tuple[Any, Any]:
    # ``currentsize`` is the estimate of the run being saved; a commit that
    # merges small segments re-adds their postings, so the total is capped
    held = getattr(self, "_memory_held", 0) + self.currentsize
    if self.limit <= MEMORY_RUNS_UP_TO and held <= MEMORY_POOL_CAP:
        self._memory_held = held
        run = _MemoryRun()
        return run, run
    on_disk: tuple[Any, Any] = _original_new_run(self)
    return on_disk


def _write_run(self: Any, f: Any, items: Any) -> None:
    if isinstance(f, _MemoryRun):
        f.extend(items)
    else:
        _original_write_run(self, f, items)


def _read_run(self: Any, path: Any) -> Iterator[Any]:
    if isinstance(path, _MemoryRun):
        yield from path
        path.clear()
    else:
        yield from _original_read_run(self, path)


def _cleanup(self: Any) -> None:
    self.runs = [r for r in self.runs if not isinstance(r, _MemoryRun)]
    _original_cleanup(self)


def _create_file(self: Any, name: str, excl: bool = False, mode: str = "wb", **kw: Any) -> Any:
    if excl or self.readonly:
        return _original_create_file(self, name, excl, mode, **kw)
    fileobj = open(self._fpath(name), mode, buffering=RUN_BUFFER)  # noqa: SIM115
    return StructFile(fileobj, name=name, **kw)


def install() -> None:
    filestore.FileStorage.create_file = _create_file
    compound.CompoundStorage.open_file = _open_file
    writing.PostingPool._new_run = _new_run
    writing.PostingPool._write_run = _write_run
    writing.PostingPool._read_run = _read_run
    writing.PostingPool.cleanup = _cleanup
