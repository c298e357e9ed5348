"""On-disk layout of the index directory.

::

    <directory>/smkdesk-index.json   {"index_version": N, "generation": "gen-..."}
    <directory>/gen-.../             one complete Whoosh index

A rebuild writes a new ``gen-*`` folder and then atomically replaces the
sentinel, so readers (in this or another process) see either the old or the
new index, never a half-built one. Old generations are removed when unused.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

SENTINEL = "smkdesk-index.json"
GEN_PREFIX = "gen-"
WIP_SUFFIX = ".building"


@dataclass(frozen=True)
class Sentinel:
    index_version: int
    generation: str


class SentinelError(Exception):
    """The sentinel exists but cannot be understood."""


def read_sentinel(directory: Path) -> Sentinel | None:
    path = directory / SENTINEL
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SentinelError(f"cannot read {SENTINEL}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(raw)
        version = int(data["index_version"])
        generation = str(data["generation"])
    except (ValueError, KeyError, TypeError) as exc:
        raise SentinelError(f"{SENTINEL} is not valid") from exc
    if not generation.startswith(GEN_PREFIX) or "/" in generation or "\\" in generation:
        raise SentinelError(f"{SENTINEL} names no index folder")
    return Sentinel(version, generation)


def sentinel_stamp(directory: Path) -> tuple[int, int] | None:
    """Cheap change detector for the sentinel (mtime, size)."""
    try:
        st = (directory / SENTINEL).stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def write_sentinel(directory: Path, sentinel: Sentinel) -> None:
    tmp = directory / f"{SENTINEL}.{secrets.token_hex(4)}.tmp"
    data = {"index_version": sentinel.index_version, "generation": sentinel.generation}
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, directory / SENTINEL)


def new_generation(directory: Path) -> str:
    return f"{GEN_PREFIX}{int(time.time() * 1000):x}-{secrets.token_hex(3)}"


def remove_unused(directory: Path, keep: str | None) -> None:
    """Best effort: delete generations other than ``keep`` and stale temp
    files. Folders still open elsewhere (Windows) are left for next time."""
    try:
        entries = list(directory.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name == keep:
            continue
        if name.startswith(GEN_PREFIX) and entry.is_dir():
            if name.endswith(WIP_SUFFIX):
                continue  # possibly another process building: building.py decides
            shutil.rmtree(entry, ignore_errors=True)
        elif name.startswith(SENTINEL) and name.endswith(".tmp"):
            entry.unlink(missing_ok=True)


STAGING_PREFIX = ".staging-"  # segments being built by writer processes


def remove_stale_staging(generation: Path) -> None:
    """Best effort: delete segment-staging folders a killed writer process left
    in ``generation`` (anything not touched for hours)."""
    try:
        entries = [e for e in generation.iterdir() if e.name.startswith(STAGING_PREFIX)]
    except OSError:
        return
    for entry in entries:
        if entry.is_dir() and not _is_recent(entry):
            shutil.rmtree(entry, ignore_errors=True)


def _is_recent(path: Path, seconds: float = 6 * 3600) -> bool:
    try:
        return time.time() - path.stat().st_mtime < seconds
    except OSError:
        return False
