"""The file store: imported files copied into the library, named by SHA-256.

``files/ab/abcdef….docx`` — content-addressed, so the same bytes are stored
once and the library folder stays self-contained and portable.

Several processes may use one library at once (the app and the command
line, two windows). A stored file is shared by whoever refers to its
content, so the store never deletes a file on its own: a caller removes one
only inside :meth:`FileStore.guard`, after checking, under that lock, that
no committed asset refers to it. Publishing a file and committing the asset
that refers to it happen under the same lock, so the check cannot miss an
asset that is being committed.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock

CHUNK = 1024 * 1024
#: Beside ``files/``, so the store itself holds only stored files.
LOCK_NAME = ".files.lock"
#: An unfinished copy (``*.part``) younger than this may belong to an import
#: that is running right now in another process.
PART_GRACE_SECONDS = 3600


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = FileLock(root.parent / LOCK_NAME, poll_interval=0.005)

    def path_for(self, sha256: str, ext: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}{ext.lower()}"

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Hold the store's lock, across processes and threads.

        Hold it from publishing a file until the asset that refers to it is
        committed, and from checking that nothing refers to a file until it is
        removed. Never take it while a database transaction is open (the
        order is always: this lock, then the database).
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with self._lock:
            yield

    def stage(self, src: Path) -> tuple[Path, str]:
        """Copy ``src`` to a temporary file in the store (no lock needed).

        Returns the copy and the SHA-256 of the bytes copied, so a file that
        changed since it was hashed is noticed.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".{os.getpid()}-{time.monotonic_ns()}.part"
        h = hashlib.sha256()
        try:
            with src.open("rb") as fin, tmp.open("wb") as fout:
                while chunk := fin.read(CHUNK):
                    h.update(chunk)
                    fout.write(chunk)
                fout.flush()
                os.fsync(fout.fileno())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp, h.hexdigest()

    def publish(
        self, staged: Path, sha256: str, ext: str, replace: bool = False
    ) -> tuple[Path, bool]:
        """Move a staged copy to its place; call under :meth:`guard`.

        Returns the stored path and whether it was new (when a copy is
        already there, the staged one is dropped, unless ``replace`` asks to
        put it in place of a damaged one).
        """
        dst = self.path_for(sha256, ext)
        try:
            if dst.exists() and not replace:
                return dst, False
            dst.parent.mkdir(parents=True, exist_ok=True)
            staged.replace(dst)
            return dst, True
        finally:
            staged.unlink(missing_ok=True)

    def discard(self, sha256: str, ext: str, in_use: Callable[[], bool]) -> bool:
        """Delete a stored file unless ``in_use()``, asked under the lock.

        Returns whether the file was deleted.
        """
        with self.guard():
            if in_use():
                return False
            self.path_for(sha256, ext).unlink(missing_ok=True)
            return True

    def all_files(self) -> Iterator[Path]:
        """Stored files and unfinished copies (the lock file is not listed)."""
        if not self.root.exists():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir():
                yield from (p for p in sorted(sub.iterdir()) if p.is_file())
            elif sub.name.endswith(".part"):
                yield sub

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


#: Session folders of named copies: ``smkdesk-copies-<pid>-<random>`` in the temp folder.
COPIES_PREFIX = "smkdesk-copies-"


def readable_name(name: str, fallback: str) -> str:
    """A file name safe to create anywhere (no folders, no control characters)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    return name or fallback


class NamedCopies:
    """Read-only copies of stored files under their original names, for a viewer
    or an e-mail attachment (``files/a3/a382…c6.pdf`` means nothing to a buyer).

    One folder per app session, in the system's temporary folder; ``close``
    removes it, and ``sweep`` removes the folders of sessions that are gone.
    """

    def __init__(self, base: Path | None = None) -> None:
        import tempfile

        self.base = base if base is not None else Path(tempfile.gettempdir())
        self.base.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f"{COPIES_PREFIX}{os.getpid()}-", dir=self.base))

    def copy(self, src: Path, name: str, key: str) -> Path:
        """``src`` as ``<key>/<name>``, read-only; the copy made before is reused
        while it still has the same size (``key`` keeps two files of one name apart)."""
        folder = self.root / readable_name(key, "file")
        folder.mkdir(exist_ok=True)
        dst = folder / readable_name(name, src.name)
        size = src.stat().st_size
        if dst.exists() and dst.stat().st_size == size:
            return dst
        tmp = folder / f".{time.monotonic_ns()}.part"
        try:
            with src.open("rb") as fin, tmp.open("wb") as fout:
                while chunk := fin.read(CHUNK):
                    fout.write(chunk)
            tmp.chmod(0o444)
            if dst.exists():
                dst.chmod(0o644)  # Windows refuses to replace a read-only file
            tmp.replace(dst)
        finally:
            tmp.unlink(missing_ok=True)
        return dst

    def close(self) -> None:
        _remove_tree(self.root)

    @staticmethod
    def sweep(base: Path | None = None) -> int:
        """Remove the copy folders of sessions whose process has ended; how many."""
        import tempfile

        base = base if base is not None else Path(tempfile.gettempdir())
        removed = 0
        try:
            folders = [p for p in base.iterdir() if p.name.startswith(COPIES_PREFIX)]
        except OSError:
            return 0
        for folder in folders:
            pid = folder.name[len(COPIES_PREFIX) :].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                _remove_tree(folder)
                removed += 1
        return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists (another user's, or Windows' answer): leave it alone
    return True


def _remove_tree(folder: Path) -> None:
    import shutil
    import stat

    def writable_then_retry(func: Callable[..., object], path: str, _exc: object) -> None:
        os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
        func(path)

    if not folder.exists():
        return
    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=writable_then_retry)
    else:
        shutil.rmtree(folder, onerror=writable_then_retry)
