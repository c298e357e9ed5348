"""Half-built indexes: a rebuild in progress, or one that was killed?

A rebuild writes ``gen-X.building/`` and, for as long as it builds, holds an
operating-system lock on ``gen-X.building.lock`` beside it: the lock is taken
before the folder is made and let go only after the folder has been renamed
to ``gen-X`` (or deleted on failure). The system drops the lock when the
process dies, so a building folder whose lock anybody can take was left by a
rebuild that was killed (``kill -9``, a power cut): ``check`` reports it,
``check --repair`` removes it, and opening the index removes it once it is a
few hours old. A building folder without a lock file (written by an older
smkdesk, or where the file system cannot lock) counts as left over only once
it has not changed for :data:`STALE_AFTER` seconds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from smkdesk.core.search.store import GEN_PREFIX, WIP_SUFFIX

LOCK_SUFFIX = ".lock"
#: A building folder nobody has touched for this long is stale in any case.
STALE_AFTER = 6 * 3600.0


def lock_path(wip: Path) -> Path:
    return wip.with_name(wip.name + LOCK_SUFFIX)


@contextlib.contextmanager
def claim(wip: Path) -> Iterator[None]:
    """Hold ``wip``'s lock while the block builds, renames or deletes it.

    Waits only for a checker that holds the lock for a moment to test it (the
    name is new, nobody else builds there). Where the lock cannot be had at
    all, the block runs without it and the folder's age decides instead.
    """
    path = lock_path(wip)
    try:
        fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        fd = None
    if fd is not None:
        try:
            _lock(fd)
        except OSError:  # an unlocked lock file would call the build abandoned
            os.close(fd)
            _unlink(path)
            fd = None
    try:
        yield
    finally:
        if fd is not None:
            with contextlib.suppress(OSError):
                _unlock(fd)
            os.close(fd)
            _unlink(path)


def leftovers(directory: Path) -> list[Path]:
    """Building folders in ``directory`` that no live process is writing."""
    return [wip for wip in _building(directory) if _abandoned(wip)]


def remove(wip: Path) -> None:
    """Delete a left-over building folder and its lock file."""
    shutil.rmtree(wip, ignore_errors=True)
    _unlink(lock_path(wip))


def remove_stale(directory: Path) -> None:
    """Best effort: delete left-over building folders a few hours old, and
    lock files a killed rebuild left without a folder."""
    for wip in leftovers(directory):
        if not _recent(wip):
            remove(wip)
    try:
        locks = [
            p
            for p in directory.iterdir()
            if p.name.startswith(GEN_PREFIX) and p.name.endswith(WIP_SUFFIX + LOCK_SUFFIX)
        ]
    except OSError:
        return
    for path in locks:
        wip = path.with_name(path.name[: -len(LOCK_SUFFIX)])
        if not wip.exists() and not _recent(path) and _lock_state(path) == "free":
            _unlink(path)


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):  # Windows: a checker may have it open
        path.unlink(missing_ok=True)


def _building(directory: Path) -> list[Path]:
    try:
        entries = list(directory.iterdir())
    except OSError:
        return []
    return sorted(
        e
        for e in entries
        if e.name.startswith(GEN_PREFIX) and e.name.endswith(WIP_SUFFIX) and e.is_dir()
    )


def _abandoned(wip: Path) -> bool:
    state = _lock_state(lock_path(wip))
    if state == "held":
        return False
    if state == "free":
        return wip.is_dir()  # not renamed or removed by its builder meanwhile
    return not _recent(wip)  # no lock to ask: judge by age


def _lock_state(path: Path) -> str:
    """``held`` by a live process, ``free``, or ``unknown`` (no file, no locking)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return "unknown"
    try:
        if not _try_lock(fd):
            return "held"
        _unlock(fd)
        return "free"
    except OSError:
        return "unknown"
    finally:
        os.close(fd)


def _recent(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_mtime < STALE_AFTER
    except OSError:
        return True  # gone or unreadable: leave it alone


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for up to 10 seconds

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except PermissionError:  # locked by another process
            return False
        return True

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # locked through another open file
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
