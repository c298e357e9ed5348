"""Half-built indexes: a rebuild in progress, or one that was killed?

A rebuild writes ``gen-X.building/`` and, for as long as it builds, holds a
file lock (:mod:`filelock`, the same package as the file store's lock) on
``gen-X.building.lock`` beside it: the lock is taken before the folder is made
and let go only after the folder has been renamed to ``gen-X`` (or deleted on
failure). The lock ends with the process, so a building folder whose lock
anybody can take was left by a rebuild that was killed (``kill -9``, a power
cut): ``check`` reports it, ``check --repair`` removes it, and opening the
index removes it once it is a few hours old. A building folder without a lock
file (written by an older smkdesk, or where the file system cannot lock)
counts as left over only once it has not changed for :data:`STALE_AFTER`
seconds.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from smkdesk.core.search.whoosh.storage import GEN_PREFIX, WIP_SUFFIX

LOCK_SUFFIX = ".lock"
#: A building folder nobody has touched for this long is stale in any case.
STALE_AFTER = 6 * 3600.0
#: How long a new build waits for a checker that is testing its lock.
CLAIM_WAIT = 10.0
#: What taking a lock raises where the file system cannot lock (filelock 3
#: raises NotImplementedError there) or the lock file cannot be made.
_CANNOT_LOCK = (OSError, NotImplementedError)


def lock_path(wip: Path) -> Path:
    return wip.with_name(wip.name + LOCK_SUFFIX)


@contextlib.contextmanager
def claim(wip: Path) -> Iterator[None]:
    """Hold ``wip``'s lock while the block builds, renames or deletes it.

    Where the lock cannot be had at all, the block runs without it (and
    without a lock file: the folder's age decides instead).
    """
    lock = FileLock(lock_path(wip), timeout=CLAIM_WAIT)
    try:
        lock.acquire()
        locked = True
    except (Timeout, *_CANNOT_LOCK):
        locked = False
        _unlink(lock_path(wip))  # an unlocked lock file would call the build abandoned
    try:
        yield
    finally:
        if locked:
            lock.release()
            _unlink(lock_path(wip))


def leftovers(directory: Path) -> list[Path]:
    """Building folders in ``directory`` that no live process is writing."""
    return [wip for wip in _listed(directory)[0] if _abandoned(wip)]


def remove(wip: Path) -> None:
    """Delete a left-over building folder and its lock file."""
    shutil.rmtree(wip, ignore_errors=True)
    _unlink(lock_path(wip))


def remove_stale(directory: Path) -> None:
    """Best effort: delete left-over building folders a few hours old, and
    lock files a killed rebuild left without a folder."""
    folders, locks = _listed(directory)
    for wip in folders:
        if not _recent(wip) and _abandoned(wip):
            remove(wip)
    for path in locks:
        wip = path.with_name(path.name[: -len(LOCK_SUFFIX)])
        if wip not in folders and not _recent(path) and _lock_state(path) == "free":
            _unlink(path)


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):  # Windows: a checker may have it open
        path.unlink(missing_ok=True)


def _listed(directory: Path) -> tuple[list[Path], list[Path]]:
    """The building folders and the building lock files in ``directory``."""
    try:
        entries = [e for e in directory.iterdir() if e.name.startswith(GEN_PREFIX)]
    except OSError:
        return [], []
    folders = sorted(e for e in entries if e.name.endswith(WIP_SUFFIX) and e.is_dir())
    locks = [e for e in entries if e.name.endswith(WIP_SUFFIX + LOCK_SUFFIX)]
    return folders, locks


def _abandoned(wip: Path) -> bool:
    state = _lock_state(lock_path(wip))
    if state == "held":
        return False
    if state == "free":
        return wip.is_dir()  # not renamed or removed by its builder meanwhile
    return not _recent(wip)  # no lock to ask: judge by age


def _lock_state(path: Path) -> str:
    """``held`` by a live process, ``free``, or ``unknown`` (no file, no locking)."""
    if not path.exists():
        return "unknown"  # and a test must not make one
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return "held"
    except _CANNOT_LOCK:
        return "unknown"
    lock.release()
    if sys.platform == "win32":  # its release deletes the file: the next look must agree
        with contextlib.suppress(OSError):
            path.open("a").close()
    return "free"


def _recent(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_mtime < STALE_AFTER
    except OSError:
        return True  # gone or unreadable: leave it alone
