"""Consistency check of database, index and file store (``smkdesk check``).

Repairs never delete user data: unreferenced files are moved to
``orphans/`` in the library folder, not removed.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Row, select

from smkdesk.core.catalogue.models import Asset
from smkdesk.core.catalogue.options import content_in_use
from smkdesk.core.search.sync import IndexSync
from smkdesk.core.search.whoosh import building
from smkdesk.core.store.db import Database, integrity_problems
from smkdesk.core.store.files import PART_GRACE_SECONDS, FileStore, sha256_file


def _names(ids: list[int], limit: int = 8) -> str:
    shown = ", ".join(f"#{i}" for i in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def run_check(
    sync: IndexSync, store: FileStore, orphans_dir: Path, repair: bool = False, deep: bool = False
) -> CheckReport:
    problems: list[Problem] = []

    def add(area: str, message: str, repairable: bool, fix: object = None) -> None:
        repaired = False
        if repair and repairable and callable(fix):
            repaired = fix() is not False  # a fix may find it cannot help after all
        problems.append(Problem(area, message, repairable, repaired))

    for issue in integrity_problems(sync.db.engine):
        issue = " ".join(issue.split())
        sync.db.mark_damaged(issue)  # changes stop until the file is repaired
        add("database", f"SQLite integrity check: {issue}", False)

    with sync.db.reader() as s:
        rows = s.execute(
            select(
                Asset.id,
                Asset.title,
                Asset.file_sha256,
                Asset.file_ext,
                Asset.file_size,
                Asset.file_name,
                Asset.source_path,
            )
        ).all()
    db_ids = {int(r[0]) for r in rows}

    # -- index -------------------------------------------------------------------
    index = sync.index
    for wip in building.leftovers(index.directory):  # a rebuild running now is not listed
        add(
            "index",
            f"a half-built search index left by an interrupted rebuild: {wip.name}",
            True,
            lambda w=wip: building.remove(w),
        )
    if index.needs_rebuild():
        add(
            "index",
            f"search index is {index.health.value}: {index.health_detail}",
            True,
            lambda: sync.rebuild(),
        )
        indexed = db_ids if repair else set()
    else:
        pending = sync.pending_count()
        if pending:
            add(
                "index",
                f"{pending} change(s) not yet written to the search index",
                True,
                sync.flush,
            )
        indexed = index.doc_ids()
        missing = sorted(db_ids - indexed)
        extra = sorted(indexed - db_ids)

        def mend() -> None:
            with sync.db.session() as s:
                sync.queue(s, missing + extra)
            sync.flush()

        if missing:
            add(
                "index",
                f"{len(missing)} asset(s) missing from the search index: {_names(missing)}",
                True,
                mend,
            )
        if extra:
            add(
                "index",
                f"{len(extra)} index entries for deleted assets: {_names(extra)}",
                True,
                mend,
            )
        if repair and (missing or extra):
            indexed = index.doc_ids()

    expected = _check_files(rows, sync.db, store, orphans_dir, deep, add)

    return CheckReport(
        problems=tuple(problems), assets=len(db_ids), indexed=len(indexed), files=len(expected)
    )


@dataclass(frozen=True)
class _StoredFile:
    asset_id: int
    title: str
    sha256: str
    ext: str
    size: int | None
    file_name: str
    source: Path | None


def _check_files(
    rows: Sequence[Row[Any]] | Sequence[tuple[Any, ...]],
    db: Database,
    store: FileStore,
    orphans_dir: Path,
    deep: bool,
    add: Callable[[str, str, bool, object], None],
) -> dict[Path, _StoredFile]:
    """Every asset's stored file is there and whole; nothing else is in the store."""
    expected: dict[Path, _StoredFile] = {}
    for row in rows:
        aid, title, sha, ext, size, name, source = tuple(row)
        if sha:
            where = Path(source) if source else None
            f = _StoredFile(int(aid), str(title), sha, ext or "", size, name or "", where)
            expected[store.path_for(sha, f.ext)] = f
    for path, f in sorted(expected.items(), key=lambda kv: kv[1].asset_id):
        if not path.exists():
            damage = "the stored file is missing"
        elif f.size is not None and path.stat().st_size != f.size:
            damage = "the stored file has the wrong size (damaged)"
        elif deep and sha256_file(path) != f.sha256:
            damage = "the stored file's checksum does not match (damaged)"
        else:
            continue
        source = f.source if f.source and f.source.is_file() else None
        advice = (
            f"import {f.file_name or 'the original file'} again to restore it "
            "(smkdesk import PATH, or drop it on the window)"
        )
        if source is not None:
            advice += f"; --repair copies it back from {source} if it is unchanged"
        add(
            "files",
            f"#{f.asset_id} '{f.title}': {damage}; {advice}",
            source is not None,
            (lambda f=f, source=source: _restore(store, f, source)) if source else None,
        )

    now = time.time()
    for path in store.all_files():
        if path in expected:
            continue
        if path.name.endswith(".part"):
            if now - path.stat().st_mtime < PART_GRACE_SECONDS:
                continue  # may be an import running right now in another process
            add(
                "files",
                f"unfinished copy left by an interrupted import: {path.name}",
                True,
                lambda p=path: p.unlink(missing_ok=True),
            )
        else:
            add(
                "files",
                f"file in the store that no asset uses: {store.relative(path)}",
                True,
                lambda p=path: _move_orphan(db, store, p, orphans_dir),
            )
    return expected


def _restore(store: FileStore, f: _StoredFile, source: Path) -> bool:
    """Copy the original back into the store, if it still has the same content."""
    staged, sha = store.stage(source)
    if sha != f.sha256:
        staged.unlink(missing_ok=True)
        return False
    with store.guard():
        store.publish(staged, f.sha256, f.ext, replace=True)
    return True


def _move_orphan(db: Database, store: FileStore, path: Path, orphans_dir: Path) -> bool:
    with store.guard():  # an import may have just committed an asset that uses it
        if content_in_use(db, path.name.split(".")[0]):
            return False
        orphans_dir.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), str(orphans_dir / path.name))
        return True


@dataclass(frozen=True)
class Problem:
    area: str  # database | index | files
    message: str
    repairable: bool
    repaired: bool = False


@dataclass(frozen=True)
class CheckReport:
    problems: tuple[Problem, ...]
    assets: int
    indexed: int
    files: int

    @property
    def ok(self) -> bool:
        return all(p.repaired for p in self.problems)
