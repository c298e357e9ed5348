"""Open the sub-files of a memory-mapped Whoosh segment without copying them.

Whoosh 2.7 stores each segment as one compound file, memory-maps it, and opens
every sub-file (postings, term table, stored fields…) as a ``BufferFile``,
whose constructor does ``BytesIO(memoryview)``: a full copy of the sub-file,
made while holding the GIL. At 10,000 documents that copy takes 50-400 ms on
every searcher reopen, i.e. after every commit, and the GUI thread waits for
the GIL all that time (an import then stalls the window once per batch).

``install()`` replaces ``CompoundStorage.open_file`` with one that wraps the
mapped bytes in ``MappedFile``: the same ``BufferFile`` API over a memoryview,
whose sequential ``read`` copies only the bytes asked for. Installed once, when
``smkdesk.core.search`` is imported; pinned to whoosh-reloaded 2.7.x in
pyproject, and ``tests/core/test_search.py`` checks that no copy is made.
"""

from __future__ import annotations

import os
from typing import Any

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile


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


def install() -> None:
    compound.CompoundStorage.open_file = _open_file
