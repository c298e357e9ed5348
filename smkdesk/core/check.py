"""Consistency check of database, index and file store (``smkdesk check``).

Repairs never delete user data: unreferenced files are moved to
``orphans/`` in the library folder, not removed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from smkdesk.core.db import integrity_problems
from smkdesk.core.dto import CheckReport, Problem
from smkdesk.core.indexing import IndexSync
from smkdesk.core.models import Asset
from smkdesk.core.store import FileStore, sha256_file


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
            fix()
            repaired = True
        problems.append(Problem(area, message, repairable, repaired))

    for issue in integrity_problems(sync.db.engine):
        add("database", f"SQLite integrity check: {issue}", False)

    with sync.db.reader() as s:
        rows = s.execute(
            select(Asset.id, Asset.title, Asset.file_sha256, Asset.file_ext, Asset.file_size)
        ).all()
    db_ids = {int(r[0]) for r in rows}

    # -- index -------------------------------------------------------------------
    index = sync.index
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

    # -- files ---------------------------------------------------------------------
    expected: dict[Path, tuple[int, str, int | None, str]] = {}
    for aid, title, sha, ext, size in rows:
        if sha:
            expected[store.path_for(sha, ext or "")] = (int(aid), str(title), size, sha)
    for path, (aid, title, size, sha) in sorted(expected.items(), key=lambda kv: kv[1][0]):
        if not path.exists():
            add(
                "files",
                f"#{aid} '{title}': the stored file is missing; import the file again",
                False,
            )
        elif size is not None and path.stat().st_size != size:
            add("files", f"#{aid} '{title}': the stored file has the wrong size (damaged)", False)
        elif deep and sha256_file(path) != sha:
            add(
                "files",
                f"#{aid} '{title}': the stored file's checksum does not match (damaged)",
                False,
            )

    for path in store.all_files():
        if path in expected:
            continue
        if path.name.endswith(".part"):
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
                lambda p=path: _move_orphan(p, orphans_dir),
            )

    return CheckReport(
        problems=tuple(problems), assets=len(db_ids), indexed=len(indexed), files=len(expected)
    )


def _move_orphan(path: Path, orphans_dir: Path) -> None:
    orphans_dir.mkdir(parents=True, exist_ok=True)
    shutil.move(str(path), str(orphans_dir / path.name))
