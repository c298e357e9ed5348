"""The file store: imported files copied into the library, named by SHA-256.

``files/ab/abcdef….docx`` — content-addressed, so the same bytes are stored
once and the library folder stays self-contained and portable.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

CHUNK = 1024 * 1024


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str, ext: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}{ext.lower()}"

    def put(self, src: Path, sha256: str, ext: str) -> tuple[Path, bool]:
        """Copy ``src`` in atomically. Returns the stored path and whether it was new."""
        dst = self.path_for(sha256, ext)
        if dst.exists():
            return dst, False
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".{dst.name}.{os.getpid()}.part")
        try:
            with src.open("rb") as fin, tmp.open("wb") as fout:
                while chunk := fin.read(CHUNK):
                    fout.write(chunk)
                fout.flush()
                os.fsync(fout.fileno())
            tmp.replace(dst)
        finally:
            tmp.unlink(missing_ok=True)
        return dst, True

    def remove(self, sha256: str, ext: str) -> None:
        self.path_for(sha256, ext).unlink(missing_ok=True)

    def all_files(self) -> Iterator[Path]:
        if not self.root.exists():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir():
                yield from (p for p in sorted(sub.iterdir()) if p.is_file())

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()
